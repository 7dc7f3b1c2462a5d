"""Operations on the real server: GET /metrics in Prometheus' text format, and JSON log lines.

The metrics text is read back with a small parser of the exposition format (version 0.0.4) that
refuses anything it does not recognise, so a malformed line fails the test rather than being skipped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import math
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.app import CLOCK, REMINDER_SCHEDULER, SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.settings import ReminderSettings, Settings
from bot.teams.auth import BotCredentials
from bot.teams.signing_keys import KeySource
from tests.e2e.test_reminders import subscribe
from tests.e2e.test_service import QUESTION_DA, ROOT, SEEDS, Service, free_port, recorded, start_service
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn
from tests.teams.openid_standin import OpenIdStandIn

ABSTAINED = "Hvad blev besluttet om rumraketter på Mars?"  # nothing in the seed minutes is about it
UTC = dt.UTC

# ------------------------------------------------------------------ a parser of the text format

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_VALUE = r"[-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+|Inf|NaN)"
_SAMPLE = re.compile(rf"^({_NAME})(?:\{{(.*)\}})? ({_VALUE})$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)')
_TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}

Sample = tuple[str, frozenset[tuple[str, str]]]


def parse_exposition(text: str) -> tuple[dict[str, str], dict[Sample, float]]:
    """The metric types and the samples of a text exposition; AssertionError on anything malformed."""
    types: dict[str, str] = {}
    samples: dict[Sample, float] = {}
    assert text.endswith("\n")
    for line in text.splitlines():
        if line.startswith("# HELP "):
            assert re.match(rf"^# HELP {_NAME} ", line), line
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert re.fullmatch(_NAME, name) and kind in _TYPES and name not in types, line
            types[name] = kind
        else:
            match = _SAMPLE.match(line)
            assert match, f"not a sample line: {line!r}"
            name, label_text, value = match.groups()
            labels: list[tuple[str, str]] = []
            rest = label_text or ""
            while rest:
                label = _LABEL.match(rest)
                assert label, f"bad labels in {line!r}"
                labels.append((label[1], label[2]))
                rest = rest[label.end() :]
            family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
            assert family in types, f"{name} has no TYPE line before it"
            key = (name, frozenset(labels))
            assert key not in samples, f"{line!r} repeats a sample"
            samples[key] = float(value.replace("Inf", "inf"))
    for name, kind in types.items():  # a histogram's buckets rise to +Inf, which equals its count
        if kind == "histogram":
            for (sample, labels), count in samples.items():
                if sample == f"{name}_count":
                    buckets = sorted(
                        (float(dict(bl)["le"].replace("Inf", "inf")), value)
                        for (bn, bl), value in samples.items()
                        if bn == f"{name}_bucket" and bl - {("le", dict(bl)["le"])} == labels
                    )
                    assert buckets[-1] == (math.inf, count)
                    assert all(a[1] <= b[1] for a, b in itertools.pairwise(buckets))
    return types, samples


def value(samples: dict[Sample, float], name: str, **labels: str) -> float:
    """The sum of the samples of ``name`` whose labels include ``labels`` (0 when there are none)."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


async def scrape(service: Service) -> dict[Sample, float]:
    async with service.http.get(f"{service.url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        types, samples = parse_exposition(await response.text())
    assert types["moedeassistent_turns_total"] == "counter"
    assert types["moedeassistent_turn_duration_seconds"] == "histogram"
    return samples


def test_the_parser_refuses_malformed_text() -> None:
    good = '# TYPE a_total counter\na_total{x="1"} 2\n'
    assert parse_exposition(good)[1] == {("a_total", frozenset({("x", "1")})): 2.0}
    for bad in ("a_total 2\n", "# TYPE a_total counter\na_total{x=1} 2\n", "# TYPE a_total counter\na_total two\n"):
        with pytest.raises(AssertionError):
            parse_exposition(bad)


# ------------------------------------------------------------------ fixtures


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
        reminders=ReminderSettings(replica_id="metrics-replica", interval_seconds=3600),
    )
    runner, service, http = await start_service(settings)  # a fixed clock at 15 February 2021, 10:00
    for seed in sorted(SEEDS.glob("*.txt")):
        await service.app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    yield service
    await http.close()
    await runner.cleanup()


# ------------------------------------------------------------------ metrics


async def test_questions_abstentions_and_turn_latency_are_counted(
    service: Service, connector: ConnectorStandIn
) -> None:
    before = await scrape(service)
    assert value(before, "moedeassistent_turns_total") == 0
    assert value(before, "moedeassistent_turn_duration_seconds_count") == 0
    assert value(before, "process_start_time_seconds") > 0

    for text in (QUESTION_DA, ABSTAINED):
        activity = recorded("message_personal_chat.json", connector.service_url, text=text, locale="da-DK")
        assert (await service.post(activity)).status == 201
    assert (await service.post(b"{not json")).status == 400
    assert (await service.post({"type": "message"}, headers={"Content-Type": "text/plain"})).status == 415

    after = await scrape(service)
    assert value(after, "moedeassistent_turns_total", type="message", outcome="ok") == 2
    assert value(after, "moedeassistent_turns_total") == 2  # refused requests are not turns
    assert value(after, "moedeassistent_turn_duration_seconds_count") == 2
    assert value(after, "moedeassistent_turn_duration_seconds_bucket", le="+Inf") == 2
    assert value(after, "moedeassistent_turn_duration_seconds_sum") > 0
    assert value(after, "moedeassistent_answers_total", outcome="answered") == 1
    assert value(after, "moedeassistent_answers_total", intent="deadline", outcome="answered") == 1
    assert value(after, "moedeassistent_answers_total", outcome="abstained") == 1
    assert value(after, "moedeassistent_requests_rejected_total", status="400") == 1
    assert value(after, "moedeassistent_requests_rejected_total", status="415") == 1


async def test_a_turn_that_fails_and_a_stranger_type_are_counted_by_label(
    service: Service, connector: ConnectorStandIn
) -> None:
    # The Bot Connector refuses the reply: the turn fails (the user is told if the connector lets us).
    connector.fail_next(500)
    connector.fail_next(500)
    question = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA)
    await service.post(question)
    odd = recorded("message_personal_chat.json", connector.service_url, type="x-" + "a" * 500)
    assert (await service.post(odd)).status in (200, 201)
    samples = await scrape(service)
    assert value(samples, "moedeassistent_turns_total", type="message", outcome="error") == 1
    assert value(samples, "moedeassistent_turns_total", type="other", outcome="ok") == 1
    assert not any("aaaa" in label for (_, labels) in samples for _, label in labels)


async def test_a_sent_reminder_and_the_schedulers_lag_are_counted(
    service: Service, connector: ConnectorStandIn
) -> None:
    await subscribe(service, connector)  # a channel linked, a member opted in: two targets
    clock, scheduler = service.app[CLOCK], service.app[REMINDER_SCHEDULER]
    assert isinstance(clock, FixedClock)
    clock._now = dt.datetime(2021, 2, 19, 8, 0, tzinfo=UTC)  # the questionnaires' deadline reminder is due
    connector.fail_next(500)
    await scheduler.run_now()
    assert len(connector.of_kind("send")) == 2
    samples = await scrape(service)
    assert value(samples, "moedeassistent_reminders_total", outcome="sent") == 1
    assert value(samples, "moedeassistent_reminders_total", outcome="retried") == 1
    assert value(samples, "moedeassistent_reminders_total", outcome="failed") == 0

    clock.advance(dt.timedelta(minutes=1))
    await scheduler.run_now()
    samples = await scrape(service)
    assert value(samples, "moedeassistent_reminders_total", outcome="sent") == 2
    # The cycle the scheduler ran at start was counted with its lag behind its due time.
    assert value(samples, "moedeassistent_scheduler_lag_seconds_count", job="reminders-cycle") >= 1


async def test_a_failed_signing_key_fetch_is_counted(tmp_path: Path, connector: ConnectorStandIn) -> None:
    app_id = "2b7d4a5e-1c3f-4e8a-9b6d-0f1e2d3c4b5a"
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'secured.db'}",
        credentials=BotCredentials(app_id, "not-a-real-secret"),
        load_examples=False,
    )
    nothing_listens = f"http://127.0.0.1:{free_port()}"
    app = create_app(
        settings,
        FixedClock(dt.datetime(2021, 2, 15, tzinfo=COMMITTEE_TZ)),
        key_source=KeySource(origin=nothing_listens),
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    async with aiohttp.ClientSession() as http:
        service = Service(app, f"http://127.0.0.1:{runner.addresses[0][1]}", http)
        try:
            token = OpenIdStandIn().token(app_id=app_id, service_url=connector.service_url)
            activity = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA)
            response = await service.post(activity, headers={"Authorization": f"Bearer {token}"})
            assert response.status == 401
            samples = await scrape(service)
        finally:
            await runner.cleanup()
    assert value(samples, "moedeassistent_signing_key_fetch_failures_total") == 1
    assert value(samples, "moedeassistent_requests_rejected_total", status="401") == 1
    assert value(samples, "moedeassistent_turns_total") == 0


# ------------------------------------------------------------------ JSON logs


async def test_serve_with_log_format_json_writes_json_lines_without_what_users_wrote(
    tmp_path: Path, connector: ConnectorStandIn
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env.update(
        PORT=str(port), DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}", PYTHONPATH=str(ROOT), LOG_FORMAT="json"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    secret = "Zebrafinkerne-i-kælderen-7Q"  # what a member wrote: it must not reach the log
    question = recorded("message_personal_chat.json", connector.service_url, text=f"Hvornår mødes {secret}?")
    card = recorded("invoke_adaptive_card_action_personal.json", connector.service_url)
    card["value"]["action"]["data"] = {"feedback": secret}  # a card action no dialog knows, with typed text
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the server did not come up")
            for activity in (question, card):
                async with http.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as response:
                    assert response.status in (200, 201)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert process.stderr is not None
    lines = [line for line in process.stderr.read().splitlines() if line.strip()]
    assert lines
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= entry.keys()
        assert dt.datetime.fromisoformat(entry["time"]).utcoffset() == dt.timedelta(0)
    assert secret not in "\n".join(lines)
    [unknown] = [e for e in entries if e["message"].startswith("unknown card action")]
    assert unknown["level"] == "INFO"
    assert unknown["activity_id"] == card["id"]
    assert unknown["conversation_id"] == card["conversation"]["id"]
    assert unknown["tenant_id"] == card["conversation"]["tenantId"]
    assert "reminder delivery started" in " ".join(e["message"] for e in entries)  # INFO lines are kept
