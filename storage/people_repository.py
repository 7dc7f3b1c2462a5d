"""Find, export and erase what the database holds about one person (bot.people.service uses it).

A person appears in a row by a Teams user id, an Entra object id or both (with the name Teams showed).
The caller owns the transaction, so a deletion is all or nothing. What ``erase`` does (README,
"Personal data", says why):

* deleted: the person's conversation_users rows, reminder_subscriptions, committee_secretaries
  rows, personal conversations only they wrote in (with their reminder_deliveries), and their
  proposals that were never decided (pending, withdrawn) with those proposals' events;
* pseudonymised (ids and name replaced, the row kept): decided proposals they submitted or decided,
  proposal_events and audit_events they acted in, minutes uploads they sent or decided, committee
  links they made, settings, reminder rules, calendar meetings and Graph links they last changed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, false, func, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.people.model import PSEUDONYM_PREFIX, Identity
from bot.proposals.model import ProposalStatus
from storage.models import (
    PSEUDONYM_KEY_ID,
    AgendaItemRow,
    AuditEventRow,
    CalendarMeetingRow,
    Committee,
    CommitteeProposalSettingsRow,
    CommitteeSecretaryRow,
    CommitteeTenantRow,
    Conversation,
    ConversationUserRow,
    GraphCalendarLinkRow,
    GraphFolderLinkRow,
    Meeting,
    PendingMinutesRow,
    ProposalEventRow,
    ProposalRow,
    PseudonymKeyRow,
    ReminderDeliveryRow,
    ReminderRuleRow,
    ReminderSubscriptionRow,
    SectionRow,
)
from storage.sql import upsert_insert

Column = InstrumentedAttribute[Any]
Sighting = tuple[str | None, str | None, str | None]  # (user id, Entra object id, name)

# Where a person is seen: (user id, Entra object id, name) columns, None where a table has none.
_SIGHTINGS: tuple[tuple[Column | None, Column | None, Column | None], ...] = (
    (ConversationUserRow.user_id, ConversationUserRow.aad_object_id, ConversationUserRow.name),
    (ProposalRow.submitter_user_id, ProposalRow.submitter_aad_object_id, ProposalRow.submitter_name),
    (ProposalRow.decided_by_user_id, ProposalRow.decided_by_aad_object_id, ProposalRow.decided_by_name),
    (ProposalEventRow.actor_user_id, ProposalEventRow.actor_aad_object_id, ProposalEventRow.actor_name),
    (ReminderSubscriptionRow.user_id, ReminderSubscriptionRow.aad_object_id, ReminderSubscriptionRow.name),
    (PendingMinutesRow.uploader_user_id, PendingMinutesRow.uploader_aad_object_id, PendingMinutesRow.uploader_name),
    (PendingMinutesRow.decided_by_user_id, PendingMinutesRow.decided_by_aad_object_id, PendingMinutesRow.decided_by_name),
    (Conversation.linked_by_user_id, Conversation.linked_by_aad_object_id, Conversation.linked_by_name),
    (AuditEventRow.actor_user_id, AuditEventRow.actor_aad_object_id, AuditEventRow.actor_name),
    (CommitteeProposalSettingsRow.updated_by_user_id, None, CommitteeProposalSettingsRow.updated_by_name),
    (ReminderRuleRow.updated_by_user_id, None, ReminderRuleRow.updated_by_name),
    (None, CommitteeSecretaryRow.aad_object_id, None),
    (None, CalendarMeetingRow.updated_by, None),
    (None, GraphFolderLinkRow.set_by, None),
    (None, GraphCalendarLinkRow.set_by, None),
    (None, CommitteeTenantRow.added_by, None),
)  # fmt: skip  # one table per line

# Every table that can hold a person, in the order exports and counts list them.
TABLES = (
    "proposals", "proposal_events", "reminder_subscriptions", "conversation_users", "conversations",
    "reminder_deliveries", "pending_minutes", "committee_secretaries", "committee_proposal_settings",
    "reminder_rules", "calendar_meetings", "graph_folder_links", "graph_calendar_links",
    "committee_tenants", "audit_events",
)  # fmt: skip  # names packed
# Rows that are the person's own, deleted with them (with their undecided proposals and personal chats).
_OWN_ROWS = (ReminderSubscriptionRow, ConversationUserRow, CommitteeSecretaryRow)
_UNDECIDED = (ProposalStatus.PENDING, ProposalStatus.WITHDRAWN)
_MAX_MENTIONS = 500


async def sightings(session: AsyncSession) -> set[Sighting]:
    """Every distinct (user id, Entra object id, name) the database holds, pseudonyms left out."""
    found: set[Sighting] = set()
    for user, aad, name in _SIGHTINGS:
        columns = [c if c is not None else null() for c in (user, aad, name)]
        rows = await session.execute(select(*columns).select_from(_model(user, aad, name)).distinct())
        for user_id, aad_id, shown in rows:
            if user_id is not None and user_id.startswith(PSEUDONYM_PREFIX):
                continue
            if user_id is None and aad_id is None:
                continue
            found.add((user_id, aad_id.lower() if aad_id else None, shown))
    return found


def _model(*columns: Column | None) -> Any:
    return next(column for column in columns if column is not None).class_


def _is(identity: Identity, user: Column | None, aad: Column | None) -> ColumnElement[bool]:
    """The row names the person by a user id or an Entra object id."""
    terms: list[ColumnElement[bool]] = []
    if user is not None and identity.user_ids:
        terms.append(user.in_(sorted(identity.user_ids)))
    if aad is not None and identity.aad_object_ids:
        terms.append(func.lower(aad).in_(sorted(identity.aad_object_ids)))
    return or_(*terms) if terms else false()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]


def _columns(model: type, *leave_out: str) -> list[Column]:
    return [getattr(model, c.key) for c in model.__table__.columns if c.key not in leave_out]  # type: ignore[attr-defined]  # every model has a __table__


async def _personal_conversation_ids(session: AsyncSession, identity: Identity) -> list[int]:
    """The personal (or channel-less) conversations in which nobody but the person wrote."""
    mine = select(ConversationUserRow.conversation_id).where(
        _is(identity, ConversationUserRow.user_id, ConversationUserRow.aad_object_id)
    )
    others = select(ConversationUserRow.conversation_id).where(
        ~_is(identity, ConversationUserRow.user_id, ConversationUserRow.aad_object_id)
    )
    query = select(Conversation.id).where(
        Conversation.id.in_(mine),
        Conversation.id.not_in(others),
        or_(Conversation.conversation_type == "personal", Conversation.conversation_type.is_(None)),
    )
    return list((await session.scalars(query)).all())


async def export_rows(session: AsyncSession, identity: Identity) -> dict[str, list[dict[str, Any]]]:
    """Every row about the person, table by table, as JSON-able dicts (file contents and reminder texts left out)."""
    wrote_in = select(ConversationUserRow.conversation_id).where(
        _is(identity, ConversationUserRow.user_id, ConversationUserRow.aad_object_id)
    )
    personal = await _personal_conversation_ids(session, identity)
    models: dict[str, Any] = {"reminder_deliveries": ReminderDeliveryRow}
    about: dict[str, list[ColumnElement[bool]]] = {
        "conversations": [Conversation.id.in_(wrote_in)],
        "reminder_deliveries": [ReminderDeliveryRow.conversation_row_id.in_(personal)],
    }
    for user, aad, name in _SIGHTINGS:
        model = _model(user, aad, name)
        models[model.__tablename__] = model
        about.setdefault(model.__tablename__, []).append(_is(identity, user, aad))
    out: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        model = models[table]
        columns = model.__table__.columns
        # A committee's row says which committee by name (a conversation's link stays an id).
        by_name = "committee_id" in columns and model is not Conversation
        query = select(*_columns(model, "data", "payload"))
        if by_name:
            query = select(Committee.name.label("committee"), *_columns(model, "committee_id", "data", "payload"))
            query = query.join(Committee, Committee.id == model.committee_id)
        if "id" in columns:
            query = query.order_by(model.id)
        out[table] = _dicts(await session.execute(query.where(or_(*about[table]))))
    return out


async def committees_of(session: AsyncSession, identity: Identity) -> set[str]:
    """The committees the person is known in: proposals, opt-ins, linked chats they wrote in, secretary roles."""
    queries = [
        select(Committee.name)
        .join(ProposalRow, ProposalRow.committee_id == Committee.id)
        .where(_is(identity, ProposalRow.submitter_user_id, ProposalRow.submitter_aad_object_id)),
        select(Committee.name)
        .join(ReminderSubscriptionRow, ReminderSubscriptionRow.committee_id == Committee.id)
        .where(_is(identity, ReminderSubscriptionRow.user_id, ReminderSubscriptionRow.aad_object_id)),
        select(Committee.name)
        .join(Conversation, Conversation.committee_id == Committee.id)
        .join(ConversationUserRow, ConversationUserRow.conversation_id == Conversation.id)
        .where(_is(identity, ConversationUserRow.user_id, ConversationUserRow.aad_object_id)),
        select(Committee.name)
        .join(CommitteeSecretaryRow, CommitteeSecretaryRow.committee_id == Committee.id)
        .where(_is(identity, None, CommitteeSecretaryRow.aad_object_id)),
    ]
    names: set[str] = set()
    for query in queries:
        names.update((await session.scalars(query)).all())
    uploads = select(PendingMinutesRow.committee).where(
        _is(identity, PendingMinutesRow.uploader_user_id, PendingMinutesRow.uploader_aad_object_id),
        PendingMinutesRow.committee.is_not(None),
    )
    names.update(n for n in (await session.scalars(uploads)).all() if n)
    return names


async def minutes_mentions(session: AsyncSession, names: Collection[str]) -> list[dict[str, Any]]:
    """Where stored minutes write one of the names (attendance, chair, minute taker, presenter, text), for the export."""
    found: list[dict[str, Any]] = []
    wanted = [n for n in {" ".join(n.split()) for n in names} if len(n) >= 3]
    if not wanted:
        return found
    meetings = await session.execute(
        select(
            Meeting.id,
            Committee.name,
            Meeting.meeting_date,
            Meeting.chair,
            Meeting.minute_taker,
            Meeting.attendees,
            Meeting.absentees,
        ).join(Committee, Committee.id == Meeting.committee_id)
    )
    for meeting_id, committee, date, chair, taker, attendees, absentees in meetings:
        fields = {"chair": [chair or ""], "minute_taker": [taker or ""], "attendees": attendees, "absentees": absentees}
        where = [field for field, texts in fields.items() if any(_mentions(t, wanted) for t in texts or [])]
        if where:
            found.append({"committee": committee, "meeting_date": _plain(date), "meeting_id": meeting_id, "in": where})
    for name in wanted:
        text_has = or_(
            SectionRow.text.contains(name, autoescape=True), AgendaItemRow.presenter.contains(name, autoescape=True)
        )
        items = await session.execute(
            select(Committee.name, Meeting.meeting_date, AgendaItemRow.number, AgendaItemRow.title)
            .join(Meeting, Meeting.id == AgendaItemRow.meeting_id)
            .join(Committee, Committee.id == Meeting.committee_id)
            .outerjoin(SectionRow, SectionRow.agenda_item_id == AgendaItemRow.id)
            .where(text_has)
            .distinct()
            .limit(_MAX_MENTIONS)
        )
        for committee, date, number, title in items:
            found.append(
                {
                    "committee": committee,
                    "meeting_date": _plain(date),
                    "item_number": number,
                    "item_title": title,
                    "in": ["item"],
                }
            )
    return found[:_MAX_MENTIONS]


def _mentions(text: str, names: Collection[str]) -> bool:
    folded = " ".join(text.split()).casefold()
    return any(name.casefold() in folded for name in names)


async def erase(session: AsyncSession, identity: Identity, pseudonym: str) -> dict[str, dict[str, int]]:
    """Delete or pseudonymise every row about the person (see the module docstring); counts per table."""
    counts: dict[str, dict[str, int]] = {}

    async def run(kind: str, statement: Any) -> None:
        done = (await session.execute(statement.execution_options(synchronize_session=False))).rowcount or 0
        if done:
            counts.setdefault(statement.table.name, {"deleted": 0, "pseudonymised": 0})[kind] += done

    submitted = _is(identity, ProposalRow.submitter_user_id, ProposalRow.submitter_aad_object_id)
    undecided = select(ProposalRow.id).where(submitted, ProposalRow.status.in_(_UNDECIDED))
    await run("deleted", delete(ProposalEventRow).where(ProposalEventRow.proposal_id.in_(undecided)))
    await run("deleted", delete(ProposalRow).where(submitted, ProposalRow.status.in_(_UNDECIDED)))
    personal = await _personal_conversation_ids(session, identity)
    # Children before the conversations, which would take them along uncounted.
    for user, aad, name in _SIGHTINGS:
        if _model(user, aad, name) in _OWN_ROWS:
            await run("deleted", delete(_model(user, aad, name)).where(_is(identity, user, aad)))
    await run("deleted", delete(ReminderDeliveryRow).where(ReminderDeliveryRow.conversation_row_id.in_(personal)))
    await run("deleted", delete(Conversation).where(Conversation.id.in_(personal)))
    # The rest is the committees' record: decided proposals, uploaded minutes, links and settings stay,
    # the person in them does not.
    for user, aad, name in _SIGHTINGS:
        model = _model(user, aad, name)
        if model in _OWN_ROWS:
            continue
        values: dict[str, Any] = {column.key: pseudonym for column in (user or aad, name) if column is not None}
        if user is not None and aad is not None:
            values[aad.key] = None
        if user is ProposalRow.submitter_user_id or user is PendingMinutesRow.uploader_user_id:
            # The chat it came from could lead back to them; one per row, as (channel, chat, activity) is unique.
            values["conversation_id"] = pseudonym + ":" + cast(model.id, Text)
        await run("pseudonymised", update(model).where(_is(identity, user, aad)).values(**values))
    return {table: counts[table] for table in TABLES if table in counts}


async def add_audit_event(
    session: AsyncSession,
    *,
    at: dt.datetime,
    actor_user_id: str,
    actor_aad_object_id: str | None,
    actor_name: str | None,
    action: str,
    details: dict[str, Any],
) -> None:
    """Append one row to the audit log. ``details`` must be JSON-serialisable and hold no names."""
    session.add(
        AuditEventRow(
            at=at,
            actor_user_id=actor_user_id[:256],
            actor_aad_object_id=actor_aad_object_id,
            actor_name=None if actor_name is None else actor_name[:300],
            action=action,
            details=details,
        )
    )
    await session.flush()


async def audit_events(session: AsyncSession, *, action_prefix: str = "") -> list[dict[str, Any]]:
    """The audit log, oldest first, optionally only actions starting with ``action_prefix``."""
    query = select(*_columns(AuditEventRow)).order_by(AuditEventRow.id)
    if action_prefix:
        query = query.where(AuditEventRow.action.startswith(action_prefix, autoescape=True))
    return _dicts(await session.execute(query))


async def pseudonym_key(session: AsyncSession, *, now: dt.datetime) -> bytes:
    """The pseudonym key, made (32 random bytes) by the first caller; concurrent callers get the same one."""
    query = select(PseudonymKeyRow.key).where(PseudonymKeyRow.id == PSEUDONYM_KEY_ID)
    key = await session.scalar(query)
    if key is None:
        insert = upsert_insert(session)(PseudonymKeyRow).values(
            id=PSEUDONYM_KEY_ID, key=secrets.token_hex(32), created_at=now
        )
        await session.execute(insert.on_conflict_do_nothing(index_elements=["id"]))
        key = await session.scalar(query)
    assert key is not None
    return bytes.fromhex(key)
