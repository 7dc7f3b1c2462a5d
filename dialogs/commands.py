"""What a command is: declared once in its dialog's ``COMMANDS``, read by ``dialogs.router``, the help card
(``bot.teams.cards``) and the manifest's command menu (``bot.teams.package``, the rows marked ``menu``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dialogs.replies import Reply
from dialogs.turn import Services, Turn

Matcher = Callable[[Turn], Mapping[str, Any] | None]
Handler = Callable[[Turn, Mapping[str, Any], Services], Awaitable[list[Reply]]]

# Patterns over what members write stay linear in its length (tests/dialogs/test_linear_patterns.py):
# a command's free text is taken whole with ``(?P<rest>.*)$`` and trimmed by ``tail``, never with a
# lazy ``.*?`` before optional trailing spaces and punctuation, which retries the tail at every
# character; separators before it are possessive (``\s++``).


def tail(text: str | None) -> str:
    """A command's free text without the spaces and closing "." or "!" around it."""
    return (text or "").strip().rstrip(".!").strip()


def on_action(*actions: str) -> Matcher:
    """Matches a card button whose data's "action" is one of ``actions``; the dialog gets the action and the data."""

    def match(turn: Turn) -> Mapping[str, Any] | None:
        value = turn.value
        return {"action": value["action"], "value": value} if value and value.get("action") in actions else None

    return match


# Ranks, lowest first: a pressed button carries data and usually no text, files come with any text,
# fixed phrases come before commands that take any text after their word, and questions come last.
RANK_BUTTON = 0
RANK_FILE = 100
RANK_FIXED = 200
RANK_FREE_TEXT = 800
RANK_QUESTION = 1000


@dataclass(frozen=True, slots=True)
class Help:
    """One advertised way to use a command."""

    word: str  # what the member types ("forslag …" when text follows), or does ("Send referatet som fil")
    da: str  # one line, lower-case start ("viser dine forslag …")
    en: str
    example: str | None = None  # a whole message using the word; required when text follows it
    secretary: bool = False  # only the committee's secretaries may use it
    menu: bool = False  # one of the (at most ten) commands in Teams' command menu
    typed: bool = True  # False for an act that is not a message, such as sending a file

    @property
    def title(self) -> str:
        """The word without what follows it ("…", "<link>"): what Teams' menu shows and inserts."""
        return self.word.split("…")[0].split("<")[0].strip()


@dataclass(frozen=True, slots=True)
class Command:
    """One row of the routing table: a stored dialog id, its rank (lower first), when it applies, what runs,
    and how it is advertised (no ``help`` for a card's buttons, which nobody types)."""

    dialog_id: str
    rank: int
    matcher: Matcher
    handler: Handler
    help: tuple[Help, ...] = ()
    button: bool = False  # reached by Action.Submit / Action.Execute data, not by text
