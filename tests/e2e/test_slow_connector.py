"""One stalled Bot Connector must not starve the turns of others (outbound per-host limits in bot/teams/connector.py).

Two connector stand-ins: one holds every answer, the other answers at once. More turns than the shared
pool has connections name the stalled one; a turn naming the other is still answered while they wait.
Ordering, not time, is asserted: the held sends are released only after the other turn is answered.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.settings import Settings
from bot.teams.connector import CONNECTION_LIMIT, PER_HOST_LIMIT
from tests.e2e.test_service import Service, recorded, start_service
from tests.teams.connector_standin import ConnectorStandIn

FLOOD = CONNECTION_LIMIT + 10  # more than the whole pool (the finding: 110 turns filled the pool of 100)


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", load_examples=False)
    runner, service, http = await start_service(settings)
    yield service
    await http.close()
    await runner.cleanup()


def turn(connector: ConnectorStandIn, conversation: str) -> dict:
    activity = recorded("message_personal_chat.json", connector.service_url, text="hjælp")
    activity["conversation"]["id"] = conversation
    activity["id"] = conversation + "-1"
    return activity


async def test_a_stalled_connector_does_not_starve_turns_to_another(service: Service) -> None:
    async with ConnectorStandIn() as stalled, ConnectorStandIn() as healthy:
        stalled.hold()
        # A client without its own connection limit, so all FLOOD turns reach the server at once.
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as flood_client:

            async def post(client: aiohttp.ClientSession, body: dict) -> int:
                async with client.post(f"{service.url}/api/messages", json=body) as response:
                    return response.status

            flood = [asyncio.create_task(post(flood_client, turn(stalled, f"a:stalled-{n}"))) for n in range(FLOOD)]
            # Every flooding turn has been remembered, so each is as far along as the turn below will be.
            while await service.stored_conversations() < FLOOD:
                await asyncio.sleep(0.01)

            assert await post(service.http, turn(healthy, "a:healthy")) == 201
            assert [r.conversation_id for r in healthy.of_kind("reply")] == ["a:healthy"]
            assert not any(task.done() for task in flood)  # still waiting for the stalled connector
            assert stalled.count <= PER_HOST_LIMIT  # the rest wait for their own host's connections

            stalled.release()
            assert await asyncio.gather(*flood) == [201] * FLOOD
