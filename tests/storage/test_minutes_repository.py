"""The storage contract, run against every backend (SQLite file and PostgreSQL).

Like botbuilder-python's storage_base_tests: one suite, parametrised by the ``database_url``
fixture, so both implementations promise the same behaviour.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.minutes.model import (
    AgendaItem,
    DateKind,
    DateMention,
    Meeting,
    Minutes,
    Outcome,
    Precision,
    Section,
    SectionKind,
)
from storage.minutes_repository import (
    MissingCommittee,
    corpus_version,
    list_committees,
    load_minutes,
    load_minutes_of,
    minutes_revisions,
    save_minutes,
)
from storage.models import AgendaItemRow, DateMentionRow, MinutesDocument, SectionRow
from storage.models import Meeting as MeetingRow

UDDANNELSE = "Følgegruppen for uddannelse og arbejde"
BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"
INGESTED = dt.datetime(2021, 2, 10, 14, 30, tzinfo=dt.UTC)
Sessions = async_sessionmaker[AsyncSession]


def make_minutes(
    *,
    committee: str | None = UDDANNELSE,
    date: dt.date | None = dt.date(2021, 2, 2),
    start: dt.time | None = dt.time(9, 0),
    end: dt.time | None = dt.time(12, 0),
    source_name: str = "Referat følgegruppe 2. februar 2021.pdf",
    version: str = "v1",
    items: int = 3,
) -> Minutes:
    """Minutes shaped like the seed documents, built by hand; ``version`` changes the content."""
    next_meeting = DateMention(
        on=dt.date(2021, 4, 13),
        start=dt.date(2021, 4, 13),
        end=dt.date(2021, 4, 13),
        precision=Precision.DAY,
        kind=DateKind.NEXT_MEETING,
        text="d. 13. april",
        sentence="Punktet udskydes til næste følgegruppemøde (d. 13. april).",
        start_time=dt.time(8, 30),
        end_time=dt.time(12, 0),
        item_number="4.1",
    )
    status_due = DateMention(
        on=dt.date(2021, 7, 1),
        start=dt.date(2021, 7, 1),
        end=dt.date(2021, 9, 30),
        precision=Precision.QUARTER,
        kind=DateKind.STATUS_DUE,
        text="3. kvartal 2021",
        sentence="Der gives næste status i 3. kvartal 2021.",
        item_number="6.1",
    )
    calendar = DateMention(
        on=dt.date(2021, 12, 31),
        start=dt.date(2021, 12, 31),
        end=dt.date(2021, 12, 31),
        precision=Precision.DAY,
        kind=DateKind.DEADLINE,
        text="inden årets udgang",
        sentence="Kommissoriet færdiggøres inden årets udgang.",
    )
    all_items = [
        AgendaItem(
            number="1",
            title=f"Velkommen og præsentation ({version})",
            presenter="Yelva Bjørnholdt Jensen",
            time_slot="5 min",
            duration_minutes=5,
            sections=[Section(SectionKind.DESCRIPTION, "", "Velkommen til Daniel Bomholt, arbejdsmarkedschef.")],
            outcome=Outcome.NOTED,
            outcome_sentence="Orienteringen blev taget til efterretning",
            outcome_source=SectionKind.REFERAT,
        ),
        AgendaItem(
            number="4.1",
            title="Prøvehandlinger for 3 somatiske patientgrupper – ”indsats 2.2”",
            presenter="Rikke Bagge Skou",
            time_slot="30 min",
            duration_minutes=30,
            sections=[
                Section(SectionKind.INDSTILLING, "Indstilling", "Det indstilles, at følgegruppen drøfter forslagene."),
                Section(SectionKind.REFERAT, "Referat", "Punktet blev udskudt til næste møde (d. 13. april)."),
                Section(SectionKind.NOTE_AFTER, "Notat efter mødet", "Posten ”sendes i udbud”.\n\nÆØÅ æøå."),
            ],
            outcome=Outcome.POSTPONED,
            outcome_sentence="det blev besluttet at udskyde punktet til næste følgegruppemøde (d. 13. april)",
            dates=[next_meeting],
        ),
        AgendaItem(
            number="6.1",
            title="SKRIFTLIG ORIENTERING: Samtalestøtte til stressramte",
            time_slot="Kl. 9.00-9.10",
            sections=[
                Section(SectionKind.SAGSFREMSTILLING, "Sagsfremstilling", "Der gives næste status i 3. kvartal 2021."),
                Section(SectionKind.BILAG, "Bilag", "Bilag 6.1a Samtaleterapi"),
                Section(SectionKind.REFERAT, "Beslutning", "Godkendt."),
            ],
            outcome=Outcome.APPROVED,
            outcome_sentence="Godkendt.",
            dates=[status_due],
        ),
    ][:items]
    used = {item.number for item in all_items}
    dates = [d for d in (next_meeting, status_due) if d.item_number in used] + [calendar]
    return Minutes(
        source_name=source_name,
        content_sha256=hashlib.sha256(f"{committee}|{date}|{source_name}|{version}".encode()).hexdigest(),
        meeting=Meeting(
            committee=committee,
            date=date,
            date_confidence=1.0 if date else 0.0,
            date_evidence="Mødetid: Tirsdag d. 2. februar 2021 kl 9.00-12.00" if date else "",
            start_time=start,
            end_time=end,
            place="Teams-møde",
            chair="Charlotte Rosenkrantz Josefsen",
            minute_taker="Line Brinch Christensen",
            attendees=["Søren Landkildehus", "Birgitte Frydenkjær", "Ulla Wernberg Møller"],
            absentees=["Rikke Bagge Skou"],
        ),
        items=all_items,
        dates=dates,
        warnings=["ingen mødeleder fundet"] if version == "v1" else [],
    )


async def save(sessions: Sessions, minutes: Minutes, ingested_at: dt.datetime = INGESTED):
    async with sessions.begin() as session:
        return await save_minutes(session, minutes, ingested_at=ingested_at)


async def load(sessions: Sessions, committee: str | None = None) -> list[Minutes]:
    async with sessions() as session:
        return await load_minutes(session, committee=committee)


async def version_of(sessions: Sessions) -> int:
    async with sessions() as session:
        return await corpus_version(session)


async def count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def meeting_row(sessions: Sessions, meeting_id: int) -> MeetingRow:
    async with sessions() as session:
        return await session.get_one(MeetingRow, meeting_id)


async def test_migrations_reach_head_and_start_empty(engine: AsyncEngine, sessions: Sessions) -> None:
    from alembic.script import ScriptDirectory

    from storage.database import alembic_config, upgrade

    await upgrade(engine)  # again: a no-op at every start
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    async with engine.connect() as connection:
        from sqlalchemy import text

        stored = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    assert stored == [head]
    assert await version_of(sessions) == 0
    assert await load(sessions) == []
    async with sessions() as session:
        assert await list_committees(session) == []


async def test_schema_from_migrations_matches_models(engine: AsyncEngine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_round_trip_rebuilds_equal_minutes(sessions: Sessions) -> None:
    minutes = make_minutes()

    result = await save(sessions, minutes)

    assert result.status == "created"
    assert result.committee == UDDANNELSE
    [loaded] = await load(sessions)
    assert loaded == minutes
    # Item dates are the same objects as in Minutes.dates, as the parser builds them.
    assert loaded.item("4.1").dates[0] is loaded.dates[0]
    assert loaded.dates[-1].item_number is None
    assert [s.heading for s in loaded.item("4.1").sections] == ["Indstilling", "Referat", "Notat efter mødet"]


async def test_danish_characters_survive(sessions: Sessions) -> None:
    text = "Æble, Øresund og Ålborg – ”citat” § 5 · æøå ÆØÅ é ü"
    minutes = make_minutes(committee="Fokusgruppen Sundhed & Beskæftigelse – Ældre", source_name=f"{text}.docx")
    minutes.items[0].title = text
    minutes.meeting.attendees.append(text)

    await save(sessions, minutes)

    [loaded] = await load(sessions)
    assert loaded.items[0].title == text
    assert loaded.meeting.attendees[-1] == text
    assert loaded.source_name == f"{text}.docx"
    async with sessions() as session:
        assert await list_committees(session) == ["Fokusgruppen Sundhed & Beskæftigelse – Ældre"]


async def test_same_content_again_changes_nothing(sessions: Sessions) -> None:
    first = await save(sessions, make_minutes())
    version = await version_of(sessions)

    again = await save(sessions, make_minutes(), ingested_at=INGESTED + dt.timedelta(days=3))

    assert again.status == "unchanged"
    assert again.meeting_id == first.meeting_id
    assert await version_of(sessions) == version
    async with sessions() as session:
        document = await session.scalar(select(MinutesDocument))
    assert document.ingested_at == INGESTED  # not rewritten
    assert await count(sessions, AgendaItemRow) == 3


async def test_new_version_replaces_the_meeting(sessions: Sessions) -> None:
    first = await save(sessions, make_minutes(version="v1", items=3))
    later = INGESTED + dt.timedelta(days=1)
    second_version = make_minutes(version="v2", items=2, source_name="Referat følgegruppe 2. feb 2021 rettet.pdf")

    replaced = await save(sessions, second_version, ingested_at=later)

    assert replaced.status == "replaced"
    assert replaced.meeting_id == first.meeting_id
    assert await load(sessions) == [second_version]
    # Old rows are gone, not orphaned.
    assert await count(sessions, MeetingRow) == 1
    assert await count(sessions, AgendaItemRow) == 2
    assert await count(sessions, SectionRow) == 4
    assert await count(sessions, DateMentionRow) == 2
    async with sessions() as session:
        document = await session.scalar(select(MinutesDocument))
    assert document.ingested_at == later
    assert document.name == "Referat følgegruppe 2. feb 2021 rettet.pdf"


async def test_error_inside_the_transaction_stores_nothing(sessions: Sessions) -> None:
    broken = make_minutes(committee=BESKAEFTIGELSE)
    broken.items[1].title = None  # type: ignore[assignment]  # violates NOT NULL mid-save

    with pytest.raises(IntegrityError):
        async with sessions.begin() as session:
            await save_minutes(session, make_minutes(), ingested_at=INGESTED)
            await save_minutes(session, broken, ingested_at=INGESTED)

    assert await load(sessions) == []
    assert await version_of(sessions) == 0
    async with sessions() as session:
        assert await list_committees(session) == []


async def test_failed_replacement_keeps_the_old_version(sessions: Sessions) -> None:
    original = make_minutes(version="v1")
    await save(sessions, original)
    broken = make_minutes(version="v2")
    broken.items[2].sections[0].text = None  # type: ignore[assignment]  # a NOT NULL column broken on purpose

    with pytest.raises(IntegrityError):
        await save(sessions, broken)

    assert await load(sessions) == [original]
    assert await version_of(sessions) == 1


async def test_committees_are_kept_apart(sessions: Sessions) -> None:
    uddannelse = make_minutes(committee=UDDANNELSE)
    beskaeftigelse = make_minutes(committee=BESKAEFTIGELSE, source_name="Referat fokusgruppe.pdf")

    first = await save(sessions, uddannelse)
    second = await save(sessions, beskaeftigelse)  # same date, other committee: another meeting

    assert second.status == "created"
    assert second.meeting_id != first.meeting_id
    async with sessions() as session:
        assert await list_committees(session) == [BESKAEFTIGELSE, UDDANNELSE]
    assert await load(sessions, "  fokusgruppen SUNDHED &\nbeskæftigelse ") == [beskaeftigelse]
    assert await load(sessions, UDDANNELSE) == [uddannelse]
    assert await load(sessions, "Følgegruppe for forebyggelse") == []
    assert len(await load(sessions)) == 2


async def test_committee_name_is_case_and_space_insensitive(sessions: Sessions) -> None:
    first = await save(sessions, make_minutes(committee="Følgegruppen for uddannelse og arbejde"))

    again = await save(sessions, make_minutes(committee="FØLGEGRUPPEN  for uddannelse\nog arbejde", version="v2"))

    assert again.status == "replaced"
    assert again.meeting_id == first.meeting_id
    assert again.committee == "Følgegruppen for uddannelse og arbejde"  # the first name stays
    async with sessions() as session:
        assert await list_committees(session) == ["Følgegruppen for uddannelse og arbejde"]
    [loaded] = await load(sessions)
    assert loaded.meeting.committee == "FØLGEGRUPPEN  for uddannelse\nog arbejde"  # as this document wrote it


async def test_meetings_are_ordered_by_date(sessions: Sessions) -> None:
    await save(sessions, make_minutes(date=None, source_name="uden dato.pdf"))
    await save(sessions, make_minutes(date=dt.date(2021, 4, 13), source_name="april.pdf"))
    await save(sessions, make_minutes(date=dt.date(2021, 2, 2), source_name="februar.pdf"))

    loaded = await load(sessions)

    assert [m.source_name for m in loaded] == ["februar.pdf", "april.pdf", "uden dato.pdf"]


async def test_corpus_version_counts_changes_only(sessions: Sessions) -> None:
    assert await version_of(sessions) == 0
    await save(sessions, make_minutes())
    assert await version_of(sessions) == 1
    await save(sessions, make_minutes())  # unchanged
    assert await version_of(sessions) == 1
    await save(sessions, make_minutes(version="v2"))  # replaced
    assert await version_of(sessions) == 2
    await save(sessions, make_minutes(committee=BESKAEFTIGELSE))  # created
    assert await version_of(sessions) == 3


async def test_meetings_without_a_date_are_known_by_document(sessions: Sessions) -> None:
    first = await save(sessions, make_minutes(date=None, source_name="a.pdf"))
    other = await save(sessions, make_minutes(date=None, source_name="b.pdf"))
    again = await save(sessions, make_minutes(date=None, source_name="a.pdf", version="v2"))
    # A later reading finds the date: the same meeting moves to it.
    dated = await save(sessions, make_minutes(date=dt.date(2021, 2, 2), source_name="a.pdf", version="v3"))

    assert (first.status, other.status, again.status, dated.status) == ("created", "created", "replaced", "replaced")
    assert other.meeting_id != first.meeting_id
    assert again.meeting_id == dated.meeting_id == first.meeting_id
    loaded = {m.source_name: m for m in await load(sessions)}
    assert loaded["a.pdf"].meeting.date == dt.date(2021, 2, 2)
    assert loaded["b.pdf"].meeting.date is None


async def test_the_same_text_given_its_date_later_stores_the_date(sessions: Sessions) -> None:
    # As `ingest --date` does for minutes that state none: same content, a date the first reading lacked.
    undated = make_minutes(date=None, source_name="a.pdf")
    given = replace(make_minutes(date=dt.date(2021, 2, 2), source_name="a.pdf"), content_sha256=undated.content_sha256)
    first = await save(sessions, undated)
    dated = await save(sessions, given)
    again = await save(sessions, given)

    assert (first.status, dated.status, again.status) == ("created", "replaced", "unchanged")
    assert first.meeting_id == dated.meeting_id == again.meeting_id
    [loaded] = await load(sessions)
    assert loaded.meeting.date == dt.date(2021, 2, 2)


@pytest.mark.parametrize(
    ("day", "local_start", "utc_start"),
    [
        (dt.date(2021, 3, 26), dt.time(9, 0), dt.datetime(2021, 3, 26, 8, 0, tzinfo=dt.UTC)),  # CET, +01:00
        (dt.date(2021, 3, 29), dt.time(9, 0), dt.datetime(2021, 3, 29, 7, 0, tzinfo=dt.UTC)),  # CEST, +02:00
        (dt.date(2021, 10, 29), dt.time(12, 30), dt.datetime(2021, 10, 29, 10, 30, tzinfo=dt.UTC)),
        (dt.date(2021, 11, 1), dt.time(12, 30), dt.datetime(2021, 11, 1, 11, 30, tzinfo=dt.UTC)),
    ],
)
async def test_meeting_times_are_stored_as_utc_across_dst(
    sessions: Sessions, day: dt.date, local_start: dt.time, utc_start: dt.datetime
) -> None:
    result = await save(sessions, make_minutes(date=day, start=local_start, end=dt.time(15, 30)))

    row = await meeting_row(sessions, result.meeting_id)
    assert row.starts_at == utc_start
    assert row.starts_at.utcoffset() == dt.timedelta(0)
    offset = utc_start - dt.datetime.combine(day, local_start, tzinfo=dt.UTC)
    assert row.ends_at == dt.datetime.combine(day, dt.time(15, 30), tzinfo=dt.UTC) + offset
    [loaded] = await load(sessions)
    assert (loaded.meeting.start_time, loaded.meeting.end_time) == (local_start, dt.time(15, 30))


async def test_unknown_times_store_no_instants(sessions: Sessions) -> None:
    no_time = await save(sessions, make_minutes(start=None, end=None))
    no_date = await save(sessions, make_minutes(committee=BESKAEFTIGELSE, date=None))

    for meeting_id in (no_time.meeting_id, no_date.meeting_id):
        row = await meeting_row(sessions, meeting_id)
        assert (row.starts_at, row.ends_at) == (None, None)


async def test_ingested_at_is_stored_in_utc(sessions: Sessions) -> None:
    copenhagen = dt.timezone(dt.timedelta(hours=1))
    await save(sessions, make_minutes(), ingested_at=dt.datetime(2021, 2, 10, 15, 30, tzinfo=copenhagen))

    async with sessions() as session:
        document = await session.scalar(select(MinutesDocument))
    assert document.ingested_at == INGESTED
    assert document.ingested_at.utcoffset() == dt.timedelta(0)


async def test_naive_ingested_at_is_refused(sessions: Sessions) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await save(sessions, make_minutes(), ingested_at=dt.datetime(2021, 2, 10, 14, 30))
    assert await version_of(sessions) == 0


@pytest.mark.parametrize("committee", [None, "", "  \n "])
async def test_minutes_without_committee_are_refused(sessions: Sessions, committee: str | None) -> None:
    with pytest.raises(MissingCommittee, match="Referat følgegruppe"):
        await save(sessions, make_minutes(committee=committee))
    assert await load(sessions) == []


async def test_dates_follow_their_items_not_just_their_number(sessions: Sessions) -> None:
    # Two items with the same number (a parser slip): each keeps its own dates.
    minutes = make_minutes()
    minutes.items[2].number = "4.1"
    minutes.item("1").dates.append(minutes.dates[-1])  # a date the parser left without number

    await save(sessions, minutes)

    [loaded] = await load(sessions)
    assert loaded == minutes
    assert [d.text for d in loaded.items[1].dates] == ["d. 13. april"]
    assert [d.text for d in loaded.items[2].dates] == ["3. kvartal 2021"]


async def test_concurrent_saves_of_one_meeting_store_it_once(sessions: Sessions, database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer per file; replicas that write at once share PostgreSQL")

    results = await asyncio.gather(*(save(sessions, make_minutes()) for _ in range(4)))

    assert sorted(r.status for r in results) == ["created", "unchanged", "unchanged", "unchanged"]
    assert len({r.meeting_id for r in results}) == 1
    assert await version_of(sessions) == 1
    assert await count(sessions, AgendaItemRow) == 3


async def test_a_meetings_revision_changes_when_its_minutes_are_saved_again_and_only_then(sessions: Sessions) -> None:
    first = await save(sessions, make_minutes())
    other = await save(sessions, make_minutes(date=dt.date(2021, 3, 2), source_name="marts.pdf"))
    async with sessions() as session:
        before = await minutes_revisions(session)
    assert set(before) == {first.meeting_id, other.meeting_id}

    assert (await save(sessions, make_minutes(), INGESTED + dt.timedelta(hours=1))).status == "unchanged"
    async with sessions() as session:
        assert await minutes_revisions(session) == before
    assert (await save(sessions, make_minutes(version="v2"), INGESTED + dt.timedelta(hours=2))).status == "replaced"
    async with sessions() as session:
        after = await minutes_revisions(session)
    assert after[other.meeting_id] == before[other.meeting_id]
    assert after[first.meeting_id] != before[first.meeting_id]


async def test_some_meetings_load_by_id_as_all_of_them_do(sessions: Sessions) -> None:
    saved = [
        await save(
            sessions, make_minutes(date=dt.date(2021, month, 2), source_name=f"{month}.pdf", version=f"v{month}")
        )
        for month in (2, 3, 4)
    ]
    everything = await load(sessions)
    async with sessions() as session:
        some = await load_minutes_of(session, [saved[2].meeting_id, saved[0].meeting_id])
        none = await load_minutes_of(session, [])
    assert list(some) == [saved[0].meeting_id, saved[2].meeting_id]  # by meeting date, as load_minutes
    assert list(some.values()) == [everything[0], everything[2]]
    assert none == {}
