"""How many days before a meeting its proposals close: "forslagsfrist" shows it, a secretary changes it.

    forslagsfrist                     proposal cut-off
    forslagsfrist 7 dage              proposal cut-off 7 days

The committee is the linked one, else (for a change) the one committee the user is secretary of. A
proposal after the cut-off goes to the following meeting (bot/proposals/service.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.access import Action
from bot.proposals.model import ProposalError
from bot.words import format_days
from dialogs.commands import RANK_FIXED, Command, Help
from dialogs.propose_item import person
from dialogs.replies import Reply, TextReply
from dialogs.turn import Services, Turn, refusal

DIALOG_ID = "proposal_cutoff"

_RE = re.compile(
    r"^(?:forslagsfrist(?:en)?|frist(?:en)?\s+for\s+forslag|proposal\s+cut-?off)"
    r"(?:\s++(?:til\s+|to\s+)?(?P<days>\d{1,3})(?:\s*+(?:dage?|days?))?(?:\s++(?:før(?:\s+mødet)?|before(?:\s+the\s+meeting)?))?)?"
    r"\s*+[?!.]*$",
    re.IGNORECASE,
)

_DA = {
    "which": "Hvilket udvalg? Knyt samtalen til et udvalg (»tilknyt udvalg …«), så viser jeg dets forslagsfrist.",
    "which_change": (
        "Jeg ved ikke, hvilket udvalgs frist du vil ændre. Knyt samtalen til udvalget (»tilknyt udvalg …«), "
        "eller skriv det i en chat med mig, hvis du er sekretær for ét udvalg."
    ),
    "is": "Forslag til {committee} skal være indsendt senest {days} før mødet; senere forslag går til "
    "det følgende møde.",
    "set": "Forslagsfristen for {committee} er nu {days} før mødet. Forslag efter fristen går til det følgende møde.",
    "not_secretary": "Kun sekretariatet for {committee} kan ændre forslagsfristen.",
    "not_secretary_anywhere": "Beklager, kun et udvalgs sekretariat kan ændre forslagsfristen, og du er ikke "
    "sat op som sekretær for noget udvalg.",
}
_EN = {
    "which": "Which committee? Link this conversation to a committee (“link committee …”) and I will show its "
    "proposal cut-off.",
    "which_change": (
        "I don't know which committee's cut-off you want to change. Link this conversation to the committee "
        "(“link committee …”), or write it to me in a chat if you are the secretary of one committee."
    ),
    "is": "Proposals to {committee} must be in {days} before the meeting at the latest; later proposals go "
    "to the following meeting.",
    "set": "The proposal cut-off of {committee} is now {days} before the meeting. Proposals after it go to "
    "the following meeting.",
    "not_secretary": "Only the secretariat of {committee} can change the proposal cut-off.",
    "not_secretary_anywhere": "Sorry, only a committee's secretariat can change the proposal cut-off, and you "
    "are not set up as secretary of any committee.",
}


def match(turn: Turn) -> Mapping[str, Any] | None:
    found = _RE.match(turn.text.strip())
    if found is None:
        return None
    return {"days": int(found["days"]) if found["days"] else None}


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    t = _EN if turn.english else _DA
    try:
        if args["days"] is None:
            if not turn.committee or not (await services.decide(Action.ASK, turn, turn.committee)).allowed:
                return [TextReply(t["which"])]
            committee, days = await services.proposals.cutoff_days(turn.committee)
            return [TextReply(t["is"].format(committee=committee, days=format_days(days, turn.language)))]
        mine = await services.concerned(Action.PROPOSAL_CUTOFF, turn)
        if not mine:
            return [TextReply(t["not_secretary_anywhere"])]
        if len(mine) > 1:
            return [TextReply(t["which_change"])]
        decision = await services.decide(Action.PROPOSAL_CUTOFF, turn, mine[0])
        if not decision.allowed:
            return [TextReply(refusal(turn, decision, t["not_secretary"].format(committee=mine[0])))]
        committee = await services.proposals.set_cutoff_days(mine[0], args["days"], by=person(turn))
        return [TextReply(t["set"].format(committee=committee, days=format_days(args["days"], turn.language)))]
    except ProposalError as error:
        return [TextReply(error.message(turn.language))]


COMMANDS = (
    Command(
        DIALOG_ID, RANK_FIXED + 75, match, run,
        help=(
            Help("forslagsfrist", "viser, hvor mange dage før mødet forslag skal være inde",
                 "shows how many days before the meeting proposals must be in"),
            Help("forslagsfrist …", "for udvalgets sekretærer: ændrer fristen for forslag",
                 "for the committee's secretaries: changes the cut-off for proposals",
                 example="forslagsfrist 7 dage", secretary=True),
        ),
    ),
)  # fmt: skip  # a table kept compact
