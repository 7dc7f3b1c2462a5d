"""The knowledge service over a real SQLite file: who sees which minutes when.

Two ``Knowledge`` instances over one database file stand for two replicas (or the bot and
the CLI). Builds of the search index are observed through an injected builder that counts
them and, where a test needs it, holds a build until the test lets it finish.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answering.answer import Answer, Answerer
from bot.calendar.service import Calendar
from bot.clock import FixedClock
from bot.knowledge import VERSION_TTL, Knowledge
from bot.minutes.model import Minutes
from bot.services import build_services
from bot.settings import Settings
from storage.database import create_engine, session_factory, upgrade
from storage.models import IndexSnapshotRow

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
SEED_UDD = SEEDS / "000_ff41c34304ad259a.txt"  # Følgegruppen for uddannelse og arbejde, February 2021
SEED_FOKUS = SEEDS / "002_d275c62a07e34f7d.txt"  # Fokusgruppen Sundhed & Beskæftigelse, 2 September 2020
# Answered only from seed 002, item 6 ("60 borgere").
FOKUS_QUESTION = "Hvor mange borgere skal optages i IPS-projektet i Ringkøbing-Skjern?"
# Answered from seed 000, item 3.1.
UDD_QUESTION = "Hvad blev besluttet om kommissoriet?"
# Bounds a wait that would otherwise hang the test run if the code under test waited wrongly.
DEADLOCK_GUARD_S = 30


class CountingBuilder:
    """Builds real Answerers, counts the builds, and can hold a build until released."""

    def __init__(self) -> None:
        self.builds = 0
        self.sizes: list[int] = []
        self.minutes: list[list] = []  # what each build was given
        self.hold = False
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, minutes: list[Minutes], *, snapshot: bytes | None = None) -> Answerer:
        self.builds += 1
        self.sizes.append(len(minutes))
        self.minutes.append(list(minutes))
        if self.hold:
            self.started.set()
            if not self.release.wait(DEADLOCK_GUARD_S):
                raise TimeoutError("the test never released the held build")
        return Answerer(minutes, snapshot=snapshot)


@pytest.fixture(autouse=True)
def seeds_available() -> None:
    if not SEED_UDD.is_file() or not SEED_FOKUS.is_file():
        pytest.skip("seed minutes not available")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2021, 2, 15, 11, 0, tzinfo=dt.UTC))


@pytest.fixture
async def sessions(sqlite_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(sqlite_url)
    await upgrade(engine)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


def answered_from(answer: Answer, seed: Path) -> bool:
    return answer.answered and any(source.document == seed.name for source in answer.sources)


async def test_ingest_then_ask_sees_the_new_minutes(sessions, clock) -> None:
    builder = CountingBuilder()
    knowledge = Knowledge(sessions, clock, build_answerer=builder)
    await knowledge.ingest(SEED_UDD)
    assert answered_from(await knowledge.ask(UDD_QUESTION), SEED_UDD)
    assert not answered_from(await knowledge.ask(FOKUS_QUESTION), SEED_FOKUS)

    await knowledge.ingest(SEED_FOKUS)
    answer = await knowledge.ask(FOKUS_QUESTION)

    assert answered_from(answer, SEED_FOKUS)
    assert "60 borgere" in answer.answer
    assert builder.sizes == [1, 2]  # one build per own ingest, none for the asks between
    assert (await knowledge.item(SEED_FOKUS.name, "6.")) is not None


async def test_ingesting_the_same_minutes_again_needs_no_rebuild(sessions, clock) -> None:
    builder = CountingBuilder()
    knowledge = Knowledge(sessions, clock, build_answerer=builder)
    await knowledge.ingest(SEED_UDD)
    await knowledge.ask(UDD_QUESTION)

    again = await knowledge.ingest(SEED_UDD)
    await knowledge.ask(UDD_QUESTION)

    assert again.status == "unchanged"
    assert builder.builds == 1


async def test_warm_builds_once_and_asks_then_reuse_the_index(sessions, clock) -> None:
    await Knowledge(sessions, clock).ingest(SEED_UDD)  # another process filled the database
    builder = CountingBuilder()
    knowledge = Knowledge(sessions, clock, build_answerer=builder)
    assert knowledge.index_version is None

    await asyncio.gather(knowledge.warm(), knowledge.warm(), knowledge.ask(UDD_QUESTION))
    await knowledge.warm()
    answer = await knowledge.ask(UDD_QUESTION)

    assert builder.builds == 1
    assert knowledge.index_version == 1
    assert answered_from(answer, SEED_UDD)


async def test_warm_on_an_empty_database_gives_an_empty_index(sessions, clock) -> None:
    builder = CountingBuilder()
    knowledge = Knowledge(sessions, clock, build_answerer=builder)

    await knowledge.warm()
    answer = await knowledge.ask(UDD_QUESTION)

    assert builder.sizes == [0]
    assert not answer.answered


async def test_another_replica_sees_new_minutes_after_its_background_rebuild(sessions, clock) -> None:
    writer = Knowledge(sessions, clock)
    await writer.ingest(SEED_UDD)
    builder = CountingBuilder()
    replica = Knowledge(sessions, clock, build_answerer=builder)
    await replica.warm()

    await writer.ingest(SEED_FOKUS)
    # The replica did not write: this ask is answered from its index at hand and starts a rebuild.
    stale = await replica.ask(FOKUS_QUESTION)
    await asyncio.wait_for(replica.wait_for_rebuild(), DEADLOCK_GUARD_S)
    fresh = await replica.ask(FOKUS_QUESTION)

    assert not answered_from(stale, SEED_FOKUS)
    assert answered_from(fresh, SEED_FOKUS)
    assert builder.sizes == [1, 2]
    assert replica.index_version == 2


async def test_a_rebuild_loads_only_the_minutes_saved_since_and_keeps_the_others(sessions, clock) -> None:
    writer = Knowledge(sessions, clock)
    await writer.ingest(SEED_UDD)
    fokus = (await writer.ingest(SEED_FOKUS)).minutes
    builder = CountingBuilder()
    replica = Knowledge(sessions, clock, build_answerer=builder)
    await replica.warm()
    before = {m.source_name: m for m in builder.minutes[-1]}

    # Another replica stores a new version of one meeting's minutes.
    item = fokus.item("6")
    assert item is not None
    for section in item.sections:
        section.text = section.text.replace("60 borgere", "75 borgere")
    fokus.content_sha256 = "a corrected version"
    assert (await writer.ingest_minutes(fokus)).status == "replaced"
    clock.advance(VERSION_TTL)
    await replica.ask(FOKUS_QUESTION)
    await asyncio.wait_for(replica.wait_for_rebuild(), DEADLOCK_GUARD_S)
    after = {m.source_name: m for m in builder.minutes[-1]}
    answer = await replica.ask(FOKUS_QUESTION)

    assert builder.builds == 2
    assert after[SEED_UDD.name] is before[SEED_UDD.name]  # unchanged: not loaded again
    assert after[SEED_FOKUS.name] is not before[SEED_FOKUS.name]
    assert "75 borgere" in answer.answer and "60 borgere" not in answer.answer


async def test_a_replica_reads_the_corpus_version_at_most_once_per_ttl(sessions, clock) -> None:
    writer = Knowledge(sessions, clock)
    await writer.ingest(SEED_UDD)
    builder = CountingBuilder()
    replica = Knowledge(sessions, clock, build_answerer=builder)
    await replica.warm()
    await replica.ask(UDD_QUESTION)  # reads the version now

    await writer.ingest(SEED_FOKUS)
    clock.advance(VERSION_TTL - dt.timedelta(milliseconds=1))
    await replica.ask(FOKUS_QUESTION)  # within the TTL: no query, no rebuild
    await asyncio.wait_for(replica.wait_for_rebuild(), DEADLOCK_GUARD_S)
    assert builder.sizes == [1]
    clock.advance(dt.timedelta(milliseconds=1))
    await replica.ask(FOKUS_QUESTION)  # the TTL is over: it sees the new version and rebuilds
    await asyncio.wait_for(replica.wait_for_rebuild(), DEADLOCK_GUARD_S)
    assert answered_from(await replica.ask(FOKUS_QUESTION), SEED_FOKUS)
    assert builder.sizes == [1, 2]


async def test_asks_during_a_rebuild_are_answered_from_the_old_index(sessions, clock) -> None:
    writer = Knowledge(sessions, clock)
    await writer.ingest(SEED_UDD)
    builder = CountingBuilder()
    replica = Knowledge(sessions, clock, build_answerer=builder)
    await replica.warm()
    await writer.ingest(SEED_FOKUS)
    builder.hold = True
    try:
        await replica.ask(UDD_QUESTION)  # sees the newer corpus, starts the rebuild
        assert await asyncio.to_thread(builder.started.wait, DEADLOCK_GUARD_S)

        # The rebuild is held in its worker thread: these would never return if they waited for it.
        during = [
            await asyncio.wait_for(replica.ask(question), DEADLOCK_GUARD_S)
            for question in (UDD_QUESTION, FOKUS_QUESTION, UDD_QUESTION)
        ]
        found_during = await asyncio.wait_for(replica.item(SEED_FOKUS.name, "6"), DEADLOCK_GUARD_S)
        builds_during = builder.builds
    finally:
        builder.release.set()
    await asyncio.wait_for(replica.wait_for_rebuild(), DEADLOCK_GUARD_S)

    assert answered_from(during[0], SEED_UDD)
    assert not answered_from(during[1], SEED_FOKUS)
    assert found_during is None
    assert builds_during == 2  # the one held build; the asks during it started no other
    assert answered_from(await replica.ask(FOKUS_QUESTION), SEED_FOKUS)
    assert builder.builds == 2


async def test_a_version_that_arrives_during_a_rebuild_is_built_after_it(sessions, clock) -> None:
    writer = Knowledge(sessions, clock)
    await writer.ingest(SEED_UDD)
    builder = CountingBuilder()
    replica = Knowledge(sessions, clock, build_answerer=builder)
    await replica.warm()
    await writer.ingest(SEED_FOKUS)
    builder.hold = True
    try:
        await replica.ask(UDD_QUESTION)  # starts the rebuild of version 2, held
        assert await asyncio.to_thread(builder.started.wait, DEADLOCK_GUARD_S)
        # Version 3 arrives while version 2 is being built; the next ask notices it.
        replaced = (await writer.ingest(SEED_UDD)).minutes
        replaced.content_sha256 = "another version of the same minutes"
        await writer.ingest_minutes(replaced)
        await asyncio.wait_for(replica.ask(UDD_QUESTION), DEADLOCK_GUARD_S)
    finally:
        builder.release.set()
    await asyncio.wait_for(replica.wait_for_rebuild(), DEADLOCK_GUARD_S)

    assert builder.builds == 3  # the first, the held one, and one more for version 3
    assert replica.index_version == 3


async def test_the_writing_instance_waits_for_its_own_minutes_even_with_an_index(sessions, clock) -> None:
    builder = CountingBuilder()
    knowledge = Knowledge(sessions, clock, build_answerer=builder)
    await knowledge.warm()
    assert knowledge.index_version == 0

    await knowledge.ingest(SEED_FOKUS)
    found = await knowledge.item(SEED_FOKUS.name, "6")

    assert found is not None
    assert found[1].number == "6"
    assert knowledge.index_version == 1


async def test_a_failed_first_build_reaches_the_asker_and_the_next_ask_retries(sessions, clock) -> None:
    await Knowledge(sessions, clock).ingest(SEED_UDD)
    calls = 0

    def flaky(minutes: list[Minutes], *, snapshot: bytes | None = None) -> Answerer:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("index build failed")
        return Answerer(minutes, snapshot=snapshot)

    knowledge = Knowledge(sessions, clock, build_answerer=flaky)

    with pytest.raises(RuntimeError, match="index build failed"):
        await knowledge.ask(UDD_QUESTION)
    answer = await knowledge.ask(UDD_QUESTION)

    assert answered_from(answer, SEED_UDD)
    assert calls == 2


async def test_an_answer_is_kept_until_the_index_or_the_day_changes(sessions, clock) -> None:
    knowledge = Knowledge(sessions, clock)
    await knowledge.ingest(SEED_UDD)

    first = await knowledge.ask(FOKUS_QUESTION)
    assert await knowledge.ask(FOKUS_QUESTION) is first  # the same question: kept
    assert await knowledge.ask(FOKUS_QUESTION, language="en") is not first  # asked otherwise: answered anew
    assert not answered_from(first, SEED_FOKUS)

    await knowledge.ingest(SEED_FOKUS)  # a new index: nothing kept from the old one
    after = await knowledge.ask(FOKUS_QUESTION)
    assert answered_from(after, SEED_FOKUS)

    clock.advance(dt.timedelta(days=1))
    assert await knowledge.ask(FOKUS_QUESTION) is not after  # another day: "next meeting" may differ


async def test_answers_about_meetings_follow_the_calendar_here_at_once_and_elsewhere_within_the_ttl(
    sessions, clock
) -> None:
    committee, secretary = "Følgegruppen for uddannelse og arbejde", "5a6b7c8d-0000-4000-8000-00000000cafe"
    settings = Settings(database_url="sqlite://", secretaries={committee: (secretary,)})
    services = build_services(sessions, clock, settings)
    knowledge = services.knowledge
    await knowledge.ingest(SEED_UDD)
    question = "Hvornår er næste møde?"
    first = await knowledge.ask(question)
    assert await knowledge.ask(question) is first and "13. april" in first.answer

    await services.calendar.add(committee, dt.date(2021, 2, 24), by=secretary)  # this replica's secretary
    added = await knowledge.ask(question)
    assert "24. februar" in added.answer
    clock.advance(VERSION_TTL)
    assert await knowledge.ask(question) is added  # read again and found unchanged: the answer is kept

    other_replica = Calendar(sessions, clock, is_secretary=services.proposals.is_secretary)
    await other_replica.cancel(committee, dt.date(2021, 2, 24), by=secretary)
    assert await knowledge.ask(question) is added  # not seen yet: the calendar was read less than the TTL ago
    clock.advance(VERSION_TTL)
    assert "24. februar 2021 er aflyst" in (await knowledge.ask(question)).answer


class HeldAnswerer(Answerer):
    """A real Answerer that counts the questions it answers and holds each answer until released."""

    answered = 0
    started = threading.Event()
    release = threading.Event()

    def answer(self, *args, **kwargs) -> Answer:
        cls = type(self)
        cls.answered += 1
        cls.started.set()
        if not cls.release.wait(DEADLOCK_GUARD_S):
            raise TimeoutError("the test never released the held answer")
        return super().answer(*args, **kwargs)


async def test_a_burst_of_the_same_question_is_answered_once(sessions, clock) -> None:
    knowledge = Knowledge(
        sessions, clock, build_answerer=lambda minutes, snapshot=None: HeldAnswerer(minutes, snapshot=snapshot)
    )
    await knowledge.ingest(SEED_UDD)
    await knowledge.warm()
    burst = asyncio.gather(*(knowledge.ask(UDD_QUESTION) for _ in range(16)))
    await asyncio.to_thread(HeldAnswerer.started.wait, DEADLOCK_GUARD_S)
    await asyncio.sleep(0.2)  # the other asks arrive meanwhile (two answering threads were free for them)
    HeldAnswerer.release.set()
    answers = await asyncio.wait_for(burst, DEADLOCK_GUARD_S)
    assert HeldAnswerer.answered == 1  # the others waited for that one answer instead of making their own
    assert all(answer is answers[0] for answer in answers) and answered_from(answers[0], SEED_UDD)


# ---------------------------------------------------------------------- the index snapshot


@pytest.fixture
async def shared_sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions over SQLite or PostgreSQL: what replicas share, the snapshot included."""
    engine = create_engine(database_url)
    await upgrade(engine)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


class RecordingBuilder(CountingBuilder):
    """Also keeps each Answerer it made, to see whether its index came from a snapshot."""

    def __init__(self) -> None:
        super().__init__()
        self.made: list[Answerer] = []

    def __call__(self, minutes: list[Minutes], *, snapshot: bytes | None = None) -> Answerer:
        answerer = super().__call__(minutes, snapshot=snapshot)
        self.made.append(answerer)
        return answerer


async def stored_snapshot(sessions) -> tuple[int, bytes] | None:
    async with sessions() as session:
        row = (await session.execute(select(IndexSnapshotRow.corpus_version, IndexSnapshotRow.data))).first()
    return None if row is None else (row.corpus_version, row.data)


async def test_a_fresh_process_loads_the_index_another_built(shared_sessions, clock) -> None:
    first = RecordingBuilder()
    writer = Knowledge(shared_sessions, clock, build_answerer=first)
    await writer.ingest(SEED_UDD)
    await writer.ingest(SEED_FOKUS)
    expected = [await writer.ask(UDD_QUESTION), await writer.ask(FOKUS_QUESTION)]
    assert [a.index.from_snapshot for a in first.made] == [False]
    assert (await stored_snapshot(shared_sessions))[0] == 2  # stored at the corpus version it was built from

    later = RecordingBuilder()
    reader = Knowledge(shared_sessions, clock, build_answerer=later)  # another replica, or the next `ask`
    answers = [await reader.ask(UDD_QUESTION), await reader.ask(FOKUS_QUESTION)]

    assert [a.index.from_snapshot for a in later.made] == [True]
    assert answers == expected and answered_from(answers[1], SEED_FOKUS)


async def test_new_minutes_make_the_snapshot_stale_and_the_index_is_built_again(shared_sessions, clock) -> None:
    writer = Knowledge(shared_sessions, clock)
    await writer.ingest(SEED_UDD)
    await writer.warm()
    assert (await stored_snapshot(shared_sessions))[0] == 1
    await writer.ingest(SEED_FOKUS)  # stored, but not asked about here: the snapshot is of version 1

    builder = RecordingBuilder()
    reader = Knowledge(shared_sessions, clock, build_answerer=builder)
    answer = await reader.ask(FOKUS_QUESTION)

    assert answered_from(answer, SEED_FOKUS)
    assert [a.index.from_snapshot for a in builder.made] == [False]
    assert (await stored_snapshot(shared_sessions))[0] == 2  # and the next process loads that one
    again = RecordingBuilder()
    await Knowledge(shared_sessions, clock, build_answerer=again).ask(FOKUS_QUESTION)
    assert [a.index.from_snapshot for a in again.made] == [True]


async def test_a_damaged_snapshot_is_built_again_and_replaced(shared_sessions, clock) -> None:
    writer = Knowledge(shared_sessions, clock)
    await writer.ingest(SEED_UDD)
    expected = await writer.ask(UDD_QUESTION)
    version, data = await stored_snapshot(shared_sessions)
    async with shared_sessions.begin() as session:
        await session.execute(update(IndexSnapshotRow).values(data=data[: len(data) // 2]))

    builder = RecordingBuilder()
    answer = await Knowledge(shared_sessions, clock, build_answerer=builder).ask(UDD_QUESTION)

    assert answer == expected
    assert [a.index.from_snapshot for a in builder.made] == [False]
    assert await stored_snapshot(shared_sessions) == (version, data)  # the same snapshot again, whole
