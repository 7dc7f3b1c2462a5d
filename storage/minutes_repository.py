"""Save and load minutes.

Transactions belong to the caller: these functions flush but never commit, so a save and
whatever else the caller does commit or roll back together::

    async with sessions.begin() as session:
        result = await save_minutes(session, minutes, ingested_at=clock.now())

If anything raises inside that block, nothing of the save is stored.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.minutes.model import AgendaItem, DateMention, Meeting, Minutes, Section
from storage.models import (
    CORPUS_STATE_ID,
    AgendaItemRow,
    Committee,
    CorpusState,
    DateMentionRow,
    MinutesDocument,
    SectionRow,
)
from storage.models import Meeting as MeetingRow

COMMITTEE_TZ = ZoneInfo("Europe/Copenhagen")


class MissingCommittee(ValueError):
    """Minutes that do not say which committee they belong to cannot be stored."""

    def __init__(self, document: str):
        super().__init__(
            f"{document}: referatet angiver ikke, hvilken gruppe eller hvilket udvalg det hører til; "
            "angiv gruppen, før referatet gemmes"
        )
        self.document = document


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving one set of minutes did.

    Attributes:
        status: "created" (a new meeting), "unchanged" (same content already stored, nothing
            written) or "replaced" (a new version of a stored meeting's minutes).
        meeting_id: the stored meeting; stable across replacements.
        committee: the committee's stored name (as first written, whitespace folded).
    """

    status: Literal["created", "unchanged", "replaced"]
    meeting_id: int
    committee: str


def committee_key(name: str) -> str:
    """The identity of a committee name: Unicode-normalised, casefolded, whitespace folded."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def meeting_instants(meeting: Meeting) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The meeting's start and end as UTC instants.

    The minutes give local Europe/Copenhagen wall-clock times; the offset (CET or CEST) is
    that of the meeting's own date. An end before the start is taken to be the next day.

    Returns:
        (starts_at, ends_at), each None when the date or that time is unknown.
    """
    if meeting.date is None:
        return None, None
    starts_at = _utc(meeting.date, meeting.start_time)
    ends_at = _utc(meeting.date, meeting.end_time)
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        ends_at = _utc(meeting.date + dt.timedelta(days=1), meeting.end_time)
    return starts_at, ends_at


async def save_minutes(session: AsyncSession, minutes: Minutes, *, ingested_at: dt.datetime) -> SaveResult:
    """Store minutes, or a new version of a stored meeting's minutes, in the caller's transaction.

    A meeting is (committee, meeting date), or (committee, document name) when the date is
    unknown; minutes stored under their document name are moved to their date once a later
    version knows it. The same content again (same ``content_sha256``) writes nothing; a
    different version replaces the meeting's items, sections and dates and keeps its id.
    Created and replaced saves bump the corpus version.

    Args:
        session: a session inside a transaction that the caller commits or rolls back.
        minutes: the parsed minutes; their dates and times are local Europe/Copenhagen.
        ingested_at: when the document was read, timezone-aware (stored as UTC).

    Raises:
        MissingCommittee: the minutes name no committee.
        ValueError: ingested_at is naive.
    """
    if ingested_at.tzinfo is None or ingested_at.utcoffset() is None:
        raise ValueError("ingested_at must be timezone-aware")
    committee_name = " ".join(unicodedata.normalize("NFC", minutes.meeting.committee or "").split())
    if not committee_name:
        raise MissingCommittee(minutes.source_name)
    key = committee_key(committee_name)

    committee, meeting = await _find(session, key, minutes)
    if meeting is not None and meeting.document.content_sha256 == minutes.content_sha256:
        return SaveResult("unchanged", meeting.id, committee.name)  # type: ignore[union-attr]

    # Serialise writers (replicas sharing PostgreSQL) on the corpus row, then look again:
    # another writer may have stored this meeting while we were reading.
    await session.execute(
        select(CorpusState.version).where(CorpusState.id == CORPUS_STATE_ID).with_for_update()
    )
    committee, meeting = await _find(session, key, minutes, refresh=True)
    if meeting is not None and meeting.document.content_sha256 == minutes.content_sha256:
        return SaveResult("unchanged", meeting.id, committee.name)  # type: ignore[union-attr]

    if committee is None:
        committee = Committee(key=key, name=committee_name)
        session.add(committee)
        await session.flush()

    starts_at, ends_at = meeting_instants(minutes.meeting)
    fields = _meeting_fields(minutes, committee_name, starts_at, ends_at)
    document_fields = {
        "name": minutes.source_name,
        "content_sha256": minutes.content_sha256,
        "ingested_at": ingested_at,
        "warnings": list(minutes.warnings),
    }
    if meeting is None:
        status: Literal["created", "replaced"] = "created"
        meeting = MeetingRow(committee_id=committee.id, **fields)
        session.add(meeting)
        await session.flush()
        session.add(MinutesDocument(meeting_id=meeting.id, **document_fields))
    else:
        status = "replaced"
        await _delete_children(session, meeting.id)
        for name, value in fields.items():
            setattr(meeting, name, value)
        for name, value in document_fields.items():
            setattr(meeting.document, name, value)

    _add_children(session, meeting.id, minutes)
    await session.execute(
        update(CorpusState).where(CorpusState.id == CORPUS_STATE_ID).values(version=CorpusState.version + 1)
    )
    await session.flush()
    return SaveResult(status, meeting.id, committee.name)


async def load_minutes(session: AsyncSession, *, committee: str | None = None) -> list[Minutes]:
    """Rebuild stored minutes as domain objects, ordered by meeting date (unknown dates last).

    Items, sections and dates come back in their stored order; ``source_name`` and
    ``content_sha256`` are those of the stored document; each item's ``dates`` are the
    mentions stored against it, the same objects as in ``Minutes.dates``.

    Args:
        session: any session.
        committee: a committee name in any case or spacing; None loads all committees.
    """
    query = (
        select(MeetingRow)
        .join(MeetingRow.committee)
        .options(
            selectinload(MeetingRow.document),
            selectinload(MeetingRow.items).selectinload(AgendaItemRow.sections),
            selectinload(MeetingRow.dates),
        )
        .order_by(MeetingRow.meeting_date.is_(None), MeetingRow.meeting_date, Committee.key, MeetingRow.id)
        .execution_options(populate_existing=True)
    )
    if committee is not None:
        query = query.where(Committee.key == committee_key(committee))
    rows = (await session.scalars(query)).all()
    return [_to_minutes(row) for row in rows]


async def corpus_version(session: AsyncSession) -> int:
    """A number that grows with every created or replaced save (0 for an empty database).

    Readers compare it with the version their search index was built from.
    """
    version = await session.scalar(select(CorpusState.version).where(CorpusState.id == CORPUS_STATE_ID))
    return version or 0


async def list_committees(session: AsyncSession) -> list[str]:
    """The stored committees' names, sorted case-insensitively."""
    rows = (await session.execute(select(Committee.key, Committee.name))).all()
    return [name for _, name in sorted(rows)]


def _utc(day: dt.date, time: dt.time | None) -> dt.datetime | None:
    if time is None:
        return None
    local = dt.datetime.combine(day, time.replace(tzinfo=None), tzinfo=COMMITTEE_TZ)
    return local.astimezone(dt.UTC)


def _meeting_key(minutes: Minutes) -> str:
    if minutes.meeting.date is not None:
        return f"date:{minutes.meeting.date.isoformat()}"
    return _document_key(minutes.source_name)


def _document_key(source_name: str) -> str:
    return f"document:{source_name}"


async def _find(
    session: AsyncSession, key: str, minutes: Minutes, *, refresh: bool = False
) -> tuple[Committee | None, MeetingRow | None]:
    options = {"populate_existing": True} if refresh else {}
    committee = await session.scalar(select(Committee).where(Committee.key == key).execution_options(**options))
    if committee is None:
        return None, None
    meeting_keys = [_meeting_key(minutes)]
    if minutes.meeting.date is not None:
        # The same document stored before its date was known.
        meeting_keys.append(_document_key(minutes.source_name))
    for meeting_key in meeting_keys:
        meeting = await session.scalar(
            select(MeetingRow)
            .where(MeetingRow.committee_id == committee.id, MeetingRow.meeting_key == meeting_key)
            .options(selectinload(MeetingRow.document))
            .execution_options(**options)
        )
        if meeting is not None:
            return committee, meeting
    return committee, None


def _meeting_fields(
    minutes: Minutes, committee_name: str, starts_at: dt.datetime | None, ends_at: dt.datetime | None
) -> dict[str, object]:
    meeting = minutes.meeting
    return {
        "meeting_key": _meeting_key(minutes),
        "committee_as_written": meeting.committee or committee_name,
        "meeting_date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "date_confidence": meeting.date_confidence,
        "date_evidence": meeting.date_evidence,
        "place": meeting.place,
        "chair": meeting.chair,
        "minute_taker": meeting.minute_taker,
        "attendees": list(meeting.attendees),
        "absentees": list(meeting.absentees),
    }


async def _delete_children(session: AsyncSession, meeting_id: int) -> None:
    # Dates point at items, sections at items: delete from the leaves up.
    await session.execute(delete(DateMentionRow).where(DateMentionRow.meeting_id == meeting_id))
    item_ids = select(AgendaItemRow.id).where(AgendaItemRow.meeting_id == meeting_id).scalar_subquery()
    await session.execute(delete(SectionRow).where(SectionRow.agenda_item_id.in_(item_ids)))
    await session.execute(delete(AgendaItemRow).where(AgendaItemRow.meeting_id == meeting_id))


def _add_children(session: AsyncSession, meeting_id: int, minutes: Minutes) -> None:
    item_rows = []
    for position, item in enumerate(minutes.items):
        row = AgendaItemRow(
            meeting_id=meeting_id,
            position=position,
            number=item.number,
            title=item.title,
            presenter=item.presenter,
            time_slot=item.time_slot,
            duration_minutes=item.duration_minutes,
            outcome=item.outcome,
            outcome_sentence=item.outcome_sentence,
            outcome_source=item.outcome_source,
        )
        row.sections = [
            SectionRow(position=index, kind=section.kind, heading=section.heading, text=section.text)
            for index, section in enumerate(item.sections)
        ]
        item_rows.append(row)
    session.add_all(item_rows)

    for position, (mention, item_index) in enumerate(_dates_with_items(minutes)):
        session.add(
            DateMentionRow(
                meeting_id=meeting_id,
                position=position,
                item=item_rows[item_index] if item_index is not None else None,
                item_number=mention.item_number,
                on_date=mention.on,
                start_date=mention.start,
                end_date=mention.end,
                precision=mention.precision,
                kind=mention.kind,
                text=mention.text,
                sentence=mention.sentence,
                start_time=mention.start_time,
                end_time=mention.end_time,
            )
        )


def _dates_with_items(minutes: Minutes) -> list[tuple[DateMention, int | None]]:
    """Every date with the index of the item it belongs to.

    An item's own ``dates`` list decides (the same object, else an equal one); otherwise
    the first item with the mention's ``item_number``. Dates found only in an item's list
    are kept too, after the others.
    """
    by_identity = {id(mention): index for index, item in enumerate(minutes.items) for mention in item.dates}
    first_by_number: dict[str, int] = {}
    for index, item in enumerate(minutes.items):
        first_by_number.setdefault(item.number, index)

    result: list[tuple[DateMention, int | None]] = []
    claimed: set[tuple[int, int]] = set()  # (item index, position in item.dates)
    for mention in minutes.dates:
        item_index = by_identity.get(id(mention))
        if item_index is None:
            item_index = _equal_in_items(minutes.items, mention, claimed)
        if item_index is None and mention.item_number is not None:
            item_index = first_by_number.get(mention.item_number)
        if item_index is not None:
            _claim(minutes.items[item_index], item_index, mention, claimed)
        result.append((mention, item_index))
    for item_index, item in enumerate(minutes.items):
        for position, mention in enumerate(item.dates):
            if (item_index, position) not in claimed:
                result.append((mention, item_index))
    return result


def _equal_in_items(items: list[AgendaItem], mention: DateMention, claimed: set[tuple[int, int]]) -> int | None:
    for item_index, item in enumerate(items):
        for position, candidate in enumerate(item.dates):
            if (item_index, position) not in claimed and candidate == mention:
                return item_index
    return None


def _claim(item: AgendaItem, item_index: int, mention: DateMention, claimed: set[tuple[int, int]]) -> None:
    positions = [p for p, candidate in enumerate(item.dates) if (item_index, p) not in claimed]
    for position in positions:
        if item.dates[position] is mention:
            claimed.add((item_index, position))
            return
    for position in positions:
        if item.dates[position] == mention:
            claimed.add((item_index, position))
            return


def _to_minutes(row: MeetingRow) -> Minutes:
    dates_by_item: dict[int, list[DateMention]] = {}
    dates: list[DateMention] = []
    for date_row in row.dates:
        mention = DateMention(
            on=date_row.on_date,
            start=date_row.start_date,
            end=date_row.end_date,
            precision=date_row.precision,
            kind=date_row.kind,
            text=date_row.text,
            sentence=date_row.sentence,
            start_time=date_row.start_time,
            end_time=date_row.end_time,
            item_number=date_row.item_number,
        )
        dates.append(mention)
        if date_row.agenda_item_id is not None:
            dates_by_item.setdefault(date_row.agenda_item_id, []).append(mention)

    items = [
        AgendaItem(
            number=item_row.number,
            title=item_row.title,
            presenter=item_row.presenter,
            time_slot=item_row.time_slot,
            duration_minutes=item_row.duration_minutes,
            sections=[
                Section(kind=section.kind, heading=section.heading, text=section.text)
                for section in item_row.sections
            ],
            outcome=item_row.outcome,
            outcome_sentence=item_row.outcome_sentence,
            outcome_source=item_row.outcome_source,
            dates=dates_by_item.get(item_row.id, []),
        )
        for item_row in row.items
    ]
    meeting = Meeting(
        committee=row.committee_as_written,
        date=row.meeting_date,
        date_confidence=row.date_confidence,
        date_evidence=row.date_evidence,
        start_time=row.start_time,
        end_time=row.end_time,
        place=row.place,
        chair=row.chair,
        minute_taker=row.minute_taker,
        attendees=list(row.attendees),
        absentees=list(row.absentees),
    )
    return Minutes(
        source_name=row.document.name,
        content_sha256=row.document.content_sha256,
        meeting=meeting,
        items=items,
        dates=dates,
        warnings=list(row.document.warnings),
    )
