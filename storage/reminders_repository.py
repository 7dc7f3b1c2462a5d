"""Store committees' reminder rule overrides and members' opt-in/opt-out. The caller owns the transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.rules import ReminderRule
from storage.models import Conversation, ConversationUserRow, ReminderRuleRow, ReminderSubscriptionRow
from storage.sql import put, require_aware, upsert_insert


@dataclass(frozen=True, slots=True)
class Subscription:
    """A member's reminder choice for one committee; ``conversation_row_id`` is their personal chat, if any."""

    user_id: str
    aad_object_id: str | None
    name: str | None
    conversation_row_id: int | None
    subscribed: bool


async def rule_overrides(session: AsyncSession, committee_id: int) -> list[ReminderRule]:
    """The committee's stored rule overrides, by kind name (combine with ``rules_with``)."""
    rows = await session.scalars(
        select(ReminderRuleRow).where(ReminderRuleRow.committee_id == committee_id).order_by(ReminderRuleRow.kind)
    )
    return [ReminderRule(row.kind, row.offset_days, row.at, row.working_days, row.enabled) for row in rows]  # type: ignore[arg-type]  # the kind column is a str; the rows hold only known kinds


async def set_rule(
    session: AsyncSession,
    committee_id: int,
    rule: ReminderRule,
    *,
    by_user_id: str,
    by_name: str | None,
    at: dt.datetime,
) -> None:
    """Store the committee's rule for ``rule.kind``, replacing an earlier override of that kind."""
    require_aware(at, "at")
    await put(
        session, ReminderRuleRow, ["committee_id", "kind"], committee_id=committee_id, kind=rule.kind,
        offset_days=rule.offset_days, at=rule.at, working_days=rule.working_days, enabled=rule.enabled,
        updated_by_user_id=by_user_id, updated_by_name=by_name, updated_at=at,
    )  # fmt: skip  # keyword arguments grouped by meaning


async def personal_conversation_id(session: AsyncSession, user_id: str, *, channel_id: str = "msteams") -> int | None:
    """The row id of the member's active personal chat with the bot (the one last seen in, after a reinstall)."""
    return await session.scalar(
        select(Conversation.id)
        .join(ConversationUserRow, ConversationUserRow.conversation_id == Conversation.id)
        .where(
            ConversationUserRow.user_id == user_id,
            Conversation.channel_id == channel_id,
            Conversation.conversation_type == "personal",
            Conversation.active.is_(True),
        )
        .order_by(ConversationUserRow.last_seen_at.desc(), Conversation.id.desc())
        .limit(1)
    )


async def set_subscription(
    session: AsyncSession,
    committee_id: int,
    *,
    user_id: str,
    aad_object_id: str | None,
    name: str | None,
    conversation_row_id: int | None,
    subscribed: bool,
    at: dt.datetime,
) -> None:
    """Record a member's opt-in or opt-out for a committee (an upsert); a None chat or name keeps what was stored."""
    require_aware(at, "at")
    statement = upsert_insert(session)(ReminderSubscriptionRow).values(
        committee_id=committee_id, user_id=user_id, aad_object_id=aad_object_id, name=name,
        conversation_row_id=conversation_row_id, subscribed=subscribed, updated_at=at,
    )  # fmt: skip  # keyword arguments grouped by meaning
    new = statement.excluded
    table = ReminderSubscriptionRow.__table__.c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ReminderSubscriptionRow.committee_id, ReminderSubscriptionRow.user_id],
            set_={
                "aad_object_id": func.coalesce(new.aad_object_id, table.aad_object_id),
                "name": func.coalesce(new.name, table.name),
                "conversation_row_id": func.coalesce(new.conversation_row_id, table.conversation_row_id),
                "subscribed": new.subscribed,
                "updated_at": new.updated_at,
            },
        )
    )


async def subscription(session: AsyncSession, committee_id: int, user_id: str) -> Subscription | None:
    """The member's choice for the committee, or None when they never made one."""
    row = await session.scalar(
        select(ReminderSubscriptionRow)
        .where(ReminderSubscriptionRow.committee_id == committee_id, ReminderSubscriptionRow.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    return None if row is None else _to_subscription(row)


async def subscribers(session: AsyncSession, committee_id: int) -> list[Subscription]:
    """The members who opted in to the committee's reminders, in the order they did."""
    rows = await session.scalars(
        select(ReminderSubscriptionRow)
        .where(ReminderSubscriptionRow.committee_id == committee_id, ReminderSubscriptionRow.subscribed.is_(True))
        .order_by(ReminderSubscriptionRow.id)
        .execution_options(populate_existing=True)
    )
    return [_to_subscription(row) for row in rows]


def _to_subscription(row: ReminderSubscriptionRow) -> Subscription:
    return Subscription(row.user_id, row.aad_object_id, row.name, row.conversation_row_id, row.subscribed)
