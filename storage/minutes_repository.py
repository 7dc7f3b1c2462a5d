"""Save and load minutes. The caller owns the transaction: a save commits or rolls back with it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, Select, Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import COMMITTEE_TZ
from bot.minutes.model import AgendaItem, DateMention, Meeting, Minutes, Section
from bot.words import committee_key
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
from storage.sql import require_aware

# Saving and loading work on the tables (SQLAlchemy Core), not on ORM objects: bulk inserts,
# and plain rows turned straight into domain objects, with no identity map to fill.
_COMMITTEES: Table = Committee.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
_MEETINGS: Table = MeetingRow.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
_DOCUMENTS: Table = MinutesDocument.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
_ITEMS: Table = AgendaItemRow.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
_SECTIONS: Table = SectionRow.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
_DATES: Table = DateMentionRow.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
_CORPUS: Table = CorpusState.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table
# The domain fields stored under their own names, and the date mention's that are not.
_ITEM_FIELDS = ("number", "title", "case_number", "presenter", "time_slot", "duration_minutes", "outcome",
                "outcome_sentence", "outcome_source")  # fmt: skip  # names packed
_DATE_COLUMNS = {"on": "on_date", "start": "start_date", "end": "end_date", "precision": "precision", "kind": "kind",
                 "text": "text", "sentence": "sentence", "start_time": "start_time", "end_time": "end_time",
                 "item_number": "item_number"}  # fmt: skip  # names packed
# Small enough that building one partition's objects never holds the event loop for long.
_LOAD_PARTITION_ROWS = 1_000


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
    """What saving one set of minutes did; ``meeting_id`` is stable across replacements."""

    status: Literal["created", "unchanged", "replaced"]
    meeting_id: int
    committee: str


def meeting_instants(meeting: Meeting) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The meeting's local start and end as UTC instants (None where unknown); an end before the start is next day."""
    if meeting.date is None:
        return None, None
    starts_at = _utc(meeting.date, meeting.start_time)
    ends_at = _utc(meeting.date, meeting.end_time)
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        ends_at = _utc(meeting.date + dt.timedelta(days=1), meeting.end_time)
    return starts_at, ends_at


async def save_minutes(session: AsyncSession, minutes: Minutes, *, ingested_at: dt.datetime) -> SaveResult:
    """Store minutes, or a new version of a stored meeting's, and bump the corpus version unless unchanged.

    A meeting is (committee, date), or (committee, document name) until a later version knows the date.
    The same ``content_sha256`` again writes nothing; another version replaces the children, keeping the id.
    """
    require_aware(ingested_at, "ingested_at")
    committee_name = " ".join(unicodedata.normalize("NFC", minutes.meeting.committee or "").split())
    if not committee_name:
        raise MissingCommittee(minutes.source_name)
    key = committee_key(committee_name)

    found = await _find(session, key, minutes)
    if found.unchanged_by(minutes):
        return SaveResult("unchanged", found.meeting_id, found.committee_name)  # type: ignore[arg-type]  # the joined row's columns are Optional in the model, never None here

    # Serialise writers (replicas sharing PostgreSQL) on the corpus row, then look again:
    # another writer may have stored this meeting while we were reading.
    await session.execute(select(CorpusState.version).where(CorpusState.id == CORPUS_STATE_ID).with_for_update())
    found = await _find(session, key, minutes)
    if found.unchanged_by(minutes):
        return SaveResult("unchanged", found.meeting_id, found.committee_name)  # type: ignore[arg-type]  # the joined row's columns are Optional in the model, never None here

    committee_id, stored_name = found.committee_id, found.committee_name
    if committee_id is None or stored_name is None:
        committee_id = await session.scalar(
            insert(_COMMITTEES).values(key=key, name=committee_name).returning(_COMMITTEES.c.id)
        )
        stored_name = committee_name

    starts_at, ends_at = meeting_instants(minutes.meeting)
    fields = _meeting_fields(minutes, committee_name, starts_at, ends_at)
    document_fields = {
        "name": minutes.source_name,
        "content_sha256": minutes.content_sha256,
        "ingested_at": ingested_at,
        "warnings": list(minutes.warnings),
        "kind": minutes.kind,
    }
    meeting_id = found.meeting_id
    if meeting_id is None:
        status: Literal["created", "replaced"] = "created"
        meeting_id = await session.scalar(
            insert(_MEETINGS).values(committee_id=committee_id, **fields).returning(_MEETINGS.c.id)
        )
        await session.execute(insert(_DOCUMENTS).values(meeting_id=meeting_id, **document_fields))
    else:
        status = "replaced"
        await _delete_children(session, meeting_id)
        await session.execute(update(_MEETINGS).where(_MEETINGS.c.id == meeting_id).values(**fields))
        await session.execute(update(_DOCUMENTS).where(_DOCUMENTS.c.meeting_id == meeting_id).values(**document_fields))
    assert meeting_id is not None  # INSERT … RETURNING gave the new id

    await _insert_children(session, meeting_id, minutes)
    await session.execute(update(_CORPUS).where(_CORPUS.c.id == CORPUS_STATE_ID).values(version=_CORPUS.c.version + 1))
    return SaveResult(status, meeting_id, stored_name)


async def load_minutes(session: AsyncSession, *, committee: str | None = None) -> list[Minutes]:
    """Rebuild stored minutes (of one committee, else all) by meeting date, unknown dates last (see ``_load``)."""
    return list((await _load(session, committee=committee)).values())


async def minutes_revisions(session: AsyncSession) -> dict[int, str]:
    """Every stored meeting's id and a token that changes whenever its minutes are saved again.

    A created or replaced save writes the document's content digest and its ``ingested_at``, and
    a replacement always has another digest than the minutes it replaces: a reader that kept a
    meeting loaded at a token need not load it again while the token is the same.
    """
    rows = await session.execute(select(_DOCUMENTS.c.meeting_id, _DOCUMENTS.c.content_sha256, _DOCUMENTS.c.ingested_at))
    return {meeting_id: f"{sha}@{ingested_at.isoformat()}" for meeting_id, sha, ingested_at in rows}


async def load_minutes_of(session: AsyncSession, meeting_ids: Collection[int]) -> dict[int, Minutes]:
    """The stored minutes of these meetings (ids as ``minutes_revisions`` gives them), by id, by meeting date.

    The ids are bound as parameters: callers pass a few hundred at a time.
    """
    return await _load(session, meeting_ids=meeting_ids)


async def _load(
    session: AsyncSession, *, committee: str | None = None, meeting_ids: Collection[int] | None = None
) -> dict[int, Minutes]:
    """Stored minutes (of one committee, or these meetings, else all) by meeting id, by meeting date.

    Four streamed queries of plain columns build the domain objects directly (no ORM objects: a large
    corpus costs little more than itself); an item's ``dates`` are the same objects as ``Minutes.dates``.
    """
    meeting_query = (
        select(
            _MEETINGS.c.id,
            _MEETINGS.c.committee_as_written,
            _MEETINGS.c.meeting_date,
            _MEETINGS.c.date_confidence,
            _MEETINGS.c.date_evidence,
            _MEETINGS.c.start_time,
            _MEETINGS.c.end_time,
            _MEETINGS.c.place,
            _MEETINGS.c.chair,
            _MEETINGS.c.minute_taker,
            _MEETINGS.c.attendees,
            _MEETINGS.c.absentees,
            _DOCUMENTS.c.name,
            _DOCUMENTS.c.content_sha256,
            _DOCUMENTS.c.warnings,
            _DOCUMENTS.c.kind,
        )
        .join(_COMMITTEES, _COMMITTEES.c.id == _MEETINGS.c.committee_id)
        .join(_DOCUMENTS, _DOCUMENTS.c.meeting_id == _MEETINGS.c.id)
        .order_by(_MEETINGS.c.meeting_date.is_(None), _MEETINGS.c.meeting_date, _COMMITTEES.c.key, _MEETINGS.c.id)
    )
    # One committee's children are filtered by a subquery, not a list of ids (no limits on
    # bound parameters); all committees need no filter at all.
    item_filter: list[ColumnElement[bool]] = []
    section_filter: list[ColumnElement[bool]] = []
    date_filter: list[ColumnElement[bool]] = []
    if meeting_ids is not None:
        ids = sorted(meeting_ids)
        meeting_query = meeting_query.where(_MEETINGS.c.id.in_(ids))
        item_filter = [_ITEMS.c.meeting_id.in_(ids)]
        section_filter = [_SECTIONS.c.agenda_item_id.in_(select(_ITEMS.c.id).where(*item_filter))]
        date_filter = [_DATES.c.meeting_id.in_(ids)]
    if committee is not None:
        wanted = _COMMITTEES.c.key == committee_key(committee)
        meeting_query = meeting_query.where(wanted)
        meeting_ids = (
            select(_MEETINGS.c.id).join(_COMMITTEES, _COMMITTEES.c.id == _MEETINGS.c.committee_id).where(wanted)
        )
        item_filter = [_ITEMS.c.meeting_id.in_(meeting_ids)]
        section_filter = [_SECTIONS.c.agenda_item_id.in_(select(_ITEMS.c.id).where(*item_filter))]
        date_filter = [_DATES.c.meeting_id.in_(meeting_ids)]

    minutes_by_id: dict[int, Minutes] = {}
    # Names repeat from meeting to meeting (committees, members, places, headings): one string
    # each, not one per row, in a corpus held in memory for answering.
    shared: dict[str, str] = {}
    share = shared.setdefault
    async for partition in _partitions(session, meeting_query):
        for row in partition:
            meeting = Meeting(
                committee=share(row.committee_as_written, row.committee_as_written),
                date=row.meeting_date,
                date_confidence=row.date_confidence,
                date_evidence=row.date_evidence,
                start_time=row.start_time,
                end_time=row.end_time,
                place=row.place and share(row.place, row.place),
                chair=row.chair and share(row.chair, row.chair),
                minute_taker=row.minute_taker and share(row.minute_taker, row.minute_taker),
                attendees=[share(name, name) for name in row.attendees],
                absentees=[share(name, name) for name in row.absentees],
            )
            minutes = Minutes(
                source_name=row.name,
                content_sha256=row.content_sha256,
                meeting=meeting,
                items=[],
                dates=[],
                warnings=list(row.warnings),
                kind=row.kind,
            )
            minutes_by_id[row.id] = minutes
    if not minutes_by_id:
        return minutes_by_id

    # Whole rows: the few columns not needed (ids, positions) cost less than naming the rest.
    items_by_id: dict[int, AgendaItem] = {}
    item_query = select(_ITEMS).where(*item_filter).order_by(_ITEMS.c.meeting_id, _ITEMS.c.position)
    async for partition in _partitions(session, item_query):
        for row in partition:
            item = AgendaItem(
                number=row.number,
                title=row.title,
                case_number=row.case_number,
                presenter=row.presenter and share(row.presenter, row.presenter),
                time_slot=row.time_slot,
                duration_minutes=row.duration_minutes,
                sections=[],
                outcome=row.outcome,
                outcome_sentence=row.outcome_sentence,
                outcome_source=row.outcome_source,
                dates=[],
            )
            items_by_id[row.id] = item
            minutes_by_id[row.meeting_id].items.append(item)

    section_query = select(_SECTIONS).where(*section_filter).order_by(_SECTIONS.c.agenda_item_id, _SECTIONS.c.position)
    async for partition in _partitions(session, section_query):
        for row in partition:
            section = Section(kind=row.kind, heading=share(row.heading, row.heading), text=row.text)
            items_by_id[row.agenda_item_id].sections.append(section)

    date_query = select(_DATES).where(*date_filter).order_by(_DATES.c.meeting_id, _DATES.c.position)
    async for partition in _partitions(session, date_query):
        for row in partition:
            mention = DateMention(
                on=row.on_date,
                start=row.start_date,
                end=row.end_date,
                precision=row.precision,
                kind=row.kind,
                text=row.text,
                sentence=row.sentence,
                start_time=row.start_time,
                end_time=row.end_time,
                item_number=row.item_number,
            )
            minutes_by_id[row.meeting_id].dates.append(mention)
            if row.agenda_item_id is not None:
                # The same object in the item's list, as the parser builds it.
                items_by_id[row.agenda_item_id].dates.append(mention)
    return minutes_by_id


async def corpus_version(session: AsyncSession) -> int:
    """A number that grows with every created or replaced save (0 for an empty database)."""
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


@dataclass(frozen=True, slots=True)
class _Found:
    """What is stored for a committee and a meeting key."""

    committee_id: int | None = None
    committee_name: str | None = None
    meeting_id: int | None = None
    content_sha256: str | None = None
    meeting_key: str | None = None

    def unchanged_by(self, minutes: Minutes) -> bool:
        # The same text under a date it lacked before (ingest --date) is a change: the date must be stored.
        return (
            self.meeting_id is not None
            and self.content_sha256 == minutes.content_sha256
            and self.meeting_key == _meeting_key(minutes)
        )


async def _find(session: AsyncSession, key: str, minutes: Minutes) -> _Found:
    meeting_keys = [_meeting_key(minutes)]
    if minutes.meeting.date is not None:
        # The same document stored before its date was known.
        meeting_keys.append(_document_key(minutes.source_name))
    # One query: the committee, and its meetings under either key with their documents.
    rows = (
        await session.execute(
            select(
                _COMMITTEES.c.id,
                _COMMITTEES.c.name,
                _MEETINGS.c.id,
                _MEETINGS.c.meeting_key,
                _DOCUMENTS.c.content_sha256,
            )
            .outerjoin(
                _MEETINGS,
                (_MEETINGS.c.committee_id == _COMMITTEES.c.id) & _MEETINGS.c.meeting_key.in_(meeting_keys),
            )
            .outerjoin(_DOCUMENTS, _DOCUMENTS.c.meeting_id == _MEETINGS.c.id)
            .where(_COMMITTEES.c.key == key)
        )
    ).all()
    if not rows:
        return _Found()
    committee_id, committee_name = rows[0][0], rows[0][1]
    by_key = {meeting_key: (meeting_id, sha) for _, _, meeting_id, meeting_key, sha in rows if meeting_id is not None}
    for meeting_key in meeting_keys:
        if meeting_key in by_key:
            meeting_id, sha = by_key[meeting_key]
            return _Found(committee_id, committee_name, meeting_id, sha, meeting_key)
    return _Found(committee_id, committee_name)


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
    await session.execute(delete(_DATES).where(_DATES.c.meeting_id == meeting_id))
    item_ids = select(_ITEMS.c.id).where(_ITEMS.c.meeting_id == meeting_id).scalar_subquery()
    await session.execute(delete(_SECTIONS).where(_SECTIONS.c.agenda_item_id.in_(item_ids)))
    await session.execute(delete(_ITEMS).where(_ITEMS.c.meeting_id == meeting_id))


async def _insert_children(session: AsyncSession, meeting_id: int, minutes: Minutes) -> None:
    """Insert items, their sections and the dates: three bulk statements, not one per row."""
    if minutes.items:
        item_rows = [
            {"meeting_id": meeting_id, "position": position, **{name: getattr(item, name) for name in _ITEM_FIELDS}}
            for position, item in enumerate(minutes.items)
        ]
        await session.execute(insert(_ITEMS), item_rows)
        # The ids by position, so item_ids[i] is the id of minutes.items[i]. An ordered
        # INSERT … RETURNING would do, but SQLite then runs one statement per row.
        item_ids = list(
            await session.scalars(
                select(_ITEMS.c.id).where(_ITEMS.c.meeting_id == meeting_id).order_by(_ITEMS.c.position)
            )
        )
    else:
        item_ids = []

    section_rows = [
        {
            "agenda_item_id": item_id,
            "position": index,
            "kind": section.kind,
            "heading": section.heading,
            "text": section.text,
        }
        for item_id, item in zip(item_ids, minutes.items, strict=True)
        for index, section in enumerate(item.sections)
    ]
    if section_rows:  # an empty parameter list would insert one row of defaults
        await session.execute(insert(_SECTIONS), section_rows)

    date_rows = [
        {
            "meeting_id": meeting_id,
            "position": position,
            "agenda_item_id": item_ids[item_index] if item_index is not None else None,
            **{column: getattr(mention, name) for name, column in _DATE_COLUMNS.items()},
        }
        for position, (mention, item_index) in enumerate(_dates_with_items(minutes))
    ]
    if date_rows:
        await session.execute(insert(_DATES), date_rows)


async def _partitions(session: AsyncSession, query: Select[Any]) -> AsyncIterator[Sequence[Row[Any]]]:
    """The rows streamed in partitions: never all in memory, and other tasks run in between (asks during a rebuild)."""
    result = await session.stream(query.execution_options(yield_per=_LOAD_PARTITION_ROWS))
    async for partition in result.partitions():
        yield partition


def _dates_with_items(minutes: Minutes) -> list[tuple[DateMention, int | None]]:
    """Every date with the index of its item: the item listing it (same object, else equal), else the first with
    its ``item_number``; dates only in an item's list come last."""
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
