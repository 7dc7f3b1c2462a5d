"""The reminder delivery engine on SQLite and PostgreSQL, with a fixed clock and a recording sender.

Each (reminder, conversation) is sent once; claims are exclusive between replicas; a dead replica's
claims are taken over when their lease runs out; failures back off (or wait for Retry-After); a
removed bot is not retried; a reminder missed during downtime is reported once to the secretary.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.proposals.service import Proposals
from bot.reminders.delivery import DeliveryEngine, DeliveryOptions, SendError, reminder_from_payload, reminder_payload
from bot.reminders.due import Deadline, PlannedReminder
from bot.reminders.optin import Reminders
from bot.reminders.rate import SendLimits
from storage import calendar_repository
from storage import deliveries_repository as repo
from storage.conversations_repository import (
    ConversationRef,
    ConversationUser,
    forget_conversation,
    link_committee,
    remember_conversation,
)
from storage.database import create_engine, session_factory, upgrade, writing

Sessions = async_sessionmaker[AsyncSession]
UTC = dt.UTC
COMMITTEE = "Følgegruppen for uddannelse og arbejde"
TENANT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
SECRETARY_OID = "0b6a3c1e-aaaa-bbbb-cccc-00000000000a"
SETUP_AT = dt.datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
MEETING = dt.datetime(2021, 4, 13, 10, 0, tzinfo=COMMITTEE_TZ)  # a Tuesday
DUE = dt.datetime(2021, 4, 12, 7, 0, tzinfo=UTC)  # the day before, 09:00 summer time
CHANNEL = "19:channel@thread.tacv2"
ANNE_CHAT = "a:1anne-personal"
SECRETARY_CHAT = "a:1secretary-personal"
ANNE = ConversationUser("29:1anne", "0b6a3c1e-aaaa-bbbb-cccc-000000000001", "Anne Member")
BO = ConversationUser("29:1bo", None, "Bo")
SECRETARY = ConversationUser("29:1sec", SECRETARY_OID.upper(), "Sekretær Sara")


def ref(conversation_id: str, kind: str, locale: str | None) -> ConversationRef:
    return ConversationRef(
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/emea/",
        conversation_id=conversation_id,
        conversation_type=kind,
        tenant_id=TENANT,
        team_id=None,
        teams_channel_id=None,
        bot_id="28:bot",
        locale=locale,
    )


class FakeTime:
    """Monotonic seconds that move only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class RecordingSender:
    """Records every attempt; raises the scripted errors first."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, str]] = []
        self.sent: list[tuple[str, str]] = []
        self._script: deque[Exception] = deque()

    def fail_next(self, error: Exception) -> None:
        self._script.append(error)

    async def send(self, target: ConversationRef, text: str) -> str | None:
        self.attempts.append((target.conversation_id, text))
        await asyncio.sleep(0)
        if self._script:
            raise self._script.popleft()
        self.sent.append((target.conversation_id, text))
        return f"activity-{len(self.sent)}"

    def texts_to(self, conversation_id: str) -> list[str]:
        return [text for conversation, text in self.sent if conversation == conversation_id]


@dataclass
class World:
    sessions: Sessions
    clock: FixedClock
    sender: RecordingSender

    def engine(self, replica: str = "replica-a", sessions: Sessions | None = None, **options: object) -> DeliveryEngine:
        used = sessions or self.sessions
        proposals = Proposals(used, self.clock, configured_secretaries={COMMITTEE: [SECRETARY_OID]})
        time = FakeTime()
        return DeliveryEngine(
            used,
            self.clock,
            self.sender,
            options=DeliveryOptions(replica_id=replica, **options),  # type: ignore[arg-type]  # keyword arguments from a test's dict
            secretaries=proposals.secretaries,
            limits=SendLimits(now=time, sleep=time.sleep),
            rng=random.Random(5),
        )

    async def rows(self, **filters: object) -> list[repo.Delivery]:
        async with self.sessions() as session:
            return await repo.deliveries(session, **filters)  # type: ignore[arg-type]  # keyword arguments from a test's dict


async def build_world(
    sessions: Sessions, *, meetings: tuple[dt.datetime, ...] = (MEETING,), subscriber: bool = True
) -> World:
    async with writing(sessions) as session:
        committee_id, _ = await calendar_repository.committee_row(session, COMMITTEE, create=True)  # type: ignore[misc]  # with create=True a row is always returned
        for number, start in enumerate(meetings):
            await calendar_repository.insert_meeting(
                session,
                committee_id,
                uid=f"meeting-{number}@test",
                starts_at=start.astimezone(UTC),
                ends_at=None,
                all_day=False,
                place="Regionshuset Viborg",
                source="secretary",
                at=SETUP_AT,
            )
        await remember_conversation(session, ref(CHANNEL, "channel", "da-DK"), user=BO, seen_at=SETUP_AT)
        await remember_conversation(session, ref(ANNE_CHAT, "personal", "en-US"), user=ANNE, seen_at=SETUP_AT)
        await remember_conversation(session, ref(SECRETARY_CHAT, "personal", "da-DK"), user=SECRETARY, seen_at=SETUP_AT)
        await link_committee(
            session,
            channel_id="msteams",
            conversation_id=CHANNEL,
            committee=COMMITTEE,
            linked_by=BO,
            linked_at=SETUP_AT,
        )
    if subscriber:
        await Reminders(sessions, FixedClock(SETUP_AT)).opt_in(COMMITTEE, ANNE)
    return World(sessions, FixedClock(SETUP_AT), RecordingSender())


@pytest.fixture
async def world(sessions: Sessions) -> World:
    return await build_world(sessions)


async def test_a_due_reminder_reaches_the_channel_and_the_subscriber_once_in_their_languages(world: World) -> None:
    engine = world.engine()
    world.clock._now = DUE - dt.timedelta(seconds=1)
    early = await engine.deliver_due()
    assert (early.added, early.sent, early.next_wake) == (0, 0, DUE)

    world.clock._now = DUE
    report = await engine.deliver_due()
    assert (report.due, report.added, report.claimed, report.sent) == (1, 2, 2, 2)
    assert world.sender.texts_to(CHANNEL) == [
        "Påmindelse: Følgegruppen for uddannelse og arbejde holder møde i morgen, tirsdag den 13. april 2021 kl. "
        "10.00. Sted: Regionshuset Viborg. Udkastet til dagsorden er klar: skriv »udkast til dagsorden« for at se det."
    ]
    [english] = world.sender.texts_to(ANNE_CHAT)
    assert english.startswith(
        "Reminder: Følgegruppen for uddannelse og arbejde meets tomorrow, Tuesday 13 April 2021 at 10:00."
    )

    # Later cycles find it done: nothing is stored or sent again.
    for later in (dt.timedelta(0), dt.timedelta(minutes=1), dt.timedelta(hours=5)):
        world.clock._now = DUE + later
        again = await engine.deliver_due()
        assert (again.added, again.claimed, again.sent) == (0, 0, 0)
    assert len(world.sender.attempts) == 2
    rows = await world.rows()
    assert {(r.target.conversation_id, r.state, r.attempts) for r in rows if r.target} == {
        (CHANNEL, repo.SENT, 1),
        (ANNE_CHAT, repo.SENT, 1),
    }
    assert all(r.sent_at == DUE and r.activity_id and r.claimed_by == "replica-a" for r in rows)


async def test_adding_a_delivery_twice_stores_it_once(world: World) -> None:
    async with world.sessions() as session:
        targets = await repo.reminder_targets(session)
    [channel, _anne] = targets[COMMITTEE.casefold()]
    new = repo.NewDelivery("k1", channel.conversation_row_id, COMMITTEE, "day_before", TENANT, DUE, {"key": "k1"})
    async with writing(world.sessions) as session:
        assert await repo.add_deliveries(session, [new, new], at=DUE) == 1
    async with writing(world.sessions) as session:
        assert await repo.add_deliveries(session, [new], at=DUE) == 0
    assert len(await world.rows()) == 1


async def test_a_member_who_opts_in_after_a_reminder_fell_due_does_not_get_it(sessions: Sessions) -> None:
    world = await build_world(sessions, subscriber=False)
    await Reminders(sessions, FixedClock(DUE + dt.timedelta(minutes=1))).opt_in(COMMITTEE, ANNE)
    world.clock._now = DUE + dt.timedelta(minutes=2)
    report = await world.engine().deliver_due()
    assert report.sent == 1
    assert [conversation for conversation, _ in world.sender.sent] == [CHANNEL]


async def test_the_payload_gives_back_the_planned_reminder() -> None:
    deadline = Deadline(COMMITTEE, dt.date(2021, 2, 22), "Frist den 22. februar.", "6.2", dt.date(2021, 2, 4))
    planned = PlannedReminder("k", "deadline", DUE, COMMITTEE, deadline=deadline)
    assert reminder_from_payload(reminder_payload(planned)) == planned
    meeting = PlannedReminder(
        "m", "call_for_items", DUE, COMMITTEE, "uid", MEETING.astimezone(UTC), False, "Sted", dt.date(2021, 4, 3)
    )
    assert reminder_from_payload(reminder_payload(meeting)) == meeting


@pytest.fixture
async def second_sessions(database_url: str) -> AsyncIterator[Sessions]:
    """Sessions of a second engine (its own connection pool) on the same database, like a second replica."""
    engine = create_engine(database_url)
    await upgrade(engine)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def many_conversations(sessions: Sessions, count: int) -> list[int]:
    async with writing(sessions) as session:
        return [
            await remember_conversation(session, ref(f"a:many-{n}", "personal", "da-DK"), user=None, seen_at=SETUP_AT)
            for n in range(count)
        ]


async def test_two_replicas_claiming_at_once_get_distinct_rows(world: World, second_sessions: Sessions) -> None:
    rows = await many_conversations(world.sessions, 40)
    async with writing(world.sessions) as session:
        await repo.add_deliveries(
            session, [repo.NewDelivery("k", row, COMMITTEE, "day_before", TENANT, DUE, {}) for row in rows], at=DUE
        )

    async def claim(sessions: Sessions, replica: str) -> list[int]:
        async with writing(sessions) as session:
            claimed = await repo.claim(
                session,
                replica=replica,
                tenant=TENANT,
                now=DUE,
                until=DUE + dt.timedelta(seconds=30),
                fresh_since=DUE - dt.timedelta(hours=6),
                limit=25,
            )
        return [delivery.id for delivery in claimed]

    first, second = await asyncio.gather(claim(world.sessions, "replica-a"), claim(second_sessions, "replica-b"))
    assert not set(first) & set(second)
    assert len(first) + len(second) == 40 and len(first) <= 25 and len(second) <= 25
    stored = {r.id: r.claimed_by for r in await world.rows()}
    assert all(stored[i] == "replica-a" for i in first) and all(stored[i] == "replica-b" for i in second)


async def test_two_replicas_delivering_at_once_send_each_reminder_once(world: World, second_sessions: Sessions) -> None:
    rows = await many_conversations(world.sessions, 30)
    async with writing(world.sessions) as session:
        committee_id, _ = await calendar_repository.committee_row(session, COMMITTEE)  # type: ignore[misc]  # with create=True a row is always returned
        for row in rows:  # 30 more members opted in (through their personal chats)
            from storage.reminders_repository import set_subscription

            await set_subscription(
                session,
                committee_id,
                user_id=f"29:{row}",
                aad_object_id=None,
                name=None,
                conversation_row_id=row,
                subscribed=True,
                at=SETUP_AT,
            )
    world.clock._now = DUE
    a, b = world.engine("replica-a"), world.engine("replica-b", sessions=second_sessions, batch_size=7)
    first, second = await asyncio.gather(a.deliver_due(), b.deliver_due())
    while (more := await asyncio.gather(a.deliver_due(), b.deliver_due())) and any(r.claimed for r in more):
        pass
    assert first.sent + second.sent <= 32
    conversations = [conversation for conversation, _ in world.sender.sent]
    assert len(conversations) == 32 and len(set(conversations)) == 32
    assert {r.state for r in await world.rows()} == {repo.SENT}


async def test_a_dead_replicas_claims_are_taken_over_when_their_lease_runs_out(world: World) -> None:
    world.clock._now = DUE
    lease = dt.timedelta(seconds=30)
    # A replica claimed the reminders (materialised by a cycle of its own) and died before sending.
    dead = world.engine("replica-dead")
    await dead._materialise(*await _due_and_targets(dead, DUE), DUE)
    async with writing(world.sessions) as session:
        assert await repo.acquire_tenant_leases(session, [TENANT], replica="replica-dead", now=DUE, until=DUE + lease)
        claimed = await repo.claim(
            session,
            replica="replica-dead",
            tenant=TENANT,
            now=DUE,
            until=DUE + lease,
            fresh_since=DUE - dt.timedelta(hours=6),
            limit=10,
        )
    assert len(claimed) == 2

    alive = world.engine("replica-alive")
    world.clock._now = DUE + lease - dt.timedelta(seconds=1)
    waiting = await alive.deliver_due()
    assert (waiting.claimed, waiting.sent, waiting.next_wake) == (0, 0, DUE + lease)

    world.clock._now = DUE + lease + dt.timedelta(seconds=1)
    taken = await alive.deliver_due()
    assert (taken.claimed, taken.sent) == (2, 2)
    rows = await world.rows()
    assert {(r.state, r.attempts, r.claimed_by) for r in rows} == {(repo.SENT, 2, "replica-alive")}


async def _due_and_targets(engine: DeliveryEngine, now: dt.datetime):  # type: ignore[no-untyped-def]  # a test helper
    planned, targets = await engine._plan(now)
    return [r for r in planned if r.due_at <= now], targets


async def test_failures_back_off_and_a_429_waits_for_its_retry_after(sessions: Sessions) -> None:
    world = await build_world(sessions, subscriber=False)
    engine = world.engine(backoff=dt.timedelta(seconds=30))
    world.sender.fail_next(SendError("Bot Connector answered 500"))
    world.clock._now = DUE
    first = await engine.deliver_due()
    assert (first.sent, first.retried) == (0, 1)
    [row] = await world.rows()
    assert (row.state, row.attempts, row.claimed_by) == (repo.PENDING, 1, None)
    assert DUE + dt.timedelta(seconds=15) <= row.next_attempt_at <= DUE + dt.timedelta(seconds=30)
    assert first.next_wake == row.next_attempt_at
    assert "500" in (row.last_error or "")

    world.clock._now = row.next_attempt_at - dt.timedelta(seconds=1)
    assert (await engine.deliver_due()).claimed == 0

    world.clock._now = row.next_attempt_at
    world.sender.fail_next(SendError("Bot Connector answered 429", retry_after=120))
    throttled = await engine.deliver_due()
    assert throttled.retried == 1
    [row] = await world.rows()
    assert row.next_attempt_at == world.clock.now() + dt.timedelta(seconds=120)

    world.clock.advance(dt.timedelta(seconds=119))
    assert (await engine.deliver_due()).claimed == 0
    world.clock.advance(dt.timedelta(seconds=1))
    done = await engine.deliver_due()
    assert done.sent == 1
    [row] = await world.rows()
    assert (row.state, row.attempts) == (repo.SENT, 3)
    assert len(world.sender.attempts) == 3 and len(world.sender.sent) == 1


def test_backoff_doubles_up_to_its_cap_with_half_of_it_random() -> None:
    engine = DeliveryEngine(
        None,
        FixedClock(DUE),
        RecordingSender(),  # type: ignore[arg-type]  # a stand-in for the proactive sender
        options=DeliveryOptions("r", backoff=dt.timedelta(seconds=10), max_backoff=dt.timedelta(seconds=60)),
        rng=random.Random(1),
    )
    for attempts, full in [(1, 10), (2, 20), (3, 40), (4, 60), (9, 60)]:
        waits = [engine.backoff(attempts).total_seconds() for _ in range(50)]
        assert all(full / 2 <= wait <= full for wait in waits)
        assert len(set(waits)) > 1


async def test_a_bot_removed_from_the_conversation_is_not_retried(sessions: Sessions) -> None:
    world = await build_world(sessions, subscriber=False)
    engine = world.engine()
    world.sender.fail_next(SendError("Bot Connector answered 403: BotNotInConversationRoster", permanent=True))
    world.clock._now = DUE
    assert (await engine.deliver_due()).failed == 1
    world.clock.advance(dt.timedelta(hours=2))
    assert (await engine.deliver_due()).claimed == 0
    [row] = await world.rows()
    assert row.state == repo.FAILED and "403" in (row.last_error or "")
    assert len(world.sender.attempts) == 1


async def test_a_delivery_is_given_up_after_its_attempts(sessions: Sessions) -> None:
    world = await build_world(sessions, subscriber=False)
    engine = world.engine(max_attempts=2)
    world.sender.fail_next(TimeoutError())
    world.sender.fail_next(ConnectionResetError("reset"))
    world.clock._now = DUE
    assert (await engine.deliver_due()).retried == 1
    world.clock.advance(dt.timedelta(minutes=5))
    assert (await engine.deliver_due()).failed == 1
    world.clock.advance(dt.timedelta(hours=1))
    assert (await engine.deliver_due()).claimed == 0
    [row] = await world.rows()
    assert (row.state, row.attempts) == (repo.FAILED, 2)
    assert "ConnectionResetError" in (row.last_error or "")


async def test_a_conversation_the_bot_left_is_not_sent_to(sessions: Sessions) -> None:
    world = await build_world(sessions, subscriber=False)
    engine = world.engine()
    world.sender.fail_next(SendError("Bot Connector answered 502"))
    world.clock._now = DUE
    await engine.deliver_due()
    async with writing(sessions) as session:
        await forget_conversation(session, channel_id="msteams", conversation_id=CHANNEL)
    world.clock.advance(dt.timedelta(hours=1))
    assert (await engine.deliver_due()).failed == 1
    assert len(world.sender.attempts) == 1


async def test_a_reminder_missed_while_the_bot_was_down_is_reported_once_to_the_secretary(world: World) -> None:
    engine = world.engine()
    world.clock._now = DUE + dt.timedelta(hours=7)  # the first cycle after a long downtime
    report = await engine.deliver_due()
    assert (report.added, report.missed, report.reported, report.sent) == (2, 2, 1, 1)
    assert world.sender.texts_to(CHANNEL) == [] and world.sender.texts_to(ANNE_CHAT) == []
    [told] = world.sender.texts_to(SECRETARY_CHAT)
    assert told.startswith(
        "En påmindelse til Følgegruppen for uddannelse og arbejde skulle have været sendt mandag den 12. april 2021 "
        "kl. 9.00, men blev ikke sendt i tide"
    )
    assert "»Påmindelse: Følgegruppen for uddannelse og arbejde holder møde i morgen" in told

    # Another conversation of the committee, linked long before, shows up missed later: no second report.
    async with writing(world.sessions) as session:
        await remember_conversation(
            session, ref("19:other@thread.tacv2", "channel", "da-DK"), user=BO, seen_at=SETUP_AT
        )
        await link_committee(
            session,
            channel_id="msteams",
            conversation_id="19:other@thread.tacv2",
            committee=COMMITTEE,
            linked_by=BO,
            linked_at=SETUP_AT,
        )
    world.clock.advance(dt.timedelta(minutes=1))
    later = await engine.deliver_due()
    assert (later.added, later.missed, later.reported, later.sent) == (1, 1, 0, 0)
    assert len(world.sender.sent) == 1
    states = sorted((r.kind, r.state) for r in await world.rows())
    assert states == [("day_before", "missed")] * 3 + [("missed_report", "sent")]


async def test_a_meeting_added_after_its_reminder_fell_due_is_neither_reminded_nor_reported_missed(
    sessions: Sessions,
) -> None:
    world = await build_world(sessions, meetings=())
    added_at = DUE + dt.timedelta(hours=7)  # the afternoon before the meeting: "day before 09:00" has passed
    async with writing(sessions) as session:
        committee_id, _ = await calendar_repository.committee_row(session, COMMITTEE)  # type: ignore[misc]  # with create=True a row is always returned
        await calendar_repository.insert_meeting(
            session,
            committee_id,
            uid="late@test",
            starts_at=MEETING.astimezone(UTC),
            ends_at=None,
            all_day=False,
            place=None,
            source="secretary",
            at=added_at,
        )
    world.clock._now = added_at + dt.timedelta(minutes=1)
    report = await world.engine().deliver_due()
    assert (report.added, report.missed, report.reported, report.sent) == (0, 0, 0, 0)
    assert world.sender.attempts == [] and await world.rows() == []


async def test_within_the_grace_period_a_late_reminder_is_still_sent(world: World) -> None:
    world.clock._now = DUE + dt.timedelta(hours=5, minutes=59)
    report = await world.engine().deliver_due()
    assert (report.sent, report.missed) == (2, 0)


@pytest.mark.parametrize(
    ("meeting_day", "due"),
    [
        # Summer time began on Sunday 28 March 2021: 09:00 local is 07:00Z after it, 08:00Z before.
        (dt.date(2021, 3, 29), dt.datetime(2021, 3, 28, 7, 0, tzinfo=UTC)),
        (dt.date(2021, 3, 28), dt.datetime(2021, 3, 27, 8, 0, tzinfo=UTC)),
        # It ended on Sunday 31 October 2021: 09:00 local is 08:00Z after it, 07:00Z before.
        (dt.date(2021, 11, 1), dt.datetime(2021, 10, 31, 8, 0, tzinfo=UTC)),
        (dt.date(2021, 10, 31), dt.datetime(2021, 10, 30, 7, 0, tzinfo=UTC)),
    ],
)
async def test_a_nine_oclock_reminder_goes_out_at_nine_local_on_both_sides_of_dst(
    sessions: Sessions, meeting_day: dt.date, due: dt.datetime
) -> None:
    start = dt.datetime.combine(meeting_day, dt.time(10, 0), tzinfo=COMMITTEE_TZ)
    world = await build_world(sessions, meetings=(start,), subscriber=False)
    engine = world.engine()
    world.clock._now = due - dt.timedelta(seconds=1)
    early = await engine.deliver_due()
    assert (early.sent, early.next_wake) == (0, due)
    assert due.astimezone(COMMITTEE_TZ).time() == dt.time(9, 0)
    world.clock._now = due
    assert (await engine.deliver_due()).sent == 1
    [text] = world.sender.texts_to(CHANNEL)
    assert "kl. 10.00" in text


async def test_a_429_holds_back_the_conversations_later_reminders_too(sessions: Sessions) -> None:
    afternoon = MEETING.replace(hour=14)
    world = await build_world(sessions, meetings=(MEETING, afternoon), subscriber=False)
    engine = world.engine()
    world.sender.fail_next(SendError("Bot Connector answered 429", retry_after=60))
    world.clock._now = DUE
    report = await engine.deliver_due()
    assert (report.claimed, report.retried, report.sent) == (2, 1, 0)
    assert len(world.sender.attempts) == 1  # the second was not tried
    rows = await world.rows()
    assert sorted((r.attempts, r.next_attempt_at) for r in rows) == [(0, DUE + dt.timedelta(seconds=60))] + [
        (1, DUE + dt.timedelta(seconds=60))
    ]
    world.clock.advance(dt.timedelta(seconds=60))
    assert (await engine.deliver_due()).sent == 2
    # In order: the ten o'clock meeting's reminder first, as before the 429.
    assert ["kl. 10.00" in text for text in world.sender.texts_to(CHANNEL)] == [True, False]
