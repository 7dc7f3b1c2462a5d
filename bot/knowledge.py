"""The knowledge core as one service: ingest minutes, answer questions.

It joins reading (bot.minutes), storage and answering, and keeps one search index per
process that it rebuilds in the background when the stored corpus changes (see
``Knowledge`` for who waits for a rebuild: nobody, except right after their own ingest).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answering.answer import Answer, Answerer
from bot.answering.compact import CompactMinutes, compacted
from bot.answering.meetings import MeetingCalendar
from bot.calendar.model import CalendarMeeting, local_instant
from bot.clock import Clock, local_today
from bot.limits import ANSWER_BUDGET_SECONDS, ANSWER_WORKERS, MAX_MESSAGE_CHARS
from bot.metrics import Metrics
from bot.minutes.errors import UnreadableDocument
from bot.minutes.limits import DEFAULT_READ_LIMITS, ReadLimits
from bot.minutes.model import AgendaItem, Minutes
from bot.words import committee_key
from storage import calendar_repository
from storage.database import writing
from storage.index_snapshots_repository import load_index_snapshot, save_index_snapshot, stored_snapshot_version
from storage.minutes_repository import (
    MissingCommittee,
    corpus_version,
    list_committees,
    load_minutes_of,
    minutes_revisions,
    save_minutes,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _CalendarRead:
    """The calendar meetings of the local days [first, last] as read (``serial`` tells contents apart:
    a read that finds what the previous one found keeps its serial, so kept answers stay valid)."""

    serial: int
    meetings: tuple[CalendarMeeting, ...]
    committees: frozenset[str]
    first: dt.date
    last: dt.date


MAX_CACHED_ANSWERS = 512
MAX_CACHED_QUESTION = 500
"""Answers kept per index (oldest out first), for questions up to this many characters."""

MAX_SCOPES = 16
"""Answerers kept for askers who see only some committees (one per set of committees, per index)."""

LOAD_BATCH = 500
"""Meetings loaded from the database at a time when the index is built: each batch is made compact
(``bot.answering.compact``) before the next is read, so the parser's objects of all are never held."""

VERSION_TTL = dt.timedelta(seconds=2)
"""Asks read the corpus version at most this often: another writer's minutes start a rebuild within it."""

# Answering is CPU work: it runs in these threads, so the event loop serves other conversations and
# /healthz meanwhile. Few of them, so that questions over their budget cannot pile up threads.
_ANSWERING = ThreadPoolExecutor(max_workers=ANSWER_WORKERS, thread_name_prefix="answering")

_MISSING = object()


@dataclass(slots=True)
class _Shared:
    """A call in an answering thread and how many asks wait for it."""

    future: asyncio.Future
    waiting: int = 0


_T = TypeVar("_T")


class AnswerTookTooLong(Exception):
    """Answering a question ran over its time budget; the member is asked for a shorter question."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ingesting one document did."""

    minutes: Minutes
    status: str  # "created" | "unchanged" | "replaced"
    committee: str

    def to_json(self) -> dict:
        meeting_date = self.minutes.meeting.date
        return {
            "document": self.minutes.source_name,
            "meeting_date": meeting_date.isoformat() if meeting_date else None,
            "committee": self.committee,
            "items": len(self.minutes.items),
            "dates": len(self.minutes.dates),
            "status": self.status,
        }


class Knowledge:
    """Ingests minutes and answers questions about them.

    Questions are answered from an in-memory search index (an ``Answerer``) built from every
    stored minutes document as of one corpus version. Building it takes seconds for a large
    corpus, so it happens in the background and nobody waits for it except as said below.

    Consistency rule:
        * An ``ask``/``item`` reads the corpus version (one small query), at most once per
          ``VERSION_TTL`` (2 s, by the injected clock). When the database
          is newer than the index (another process or replica stored minutes), a rebuild
          starts in the background and the question is answered from the index at hand: it may
          lag other writers by one rebuild. One rebuild runs at a time; while it runs, asks
          skip the query, and the rebuild looks once more when done and builds again if the
          corpus changed meanwhile.
        * Read your own writes: once ``ingest``/``ingest_minutes`` in *this* instance has
          stored new or replaced minutes, the next ``ask``/``item`` waits until the index
          includes them (the ask right after an ingest sees the new minutes).
        * With no index yet, the first ``ask`` waits for one. ``warm()`` at start-up builds it
          before anyone asks.
        * A build loads the snapshot stored for the corpus version at hand (``index_snapshots``)
          instead of reading every item again, when it was made from the same minutes by the same
          code; otherwise it builds the index and stores its snapshot for the next process
          (replica, command line) that starts at that version. Snapshots are an optimisation:
          a missing, stale or damaged one costs a build, never an answer.

    Args:
        sessions: the database session factory.
        clock: the clock; ``ask`` answers as of its local Europe/Copenhagen today, and
            ingestion stamps its ``now``.
        build_answerer: builds the index from the stored minutes (compact, ``bot.answering.compact``) and the stored snapshot (None
            when there is none of this corpus version). It runs in a worker thread; tests inject
            one that counts or blocks builds.
        on_ingested: called with the minutes after they were stored (also when unchanged, so a
            hook that failed once catches up on the next ingest); the app sets it to
            ``Calendar.sync_from_minutes``. Its failure is logged, not raised: the minutes are stored.
        metrics: counts answers and abstentions (the server's /metrics); by default counts unread.
        answer_budget: seconds one question's answering may take (``bot.limits.ANSWER_BUDGET_SECONDS``).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        build_answerer: Callable[..., Answerer] = Answerer,
        on_ingested: Callable[[Minutes], Awaitable[object]] | None = None,
        metrics: Metrics | None = None,
        answer_budget: float = ANSWER_BUDGET_SECONDS,
    ):
        self._sessions = sessions
        self._metrics = metrics or Metrics()
        self._answer_budget = answer_budget
        self._on_ingested = on_ingested
        self._clock = clock
        self._build_answerer = build_answerer
        self._answerer: Answerer | None = None
        self._answerer_version: int | None = None
        # The current index's minutes by meeting id, with the revision they were loaded at: a
        # rebuild loads only the meetings saved since (``minutes_revisions``) and reuses the rest.
        self._held: dict[int, tuple[str, CompactMinutes]] = {}
        self._answers_of: Answerer | None = None
        self._answers: dict[tuple, Answer] = {}
        self._days: dict[tuple, tuple[dt.date, dt.date] | None] = {}
        # Per span of days: when it was read, and what (None: no committee has a calendar).
        self._calendar_reads: dict[tuple[dt.date, dt.date], tuple[dt.datetime, _CalendarRead | None]] = {}
        self._calendar_serial = 0
        # Work under way that concurrent asks share rather than repeat (a burst of the same question
        # makes one answer, one calendar read, one version query): answers and days by key (for the
        # index at hand), calendar reads by span, the corpus version query.
        self._pending: dict[tuple, asyncio.Future] = {}
        self._calendar_pending: dict[tuple[dt.date, dt.date], asyncio.Future] = {}
        self._version_pending: asyncio.Future[int] | None = None
        self._scopes_of: Answerer | None = None
        self._scopes: dict[frozenset[str], Answerer] = {}
        # The newest corpus version someone asked the index to reach.
        self._wanted_version = 0
        # The corpus version after this instance's own latest write (read your own writes).
        self._written_version = 0
        self._rebuild: asyncio.Task[None] | None = None
        # When an ask last read the corpus version (a UTC instant), for VERSION_TTL.
        self._version_checked_at: dt.datetime | None = None
        # Rebuilds that an ask or warm() waits for: their errors reach the waiter, not the log.
        self._awaited: set[asyncio.Task[None]] = set()

    @property
    def index_version(self) -> int | None:
        """The corpus version the current index was built from; None before the first build."""
        return self._answerer_version

    async def warm(self) -> None:
        """Build the index now (at start-up, as a background task), so no user waits for it.

        Safe to call while asks run: they share the one build.
        """
        async with self._sessions() as session:
            version = await corpus_version(session)
        if self._answerer is None or (self._answerer_version or 0) < version:
            await self._build_to(version)

    async def wait_for_rebuild(self) -> None:
        """Wait until the rebuild in progress, if any (and any queued behind it), has finished.

        For tests and orderly shutdown; it raises what a failed rebuild raised.
        """
        while self._rebuild is not None and not self._rebuild.done():
            await asyncio.shield(self._rebuild)

    async def aclose(self) -> None:
        """Stop a background rebuild (before the database engine is disposed)."""
        task, self._rebuild = self._rebuild, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def ingest(
        self,
        path: Path,
        *,
        committee: str | None = None,
        meeting_date: dt.date | None = None,
        limits: ReadLimits = DEFAULT_READ_LIMITS,
    ) -> IngestResult:
        """Read, parse and store one document.

        Args:
            committee: the committee the minutes belong to, for documents that do not name it.
            meeting_date: the meeting's date, for documents that do not state it (a stated one stands).
            limits: file size, .docx expansion and PDF pages over which the file is refused unread.

        Raises:
            UnreadableDocument: the file cannot be read as minutes (or is over ``limits``); nothing was stored.
        """
        # The reading code is imported when first needed: a command-line `ask` never reads a document.
        from bot.minutes.structure import committee_from_file_name
        from bot.minutes.worker import read_bounded

        minutes = await read_bounded(path, limits)
        if committee and not minutes.meeting.committee:
            minutes.meeting.committee = committee
        if meeting_date is not None:
            minutes.date_meeting(meeting_date, "Mødedatoen er angivet ved indlæsning")
        if not minutes.meeting.committee:
            # A readable document is never refused for not naming its committee.
            guess = committee_from_file_name(minutes.source_name) or Path(minutes.source_name).stem
            minutes.meeting.committee = guess
            minutes.warnings.append(f"Dokumentet nævner ikke udvalgets navn; udvalget er taget fra filnavnet: {guess}.")
        return await self.ingest_minutes(minutes)

    async def ingest_minutes(self, minutes: Minutes) -> IngestResult:
        """Store already parsed minutes (e.g. after a secretary approved them).

        Raises:
            UnreadableDocument: the minutes do not say which committee they belong to.
        """
        try:
            async with writing(self._sessions) as session:
                saved = await save_minutes(session, minutes, ingested_at=self._clock.now())
                written = await corpus_version(session) if saved.status != "unchanged" else 0
        except MissingCommittee:
            raise UnreadableDocument(
                minutes.source_name, "referatet nævner ikke udvalgets navn; angiv udvalget (--committee)"
            ) from None
        # Committed: from now on this instance's asks wait for an index that includes it.
        self._written_version = max(self._written_version, written)
        logger.info("ingested %s: %s (meeting %s)", minutes.source_name, saved.status, saved.meeting_id)
        if self._on_ingested is not None:
            try:
                await self._on_ingested(minutes)
            except Exception:  # the minutes are stored; a failed follow-up must not undo the ingest
                logger.exception("after ingesting %s: the on_ingested hook failed", minutes.source_name)
        return IngestResult(minutes=minutes, status=saved.status, committee=saved.committee)

    async def committees(self) -> list[str]:
        """The stored committees' names, for dialogs that let a user choose one."""
        async with self._sessions() as session:
            return await list_committees(session)

    async def is_empty(self) -> bool:
        async with self._sessions() as session:
            return await corpus_version(session) == 0

    async def load_examples_if_empty(self, folder: Path) -> int:
        """Give a newcomer something to ask about: ingest sample minutes into an empty database.

        Returns:
            How many documents were loaded (0 when the database already held minutes).
        """
        if not await self.is_empty():
            return 0
        files = sorted(p for p in folder.glob("*.txt") if p.is_file())
        for path in files:
            await self.ingest(path)
        return len(files)

    async def ask(
        self,
        question: str,
        *,
        committee: str | None = None,
        language: str | None = None,
        within: frozenset[str] | None = None,
    ) -> Answer:
        """Answer a question from the stored minutes, as of the clock's local today.

        When meetings are asked about, the meeting calendar (what secretaries added, moved or
        cancelled) is handed to the answerer with the index, as read at most VERSION_TTL ago. The
        answering runs in a worker thread; only ``MAX_MESSAGE_CHARS`` of the question are read (the
        Teams handler refuses longer messages before this).

        Args:
            within: the keys (``bot.words.committee_key``) of the committees the asker may see; None for all.

        Raises:
            AnswerTookTooLong: answering took more than the budget (the worker's result is dropped).
        """
        question = question[:MAX_MESSAGE_CHARS]
        # Waiting for a first index is not answering.
        answerer = await self._scoped(await self._current_answerer(), within)
        today = local_today(self._clock)
        if within is not None and committee is not None and committee_key(committee) not in within:
            committee = None
        # Members ask the same thing in bursts (after a meeting, before a deadline): an answer is kept
        # until the index, the day or (for questions about meetings) what the calendar read finds changes.
        if self._answers_of is not answerer:
            # (calls under way for the old index are not joined: read your own writes)
            self._answers_of, self._answers, self._days, self._pending = answerer, {}, {}, {}
        asked = (question, language, today)
        try:
            async with asyncio.timeout(self._answer_budget):
                days = self._days.get(asked, _MISSING)
                if days is _MISSING:
                    days = await self._shared(
                        self._days,
                        ("days", *asked),
                        asked,
                        answerer.calendar_days,
                        question,
                        today=today,
                        language=language,
                    )
                calendar, read = None, None
                if days is not None:  # meetings: the calendar as read at most VERSION_TTL ago
                    read = await self._calendar_read(*days)
                    calendar = self._meeting_calendar(read, within)
                minute = self._clock.now().replace(second=0, microsecond=0) if read is not None else None
                key = (question, committee, language, today, within, read.serial if read else None, minute)
                if (answer := self._answers.get(key)) is None:  # a kept answer costs no thread hop
                    answer = await self._shared(
                        self._answers,
                        ("answer", *key),
                        key,
                        answerer.answer,
                        question,
                        today=today,
                        committee=committee,
                        language=language,
                        calendar=calendar,
                    )
        except TimeoutError:
            # Ids and sizes only: logs never carry what members wrote.
            logger.warning(
                "a question of %d characters ran over the %g s answering budget", len(question), self._answer_budget
            )
            raise AnswerTookTooLong(len(question)) from None
        self._metrics.answer(answer.intent, answered=answer.answered)
        return answer

    async def _shared(
        self, cache: dict, pending_key: tuple, key: tuple, function: Callable[..., _T], *args: object, **kwargs: object
    ) -> _T:
        """``function(*args, **kwargs)`` in an answering thread, kept in ``cache`` under ``key``; asks that
        want the same meanwhile wait for that one call instead of queueing their own behind it.

        When every asker waiting for it has given up (over its budget), a call not yet started is
        cancelled, as a lone asker's would be.
        """
        shared = self._pending.get(pending_key)
        if shared is None:
            future = asyncio.get_running_loop().run_in_executor(
                _ANSWERING, functools.partial(function, *args, **kwargs)
            )
            shared = self._pending[pending_key] = _Shared(future)

            def done(finished: asyncio.Future) -> None:
                if (entry := self._pending.get(pending_key)) is not None and entry.future is finished:
                    del self._pending[pending_key]
                if not finished.cancelled() and finished.exception() is None:
                    self._remember(cache, key, finished.result())

            future.add_done_callback(done)
        shared.waiting += 1
        try:
            return await asyncio.shield(shared.future)
        finally:
            shared.waiting -= 1
            if not shared.waiting:
                shared.future.cancel()  # one not started never runs; a started one finishes alone, unkept

    @staticmethod
    def _remember(cache: dict, key: tuple, value: object) -> None:
        if len(key[0]) > MAX_CACHED_QUESTION:
            return
        if len(cache) >= MAX_CACHED_ANSWERS:
            cache.pop(next(iter(cache)))
        cache[key] = value

    def forget_calendar(self) -> None:
        """The meeting calendar changed here: the next question about meetings reads it again."""
        self._calendar_reads.clear()
        self._calendar_pending.clear()  # a read under way may predate the change: later asks do not join it

    async def _scoped(self, answerer: Answerer, within: frozenset[str] | None) -> Answerer:
        """An answerer over the minutes of the committees ``within`` only (one per scope, kept per index)."""
        if within is None:
            return answerer
        keys = {committee_key(m.meeting.committee) for m in answerer.index.minutes}
        if keys <= within:
            return answerer
        scope = within & keys
        if self._scopes_of is not answerer:
            self._scopes_of, self._scopes = answerer, {}
        if scope not in self._scopes:
            if len(self._scopes) >= MAX_SCOPES:
                self._scopes.pop(next(iter(self._scopes)))
            minutes = [m for m in answerer.index.minutes if committee_key(m.meeting.committee) in scope]
            self._scopes[scope] = await asyncio.to_thread(self._build_answerer, minutes)
        return self._scopes[scope]

    async def _calendar_read(self, first: dt.date, last: dt.date) -> _CalendarRead | None:
        """The calendar meetings of the local days [first, last], read at most VERSION_TTL ago (another
        replica's change is seen within that; this one's at once, see ``forget_calendar``); None when no
        committee has a calendar."""
        now = self._clock.now()
        span = (first, last)
        found = self._calendar_reads.get(span)
        if found is not None and found[0] <= now < found[0] + VERSION_TTL:
            return found[1]
        future = self._calendar_pending.get(span)
        if future is None:
            future = asyncio.ensure_future(self._read_calendar(span, now, found[1] if found else None))
            self._calendar_pending[span] = future

            def done(finished: asyncio.Future) -> None:
                if self._calendar_pending.get(span) is finished:
                    del self._calendar_pending[span]

            future.add_done_callback(done)
        return await asyncio.shield(future)

    async def _read_calendar(
        self, span: tuple[dt.date, dt.date], now: dt.datetime, previous: _CalendarRead | None
    ) -> _CalendarRead | None:
        first, last = span
        async with self._sessions() as session:
            committees = await calendar_repository.committees_with_meetings(session)
            stored = []
            if committees:  # else a database from before the calendar: the minutes answer alone
                since = local_instant(first, None)
                # Up to the local midnight that ends ``last``; dt.date.max means no end.
                before = local_instant(last + dt.timedelta(days=1), None) if last < dt.date.max else None
                stored = await calendar_repository.meetings_of(session, since=since, before=before)
        read = None
        if committees:
            meetings, named = tuple(s.meeting for s in stored), frozenset(committees)
            if previous is not None and previous.meetings == meetings and previous.committees == named:
                read = previous  # nothing changed: answers kept for it stay valid
            else:
                self._calendar_serial += 1
                read = _CalendarRead(self._calendar_serial, meetings, named, first, last)
        if self._calendar_pending.get(span) is asyncio.current_task():
            # Not after forget_calendar cleared it: that change may be newer than this read.
            if len(self._calendar_reads) >= MAX_CACHED_ANSWERS:
                self._calendar_reads.clear()
            self._calendar_reads[span] = (now, read)
        return read

    def _meeting_calendar(self, read: _CalendarRead | None, within: frozenset[str] | None) -> MeetingCalendar | None:
        if read is None:
            return None
        meetings, committees = read.meetings, read.committees
        if within is not None:
            meetings = tuple(m for m in meetings if committee_key(m.committee) in within)
            committees = frozenset(c for c in committees if committee_key(c) in within)
        return MeetingCalendar(meetings, committees, read.first, read.last, self._clock.now())

    async def item(
        self, document: str, item_number: str, *, within: frozenset[str] | None = None
    ) -> tuple[CompactMinutes, AgendaItem] | None:
        """One whole agenda item, e.g. to show the item an answer quotes.

        Args:
            document: the minutes' ``source_name``, as in ``Source.document``.
            item_number: the item's number as written ("6.2"; a trailing dot is ignored).
            within: the keys of the committees the asker may see; None for all.

        Returns:
            The minutes and the item, or None when no stored minutes have that document and item.
        """
        # The answerer holds every stored minutes document, current as of the corpus version.
        answerer = await self._current_answerer()
        number = item_number.strip().rstrip(".")
        for minutes in answerer.index.minutes_named(document):
            if within is None or committee_key(minutes.meeting.committee) in within:
                found = minutes.item(number)
                if found is not None:
                    return minutes, found
        return None

    async def _current_answerer(self) -> Answerer:
        """The index to answer from now, by the consistency rule in the class docstring."""
        answerer, built = self._answerer, self._answerer_version
        if answerer is None or built is None or built < self._written_version:
            # The first build, or this instance's own write: wait (versions are read after commit).
            await self._build_to(self._written_version)
            assert self._answerer is not None  # a finished build always sets one
            return self._answerer
        if self._rebuild is not None and not self._rebuild.done():
            # A rebuild is under way and looks for newer versions when done: skip the query,
            # which would also compete with the build for the GIL.
            return answerer
        now = self._clock.now()
        checked = self._version_checked_at
        if checked is not None and checked <= now < checked + VERSION_TTL:
            return answerer  # looked less than VERSION_TTL ago: other writers are seen within that bound
        if self._version_pending is None:  # asks arriving while it is read wait for that one query
            self._version_pending = asyncio.ensure_future(self._read_version(now))
        version = await asyncio.shield(self._version_pending)
        if built < version:
            self._request(version)  # answer from the index at hand meanwhile
        return answerer

    async def _read_version(self, now: dt.datetime) -> int:
        try:
            async with self._sessions() as session:
                version = await corpus_version(session)
            self._version_checked_at = now
            return version
        finally:
            self._version_pending = None

    def _request(self, version: int) -> asyncio.Task[None]:
        """Ask for an index of at least ``version``; returns the rebuild that will provide it."""
        self._wanted_version = max(self._wanted_version, version)
        if self._rebuild is None or self._rebuild.done():
            self._rebuild = asyncio.create_task(self._rebuild_loop(), name="knowledge-rebuild")
            self._rebuild.add_done_callback(self._rebuild_done)
        return self._rebuild

    async def _build_to(self, version: int) -> None:
        # The rebuild task outlives a cancelled ask (shield); when it ends, its last build
        # read the database after this request, so it includes ``version``.
        task = self._request(version)
        self._awaited.add(task)
        await asyncio.shield(task)

    def _rebuild_done(self, task: asyncio.Task[None]) -> None:
        awaited = task in self._awaited
        self._awaited.discard(task)
        # An ask that waited gets the error itself; a background rebuild's would go unseen.
        if not task.cancelled() and task.exception() is not None and not awaited:
            logger.error("search index rebuild failed; answering from the previous index", exc_info=task.exception())

    async def _save_snapshot(self, answerer: Answerer, version: int, *, had_one: bool) -> None:
        """Store the snapshot of an index this process built, for the next process at this version.

        Skipped when a newer one is stored, or one of this version appeared while building (another
        replica's); one of this version that this build found unusable is replaced.
        """
        try:
            async with self._sessions() as session:
                stored = await stored_snapshot_version(session)
            if stored is not None and (stored > version or (stored == version and not had_one)):
                return
            data = await asyncio.to_thread(answerer.index.snapshot)
            async with writing(self._sessions) as session:
                await save_index_snapshot(session, version, data)
            logger.info("search index snapshot stored: corpus version %d, %d bytes", version, len(data))
        except Exception:  # an optimisation only: the index is built and answers
            logger.warning("could not store the search index snapshot", exc_info=True)

    async def _rebuild_loop(self) -> None:
        while True:
            target = self._wanted_version
            if self._answerer is not None and (self._answerer_version or 0) >= target:
                return
            async with self._sessions() as session:
                # Version first: the minutes loaded after it are at least as new.
                version = await corpus_version(session)
                held = await self._load_held(session)
                snapshot = await load_index_snapshot(session, version)
            minutes = [m for _, m in held.values()]
            # A worker thread keeps the event loop answering from the old index meanwhile.
            answerer = await asyncio.to_thread(self._build_answerer, minutes, snapshot=snapshot)
            snapshot_found, snapshot = snapshot is not None, None  # (the index keeps what it needs of it)
            self._answerer, self._answerer_version, self._held = answerer, version, held
            if answerer.index.from_snapshot:
                logger.info("search index loaded: %d meetings, corpus version %d", len(minutes), version)
            else:
                logger.info("search index built: %d meetings, corpus version %d", len(minutes), version)
                if minutes:
                    await self._save_snapshot(answerer, version, had_one=snapshot_found)
            if self._wanted_version > target:
                continue  # a newer version was asked for while building
            # Asks during the build did not look at the database: look once for them.
            async with self._sessions() as session:
                latest = await corpus_version(session)
            if latest <= version:
                return
            self._wanted_version = max(self._wanted_version, latest)

    async def _load_held(self, session: AsyncSession) -> dict[int, tuple[str, CompactMinutes]]:
        """Every stored meeting's minutes in compact form, with its revision: the current index's
        where unchanged, the others loaded ``LOAD_BATCH`` at a time and made compact in a worker thread
        while the next batch is read (zlib and SQLite leave the GIL: the two overlap)."""
        revisions = await minutes_revisions(session)
        held = {mid: kept for mid, kept in self._held.items() if revisions.get(mid) == kept[0]}
        missing = [mid for mid in revisions if mid not in held]
        compacting: asyncio.Future[list[tuple[int, CompactMinutes]]] | None = None
        for start in range(0, len(missing), LOAD_BATCH):
            loaded = await load_minutes_of(session, missing[start : start + LOAD_BATCH])
            if compacting is not None:
                held.update((mid, (revisions[mid], m)) for mid, m in await compacting)
            # At most two batches of the parser's objects at a time: this one and the one being compacted.
            compacting = asyncio.ensure_future(asyncio.to_thread(_compacted, loaded))
            del loaded
        if compacting is not None:
            held.update((mid, (revisions[mid], m)) for mid, m in await compacting)
        return held


def _compacted(loaded: dict[int, Minutes]) -> list[tuple[int, CompactMinutes]]:
    return list(zip(loaded, compacted(loaded.values()), strict=True))
