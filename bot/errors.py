"""Errors of the service as a whole (not of one document or one turn), and the base of refusals a user reads."""

from bot.words import is_english


class ConfigurationError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""


class UserError(Exception):
    """A refusal or a mistake to show the user; ``da`` and ``en`` are ready-to-show messages."""

    def __init__(self, da: str, en: str):
        super().__init__(da)
        self.da = da
        self.en = en

    def message(self, language: str = "da") -> str:
        return self.en if is_english(language) else self.da
