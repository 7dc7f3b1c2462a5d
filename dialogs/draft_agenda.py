"""A secretary asks for the draft agenda of the next meeting ("dagsordensudkast", "draft agenda")
and exports it ({"action": "export_agenda", "committee": …, "meeting_date": …, "format": "markdown" | "docx"}).

Markdown is sent everywhere. The Word file only in one-to-one chats: a bot cannot put a file into a Teams
channel or group chat without Graph permissions this bot does not ask for, so there it gets the Markdown
and a word on how to get the file. In a Teams personal chat the file is offered for consent (a message
holds about 28 KB) and :func:`consented_file` makes it again once accepted; the Emulator gets it inline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.access import Action
from bot.proposals.agenda import DraftAgenda
from bot.proposals.model import ProposalError
from bot.words import ENGLISH, format_date
from dialogs.commands import RANK_BUTTON, RANK_FIXED, Command, Help, on_action
from dialogs.propose_item import Malformed, blank, is_personal, optional_date, optional_text, texts
from dialogs.replies import (
    ACTION_DRAFT_AGENDA,
    ACTION_EXPORT_AGENDA,
    EXPORT_DOCX,
    EXPORT_MARKDOWN,
    FIELD_COMMITTEE,
    FIELD_FORMAT,
    FIELD_LANGUAGE,
    FIELD_MEETING,
    TEAMS_CHANNEL,
    DraftAgendaReply,
    FileOfferReply,
    FileReply,
    MarkdownReply,
    Reply,
    TextReply,
    offered_language,
    safe_file_name,
)
from dialogs.review_proposals import not_secretary
from dialogs.turn import Services, Turn, refusal

DIALOG_ID = "draft_agenda"
EXPORT_DIALOG_ID = "export_agenda"

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_TEXT_RE = re.compile(
    r"^(?:(?:vis\s+)?dagsordensudkast(?:et)?|(?:vis\s+)?udkast\s+til\s+(?:næste\s+)?dagsorden|(?:show\s+)?(?:the\s+)?draft\s+agenda)"
    r"\s*[?!.]*$",
    re.IGNORECASE,
)

_DA = {
    "markdown": "Dagsordensudkastet til mødet {meeting} som Markdown:",
    "docx": "Dagsordensudkastet til mødet {meeting} som Word-fil:",
    "docx_not_here": (
        "I en kanal eller gruppechat kan jeg ikke vedhæfte en Word-fil. Her er udkastet til mødet {meeting} "
        "som Markdown; skriv »dagsordensudkast« til mig i en personlig chat for at få Word-filen."
    ),
    "docx_offer": (
        "Dagsordensudkastet til mødet {meeting} som Word-fil. Når du siger ja til filen herunder, "
        "lægger jeg den i din OneDrive:"
    ),
    "offer_description": "Udkast til dagsorden for {committee}, mødet {meeting}",
    "file_name": "Dagsordensudkast {committee} {date}.docx",
    "bad_format": "Jeg kan kun eksportere som Markdown eller Word (.docx).",
    "no_committee": "Knappen mangler udvalget. Skriv »dagsordensudkast« og prøv igen.",
}
_EN = {
    "markdown": "The draft agenda for the meeting on {meeting} as Markdown:",
    "docx": "The draft agenda for the meeting on {meeting} as a Word file:",
    "docx_not_here": (
        "In a channel or group chat I can't attach a Word file. Here is the draft for the meeting on {meeting} "
        "as Markdown; type “draft agenda” to me in a personal chat to get the Word file."
    ),
    "docx_offer": (
        "The draft agenda for the meeting on {meeting} as a Word file. When you accept the file below, "
        "I'll save it to your OneDrive:"
    ),
    "offer_description": "Draft agenda for {committee}, meeting on {meeting}",
    "file_name": "Draft agenda {committee} {date}.docx",
    "bad_format": "I can only export as Markdown or Word (.docx).",
    "no_committee": "The button does not say which committee. Type “draft agenda” and try again.",
}


def match_text(turn: Turn) -> Mapping[str, Any] | None:
    """ "dagsordensudkast", "udkast til dagsorden", "draft agenda"."""
    return {} if _TEXT_RE.match(turn.text) else None


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The draft agenda of the next meeting of the linked committee, else of each the user is secretary of."""
    committees = await services.allowed(Action.DRAFT_AGENDA, turn)
    if not committees:
        return [TextReply(not_secretary(turn))]
    replies: list[Reply] = []
    for committee in committees:
        try:
            replies.append(DraftAgendaReply(await services.proposals.draft_agenda(committee)))
        except ProposalError as error:
            replies.append(TextReply(error.message(turn.language)))
    return replies


async def show(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The draft agenda a button asks for (a committee and meeting, or the user's committees)."""
    value: Mapping[str, Any] = args["value"]
    if blank(value.get(FIELD_COMMITTEE)) and blank(value.get(FIELD_MEETING)):
        return await run(turn, args, services)
    agenda = await _requested_agenda(turn, value, services)
    return [DraftAgendaReply(agenda)] if isinstance(agenda, DraftAgenda) else agenda


async def export(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The draft as Markdown, or as a .docx file where one can be sent (see the module docstring)."""
    t = _EN if turn.english else _DA
    value: Mapping[str, Any] = args["value"]
    wanted = value.get(FIELD_FORMAT)
    if wanted not in (EXPORT_MARKDOWN, EXPORT_DOCX):
        return [TextReply(t["bad_format"])]
    agenda = await _requested_agenda(turn, value, services)
    if not isinstance(agenda, DraftAgenda):
        return agenda
    when = format_date(agenda.meeting_date, turn.language)
    if wanted == EXPORT_MARKDOWN:
        return [
            TextReply(t["markdown"].format(meeting=when)),
            MarkdownReply(agenda.to_markdown(language=turn.language)),
        ]
    if not is_personal(turn):
        return [
            TextReply(t["docx_not_here"].format(meeting=when)),
            MarkdownReply(agenda.to_markdown(language=turn.language)),
        ]
    file = _file(agenda, agenda.to_docx(language=turn.language), turn.language)
    if turn.key.channel_id != TEAMS_CHANNEL:
        return [TextReply(t["docx"].format(meeting=when)), file]
    context = {
        "action": ACTION_EXPORT_AGENDA,
        FIELD_COMMITTEE: agenda.committee,
        FIELD_MEETING: agenda.meeting_date.isoformat(),
        FIELD_FORMAT: EXPORT_DOCX,
        FIELD_LANGUAGE: turn.language,
    }
    description = t["offer_description"].format(committee=agenda.committee, meeting=when)
    return [
        TextReply(t["docx_offer"].format(meeting=when)),
        FileOfferReply(file.name, len(file.data), description, context),
    ]


async def consented_file(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The Word file of an accepted offer, made again from its context; the role table is asked again (the draft
    or the user's role may have changed, and someone else may replay the offer)."""
    value: Mapping[str, Any] = args["value"]
    agenda = await _requested_agenda(turn, value, services)
    if not isinstance(agenda, DraftAgenda):
        return agenda
    language = offered_language(value, turn.language)
    return [_file(agenda, agenda.to_docx(language=language), language)]


async def _requested_agenda(turn: Turn, value: Mapping[str, Any], services: Services) -> DraftAgenda | list[Reply]:
    """The draft of the committee and meeting ``value`` names, if the user is its secretary; else why not."""
    t = _EN if turn.english else _DA
    try:
        committee = optional_text(value, FIELD_COMMITTEE, texts(turn))
        meeting = optional_date(value.get(FIELD_MEETING), texts(turn))
    except Malformed as error:
        return [TextReply(texts(turn)["malformed"].format(problem=str(error)))]
    if committee is None:
        return [TextReply(t["no_committee"])]
    decision = await services.decide(Action.DRAFT_AGENDA, turn, committee)
    if not decision.allowed:
        return [TextReply(refusal(turn, decision, not_secretary(turn)))]
    try:
        return await services.proposals.draft_agenda(committee, meeting)
    except ProposalError as error:
        return [TextReply(error.message(turn.language))]


def _file_name(agenda: DraftAgenda, language: str) -> str:
    t = _EN if language == ENGLISH else _DA
    return t["file_name"].format(committee=agenda.committee, date=agenda.meeting_date.isoformat())


def _file(agenda: DraftAgenda, data: bytes, language: str) -> FileReply:
    name = _file_name(agenda, language)
    return FileReply(safe_file_name(name), DOCX_MEDIA_TYPE, data, description=name)


COMMANDS = (
    Command(DIALOG_ID, RANK_BUTTON, on_action(ACTION_DRAFT_AGENDA), show, button=True),
    Command(EXPORT_DIALOG_ID, RANK_BUTTON, on_action(ACTION_EXPORT_AGENDA), export, button=True),
    Command(
        DIALOG_ID, RANK_FIXED + 62, match_text, run,
        help=(Help("dagsordensudkast", "for udvalgets sekretærer: udkast til næste dagsorden som Markdown eller Word-fil",
                   "for the committee's secretaries: draft of the next agenda as Markdown or a Word file",
                   secretary=True, menu=True),),
    ),
)  # fmt: skip  # a table kept compact
