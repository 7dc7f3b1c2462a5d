"""The meeting calendar feed on the real server: GET /kalender/<slug>.ics after ingesting the seeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import icalendar
import pytest

from bot.app import SERVICES
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.knowledge import Knowledge
from bot.settings import Settings
from storage.database import create_engine, session_factory, upgrade
from tests.e2e.test_service import SEEDS, Service, card_text, only_reply, recorded, start_service
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn

UDDANNELSE = "Følgegruppen for uddannelse og arbejde"
SECRETARY = "0b6a3c1e-aaaa-bbbb-cccc-00000000000a"


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", load_examples=False)
    runner, service, http = await start_service(settings)
    for seed in sorted(SEEDS.glob("*.txt")):
        await service.app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    yield service
    await http.close()
    await runner.cleanup()


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


async def test_a_committees_calendar_is_served_as_ics(service: Service) -> None:
    token = await service.app[SERVICES].access.feed_token("Fokusgruppen Sundhed & Beskæftigelse")
    url = f"{service.url}/kalender/fokusgruppen-sundhed-og-beskaeftigelse.ics?token={token}"
    async with service.http.get(url) as response:
        assert response.status == 200
        assert response.content_type == "text/calendar"
        body = await response.read()

    calendar = icalendar.Calendar.from_ical(body)
    starts = sorted(str(event.get("dtstart").to_ical().decode()) for event in calendar.walk("VEVENT"))
    assert starts == [
        "20200902T090000",
        "20210211T083000",
        "20210527T123000",
        "20210907T083000",
        "20211208T123000",
    ]
    assert b"DTSTART;TZID=Europe/Copenhagen:20210211T083000" in body
    assert b"BEGIN:VTIMEZONE" in body


async def test_without_its_token_a_calendar_is_404_like_an_unknown_one(service: Service) -> None:
    access = service.app[SERVICES].access
    old = await access.feed_token("Fokusgruppen Sundhed & Beskæftigelse")
    other = await access.feed_token("Følgegruppen for uddannelse og arbejde")
    new = await access.feed_token("Fokusgruppen Sundhed & Beskæftigelse", rotate=True)
    feed = f"{service.url}/kalender/fokusgruppen-sundhed-og-beskaeftigelse.ics"
    for url in (
        feed,  # the name alone is guessable
        f"{feed}?token=",
        f"{feed}?token={old}",  # rotated away
        f"{feed}?token={other}",  # another committee's token
        f"{feed}?token={'x' * 5000}",
        f"{service.url}/kalender/ingen-saadan.ics?token={new}",
    ):
        async with service.http.get(url) as response:
            assert response.status == 404, url
    async with service.http.get(f"{feed}?token={new}") as response:
        assert response.status == 200


async def test_minutes_stored_before_the_calendar_fill_it_at_start(tmp_path: Path, connector: ConnectorStandIn) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    # A database from before the calendar: minutes stored, no calendar rows.
    engine = create_engine(url)
    await upgrade(engine)
    knowledge = Knowledge(session_factory(engine), FixedClock(dt.datetime(2021, 2, 15, tzinfo=COMMITTEE_TZ)))
    for seed in sorted(SEEDS.glob("*.txt")):
        await knowledge.ingest(seed, meeting_date=seed_date(seed))
    await knowledge.aclose()
    await engine.dispose()
    settings = Settings(database_url=url, load_examples=False, secretaries={UDDANNELSE: (SECRETARY,)})

    runner, service, http = await start_service(settings)
    try:
        calendar = service.app[SERVICES].calendar
        assert [m.local_date for m in await calendar.upcoming(UDDANNELSE)] == [dt.date(2021, 4, 13)]
        await calendar.move(UDDANNELSE, dt.date(2021, 4, 13), dt.date(2021, 4, 20), by=SECRETARY)
        filled = await calendar.meetings(UDDANNELSE)
    finally:
        await http.close()
        await runner.cleanup()

    # The next start fills nothing more: the secretary's move stands, and a member's question gets it.
    runner, service, http = await start_service(settings)
    try:
        assert await service.app[SERVICES].calendar.meetings(UDDANNELSE) == filled
        activity = recorded("message_personal_chat.json", connector.service_url, text="Hvornår er næste møde?")
        response = await service.post(activity)
        assert response.status in (200, 201)
        text = card_text(only_reply(connector))
        moved = f"Næste møde i {UDDANNELSE} er 20. april 2021 (ifølge mødekalenderen, ændret af sekretariatet)."
        assert moved in text
        assert "(fra referatet af 2. september 2020, punkt 10)" in text  # the other committee, filled from its minutes
    finally:
        await http.close()
        await runner.cleanup()
