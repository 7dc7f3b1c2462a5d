"""Fuzzing the real service: 10,000 generated activities per run, built from the recorded Teams activities.

Each generated activity is a recorded one (../shared/activities) with fields dropped, given the wrong type,
replaced by huge or odd Unicode (lone surrogates too), unknown activity types and invoke names, card
submits carrying foreign values, other channel ids, 10,000-character conversation ids, serviceUrls that are
no URL or not on loopback; now and then the body is no activity at all. They are posted 50 at a time,
concurrently over one aiohttp session, to the app on 127.0.0.1 in local mode, whose Bot Connector is the
stand-in. The server is `python -m bot serve` in its own process, so its memory and log are its own.
Every answer must be 2xx or 4xx, nothing may be logged with a traceback or at ERROR, no
conversation may be stored for a refused activity, and the process may not grow by more than a generous
bound across the run.

The run is derandomized (the same 10,000 activities every time), so CI is deterministic.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.e2e.test_service import ACTIVITIES, ROOT, free_port
from tests.teams.connector_standin import ConnectorStandIn

BATCH = 50
BATCHES = 200  # 10,000 activities
# Growth allowed between the end of the first tenth of the run and its end. Tens of MB are allocator
# noise and SQLite's cache; an unbounded cache or a leak per turn shows as hundreds.
MAX_GROWTH_MB = 96

RECORDED = {
    path.name: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(ACTIVITIES.glob("*.json"))
    if "fragment" not in path.name
}
FRAGMENT = json.loads((ACTIVITIES / "message_personal_file_attachment_docs_fragment.json").read_text(encoding="utf-8"))
RECORDED["message_personal_file_attachment.json"] = {**RECORDED["message_personal_chat.json"], **FRAGMENT}

FILE = {"contentType": "text/plain", "contentUrl": "http://127.0.0.1:9/referat.txt", "name": "referat.txt"}

# --- strategies -----------------------------------------------------------------------------------

surrogates = st.integers(0xD800, 0xDFFF).map(chr)
odd_characters = st.one_of(
    st.characters(),  # any code point but surrogates
    st.sampled_from(["\x00", "\u202e", "\ufeff", "\u0301", "🇩", "ø", "Å", "\\", '"', "<", "&", ";", "/", "%"]),
)


# One string in eight carries a lone surrogate (which JSON can escape, and UTF-8 cannot hold).
# Hypothesis favours the ends of a range, so the rarer choices below sit in the middle of theirs.
@st.composite
def odd_text(draw: st.DrawFn, max_size: int = 40) -> str:
    """Odd Unicode; one string in eight ends in a lone surrogate (JSON can escape it, UTF-8 cannot hold it)."""
    text = draw(st.text(odd_characters, max_size=max_size))
    return text + draw(surrogates) if draw(st.integers(0, 7)) == 3 else text


huge_text = st.builds(
    lambda piece, times: piece * times, st.text(odd_characters, min_size=1, max_size=4), st.integers(1_000, 12_000)
)
# Message text stays short: long single words are the answering path's to bound (a separate work item).
message_text = st.one_of(
    st.sampled_from(["hjælp", "Hvornår er næste møde?", "mine forslag", "forslag", "påmind mig", "tilknyt udvalg x"]),
    odd_text(max_size=200),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text(),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(odd_text(), inner, max_size=4)),
    max_leaves=6,
)
deep = st.sampled_from([2, 10, 64, 65, 600]).map(lambda depth: json.loads("[" * depth + "]" * depth))
wrong_type = st.one_of(*[json_values] * 7, deep)

ACTIONS = [
    "propose",
    "withdraw",
    "accept",
    "reject",
    "move",
    "draft_agenda",
    "export_agenda",
    "approve_upload",
    "reject_upload",
    "propose_item_card",
    "channel-post",
]
FIELDS = [
    "title",
    "description",
    "presenter",
    "minutes_needed",
    "material_url",
    "meeting_date",
    "committee",
    "proposal_id",
    "reason",
    "format",
    "language",
    "upload_id",
]
card_values = st.fixed_dictionaries(
    {"action": st.one_of(st.sampled_from(ACTIONS), wrong_type)},
    optional={
        field: st.one_of(wrong_type, st.sampled_from(["1", "2", "2021-04-13", "docx", "en", "x" * 300]))
        for field in FIELDS
    },
)
INVOKES = [
    "adaptiveCard/action",
    "fileConsent/invoke",
    "signin/tokenExchange",
    "signin/verifyState",
    "composeExtension/query",
    "task/fetch",
    "healthCheck",
    "",
]
invoke_values = st.one_of(
    st.none(),
    card_values,
    st.builds(
        lambda data, kind: {"action": {"type": kind, "data": data}},
        card_values,
        st.sampled_from(["Action.Execute", "Action.Submit", 7]),
    ),
    st.builds(
        lambda action, context: {"type": "fileUpload", "action": action, "context": context},
        st.sampled_from(["accept", "decline", None, 3]),
        card_values,
    ),
    json_values,
)
CHANNELS = ["msteams", "emulator", "webchat", "directline", "slack", "", "MSTEAMS", "msteams\x00"]


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path to a field in a recorded activity (dict keys and list indexes)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


PATHS = {name: sorted(_paths(activity), key=repr) for name, activity in RECORDED.items()}


def _set(activity: dict, path: tuple, value: Any, *, drop: bool = False) -> None:
    where: Any = activity
    for step in path[:-1]:
        try:
            where = where[step]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(where, dict):
        if drop:
            where.pop(path[-1], None)
        else:
            where[path[-1]] = value
    elif isinstance(where, list) and isinstance(path[-1], int) and path[-1] < len(where):
        if drop:
            del where[path[-1]]
        else:
            where[path[-1]] = value


@st.composite
def activities(draw: st.DrawFn) -> dict | str:
    """A recorded activity, mutated; or, one time in forty, a body that is no activity."""
    if draw(st.integers(0, 39)) == 17:
        return draw(st.sampled_from(["", "null", "[]", "{", '"text"', "1e999999", "{" * 5000, '{"type": "message"}']))
    name = draw(st.sampled_from(sorted(RECORDED)))
    activity = copy.deepcopy(RECORDED[name])
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(PATHS[name]))
        match draw(st.integers(0, 9)):
            case 3 | 4:
                _set(activity, path, None, drop=True)
            case 2 | 6:
                _set(activity, path, draw(wrong_type))
            case 0:
                _set(activity, path, draw(huge_text if draw(st.integers(0, 3)) == 0 else odd_text()))
            case 5:
                activity["type"] = draw(
                    st.one_of(
                        st.sampled_from(["message", "invoke", "event", "typing", "endOfConversation"]), odd_text()
                    )
                )
            case 1:
                activity["type"] = "invoke"
                activity["name"] = draw(st.one_of(st.sampled_from(INVOKES), odd_text()))
                activity["value"] = draw(invoke_values)
            case 7:
                activity["type"] = "message"
                activity["value"] = draw(card_values)
            case 8 if draw(st.booleans()):
                activity["attachments"] = [FILE] * draw(st.sampled_from([0, 1, 20, 21, 1_000]))
            case 8:
                activity["channelId"] = draw(st.one_of(st.sampled_from(CHANNELS), odd_text()))
            case 9 if draw(st.integers(0, 3)) == 2:
                conversation = activity.get("conversation")
                if isinstance(conversation, dict):
                    conversation["id"] = draw(st.sampled_from(["a:", "19:"])) + "x" * draw(
                        st.sampled_from([0, 999, 1_000, 10_000])
                    )
    if isinstance(activity.get("text"), str) or draw(st.booleans()):
        activity["text"] = draw(message_text)
    if draw(st.integers(0, 9)) == 4:
        activity["serviceUrl"] = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "not a url",
                        "",
                        "https://smba.trafficmanager.net/amer/",
                        "http://user:pw@127.0.0.1:9/",
                        "http://localhost:9/",
                        "http://[::1]:9/",
                        "ftp://127.0.0.1/",
                        "http://127.0.0.1:99999/",
                        "http://10.0.0.1/",
                    ]
                ),
                odd_text(),
            )
        )
    else:
        activity["serviceUrl"] = "STANDIN"
    if draw(st.integers(0, 9)) == 5:
        activity["deliveryMode"] = draw(st.sampled_from(["expectReplies", "notification", "bogus"]))
    return activity


# --- the server: `python -m bot serve` in a process of its own, so its memory and log are its own -----


class Server:
    """The service as an operator runs it, its log in a file, the connector stand-in in this process."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/messages"
        self.database = folder / "fuzz.db"
        self.log = folder / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
        env.update(
            PORT=str(self.port),
            DATABASE_URL=f"sqlite:///{self.database}",
            LOAD_EXAMPLES="0",
            REMINDERS_ENABLED="0",
            PYTHONPATH=str(ROOT),
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
                cwd=folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    def problems(self) -> list[str]:
        """Log lines that must not be there: tracebacks and errors."""
        return [
            line
            for line in self.log.read_text(errors="replace").splitlines()
            if line.startswith(("Traceback", "ERROR", "CRITICAL"))
        ]

    def stored_markers(self) -> set[str]:
        with closing(sqlite3.connect(self.database)) as db:
            ids = [row[0] for row in db.execute("SELECT conversation_id FROM conversations")]
        return {i.split(".", 1)[0] + "." for i in ids if i.startswith("fz")}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def _body(activity: dict | str, standin: str, number: int) -> tuple[str, str | None]:
    """The JSON text to post, and the marker its conversation id starts with (None: it names none)."""
    if isinstance(activity, str):
        return activity, None
    if activity.get("serviceUrl") == "STANDIN":
        activity["serviceUrl"] = standin
    marker = None
    conversation = activity.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("id"), str):
        marker = f"fz{number}."
        conversation["id"] = marker + conversation["id"]
    return json.dumps(activity), marker


async def _post_all(
    http: aiohttp.ClientSession, url: str, bodies: list[tuple[str, str | None]]
) -> list[tuple[int, str | None]]:
    async def post(body: str, marker: str | None) -> tuple[int, str | None]:
        data = body.encode("utf-8", "surrogatepass")
        async with http.post(url, data=data, headers={"Content-Type": "application/json"}) as response:
            await response.read()
            return response.status, marker

    return await asyncio.gather(*(post(body, marker) for body, marker in bodies))


async def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession()  # made in the loop it is used from


async def _up(http: aiohttp.ClientSession, server: Server) -> None:
    for _ in range(600):
        try:
            async with http.get(f"http://127.0.0.1:{server.port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        if server.process.poll() is not None:
            break
        await asyncio.sleep(0.1)
    pytest.fail("the server did not come up: " + server.log.read_text(errors="replace")[-2000:])


def test_ten_thousand_generated_activities_get_2xx_or_4xx_and_leave_no_trace(tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    connector = loop.run_until_complete(ConnectorStandIn(record=False).start())
    http = loop.run_until_complete(_client())
    server = Server(tmp_path)
    statuses: dict[int, int] = {}
    refused: set[str] = set()
    counter = iter(range(10**9))
    rss: list[float] = []

    @settings(
        max_examples=BATCHES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # a failure is reported with its batch; shrinking a server run takes too long
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(activities(), min_size=BATCH, max_size=BATCH))
    def batch(generated: list[dict | str]) -> None:
        bodies = [_body(activity, connector.service_url, next(counter)) for activity in generated]
        answers = loop.run_until_complete(_post_all(http, server.url, bodies))
        for (status, marker), (body, _) in zip(answers, bodies, strict=True):
            statuses[status] = statuses.get(status, 0) + 1
            assert status < 500, body[:2000]
            if status >= 400 and marker is not None:
                refused.add(marker)
        if not rss and sum(statuses.values()) >= BATCH * BATCHES // 10:
            rss.append(server.rss_mb())

    try:
        loop.run_until_complete(_up(http, server))
        batch()
        rss.append(server.rss_mb())
        problems = server.problems()
        stored = server.stored_markers()
    finally:
        server.stop()
        loop.run_until_complete(http.close())
        loop.run_until_complete(connector.close())
        loop.close()

    posted = sum(statuses.values())
    print(f"fuzz: {posted} activities, statuses {dict(sorted(statuses.items()))}, RSS {rss[0]:.0f} → {rss[-1]:.0f} MB")
    assert posted >= 10_000
    assert not problems, problems[:10]
    assert not refused & stored, "a refused activity left a stored conversation"
    assert rss[-1] - rss[0] < MAX_GROWTH_MB
    # The run exercised both sides: activities the bot took and activities it refused.
    assert sum(n for status, n in statuses.items() if status < 300) > 1_000
    assert sum(n for status, n in statuses.items() if status >= 400) > 1_000
