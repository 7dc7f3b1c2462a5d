"""The user links the conversation to a committee ("tilknyt udvalg Fokusgruppen"), or unlinks it.

A linked conversation's questions search that committee's minutes first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogs.commands import RANK_FIXED, Command, Help, tail
from dialogs.replies import Reply, TextReply
from dialogs.turn import Services, Turn
from storage.conversations_repository import UnknownCommittee

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
    "personal": "Denne chat",
    "groupChat": "Denne gruppechat",
    "channel": "Denne kanal",
    "linked": "{where} er nu knyttet til {name}. Spørgsmål her søger først i gruppens referater.",
    "name_needed": "Skriv gruppens navn efter »tilknyt udvalg«, fx »tilknyt udvalg {example}«.",
    "known": "Kendte grupper: {names}.",
    "none_known": "Der er endnu ingen referater gemt, så der er ingen grupper at knytte til.",
    "unlinked": "{where} er ikke længere knyttet til {name}.",
    "not_linked": "{where} er ikke knyttet til nogen gruppe.",
}
_EN = {
    "personal": "This chat",
    "groupChat": "This group chat",
    "channel": "This channel",
    "linked": "{where} is now linked to {name}. Questions here search its minutes first.",
    "name_needed": "Type the committee's name after “link committee”, e.g. “link committee {example}”.",
    "known": "Known committees: {names}.",
    "none_known": "No minutes are stored yet, so there is no committee to link to.",
    "unlinked": "{where} is no longer linked to {name}.",
    "not_linked": "{where} is not linked to any committee.",
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
    wanted = args["committee"]
    try:
        # An empty name matches no committee: the error then lists every known one.
        name = await services.conversations.link(turn.key, wanted, turn.user)
    except UnknownCommittee as error:
        return [TextReply(_unknown_text(error, t, turn.english))]
    return [TextReply(t["linked"].format(where=_where(turn, t), name=name))]


async def unlink(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Remove the conversation's committee link."""
    t = _EN if turn.english else _DA
    if turn.committee is None:
        return [TextReply(t["not_linked"].format(where=_where(turn, t)))]
    await services.conversations.unlink(turn.key)
    return [TextReply(t["unlinked"].format(where=_where(turn, t), name=turn.committee))]


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


def _where(turn: Turn, t: Mapping[str, str]) -> str:
    return t.get(turn.conversation_type or "personal", t["personal"])


COMMANDS = (
    Command(
        DIALOG_ID, RANK_FIXED + 11, match_link, link,
        help=(Help("tilknyt udvalg …", "knytter chatten eller kanalen til et udvalg",
                   "links the chat or channel to a committee",
                   example="tilknyt udvalg Følgegruppe for uddannelse og arbejde", menu=True),),
    ),
    Command(
        UNLINK_DIALOG_ID, RANK_FIXED + 10, match_unlink, unlink,
        help=(Help("fjern tilknytning", "fjerner chattens eller kanalens tilknytning til udvalget",
                   "removes the chat's or channel's link to its committee"),),
    ),
)  # fmt: skip
