"""The user proposes an agenda item: "Forslag til dagsorden: <titel>", "Agenda proposal: <title>",
"forslag" alone for the form, or the form's button ({"action": "propose", "title": …, …}).

The proposal goes to the linked committee; without a link the user picks one in a personal chat and is told
how to link one elsewhere. The helpers at the bottom are shared by the other proposal dialogs.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

from bot.proposals.model import Person, ProposalDraft, ProposalError
from dialogs.commands import RANK_BUTTON, RANK_FREE_TEXT, Command, Help, on_action
from dialogs.replies import (
    ACTION_PROPOSE,
    FIELD_COMMITTEE,
    FIELD_DESCRIPTION,
    FIELD_MATERIAL_URL,
    FIELD_MEETING,
    FIELD_MINUTES,
    FIELD_PRESENTER,
    FIELD_TITLE,
    CommitteeChoiceReply,
    ProposalFormReply,
    ProposalReceiptReply,
    Reply,
    TextReply,
)
from dialogs.turn import Services, Turn

DIALOG_ID = "propose_item"
ACTION_DIALOG_ID = "propose_item_card"

# Longest alternatives first: "forslag til dagsorden: x" must not read as "forslag" + "til dagsorden: x".
_TEXT_RE = re.compile(
    r"^(?:forslag\s+til\s+(?:næste\s+)?dagsorden(?:en)?|dagsordensforslag|nyt\s+forslag|forslag"
    r"|foreslå(?:\s+(?:et\s+)?punkt)?|agenda\s+(?:item\s+)?proposal|new\s+proposal|propose(?:\s+(?:an\s+)?item)?)"
    r"(?:[\s:\-–]++|$)(?P<title>.*)$",
    re.IGNORECASE | re.DOTALL,
)

_DA = {
    "link_first": (
        "{where} er ikke knyttet til et udvalg, så jeg ved ikke, hvor forslaget skal hen. "
        "Skriv »tilknyt udvalg« efterfulgt af udvalgets navn, eller send forslaget til mig i en personlig chat."
    ),
    "no_committees": "Der er endnu ingen udvalg med referater, så der er intet udvalg at foreslå punkter til.",
    "unknown_committee": "Jeg kender ikke udvalget »{name}«. Vælg et af udvalgene på kortet.",
    "malformed": "Jeg kunne ikke læse formularen: {problem} Prøv at udfylde den igen.",
    "not_text": "feltet »{field}« skal være tekst.",
    "not_minutes": "»Tid« skal være et helt antal minutter, fx 20.",
    "not_date": "»Møde« skal være en af de viste mødedatoer.",
    "not_url": "»Link til materiale« skal være en webadresse, der begynder med https:// eller http://.",
    FIELD_TITLE: "Titel",
    FIELD_DESCRIPTION: "Beskrivelse",
    FIELD_PRESENTER: "Oplæg ved",
    FIELD_COMMITTEE: "Udvalg",
    "personal": "Denne chat",
    "groupChat": "Denne gruppechat",
    "channel": "Denne kanal",
}
_EN = {
    "link_first": (
        "{where} is not linked to a committee, so I don't know where the proposal should go. "
        "Type “link committee” followed by the committee's name, or send me the proposal in a personal chat."
    ),
    "no_committees": "No committee has minutes yet, so there is no committee to propose items to.",
    "unknown_committee": "I don't know the committee “{name}”. Choose one of the committees on the card.",
    "malformed": "I couldn't read the form: {problem} Please fill it in again.",
    "not_text": "the field “{field}” must be text.",
    "not_minutes": "“Time” must be a whole number of minutes, e.g. 20.",
    "not_date": "“Meeting” must be one of the meeting dates shown.",
    "not_url": "“Link to material” must be a web address starting with https:// or http://.",
    FIELD_TITLE: "Title",
    FIELD_DESCRIPTION: "Description",
    FIELD_PRESENTER: "Presented by",
    FIELD_COMMITTEE: "Committee",
    "personal": "This chat",
    "groupChat": "This group chat",
    "channel": "This channel",
}


class Malformed(Exception):
    """Card data that cannot be what our cards send; the message is ready to show (turn's language)."""


def texts(turn: Turn) -> Mapping[str, str]:
    """This module's words in the turn's language."""
    return _EN if turn.english else _DA


def match_text(turn: Turn) -> Mapping[str, Any] | None:
    """ "Forslag til dagsorden: <titel>", "forslag: <titel>", "foreslå punkt <titel>", "Agenda proposal: <title>",
    and the same words alone ("forslag", "nyt forslag", "propose") for the form."""
    found = _TEXT_RE.match(turn.text)
    if found is None:
        return None
    return {"title": found.group("title").strip().strip("»«\"“”'").strip()}


async def run_text(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Store a proposal written as text, or show the form when no title was given."""
    title: str = args["title"]
    committee = turn.committee
    if committee is None:
        return await _unlinked(turn, services, title)
    if not title:
        return [await form(services, committee)]
    return await _submit(turn, services, committee, ProposalDraft(title=title))


async def run_action(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Store the proposal the form (or the committee choice) sent."""
    t = texts(turn)
    value: Mapping[str, Any] = args["value"]
    try:
        draft = _draft_from(value, t)
        wanted = optional_text(value, FIELD_COMMITTEE, t)
    except Malformed as error:
        return [TextReply(t["malformed"].format(problem=str(error)))]
    # A linked conversation's committee wins: a card must not move a proposal to another committee.
    committee = turn.committee
    if committee is None:
        if wanted is None:
            return await _unlinked(turn, services, draft.title)
        if wanted not in await services.committees_seen(turn):
            return [TextReply(t["unknown_committee"].format(name=wanted))]
        committee = wanted
    return await _submit(turn, services, committee, draft)


async def _unlinked(turn: Turn, services: Services, title: str) -> list[Reply]:
    """No linked committee: in a personal chat the user chooses one; elsewhere they are told to link one."""
    t = texts(turn)
    if not is_personal(turn):
        return [TextReply(t["link_first"].format(where=where(turn, t)))]
    committees = tuple(await services.committees_seen(turn))
    if not committees:
        return [TextReply(t["no_committees"])]
    return [CommitteeChoiceReply(title, committees) if title else ProposalFormReply(None, committees=committees)]


async def form(services: Services, committee: str, *, title: str = "", notice: str | None = None) -> ProposalFormReply:
    """The form for ``committee``, with its upcoming meetings to choose from."""
    meetings = await services.proposals.upcoming_meetings(committee)
    return ProposalFormReply(committee, meetings=tuple(meetings), title=title, notice=notice)


async def _submit(turn: Turn, services: Services, committee: str, draft: ProposalDraft) -> list[Reply]:
    try:
        result = await services.proposals.submit(
            draft,
            committee=committee,
            submitter=person(turn),
            channel_id=turn.key.channel_id,
            conversation_id=turn.key.conversation_id,
            # Without an activity id (the console) no retry can be recognised: every turn is new.
            activity_id=turn.activity_id or f"local:{uuid.uuid4()}",
        )
    except ProposalError as error:
        return [TextReply(error.message(turn.language))]
    return [ProposalReceiptReply(result.proposal, result.rolled_over_from)]


def _draft_from(value: Mapping[str, Any], t: Mapping[str, str]) -> ProposalDraft:
    """The draft a form sent. Empty inputs count as not given; the service checks lengths and ranges."""
    return ProposalDraft(
        title=optional_text(value, FIELD_TITLE, t) or "",
        description=optional_text(value, FIELD_DESCRIPTION, t),
        presenter=optional_text(value, FIELD_PRESENTER, t),
        minutes_needed=_minutes(value.get(FIELD_MINUTES), t),
        material_url=_url(value.get(FIELD_MATERIAL_URL), t),
        meeting_date=optional_date(value.get(FIELD_MEETING), t),
    )


def _minutes(raw: Any, t: Mapping[str, str]) -> int | None:
    # Teams sends every input as a string; other clients may send a number.
    if blank(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*\d{1,4}(?:[.,]0+)?\s*", raw):
        raw = int(re.split(r"[.,]", raw.strip())[0])
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < 10_000:  # as many digits as text allows
        return raw
    raise Malformed(t["not_minutes"])


def _url(raw: Any, t: Mapping[str, str]) -> str | None:
    if blank(raw):
        return None
    # Only web links: a javascript: or file: link would be shown to the secretary as a link.
    if not isinstance(raw, str) or not re.match(r"^https?://[^\s/]+", raw.strip(), re.IGNORECASE):
        raise Malformed(t["not_url"])
    return raw.strip()


def person(turn: Turn) -> Person:
    """The acting user as the proposals domain knows people."""
    return Person(
        user_id=turn.user.user_id,
        aad_object_id=turn.user.aad_object_id,
        name=turn.user.name,
    )


def is_personal(turn: Turn) -> bool:
    """A one-to-one chat (Teams "personal"; the Emulator and console give no type)."""
    return turn.conversation_type in (None, "personal")


def where(turn: Turn, t: Mapping[str, str]) -> str:
    """ "Denne chat", "Denne kanal" … for the turn's conversation."""
    return t.get(turn.conversation_type or "personal", t["personal"])


def blank(raw: Any) -> bool:
    """An input left empty: absent, or only spaces."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def optional_text(value: Mapping[str, Any], field: str, t: Mapping[str, str]) -> str | None:
    """A text input, trimmed; None when blank; Malformed when it is not text (``t[field]`` names it)."""
    raw = value.get(field)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise Malformed(t["not_text"].format(field=t[field]))
    return raw.strip() or None


def optional_date(raw: Any, t: Mapping[str, str]) -> dt.date | None:
    """An ISO date from a meeting choice; None when blank; Malformed when it is not one."""
    if blank(raw):
        return None
    if not isinstance(raw, str):
        raise Malformed(t["not_date"])
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise Malformed(t["not_date"]) from None


COMMANDS = (
    Command(ACTION_DIALOG_ID, RANK_BUTTON, on_action(ACTION_PROPOSE), run_action, button=True),
    Command(
        DIALOG_ID, RANK_FREE_TEXT, match_text, run_text,
        help=(Help("forslag …", "foreslår et punkt til næste dagsorden (»forslag« alene åbner en formular)",
                   "proposes an item for the next agenda (“forslag” alone opens a form)",
                   example="forslag Status på PTSD-arbejdet", menu=True),),
    ),
)  # fmt: skip  # a table kept compact
