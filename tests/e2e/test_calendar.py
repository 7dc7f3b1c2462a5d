"""The meeting calendar feed on the real server: GET /kalender/<slug>.ics after ingesting the seeds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import icalendar
import pytest

from bot.app import KNOWLEDGE
from bot.settings import Settings
from tests.e2e.test_service import SEEDS, Service, start_service


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", load_examples=False
    )
    runner, service, http = await start_service(settings)
    for seed in sorted(SEEDS.glob("*.txt")):
        await service.app[KNOWLEDGE].ingest(seed)
    yield service
    await http.close()
    await runner.cleanup()


async def test_a_committees_calendar_is_served_as_ics(service: Service) -> None:
    url = f"{service.url}/kalender/fokusgruppen-sundhed-og-beskaeftigelse.ics"
    async with service.http.get(url) as response:
        assert response.status == 200
        assert response.content_type == "text/calendar"
        body = await response.read()

    calendar = icalendar.Calendar.from_ical(body)
    starts = sorted(
        str(event.get("dtstart").to_ical().decode())
        for event in calendar.walk("VEVENT")
    )
    assert starts == [
        "20200902T090000",
        "20210211T083000",
        "20210527T123000",
        "20210907T083000",
        "20211208T123000",
    ]
    assert b"DTSTART;TZID=Europe/Copenhagen:20210211T083000" in body
    assert b"BEGIN:VTIMEZONE" in body


async def test_an_unknown_committee_is_404(service: Service) -> None:
    async with service.http.get(f"{service.url}/kalender/ingen-saadan.ics") as response:
        assert response.status == 404
