"""A secretary points the bot at the committee's minutes folder and group calendar in Microsoft 365.

    referatmappe <link til mappen> [for <udvalg>]     minutes folder <link> [for <committee>]
    fjern referatmappe [for <udvalg>]                 remove minutes folder [for <committee>]
    kalendergruppe <gruppens objekt-id> [for <udvalg>]  calendar group <group id> [for <committee>]
    fjern kalendergruppe [for <udvalg>]               remove calendar group [for <committee>]
    synkronisering [<udvalg>]                         sync status [<committee>]

"referatmappe" or "kalendergruppe" alone shows the status too. The committee is the one named, else the
linked one, else the user's one committee (the status shows each of several). Only its secretaries may.
The folder and group are read at once, so a wrong link or missing permission is explained now; later
failures are stored by the sync and shown by the status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from bot.access import Action
from bot.clock import COMMITTEE_TZ
from bot.graph.errors import GraphError
from bot.graph.model import CalendarLink, FolderLink
from bot.words import format_date
from dialogs.commands import RANK_FIXED, Command, Help, tail
from dialogs.replies import Reply, TextReply
from dialogs.turn import Services, Turn
from storage.conversations_repository import UnknownCommittee

SET_FOLDER_DIALOG_ID = "graph_set_folder"
SET_GROUP_DIALOG_ID = "graph_set_group"
REMOVE_DIALOG_ID = "graph_remove"
STATUS_DIALOG_ID = "graph_status"

_FOLDER = r"(?:referatmappe(?:n)?|minutes\s+folder)"
_GROUP = r"(?:kalendergruppe(?:n)?|gruppekalender(?:en)?|calendar\s+group|group\s+calendar)"
# The command word ends at a space, "." or "!" (or the end); what follows is trimmed by ``tail``.
_REST = r"(?![^\s.!])(?P<rest>.*)$"
_FOLDER_RE = re.compile(rf"^{_FOLDER}{_REST}", re.IGNORECASE | re.DOTALL)
_GROUP_RE = re.compile(rf"^{_GROUP}{_REST}", re.IGNORECASE | re.DOTALL)
_REMOVE_RE = re.compile(
    rf"^(?:fjern|slet|stop|remove|delete)\s++(?:(?P<folder>{_FOLDER})|{_GROUP}){_REST}", re.IGNORECASE | re.DOTALL
)
_STATUS_RE = re.compile(
    rf"^(?:synkronisering(?:sstatus)?|sync(?:\s+status)?|graph\s+status){_REST}", re.IGNORECASE | re.DOTALL
)
# Teams may send a pasted link as <a href="…">…</a>: the first address is the link either way.
_URL_RE = re.compile(r"https://[^\s\"'<>]+", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^<>]*+>")  # a tag ends before the next "<": each "<" is scanned once
_GUID_RE = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
_FOR_RE = re.compile(r"^(?:(?:for|til|i|of|in)\s+)?(?:the\s+)?(?:udvalg(?:et)?\s+|committee\s+)?", re.IGNORECASE)

_DA = {
    "not_secretary_anywhere": (
        "Beklager, det er kun udvalgenes sekretærer, der kan vælge referatmappe og gruppekalender, og du er ikke "
        "sat op som sekretær for noget udvalg."
    ),
    "not_secretary": (
        "Beklager, det er kun sekretærerne for {committee}, der kan vælge dets referatmappe og gruppekalender."
    ),
    "which": "Du er sekretær for flere udvalg: {names}. Skriv udvalget til sidst, fx »{example} for {first}«.",
    "unknown": "Jeg kender ikke et udvalg, der hedder »{query}«. Dine udvalg: {names}.",
    "folder_set": (
        "Referatmappen for {committee} er nu »{folder}«. Ved hver synkronisering sender jeg nye og ændrede "
        "referater derfra (.pdf, .docx, .txt, .html) til udvalgets sekretærer til godkendelse i en personlig chat "
        "med mig; intet gemmes, før en sekretær trykker Godkend. Filer, der allerede ligger i mappen, sender jeg "
        "ikke; skal nogle af dem med, så send dem til mig som filer."
    ),
    "folder_failed": "Jeg kunne ikke bruge mappen som referatmappe for {committee}. {why}",
    "folder_removed": "Referatmappen for {committee} er fjernet; jeg henter ikke længere referater derfra. De "
    "referater, der allerede er gemt, bliver.",
    "no_folder_to_remove": "{committee} har ingen referatmappe.",
    "group_set": (
        "Møderne i {committee}s mødekalender hentes nu fra Microsoft 365-gruppens kalender ({group}): {added} nye, "
        "{updated} ændrede og {unchanged} uændrede møder. Jeg synkroniserer igen ved hver synkronisering."
    ),
    "group_failed": "Jeg kunne ikke læse gruppekalenderen for {committee}. {why}",
    "group_removed": (
        "Gruppekalenderen for {committee} er fjernet. Møderne, der allerede er i mødekalenderen, bliver."
    ),
    "no_group_to_remove": "{committee} har ingen gruppekalender.",
    "status": "Microsoft 365 for {committee}:",
    "folder": "• Referatmappe: »{name}«, {done}.",
    "folder_done": "sidst læst {when}",
    "folder_never": "ikke læst endnu",
    "no_folder": "• Ingen referatmappe. Skriv »referatmappe <link til mappen>« for at få nye referater derfra.",
    "group": "• Gruppekalender: {name}, {done}.",
    "group_done": "sidst synkroniseret {when}",
    "group_never": "ikke synkroniseret endnu",
    "no_group": "• Ingen gruppekalender. Skriv »kalendergruppe <gruppens objekt-id>« for at hente møderne derfra.",
    "error": "  Sidste forsøg gik galt: {error}",
    "at": "{day} kl. {time}",
    "example": "synkronisering",
}
_EN = {
    "not_secretary_anywhere": (
        "Sorry, only the committees' secretaries can choose a minutes folder and a group calendar, and you are not "
        "set up as secretary of any committee."
    ),
    "not_secretary": "Sorry, only the secretaries of {committee} can choose its minutes folder and group calendar.",
    "which": "You are secretary of several committees: {names}. Add the committee at the end, e.g. "
    "“{example} for {first}”.",
    "unknown": "I don't know a committee called “{query}”. Your committees: {names}.",
    "folder_set": (
        "The minutes folder of {committee} is now “{folder}”. At every sync I send new and changed minutes from it "
        "(.pdf, .docx, .txt, .html) to the committee's secretaries for review in a personal chat with me; nothing is "
        "stored until a secretary presses Approve. Files already in the folder are not sent; to add any of them, "
        "send them to me as files."
    ),
    "folder_failed": "I could not use the folder as the minutes folder of {committee}. {why}",
    "folder_removed": "The minutes folder of {committee} is removed; I no longer fetch minutes from it. Minutes "
    "already stored stay.",
    "no_folder_to_remove": "{committee} has no minutes folder.",
    "group_set": (
        "The meetings in the calendar of {committee} now come from the Microsoft 365 group's calendar ({group}): "
        "{added} new, {updated} changed and {unchanged} unchanged meetings. I sync it again at every sync."
    ),
    "group_failed": "I could not read the group calendar of {committee}. {why}",
    "group_removed": "The group calendar of {committee} is removed. Meetings already in the meeting calendar stay.",
    "no_group_to_remove": "{committee} has no group calendar.",
    "status": "Microsoft 365 for {committee}:",
    "folder": "• Minutes folder: “{name}”, {done}.",
    "folder_done": "last read {when}",
    "folder_never": "not read yet",
    "no_folder": "• No minutes folder. Write “minutes folder <link to the folder>” to get new minutes from one.",
    "group": "• Group calendar: {name}, {done}.",
    "group_done": "last synced {when}",
    "group_never": "not synced yet",
    "no_group": "• No group calendar. Write “calendar group <the group's object id>” to get its meetings.",
    "error": "  The last attempt failed (the reason, in Danish): {error}",
    "at": "{day} at {time}",
    "example": "sync status",
}


def match_set_folder(turn: Turn) -> Mapping[str, Any] | None:
    """ "referatmappe <link> [for <udvalg>]", "minutes folder <link>"; without a link it is the status."""
    return _command_with(_FOLDER_RE, _URL_RE, "url", turn)


def match_set_group(turn: Turn) -> Mapping[str, Any] | None:
    """ "kalendergruppe <gruppe-id> [for <udvalg>]", "calendar group <group id>"; without an id it is the status."""
    return _command_with(_GROUP_RE, _GUID_RE, "group_id", turn)


def match_remove(turn: Turn) -> Mapping[str, Any] | None:
    """ "fjern referatmappe", "fjern kalendergruppe", "remove minutes folder", each optionally with a committee."""
    found = _REMOVE_RE.match(turn.text.strip())
    if found is None:
        return None
    what = "folder" if found.group("folder") else "group"
    return {"what": what, "committee": _committee_words(tail(found.group("rest")))}


def match_status(turn: Turn) -> Mapping[str, Any] | None:
    """ "synkronisering", "sync status", and "referatmappe" or "kalendergruppe" without a link or id."""
    text = turn.text.strip()
    for pattern in (_STATUS_RE, _FOLDER_RE, _GROUP_RE):
        found = pattern.match(text)
        if found is not None:
            return {"committee": _committee_words(tail(found.group("rest")))}
    return None


async def set_folder(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Sync the committee's minutes from the folder the link points at (read once now)."""
    t = _EN if turn.english else _DA
    committees = await _committees(turn, args["committee"], services, t, example=f"referatmappe {args['url']}")
    if isinstance(committees, TextReply):
        return [committees]
    [committee] = committees
    try:
        # Only what is added or changed from now on: a folder of old minutes must not become a card per file.
        link = await services.folder_sync.set_folder(
            committee, args["url"], by=turn.user.aad_object_id, offer_existing=False
        )
    except GraphError as error:
        return [TextReply(t["folder_failed"].format(committee=committee, why=error.explain(turn.language)))]
    return [TextReply(t["folder_set"].format(committee=link.committee, folder=link.folder_name))]


async def set_group(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Fill the committee's meeting calendar from the group's calendar, at once and at every sync."""
    t = _EN if turn.english else _DA
    calendars = services.calendar_sync
    example = f"kalendergruppe {args['group_id']}"
    committees = await _committees(turn, args["committee"], services, t, example=example)
    if isinstance(committees, TextReply):
        return [committees]
    [committee] = committees
    try:
        link = await calendars.set_group(committee, args["group_id"], by=turn.user.aad_object_id)
        counts = await calendars.sync(link.committee)
    except GraphError as error:
        return [TextReply(t["group_failed"].format(committee=committee, why=error.explain(turn.language)))]
    assert counts is not None  # the group was just set
    text = t["group_set"].format(
        committee=link.committee, group=link.group_id, added=counts.added, updated=counts.updated,
        unchanged=counts.unchanged,
    )  # fmt: skip  # keyword arguments grouped by meaning
    return [TextReply(text)]


async def remove(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Stop syncing the committee's folder or group calendar (what was stored stays)."""
    t = _EN if turn.english else _DA
    kind = args["what"]
    example = "fjern referatmappe" if kind == "folder" else "fjern kalendergruppe"
    committees = await _committees(turn, args["committee"], services, t, example=example)
    if isinstance(committees, TextReply):
        return [committees]
    [committee] = committees
    if kind == "folder":
        removed = await services.folder_sync.remove_folder(committee)
    else:
        removed = await services.calendar_sync.remove_group(committee)
    key = f"{kind}_removed" if removed else f"no_{kind}_to_remove"
    return [TextReply(t[key].format(committee=committee))]


async def status(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The committee's folder and group calendar: what is set, when it was last read, and the last error."""
    t = _EN if turn.english else _DA
    committees = await _committees(turn, args["committee"], services, t, example=t["example"], several=True)
    if isinstance(committees, TextReply):
        return [committees]
    replies: list[Reply] = []
    for committee in committees:
        folder = await services.folder_sync.folder(committee)
        group = await services.calendar_sync.group(committee)
        replies.append(TextReply("\n".join(_status_lines(committee, folder, group, t, turn.language))))
    return replies


async def _committees(
    turn: Turn, named: str, services: Services, t: Mapping[str, str], *, example: str, several: bool = False
) -> list[str] | TextReply:
    """The committee(s) the command is for (see the module docstring; ``several``: each of the user's), or why not."""
    mine = await services.access.committees_of(turn.user)
    if not mine:
        await services.decide(Action.GRAPH_SYNC, turn, turn.committee)  # the refusal, audited once
        return TextReply(t["not_secretary_anywhere"])
    if named:
        try:
            wanted = [await services.committee_named(turn, named, own=True)]
        except UnknownCommittee:
            return TextReply(t["unknown"].format(query=named, names="; ".join(mine)))
    elif turn.committee:
        wanted = [turn.committee]
    elif len(mine) == 1 or several:
        wanted = mine
    else:
        return TextReply(t["which"].format(names="; ".join(mine), example=example, first=mine[0]))
    allowed = [c for c in wanted if (await services.decide(Action.GRAPH_SYNC, turn, c)).allowed]
    if not allowed:
        return TextReply(t["not_secretary"].format(committee=wanted[0]))
    return allowed


def _status_lines(
    committee: str, folder: FolderLink | None, group: CalendarLink | None, t: Mapping[str, str], language: str
) -> list[str]:
    return [
        t["status"].format(committee=committee),
        *_link_lines("folder", folder and (folder.folder_name, folder.last_polled_at, folder.last_error), t, language),
        *_link_lines("group", group and (group.group_id, group.last_synced_at, group.last_error), t, language),
    ]


def _link_lines(
    kind: str, link: tuple[str, dt.datetime | None, str | None] | None, t: Mapping[str, str], language: str
) -> list[str]:
    """A folder's or group calendar's line: what it is, when it was last read, and the last failure."""
    if link is None:
        return [t[f"no_{kind}"]]
    name, last, error = link
    done = t[f"{kind}_done"].format(when=_when(last, t, language)) if last else t[f"{kind}_never"]
    return [t[kind].format(name=name, done=done)] + ([t["error"].format(error=error)] if error else [])


def _when(instant: dt.datetime, t: Mapping[str, str], language: str) -> str:
    """A UTC instant as local Europe/Copenhagen date and time."""
    local = instant.astimezone(COMMITTEE_TZ)
    time = local.strftime("%H:%M" if language == "en" else "%H.%M")
    return t["at"].format(day=format_date(local.date(), language), time=time)


def _command_with(command: re.Pattern[str], token: re.Pattern[str], name: str, turn: Turn) -> dict[str, str] | None:
    """The command's link or id (``token``) as ``name``, and the committee named by the words around it."""
    found = command.match(turn.text.strip())
    rest = tail(found.group("rest")) if found else ""
    value = token.search(rest)
    if value is None:
        return None
    return {name: value.group(0), "committee": _committee_words(rest.replace(value.group(0), " "))}


def _committee_words(rest: str | None) -> str:
    """The committee a command names: what is left, without "for"/"til" and quotes or link markup."""
    words = " ".join(_TAG_RE.sub(" ", rest or "").split())
    return _FOR_RE.sub("", words).strip(" »«\"“”'.,:;-–")


COMMANDS = (
    Command(
        SET_FOLDER_DIALOG_ID, RANK_FIXED + 30, match_set_folder, set_folder,
        help=(Help("referatmappe <link>", "for udvalgets sekretærer: nye referater i en SharePoint- eller Teams-mappe "
                   "sendes til dig til godkendelse", "for the committee's secretaries: new minutes in a SharePoint "
                   "or Teams folder are sent to you for review",
                   example="referatmappe https://kommune.sharepoint.com/sites/udvalg/Referater", secretary=True),),
    ),
    Command(
        SET_GROUP_DIALOG_ID, RANK_FIXED + 31, match_set_group, set_group,
        help=(Help("kalendergruppe <gruppe-id>", "for udvalgets sekretærer: møderne hentes fra en Microsoft 365-gruppes "
                   "kalender", "for the committee's secretaries: meetings come from a Microsoft 365 group's calendar",
                   example="kalendergruppe 0f6e1f6c-3b7a-4a55-9c1e-2f4b8a1d9e01", secretary=True),),
    ),
    Command(
        REMOVE_DIALOG_ID, RANK_FIXED + 32, match_remove, remove,
        help=(Help("fjern referatmappe", "for udvalgets sekretærer: stopper referatmappen (»fjern kalendergruppe« "
                   "stopper gruppekalenderen)", "for the committee's secretaries: stops the minutes folder "
                   "(“fjern kalendergruppe” stops the group calendar)", secretary=True),),
    ),
    Command(
        STATUS_DIALOG_ID, RANK_FIXED + 33, match_status, status,
        help=(Help("synkronisering", "for udvalgets sekretærer: referatmappe og gruppekalender i Microsoft 365 – "
                   "status og seneste fejl", "for the committee's secretaries: minutes folder and group calendar "
                   "in Microsoft 365 – status and last error", secretary=True, menu=True),),
    ),
)  # fmt: skip  # a table kept compact
