"""Reminder delivery: how late reminders go out and how many per second, with 10,000 due in the same minute.

    python bench/reminders_bench.py                      # full run: about 2.5 minutes
    python bench/reminders_bench.py --reminders 2000     # a quicker look
    python bench/reminders_bench.py --postgres postgresql://user@host/postgres   # a throwaway database there
    python bench/reminders_bench.py --replicas 2         # a second replica (in this process) on the same database

The real delivery engine (bot/reminders/delivery.py) woken by the real scheduler (bot/scheduling), as
``python -m bot serve`` builds them, sends through the real Teams sender and Bot Connector client to a
Bot Connector stand-in in a child process on 127.0.0.1 (tests/teams/connector_standin.py), answering at
once or after 200 ms. Before each run a fresh database (SQLite by default) gets committees with meetings
tomorrow, linked channels, and reminder rules that make two reminders per meeting fall due a few
seconds later, all at the same instant: ``--reminders`` deliveries in all. Two shapes:

- ``teams``:  Teams' limits in force (7 messages a second, 8 in 2 s, 60 in 30 s per conversation, 50 a
  second per tenant), across enough tenants and conversations that Teams allows 500 messages a second;
- ``raised``: the tenant limit raised to 10,000 a second and four reminders per conversation (they fit
  each conversation's first second), so nothing of Teams' bounds the rate: what our stack itself does.

Prints, per run: lateness (sent_at minus due time, from the database) p50/p99 and the first send's,
deliveries per second overall (all of them over the time from due to the last sent), the Teams-limited
rate the same reminders could at most go out at, the ratio, and the limits in force. For comparison a
"raw" row: the same number of POSTs to the same stand-in through one aiohttp session, as many at once
as the engine sends, no database and no limits: the ceiling of this machine. No assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.messages_bench import HOST, Child, start_child  # noqa: E402  (after the path is set)

KINDS = ("agenda", "day_before")  # the two meeting reminders made due at the same instant
LEAD_SECONDS = 3.0  # the reminders fall due this long after seeding, so the scheduler wakes for them


@dataclass(frozen=True)
class Shape:
    """How the deliveries spread: tenants (one committee each), conversations, reminders per conversation."""

    name: str
    tenants: int
    meetings: int  # per committee; each gives len(KINDS) reminders to each of its conversations
    tenant_rps: int

    def conversations(self, reminders: int) -> int:
        """Linked conversations per tenant for ``reminders`` deliveries in all (at least one)."""
        return max(1, round(reminders / (self.tenants * self.meetings * len(KINDS))))


SHAPES = {
    "teams": Shape("teams", tenants=10, meetings=25, tenant_rps=50),
    "raised": Shape("raised", tenants=10, meetings=2, tenant_rps=10_000),
}


@dataclass
class Result:
    shape: Shape
    delay_ms: int
    replicas: int
    conversations: int
    deliveries: int
    sent: int
    seconds: float  # from the due time to the last send
    lateness: list[float]
    teams_rate: float | None  # the most Teams' limits allow for these deliveries; None: no bound

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else float("nan")

    @property
    def first(self) -> float:
        """Seconds from the due time to the first send."""
        return min(self.lateness, default=float("nan"))

    def percentile(self, q: float) -> float:
        ordered = sorted(self.lateness)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def teams_limited_rate(deliveries: int, tenants: int, per_conversation: int, tenant_rps: int) -> float | None:
    """The most deliveries a second Teams' limits allow: all of them over the shortest time they permit.

    That time is the longer of what one tenant's share takes at ``tenant_rps`` and what one conversation's
    reminders take within the per-conversation windows (simulated with the engine's own windows).
    """
    from bot.reminders.rate import TEAMS_CONVERSATION_WINDOWS, SlidingWindows

    windows, now = SlidingWindows(TEAMS_CONVERSATION_WINDOWS), 0.0
    for _ in range(per_conversation):
        now += windows.wait("conversation", now)
        windows.record("conversation", now)
    per_tenant = deliveries / tenants
    shortest = max(now, (per_tenant - tenant_rps) / tenant_rps if per_tenant > tenant_rps else 0.0)
    return deliveries / shortest if shortest > 0 else None


# --- the database --------------------------------------------------------------------------------


class Database:
    """A fresh database for one run: a SQLite file, or a throwaway database on a PostgreSQL server."""

    def __init__(self, postgres: str | None) -> None:
        self._server = postgres
        self._name = f"reminders_bench_{uuid.uuid4().hex[:10]}"
        self._folder = Path(tempfile.mkdtemp(prefix="moedeassistent-reminders-bench-"))
        self.url = ""

    async def __aenter__(self) -> Database:
        from sqlalchemy.engine import make_url

        if self._server is None:
            self.url = f"sqlite:///{self._folder / 'bench.db'}"
        else:
            await self._admin(f'CREATE DATABASE "{self._name}"')
            self.url = make_url(self._server).set(database=self._name).render_as_string(hide_password=False)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server is not None:
            await self._admin(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')
        for path in sorted(self._folder.glob("*")):
            path.unlink()
        self._folder.rmdir()

    async def _admin(self, statement: str) -> None:
        from sqlalchemy import text

        from storage.database import create_engine

        admin = create_engine(self._server or "")
        try:
            async with admin.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text(statement))
        finally:
            await admin.dispose()


async def seed(sessions: Any, shape: Shape, conversations: int, service_url: str) -> dt.datetime:
    """Committees, meetings tomorrow, linked channels and rules; returns the instant all reminders fall due."""
    from bot.clock import COMMITTEE_TZ
    from bot.reminders.rules import ReminderRule
    from storage import calendar_repository, reminders_repository
    from storage.conversations_repository import (
        ConversationRef,
        ConversationUser,
        link_committee,
        remember_conversation,
    )
    from storage.database import writing

    secretary = ConversationUser("29:1secretary", "5ec2e7a1-0000-4000-8000-000000000001", "Sekretær")
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)  # linked before the reminders fall due
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=LEAD_SECONDS)
    tomorrow = soon.astimezone(COMMITTEE_TZ).date() + dt.timedelta(days=1)
    committee_ids = []
    async with writing(sessions) as session:
        for t in range(shape.tenants):
            tenant = f"{t:08x}-be0c-4a11-9e2f-{t:012x}"
            committee = f"Følgegruppe {t + 1}"
            committee_id, _ = await calendar_repository.committee_row(session, committee, create=True)
            committee_ids.append(committee_id)
            for m in range(shape.meetings):
                start = dt.datetime.combine(tomorrow, dt.time(8), tzinfo=COMMITTEE_TZ) + dt.timedelta(minutes=10 * m)
                await calendar_repository.insert_meeting(
                    session,
                    committee_id,
                    uid=f"bench-{t}-{m}@moedeassistent",
                    starts_at=start.astimezone(dt.UTC),
                    ends_at=None,
                    all_day=False,
                    place=f"Mødelokale {m + 1}",
                    source="secretary",
                    at=earlier,
                )
            for c in range(conversations):
                conversation = f"19:bench-{t}-{c}@thread.tacv2"
                reference = ConversationRef(
                    channel_id="msteams",
                    service_url=service_url,
                    conversation_id=conversation,
                    conversation_type="channel",
                    tenant_id=tenant,
                    team_id=f"19:team-{t}@thread.tacv2",
                    teams_channel_id=conversation,
                    bot_id="28:moedeassistent",
                    locale="da-DK",
                )
                await remember_conversation(session, reference, user=secretary, seen_at=earlier)
                await link_committee(
                    session,
                    channel_id="msteams",
                    conversation_id=conversation,
                    committee=committee,
                    linked_by=secretary,
                    linked_at=earlier,
                )
    # The rules last: the due instant is a few seconds from now, when seeding is done.
    due = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=LEAD_SECONDS + 1)).replace(microsecond=0)
    local = due.astimezone(COMMITTEE_TZ)
    if local.date() + dt.timedelta(days=1) != tomorrow:
        raise RuntimeError("the run crosses local midnight; start it again in a minute")
    by = {"by_user_id": "bench", "by_name": None, "at": earlier}
    async with writing(sessions) as session:
        for committee_id in committee_ids:
            for kind in KINDS:
                rule = ReminderRule(kind, 1, local.time(), working_days=False)  # type: ignore[arg-type]  # a kind the type does not allow, on purpose
                await reminders_repository.set_rule(session, committee_id, rule, **by)
            off = ReminderRule("call_for_items", 3, dt.time(9), True, enabled=False)
            await reminders_repository.set_rule(session, committee_id, off, **by)
    return due


# --- one run ---------------------------------------------------------------------------------------


async def run_once(shape: Shape, delay_ms: int, standin: Child, args: argparse.Namespace) -> Result:
    from sqlalchemy import func, select

    from bot.clock import SystemClock
    from bot.reminders.delivery import DeliveryEngine, DeliveryOptions
    from bot.reminders.rate import SendLimits
    from bot.scheduling.reminders import ReminderScheduler
    from bot.teams.adapter import SharedConnectorAdapter
    from bot.teams.auth import BotCredentials, build_authentication
    from bot.teams.connector import BotConnector
    from bot.teams.proactive import ProactiveSender
    from storage.database import create_engine, session_factory, upgrade
    from storage.models import ReminderDeliveryRow as Row

    async def no_secretaries(committee: str) -> list[str]:  # reminders only: no review cards here
        return []

    conversations = shape.conversations(args.reminders)
    deliveries = shape.tenants * conversations * shape.meetings * len(KINDS)
    service_url = f"http://{HOST}:{standin.port}/emea/bench/"
    async with Database(args.postgres) as database:
        engines = [create_engine(database.url) for _ in range(args.replicas)]
        await upgrade(engines[0])
        sessions = [session_factory(engine) for engine in engines]
        due = await seed(sessions[0], shape, conversations, service_url)
        clock = SystemClock()
        connectors = [BotConnector() for _ in engines]
        schedulers = []
        for number, (replica_sessions, connector) in enumerate(zip(sessions, connectors, strict=True)):
            options = DeliveryOptions(replica_id=f"bench-{number + 1}", grace=dt.timedelta(minutes=30))
            if args.concurrency:
                options = DeliveryOptions(options.replica_id, grace=options.grace, concurrency=args.concurrency)
            adapter = SharedConnectorAdapter(build_authentication(BotCredentials()), connector)  # local mode
            engine = DeliveryEngine(
                replica_sessions,
                clock,
                ProactiveSender(adapter, replica_sessions, no_secretaries),
                options=options,
                limits=SendLimits(shape.tenant_rps),
            )
            schedulers.append(ReminderScheduler(engine, clock))
        for scheduler in schedulers:
            await scheduler.start()
        sent = 0
        stop_at = time.monotonic() + args.deadline + (due - clock.now()).total_seconds()
        try:
            while sent < deliveries and time.monotonic() < stop_at:
                await asyncio.sleep(0.5)
                async with sessions[0]() as session:
                    sent = await session.scalar(select(func.count()).where(Row.state == "sent")) or 0
        finally:
            for scheduler in schedulers:
                await scheduler.stop()
            for connector in connectors:
                await connector.close()
        async with sessions[0]() as session:
            times = (await session.execute(select(Row.due_at, Row.sent_at).where(Row.state == "sent"))).all()
        for engine in engines:
            await engine.dispose()
    lateness = [(sent_at - due_at).total_seconds() for due_at, sent_at in times]
    last = max(lateness, default=0.0)
    teams = teams_limited_rate(deliveries, shape.tenants, shape.meetings * len(KINDS), shape.tenant_rps)
    return Result(shape, delay_ms, args.replicas, conversations, deliveries, len(times), last, lateness, teams)


async def raw_rate(standin: Child, requests: int, concurrency: int) -> float:
    """The same number of POSTs to the stand-in through one aiohttp session: no database, no limits."""
    import aiohttp

    url = f"http://{HOST}:{standin.port}/emea/bench/v3/conversations/19%3Araw%40thread.tacv2/activities"
    body = {"type": "message", "text": "Påmindelse", "conversation": {"id": "19:raw@thread.tacv2"}}
    left = requests
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                async with session.post(url, json=body) as response:
                    await response.read()
                    if response.status != 201:
                        raise RuntimeError(f"the stand-in answered {response.status}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return requests / (time.perf_counter() - started)


def limits_text(result: Result, concurrency: int) -> str:
    from bot.reminders.delivery import DeliveryOptions

    shape = result.shape
    per_conversation = shape.meetings * len(KINDS)
    return (
        f"{shape.tenants} tenants x {result.conversations} conversations x {per_conversation} reminders; "
        f"per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; {shape.tenant_rps}/s per tenant; "
        f"engine: {concurrency} sends at once, {DeliveryOptions('x').batch_size} rows per tenant per claim"
    )


async def run(args: argparse.Namespace) -> list[Result]:
    from bot.reminders.delivery import DeliveryOptions

    concurrency = args.concurrency or DeliveryOptions("x").concurrency
    results: list[Result] = []
    raws: dict[int, float] = {}
    for delay_ms in args.delays:
        standin = start_child(f"standin-{delay_ms}ms", "standin", "--delay", str(delay_ms / 1000))
        try:
            raws[delay_ms] = await raw_rate(standin, min(args.reminders, 2000), concurrency)
            print(f"  raw     connector {delay_ms:3} ms  {raws[delay_ms]:8.1f} POST/s ({concurrency} at once)")
            for name in args.shapes:
                result = await run_once(SHAPES[name], delay_ms, standin, args)
                teams = f"{result.teams_rate:8.1f}/s" if result.teams_rate else "unbounded"
                print(
                    f"  {name:7} connector {delay_ms:3} ms  {result.rate:8.1f}/s (Teams-limited {teams})  "
                    f"late p50 {result.percentile(0.5):6.2f} s  p99 {result.percentile(0.99):6.2f} s  "
                    f"first {result.first:5.2f} s  {result.sent}/{result.deliveries} sent",
                    flush=True,
                )
                results.append(result)
        finally:
            standin.stop()

    print()
    print(
        f"{'shape':7} {'connector':>9} {'sent':>11} {'late p50':>9} {'late p99':>9} {'first':>7} {'deliv/s':>8} "
        f"{'Teams-lim':>10} {'ratio':>6} {'raw POST/s':>10}"
    )
    for r in results:
        teams = f"{r.teams_rate:>10.1f}" if r.teams_rate else f"{'none':>10}"
        ratio = f"{r.rate / r.teams_rate:>6.2f}" if r.teams_rate else f"{'-':>6}"
        print(
            f"{r.shape.name:7} {r.delay_ms:>6} ms {r.sent:>5}/{r.deliveries:<5} {r.percentile(0.5):>8.2f}s "
            f"{r.percentile(0.99):>8.2f}s {r.first:>6.2f}s {r.rate:>8.1f} {teams} {ratio} "
            f"{raws[r.delay_ms]:>10.1f}"
        )
    print("\nlimits in force:")
    for name in args.shapes:
        first = next(r for r in results if r.shape.name == name)
        print(f"  {name:7} {limits_text(first, concurrency)}; replicas: {args.replicas}")
    bound = {delay: concurrency / (delay / 1000) for delay in args.delays if delay}
    for delay, rate in bound.items():
        print(f"  at {delay} ms a send, {concurrency} conversations at once can send at most {rate:.0f}/s per replica")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=10_000, help="deliveries due at the same instant (10,000)")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server URL; each run gets a throwaway database")
    parser.add_argument("--replicas", type=int, default=1, help="delivery engines on the same database (1)")
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--delays", nargs="+", type=int, default=[0, 200], help="stand-in answer delays, ms")
    parser.add_argument("--concurrency", type=int, help="conversations sent to at once (default: the engine's)")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds a run may take after the due time")
    args = parser.parse_args(argv)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"reminder delivery, {args.reminders} due at once, {database}, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}",
        flush=True,
    )
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
