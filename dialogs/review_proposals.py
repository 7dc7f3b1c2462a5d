"""A committee's secretary reviews agenda proposals: "forslag til behandling" / "pending proposals"
lists them; the card's buttons accept, reject (with a reason) or move one to another meeting
({"action": "accept" | "reject" | "move", "proposal_id": 12, "reason": …, "meeting_date": …}).

Only the committee's secretaries (and admins) may decide: the role table (audited) first, the service again.
The submitter is told proactively; a notice that cannot be sent is logged, the decision stands.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from typing import Any

from bot.access import Action
from bot.proposals.model import Proposal, ProposalError
from bot.words import format_date
from dialogs.commands import RANK_BUTTON, RANK_FIXED, Command, Help, on_action
from dialogs.my_proposals import proposal_id_of
from dialogs.propose_item import (
    Malformed,
    optional_date,
    person,
    texts,
)
from dialogs.replies import (
    ACTION_ACCEPT,
    ACTION_MOVE,
    ACTION_REJECT,
    FIELD_MEETING,
    FIELD_PROPOSAL_ID,
    FIELD_REASON,
    Reply,
    ReviewReply,
    TextReply,
    per_proposal,
)
from dialogs.turn import Services, Turn, refusal

logger = logging.getLogger(__name__)

DIALOG_ID = "review_proposals"
DECIDE_DIALOG_ID = "decide_proposal"

_TEXT_RE = re.compile(
    r"^(?:(?:vis\s+)?forslag\s+til\s+behandling|behandl\s+forslag|ventende\s+forslag"
    r"|(?:show\s+)?pending\s+proposals|review\s+proposals)\s*[?!.]*$",
    re.IGNORECASE,
)

_DA = {
    "not_secretary": (
        "Beklager, kun udvalgets sekretærer kan behandle forslag til dagsordenen. "
        "Skriv »mine forslag« for at se dine egne forslag."
    ),
    "not_secretary_anywhere": (
        "Beklager, du er ikke sat op som sekretær for noget udvalg, så du kan ikke behandle forslag. "
        "Skriv »mine forslag« for at se dine egne forslag."
    ),
    "not_secretary_of": (
        "Beklager, det er kun sekretariatet for {committee}, der kan godkende, afvise eller flytte forslag. "
        "Skriv til sekretariatet, hvis noget skal ændres."
    ),
    "no_id": "Jeg kunne ikke læse, hvilket forslag knappen gælder. Skriv »forslag til behandling« og prøv igen.",
    "no_reason": "Skriv en begrundelse for afvisningen; forslagsstilleren får den at se.",
    "no_meeting": "Vælg det møde, forslaget skal flyttes til.",
    "accepted": "»{title}« er godkendt til mødet {meeting}.",
    "rejected": "»{title}« er afvist.",
    "moved": "»{title}« er flyttet til mødet {meeting}.",
    "told": "Forslagsstilleren har fået besked.",
    "not_told": "Forslagsstilleren kunne ikke få besked automatisk; giv vedkommende besked selv.",
}
_EN = {
    "not_secretary": (
        "Sorry, only the committee's secretaries can review agenda proposals. "
        "Type “my proposals” to see your own proposals."
    ),
    "not_secretary_anywhere": (
        "Sorry, you are not set up as secretary of any committee, so you cannot review proposals. "
        "Type “my proposals” to see your own proposals."
    ),
    "not_secretary_of": (
        "Sorry, only the secretariat of {committee} can accept, reject or move proposals. "
        "Please contact the secretariat if something should change."
    ),
    "no_id": "I couldn't read which proposal the button is for. Type “pending proposals” and try again.",
    "no_reason": "Type a reason for the rejection; the proposer will see it.",
    "no_meeting": "Choose the meeting to move the proposal to.",
    "accepted": "“{title}” is accepted for the meeting on {meeting}.",
    "rejected": "“{title}” is rejected.",
    "moved": "“{title}” is moved to the meeting on {meeting}.",
    "told": "The proposer has been told.",
    "not_told": "The proposer could not be told automatically; please tell them yourself.",
}


def match_text(turn: Turn) -> Mapping[str, Any] | None:
    """ "forslag til behandling", "behandl forslag", "pending proposals"."""
    return {} if _TEXT_RE.match(turn.text) else None


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The pending proposals of each committee the user is secretary of (the linked one in a linked conversation)."""
    committees = await services.allowed(Action.REVIEW, turn)
    if not committees:
        return [TextReply(not_secretary(turn))]
    return [await review(services, committee) for committee in committees]


async def decide(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Accept, reject or move one proposal, tell the submitter, and show the committee's list again."""
    t = _EN if turn.english else _DA
    proposals = services.proposals
    value: Mapping[str, Any] = args["value"]
    proposal_id = proposal_id_of(value.get(FIELD_PROPOSAL_ID))
    if proposal_id is None:
        return [TextReply(t["no_id"])]
    proposal = await proposals.get(proposal_id)
    if proposal is not None:  # an unknown one is the service's to explain
        decision = await services.decide(Action.REVIEW, turn, proposal.committee)
        if not decision.allowed:
            return [TextReply(refusal(turn, decision, t["not_secretary_of"].format(committee=proposal.committee)))]
    by = person(turn)
    moved_from: dt.date | None = None
    try:
        if args["action"] == ACTION_ACCEPT:
            decided = await proposals.accept(proposal_id, by=by)
        elif args["action"] == ACTION_REJECT:
            reason = _field(value, FIELD_REASON, proposal_id)
            if not isinstance(reason, str) or not reason.strip():
                return [TextReply(t["no_reason"])]
            decided = await proposals.reject(proposal_id, by=by, reason=reason.strip())
        else:
            try:
                target = optional_date(_field(value, FIELD_MEETING, proposal_id), texts(turn))
            except Malformed as error:
                return [TextReply(str(error)[0].upper() + str(error)[1:])]
            if target is None:
                return [TextReply(t["no_meeting"])]
            decided = await proposals.move(proposal_id, by=by, meeting_date=target)
            moved_from = proposal.meeting_date if proposal is not None else None
    except ProposalError as error:
        return [TextReply(error.message(turn.language))]
    told = await _tell_submitter(services, decided, moved_from)
    notice = _decision_notice(args["action"], decided, t, turn.language) + " " + (t["told"] if told else t["not_told"])
    return [await review(services, decided.committee, notice=notice)]


async def review(services: Services, committee: str, *, notice: str | None = None) -> ReviewReply:
    """The committee's pending proposals and the meetings they can be moved to."""
    pending = await services.proposals.pending(committee)
    meetings = await services.proposals.upcoming_meetings(committee)
    return ReviewReply(committee, tuple(pending), tuple(meetings), notice=notice)


def not_secretary(turn: Turn) -> str:
    """The polite refusal for someone who is not a secretary here (of the linked committee, else of any)."""
    t = _EN if turn.english else _DA
    return t["not_secretary"] if turn.committee else t["not_secretary_anywhere"]


def _field(value: Mapping[str, Any], field: str, proposal_id: int) -> Any:
    # A review card names its inputs per proposal ("reason-12"); a single-proposal card may not.
    found = value.get(per_proposal(field, proposal_id))
    return found if found is not None else value.get(field)


def _decision_notice(action: str, proposal: Proposal, t: Mapping[str, str], language: str) -> str:
    meeting = format_date(proposal.meeting_date, "en" if language == "en" else "da")
    key = {ACTION_ACCEPT: "accepted", ACTION_REJECT: "rejected", ACTION_MOVE: "moved"}[action]
    return t[key].format(title=proposal.title, meeting=meeting)


async def _tell_submitter(services: Services, proposal: Proposal, moved_from: dt.date | None) -> bool:
    try:
        return await services.notifier.decision(proposal, moved_from=moved_from)
    except Exception:  # the decision is stored; a failed notice must not undo or hide it
        logger.exception("could not notify the submitter of proposal %s", proposal.id)
        return False


COMMANDS = (
    Command(DECIDE_DIALOG_ID, RANK_BUTTON, on_action(ACTION_ACCEPT, ACTION_REJECT, ACTION_MOVE), decide, button=True),
    Command(
        DIALOG_ID, RANK_FIXED + 61, match_text, run,
        help=(Help("forslag til behandling", "for udvalgets sekretærer: godkend, afvis eller flyt indkomne forslag",
                   "for the committee's secretaries: accept, reject or move incoming proposals",
                   secretary=True, menu=True),),
    ),
)  # fmt: skip  # a table kept compact
