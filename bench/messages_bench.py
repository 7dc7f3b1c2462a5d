"""POST /api/messages throughput and latency: our adapter against a bare aiohttp echo, same run.

    python bench/messages_bench.py            # full run, about 1-2 minutes
    python bench/messages_bench.py --quick    # fewer requests
    python bench/messages_bench.py --app mypkg.mymodule:create_app   # measure another app as "ours"

Everything runs on 127.0.0.1, each server in its own process (so its peak RSS can be read):
two Bot Connector stand-ins (one answering at once, one after 200 ms), then one server at a time:

- ``echo``:  bare aiohttp: parse the activity, post the same reply to the connector with one shared
  ClientSession, answer 201. The ceiling for this machine.
- ``ours``:  an aiohttp app with ``SharedConnectorAdapter`` and a trivial echo ActivityHandler
  (or whatever ``--app`` names: a function returning an ``aiohttp.web.Application`` that serves
  POST /api/messages; it may take no arguments, or be async).
- ``bot``:   the whole Mødeassistent app (``bot.app.create_app``): every message remembered in a
  SQLite file and answered from the sample minutes.
- ``stock``: botbuilder's own CloudAdapter with the same echo handler, for comparison.

Each is driven by N concurrent keep-alive clients posting a recorded Teams message whose serviceUrl
points at the stand-in. Prints req/s, p50/p99 latency, errors, the server's peak RSS, and the
ratio to the echo server. No assertions: the figures are the output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import inspect
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ACTIVITY = ROOT / ".." / "shared" / "activities" / "message_personal_chat.json"
HOST = "127.0.0.1"
BENCH_DATABASE_URL = "MESSAGES_BENCH_DATABASE_URL"  # set by --postgres for the bot row's child


# --- the servers (run in child processes) ------------------------------------------------------


def echo_app() -> Any:
    """A bare aiohttp JSON echo: the same reply to the same connector, without botbuilder."""
    import aiohttp
    from aiohttp import web

    session_key = web.AppKey("session", aiohttp.ClientSession)

    async def session_ctx(app: web.Application) -> Any:
        app[session_key] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100))
        yield
        await app[session_key].close()

    async def messages(request: web.Request) -> web.Response:
        from urllib.parse import quote

        activity = await request.json()
        reply = {
            "type": "message",
            "text": "Echo: " + activity.get("text", ""),
            "from": activity["recipient"],
            "recipient": activity["from"],
            "conversation": activity["conversation"],
            "replyToId": activity["id"],
            "serviceUrl": activity["serviceUrl"],
            "channelId": activity["channelId"],
        }
        url = (
            activity["serviceUrl"].rstrip("/")
            + "/v3/conversations/"
            + quote(activity["conversation"]["id"], safe="")
            + "/activities/"
            + quote(activity["id"], safe="")
        )
        async with request.app[session_key].post(url, json=reply) as response:
            await response.read()
        return web.Response(status=201)

    app = web.Application()
    app.cleanup_ctx.append(session_ctx)
    app.router.add_post("/api/messages", messages)
    return app


def _echo_bot() -> Any:
    from botbuilder.core import ActivityHandler, TurnContext

    class EchoBot(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity("Echo: " + (turn_context.activity.text or ""))

    return EchoBot()


def ours_app(make_bot: Callable[[], Any] = _echo_bot) -> Any:
    """Our adapter (local mode) around ``make_bot()``; swap the bot, or pass --app for a whole app."""
    from aiohttp import web

    from bot.teams.adapter import SharedConnectorAdapter
    from bot.teams.auth import BotCredentials, build_authentication
    from bot.teams.connector import BotConnector

    adapter_key = web.AppKey("adapter", SharedConnectorAdapter)
    bot = make_bot()

    async def adapter_ctx(app: web.Application) -> Any:
        connector = BotConnector()
        app[adapter_key] = SharedConnectorAdapter(build_authentication(BotCredentials()), connector)
        yield
        await connector.close()

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await request.app[adapter_key].process(request, bot)
        return response or web.Response(status=201)

    app = web.Application()
    app.cleanup_ctx.append(adapter_ctx)
    app.router.add_post("/api/messages", messages)
    return app


def stock_app(make_bot: Callable[[], Any] = _echo_bot) -> Any:
    """botbuilder's stock CloudAdapter (local mode) around the same bot."""
    from aiohttp import web
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

    class Config:
        APP_ID = None
        APP_PASSWORD = None

    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))
    bot = make_bot()

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await adapter.process(request, bot)
        return response or web.Response(status=201)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def bot_app() -> Any:
    """The real Mødeassistent app (bot.app.create_app) on a fresh SQLite file with the sample minutes.

    Every message is remembered in the database and answered from the minutes, so this measures the
    whole bot, not just the adapter.
    """
    import tempfile

    from bot.app import create_app
    from bot.clock import SystemClock
    from bot.settings import Settings

    url = os.environ.get(BENCH_DATABASE_URL)  # --postgres: the throwaway server's database
    if not url:
        folder = Path(tempfile.mkdtemp(prefix="moedeassistent-bench-"))
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    app = create_app(Settings(database_url=url), SystemClock())
    _instrument(app)
    return app


def _instrument(app: Any) -> None:
    """Accumulate the bot's turn time split (bench only: it wraps the product code, never edits it).

    answering is ``Knowledge.ask``; database, the time inside the driver's cursor calls (statements, not
    commits or pool checkouts); card, ``render`` of the replies into activities; sending, the connector call.
    ``GET /bench/split`` returns the totals in seconds and starts them again.
    """
    from aiohttp import web
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    import bot.knowledge
    import bot.teams.connector
    import bot.teams.handler

    totals = dict.fromkeys(SPLIT, 0.0)

    def timed_async(owner: Any, name: str, part: str) -> None:
        original = getattr(owner, name)

        async def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                totals[part] += time.perf_counter() - began

        setattr(owner, name, timed)

    timed_async(bot.knowledge.Knowledge, "ask", "answering")
    timed_async(bot.teams.connector.BotConnector, "reply_to_activity", "sending")
    render = bot.teams.handler.render

    def timed_render(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return render(*args, **kwargs)
        finally:
            totals["card"] += time.perf_counter() - began

    bot.teams.handler.render = timed_render

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, executemany: bool) -> None:
        conn.info["bench_began"] = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, executemany: bool) -> None:
        totals["database"] += time.perf_counter() - conn.info.pop("bench_began", time.perf_counter())

    async def split(request: web.Request) -> web.Response:
        taken = dict(totals)
        totals.update(dict.fromkeys(SPLIT, 0.0))
        return web.json_response(taken)

    app.router.add_get("/bench/split", split)


SPLIT = ("answering", "database", "card", "sending")


async def _split(port: int) -> dict[str, float]:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(f"http://{HOST}:{port}/bench/split") as response:
        return await response.json()


SERVERS: dict[str, str] = {
    "echo": "bench.messages_bench:echo_app",
    "ours": "bench.messages_bench:ours_app",
    "bot": "bench.messages_bench:bot_app",
    "stock": "bench.messages_bench:stock_app",
}


async def _load_app(spec: str) -> Any:
    module_name, _, function_name = spec.partition(":")
    factory = getattr(importlib.import_module(module_name), function_name)
    app = factory()
    return await app if inspect.isawaitable(app) else app


async def _serve(spec: str) -> None:
    from aiohttp import web

    app = await _load_app(spec)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    print(f"READY {runner.addresses[0][1]}", flush=True)
    await asyncio.Event().wait()


async def _standin(delay: float) -> None:
    from tests.teams.connector_standin import ConnectorStandIn

    standin = await ConnectorStandIn(delay=delay, record=False).start()
    print(f"READY {standin.port}", flush=True)
    await asyncio.Event().wait()


# --- the driver --------------------------------------------------------------------------------


@dataclass
class Child:
    """A server in a child process, with the port it reported."""

    name: str
    process: subprocess.Popen[str]
    port: int

    def peak_rss_mib(self) -> float:
        """The process's peak resident set (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        # The whole process group: the bot's document reader starts a forkserver, which would
        # otherwise outlive the server (and hold on to this script's stderr).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def start_child(name: str, *args: str) -> Child:
    """Start this script in a child process and wait for its READY line."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # a process group of its own, stopped as one
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"{name} did not start: {line!r}")
    return Child(name, process, int(line.split()[1]))


@dataclass
class Result:
    server: str
    delay_ms: int
    concurrency: int
    planned: int
    done: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def drive(
    url: str, payload: bytes, concurrency: int, requests: int, deadline_s: float, timeout_s: float
) -> tuple[int, int, float, list[float]]:
    """Post ``requests`` activities with ``concurrency`` keep-alive clients; stop early at the deadline."""
    import aiohttp

    latencies: list[float] = []
    errors = 0
    issued = 0
    headers = {"Content-Type": "application/json"}
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency), timeout=timeout) as session:
        start = time.perf_counter()
        stop_at = start + deadline_s

        async def worker() -> None:
            nonlocal issued, errors
            while issued < requests and time.perf_counter() < stop_at:
                issued += 1
                began = time.perf_counter()
                try:
                    async with session.post(url, data=payload, headers=headers) as response:
                        await response.read()
                        ok = response.status in (200, 201, 202)
                except (TimeoutError, aiohttp.ClientError):
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return len(latencies), errors, elapsed, latencies


def plan(quick: bool) -> list[tuple[int, int, int]]:
    """(delay ms, concurrency, requests) for each scenario."""
    scale = 0.25 if quick else 1.0
    return [
        (0, 1, int(600 * scale)),
        (0, 32, int(3000 * scale)),
        (200, 1, int(20 * scale) or 5),
        (200, 32, int(960 * scale)),
    ]


async def run(args: argparse.Namespace) -> list[Result]:
    template = json.loads(ACTIVITY.read_text(encoding="utf-8"))
    template["text"] = "Hvornår er næste møde?"  # a real question, so "bot" does the work a member causes
    servers = {"echo": SERVERS["echo"], "ours": args.app or SERVERS["ours"], "bot": SERVERS["bot"]}
    if not args.no_stock:
        servers["stock"] = SERVERS["stock"]
    children: list[Child] = []
    results: list[Result] = []
    rss: dict[str, float] = {}
    try:
        standins = {}
        for delay_ms in (0, 200):
            standins[delay_ms] = start_child(f"standin-{delay_ms}ms", "standin", "--delay", str(delay_ms / 1000))
            children.append(standins[delay_ms])
        running = {}
        for name, spec in servers.items():
            running[name] = start_child(name, "serve", "--app", spec)
            children.append(running[name])
        # Servers take turns within each scenario, and each scenario runs `rounds` times keeping the
        # best: other work on a shared machine then hits all servers alike instead of one of them.
        for delay_ms, concurrency, requests in plan(args.quick):
            payload = dict(template, serviceUrl=f"http://{HOST}:{standins[delay_ms].port}/amer/tenant/")
            body = json.dumps(payload).encode()
            best: dict[str, Result] = {}
            for _ in range(args.rounds if delay_ms == 0 else 1):
                for name, server in running.items():
                    url = f"http://{HOST}:{server.port}/api/messages"
                    await drive(url, body, min(concurrency, 8), 40 if delay_ms == 0 else 8, 30, args.timeout)  # warm up
                    if name == "bot":
                        await _split(server.port)  # start the turn's time split after the warm-up
                    done, errors, seconds, latencies = await drive(
                        url, body, concurrency, requests, args.deadline, args.timeout
                    )
                    result = Result(name, delay_ms, concurrency, requests, done, errors, seconds, latencies)
                    print(
                        f"  {name:5} connector {delay_ms:3} ms  c={concurrency:2}  {result.rate:8.1f} req/s  "
                        f"p50 {result.percentile(0.5):7.1f} ms  p99 {result.percentile(0.99):7.1f} ms  "
                        f"{done}/{requests} ok, {errors} errors",
                        flush=True,
                    )
                    if name == "bot" and done:
                        parts = await _split(server.port)
                        print(
                            "        per turn: "
                            + ", ".join(f"{part} {parts[part] / done * 1000:.2f} ms" for part in SPLIT)
                            + f" (of {result.percentile(0.5):.1f} ms p50; concurrent turns overlap)",
                            flush=True,
                        )
                    if name not in best or result.rate > best[name].rate:
                        best[name] = result
            results.extend(best.values())
        rss = {name: server.peak_rss_mib() for name, server in running.items()}
    finally:
        for child in children:
            child.stop()

    print()
    print(
        f"{'server':6} {'connector':>9} {'conc':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ok/planned':>11} {'err':>4} {'peak RSS':>9} {'vs echo':>8}"
    )
    echo = {(r.delay_ms, r.concurrency): r for r in results if r.server == "echo"}
    for r in sorted(results, key=lambda r: list(servers).index(r.server)):
        base = echo.get((r.delay_ms, r.concurrency))
        ratio = r.rate / base.rate if base and base.rate else float("nan")
        print(
            f"{r.server:6} {r.delay_ms:>6} ms {r.concurrency:>4} {r.rate:>9.1f} {r.percentile(0.5):>8.1f} {r.percentile(0.99):>8.1f} "
            f"{r.done:>5}/{r.planned:<5} {r.errors:>4} {rss.get(r.server, float('nan')):>5.0f} MiB {ratio:>8.2f}"
        )
    ours = [r for r in results if r.server == "ours"]
    ratios = [r.rate / echo[(r.delay_ms, r.concurrency)].rate for r in ours if echo[(r.delay_ms, r.concurrency)].rate]
    if ratios:
        print(
            f"\nours/echo throughput: min {min(ratios):.2f}, geometric mean {statistics.geometric_mean(ratios):.2f} (target ≥ 0.5)"
        )
    return results


@contextlib.contextmanager
def _throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server in a temporary folder, started as the tests start it; its URL."""
    from tests.conftest import _find_postgres_bin, _ThrowawayPostgres

    bin_dir = _find_postgres_bin()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL binaries found: run `. .ci/postgres.sh` first")
    server = _ThrowawayPostgres(bin_dir)
    try:
        yield server.start()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="(internal) run one server")
    serve.add_argument("--app", required=True)
    standin = sub.add_parser("standin", help="(internal) run a connector stand-in")
    standin.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--app", help="module:function returning the aiohttp app to measure as 'ours'")
    parser.add_argument("--quick", action="store_true", help="a quarter of the requests")
    parser.add_argument("--no-stock", action="store_true", help="skip botbuilder's stock CloudAdapter")
    parser.add_argument("--deadline", type=float, default=15.0, help="seconds per scenario before it stops early")
    parser.add_argument("--timeout", type=float, default=10.0, help="client time-out per request, seconds")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each 0 ms scenario; the best is kept")
    parser.add_argument(
        "--postgres", action="store_true", help="the bot row on a throwaway PostgreSQL server (.ci/postgres.sh)"
    )
    args = parser.parse_args(argv)
    if args.command == "serve":
        asyncio.run(_serve(args.app))
    elif args.command == "standin":
        asyncio.run(_standin(args.delay))
    else:
        print(f"POST /api/messages, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
        with contextlib.ExitStack() as stack:
            if args.postgres:
                os.environ[BENCH_DATABASE_URL] = stack.enter_context(_throwaway_postgres())
                print("bot row: PostgreSQL (throwaway server)", flush=True)
            asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
