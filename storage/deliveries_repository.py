"""Reminder deliveries, one row per (reminder key, target conversation), and what planning reads for
all committees at once (deadlines, rules, cut-offs, targets).

Every change of state is one UPDATE whose WHERE names the state it leaves (and, for a claimed row,
the process holding it), so two replicas never both win. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations import ConversationRef
from bot.minutes.model import DateKind, Precision
from bot.reminders.due import Deadline
from bot.reminders.rules import DEFAULT_RULES, ReminderRule, rules_with
from storage.conversations_repository import conversation_ref
from storage.models import (
    Committee,
    CommitteeProposalSettingsRow,
    Conversation,
    ConversationUserRow,
    DateMentionRow,
    Meeting,
    ReminderDeliveryRow,
    ReminderRuleRow,
    ReminderSubscriptionRow,
    ReminderTenantLeaseRow,
)
from storage.sql import require_aware, upsert_insert

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
MISSED = "missed"

MISSED_REPORT = "missed_report"

UNREACHABLE_CHANNELS = ("console",)  # no proactive messages

_DELIVERIES = ReminderDeliveryRow.__table__
_LEASES = ReminderTenantLeaseRow.__table__
_INSERT_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Target:
    """A conversation that gets a committee's reminders due after ``since`` (when it was linked or opted in)."""

    conversation_row_id: int
    tenant_key: str
    since: dt.datetime


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A delivery to add (state pending, due at ``due_at``)."""

    reminder_key: str
    conversation_row_id: int
    committee: str
    kind: str
    tenant_key: str
    due_at: dt.datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Delivery:
    """A stored delivery; ``target`` is None once the bot was removed from the conversation."""

    id: int
    reminder_key: str
    conversation_row_id: int
    committee: str
    kind: str
    tenant_key: str
    due_at: dt.datetime
    state: str
    attempts: int
    next_attempt_at: dt.datetime
    claimed_by: str | None
    lease_until: dt.datetime | None
    sent_at: dt.datetime | None
    activity_id: str | None
    last_error: str | None
    payload: dict[str, Any]
    target: ConversationRef | None


_DELIVERY_COLUMNS = [field.name for field in fields(Delivery) if field.name != "target"]


async def deadlines_between(session: AsyncSession, first: dt.date, last: dt.date) -> list[Deadline]:
    """The day-precise deadlines in stored minutes on ``first``..``last`` (an item's deadline dated to the day)."""
    rows = await session.execute(
        select(
            Committee.name,
            DateMentionRow.on_date,
            DateMentionRow.sentence,
            DateMentionRow.item_number,
            Meeting.meeting_date,
        )
        .join(Meeting, Meeting.id == DateMentionRow.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(
            DateMentionRow.kind == DateKind.DEADLINE,
            DateMentionRow.precision == Precision.DAY,
            DateMentionRow.on_date.between(first, last),
        )
        .order_by(DateMentionRow.on_date, DateMentionRow.id)
    )
    return [Deadline(name, on, sentence, item, meeting_date) for name, on, sentence, item, meeting_date in rows]


async def rules_by_committee(session: AsyncSession) -> dict[str, tuple[ReminderRule, ...]]:
    """Every committee with overrides: its stored name to its rules."""
    rows = await session.execute(
        select(Committee.name, ReminderRuleRow)
        .join(Committee, Committee.id == ReminderRuleRow.committee_id)
        .order_by(Committee.name, ReminderRuleRow.kind)
    )
    overrides: dict[str, list[ReminderRule]] = {}
    for name, row in rows:
        rule = ReminderRule(row.kind, row.offset_days, row.at, row.working_days, row.enabled)  # type: ignore[arg-type]  # the kind column is a str; the rows hold only known kinds
        overrides.setdefault(name, []).append(rule)
    return {name: rules_with(rules, DEFAULT_RULES) for name, rules in overrides.items()}


async def cutoffs_by_committee(session: AsyncSession) -> dict[str, int]:
    """Committees with their own proposal cut-off: stored name to days before a meeting."""
    rows = await session.execute(
        select(Committee.name, CommitteeProposalSettingsRow.cutoff_days).join(
            Committee, Committee.id == CommitteeProposalSettingsRow.committee_id
        )
    )
    return {name: days for name, days in rows}


async def reminder_targets(session: AsyncSession) -> dict[str, list[Target]]:
    """Every committee's targets by committee key: its active linked conversations and subscribers' chats."""
    reachable = and_(Conversation.active.is_(True), Conversation.channel_id.not_in(UNREACHABLE_CHANNELS))
    targets: dict[str, dict[int, Target]] = {}

    def add(key: str, row_id: int, tenant: str | None, since: dt.datetime) -> None:
        known = targets.setdefault(key, {}).get(row_id)
        if known is None or since < known.since:
            targets[key][row_id] = Target(row_id, tenant or "", since)

    linked = await session.execute(
        select(Committee.key, Conversation.id, Conversation.tenant_id, Conversation.linked_at, Conversation.created_at)
        .join(Committee, Committee.id == Conversation.committee_id)
        .where(reachable)
    )
    for key, row_id, tenant, linked_at, created_at in linked:
        add(key, row_id, tenant, linked_at or created_at)
    subscribed = await session.execute(
        select(Committee.key, Conversation.id, Conversation.tenant_id, ReminderSubscriptionRow.updated_at)
        .join(Committee, Committee.id == ReminderSubscriptionRow.committee_id)
        .join(Conversation, Conversation.id == ReminderSubscriptionRow.conversation_row_id)
        .where(ReminderSubscriptionRow.subscribed.is_(True), reachable)
    )
    for key, row_id, tenant, opted_in_at in subscribed:
        add(key, row_id, tenant, opted_in_at)
    return {key: sorted(found.values(), key=lambda t: t.conversation_row_id) for key, found in targets.items()}


async def personal_chats(session: AsyncSession, aad_object_ids: Collection[str]) -> list[Target]:
    """Each person's latest active personal chat with the bot, by Entra object id; ``since``: first seen there."""
    wanted = sorted({oid.lower() for oid in aad_object_ids if oid})
    if not wanted:
        return []
    rows = await session.execute(
        select(
            func.lower(ConversationUserRow.aad_object_id),
            Conversation.id,
            Conversation.tenant_id,
            ConversationUserRow.first_seen_at,
        )
        .join(Conversation, Conversation.id == ConversationUserRow.conversation_id)
        .where(
            func.lower(ConversationUserRow.aad_object_id).in_(wanted),
            Conversation.conversation_type == "personal",
            Conversation.active.is_(True),
            Conversation.channel_id.not_in(UNREACHABLE_CHANNELS),
        )
        .order_by(ConversationUserRow.last_seen_at.desc(), Conversation.id.desc())
    )
    chats: dict[str, Target] = {}
    for oid, row_id, tenant, first_seen in rows:
        chats.setdefault(oid, Target(row_id, tenant or "", first_seen))
    return [chats[oid] for oid in wanted if oid in chats]


async def delivered_pairs(session: AsyncSession, *, due_since: dt.datetime) -> set[tuple[str, int]]:
    """The (reminder key, conversation row id) of every delivery due at or after ``due_since``."""
    require_aware(due_since, "due_since")
    rows = await session.execute(
        select(_DELIVERIES.c.reminder_key, _DELIVERIES.c.conversation_row_id).where(_DELIVERIES.c.due_at >= due_since)
    )
    return {(key, row_id) for key, row_id in rows}


async def add_deliveries(session: AsyncSession, deliveries: Iterable[NewDelivery], *, at: dt.datetime) -> int:
    """Add pending deliveries, leaving existing ones (ON CONFLICT DO NOTHING); returns how many were added."""
    require_aware(at, "at")
    values, stamps = [], {"state": PENDING, "attempts": 0, "created_at": at, "updated_at": at}
    for delivery in deliveries:
        require_aware(delivery.due_at, "due_at")
        values.append(asdict(delivery) | stamps | {"next_attempt_at": delivery.due_at})
    added = 0
    insert = upsert_insert(session)
    for start in range(0, len(values), _INSERT_CHUNK):
        statement = (
            insert(_DELIVERIES)
            .values(values[start : start + _INSERT_CHUNK])
            .on_conflict_do_nothing(index_elements=["reminder_key", "conversation_row_id"])
            .returning(_DELIVERIES.c.id)
        )
        added += len((await session.execute(statement)).all())
    return added


def _stale(before: dt.datetime, now: dt.datetime, committees: Collection[str] | None = None) -> Any:
    """Reminders due before ``before`` that are not sent and nobody is sending (reports never go stale)."""
    d = _DELIVERIES.c
    stale = and_(
        d.kind != MISSED_REPORT,
        d.due_at < before,
        or_(d.state == PENDING, and_(d.state == SENDING, d.lease_until < now)),
    )
    return stale if committees is None else and_(stale, d.committee.in_(sorted(committees)))


async def stale_committees(session: AsyncSession, *, before: dt.datetime, now: dt.datetime) -> list[str]:
    """The committees with reminders that :func:`mark_missed` would mark (read only)."""
    require_aware(before, "before")
    rows = await session.scalars(select(_DELIVERIES.c.committee).where(_stale(before, now)).distinct())
    return sorted(rows)


@dataclass(frozen=True, slots=True)
class Missed:
    """A delivery just marked missed."""

    reminder_key: str
    committee: str
    due_at: dt.datetime
    payload: dict[str, Any]


async def mark_missed(
    session: AsyncSession, *, before: dt.datetime, now: dt.datetime, committees: Collection[str] | None = None
) -> list[Missed]:
    """Mark unsent reminders due before ``before`` (of ``committees``, else all) missed; returns each to one caller."""
    require_aware(before, "before")
    require_aware(now, "now")
    d = _DELIVERIES.c
    result = await session.execute(
        update(_DELIVERIES)
        .where(_stale(before, now, committees))
        .values(state=MISSED, claimed_by=None, claim_instance=None, lease_until=None, updated_at=now)
        .returning(d.reminder_key, d.committee, d.due_at, d.payload)
    )
    return [Missed(*row) for row in result]


def _held_by(columns: Any, replica: str, instance: str) -> Any:
    return and_(columns.claimed_by == replica, columns.claim_instance == instance)


def _claimable(now: dt.datetime, fresh_since: dt.datetime) -> Any:
    d = _DELIVERIES.c
    return and_(
        or_(and_(d.state == PENDING, d.next_attempt_at <= now), and_(d.state == SENDING, d.lease_until < now)),
        or_(d.due_at >= fresh_since, d.kind == MISSED_REPORT),
    )


async def due_tenants(session: AsyncSession, *, now: dt.datetime, fresh_since: dt.datetime) -> list[str]:
    """The tenants that have deliveries to claim at ``now`` (due at or after ``fresh_since``)."""
    require_aware(now, "now")
    rows = await session.scalars(select(_DELIVERIES.c.tenant_key).where(_claimable(now, fresh_since)).distinct())
    return sorted(rows)


async def acquire_tenant_leases(
    session: AsyncSession,
    tenants: Sequence[str],
    *,
    replica: str,
    instance: str = "",
    now: dt.datetime,
    until: dt.datetime,
) -> list[str]:
    """Take or keep the send lease of each tenant that is free, expired or this process's; returns those held.

    ``instance`` tells a restarted process from its predecessor under the same ``replica`` id: it waits out their leases.
    """
    require_aware(now, "now")
    require_aware(until, "until")
    if not tenants:
        return []
    leases = _LEASES.c
    statement = upsert_insert(session)(_LEASES).values(
        [
            {"tenant_key": tenant, "claimed_by": replica, "claim_instance": instance, "lease_until": until}
            for tenant in sorted(set(tenants))
        ]
    )
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_key"],
        set_={"claimed_by": new.claimed_by, "claim_instance": new.claim_instance, "lease_until": new.lease_until},
        where=or_(_held_by(leases, replica, instance), leases.lease_until < now),
    ).returning(leases.tenant_key)
    return sorted((await session.scalars(statement)).all())


async def renew_leases(
    session: AsyncSession, tenants: Collection[str], *, replica: str, instance: str = "", until: dt.datetime
) -> list[str]:
    """Extend this process's tenant leases and its sending rows' leases; returns the tenants still held."""
    require_aware(until, "until")
    if not tenants:
        return []
    leases, d = _LEASES.c, _DELIVERIES.c
    # Lease rows too are locked in key order, as acquire_tenant_leases inserts them (no deadlock).
    mine = (
        select(leases.tenant_key)
        .where(_held_by(leases, replica, instance), leases.tenant_key.in_(sorted(tenants)))
        .order_by(leases.tenant_key)
        .with_for_update()
    )
    held = list(
        (
            await session.scalars(
                update(_LEASES)
                .where(leases.tenant_key.in_(mine.scalar_subquery()))
                .values(lease_until=until)
                .returning(leases.tenant_key)
            )
        ).all()
    )
    if held:
        # Rows are locked in id order, as the engine records sent rows: a shared 'sent' commit and
        # this renewal then wait for each other instead of deadlocking (PostgreSQL).
        rows = (
            select(d.id)
            .where(_held_by(d, replica, instance), d.state == SENDING, d.tenant_key.in_(held))
            .order_by(d.id)
            .with_for_update()
        )
        await session.execute(update(_DELIVERIES).where(d.id.in_(rows.scalar_subquery())).values(lease_until=until))
    return sorted(held)


async def claim(
    session: AsyncSession,
    *,
    replica: str,
    instance: str = "",
    tenant: str,
    now: dt.datetime,
    until: dt.datetime,
    fresh_since: dt.datetime,
    limit: int,
) -> list[Delivery]:
    """Claim up to ``limit`` of a tenant's due deliveries (pending, or with an expired claim), each one more attempt.

    PostgreSQL picks with SKIP LOCKED so replicas get distinct rows; on SQLite ``writing()`` serialises claims.
    """
    require_aware(now, "now")
    require_aware(until, "until")
    d = _DELIVERIES.c
    picked = (
        select(d.id)
        .where(_claimable(now, fresh_since), d.tenant_key == tenant)
        .order_by(d.next_attempt_at, d.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = (
        await session.scalars(
            update(_DELIVERIES)
            .where(d.id.in_(picked))
            .values(
                state=SENDING,
                claimed_by=replica,
                claim_instance=instance,
                lease_until=until,
                attempts=d.attempts + 1,
                updated_at=now,
            )
            .returning(d.id)
        )
    ).all()
    return await deliveries(session, ids=ids)


async def mark_sent(
    session: AsyncSession, delivery_id: int, *, replica: str, instance: str = "", at: dt.datetime,
    activity_id: str | None,
) -> bool:  # fmt: skip  # parameters grouped by meaning
    """Record a delivery the Bot Connector accepted; False when this process no longer held it."""
    return await _finish(
        session, delivery_id, replica, instance, at, state=SENT, sent_at=at, activity_id=activity_id, last_error=None
    )


async def mark_retry(
    session: AsyncSession, delivery_id: int, *, replica: str, instance: str = "", at: dt.datetime,
    next_attempt_at: dt.datetime, error: str,
) -> bool:  # fmt: skip  # parameters grouped by meaning
    """Put a delivery back to pending, to be tried again at ``next_attempt_at``."""
    require_aware(next_attempt_at, "next_attempt_at")
    return await _finish(
        session, delivery_id, replica, instance, at, state=PENDING, claimed_by=None, claim_instance=None,
        next_attempt_at=next_attempt_at, last_error=error[:2000],
    )  # fmt: skip  # keyword arguments grouped by meaning


async def mark_failed(
    session: AsyncSession, delivery_id: int, *, replica: str, instance: str = "", at: dt.datetime, error: str
) -> bool:
    """Give a delivery up: it was refused for good or ran out of attempts."""
    return await _finish(session, delivery_id, replica, instance, at, state=FAILED, last_error=error[:2000])


async def release(
    session: AsyncSession,
    delivery_ids: Collection[int],
    *,
    replica: str,
    instance: str = "",
    at: dt.datetime,
    not_before: dt.datetime | None = None,
) -> int:
    """Give back claimed deliveries not tried (again no earlier than ``not_before``); returns how many."""
    require_aware(at, "at")
    if not delivery_ids:
        return 0
    d = _DELIVERIES.c
    later = {}
    if not_before is not None:
        require_aware(not_before, "not_before")
        later = {"next_attempt_at": case((d.next_attempt_at < not_before, not_before), else_=d.next_attempt_at)}
    result = await session.execute(
        update(_DELIVERIES)
        .where(d.id.in_(sorted(delivery_ids)), _held_by(d, replica, instance), d.state == SENDING)
        .values(
            state=PENDING,
            claimed_by=None,
            claim_instance=None,
            lease_until=None,
            attempts=d.attempts - 1,
            updated_at=at,
            **later,
        )
    )
    return result.rowcount  # type: ignore[attr-defined]  # execute() is typed as Result; an UPDATE/DELETE gives a CursorResult


async def _finish(
    session: AsyncSession, delivery_id: int, replica: str, instance: str, at: dt.datetime, **values: Any
) -> bool:
    require_aware(at, "at")
    d = _DELIVERIES.c
    result = await session.execute(
        update(_DELIVERIES)
        .where(d.id == delivery_id, _held_by(d, replica, instance), d.state == SENDING)
        .values(lease_until=None, updated_at=at, **values)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]  # execute() is typed as Result; an UPDATE/DELETE gives a CursorResult


async def next_wake(session: AsyncSession, *, now: dt.datetime) -> dt.datetime | None:
    """The next instant after ``now`` a stored delivery becomes claimable (a retry or an expiring claim)."""
    require_aware(now, "now")
    d = _DELIVERIES.c
    retry = await session.scalar(select(func.min(d.next_attempt_at)).where(d.state == PENDING, d.next_attempt_at > now))
    expiry = await session.scalar(select(func.min(d.lease_until)).where(d.state == SENDING, d.lease_until > now))
    return min((instant for instant in (retry, expiry) if instant is not None), default=None)


async def deliveries(
    session: AsyncSession,
    *,
    ids: Collection[int] | None = None,
    reminder_key: str | None = None,
    state: str | None = None,
) -> list[Delivery]:
    """Stored deliveries, by due time then id; all, or those with the given ids, key or state."""
    query = select(ReminderDeliveryRow, Conversation).join(
        Conversation, Conversation.id == ReminderDeliveryRow.conversation_row_id
    )
    if ids is not None:
        if not ids:
            return []
        query = query.where(ReminderDeliveryRow.id.in_(sorted(ids)))
    if reminder_key is not None:
        query = query.where(ReminderDeliveryRow.reminder_key == reminder_key)
    if state is not None:
        query = query.where(ReminderDeliveryRow.state == state)
    query = query.order_by(ReminderDeliveryRow.due_at, ReminderDeliveryRow.id).execution_options(populate_existing=True)
    return [_delivery(row, conversation) for row, conversation in (await session.execute(query)).all()]


def _delivery(row: ReminderDeliveryRow, conversation: Conversation) -> Delivery:
    stored = {name: getattr(row, name) for name in _DELIVERY_COLUMNS}
    return Delivery(**stored, target=conversation_ref(conversation) if conversation.active else None)
