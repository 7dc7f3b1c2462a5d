"""The user links the conversation to a committee ("tilknyt udvalg Fokusgruppen"), or unlinks it.

A linked conversation's questions search that committee's minutes first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.access import OTHER_TENANT, Action
from dialogs.commands import RANK_FIXED, Command, Help, tail
from dialogs.propose_item import texts, where
from dialogs.replies import Reply, TextReply
from dialogs.turn import Services, Turn
from storage.conversations_repository import UnknownCommittee, match_committee

DIALOG_ID = "link_committee"
UNLINK_DIALOG_ID = "unlink_committee"

_LINK_RE = re.compile(
    r"^(?:tilknyt|knyt)\b(?:\s++(?:til\s++)?(?:udvalg(?:et)?|gruppe(?:n)?)\b)?[\s:\-–]*+(?P<name>.*)$"
    r"|^link(?:\s++to)?\s++(?:committee|group)\b[\s:\-–]*+(?P<name_en>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_UNLINK_RE = re.compile(
    r"^(?:fjern\s+(?:tilknytning(?:en)?|udvalg(?:et)?)|afkobl(?:\s+udvalg(?:et)?)?|unlink(?:\s+(?:committee|group))?)\s*[.!]*$",
    re.IGNORECASE,
)

_DA = {
    "linked": "{where} er nu knyttet til {name}. Spørgsmål her søger først i gruppens referater.",
    "name_needed": "Skriv gruppens navn efter »tilknyt udvalg«, fx »tilknyt udvalg {example}«.",
    "known": "Kendte grupper: {names}.",
    "none_known": "Der er endnu ingen referater gemt, så der er ingen grupper at knytte til.",
    "unlinked": "{where} er ikke længere knyttet til {name}.",
    "not_linked": "{where} er ikke knyttet til nogen gruppe.",
    "not_secretary": (
        "Kun sekretariatet for {name} eller en administrator kan knytte en chat eller kanal til gruppen eller "
        "fjerne tilknytningen. Spørg sekretariatet, om de vil gøre det."
    ),
}
_EN = {
    "linked": "{where} is now linked to {name}. Questions here search its minutes first.",
    "name_needed": "Type the committee's name after “link committee”, e.g. “link committee {example}”.",
    "known": "Known committees: {names}.",
    "none_known": "No minutes are stored yet, so there is no committee to link to.",
    "unlinked": "{where} is no longer linked to {name}.",
    "not_linked": "{where} is not linked to any committee.",
    "not_secretary": (
        "Only the secretariat of {name} or an administrator can link a chat or channel to the committee or "
        "remove the link. Ask the secretariat to do it."
    ),
    "ambiguous": "“{query}” matches several committees: {names}. Type more of the name.",
    "unknown": "I don't know a committee called “{query}”.",
}


def match_link(turn: Turn) -> Mapping[str, Any] | None:
    """ "tilknyt udvalg <navn>", "tilknyt <navn>", "link committee <name>"."""
    found = _LINK_RE.match(turn.text)
    if found is None:
        return None
    return {"committee": tail(found.group("name") or found.group("name_en")).strip(" »«\"“”'")}


def match_unlink(turn: Turn) -> Mapping[str, Any] | None:
    """ "fjern tilknytning", "fjern udvalg", "unlink committee"."""
    return {} if _UNLINK_RE.match(turn.text) else None


async def link(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Link the conversation to the named committee, or say which names are known."""
    t = _EN if turn.english else _DA
    try:
        # An empty name matches no committee: the error then lists every one the tenant sees.
        name = await services.committee_named(turn, args["committee"], own=True)
    except UnknownCommittee as error:
        await _audit_unseen(turn, args["committee"], services)
        return [TextReply(_unknown_text(error, t, turn.english))]
    if not (await services.decide(Action.LINK, turn, name)).allowed:
        return [TextReply(t["not_secretary"].format(name=name))]
    try:
        await services.access.claim(name, turn.tenant, by=turn.user.aad_object_id or turn.user.user_id)
        name = await services.conversations.link(turn.key, name, turn.user)
    except UnknownCommittee as error:  # a configured secretary's committee with no minutes stored yet
        return [TextReply(_unknown_text(error, t, turn.english))]
    return [TextReply(t["linked"].format(where=where(turn, texts(turn)), name=name))]


async def unlink(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    t = _EN if turn.english else _DA
    # A link the tenant does not see (made before the committee changed hands) is still the secretaries' to remove.
    committee = turn.committee or await services.conversations.committee_for(turn.key)
    if committee is None:
        await services.concerned(Action.UNLINK, turn)  # nothing to remove; one who may never could is audited
        return [TextReply(t["not_linked"].format(where=where(turn, texts(turn))))]
    decision = await services.decide(Action.UNLINK, turn, committee)
    if decision.reason == OTHER_TENANT:
        return [TextReply(t["not_linked"].format(where=where(turn, texts(turn))))]
    if not decision.allowed:
        return [TextReply(t["not_secretary"].format(name=committee))]
    await services.conversations.unlink(turn.key)
    return [TextReply(t["unlinked"].format(where=where(turn, texts(turn)), name=committee))]


async def _audit_unseen(turn: Turn, query: str, services: Services) -> None:
    """A committee the tenant does not see is unknown to its members; their attempt to link it is audited."""
    names = await services.knowledge.committees()
    try:
        _, name = match_committee(query, [(index, name, name) for index, name in enumerate(names)])
    except UnknownCommittee:
        return
    await services.decide(Action.LINK, turn, name)


def _unknown_text(error: UnknownCommittee, t: Mapping[str, str], english: bool) -> str:
    names = "; ".join(f"“{name}”" for name in error.candidates)
    if not error.query:
        if not error.candidates:
            return t["none_known"]
        return t["name_needed"].format(example=error.candidates[0]) + " " + t["known"].format(names=names)
    if not english:
        return str(error)  # the repository's message is Danish and names the candidates
    if error.ambiguous:
        return t["ambiguous"].format(query=error.query, names=names)
    text = t["unknown"].format(query=error.query)
    return f"{text} {t['known'].format(names=names)}" if error.candidates else f"{text} {t['none_known']}"


COMMANDS = (
    Command(
        DIALOG_ID, RANK_FIXED + 11, match_link, link,
        help=(Help("tilknyt udvalg …", "knytter chatten eller kanalen til et udvalg",
                   "links the chat or channel to a committee",
                   example="tilknyt udvalg Følgegruppe for uddannelse og arbejde", secretary=True, menu=True),),
    ),
    Command(
        UNLINK_DIALOG_ID, RANK_FIXED + 10, match_unlink, unlink,
        help=(Help("fjern tilknytning", "fjerner chattens eller kanalens tilknytning til udvalget",
                   "removes the chat's or channel's link to its committee", secretary=True),),
    ),
)  # fmt: skip  # a table kept compact
