"""Store agenda proposals, their audit trail, committee secretaries and proposal settings.

The caller owns the transaction (writers use ``storage.database.writing``). Meeting dates are local.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.minutes.model import DateKind, Precision
from bot.proposals.model import AuditEntry, Person, Proposal, ProposalDraft, ProposalStatus
from bot.words import committee_key
from storage.calendar_repository import committee_row
from storage.models import (
    Committee,
    CommitteeProposalSettingsRow,
    CommitteeSecretaryRow,
    DateMentionRow,
    Meeting,
    ProposalEventRow,
    ProposalRow,
)
from storage.sql import put, require_aware, upsert_insert


@dataclass(frozen=True, slots=True)
class StoredProposal:
    """A proposal, and the meeting whose cut-off had passed when it was submitted, if any."""

    proposal: Proposal
    rolled_over_from: dt.date | None


@dataclass(frozen=True, slots=True)
class MeetingSource:
    """One place the stored minutes name a committee's meeting by day: a meeting with minutes, a line of a meeting
    calendar, or "næste møde den 13. april" (those two with the ``sentence`` and ``text`` as written)."""

    date: dt.date
    kind: Literal["minutes", "calendar", "next_meeting"]
    start_time: dt.time | None
    end_time: dt.time | None
    place: str | None
    sentence: str | None
    text: str | None
    written_on: dt.date | None


find_committee = committee_row  # the name proposals and reminders look committees up by


async def insert_proposal(
    session: AsyncSession,
    *,
    committee_id: int,
    meeting_date: dt.date,
    rolled_over_from: dt.date | None,
    draft: ProposalDraft,
    submitter: Person,
    submitted_at: dt.datetime,
    channel_id: str,
    conversation_id: str,
    activity_id: str,
) -> int | None:
    """Insert a pending proposal as drafted; None when the activity already has one (concurrent retries store one)."""
    require_aware(submitted_at, "submitted_at")
    statement = (
        upsert_insert(session)(ProposalRow)
        .values(
            committee_id=committee_id,
            meeting_date=meeting_date,
            rolled_over_from=rolled_over_from,
            title=draft.title,
            description=draft.description,
            presenter=draft.presenter,
            minutes_needed=draft.minutes_needed,
            material_url=draft.material_url,
            status=ProposalStatus.PENDING,
            submitter_user_id=submitter.user_id,
            submitter_aad_object_id=submitter.aad_object_id,
            submitter_name=submitter.name,
            submitted_at=submitted_at,
            channel_id=channel_id,
            conversation_id=conversation_id,
            activity_id=activity_id,
            updated_at=submitted_at,
        )
        .on_conflict_do_nothing(
            index_elements=[ProposalRow.channel_id, ProposalRow.conversation_id, ProposalRow.activity_id]
        )
        .returning(ProposalRow.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def proposal_by_activity(
    session: AsyncSession, *, channel_id: str, conversation_id: str, activity_id: str
) -> StoredProposal | None:
    """The proposal an activity created, if any."""
    rows = await _stored(
        session,
        _proposal_query().where(
            ProposalRow.channel_id == channel_id,
            ProposalRow.conversation_id == conversation_id,
            ProposalRow.activity_id == activity_id,
        ),
    )
    return rows[0] if rows else None


async def get_proposal(session: AsyncSession, proposal_id: int, *, for_update: bool = False) -> StoredProposal | None:
    """One proposal by id; ``for_update`` locks its row until the transaction ends (PostgreSQL)."""
    query = _proposal_query().where(ProposalRow.id == proposal_id)
    if for_update:
        query = query.with_for_update(of=ProposalRow)
    rows = await _stored(session, query)
    return rows[0] if rows else None


async def proposals_by_submitter(
    session: AsyncSession,
    submitter: Person,
    *,
    committee: str | None = None,
    exclude: Collection[ProposalStatus] = (ProposalStatus.WITHDRAWN,),
) -> list[Proposal]:
    """A member's proposals, newest first, by Teams user id or Entra object id (another registration or channel)."""
    same_person = ProposalRow.submitter_user_id == submitter.user_id
    if submitter.aad_object_id:
        same_person = or_(same_person, ProposalRow.submitter_aad_object_id == submitter.aad_object_id)
    query = _proposal_query().where(same_person)
    if committee is not None:
        query = query.where(Committee.key == committee_key(committee))
    if exclude:
        query = query.where(ProposalRow.status.not_in(list(exclude)))
    query = query.order_by(ProposalRow.submitted_at.desc(), ProposalRow.id.desc())
    return [stored.proposal for stored in await _stored(session, query)]


async def proposals_for_committee(
    session: AsyncSession,
    committee: str,
    *,
    statuses: Collection[ProposalStatus],
    meeting_date: dt.date | None = None,
) -> list[Proposal]:
    """A committee's proposals in the given states (for one meeting, else all), by meeting then submission."""
    query = _proposal_query().where(Committee.key == committee_key(committee), ProposalRow.status.in_(list(statuses)))
    if meeting_date is not None:
        query = query.where(ProposalRow.meeting_date == meeting_date)
    query = query.order_by(ProposalRow.meeting_date, ProposalRow.submitted_at, ProposalRow.id)
    return [stored.proposal for stored in await _stored(session, query)]


async def update_status(
    session: AsyncSession,
    proposal_id: int,
    status: ProposalStatus,
    *,
    at: dt.datetime,
    decided_by: Person | None,
    reason: str | None = None,
) -> None:
    """Set a proposal's status, who decided it and when (None clears both) and the reason."""
    require_aware(at, "at")
    await session.execute(
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id)
        .values(
            status=status,
            decided_by_user_id=decided_by.user_id if decided_by else None,
            decided_by_aad_object_id=decided_by.aad_object_id if decided_by else None,
            decided_by_name=decided_by.name if decided_by else None,
            decided_at=at if decided_by else None,
            reason=reason,
            updated_at=at,
        )
        .execution_options(synchronize_session=False)
    )


async def update_meeting(session: AsyncSession, proposal_id: int, meeting_date: dt.date, *, at: dt.datetime) -> None:
    """Move a proposal to another meeting (local date)."""
    require_aware(at, "at")
    await session.execute(
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id)
        .values(meeting_date=meeting_date, updated_at=at)
        .execution_options(synchronize_session=False)
    )


async def add_event(
    session: AsyncSession, proposal_id: int, *, at: dt.datetime, actor: Person, action: str, details: dict[str, Any]
) -> None:
    """Append one entry to a proposal's audit trail. ``details`` must be JSON-serialisable."""
    require_aware(at, "at")
    session.add(
        ProposalEventRow(
            proposal_id=proposal_id,
            at=at,
            actor_user_id=actor.user_id,
            actor_aad_object_id=actor.aad_object_id,
            actor_name=actor.name,
            action=action,
            details=details,
        )
    )
    await session.flush()


async def proposal_events(session: AsyncSession, proposal_id: int) -> list[AuditEntry]:
    """A proposal's audit trail, oldest first."""
    rows = await session.scalars(
        select(ProposalEventRow)
        .where(ProposalEventRow.proposal_id == proposal_id)
        .order_by(ProposalEventRow.at, ProposalEventRow.id)
    )
    return [
        AuditEntry(
            proposal_id=row.proposal_id,
            at=row.at,
            actor=Person(row.actor_user_id, row.actor_aad_object_id, row.actor_name),
            action=row.action,
            details=dict(row.details),
        )
        for row in rows
    ]


async def add_secretary(
    session: AsyncSession, committee_id: int, aad_object_id: str, *, added_by: str, added_at: dt.datetime
) -> bool:
    """Make an Entra object id a secretary of a committee; True when it was not one already."""
    require_aware(added_at, "added_at")
    statement = (
        upsert_insert(session)(CommitteeSecretaryRow)
        .values(committee_id=committee_id, aad_object_id=aad_object_id, added_by=added_by, added_at=added_at)
        .on_conflict_do_nothing(
            index_elements=[CommitteeSecretaryRow.committee_id, CommitteeSecretaryRow.aad_object_id]
        )
        .returning(CommitteeSecretaryRow.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def remove_secretary(session: AsyncSession, committee_id: int, aad_object_id: str) -> bool:
    """Remove a secretary; True when there was one to remove."""
    result = await session.execute(
        delete(CommitteeSecretaryRow)
        .where(CommitteeSecretaryRow.committee_id == committee_id, CommitteeSecretaryRow.aad_object_id == aad_object_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0  # type: ignore[attr-defined]  # execute() is typed as Result; an UPDATE/DELETE gives a CursorResult


async def secretaries_of(session: AsyncSession, committee: str) -> list[str]:
    """The Entra object ids stored as secretaries of a committee (name in any case), sorted."""
    ids = await session.scalars(
        select(CommitteeSecretaryRow.aad_object_id)
        .join(Committee, Committee.id == CommitteeSecretaryRow.committee_id)
        .where(Committee.key == committee_key(committee))
        .order_by(CommitteeSecretaryRow.aad_object_id)
    )
    return list(ids)


async def committees_of_secretary(session: AsyncSession, aad_object_id: str) -> list[str]:
    """The stored names of the committees an Entra object id (stored lower-case) is a stored secretary of."""
    names = await session.scalars(
        select(Committee.name)
        .join(CommitteeSecretaryRow, CommitteeSecretaryRow.committee_id == Committee.id)
        .where(CommitteeSecretaryRow.aad_object_id == aad_object_id)
        .order_by(Committee.name)
    )
    return list(names)


async def cutoff_days(session: AsyncSession, committee_id: int) -> int | None:
    """The committee's own cut-off in days, or None when it uses the default."""
    return await session.scalar(
        select(CommitteeProposalSettingsRow.cutoff_days).where(
            CommitteeProposalSettingsRow.committee_id == committee_id
        )
    )


async def set_cutoff_days(session: AsyncSession, committee_id: int, days: int, *, by: Person, at: dt.datetime) -> None:
    """Store a committee's cut-off (days before a meeting), replacing an earlier one."""
    require_aware(at, "at")
    await put(
        session, CommitteeProposalSettingsRow, ["committee_id"], committee_id=committee_id, cutoff_days=days,
        updated_by_user_id=by.user_id, updated_by_name=by.name, updated_at=at,
    )  # fmt: skip  # keyword arguments grouped by meaning


async def meeting_sources(session: AsyncSession, committee: str) -> list[MeetingSource]:
    """Every day-precise meeting date the committee's stored minutes give, by date, then kind as listed."""
    key = committee_key(committee)
    held = await session.execute(
        select(Meeting.meeting_date, Meeting.start_time, Meeting.end_time, Meeting.place)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(Committee.key == key, Meeting.meeting_date.is_not(None))
        .order_by(Meeting.meeting_date, Meeting.id)
    )
    sources = [
        MeetingSource(
            row.meeting_date, "minutes", row.start_time, row.end_time, row.place, None, None, row.meeting_date
        )
        for row in held
    ]
    mentioned = await session.execute(
        select(
            DateMentionRow.on_date,
            DateMentionRow.kind,
            DateMentionRow.start_time,
            DateMentionRow.end_time,
            DateMentionRow.sentence,
            DateMentionRow.text,
            Meeting.meeting_date,
        )
        .join(Meeting, Meeting.id == DateMentionRow.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(
            Committee.key == key,
            DateMentionRow.kind.in_([DateKind.CALENDAR_MEETING, DateKind.NEXT_MEETING]),
            DateMentionRow.precision == Precision.DAY,
        )
        .order_by(DateMentionRow.on_date, Meeting.meeting_date, DateMentionRow.id)
    )
    for row in mentioned:
        kind: Literal["calendar", "next_meeting"] = (
            "calendar" if row.kind == DateKind.CALENDAR_MEETING else "next_meeting"
        )
        sources.append(
            MeetingSource(
                row.on_date, kind, row.start_time, row.end_time, None, row.sentence, row.text, row.meeting_date
            )
        )
    order = {"minutes": 0, "calendar": 1, "next_meeting": 2}
    sources.sort(key=lambda source: (source.date, order[source.kind]))
    return sources


def _proposal_query() -> Select[Any]:
    return select(ProposalRow, Committee.name).join(Committee, Committee.id == ProposalRow.committee_id)


async def _stored(session: AsyncSession, query: Select[Any]) -> list[StoredProposal]:
    # Rows change through UPDATE statements; never serve a stale identity-map copy.
    result = await session.execute(query.execution_options(populate_existing=True))
    return [
        StoredProposal(proposal=_to_proposal(row, name), rolled_over_from=row.rolled_over_from)
        for row, name in result.all()
    ]


def _to_proposal(row: ProposalRow, committee_name: str) -> Proposal:
    decided_by = (
        Person(row.decided_by_user_id, row.decided_by_aad_object_id, row.decided_by_name)
        if row.decided_by_user_id is not None
        else None
    )
    return Proposal(
        id=row.id,
        committee=committee_name,
        meeting_date=row.meeting_date,
        title=row.title,
        description=row.description,
        presenter=row.presenter,
        minutes_needed=row.minutes_needed,
        material_url=row.material_url,
        status=ProposalStatus(row.status),
        submitter=Person(row.submitter_user_id, row.submitter_aad_object_id, row.submitter_name),
        submitted_at=row.submitted_at,
        channel_id=row.channel_id,
        conversation_id=row.conversation_id,
        decided_by=decided_by,
        decided_at=row.decided_at,
        reason=row.reason,
    )
