"""What a command is: declared once, beside its dialog, and read by the router, the help card
and the Teams manifest.

A dialog module lists its ``COMMANDS``: each says when it applies (a matcher over the turn),
what runs (the handler), where it ranks among the others (lower first), and how it is
advertised (``Help`` rows: the word a member types and one line in Danish and in English).
``dialogs.router`` gathers them; ``bot.teams.cards`` builds the help card from the ``Help``
rows and ``bot.teams.package`` the manifest's command menu from those marked ``menu``.
"""

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
    """One advertised way to use a command.

    Attributes:
        word: what the member types ("mine forslag"; "forslag …" or "referatmappe <link>" when text
            follows), or, when
            ``typed`` is False, what they do ("Send referatet som fil").
        da: one line in Danish, lower-case start ("viser dine forslag …").
        en: the same in English.
        example: a whole message that uses the word ("forslag Status på PTSD-arbejdet");
            required when the word takes text after it.
        secretary: only the committee's secretaries may use it.
        menu: one of the (at most ten) commands in Teams' command menu.
        typed: False for an act that is not a message, such as sending a file.
    """

    word: str
    da: str
    en: str
    example: str | None = None
    secretary: bool = False
    menu: bool = False
    typed: bool = True

    @property
    def title(self) -> str:
        """The word without what follows it ("…", "<link>"): what Teams' menu shows and inserts."""
        return self.word.split("…")[0].split("<")[0].strip()


@dataclass(frozen=True, slots=True)
class Command:
    """One row of the routing table: a stored dialog id, its rank, when it applies, what runs,
    and how it is advertised (no ``help`` for a card's buttons, which nobody types)."""

    dialog_id: str
    rank: int
    matcher: Matcher
    handler: Handler
    help: tuple[Help, ...] = ()
    button: bool = False  # reached by Action.Submit / Action.Execute data, not by text
