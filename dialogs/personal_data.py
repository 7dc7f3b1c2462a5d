"""A secretary or administrator exports or deletes what is stored about a person (GDPR: indsigt, sletning).

"persondata eksport <navn>" ("personal data export <name>") answers with a summary and the whole export
as a JSON file; "persondata slet <navn>" ("personal data delete <name>") says what would be deleted and
pseudonymised, and "persondata slet <navn> bekræft" ("… confirm") deletes. The person is given by display
name as Teams shows it, Entra object id or Teams user id.

Only in a one-to-one chat. Who may is the service's check (audited there). In a Teams personal chat the file is
offered for consent and made again once accepted (:func:`consented_file`), as the draft agenda's Word file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bot.people.model import PersonalDataError
from bot.people.service import Deletion
from bot.words import ENGLISH
from dialogs.commands import RANK_FIXED, Command, Help
from dialogs.propose_item import is_personal, person
from dialogs.replies import (
    FIELD_LANGUAGE,
    TEAMS_CHANNEL,
    FileOfferReply,
    FileReply,
    Reply,
    TextReply,
    offered_language,
    safe_file_name,
)
from dialogs.turn import Services, Turn

DIALOG_ID = "personal_data"
# The action of a file offer's context: stored in sent consent cards, so it must not change.
ACTION_EXPORT_PERSON = "export_person"
FIELD_PERSON = "person"
JSON_MEDIA_TYPE = "application/json"

_COMMAND_RE = re.compile(r"(?:persondata|personal data)(?= |$)", re.IGNORECASE)
_OPERATIONS = {
    "eksport": "export", "eksporter": "export", "udtræk": "export", "indsigt": "export", "export": "export",
    "slet": "delete", "sletning": "delete", "delete": "delete", "erase": "delete",
}  # fmt: skip  # a table kept compact
_CONFIRM = {"bekræft", "confirm"}

_DA = {
    "usage": (
        "Skriv »persondata eksport <navn>« for alt, hvad jeg har gemt om en person, eller »persondata slet "
        "<navn>« for at slette det. Navnet som i Teams, eller personens Entra-objekt-id."
    ),
    "personal_only": (
        "Persondata viser og sletter jeg kun i en personlig chat med mig, ikke i en kanal eller gruppechat."
    ),
    "summary": "Det har jeg gemt om {who}: {rows}.",
    "nothing_rows": "ingen rækker",
    "mentions": " Referaterne nævner navnet {n} steder; dem ændrer jeg ikke, for de er udvalgets historik.",
    "file": "Hele udtrækket som JSON-fil:",
    "offer": "Hele udtrækket som JSON-fil. Når du siger ja til filen herunder, lægger jeg den i din OneDrive:",
    "offer_description": "Persondata om {who}",
    "file_name": "Persondata {who} {date}.json",
    "preview": (
        "Sletter jeg {who}, sker dette: {changes}. Det, der skal blive stående i udvalgets historik (fx "
        "behandlede forslag), kommer til at hedde {pseudonym}. Skriv »persondata slet {query} bekræft« for at slette."
    ),
    "deleted": (
        "Slettet: {changes}. Det, der bliver stående, hedder nu {pseudonym}. Sletningen er noteret uden navnet."
    ),
    "change": "{table}: {deleted} slettes, {pseudonymised} pseudonymiseres",
    "done_change": "{table}: {deleted} slettet, {pseudonymised} pseudonymiseret",
    "nothing": "intet",
}
_EN = {
    "usage": (
        "Type “personal data export <name>” for everything I have stored about a person, or “personal data "
        "delete <name>” to delete it. The name as in Teams, or the person's Entra object id."
    ),
    "personal_only": "I only show and delete personal data in a personal chat with me, not in a channel or group chat.",
    "summary": "What I have stored about {who}: {rows}.",
    "nothing_rows": "no rows",
    "mentions": " The minutes mention the name in {n} places; I do not change those, they are the committee's record.",
    "file": "The whole export as a JSON file:",
    "offer": "The whole export as a JSON file. When you accept the file below, I'll save it to your OneDrive:",
    "offer_description": "Personal data about {who}",
    "file_name": "Personal data {who} {date}.json",
    "preview": (
        "Deleting {who} would do this: {changes}. What must stay in the committee's record (e.g. decided "
        "proposals) will be called {pseudonym}. Type “personal data delete {query} confirm” to delete."
    ),
    "deleted": "Deleted: {changes}. What stays is now called {pseudonym}. The deletion is recorded without the name.",
    "change": "{table}: {deleted} deleted, {pseudonymised} pseudonymised",
    "done_change": "{table}: {deleted} deleted, {pseudonymised} pseudonymised",
    "nothing": "nothing",
}
_TABLES_DA = {
    "proposals": "forslag", "proposal_events": "forslagshændelser", "reminder_subscriptions": "påmindelsesvalg",
    "conversation_users": "samtaledeltagelser", "conversations": "samtaler",
    "reminder_deliveries": "sendte påmindelser", "pending_minutes": "indsendte referater",
    "committee_secretaries": "sekretærroller", "committee_proposal_settings": "forslagsindstillinger",
    "reminder_rules": "påmindelsesregler", "calendar_meetings": "kalendermøder",
    "graph_folder_links": "referatmapper", "graph_calendar_links": "gruppekalendere",
    "committee_tenants": "udvalgs organisationer", "audit_events": "logposter",
}  # fmt: skip  # a table kept compact
_TABLES_EN = {
    "proposals": "proposals", "proposal_events": "proposal events", "reminder_subscriptions": "reminder choices",
    "conversation_users": "conversation memberships", "conversations": "conversations",
    "reminder_deliveries": "reminders sent", "pending_minutes": "minutes sent", "committee_secretaries": "secretary roles",
    "committee_proposal_settings": "proposal settings", "reminder_rules": "reminder rules",
    "calendar_meetings": "calendar meetings", "graph_folder_links": "minutes folders",
    "graph_calendar_links": "group calendars", "committee_tenants": "committees' organisations",
    "audit_events": "audit entries",
}  # fmt: skip  # a table kept compact


def match(turn: Turn) -> Mapping[str, Any] | None:
    """ "persondata eksport Mette Hansen", "persondata slet Mette Hansen bekræft", "personal data delete …"."""
    words = turn.text.split()  # no pattern over the rest of the text: linear in its length
    head = " ".join(words[:2])
    found = _COMMAND_RE.match(head)
    if found is None:
        return None
    rest = words[len(found.group(0).split()) :]
    operation = _OPERATIONS.get(rest[0].casefold()) if rest else None
    target = rest[1:]
    confirmed = bool(target) and target[-1].casefold() in _CONFIRM
    if confirmed:
        target = target[:-1]
    return {"operation": operation, "person": " ".join(target), "confirmed": confirmed}


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Export, preview or delete, for the person the text names."""
    t = _EN if turn.english else _DA
    query: str = args["person"]
    if args["operation"] is None or not query:
        return [TextReply(t["usage"])]
    if not is_personal(turn):
        return [TextReply(t["personal_only"])]
    by = person(turn)
    try:
        if args["operation"] == "export":
            export = await services.people.export(query, by=by)
            return [TextReply(_summary(export, turn.language)), *_file_replies(turn, export)]
        if not args["confirmed"]:
            preview = await services.people.preview(query, by=by)
            changes = _changes(preview, t, "change", turn.language)
            text = t["preview"].format(who=query, changes=changes, pseudonym=preview.pseudonym, query=query)
        else:
            done = await services.people.delete(query, by=by)
            text = t["deleted"].format(
                changes=_changes(done, t, "done_change", turn.language), pseudonym=done.pseudonym
            )
    except PersonalDataError as error:
        return [TextReply(error.message(turn.language))]
    return [TextReply(text)]


async def consented_file(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """The JSON file of an offer the user accepted, exported again (the check runs again too)."""
    value: Mapping[str, Any] = args["value"]
    query = value.get(FIELD_PERSON)
    language = offered_language(value, turn.language)
    if not isinstance(query, str) or not query.strip():
        return [TextReply((_EN if language == ENGLISH else _DA)["usage"])]
    try:
        export = await services.people.export(query, by=person(turn))
    except PersonalDataError as error:
        return [TextReply(error.message(language))]
    return [_file(export, language)]


def _who(export: Mapping[str, Any]) -> str:
    names = export["person"]["names"]
    return names[0] if names else export["person"]["query"]


def _summary(export: Mapping[str, Any], language: str) -> str:
    t, tables = (_EN, _TABLES_EN) if language == ENGLISH else (_DA, _TABLES_DA)
    rows = ", ".join(f"{len(found)} {tables.get(name, name)}" for name, found in export["tables"].items() if found)
    text = t["summary"].format(who=_who(export), rows=rows or t["nothing_rows"])
    if export["minutes_mentions"]:
        text += t["mentions"].format(n=len(export["minutes_mentions"]))
    return text


def _changes(deletion: Deletion, t: Mapping[str, str], key: str, language: str) -> str:
    tables = _TABLES_EN if language == ENGLISH else _TABLES_DA
    parts = [t[key].format(table=tables.get(name, name), **counts) for name, counts in deletion.counts.items()]
    return "; ".join(parts) or t["nothing"]


def _file_replies(turn: Turn, export: Mapping[str, Any]) -> list[Reply]:
    t = _EN if turn.english else _DA
    file = _file(export, turn.language)
    if turn.key.channel_id != TEAMS_CHANNEL:
        return [TextReply(t["file"]), file]
    context = {"action": ACTION_EXPORT_PERSON, FIELD_PERSON: export["person"]["query"], FIELD_LANGUAGE: turn.language}
    description = t["offer_description"].format(who=_who(export))
    return [TextReply(t["offer"]), FileOfferReply(file.name, len(file.data), description, context)]


def _file(export: Mapping[str, Any], language: str) -> FileReply:
    t = _EN if language == ENGLISH else _DA
    name = t["file_name"].format(who=_who(export), date=export["exported_at"][:10])
    data = json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")
    return FileReply(safe_file_name(name), JSON_MEDIA_TYPE, data, description=name)


COMMANDS = (
    Command(
        DIALOG_ID, RANK_FIXED + 80, match, run,
        help=(
            Help("persondata eksport …", "for sekretærer og administratorer: alt, hvad jeg har gemt om en person, "
                 "som JSON-fil (indsigt efter GDPR)",
                 "for secretaries and administrators: everything stored about a person, as a JSON file (GDPR access)",
                 example="persondata eksport Mette Hansen", secretary=True),
            Help("persondata slet …", "for sekretærer og administratorer: sletter alt om en person; det, udvalgets "
                 "historik skal beholde, får et pseudonym (»… bekræft« sletter)",
                 "for secretaries and administrators: deletes everything about a person; what the committee's "
                 "record keeps gets a pseudonym (“… confirm” deletes)",
                 example="persondata slet Mette Hansen", secretary=True),
        ),
    ),
)  # fmt: skip  # a table kept compact
