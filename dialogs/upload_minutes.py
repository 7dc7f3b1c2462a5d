"""A secretary sends minutes as a file; the bot shows how it read them and waits for "Godkend" or "Afvis".

Each attached file is read (nothing stored) and answered with a review card; its buttons, or "godkend
referat 7" / "afvis referat 7" where there are none, decide. Only approved minutes are stored.

Who may is the role table's (audited), asked before the service, which checks again; a file's committee is
known only once it is read, so there the service checks first and the dialog audits its outcome.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from bot.access import Action
from bot.uploads.model import UploadError
from bot.uploads.service import not_secretary_of, only_secretariat
from bot.words import format_date
from dialogs.commands import RANK_BUTTON, RANK_FILE, Command, Help, on_action
from dialogs.my_proposals import proposal_id_of
from dialogs.propose_item import person
from dialogs.replies import (
    ACTION_APPROVE_UPLOAD,
    ACTION_REJECT_UPLOAD,
    FIELD_COMMITTEE,
    FIELD_UPLOAD_ID,
    Reply,
    TextReply,
    UploadReviewReply,
)
from dialogs.turn import Services, Turn, refusal

logger = logging.getLogger(__name__)

DIALOG_ID = "upload_minutes"
DECIDE_DIALOG_ID = "decide_upload"

_TEXT_RE = re.compile(
    r"^(?P<verb>godkend|afvis|approve|reject)\s+(?:(?:det\s+)?(?:uploadede\s+)?referat|(?:the\s+)?minutes)"
    r"\s+(?:nr\.?\s*)?(?P<id>\d{1,18})\s*[.!]*$",
    re.IGNORECASE,
)
_VERBS = {"godkend": ACTION_APPROVE_UPLOAD, "approve": ACTION_APPROVE_UPLOAD}

_DA = {
    "again": "Den fil har jeg allerede fået, og den venter stadig på godkendelse.",
    "no_id": "Jeg kunne ikke læse, hvilket referat knappen gælder. Send filen igen.",
    "approved": "Referatet er gemt: {committee}, mødet {meeting}. Jeg bruger det nu til svar, mødekalenderen "
    "og påmindelser.",
    "replaced": "Referatet er gemt og erstatter den tidligere udgave fra mødet {meeting} i {committee}. Jeg "
    "bruger det nu til svar, mødekalenderen og påmindelser.",
    "unchanged": "Referatet fra mødet {meeting} i {committee} var allerede gemt med samme indhold; intet er ændret.",
    "rejected": "Referatet »{name}« er afvist og slettet. Intet af det er gemt.",
}
_EN = {
    "again": "I already have that file, and it is still awaiting review.",
    "no_id": "I couldn't read which minutes the button is for. Please send the file again.",
    "approved": "The minutes are stored: {committee}, meeting on {meeting}. I now use them for answers, the "
    "meeting calendar and reminders.",
    "replaced": "The minutes are stored and replace the earlier version from the meeting on {meeting} of "
    "{committee}. I now use them for answers, the meeting calendar and reminders.",
    "unchanged": "The minutes of the meeting on {meeting} of {committee} were already stored with the same "
    "content; nothing changed.",
    "rejected": "The minutes “{name}” are rejected and deleted. Nothing of them is stored.",
}


def match(turn: Turn) -> Mapping[str, Any] | None:
    """A message that carries files."""
    return {"files": turn.attachments} if turn.attachments else None


def match_text(turn: Turn) -> Mapping[str, Any] | None:
    """ "godkend referat 7", "afvis referat 7", "approve minutes 7": where a channel shows no buttons."""
    found = _TEXT_RE.match(turn.text)
    if found is None:
        return None
    action = _VERBS.get(found["verb"].lower(), ACTION_REJECT_UPLOAD)
    return {"action": action, "value": {"action": action, FIELD_UPLOAD_ID: found["id"]}}


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Take in each file for review; answer each with its review card or why it was not taken."""
    t = _EN if turn.english else _DA
    uploads = services.uploads
    mine = await services.access.committees_of(turn.user)
    if not mine:  # refused before anything is fetched
        decision = await services.decide(Action.UPLOAD_MINUTES, turn, turn.committee)
        return [TextReply(refusal(turn, decision, only_secretariat().message(turn.language)))]
    replies: list[Reply] = []
    files = args["files"]
    for index, file in enumerate(files):
        # One activity may carry several files; each needs its own key so a retry finds it again.
        activity = turn.activity_id or f"at-{turn.received_at.isoformat()}"
        try:
            received = await uploads.receive(
                file,
                uploader=person(turn),
                channel_id=turn.key.channel_id,
                conversation_id=turn.key.conversation_id,
                activity_id=activity if len(files) == 1 else f"{activity}#{index}",
                linked_committee=turn.committee,
            )
        except UploadError as error:
            logger.info("file %r from %s not taken: %s", file.name, turn.user.user_id, error.kind)
            if error.kind == "not_secretary" and error.committee:
                await services.decide(Action.UPLOAD_MINUTES, turn, error.committee)  # the service's refusal, audited
            message = TextReply(error.message(turn.language))
            if message not in replies:  # a refusal is said once, not once per file
                replies.append(message)
            continue
        choices: tuple[str, ...] = ()
        if received.upload.committee is None:
            choices = tuple(mine)
        elif received.created:
            await services.decide(Action.UPLOAD_MINUTES, turn, received.upload.committee)  # the act, audited
        notice = None if received.created else t["again"]
        replies.append(UploadReviewReply(received.upload, received.minutes, committees=choices, notice=notice))
    return replies


async def decide(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Approve (store the minutes) or reject (discard them); the card is replaced by the decision."""
    t = _EN if turn.english else _DA
    uploads = services.uploads
    value: Mapping[str, Any] = args["value"]
    upload_id = proposal_id_of(value.get(FIELD_UPLOAD_ID))
    if upload_id is None:
        return [TextReply(t["no_id"])]
    chosen = value.get(FIELD_COMMITTEE) if args["action"] == ACTION_APPROVE_UPLOAD else None
    chosen = (chosen.strip() or None) if isinstance(chosen, str) else None
    upload = await uploads.get(upload_id)
    if upload is not None:  # an unknown one is the service's to explain
        # Minutes naming no committee: the one chosen on the card; none chosen yet, any the user is secretary of.
        committee = upload.committee or chosen
        decision = await services.decide(Action.UPLOAD_MINUTES, turn, committee)
        if not decision.allowed:
            refused = not_secretary_of(committee) if committee else only_secretariat()
            return [TextReply(refusal(turn, decision, refused.message(turn.language)))]
    try:
        if args["action"] == ACTION_APPROVE_UPLOAD:
            approved = await uploads.approve(upload_id, by=person(turn), committee=chosen)
            result = approved.result
            meeting = format_date(result.minutes.meeting.date, turn.language)
            notice = t[result.status if result.status in ("replaced", "unchanged") else "approved"].format(
                committee=result.committee, meeting=meeting
            )
            return [UploadReviewReply(approved.upload, notice=notice)]
        rejected = await uploads.reject(upload_id, by=person(turn))
    except UploadError as error:
        return [TextReply(error.message(turn.language))]
    return [UploadReviewReply(rejected, notice=t["rejected"].format(name=rejected.file_name))]


COMMANDS = (
    Command(DECIDE_DIALOG_ID, RANK_BUTTON, on_action(ACTION_APPROVE_UPLOAD, ACTION_REJECT_UPLOAD), decide, button=True),
    Command(
        DIALOG_ID, RANK_FILE, match, run,
        help=(Help("Send referatet som fil", "i en chat med mig (eller del det i kanalen): jeg viser, hvordan jeg "
                   "har læst det, og gemmer det først, når du trykker Godkend",
                   "in a chat with me (or share it in the channel): I show how I read it and store it only when "
                   "you press Approve", secretary=True, typed=False),),
    ),
    Command(
        DECIDE_DIALOG_ID, RANK_FILE + 1, match_text, decide,
        help=(Help("godkend referat …", "godkender et referat, du har sendt, uden kortet (»afvis referat …« "
                   "kasserer det)", "approves minutes you sent, without the card (“afvis referat …” discards them)",
                   example="godkend referat 7", secretary=True),),
    ),
)  # fmt: skip  # a table kept compact
