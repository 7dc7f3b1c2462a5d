"""Command line: python -m bot {serve,chat,ingest,ask,package,secretary,calendar,person} …

The output of `ingest` and `ask --json` is a stable contract that external checks read.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import inspect
import json
import logging
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import logs
from bot.answering.answer import Answer
from bot.clock import COMMITTEE_TZ, Clock, FixedClock, SystemClock
from bot.knowledge import AnswerTookTooLong, Knowledge
from bot.minutes.errors import UnreadableDocument
from bot.settings import EXAMPLES_DIR, ConfigurationError, Settings
from storage.database import create_engine, session_factory, upgrade

logger = logging.getLogger("bot")


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Migrate the database to the current schema and yield its session factory."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        yield session_factory(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def open_knowledge(settings: Settings, clock: Clock, *, hooks: bool = True) -> AsyncIterator[Knowledge]:
    """The knowledge service; ``hooks=False`` (``ask``) builds it alone, without the other services' imports."""
    async with open_database(settings) as sessions:
        if not hooks:
            yield Knowledge(sessions, clock)
            return
        from bot.services import build_services  # the services and what they import: not for `ask`

        yield build_services(sessions, clock, settings).knowledge


def _clock(today: dt.date | None) -> Clock:
    if today is None:
        return SystemClock()
    return FixedClock(dt.datetime.combine(today, dt.time(12), COMMITTEE_TZ))


def _print_sources(answer: Answer, *, limit: int) -> None:
    for source in answer.sources[:limit]:
        where = f"{source.committee}, {source.meeting_date or 'dato ukendt'}"
        if source.item_number:
            where += f", punkt {source.item_number} {source.item_title}"
        print(f"  – {where}")


async def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    failures = 0
    stored = False
    async with open_knowledge(settings, SystemClock()) as knowledge:
        for name in args.files:
            try:
                result = await knowledge.ingest(
                    Path(name), committee=args.committee, meeting_date=args.date, limits=settings.read_limits
                )
            except UnreadableDocument as error:
                failures += 1
                print(f"fejl: {error}", file=sys.stderr)
                continue
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            stored = stored or result.status != "unchanged"
        if stored:
            # Build the index once now and store its snapshot, so that a cold `ask` loads it.
            await knowledge.warm()
    return 1 if failures else 0


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    async with open_knowledge(settings, _clock(args.today), hooks=False) as knowledge:
        try:
            answer = await knowledge.ask(args.question, committee=args.committee, language=args.lang)
        except AnswerTookTooLong:
            print("fejl: spørgsmålet tog for lang tid at besvare; prøv et kortere spørgsmål", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print(answer.answer)
        _print_sources(answer, limit=3)
    return 0


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.settings import BotCredentials
    from bot.teams.console import CONSOLE_ADMIN, run_console
    from bot.teams.handler import MoedeassistentBot

    clock = _clock(args.today)
    # The console names no tenant and reaches no Teams: it runs as local mode does, its user an admin.
    settings = replace(settings, credentials=BotCredentials(), admins=settings.admins | {CONSOLE_ADMIN})
    async with open_database(settings) as sessions:
        from bot.services import build_services

        services = build_services(sessions, clock, settings)
        loaded = await services.knowledge.load_examples_if_empty(EXAMPLES_DIR)
        if loaded:
            print(f"Databasen var tom: {loaded} eksempelreferater er indlæst fra {EXAMPLES_DIR}.")
        print("Skriv et spørgsmål eller 'hjælp' (tom linje eller Ctrl-D afslutter).", flush=True)
        bot = MoedeassistentBot(services, clock)
        await run_console(bot, locale="en-US" if args.lang == "en" else "da-DK")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from aiohttp import web

    from bot.app import create_app

    mode = (
        "lokal tilstand (ingen MicrosoftAppId: Bot Framework Emulator; serviceUrl og fil-links kun på loopback: "
        "localhost, 127.0.0.0/8, ::1)"
        if settings.credentials.local_mode
        else "Azure-app"
    )
    print(f"Mødeassistent lytter på http://{args.host}:{settings.port}/api/messages – {mode}", flush=True)
    web.run_app(
        create_app(settings, SystemClock()), host=args.host, port=settings.port, print=None, shutdown_timeout=10
    )
    return 0


def _package(args: argparse.Namespace, settings: Settings) -> int:
    from bot.teams.package import build_package

    domain = args.bot_domain or os.environ.get("BOT_DOMAIN")
    if not domain:
        print(
            "fejl: angiv --bot-domain (eller BOT_DOMAIN): det offentlige værtsnavn botten kører på, "
            "fx moedeassistent.region.dk; manifestets links til om-, privatlivs- og vilkårssiderne peger dertil",
            file=sys.stderr,
        )
        return 2
    try:
        path = build_package(args.app_id, Path(args.out), version=args.version, bot_domain=domain)
    except ValueError as error:
        print(f"fejl: {error}", file=sys.stderr)
        return 2
    print(path)
    return 0


async def _secretary(args: argparse.Namespace, settings: Settings) -> int:
    from bot.proposals.model import ProposalError
    from bot.proposals.service import Proposals

    if args.operation in ("add", "remove") and not args.aad_object_id:
        print(
            f"fejl: angiv --aad-object-id (sekretærens Entra-objekt-id) for at {'tilføje' if args.operation == 'add' else 'fjerne'}",
            file=sys.stderr,
        )
        return 2
    by = _cli_actor()
    async with open_database(settings) as sessions:
        proposals = Proposals(sessions, SystemClock())
        try:
            if args.operation == "add":
                name = await proposals.add_secretary(args.committee, args.aad_object_id, by=by)
                print(f"{args.aad_object_id} er nu sekretær for {name}")
            elif args.operation == "remove":
                await proposals.remove_secretary(args.committee, args.aad_object_id, by=by)
                print(f"{args.aad_object_id} er ikke længere sekretær for {args.committee}")
            else:
                for object_id in await proposals.secretaries(args.committee):
                    print(object_id)
        except ProposalError as error:
            print(f"fejl: {error.da}", file=sys.stderr)
            return 1
    return 0


async def _calendar(args: argparse.Namespace, settings: Settings) -> int:
    # Whoever runs the command line has the machine: they act for the committee's secretariat.
    from bot.calendar.model import CalendarError
    from bot.calendar.service import Calendar

    async def anyone(committee: str, by: str | None) -> bool:
        return True

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"fejl: {path} kan ikke læses: {error.strerror}", file=sys.stderr)
        return 1
    async with open_database(settings) as sessions:
        try:
            counts = await Calendar(sessions, SystemClock(), is_secretary=anyone).import_ics(
                args.committee, data, by=_cli_actor()
            )
        except CalendarError as error:
            print(f"fejl: {path}: {error}", file=sys.stderr)
            return 1
    print(
        f"{path}: {counts.added} møder tilføjet, {counts.updated} ændret, {counts.unchanged} uændret ({args.committee})"
    )
    return 0


def _cli_actor() -> str:
    # The record says who ran the command; an admin command has no Teams identity.
    return f"cli:{os.environ.get('USER') or os.environ.get('USERNAME') or 'admin'}"


async def _person(args: argparse.Namespace, settings: Settings) -> int:
    # Lean like `ask`: the people service, the proposals service (for configured secretaries) and storage.
    from bot.people.model import PersonalDataError
    from bot.people.service import PersonalData
    from bot.proposals.model import Person
    from bot.proposals.service import Proposals

    by = Person(_cli_actor(), None, None)
    clock = SystemClock()
    async with open_database(settings) as sessions:
        proposals = Proposals(sessions, clock, configured_secretaries=settings.secretaries)
        people = PersonalData(
            sessions, clock, admins={by.user_id}, secretary_committees=proposals.committees_of_secretary
        )
        try:
            if args.operation == "export":
                print(json.dumps(await people.export(args.person, by=by), ensure_ascii=False, indent=2))
                return 0
            if not args.yes:
                preview = await people.preview(args.person, by=by)
                print(f"Dette ville blive slettet eller pseudonymiseret (som {preview.pseudonym}):")
                _print_counts(preview.counts)
                print("Intet er slettet endnu. Kør igen med --yes for at slette.")
                return 0
            done = await people.delete(args.person, by=by)
        except PersonalDataError as error:  # unknown, or a name several people share
            print(f"fejl: {error.da}", file=sys.stderr)
            return 2
    print(f"Slettet; det, der skal blive stående, hedder nu {done.pseudonym}:")
    _print_counts(done.counts)
    return 0


def _print_counts(counts: dict[str, dict[str, int]]) -> None:
    if not counts:
        print("  (intet)")
    for table, done in counts.items():
        print(f"  {table}: {done['deleted']} slettet, {done['pseudonymised']} pseudonymiseret")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Mødeassistent")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_db(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--db", help="database URL or SQLite file (default: DATABASE_URL or var/moedeassistent.db)")
        return sub

    ingest = with_db(commands.add_parser("ingest", help="read minutes files into the database"))
    ingest.add_argument("files", nargs="+", metavar="FILE")
    ingest.add_argument("--committee", help="the committee, for minutes that do not name it")
    ingest.add_argument(
        "--date", type=dt.date.fromisoformat, help="the meeting date (YYYY-MM-DD), for minutes that state none"
    )
    ingest.set_defaults(run=_ingest)

    ask = with_db(commands.add_parser("ask", help="answer one question from the minutes"))
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    ask.add_argument("--committee", help="search this committee's minutes first")
    ask.add_argument("--lang", choices=["da", "en"], help="answer language (default: the question's)")
    ask.add_argument(
        "--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="answer as if today were this date"
    )
    ask.set_defaults(run=_ask)

    serve = with_db(commands.add_parser("serve", help="run the Bot Framework endpoint (PORT, default 3978)"))
    serve.add_argument("--host", default="0.0.0.0", help="interface to listen on (default: all)")
    serve.set_defaults(run=_serve)

    package = commands.add_parser("package", help="write the Teams app package (.zip) for upload")
    package.add_argument("--app-id", required=True, help="the bot's Microsoft App Id (a GUID)")
    package.add_argument(
        "--out", default="moedeassistent.zip", help="the .zip file or a folder (default: moedeassistent.zip)"
    )
    package.add_argument("--bot-domain", help="the public host the bot runs on (default: BOT_DOMAIN)")
    package.add_argument("--version", default="1.0.0", help="app version; raise it for every new upload")
    package.set_defaults(run=_package)

    chat = with_db(commands.add_parser("chat", help="ask questions in the console"))
    chat.add_argument("--lang", choices=["da", "en"])
    chat.add_argument("--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    chat.set_defaults(run=_chat)

    secretary = with_db(
        commands.add_parser(
            "secretary", help="add, remove or list the secretaries who decide on a committee's agenda proposals"
        )
    )
    secretary.add_argument("operation", choices=["add", "remove", "list"])
    secretary.add_argument("--committee", required=True, help="the committee's name (as stored from its minutes)")
    secretary.add_argument("--aad-object-id", help="the secretary's Microsoft Entra object id (for add and remove)")
    secretary.set_defaults(run=_secretary)

    calendar = with_db(
        commands.add_parser("calendar", help="import a committee's meetings from an iCalendar (.ics) file")
    )
    calendar.add_argument("operation", choices=["import"])
    calendar.add_argument("file", metavar="FILE.ics")
    calendar.add_argument("--committee", required=True, help="the committee whose calendar the meetings go in")
    calendar.set_defaults(run=_calendar)

    person = with_db(
        commands.add_parser(
            "person", help="export or delete everything stored about one person (GDPR: indsigt, sletning)"
        )
    )
    person.add_argument("operation", choices=["export", "delete"])
    person.add_argument(
        "person", help="the person's Entra object id, Teams user id (29:…) or display name exactly as in Teams"
    )
    person.add_argument("--yes", action="store_true", help="delete (without it, delete only shows what would go)")
    person.set_defaults(run=_person)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        logs.configure(os.environ.get("LOG_FORMAT"), verbose=args.verbose)
        settings = Settings.from_env(database_url=getattr(args, "db", None))
    except ConfigurationError as error:
        print(f"fejl i opsætningen: {error}", file=sys.stderr)
        return 2
    if inspect.iscoroutinefunction(args.run):
        return asyncio.run(args.run(args, settings))
    return args.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
