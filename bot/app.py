"""The app factory: one aiohttp application built from one Settings object.

Cleanup contexts start, in order: the Graph client, the database and the services over it, the Bot Connector
client with the adapter and the proactive sender, then the one job queue (reminders and Graph sync, which send
through that client). Live objects are kept under typed AppKeys, never in module globals.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import gc
import logging
import ssl
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot import logs
from bot.answering.answer import Answerer
from bot.calendar.model import CalendarError, committee_slug
from bot.clock import Clock
from bot.graph.client import GraphClient
from bot.graph.config import LOGIN_HOST, build_graph_token_source
from bot.knowledge import Knowledge
from bot.metrics import Metrics
from bot.minutes.model import Minutes
from bot.reminders.delivery import DeliveryEngine, DeliveryOptions
from bot.reminders.rate import SendLimits
from bot.scheduling.graph import GraphSyncScheduler
from bot.scheduling.jobs import JobQueue
from bot.scheduling.reminders import ReminderScheduler
from bot.services import build_services
from bot.settings import EXAMPLES_DIR, Settings
from bot.teams.adapter import SharedConnectorAdapter
from bot.teams.auth import build_authentication, build_token_source
from bot.teams.connector import BotConnector
from bot.teams.files import OneDriveUploads
from bot.teams.handler import MoedeassistentBot, on_turn_error
from bot.teams.proactive import ProactiveSender
from bot.teams.signing_keys import KeySource
from dialogs.turn import Services
from storage.database import create_engine, session_factory, upgrade

logger = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
METRICS = web.AppKey("metrics", Metrics)
ENGINE = web.AppKey("engine", AsyncEngine)
SERVICES = web.AppKey("services", Services)
ADAPTER = web.AppKey("adapter", SharedConnectorAdapter)
BOT = web.AppKey("bot", MoedeassistentBot)
PROACTIVE = web.AppKey("proactive", ProactiveSender)
REMINDER_SCHEDULER = web.AppKey("reminder_scheduler", ReminderScheduler)
GRAPH = web.AppKey("graph", GraphClient)
GRAPH_SYNC = web.AppKey("graph_sync", GraphSyncScheduler)

PAGES_DIR = Path(__file__).resolve().parent / "pages"
# The developer pages the Teams manifest links to (bot/teams/package.py).
PAGES = {"/om": "om.html", "/privatliv": "privatliv.html", "/vilkaar": "vilkaar.html"}


def create_app(
    settings: Settings,
    clock: Clock,
    *,
    login_host: str | None = None,
    graph_ca_file: Path | None = None,
    key_source: KeySource | None = None,
    build_answerer: Callable[[list[Minutes]], Answerer] = Answerer,
) -> web.Application:
    """The bot's web application; tests point ``login_host``, ``key_source`` and ``graph_ca_file`` (the one CA
    trusted for Graph and its login host) at stand-ins."""
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[CLOCK] = clock
    app[METRICS] = Metrics()
    app.cleanup_ctx.append(_graph_client(graph_ca_file))
    app.cleanup_ctx.append(functools.partial(_database, build_answerer=build_answerer))
    app.cleanup_ctx.append(_bot_framework(login_host, key_source))
    app.cleanup_ctx.append(_scheduling)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    for path in PAGES:
        app.router.add_get(path, page)
    app.router.add_get("/kalender/{committee_slug}.ics", calendar_feed)
    return app


async def _database(
    app: web.Application, *, build_answerer: Callable[[list[Minutes]], Answerer]
) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    app[ENGINE] = engine
    services = build_services(
        session_factory(engine),
        app[CLOCK],
        settings,
        graph=app.get(GRAPH),
        metrics=app[METRICS],
        build_answerer=build_answerer,
    )
    app[SERVICES] = services
    if settings.credentials.local_mode:
        logger.info("tenancy: local mode verifies no tenant, so every committee is seen")
    else:
        home = ", ".join(sorted(settings.home_tenants)) or "none (a committee is seen once a secretary links it)"
        logger.info("tenancy: a committee set up for no tenant belongs to the home tenants: %s", home)
    if settings.load_examples:
        loaded = await services.knowledge.load_examples_if_empty(EXAMPLES_DIR)
        if loaded:
            logger.info("the database was empty: loaded %d sample minutes from %s", loaded, EXAMPLES_DIR)
    # Minutes stored before the meeting calendar existed: their meetings go into it once.
    await services.calendar.fill_from_stored_minutes()
    # Build the search index in the background: the server answers health checks at once, and
    # only a question asked in the first seconds after start waits for the index.
    warming = asyncio.create_task(_warm(services.knowledge))
    warming.add_done_callback(_log_failure)
    yield
    warming.cancel()
    await services.knowledge.aclose()
    await engine.dispose()


async def _warm(knowledge: Knowledge) -> None:
    await knowledge.warm()
    if not gc.get_freeze_count():  # the process's first app (tests make many)
        # What start-up made (modules, services, the first index) lives as long as the process: out of
        # the collector's reach, a full collection under load scans the turns' objects only, not
        # ~180,000 more (such a pause held every turn in flight for up to 190 ms at 32 clients).
        gc.collect()
        gc.freeze()


def _sessions(app: web.Application) -> async_sessionmaker:
    return session_factory(app[ENGINE])


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("building the search index at start failed", exc_info=task.exception())


def _bot_framework(login_host: str | None, key_source: KeySource | None):
    async def context(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        credentials = settings.credentials
        options = {"login_host": login_host} if login_host else {}
        if credentials.local_mode:
            logger.info("local mode: serviceUrls and file links only on loopback (localhost, 127.0.0.0/8, ::1)")
        async with BotConnector(build_token_source(credentials, **options)) as connector:
            adapter = SharedConnectorAdapter(
                build_authentication(credentials),
                connector,
                allowed_tenants=settings.allowed_tenants,
                key_source=replace(key_source or KeySource(), on_fetch_failure=app[METRICS].key_fetch_failed),
            )
            adapter.on_turn_error = on_turn_error
            app[ADAPTER] = adapter
            services = app[SERVICES]
            app[PROACTIVE] = ProactiveSender(adapter, _sessions(app), services.proposals.secretaries)
            app[SERVICES] = replace(services, notifier=app[PROACTIVE])
            app[BOT] = MoedeassistentBot(app[SERVICES], app[CLOCK], files=OneDriveUploads(connector.session))
            yield

    return context


async def _scheduling(app: web.Application) -> AsyncIterator[None]:
    # After the Bot Framework context: the jobs send through its connector, and stop before it closes.
    settings, services, jobs = app[SETTINGS], app[SERVICES], JobQueue(metrics=app[METRICS])
    if settings.reminders.enabled:
        grace = dt.timedelta(minutes=settings.reminders.grace_minutes)
        engine = DeliveryEngine(
            _sessions(app),
            app[CLOCK],
            app[PROACTIVE],
            options=DeliveryOptions(
                replica_id=settings.reminders.replica_id,
                grace=grace,
                lookback=max(grace, dt.timedelta(days=3)),
                lease=dt.timedelta(seconds=settings.reminders.lease_seconds),
                max_attempts=settings.reminders.max_attempts,
            ),
            secretaries=services.proposals.secretaries,
            limits=SendLimits(settings.reminders.tenant_rps),
        )
        interval = dt.timedelta(seconds=settings.reminders.interval_seconds)
        app[REMINDER_SCHEDULER] = ReminderScheduler(
            engine, app[CLOCK], interval=interval, jobs=jobs, metrics=app[METRICS]
        )
        await app[REMINDER_SCHEDULER].start()
    if GRAPH in app:
        interval = dt.timedelta(minutes=settings.graph_sync_minutes)
        app[GRAPH_SYNC] = GraphSyncScheduler(
            services.folder_sync, services.calendar_sync, services.uploads, app[PROACTIVE], interval=interval, jobs=jobs
        )
        await app[GRAPH_SYNC].start()
    yield
    if REMINDER_SCHEDULER in app:
        await app[REMINDER_SCHEDULER].stop()  # no more claims, then the sends under way end with the job queue
    await jobs.stop()


def _graph_client(ca_file: Path | None):
    async def context(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS].graph
        if settings is None:
            yield
            return
        options: dict[str, object] = {}
        if settings.login_host != LOGIN_HOST:
            options["instance_discovery"] = False  # a login host named in GRAPH_LOGIN_HOST is trusted as given
        ssl_context = None
        if ca_file is not None:
            import requests  # msal's HTTP library, needed here only to trust another CA

            ssl_context = ssl.create_default_context(cafile=str(ca_file))
            trusting = requests.Session()
            trusting.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace the CA given here
            trusting.verify = str(ca_file)
            options["http_client"] = trusting
        client = GraphClient(
            build_graph_token_source(settings, **options),
            base_url=settings.base_url,
            ssl_context=ssl_context,
            max_file_bytes=settings.max_file_bytes,
        )
        app[GRAPH] = client
        try:
            yield
        finally:
            await client.close()

    return context


async def messages(request: web.Request) -> web.StreamResponse:
    """POST /api/messages: authentication and the tenant allow-list are the adapter's; every request is counted."""
    app = request.app
    turn = logs.begin_turn()  # the handler fills in the activity's ids, for the logs and the count
    started = time.perf_counter()
    outcome: str | None = "error"
    try:
        response = await app[ADAPTER].process(request, app[BOT])
        outcome = "error" if turn.failed else "ok"
        return response or web.Response(status=201)
    except web.HTTPException as refused:
        if turn.activity_type is None:  # refused before the bot saw the activity
            outcome = None
            app[METRICS].request_rejected(refused.status)
        raise
    finally:
        if outcome is not None:
            app[METRICS].turn(turn.activity_type, outcome, time.perf_counter() - started)


async def metrics(request: web.Request) -> web.Response:
    return web.Response(
        text=request.app[METRICS].render(), headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"}
    )


async def healthz(request: web.Request) -> web.Response:
    try:
        async with request.app[ENGINE].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means unhealthy
        logger.warning("health check failed: %s", error)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


async def calendar_feed(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    calendar = services.calendar
    # Only the secret token says which committee: a guessed name or an old token finds nothing.
    committee = await services.access.committee_of_feed(request.query.get("token", ""))
    if committee is None or committee_slug(committee) != request.match_info["committee_slug"]:
        raise web.HTTPNotFound(text="ukendt kalender")
    try:
        body = await calendar.export_ics(committee)
    except CalendarError as error:
        raise web.HTTPNotFound(text=str(error)) from None
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Content-Disposition": f'inline; filename="{request.match_info["committee_slug"]}.ics"'},
    )


async def page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES_DIR / PAGES[request.path], headers={"Content-Type": "text/html; charset=utf-8"})
