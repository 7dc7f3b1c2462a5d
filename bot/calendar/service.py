"""The committees' meeting calendar, over the database.

Minutes fill it (their own meeting, and the calendar lines and next-meeting dates they write); a secretary
adds, moves and cancels meetings, and that is the secretary's word: a re-sync from minutes leaves it alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar import ics
from bot.calendar.model import (
    SOURCE_GRAPH,
    SOURCE_IMPORT,
    SOURCE_MINUTES,
    SOURCE_SECRETARY,
    STATUS_CANCELLED,
    STATUS_PLANNED,
    CalendarError,
    CalendarMeeting,
    NotSecretary,
    UnknownMeeting,
    committee_slug,
    local_instant,
)
from bot.clock import COMMITTEE_TZ, Clock, local_today
from bot.minutes.model import DateKind, Minutes, Precision
from bot.proposals.meetings import calendar_place
from storage import calendar_repository as repo
from storage.database import writing
from storage.minutes_repository import list_committees, load_minutes

logger = logging.getLogger(__name__)

# Whether an Entra object id is a secretary of a committee: Proposals.is_secretary.
SecretaryCheck = Callable[[str, str | None], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What a sync did: meetings added, changed, and left as they were."""

    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class _Planned:
    day: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str | None
    own: bool  # the minutes' own meeting, which says more than a mention does


class Calendar:
    """Committees' meetings: filled from minutes and group calendars, kept by secretaries, exported as iCalendar.

    ``is_secretary(committee, aad_object_id)`` says who may change them; None refuses every change.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        is_secretary: SecretaryCheck | None = None,
    ):
        self._sessions = sessions
        self._clock = clock
        self._is_secretary = is_secretary
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every change this instance stores (Knowledge forgets its calendar read)."""
        self._listeners.append(listener)

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        async with writing(self._sessions) as session:
            yield session
        for listener in self._listeners:
            listener()

    async def sync_from_minutes(self, minutes: Minutes) -> int:
        """Put the minutes' meetings in their committee's calendar; safe to repeat. How many were added or changed."""
        committee = minutes.meeting.committee
        if not committee or not (planned := _planned_from(minutes)):
            return 0
        now = self._clock.now()
        changed = 0
        async with self._writing() as session:
            committee_id, name = await repo.committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            existing = {s.origin_date: s for s in await repo.meetings_of(session, name) if s.origin_date is not None}
            for item in planned:
                starts_at = local_instant(item.day, item.start)
                ends_at = local_instant(item.day, item.end) if item.start and item.end else None
                stored = existing.get(item.day)
                if stored is None:
                    await repo.insert_meeting(
                        session, committee_id, uid=_minutes_uid(name, item.day), starts_at=starts_at, ends_at=ends_at,
                        all_day=item.start is None, place=item.place, source=SOURCE_MINUTES, origin_date=item.day, at=now,
                    )  # fmt: skip  # keyword arguments grouped by meaning
                    changed += 1
                    continue
                meeting = stored.meeting
                if meeting.source != SOURCE_MINUTES:
                    continue  # a secretary or an import said otherwise: theirs stands
                fields: dict[str, object] = {}
                if item.start is not None and (item.own or meeting.all_day):
                    fields.update(starts_at=starts_at, ends_at=ends_at, all_day=False)
                if item.place and (item.own or not meeting.place):
                    fields["place"] = item.place
                fields = {k: v for k, v in fields.items() if getattr(meeting, k) != v}
                if fields:
                    await repo.update_meeting(session, meeting.id, at=now, **fields)  # type: ignore[arg-type]  # the fields are typed as a dict of objects; the repository checks them
                    changed += 1
        return changed

    async def fill_from_stored_minutes(self) -> int:
        """At start-up, fill the calendar of each committee with stored minutes and no calendar meetings yet (a
        database older than the calendar); running it again, or on several replicas, adds nothing."""
        async with self._sessions() as session:
            kept = set(await repo.committees_with_meetings(session))
            empty = [name for name in await list_committees(session) if name not in kept]
        total = 0
        for name in empty:
            async with self._sessions() as session:
                stored = await load_minutes(session, committee=name)
            changed = 0
            for minutes in stored:
                try:
                    changed += await self.sync_from_minutes(minutes)
                except IntegrityError:
                    # Another replica filled the same meetings meanwhile: syncing again finds them.
                    changed += await self.sync_from_minutes(minutes)
            if changed:
                logger.info("calendar of %s filled from its %d stored minutes: %d meetings", name, len(stored), changed)
            total += changed
        return total

    async def upcoming(self, committee: str | None = None) -> list[CalendarMeeting]:
        """Planned meetings from today (local) on, soonest first; one committee or all."""
        since = local_instant(local_today(self._clock), None)
        async with self._sessions() as session:
            stored = await repo.meetings_of(session, committee, since=since, statuses=[STATUS_PLANNED])
        return [s.meeting for s in stored]

    async def meetings(self, committee: str) -> list[CalendarMeeting]:
        """All the committee's calendar meetings, planned and cancelled, oldest first."""
        async with self._sessions() as session:
            return [s.meeting for s in await repo.meetings_of(session, committee)]

    async def add(
        self,
        committee: str,
        day: dt.date,
        *,
        by: str | None,
        start: dt.time | None = None,
        end: dt.time | None = None,
        place: str | None = None,
    ) -> CalendarMeeting:
        """Add a meeting (local day and times); ``by`` is the secretary's Entra object id.

        A day the minutes announce a meeting on keeps one meeting: the announced one takes the new times and
        place. Other meetings that day stay (a committee may meet twice in a day)."""
        await self._require_secretary(committee, by)
        now = self._clock.now()
        async with self._writing() as session:
            committee_id, _ = await repo.committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            announced = [
                s.meeting
                for s in await repo.meetings_of(session, committee, statuses=[STATUS_PLANNED])
                if s.meeting.local_date == day and s.meeting.source == SOURCE_MINUTES
            ]
            if announced:
                planned = announced[0]
                await repo.update_meeting(
                    session, planned.id, at=now, starts_at=local_instant(day, start),  # type: ignore[arg-type]  # a stored meeting has an id
                    ends_at=local_instant(day, end) if start and end else None, all_day=start is None,
                    place=place or planned.place, source=SOURCE_SECRETARY, updated_by=by,
                )  # fmt: skip  # keyword arguments grouped by meaning
                return await _planned_on(session, committee, day, uid=planned.uid)
            uid = f"{uuid.uuid4().hex}@moedeassistent"
            await repo.insert_meeting(
                session, committee_id, uid=uid, starts_at=local_instant(day, start),
                ends_at=local_instant(day, end) if start and end else None, all_day=start is None,
                place=place, source=SOURCE_SECRETARY, by=by, at=now,
            )  # fmt: skip  # keyword arguments grouped by meaning
            stored = await repo.meeting_by_uid(session, committee_id, uid)
        assert stored is not None  # just inserted
        return stored.meeting

    async def move(
        self,
        committee: str,
        day: dt.date,
        new_day: dt.date,
        *,
        by: str | None,
        start: dt.time | None = None,
        end: dt.time | None = None,
    ) -> CalendarMeeting:
        """Move the committee's planned meeting on ``day`` to ``new_day``, keeping its time unless given."""
        await self._require_secretary(committee, by)
        async with self._writing() as session:
            meeting = await _planned_on(session, committee, day)
            if start is None and not meeting.all_day:
                start, end = meeting.local_start, meeting.local_end
            ends_at = local_instant(new_day, end) if start and end else None
            await repo.update_meeting(
                session, meeting.id, at=self._clock.now(), starts_at=local_instant(new_day, start), ends_at=ends_at,  # type: ignore[arg-type]  # a stored meeting has an id
                all_day=start is None, source=SOURCE_SECRETARY, updated_by=by,
            )  # fmt: skip  # keyword arguments grouped by meaning
            return await _planned_on(session, committee, new_day, uid=meeting.uid)

    async def cancel(self, committee: str, day: dt.date, *, by: str | None) -> CalendarMeeting:
        await self._require_secretary(committee, by)
        async with self._writing() as session:
            meeting = await _planned_on(session, committee, day)
            await repo.update_meeting(
                session, meeting.id, at=self._clock.now(), status=STATUS_CANCELLED,  # type: ignore[arg-type]  # a stored meeting has an id
                source=SOURCE_SECRETARY, updated_by=by,
            )  # fmt: skip  # keyword arguments grouped by meaning
        return replace(meeting, status=STATUS_CANCELLED)

    async def export_ics(self, committee: str) -> bytes:
        """Every calendar meeting of the committee as an .ics file (cancelled ones marked so)."""
        async with self._sessions() as session:
            row = await repo.committee_row(session, committee)
            if row is None:
                raise CalendarError(f"Jeg kender ikke udvalget »{committee}«.")
            stored = await repo.meetings_of(session, row[1])
        return ics.to_ics(row[1], [s.meeting for s in stored], stamp=self._clock.now())

    async def import_ics(self, committee: str, data: bytes, *, by: str | None) -> ImportCounts:
        """Add or update the committee's meetings from an .ics file, matched by UID (secretaries only).

        A file that cannot be read raises MalformedCalendar and stores nothing."""
        await self._require_secretary(committee, by)
        events = ics.from_ics(data)
        now = self._clock.now()
        added = updated = unchanged = 0
        async with self._writing() as session:
            committee_id, _ = await repo.committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            for event in events:
                status = STATUS_CANCELLED if event.cancelled else STATUS_PLANNED
                stored = await repo.meeting_by_uid(session, committee_id, event.uid)
                if stored is None:
                    await repo.insert_meeting(
                        session, committee_id, uid=event.uid, starts_at=event.starts_at, ends_at=event.ends_at,
                        all_day=event.all_day, place=event.place, source=SOURCE_IMPORT, status=status, by=by, at=now,
                    )  # fmt: skip  # keyword arguments grouped by meaning
                    added += 1
                    continue
                fields = {
                    "starts_at": event.starts_at, "ends_at": event.ends_at, "all_day": event.all_day,
                    "place": event.place, "status": status,
                }  # fmt: skip  # a literal kept compact
                changes = {k: v for k, v in fields.items() if getattr(stored.meeting, k) != v}
                if changes:
                    await repo.update_meeting(
                        session,
                        stored.meeting.id,
                        at=now,
                        source=SOURCE_IMPORT,
                        updated_by=by,
                        **changes,  # type: ignore[arg-type]  # the fields are typed as a dict of objects; the repository checks them
                    )
                    updated += 1
                else:
                    unchanged += 1
        return ImportCounts(added, updated, unchanged)

    async def sync_from_group_calendar(
        self,
        committee: str,
        events: list[ics.ImportedEvent],
        *,
        since: dt.datetime,
        until: dt.datetime,
    ) -> ImportCounts:
        """Make the committee's meetings agree with its group calendar's events in [since, until).

        Events are matched by UID. An event without a match on a day where the minutes put a planned
        meeting takes that meeting over (same meeting, now kept by the group calendar), so it is not
        listed twice. A cancelled event cancels its meeting; a meeting the group calendar gave that
        is no longer among the events is cancelled too (deleted in Outlook). Meetings a secretary
        changed or an .ics import set are theirs and are left alone. Safe to repeat.
        """
        now = self._clock.now()
        added = updated = unchanged = 0
        async with self._writing() as session:
            committee_id, name = await repo.committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            stored = [s.meeting for s in await repo.meetings_of(session, name)]
            by_uid = {m.uid: m for m in stored}
            uids = {e.uid for e in events}
            # Planned meetings an unmatched event may take over, by local day.
            by_day: dict[dt.date, CalendarMeeting] = {}
            for m in stored:
                if m.status == STATUS_PLANNED and m.source in (SOURCE_MINUTES, SOURCE_GRAPH) and m.uid not in uids:
                    by_day.setdefault(m.local_date, m)
            seen: set[int | None] = set()
            for event in events:
                status = STATUS_CANCELLED if event.cancelled else STATUS_PLANNED
                day = event.starts_at.astimezone(COMMITTEE_TZ).date()
                meeting = by_uid.get(event.uid) or by_day.pop(day, None)
                if meeting is None:
                    if event.cancelled:
                        continue  # never planned here: nothing to cancel
                    await repo.insert_meeting(
                        session, committee_id, uid=event.uid, starts_at=event.starts_at, ends_at=event.ends_at,
                        all_day=event.all_day, place=event.place, source=SOURCE_GRAPH, status=status, at=now,
                    )  # fmt: skip  # keyword arguments grouped by meaning
                    added += 1
                    continue
                seen.add(meeting.id)
                if meeting.source not in (SOURCE_MINUTES, SOURCE_GRAPH):
                    unchanged += 1  # a secretary or an import said otherwise: theirs stands
                    continue
                fields = {
                    "starts_at": event.starts_at, "ends_at": event.ends_at, "all_day": event.all_day,
                    "place": event.place or meeting.place, "status": status, "source": SOURCE_GRAPH,
                }  # fmt: skip  # a literal kept compact
                changes = {k: v for k, v in fields.items() if getattr(meeting, k) != v}
                if changes:
                    await repo.update_meeting(session, meeting.id, at=now, **changes)  # type: ignore[arg-type]  # the fields are typed as a dict of objects; the repository checks them
                    updated += 1
                else:
                    unchanged += 1
            for m in stored:
                gone = m.source == SOURCE_GRAPH and m.status == STATUS_PLANNED and m.id not in seen
                if gone and since <= m.starts_at < until:
                    await repo.update_meeting(session, m.id, at=now, status=STATUS_CANCELLED)  # type: ignore[arg-type]  # a stored meeting has an id
                    updated += 1
        return ImportCounts(added, updated, unchanged)

    async def _require_secretary(self, committee: str, by: str | None) -> None:
        if self._is_secretary is None or not await self._is_secretary(committee, by):
            raise NotSecretary(f"Kun udvalgets sekretær kan ændre mødekalenderen for {committee}.")


def _planned_from(minutes: Minutes) -> list[_Planned]:
    """The meetings the minutes give by day: their own first, then calendar lines and next-meeting dates."""
    found: dict[dt.date, _Planned] = {}
    meeting = minutes.meeting
    if meeting.date is not None:
        found[meeting.date] = _Planned(meeting.date, meeting.start_time, meeting.end_time, meeting.place, True)
    kinds = (DateKind.CALENDAR_MEETING, DateKind.NEXT_MEETING)
    for mention in minutes.dates:
        if mention.precision != Precision.DAY or mention.kind not in kinds or mention.on in found:
            continue
        place = calendar_place(mention.sentence, mention.text) if mention.kind == DateKind.CALENDAR_MEETING else None
        found[mention.on] = _Planned(mention.on, mention.start_time, mention.end_time, place, False)
    return [found[day] for day in sorted(found)]


def _minutes_uid(committee: str, day: dt.date) -> str:
    # Stable: the same minutes give the same UID in every export and on every server.
    return f"{day.isoformat()}-{committee_slug(committee)}@moedeassistent"


async def _planned_on(
    session: AsyncSession, committee: str, day: dt.date, *, uid: str | None = None
) -> CalendarMeeting:
    stored = await repo.meetings_of(session, committee, statuses=[STATUS_PLANNED])
    for s in stored:
        if s.meeting.local_date == day and (uid is None or s.meeting.uid == uid):
            return s.meeting
    raise UnknownMeeting(committee, day)
