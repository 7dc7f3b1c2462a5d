"""Database URLs, engines, sessions and migrations: a SQLite file by default, PostgreSQL when a URL says so."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/moedeassistent.db"  # relative to the working directory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest migration: a database already there is not migrated, nor Alembic imported (a test checks it).
SCHEMA_HEAD = "0012"

# Any constant shared by all replicas; pg_advisory_xact_lock takes a bigint.
_MIGRATION_LOCK_KEY = 0x4D6F6564_65617373  # "Moedeass"

_SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option read by the SQLite "begin" hook: take the write lock at BEGIN.
_SQLITE_BEGIN_IMMEDIATE = "moedeassistent_sqlite_begin_immediate"


# Alembic keeps the running migration in module globals (alembic.context, alembic.op), so
# two upgrades must never interleave inside one process, whatever databases they target.
_upgrade_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


class DatabaseUrlError(ValueError):
    """A database URL or path that the service cannot use; the message says why."""


def normalise_url(url: str) -> str:
    """Turn what an operator writes (a postgres(ql) or sqlite URL, or a file path) into a URL with an async driver.

    A libpq ``sslmode`` becomes asyncpg's ``ssl``; anything else is a ``DatabaseUrlError``.
    """
    url = url.strip()
    if not url:
        raise DatabaseUrlError("Databasens adresse er tom; angiv en fil (x.db) eller en postgresql://-URL")
    if "://" not in url:
        path = Path(url).expanduser()
        return f"sqlite+aiosqlite:///{path.as_posix()}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    try:
        parsed = make_url(url)
    except Exception as error:  # sqlalchemy raises ArgumentError; keep the operator's text
        raise DatabaseUrlError(f"Kan ikke læse databasens adresse {url!r}: {error}") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
        if "sslmode" in parsed.query:
            query = dict(parsed.query)
            query["ssl"] = query.pop("sslmode")
            parsed = parsed.set(query=query)
    elif backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    else:
        raise DatabaseUrlError(
            f"Databasen {backend!r} understøttes ikke; brug en SQLite-fil eller en postgresql://-URL"
        )
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str) -> AsyncEngine:
    """An async engine for a database URL: SQLite with foreign keys, WAL, a busy timeout and real transactions
    (a failed save or migration leaves nothing), its folder made; PostgreSQL with a small checked pool."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        _create_sqlite_folder(parsed)
        engine = create_async_engine(parsed)
        _configure_sqlite(engine)
        return engine
    return create_async_engine(parsed, pool_size=5, max_overflow=5, pool_pre_ping=True, pool_recycle=1800)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (no lazy reloads in async code)."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def upgrade(engine_or_url: AsyncEngine | str) -> None:
    """Migrate to head in one transaction, doing nothing when current; concurrent callers are serialised
    (PostgreSQL: an advisory lock; SQLite: the write lock at BEGIN; one process: a lock)."""
    if isinstance(engine_or_url, str):
        owned = create_engine(engine_or_url)
        try:
            await upgrade(owned)
        finally:
            await owned.dispose()
        return

    engine = engine_or_url
    if await _at_head(engine):
        return  # the common case at every start and every CLI call: no Alembic import, no lock
    lock = _upgrade_locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock, engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            await connection.execution_options(**{_SQLITE_BEGIN_IMMEDIATE: True})
        async with connection.begin():
            if engine.dialect.name == "postgresql":
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            await connection.run_sync(_upgrade_on, engine.url.render_as_string(hide_password=False))


async def _at_head(engine: AsyncEngine) -> bool:
    """One read, no lock."""
    try:
        async with engine.connect() as connection:
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:  # no alembic_version table yet: a new database
        return False
    return version == SCHEMA_HEAD


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration that needs no alembic.ini in the working directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        # ConfigParser interpolation would read "%" in passwords as a reference.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _upgrade_on(connection: Connection, url: str) -> None:
    from alembic import command

    config = alembic_config(url)
    # env.py uses this connection (and its open transaction) instead of connecting itself.
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


@contextlib.asynccontextmanager
async def writing(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A transaction that will write, committed on success.

    On SQLite it takes the write lock at BEGIN: a deferred transaction that reads, then writes, fails with
    "database is locked" when another connection wrote in between, whatever the busy timeout.
    """
    async with sessions() as session:
        await session.connection(execution_options={_SQLITE_BEGIN_IMMEDIATE: True})
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


def _create_sqlite_folder(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: AsyncEngine) -> None:
    # The recipe from SQLAlchemy's aiosqlite docs: the driver's own implicit BEGIN only
    # comes before DML, which leaves DDL and reads outside the transaction.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_SQLITE_BEGIN_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
