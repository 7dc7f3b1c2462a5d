"""The user wants a whole agenda item: a card button ({"action": "show_item", …}) or "vis punkt 6.2 i <dokument>"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogs.commands import RANK_BUTTON, RANK_FIXED, Command, Help, tail
from dialogs.replies import ItemReply, Reply, TextReply
from dialogs.turn import Services, Turn

DIALOG_ID = "show_item"
ACTION = "show_item"  # the "action" value of a card button's data

_TEXT_RE = re.compile(
    r"^(?:vis|show)\s+(?:punkt|item)\s+(?P<number>\d+(?:\.\d+)*)\.?"
    r"(?:\s++(?:i|fra|from|in)\s++(?P<document>\S.*))?$",
    re.IGNORECASE,
)

_DA = {
    "not_found": "Jeg kan ikke finde punkt {number} i referatet {document}.",
    "which": (
        "Hvilket referat? Tryk »Vis hele punktet« under et svar, "
        "eller skriv »vis punkt {number} i« efterfulgt af referatets filnavn."
    ),
}
_EN = {
    "not_found": "I can't find item {number} in the minutes {document}.",
    "which": (
        "Which minutes? Press “Show the whole item” under an answer, "
        "or type “show item {number} in” followed by the minutes' file name."
    ),
}


def match_action(turn: Turn) -> Mapping[str, Any] | None:
    """A pressed button whose data is {"action": "show_item", "document": …, "item_number": …}."""
    value = turn.value
    if not value or value.get("action") != ACTION:
        return None
    document, number = value.get("document"), value.get("item_number")
    if not isinstance(document, str) or not isinstance(number, (str, int, float)):
        return None
    return {"document": document, "item_number": str(number)}


def match_text(turn: Turn) -> Mapping[str, Any] | None:
    """ "vis punkt 6.2", "vis punkt 6.2 i <dokument>", "show item 3 from <document>"."""
    found = _TEXT_RE.match(turn.text)
    if found is None:
        return None
    return {"document": tail(found.group("document")) or None, "item_number": found.group("number")}


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Show the item as written in the minutes, or say why not."""
    t = _EN if turn.english else _DA
    number, document = args["item_number"], args["document"]
    if not document:
        return [TextReply(t["which"].format(number=number))]
    found = await services.knowledge.item(document, number, within=await services.access.visible(turn.tenant))
    if found is None:
        return [TextReply(t["not_found"].format(number=number, document=document))]
    minutes, item = found
    return [ItemReply(item, minutes.meeting.committee, minutes.meeting.date)]


COMMANDS = (
    Command(DIALOG_ID, RANK_BUTTON, match_action, run, button=True),
    Command(
        DIALOG_ID, RANK_FIXED + 50, match_text, run,
        help=(Help("vis punkt …", "viser et helt punkt fra et referat", "shows a whole item of a set of minutes",
                   example="vis punkt 3"),),
    ),
)  # fmt: skip  # a table kept compact
