"""Remember the conversations the bot can reach, and which committee each is linked to.

The caller owns the transaction. The edge (bot/teams) converts activities into bot.conversations' plain types.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations.model import ConversationRef, ConversationUser
from bot.words import committee_key
from storage.models import Committee, Conversation, ConversationUserRow
from storage.sql import require_aware, upsert_insert


class UnknownConversation(LookupError):
    """The conversation was never remembered, or the bot has been removed from it."""

    def __init__(self, channel_id: str, conversation_id: str):
        super().__init__(
            f"Samtalen {conversation_id!r} ({channel_id}) er ukendt eller botten er fjernet fra den; "
            "skriv til botten i samtalen, før den knyttes til en gruppe"
        )
        self.channel_id = channel_id
        self.conversation_id = conversation_id


class UnknownCommittee(LookupError):
    """A committee name that matches no stored committee, or several; ``candidates`` are those that matched
    when several did, else all known committees."""

    def __init__(self, query: str, candidates: list[str], *, ambiguous: bool):
        self.query = query
        self.candidates = tuple(candidates)
        self.ambiguous = ambiguous
        listed = "; ".join(f"“{name}”" for name in candidates)
        if ambiguous:
            message = f"“{query}” passer på flere grupper: {listed}. Skriv mere af navnet."
        elif candidates:
            message = f"Kender ingen gruppe, der hedder “{query}”. Kendte grupper: {listed}."
        else:
            message = (
                f"Kender ingen gruppe, der hedder “{query}”: der er endnu ingen referater gemt, "
                "så der er ingen grupper at vælge imellem."
            )
        super().__init__(message)


async def remember_conversation(
    session: AsyncSession, ref: ConversationRef, *, user: ConversationUser | None, seen_at: dt.datetime
) -> int:
    """Store or refresh a conversation reference and the user who wrote (if any); returns its stable row id.

    A removed conversation becomes active again; a missing optional field keeps its stored value, and an
    earlier ``seen_at`` than stored overwrites nothing. One upsert, so replicas remembering a new
    conversation at once get one row. On SQLite make it the transaction's first statement: one that has
    read cannot start writing after another writer committed ("database is locked").
    """
    require_aware(seen_at, "seen_at")
    insert = upsert_insert(session)
    fresh = {"active": True, "created_at": seen_at, "updated_at": seen_at, "last_seen_at": seen_at}
    statement = insert(Conversation).values(**asdict(ref), **fresh)
    table, new = Conversation.__table__.c, statement.excluded
    refreshed: dict[str, ColumnElement[Any]] = {
        "service_url": new.service_url,
        "bot_id": new.bot_id,
        # A missing optional value (an activity without locale or team) keeps what is known.
        **{
            name: func.coalesce(new[name], table[name])
            for name in ("conversation_type", "tenant_id", "team_id", "teams_channel_id", "bot_name", "locale")
        },
    }
    changed = or_(*(value.is_distinct_from(table[name]) for name, value in refreshed.items()))
    statement = statement.on_conflict_do_update(
        index_elements=[Conversation.channel_id, Conversation.conversation_id],
        set_={
            **refreshed,
            "active": True,
            # updated_at says when the reference last changed; last_seen_at, when it was last seen.
            "updated_at": case((or_(changed, table.active.is_(False)), new.updated_at), else_=table.updated_at),
            "last_seen_at": new.last_seen_at,
        },
        # Replicas may handle a conversation's activities out of order: the newest wins.
        where=table.last_seen_at <= new.last_seen_at,
    ).returning(Conversation.id)
    row_id = (await session.execute(statement)).scalar_one_or_none()
    if row_id is None:  # stored information is newer: the row was left as it is
        row_id = await session.scalar(
            select(Conversation.id).where(
                Conversation.channel_id == ref.channel_id, Conversation.conversation_id == ref.conversation_id
            )
        )
    assert row_id is not None  # the insert or the conflicting row exists in this transaction

    if user is not None:
        await _remember_user(session, row_id, user, seen_at)
    return row_id


async def forget_conversation(session: AsyncSession, *, channel_id: str, conversation_id: str) -> None:
    """Mark a conversation inactive (the bot was removed); the row, users and link stay for audit and come back
    when it is remembered again. Unknown conversations are ignored."""
    await session.execute(
        update(Conversation)
        .where(Conversation.channel_id == channel_id, Conversation.conversation_id == conversation_id)
        .values(active=False)
        .execution_options(synchronize_session=False)
    )


async def get_conversation(session: AsyncSession, *, channel_id: str, conversation_id: str) -> ConversationRef | None:
    """The stored reference of an active conversation; None when unknown or forgotten."""
    row = await _active_row(session, channel_id, conversation_id)
    return None if row is None else conversation_ref(row)


async def link_committee(
    session: AsyncSession,
    *,
    channel_id: str,
    conversation_id: str,
    committee: str,
    linked_by: ConversationUser,
    linked_at: dt.datetime,
) -> str:
    """Link a remembered conversation to the committee ``committee`` names loosely (see ``match_committee``),
    replacing an earlier link; returns the committee's stored name."""
    require_aware(linked_at, "linked_at")
    row = await _active_row(session, channel_id, conversation_id)
    if row is None:
        raise UnknownConversation(channel_id, conversation_id)
    committees = (await session.execute(select(Committee.id, Committee.key, Committee.name))).all()
    committee_id, name = match_committee(committee, [(c.id, c.key, c.name) for c in committees])
    await session.execute(
        update(Conversation)
        .where(Conversation.id == row.id)
        .values(
            committee_id=committee_id,
            linked_by_user_id=linked_by.user_id,
            linked_by_aad_object_id=linked_by.aad_object_id,
            linked_by_name=linked_by.name,
            linked_at=linked_at,
            updated_at=linked_at,
        )
        .execution_options(synchronize_session=False)
    )
    return name


async def unlink_committee(session: AsyncSession, *, channel_id: str, conversation_id: str) -> None:
    """Remove a conversation's committee link; nothing happens when it has none or is unknown."""
    await session.execute(
        update(Conversation)
        .where(Conversation.channel_id == channel_id, Conversation.conversation_id == conversation_id)
        .values(
            committee_id=None,
            linked_by_user_id=None,
            linked_by_aad_object_id=None,
            linked_by_name=None,
            linked_at=None,
        )
        .execution_options(synchronize_session=False)
    )


async def linked_committee(session: AsyncSession, *, channel_id: str, conversation_id: str) -> str | None:
    """The stored name of the committee an active conversation is linked to, else None."""
    return await session.scalar(
        select(Committee.name)
        .join(Conversation, Conversation.committee_id == Committee.id)
        .where(
            Conversation.channel_id == channel_id,
            Conversation.conversation_id == conversation_id,
            Conversation.active.is_(True),
        )
    )


async def conversations_by_row_id(session: AsyncSession, row_ids: list[int]) -> list[ConversationRef]:
    """The active conversations with these ``conversations`` row ids, in the order given."""
    if not row_ids:
        return []
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.id.in_(row_ids), Conversation.active.is_(True))
        .execution_options(populate_existing=True)
    )
    found = {row.id: conversation_ref(row) for row in rows}
    return [found[row_id] for row_id in row_ids if row_id in found]


async def _remember_user(
    session: AsyncSession, conversation_row_id: int, user: ConversationUser, seen_at: dt.datetime
) -> None:
    insert = upsert_insert(session)
    statement = insert(ConversationUserRow).values(
        conversation_id=conversation_row_id,
        user_id=user.user_id,
        aad_object_id=user.aad_object_id,
        name=user.name,
        first_seen_at=seen_at,
        last_seen_at=seen_at,
    )
    table, new = ConversationUserRow.__table__.c, statement.excluded
    newer = table.last_seen_at <= new.last_seen_at
    statement = statement.on_conflict_do_update(
        index_elements=[ConversationUserRow.conversation_id, ConversationUserRow.user_id],
        set_={
            "aad_object_id": func.coalesce(new.aad_object_id, table.aad_object_id),
            "name": case((newer, func.coalesce(new.name, table.name)), else_=func.coalesce(table.name, new.name)),
            "first_seen_at": case(
                (new.first_seen_at < table.first_seen_at, new.first_seen_at), else_=table.first_seen_at
            ),
            "last_seen_at": case((newer, new.last_seen_at), else_=table.last_seen_at),
        },
    )
    await session.execute(statement)


async def _active_row(session: AsyncSession, channel_id: str, conversation_id: str) -> Conversation | None:
    return await session.scalar(
        select(Conversation)
        .where(
            Conversation.channel_id == channel_id,
            Conversation.conversation_id == conversation_id,
            Conversation.active.is_(True),
        )
        # Rows here change through UPDATE statements; never serve a stale identity-map copy.
        .execution_options(populate_existing=True)
    )


def conversation_ref(row: Conversation) -> ConversationRef:
    return ConversationRef(**{field.name: getattr(row, field.name) for field in fields(ConversationRef)})


_NOT_WORD = re.compile(r"[^\w ]+")


def _loose(name: str) -> str:
    """A committee name as a user might write it: casefolded, "&" as "og", no punctuation."""
    folded = committee_key(name).replace("&", " og ")
    return " ".join(_NOT_WORD.sub(" ", folded).replace("_", " ").split())


def match_committee(query: str, committees: list[tuple[int, str, str]]) -> tuple[int, str]:
    """The one committee (id, name) that ``query`` names, ignoring case, spacing, "&"/"og" and punctuation.

    In turn: the whole name; its start ("fokusgruppen"); a part ("Sundhed & Beskæftigelse"); the starts of
    its words in any order ("fokus beskæft"). The first that matches decides; several matches are ambiguous.
    """
    by_name = sorted(committees, key=lambda committee: committee[1])
    wanted = _loose(query)
    if not wanted:
        raise UnknownCommittee(query, [name for _, _, name in by_name], ambiguous=False)
    words = wanted.split()
    names = [(_loose(committee[2]), committee) for committee in by_name]
    tiers = (
        lambda loose: loose == wanted,
        lambda loose: loose.startswith(wanted),
        lambda loose: wanted in loose,
        lambda loose: all(any(word.startswith(part) for word in loose.split()) for part in words),
    )
    for matches in tiers:
        found = [committee for loose, committee in names if matches(loose)]
        if len(found) == 1:
            committee_id, _, name = found[0]
            return committee_id, name
        if found:
            raise UnknownCommittee(query, [name for _, _, name in found], ambiguous=True)
    raise UnknownCommittee(query, [name for _, _, name in by_name], ambiguous=False)
