"""Reminders on the real server: a linked channel and an opted-in member get them, in their languages,
through the local Bot Connector stand-in; a 500 and then a 429 with Retry-After lead to retries and
exactly one delivery.

The service runs with a fixed clock that the test moves; the scheduler's run-now hook runs a cycle
at each moment instead of waiting for the wake-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import CLOCK, ENGINE, REMINDER_SCHEDULER, SERVICES
from bot.clock import FixedClock
from bot.settings import ReminderSettings, Settings
from storage import deliveries_repository as repo
from storage.database import session_factory
from tests.e2e.test_service import SEEDS, Service, recorded, start_service
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn

COMMITTEE = "Følgegruppen for uddannelse og arbejde"
UTC = dt.UTC


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        load_examples=False,
        admins=frozenset({"00000000-1111-2222-3333-444444444444"}),  # the sample sender links the channel
        # Cycles run when the test says so (run_now), plus the one at start.
        reminders=ReminderSettings(replica_id="e2e-replica", interval_seconds=3600),
    )
    runner, service, http = await start_service(settings)  # a fixed clock at 15 February 2021, 10:00
    for seed in sorted(SEEDS.glob("*.txt")):
        await service.app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    yield service
    await http.close()
    await runner.cleanup()


def sends_to(connector: ConnectorStandIn, conversation_id: str) -> list[str]:
    return [r.body["text"] for r in connector.of_kind("send") if r.conversation_id == conversation_id]


async def subscribe(service: Service, connector: ConnectorStandIn) -> tuple[str, str]:
    """Link a Teams channel (Danish) to the committee and opt a member in from personal chat (English)."""
    channel = recorded("message_channel_with_mention_vercel.json", connector.service_url, locale="da-DK")
    channel["text"] = f"<at>{channel['recipient']['name']}</at> tilknyt udvalg {COMMITTEE}"
    await service.post(channel)
    personal = recorded(
        "message_personal_chat.json", connector.service_url, locale="en-US", text=f"remind me about {COMMITTEE}"
    )
    await service.post(personal)
    replies = " ".join(str(r.body) for r in connector.of_kind("reply"))
    assert "You will now get reminders about Følgegruppen for uddannelse og arbejde" in replies
    connector.received.clear()
    return channel["conversation"]["id"].split(";")[0], personal["conversation"]["id"]


async def test_reminders_reach_the_channel_and_the_member_in_their_languages(
    service: Service, connector: ConnectorStandIn
) -> None:
    channel, personal = await subscribe(service, connector)
    clock, scheduler = service.app[CLOCK], service.app[REMINDER_SCHEDULER]
    assert isinstance(clock, FixedClock)

    # The questionnaires' deadline (22 February 2021, a Monday) is reminded the Friday before at 09:00.
    clock._now = dt.datetime(2021, 2, 19, 7, 59, tzinfo=UTC)
    await scheduler.run_now()
    assert connector.of_kind("send") == []
    assert scheduler.next_wake == dt.datetime(2021, 2, 19, 8, 0, tzinfo=UTC)

    clock._now = dt.datetime(2021, 2, 19, 8, 0, tzinfo=UTC)
    await scheduler.run_now()
    [danish] = sends_to(connector, channel)
    assert danish == (
        "Påmindelse til Følgegruppen for uddannelse og arbejde: der er en frist mandag den 22. februar 2021 "
        "(fra referatet af torsdag den 4. februar 2021): »Der er deadline for besvarelse af spørgeskemaerne den "
        "22. februar.«"
    )
    [english] = sends_to(connector, personal)
    assert english == (
        "Reminder for Følgegruppen for uddannelse og arbejde: a deadline falls due on Monday 22 February 2021 "
        "(from the minutes of Thursday 4 February 2021): “Der er deadline for besvarelse af spørgeskemaerne den "
        "22. februar.”"
    )
    for received in connector.of_kind("send"):
        assert received.body["type"] == "message" and received.body["textFormat"] == "plain"
        assert received.body["from"]["id"].startswith("28:")
        assert received.body["conversation"]["id"] == received.conversation_id
        assert received.base_path == "/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890"

    # Later cycles send nothing again.
    clock.advance(dt.timedelta(minutes=5))
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 2


async def test_a_500_and_then_a_429_are_retried_and_each_reminder_arrives_once(
    service: Service, connector: ConnectorStandIn
) -> None:
    channel, personal = await subscribe(service, connector)
    clock, scheduler = service.app[CLOCK], service.app[REMINDER_SCHEDULER]
    assert isinstance(clock, FixedClock)

    # The call for agenda items for the meeting of 13 April 2021 falls due on 31 March at 09:00.
    clock._now = dt.datetime(2021, 3, 31, 7, 0, tzinfo=UTC)
    connector.fail_next(500)
    connector.fail_next(500)
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 2  # both refused

    clock.advance(dt.timedelta(seconds=31))  # past the first backoff (at most 30 s)
    connector.fail_next(429, retry_after="60")
    connector.fail_next(429, retry_after="60")
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 4  # both throttled

    clock.advance(dt.timedelta(seconds=59))
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 4  # Retry-After is honoured

    clock.advance(dt.timedelta(seconds=1))
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 6
    for conversation, words in ((channel, "Forslag til dagsordenen"), (personal, "Proposals for the agenda")):
        texts = sends_to(connector, conversation)
        assert len(texts) == 3 and len(set(texts)) == 1 and words in texts[0]

    async with session_factory(service.app[ENGINE])() as session:
        rows = await repo.deliveries(session)
    assert [(row.kind, row.state, row.attempts) for row in rows] == [("call_for_items", repo.SENT, 3)] * 2
    assert all(row.activity_id and row.activity_id.startswith("standin-activity-") for row in rows)

    clock.advance(dt.timedelta(hours=1))
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 6
