"""The user looks at their own agenda proposals ("mine forslag", "my proposals") and withdraws one
(the card's button: {"action": "withdraw", "proposal_id": 12})."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.proposals.model import ProposalError
from dialogs.commands import RANK_BUTTON, RANK_FIXED, Command, Help, on_action
from dialogs.propose_item import person
from dialogs.replies import (
    ACTION_WITHDRAW,
    FIELD_PROPOSAL_ID,
    MyProposalsReply,
    Reply,
    TextReply,
)
from dialogs.turn import Services, Turn

DIALOG_ID = "my_proposals"
WITHDRAW_DIALOG_ID = "withdraw_proposal"

_TEXT_RE = re.compile(
    r"^(?:(?:vis\s+)?mine\s+(?:dagsordens)?forslag|(?:show\s+)?my\s+(?:agenda\s+)?proposals"
    r"|træk\s+(?:et\s+|mit\s+)?forslag\s+tilbage|withdraw\s+(?:a\s+|my\s+)?proposal)\s*[?!.]*$",
    re.IGNORECASE,
)

_DA = {
    "withdrawn": "Forslaget »{title}« er trukket tilbage.",
    "no_id": "Jeg kunne ikke læse, hvilket forslag knappen gælder. Skriv »mine forslag« og prøv igen.",
}
_EN = {
    "withdrawn": "The proposal “{title}” has been withdrawn.",
    "no_id": "I couldn't read which proposal the button is for. Type “my proposals” and try again.",
}


def match_text(turn: Turn) -> Mapping[str, Any] | None:
    """ "mine forslag", "vis mine forslag", "træk forslag tilbage", "my proposals"."""
    return {} if _TEXT_RE.match(turn.text) else None


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    mine = await services.proposals.mine(person(turn))
    return [MyProposalsReply(tuple(mine))]


async def withdraw(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Withdraw one of the user's pending proposals, then show the list again."""
    t = _EN if turn.english else _DA
    proposal_id = proposal_id_of(args["value"].get(FIELD_PROPOSAL_ID))
    if proposal_id is None:
        return [TextReply(t["no_id"])]
    try:
        proposal = await services.proposals.withdraw(proposal_id, by=person(turn))
    except ProposalError as error:
        return [TextReply(error.message(turn.language))]
    mine = await services.proposals.mine(person(turn))
    return [MyProposalsReply(tuple(mine), notice=t["withdrawn"].format(title=proposal.title))]


# Row ids are the database's INTEGER: PostgreSQL's is 32 bits, so a larger number names no row.
MAX_ROW_ID = 2**31 - 1


def proposal_id_of(raw: Any) -> int | None:
    """A row id from card data (a number, or ASCII digits as text); None when it is neither or out of range."""
    if isinstance(raw, str) and re.fullmatch(r"\s*[0-9]{1,10}\s*", raw):
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        return None
    return raw if 0 < raw <= MAX_ROW_ID else None


COMMANDS = (
    Command(WITHDRAW_DIALOG_ID, RANK_BUTTON, on_action(ACTION_WITHDRAW), withdraw, button=True),
    Command(
        DIALOG_ID, RANK_FIXED + 60, match_text, run,
        help=(Help("mine forslag", "viser dine forslag til dagsordenen, så du kan trække et tilbage",
                   "lists your agenda proposals so you can withdraw one", menu=True),),
    ),
)  # fmt: skip  # a table kept compact
