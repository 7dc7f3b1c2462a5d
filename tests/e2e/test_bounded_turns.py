"""Bounded work per message, through the real service on 127.0.0.1 (``bot.app.create_app``).

A message over Teams-sized questions (``MAX_MESSAGE_CHARS``) is answered politely and not read; a
question's answering runs off the event loop, so while one is in flight /healthz and other
conversations are answered, and one over its time budget gets a polite "try a shorter question".

Replies come back in the HTTP answer (deliveryMode expectReplies), so no connector is needed. The
answer in flight is a real ``Answerer`` whose ``answer`` waits until the test lets it go: the tests
assert the order things finish in, never how long they took.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.answering.answer import Answer, Answerer
from bot.app import SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import conversation_key
from bot.errors import ConfigurationError
from bot.limits import MAX_MESSAGE_CHARS
from bot.minutes.model import Minutes
from bot.settings import Settings
from tests.e2e.test_service import QUESTION_DA, QUESTION_EN, SEEDS, recorded
from tests.seeds import seed_date

SERVICE_URL = "http://127.0.0.1:9/"  # never called: replies come in the HTTP answer
# Bounds a wait that would otherwise hang the run if the code under test waited wrongly.
DEADLOCK_GUARD_S = 30
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"


class Gate:
    """Holds answers in their worker thread until the test opens it."""

    def __init__(self) -> None:
        self.closed = False
        self.entered = threading.Event()
        self.opened = threading.Event()

    def builder(self) -> Callable[[list[Minutes]], Answerer]:
        gate = self

        class HeldAnswerer(Answerer):
            def answer(self, *args: object, **kwargs: object) -> Answer:
                if gate.closed:
                    gate.entered.set()
                    if not gate.opened.wait(DEADLOCK_GUARD_S):
                        raise TimeoutError("the test never opened the gate")
                return super().answer(*args, **kwargs)  # type: ignore[arg-type]  # passes the answerer's own arguments on

        return HeldAnswerer

    async def wait_entered(self) -> None:
        assert await asyncio.to_thread(self.entered.wait, DEADLOCK_GUARD_S), "no answer reached the gate"


class Bot:
    def __init__(self, app: web.Application, url: str, http: aiohttp.ClientSession) -> None:
        self.app, self.url, self.http = app, url, http

    async def say(self, text: str, conversation: str, *, locale: str | None = None) -> list[str]:
        """Post a message; return the texts and cards of the replies, as strings."""
        activity = recorded("message_personal_chat.json", SERVICE_URL, text=text, deliveryMode="expectReplies")
        activity["conversation"]["id"] = conversation
        activity["id"] = f"{conversation}-{len(text)}"
        if locale:
            activity["locale"] = locale
        async with self.http.post(f"{self.url}/api/messages", json=activity) as response:
            assert response.status == 200, await response.text()
            body = await response.json()
        return [str(reply.get("text") or "") + str(reply.get("attachments") or "") for reply in body["activities"]]

    async def healthz(self) -> int:
        async with self.http.get(f"{self.url}/healthz") as response:
            return response.status


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
async def bot(tmp_path: Path, gate: Gate, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    budget = getattr(request, "param", 60.0)  # indirect: a short answering budget
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        load_examples=False,
        answer_budget_seconds=budget,
        admins=frozenset({"00000000-1111-2222-3333-444444444444"}),  # the sample sender may link
    )
    clock = FixedClock(dt.datetime(2021, 2, 15, 10, 0, tzinfo=COMMITTEE_TZ))
    app = create_app(settings, clock, build_answerer=gate.builder())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    http = aiohttp.ClientSession()
    for seed in sorted(SEEDS.glob("*.txt")):
        await app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    try:
        yield Bot(app, f"http://127.0.0.1:{runner.addresses[0][1]}", http)
    finally:
        gate.opened.set()  # a held worker finishes before the database goes
        await http.close()
        await runner.cleanup()


async def linked(bot: Bot, conversation: str) -> str | None:
    return await bot.app[SERVICES].conversations.committee_for(conversation_key("msteams", conversation))


async def test_a_message_over_the_limit_is_answered_politely_and_not_read(bot: Bot) -> None:
    command = f"tilknyt udvalg {FOCUS_GROUP}"
    over = command + "!" * (MAX_MESSAGE_CHARS + 1 - len(command))
    [reply] = await bot.say(over, "a:over")
    assert "for lang til mig" in reply and "4.000 tegn" in reply
    assert await linked(bot, "a:over") is None  # the command in it was not read

    [reply] = await bot.say(over, "a:over-en", locale="en-US")
    assert "too long for me" in reply and "4,000 characters" in reply

    at_limit = over[:MAX_MESSAGE_CHARS]
    [reply] = await bot.say(at_limit, "a:at-limit")
    assert "for lang" not in reply
    assert await linked(bot, "a:at-limit") == FOCUS_GROUP


async def test_while_a_question_is_answered_health_and_other_conversations_are_served(bot: Bot, gate: Gate) -> None:
    gate.closed = True
    held = asyncio.create_task(bot.say(QUESTION_DA, "a:held"))
    await gate.wait_entered()
    gate.closed = False  # only the first question waits

    assert await bot.healthz() == 200
    [other] = await bot.say(QUESTION_EN, "a:other", locale="en-US")
    assert "22 February 2021" in other
    [help_card] = await bot.say("hjælp", "a:third")
    assert "spørg" in help_card
    assert not held.done()

    gate.opened.set()
    [answer] = await held
    assert "22. februar" in answer


@pytest.mark.parametrize("bot", [0.2], indirect=True)
async def test_a_question_over_its_time_budget_gets_a_polite_answer(bot: Bot, gate: Gate) -> None:
    gate.closed = True
    [reply] = await bot.say(QUESTION_DA, "a:slow")  # the gate stays shut: over any budget
    assert "tog for lang tid" in reply and "kortere spørgsmål" in reply
    [reply] = await bot.say("What is the deadline for the questionnaires?", "a:slow-en", locale="en-US")
    assert "took too long" in reply and "shorter question" in reply

    gate.closed = False
    gate.opened.set()  # the held workers finish; the next question is answered as usual
    [answer] = await bot.say(QUESTION_DA, "a:after")
    assert "22. februar" in answer


def test_the_answering_budget_is_configured_in_whole_seconds() -> None:
    assert Settings.from_env({}).answer_budget_seconds == 5
    assert Settings.from_env({"ANSWER_BUDGET_SECONDS": "12"}).answer_budget_seconds == 12
    with pytest.raises(ConfigurationError, match="ANSWER_BUDGET_SECONDS"):
        Settings.from_env({"ANSWER_BUDGET_SECONDS": "0"})
