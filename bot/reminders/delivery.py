"""Delivering reminders: each planned reminder to each target conversation once, across restarts and replicas.

A cycle (:meth:`DeliveryEngine.deliver_due`) plans what is due within ``lookback`` (bot.reminders.due);
stores one ``reminder_deliveries`` row per reminder and target (the committee's linked conversations and
its subscribers' personal chats, only reminders due after the target became one; nothing before it is
due, so a moved meeting is simply planned anew); marks what was not sent within ``grace`` missed and
reports it once to the secretaries; claims due rows for each tenant whose send lease it holds (committed
before anything is sent); sends them within the rate limits (bot.reminders.rate), each conversation's in
order; then marks them sent, back to pending after a backoff, or failed (403/404, out of attempts).

Exactly once: only the process whose claim committed sends a row, and marking it sent needs that claim; a
dead process's claims run out after ``lease``. Known limit: a crash after the Bot Connector took a message
but before the 'sent' commit sends it again. One replica at a time holds a tenant's lease (kept ``lease``
after its last send), so one process's ``SendLimits`` see every message to the tenant.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import random
import secrets
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.model import STATUS_PLANNED
from bot.clock import Clock
from bot.conversations import ConversationRef
from bot.reminders.due import Deadline, PlannedReminder, plan_reminders, reminder_text
from bot.reminders.rate import SendLimits
from bot.reminders.rules import (
    COMMITTEE_TZ,
    MAX_OFFSET_DAYS,
    danish_holidays,
)
from bot.words import committee_key, format_long_date, format_time, is_english
from storage import calendar_repository
from storage import deliveries_repository as repo
from storage.database import writing

logger = logging.getLogger(__name__)

MISSED_KEY_PREFIX = "missed:"

# Deadlines this many days past the plan's end may still have a reminder in it: a rule's offset,
# moved back further to a working day (Easter and Christmas take several days).
_DEADLINE_REACH = dt.timedelta(days=MAX_OFFSET_DAYS + 14)


class SendError(Exception):
    """A sender could not deliver: ``permanent`` when retrying cannot help (the bot was removed)."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class Sender(Protocol):
    """Sends a plain-text message to a stored conversation (bot/teams/proactive.py for Teams)."""

    async def send(self, target: ConversationRef, text: str) -> str | None:
        """The new message's id; raises SendError on refusal (other exceptions count as passing failures)."""


# A committee's secretaries' Entra object ids (Proposals.secretaries).
SecretaryLookup = Callable[[str], Awaitable[Sequence[str]]]


@dataclass(frozen=True, slots=True)
class DeliveryOptions:
    """How the engine delivers; ``replica_id`` is unique among the replicas, ``batch_size`` is per tenant and
    cycle, ``concurrency`` is messages sent at once (the connector's answer may take 200 ms or more)."""

    replica_id: str
    grace: dt.timedelta = dt.timedelta(hours=6)
    lookback: dt.timedelta = dt.timedelta(days=3)  # at least grace, or missed reminders would go unreported
    horizon: dt.timedelta = dt.timedelta(days=1)
    lease: dt.timedelta = dt.timedelta(seconds=30)
    max_attempts: int = 6
    backoff: dt.timedelta = dt.timedelta(seconds=30)
    max_backoff: dt.timedelta = dt.timedelta(minutes=30)
    batch_size: int = 500
    concurrency: int = 256


@dataclass(frozen=True, slots=True)
class CycleReport:
    """What one cycle did; ``next_wake`` is when something next falls due (a reminder, retry or expiring
    claim), ``more`` that a batch was full."""

    due: int = 0
    added: int = 0
    missed: int = 0
    reported: int = 0
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    next_wake: dt.datetime | None = None
    more: bool = False

    def __add__(self, later: CycleReport) -> CycleReport:
        counts = {
            f.name: getattr(self, f.name) + getattr(later, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("next_wake", "more")
        }
        return CycleReport(**counts, next_wake=later.next_wake, more=later.more)


class DeliveryEngine:
    """Plans, stores, claims and sends reminders (see the module docstring); without ``secretaries`` missed
    reminders are reported to nobody."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        sender: Sender,
        *,
        options: DeliveryOptions,
        secretaries: SecretaryLookup | None = None,
        limits: SendLimits | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._sender = sender
        self._options = options
        self._secretaries = secretaries
        self._limits = limits or SendLimits()
        self._rng = rng or random.Random()
        self._holidays: dict[tuple[int, int], frozenset[dt.date]] = {}
        self._stopping = False
        self._lost: set[str] = set()
        # Who claims: the replica, and this process of it (a restarted process is a new claimant).
        self._claimant = {"replica": options.replica_id, "instance": secrets.token_hex(6)}
        self._sent_log = _SentLog(self._record_sent)

    @property
    def replica_id(self) -> str:
        return self._options.replica_id

    def stop(self) -> None:
        """Sends under way finish; claimed rows not yet tried are given back."""
        self._stopping = True

    async def deliver_due(self) -> CycleReport:
        """One cycle at the clock's ``now``: plan, store, report missed, claim and send."""
        if self._stopping:
            return CycleReport()
        now = self._clock.now()
        planned, targets = await self._plan(now)
        due = [reminder for reminder in planned if reminder.due_at <= now]
        upcoming = next((reminder.due_at for reminder in planned if reminder.due_at > now), None)
        added = await self._materialise(due, targets, now)
        missed, reported = await self._mark_missed(now)
        claimed = await self._claim(now)
        outcomes = await self._send(claimed)
        async with self._sessions() as session:
            stored_wake = await repo.next_wake(session, now=self._clock.now())
        wakes = [instant for instant in (upcoming, stored_wake) if instant is not None]
        return CycleReport(
            due=len(due), added=added, missed=missed, reported=reported,
            claimed=sum(len(rows) for rows in claimed.values()), sent=outcomes["sent"],
            retried=outcomes["retried"], failed=outcomes["failed"], next_wake=min(wakes, default=None),
            more=any(len(rows) >= self._options.batch_size for rows in claimed.values()),
        )  # fmt: skip  # keyword arguments grouped by meaning

    # --- 1. plan -------------------------------------------------------------------------------

    async def _plan(self, now: dt.datetime) -> tuple[list[PlannedReminder], dict[str, list[repo.Target]]]:
        options = self._options
        today = now.astimezone(COMMITTEE_TZ).date()
        last_day = (now + options.horizon).astimezone(COMMITTEE_TZ).date() + _DEADLINE_REACH
        async with self._sessions() as session:
            stored = await calendar_repository.meetings_of(session, since=now, statuses=[STATUS_PLANNED])
            deadlines: list[Deadline] = await repo.deadlines_between(session, today, last_day)
            rules = await repo.rules_by_committee(session)
            cutoffs = await repo.cutoffs_by_committee(session)
            targets = await repo.reminder_targets(session)
        meetings = [s.meeting for s in stored if committee_key(s.meeting.committee) in targets]
        planned = plan_reminders(
            meetings,
            [deadline for deadline in deadlines if committee_key(deadline.committee) in targets],
            rules,
            cutoff_days=cutoffs,  # by committee name; DEFAULT_CUTOFF_DAYS for the others
            now_utc=now,
            horizon=options.horizon,
            lookback=options.lookback,
            holidays=self._holidays_around(now),
        )
        # A reminder that fell due before its meeting was added or moved to where it is was never
        # owed (a meeting set at 16:00 for tomorrow has no 09:00 "day before" to miss).
        changed = {
            (committee_key(s.meeting.committee), s.meeting.uid): s.updated_at
            for s in stored
            if s.updated_at is not None
        }
        planned = [
            reminder for reminder in planned
            if reminder.due_at >= changed.get((committee_key(reminder.committee), reminder.meeting_uid), reminder.due_at)
        ]  # fmt: skip  # the condition on one line
        return planned, targets

    def _holidays_around(self, now: dt.datetime) -> frozenset[dt.date]:
        # As the planner's default (an anchor may lie a year after the window), computed once per span.
        first = (now - self._options.lookback - dt.timedelta(days=400)).year
        last = (now + self._options.horizon).year + 1
        if (first, last) not in self._holidays:
            self._holidays = {(first, last): danish_holidays(range(first, last + 1))}
        return self._holidays[(first, last)]

    # --- 2. materialise ------------------------------------------------------------------------

    async def _materialise(
        self, due: list[PlannedReminder], targets: Mapping[str, list[repo.Target]], now: dt.datetime
    ) -> int:
        if not due:
            return 0
        async with self._sessions() as session:
            stored = await repo.delivered_pairs(session, due_since=min(r.due_at for r in due))
        new = [
            repo.NewDelivery(
                reminder.key,
                target.conversation_row_id,
                reminder.committee,
                reminder.kind,
                target.tenant_key,
                reminder.due_at,
                reminder_payload(reminder),
            )
            for reminder in due
            for target in targets.get(committee_key(reminder.committee), ())
            if target.since <= reminder.due_at and (reminder.key, target.conversation_row_id) not in stored
        ]
        if not new:
            return 0
        async with writing(self._sessions) as session:
            return await repo.add_deliveries(session, new, at=now)

    # --- 3. missed -----------------------------------------------------------------------------

    async def _mark_missed(self, now: dt.datetime) -> tuple[int, int]:
        before = now - self._options.grace
        async with self._sessions() as session:
            committees = await repo.stale_committees(session, before=before, now=now)
        if not committees:
            return 0, 0
        chats: dict[str, list[repo.Target]] = {}
        for committee in committees:
            secretaries = await self._secretaries(committee) if self._secretaries is not None else []
            async with self._sessions() as session:
                chats[committee] = await repo.personal_chats(session, secretaries)
        # Marking and reporting commit together: a missed reminder is never left without its report.
        async with writing(self._sessions) as session:
            missed = await repo.mark_missed(session, before=before, now=now, committees=committees)
            first: dict[str, repo.Missed] = {}
            for row in missed:
                first.setdefault(row.reminder_key, row)
            reports = [
                repo.NewDelivery(
                    MISSED_KEY_PREFIX + key,
                    chat.conversation_row_id,
                    row.committee,
                    repo.MISSED_REPORT,
                    chat.tenant_key,
                    now,
                    {"missed": row.payload},
                )
                for key, row in first.items()
                for chat in chats.get(row.committee, [])
            ]
            reported = await repo.add_deliveries(session, reports, at=now) if reports else 0
        for key, row in first.items():
            logger.warning("reminder %s of %s was missed (due %s)", key, row.committee, row.due_at.isoformat())
            if not chats.get(row.committee):
                logger.warning("no secretary of %s has a personal chat with the bot to report it to", row.committee)
        return len(missed), reported

    # --- 4. claim ------------------------------------------------------------------------------

    async def _claim(self, now: dt.datetime) -> dict[str, list[repo.Delivery]]:
        options = self._options
        fresh_since = now - options.grace
        async with self._sessions() as session:
            tenants = await repo.due_tenants(session, now=now, fresh_since=fresh_since)
        if not tenants:
            return {}
        until = now + options.lease
        claimed: dict[str, list[repo.Delivery]] = {}
        async with writing(self._sessions) as session:
            held = await repo.acquire_tenant_leases(session, tenants, **self._claimant, now=now, until=until)
            for tenant in held:
                rows = await repo.claim(
                    session, **self._claimant, tenant=tenant, now=now, until=until,
                    fresh_since=fresh_since, limit=options.batch_size,
                )  # fmt: skip  # keyword arguments grouped by meaning
                if rows:
                    claimed[tenant] = rows
        return claimed

    # --- 5. send -------------------------------------------------------------------------------

    async def _send(self, claimed: Mapping[str, list[repo.Delivery]]) -> Counter[str]:
        outcomes: Counter[str] = Counter()
        if not claimed:
            return outcomes
        tenants = set(claimed)
        self._lost = set()
        conversations: dict[int, list[repo.Delivery]] = {}
        for rows in claimed.values():
            for row in rows:
                conversations.setdefault(row.conversation_row_id, []).append(row)
        untried: dict[dt.datetime | None, list[int]] = {}
        slots = asyncio.Semaphore(self._options.concurrency)

        async def send_in_order(rows: list[repo.Delivery]) -> None:
            for index, row in enumerate(rows):
                outcome, retry_at = await self._deliver(row, slots)
                if outcome is None:
                    untried.setdefault(None, []).append(row.id)
                    continue
                outcomes[outcome] += 1
                if retry_at is not None:
                    # The conversation refuses for now: its later reminders wait as long, in order.
                    untried.setdefault(retry_at, []).extend(later.id for later in rows[index + 1 :])
                    return

        sent_all = asyncio.Event()
        heartbeat = asyncio.create_task(self._heartbeat(tenants, sent_all))
        try:
            # Every conversation's sends end before the heartbeat stops, even when one of them failed.
            results = await asyncio.gather(
                *(send_in_order(rows) for rows in conversations.values()), return_exceptions=True
            )
            failure = next((result for result in results if isinstance(result, BaseException)), None)
            if failure is not None:
                raise failure
        finally:
            # Not cancelled: a renewal cut off inside its transaction would leave a broken connection.
            sent_all.set()
            await heartbeat
        # Keep the tenants for a lease after the last send (see the module docstring); give back the rest.
        now = self._clock.now()
        async with writing(self._sessions) as session:
            await repo.renew_leases(session, tenants - self._lost, **self._claimant, until=now + self._options.lease)
            for not_before, ids in untried.items():
                await repo.release(session, ids, **self._claimant, at=now, not_before=not_before)
        return outcomes

    async def _deliver(self, row: repo.Delivery, slots: asyncio.Semaphore) -> tuple[str | None, dt.datetime | None]:
        """ "sent", "retried" (with when) or "failed"; None when not tried. A slot is held only to send and record."""
        if self._stopping or row.tenant_key in self._lost:
            return None, None
        if row.target is None:
            return await self._fail(row, "the bot is no longer in the conversation"), None
        if row.attempts > self._options.max_attempts:
            return await self._fail(row, f"given up after {self._options.max_attempts} attempts"), None
        try:
            text = delivery_text(row.kind, row.payload, row.target.locale)
        except (KeyError, TypeError, ValueError) as error:
            return await self._fail(row, f"the stored reminder cannot be read: {error!r}"), None
        # Waiting for Teams' limits takes no slot: a slot held through a conversation's wait would cap
        # the rate at slots × the per-conversation rate, far below the tenant's.
        await self._limits.ready(row.tenant_key, row.conversation_row_id)
        async with slots:
            await self._limits.acquire(row.tenant_key, row.conversation_row_id)
            if self._stopping or row.tenant_key in self._lost:
                return None, None
            try:
                activity_id = await self._sender.send(row.target, text)
            except SendError as error:
                return await self._after_failure(row, error, permanent=error.permanent, retry_after=error.retry_after)
            except Exception as error:  # a network error or timeout: passing, try again later
                return await self._after_failure(row, error, permanent=False, retry_after=None)
            try:
                recorded = await self._sent_log.record(row.id, activity_id, self._clock.now())
            except Exception:  # the database failed after Teams took the message: it may go out again
                logger.exception(
                    "reminder %s reached conversation %s but could not be recorded as sent; it may arrive twice",
                    row.reminder_key, row.conversation_row_id,
                )  # fmt: skip  # log arguments packed beside their message
                return "sent", None
        if not recorded:
            logger.error(
                "reminder %s reached conversation %s after this replica (%s) lost its claim; it may arrive twice",
                row.reminder_key, row.conversation_row_id, self.replica_id,
            )  # fmt: skip  # log arguments packed beside their message
        return "sent", None

    async def _record_sent(self, sent: Sequence[tuple[int, str | None, dt.datetime]]) -> list[bool]:
        async with writing(self._sessions) as session:
            return [
                await repo.mark_sent(session, delivery_id, **self._claimant, at=at, activity_id=activity_id)
                for delivery_id, activity_id, at in sent
            ]

    async def _after_failure(
        self, row: repo.Delivery, error: Exception, *, permanent: bool, retry_after: float | None
    ) -> tuple[str, dt.datetime | None]:
        message = f"{type(error).__name__}: {error}"
        if permanent:
            return await self._fail(row, message), None
        if row.attempts >= self._options.max_attempts:
            return await self._fail(row, f"given up after {row.attempts} attempts; the last: {message}"), None
        if retry_after is not None:
            wait = dt.timedelta(seconds=max(0.0, retry_after))
        else:
            wait = self.backoff(row.attempts)
        now = self._clock.now()
        logger.warning(
            "reminder %s to conversation %s failed (attempt %d), next attempt in %.0f s: %s",
            row.reminder_key, row.conversation_row_id, row.attempts, wait.total_seconds(), message,
        )  # fmt: skip  # log arguments packed beside their message
        async with writing(self._sessions) as session:
            await repo.mark_retry(session, row.id, **self._claimant, at=now, next_attempt_at=now + wait, error=message)
        return "retried", now + wait

    async def _fail(self, row: repo.Delivery, message: str) -> str:
        logger.warning(
            "reminder %s to conversation %s failed for good: %s", row.reminder_key, row.conversation_row_id, message
        )
        async with writing(self._sessions) as session:
            await repo.mark_failed(session, row.id, **self._claimant, at=self._clock.now(), error=message)
        return "failed"

    def backoff(self, attempts: int) -> dt.timedelta:
        """The wait after ``attempts`` failed attempts: doubling from ``backoff``, capped, half of it random."""
        options = self._options
        full = min(options.max_backoff, options.backoff * 2 ** max(0, attempts - 1))
        return full / 2 + full / 2 * self._rng.random()

    async def _heartbeat(self, tenants: set[str], done: asyncio.Event) -> None:
        period = max(0.5, self._options.lease.total_seconds() / 3)
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=period)
                return
            keep = tenants - self._lost
            try:
                async with writing(self._sessions) as session:
                    held = await repo.renew_leases(
                        session, keep, **self._claimant, until=self._clock.now() + self._options.lease
                    )
            except Exception:  # the database may be briefly away; the lease has time left for the next try
                logger.exception("replica %s could not renew its reminder leases", self.replica_id)
                continue
            lost = keep - set(held)
            if lost:
                logger.error(
                    "replica %s lost the reminder lease of tenants %s; it stops sending there",
                    self.replica_id,
                    sorted(lost),
                )
                self._lost |= lost


# --- texts and the stored payload ----------------------------------------------------------------


_SENT_RETRY_SECONDS = 0.5


class _SentLog:
    """Records accepted sends together: those that finish during one commit go in the next. One write per
    message would make SQLite's single writer, not Teams' limits, the bound."""

    def __init__(self, write: Callable[[Sequence[tuple[int, str | None, dt.datetime]]], Awaitable[list[bool]]]) -> None:
        self._write = write
        self._waiting: list[tuple[tuple[int, str | None, dt.datetime], asyncio.Future[bool]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, delivery_id: int, activity_id: str | None, at: dt.datetime) -> bool:
        """Mark the delivery sent; False when this process no longer held its claim."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append(((delivery_id, activity_id, at), done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all())
        return await done

    async def _write_all(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            # In id order, as the lease renewal locks rows: the two then never deadlock (PostgreSQL).
            batch.sort(key=lambda entry: entry[0][0])
            records = [sent for sent, _ in batch]
            try:
                try:
                    results = await self._write(records)
                except Exception:  # a busy or failed-over database: once more, as marking sent is idempotent
                    logger.warning("recording %d sent reminders failed; trying once more", len(records), exc_info=True)
                    await asyncio.sleep(_SENT_RETRY_SECONDS)
                    results = await self._write(records)
            except Exception as error:  # each sender sees the failure, as if it had written alone
                for _, done in batch:
                    if not done.done():  # a sender cancelled at shutdown waits no more
                        done.set_exception(error)
                continue
            for (_, done), recorded in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(recorded)


def delivery_text(kind: str, payload: Mapping[str, Any], locale: str | None) -> str:
    language = locale or "da"
    if kind == repo.MISSED_REPORT:
        return missed_report_text(reminder_from_payload(payload["missed"]), language)
    return reminder_text(reminder_from_payload(payload), language)


def missed_report_text(reminder: PlannedReminder, language: str = "da") -> str:
    local = reminder.due_at.astimezone(COMMITTEE_TZ)
    day, time = format_long_date(local.date(), language), format_time(local.time(), language)
    text = reminder_text(reminder, language)
    if is_english(language):
        return (
            f"A reminder for {reminder.committee} should have gone out on {day} at {time} but was not sent in "
            f"time, so it has not been sent. Send it yourself if it still matters. It read: “{text}”"
        )
    return (
        f"En påmindelse til {reminder.committee} skulle have været sendt {day} kl. {time}, men blev ikke sendt "
        f"i tide, så den er ikke blevet sendt. Send den selv, hvis den stadig er aktuel. Den lød: »{text}«"
    )


def reminder_payload(reminder: PlannedReminder) -> dict[str, Any]:
    deadline = reminder.deadline
    return {
        "key": reminder.key,
        "kind": reminder.kind,
        "due_at": reminder.due_at.isoformat(),
        "committee": reminder.committee,
        "meeting_uid": reminder.meeting_uid,
        "meeting_starts_at": _iso(reminder.meeting_starts_at),
        "all_day": reminder.all_day,
        "place": reminder.place,
        "cutoff_date": _iso(reminder.cutoff_date),
        "deadline": None
        if deadline is None
        else {
            "committee": deadline.committee,
            "on": deadline.on.isoformat(),
            "sentence": deadline.sentence,
            "item_number": deadline.item_number,
            "meeting_date": _iso(deadline.meeting_date),
        },
    }


def reminder_from_payload(data: Mapping[str, Any]) -> PlannedReminder:
    deadline = data.get("deadline")
    return PlannedReminder(
        key=data["key"],
        kind=data["kind"],
        due_at=dt.datetime.fromisoformat(data["due_at"]),
        committee=data["committee"],
        meeting_uid=data.get("meeting_uid"),
        meeting_starts_at=_instant(data.get("meeting_starts_at")),
        all_day=bool(data.get("all_day", False)),
        place=data.get("place"),
        cutoff_date=_date(data.get("cutoff_date")),
        deadline=None
        if deadline is None
        else Deadline(
            committee=deadline["committee"],
            on=dt.date.fromisoformat(deadline["on"]),
            sentence=deadline["sentence"],
            item_number=deadline.get("item_number"),
            meeting_date=_date(deadline.get("meeting_date")),
        ),
    )


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _instant(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)
