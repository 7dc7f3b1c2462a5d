"""URLs, engines and migrations."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.database import (
    DEFAULT_DATABASE_URL,
    SCHEMA_HEAD,
    DatabaseUrlError,
    alembic_config,
    create_engine,
    normalise_url,
    session_factory,
    upgrade,
)
from storage.minutes_repository import corpus_version

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://bot:pw@db.example:5432/moeder", "postgresql+asyncpg://bot:pw@db.example:5432/moeder"),
        ("postgres://bot:pw@db.example/moeder", "postgresql+asyncpg://bot:pw@db.example/moeder"),
        ("postgresql+psycopg2://bot@db/moeder", "postgresql+asyncpg://bot@db/moeder"),
        ("postgresql+asyncpg://bot@db/moeder", "postgresql+asyncpg://bot@db/moeder"),
        ("postgresql://bot@db/moeder?sslmode=require", "postgresql+asyncpg://bot@db/moeder?ssl=require"),
        ("postgresql://bot:p%40ss@db/moeder", "postgresql+asyncpg://bot:p%40ss@db/moeder"),
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite:////srv/data/x.db", "sqlite+aiosqlite:////srv/data/x.db"),
        ("sqlite+aiosqlite:///var/moedeassistent.db", "sqlite+aiosqlite:///var/moedeassistent.db"),
        ("x.db", "sqlite+aiosqlite:///x.db"),
        ("var/møder.db", "sqlite+aiosqlite:///var/møder.db"),
        ("/srv/data/x.db", "sqlite+aiosqlite:////srv/data/x.db"),
        ("  x.db\n", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


@pytest.mark.parametrize("given", ["", "   ", "mysql://bot@db/moeder", "oracle://x"])
def test_normalise_url_refuses_what_it_cannot_serve(given: str) -> None:
    with pytest.raises(DatabaseUrlError):
        normalise_url(given)


async def test_default_database_is_created_under_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no alembic.ini here: migrations must find themselves

    await upgrade(DEFAULT_DATABASE_URL)

    assert (tmp_path / "var" / "moedeassistent.db").is_file()


async def test_sqlite_connections_are_configured(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            pragmas = [
                (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("foreign_keys", "journal_mode", "busy_timeout")
            ]
    finally:
        await engine.dispose()
    assert pragmas[0] == 1
    assert pragmas[1] == "wal"
    assert pragmas[2] > 0


# Warms up on a throwaway database (imports, migration scripts), then waits for "go" on
# stdin, so that the real migrations start together and overlap.
_UPGRADE_WHEN_TOLD = """
import asyncio, sys
from storage.database import upgrade
asyncio.run(upgrade("sqlite:///:memory:"))
print("ready", flush=True)
sys.stdin.readline()
asyncio.run(upgrade(sys.argv[1]))
"""


async def _schema_state(database_url: str) -> tuple[int, int]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            version = await corpus_version(session)
            rows = await session.scalar(text("SELECT count(*) FROM corpus_state"))
    finally:
        await engine.dispose()
    return version, rows


async def test_processes_may_upgrade_at_once(database_url: str) -> None:
    # Replicas starting together each migrate at start.
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _UPGRADE_WHEN_TOLD,
            database_url,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            cwd=REPO,
        )
        for _ in range(5)
    ]
    async with asyncio.timeout(120):
        for process in processes:
            assert await process.stdout.readline() == b"ready\n"
        for process in processes:
            process.stdin.write(b"go\n")
            await process.stdin.drain()
        outcomes = [await process.communicate() for process in processes]

    assert [process.returncode for process in processes] == [0] * 5, [err.decode()[-2000:] for _, err in outcomes]
    assert await _schema_state(database_url) == (0, 1)  # the seed row was inserted once


async def test_concurrent_upgrades_in_one_process_take_turns(database_url: str, tmp_path: Path) -> None:
    other_database = f"sqlite:///{tmp_path / 'other.db'}"

    async with asyncio.timeout(60):
        await asyncio.gather(upgrade(database_url), upgrade(other_database), upgrade(database_url))

    assert await _schema_state(database_url) == (0, 1)
    assert await _schema_state(other_database) == (0, 1)


async def test_alembic_cli_uses_database_url(tmp_path: Path) -> None:
    database = tmp_path / "cli.db"
    env = {**os.environ, "DATABASE_URL": str(database), "PYTHONPATH": str(REPO)}

    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(REPO / "storage" / "alembic.ini"), "upgrade", "head"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    engine = create_engine(str(database))
    try:
        async with engine.connect() as connection:
            head = ScriptDirectory.from_config(alembic_config()).get_current_head()
            assert (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar() == head
    finally:
        await engine.dispose()


def test_schema_head_is_the_newest_migration() -> None:
    """``upgrade`` skips Alembic for a database at SCHEMA_HEAD: it must name the scripts' head."""
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD
