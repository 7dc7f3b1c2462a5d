"""Signing keys are fetched asynchronously, with a time-out, and an unknown key id refreshes at most once per interval.

The key endpoint is a real HTTP stand-in (tests/teams/openid_standin.py); time is a counter the test advances.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.teams.signing_keys import KeySource, SigningKeys, UnknownSigningKey
from tests.teams.openid_standin import OpenIdStandIn


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def endpoint() -> AsyncIterator[OpenIdStandIn]:
    async with OpenIdStandIn() as standin:
        yield standin


def keys(endpoint: OpenIdStandIn, ticks: Ticks, *, timeout: float = 5.0) -> SigningKeys:
    source = KeySource(timeout=timeout, refresh_interval=300, clock=ticks)
    return SigningKeys(f"{endpoint.origin}/v1/.well-known/openidconfiguration", source)


async def test_an_unknown_key_id_refreshes_at_most_once_per_interval(endpoint: OpenIdStandIn) -> None:
    ticks = Ticks()
    signing = keys(endpoint, ticks)
    key = await signing.get(endpoint.key_id)
    assert key.endorsements == ["msteams", "webchat"]
    assert endpoint.key_requests == 1

    for _ in range(5):  # within the interval of the first fetch: refused without a fetch
        with pytest.raises(UnknownSigningKey):
            await signing.get("made-up")
    assert endpoint.key_requests == 1

    ticks.now += 300
    with pytest.raises(UnknownSigningKey):
        await signing.get("made-up")
    assert endpoint.key_requests == 2
    with pytest.raises(UnknownSigningKey):
        await signing.get("made-up-too")
    assert endpoint.key_requests == 2
    assert (await signing.get(endpoint.key_id)).public_key is not None


async def test_a_stalled_endpoint_times_out_and_is_not_asked_again_within_the_interval(
    endpoint: OpenIdStandIn,
) -> None:
    ticks = Ticks()
    signing = keys(endpoint, ticks, timeout=0.2)
    endpoint.hold()  # never released: the key set does not come
    with pytest.raises(UnknownSigningKey):
        await signing.get(endpoint.key_id)
    assert (endpoint.metadata_requests, endpoint.key_requests) == (1, 1)
    with pytest.raises(UnknownSigningKey):
        await signing.get(endpoint.key_id)
    assert (endpoint.metadata_requests, endpoint.key_requests) == (1, 1)

    endpoint.release()
    ticks.now += 300
    assert (await signing.get(endpoint.key_id)).endorsements
    assert endpoint.key_requests == 2


async def test_requests_arriving_during_the_first_fetch_share_it(endpoint: OpenIdStandIn) -> None:
    signing = keys(endpoint, Ticks())
    endpoint.hold()
    waiting = [asyncio.create_task(signing.get(endpoint.key_id)) for _ in range(3)]
    await endpoint.keys_requested.wait()
    assert not any(task.done() for task in waiting)
    endpoint.release()
    found = await asyncio.gather(*waiting)
    assert all(key.endorsements for key in found)
    assert (endpoint.metadata_requests, endpoint.key_requests) == (1, 1)
