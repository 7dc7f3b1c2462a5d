"""Two real bot processes on one PostgreSQL deliver every reminder exactly once, across a SIGKILL.

Two ``python -m bot serve`` processes (replicas ``replica-a`` and ``replica-b``) share a fresh
PostgreSQL database and send to one Bot Connector stand-in in this test process, which records every
message (conversation and text). The database is seeded through the bot's own services before they
start: three tenants, each with a committee that has fourteen meetings tomorrow, four linked channels
and four members who opted in, and reminder rules that make two reminders per meeting fall due a
minute ago (672 deliveries, 224 per tenant: more than one claim batch of 200). Teams' per-conversation
limits make sending take seconds.

While the replica that claimed the reminders is sending, it is killed with SIGKILL at a moment it
holds claimed, unsent rows and no message of it is on its way (see ``kill_between_sends``), and then
started again under the same REPLICA_ID. That is the harder restart: the new process has the dead
one's identity, so the database cannot tell their claims and tenant leases apart. It is also the
common one: REPLICA_ID is set per replica (a StatefulSet pod name), and its default, host name and
process id, repeats when a container restarts in place (same host name, process id 1).

The engine's documented limit, a kill while the Bot Connector has accepted a message that is not yet
marked sent, is not hidden: the kill is made only when no such message exists, and the assertions
would catch it otherwise.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import ConversationKey
from bot.reminders.delivery import delivery_text
from bot.reminders.rules import ReminderRule
from bot.services import build_services
from bot.settings import Settings
from storage import deliveries_repository as repo
from storage.conversations_repository import ConversationRef, ConversationUser
from storage.database import create_engine, session_factory, upgrade
from storage.models import ReminderDeliveryRow
from tests.e2e.test_service import free_port
from tests.teams.connector_standin import HOST, ConnectorStandIn

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC
VICTIM = "replica-a"
SURVIVOR = "replica-b"
LEASE_SECONDS = 6
COMMITTEES = (
    "Følgegruppen for sundhed og beskæftigelse",
    "Følgegruppen for uddannelse og arbejde",
    "Fokusgruppen for psykiatri og misbrug",
)
MEETINGS = 14  # per committee, all tomorrow; each gives an "agenda" and a "day_before" reminder due now
CHANNELS = 4  # linked channels per committee
MEMBERS = 4  # opted-in members per committee, each in a personal chat with the bot
EXPECTED = len(COMMITTEES) * MEETINGS * 2 * (CHANNELS + MEMBERS)
KILL_ATTEMPTS = 200
ALL_SENT_WITHIN = 120.0  # seconds; a run takes about 20


def tenant_of(number: int) -> str:
    return f"{number:08x}-7a1e-4c3d-9e2f-00000000000{number}"


class CountingConnector(ConnectorStandIn):
    """The Bot Connector stand-in, also counting requests it is still handling."""

    open: int = 0

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.open += 1
        try:
            return await super()._handle(request)
        finally:
            self.open -= 1

    def messages(self) -> list[tuple[str, str]]:
        """(conversation id, text) of every message received, in order."""
        return [(r.conversation_id or "", r.body["text"]) for r in self.of_kind("send")]

    def unread_bytes(self) -> int | None:
        """Bytes the kernel holds for this server's connections that it has not read; None without /proc."""
        unread = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                return None
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == self.port:
                    unread += int(fields[4].split(":")[1], 16)
        return unread


@dataclass
class Replica:
    """One ``python -m bot serve`` process."""

    replica_id: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def log_tail(self, lines: int = 25) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return f"--- {self.replica_id} (pid {self.process.pid}) log, last lines ---\n" + "\n".join(text[-lines:])

    def stopped(self) -> bool:
        """True when the process is stopped by a signal (state T in /proc); True without /proc."""
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return True
        return stat.rsplit(")", 1)[1].split()[0] in ("T", "t")


class Database:
    """Reads of the deliveries, as the test sees them."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.sessions: async_sessionmaker[AsyncSession] = session_factory(engine)

    async def states(self) -> Counter[tuple[str, str | None]]:
        """How many deliveries are in each (state, claimed_by)."""
        row = ReminderDeliveryRow
        async with self.sessions() as session:
            result = await session.execute(
                select(row.state, row.claimed_by, func.count()).group_by(row.state, row.claimed_by)
            )
            return Counter({(state, claimed_by): count for state, claimed_by, count in result})

    async def claimed_by(self, replica_id: str) -> list[int]:
        row = ReminderDeliveryRow
        async with self.sessions() as session:
            ids = await session.scalars(
                select(row.id).where(row.state == repo.SENDING, row.claimed_by == replica_id).order_by(row.id)
            )
            return list(ids)

    async def all(self) -> list[repo.Delivery]:
        async with self.sessions() as session:
            return await repo.deliveries(session)


def sent_count(states: Counter[tuple[str, str | None]]) -> int:
    return sum(count for (state, _), count in states.items() if state == repo.SENT)


async def seed(url: str, service_url: str, due: dt.datetime) -> set[tuple[str, str, str]]:
    """Committees, meetings, conversations, opt-ins and rules through the bot's services.

    Returns:
        What must be delivered: (conversation id, reminder kind, meeting place) for each delivery.
    """
    secretary = ConversationUser("29:1secretary", "5ec2e7a1-0000-4000-8000-000000000001", "Sekretær Sara")
    secretaries = {committee: (secretary.aad_object_id,) for committee in COMMITTEES}
    settings = Settings(database_url=url, load_examples=False, secretaries=secretaries)
    engine = create_engine(url)
    await upgrade(engine)
    # Everyone was linked and opted in an hour ago: they get the reminders that fall due after that.
    services = build_services(session_factory(engine), FixedClock(due - dt.timedelta(hours=1)), settings)
    local_due = due.astimezone(COMMITTEE_TZ)
    tomorrow = local_due.date() + dt.timedelta(days=1)
    expected: set[tuple[str, str, str]] = set()
    try:
        for number, committee in enumerate(COMMITTEES, start=1):
            tenant = tenant_of(number)
            places = [f"Mødelokale {number}.{m}" for m in range(1, MEETINGS + 1)]
            for m, place in enumerate(places):
                start = dt.time(8 + m // 2, 30 * (m % 2))
                await services.calendar.add(committee, tomorrow, by=secretary.aad_object_id, start=start, place=place)
            targets: list[str] = []
            for c in range(1, CHANNELS + 1):
                conversation = f"19:{number}-channel-{c}@thread.tacv2"
                await services.conversations.remember(
                    reference(service_url, tenant, conversation, "channel", "da-DK" if c % 2 else "en-US"), secretary
                )
                await services.conversations.link(ConversationKey("msteams", conversation), committee, secretary)
                targets.append(conversation)
            for m in range(1, MEMBERS + 1):
                member = ConversationUser(f"29:1member-{number}-{m}", None, f"Medlem {number}.{m}")
                conversation = f"a:1personal-{number}-{m}"
                await services.conversations.remember(
                    reference(service_url, tenant, conversation, "personal", "en-US" if m == 1 else "da-DK"), member
                )
                assert (await services.reminders.opt_in(committee, member)).reachable
                targets.append(conversation)
            # Both meeting reminders go out "the day before" at the local time `due` has; no call for items.
            for kind in ("agenda", "day_before"):
                rule = ReminderRule(kind, 1, local_due.time(), working_days=False)  # type: ignore[arg-type]  # a kind the type does not allow, on purpose
                await services.reminders.set_rule(committee, rule, by=secretary)
            await services.reminders.set_rule(
                committee, ReminderRule("call_for_items", 3, dt.time(9), True, enabled=False), by=secretary
            )
            expected |= {(to, kind, place) for to in targets for kind in ("agenda", "day_before") for place in places}
    finally:
        await services.knowledge.aclose()
        await engine.dispose()
    assert len(expected) == EXPECTED
    return expected


def reference(service_url: str, tenant: str, conversation: str, kind: str, locale: str) -> ConversationRef:
    return ConversationRef(
        channel_id="msteams",
        service_url=service_url.format(tenant=tenant),
        conversation_id=conversation,
        conversation_type=kind,
        tenant_id=tenant,
        team_id="19:team@thread.tacv2" if kind == "channel" else None,
        teams_channel_id=conversation if kind == "channel" else None,
        bot_id="28:moedeassistent",
        bot_name="Mødeassistent",
        locale=locale,
    )


async def start_replica(replica_id: str, url: str, folder: Path) -> Replica:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}  # local mode: no tokens
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=url,
        PORT=str(port),
        LOAD_EXAMPLES="0",
        REPLICA_ID=replica_id,
        REMINDER_INTERVAL_SECONDS="1",
        REMINDER_LEASE_SECONDS=str(LEASE_SECONDS),
        REMINDER_GRACE_MINUTES="30",
    )
    log = folder / f"{replica_id}-{time.monotonic_ns()}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "-v", "serve", "--host", HOST],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    replica = Replica(replica_id, process, port, log)
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            if process.poll() is not None:
                pytest.fail(f"{replica_id} exited with {process.returncode}\n{replica.log_tail()}")
            try:
                async with http.get(f"http://{HOST}:{port}/healthz") as response:
                    if response.status == 200:
                        return replica
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    pytest.fail(f"{replica_id} did not answer /healthz\n{replica.log_tail()}")


async def wait_for(condition, database: Database, replicas: list[Replica], *, within: float, what: str):
    """Poll the database until ``condition(states)`` holds; fail with the states and the logs after ``within``."""
    deadline = time.monotonic() + within
    while True:
        states = await database.states()
        if condition(states):
            return states
        if time.monotonic() > deadline:
            logs = "\n".join(r.log_tail() for r in replicas)
            pytest.fail(f"{what}: not within {within:.0f} s; deliveries by (state, claimed by): {dict(states)}\n{logs}")
        await asyncio.sleep(0.1)


async def kill_between_sends(
    victim: Replica, connector: CountingConnector, database: Database
) -> tuple[list[int], int]:
    """SIGKILL ``victim`` while it holds claimed, unsent rows and no message of it is on its way.

    A message is on its way from the moment its request leaves the victim until its 'sent' is
    committed; a kill then sends it again (the engine's documented limit). So the victim is frozen
    with SIGSTOP first, which makes "on its way" checkable: once the kernel confirms it is stopped and
    this process has read every byte it sent, the stand-in has received every request the victim will
    ever make. If the stand-in then holds no request half-read (``open``) and has received exactly as
    many messages as the database has marked sent (read after the database, so a message received
    meanwhile cannot hide an uncommitted one), every message that reached the stand-in is committed,
    and killing the frozen process loses or repeats nothing. Otherwise the victim is let go on
    (SIGCONT) and frozen again a moment later; it spends most of its time waiting on Teams'
    per-conversation limits, so a few tries suffice. The outcome is deterministic; only how many
    tries it takes is not, and that is bounded.

    Returns:
        The ids of the rows the victim had claimed and not sent when it died, and the tries it took.
    """
    for attempt in range(1, KILL_ATTEMPTS + 1):
        victim.process.send_signal(signal.SIGSTOP)
        while not victim.stopped():
            await asyncio.sleep(0.005)
        while connector.unread_bytes() not in (0, None):
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.05 if connector.unread_bytes() is not None else 0.5)  # let the handlers run
        claimed = await database.claimed_by(victim.replica_id)
        sent = sent_count(await database.states())
        if claimed and connector.open == 0 and len(connector.messages()) == sent:
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait()
            return claimed, attempt
        victim.process.send_signal(signal.SIGCONT)
        if not claimed:
            pytest.fail(f"{victim.replica_id} has no claimed rows left to be killed with\n{victim.log_tail()}")
        await asyncio.sleep(0.03)
    pytest.fail(f"no moment without a message on its way in {KILL_ATTEMPTS} tries\n{victim.log_tail()}")


@pytest.fixture
async def connector() -> AsyncIterator[CountingConnector]:
    async with CountingConnector() as standin:
        yield standin


async def test_a_replica_killed_mid_run_and_restarted_delivers_every_reminder_exactly_once(
    postgres_url: str, connector: CountingConnector, tmp_path: Path
) -> None:
    # Due a minute ago, to the second: the replicas catch up on start, as after downtime.
    due = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
    expected = await seed(postgres_url, f"http://{HOST}:{connector.port}/emea/{{tenant}}/", due)

    engine = create_engine(postgres_url)
    database = Database(engine)
    replicas = [await start_replica(replica_id, postgres_url, tmp_path) for replica_id in (VICTIM, SURVIVOR)]
    try:
        # Mid-run: messages have gone out and one replica holds claimed rows it has not sent yet.
        states = await wait_for(
            lambda s: sent_count(s) >= 20 and any(state == repo.SENDING for state, _ in s),
            database,
            replicas,
            within=30,
            what="a replica claiming and sending",
        )
        holder = max((count, by) for (state, by), count in states.items() if state == repo.SENDING)[1]
        victim = next(r for r in replicas if r.replica_id == holder)
        orphaned, tries = await kill_between_sends(victim, connector, database)
        sent_before = len(connector.messages())
        assert orphaned and sent_before < EXPECTED

        # The same replica comes back under the same REPLICA_ID.
        restarted = await start_replica(victim.replica_id, postgres_url, tmp_path)
        replicas = [r for r in replicas if r is not victim] + [restarted]
        await wait_for(
            lambda s: sent_count(s) == EXPECTED, database, replicas, within=ALL_SENT_WITHIN, what="every delivery sent"
        )
        rows = await database.all()
    finally:
        for replica in replicas:
            if replica.process.poll() is None:
                replica.process.send_signal(signal.SIGCONT)
                replica.process.terminate()
        exits = [(r.replica_id, r.process.wait(timeout=30)) for r in replicas]
        await engine.dispose()

    # Stored: exactly the deliveries the seed implies, each sent, none pending, sending, failed or missed.
    assert {(r.target.conversation_id, r.kind, r.payload["place"]) for r in rows if r.target} == expected
    assert len(rows) == EXPECTED
    assert Counter(r.state for r in rows) == {repo.SENT: EXPECTED}
    # The rows the dead process had claimed were claimed again after their lease and sent once more only then.
    retaken = {r.id: r for r in rows if r.id in set(orphaned)}
    assert all(r.attempts >= 2 for r in retaken.values()), sorted((r.id, r.attempts) for r in retaken.values())

    # Received: every (reminder, conversation) exactly once, and nothing else.
    wanted = [(r.target.conversation_id, delivery_text(r.kind, r.payload, r.target.locale)) for r in rows if r.target]
    assert len(set(wanted)) == EXPECTED  # each text names its meeting, so a text identifies its reminder
    received = Counter(connector.messages())
    duplicates = {message: n for message, n in received.items() if n > 1}
    assert not duplicates, f"{len(duplicates)} messages arrived more than once, e.g. {next(iter(duplicates))}"
    assert received == Counter(wanted)

    # The replicas still running stop cleanly.
    assert exits == [(r.replica_id, 0) for r in replicas]
    for replica in replicas:
        assert "Traceback" not in replica.log.read_text(errors="replace"), replica.log_tail(60)
    by_replica = Counter(r.claimed_by for r in rows)
    print(
        f"\n{victim.replica_id} killed (try {tries}) after {sent_before} of {EXPECTED} messages, holding "
        f"{len(orphaned)} claimed rows; sent by claim holder: {dict(by_replica)}"
    )
