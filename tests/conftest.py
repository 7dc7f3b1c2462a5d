"""Shared fixtures. Database fixtures: a SQLite file per test, a PostgreSQL database per test.

PostgreSQL comes from ``TEST_POSTGRES_URL`` (a server URL whose user may create databases)
or from a throwaway server started here with the local initdb/pg_ctl. Without either the
PostgreSQL tests skip, except under ``CI``, where they fail.
"""

from __future__ import annotations

import glob
import ipaddress
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

BACKENDS = {"sqlite": "sqlite_url", "postgresql": "postgres_url"}  # test id: fixture


class _PostgresUnavailable(Exception):
    pass


def _find_postgres_bin() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not candidates:
        return None
    newest = max(candidates, key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    return Path(newest).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _ThrowawayPostgres:
    """A PostgreSQL server in a temporary folder on 127.0.0.1, owned by the test session."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        # initdb refuses to run as root: run the server as the postgres system user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.root = Path(tempfile.mkdtemp(prefix="moedeassistent-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self.watchdog: subprocess.Popen[bytes] | None = None

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise _PostgresUnavailable(f"{Path(args[0]).name} failed: {result.stderr.strip()[-1000:]} {log}")

    def start(self) -> str:
        if self.as_user:
            if shutil.which("runuser") is None:
                raise _PostgresUnavailable("running as root, but runuser is missing")
            shutil.chown(self.root, user="postgres", group="postgres")
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        for _attempt in range(3):  # another process may grab the free port first
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                self._run(
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                )
                self._start_watchdog()
                return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
            except _PostgresUnavailable as error:
                last_error = error
        raise last_error

    def _start_watchdog(self) -> None:
        # pg_ctl detaches the server; if pytest is killed (timeout, SIGKILL) its teardown never
        # runs, so a separate session stops the server once this process is gone.
        stop = shlex.join(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
        )
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.root))}"
        )
        self.watchdog = subprocess.Popen(
            ["sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
        if self.data.exists():
            subprocess.run(
                [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL not available: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server URL (plain ``postgresql://``) whose user may create databases."""
    configured = os.environ.get("TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    bin_dir = _find_postgres_bin()
    if bin_dir is None:
        _unavailable("TEST_POSTGRES_URL is not set and no initdb was found (run .ci/postgres.sh)")
    server = _ThrowawayPostgres(bin_dir)
    try:
        url = server.start()
    except (_PostgresUnavailable, OSError, subprocess.SubprocessError) as error:
        server.stop()
        _unavailable(f"could not start a throwaway server with {bin_dir}: {error}")
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server_url: str) -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    from storage.database import create_engine

    server = make_url(postgres_server_url)
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_server_url)
    try:
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in the test's temporary folder (the folder is created on first use)."""
    return f"sqlite:///{tmp_path / 'db' / 'test.db'}"


@pytest.fixture(params=list(BACKENDS))
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database of each kind, as a URL an operator could write."""
    return request.getfixturevalue(BACKENDS[request.param])


# Microsoft's cloud is out of reach: any connection or look-up beyond loopback fails the test.
def _is_local(host: Any) -> bool:
    if host in (None, "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse and record any connection or name look-up that leaves 127.0.0.1; fail the test if one happened."""
    attempts: list[str] = []
    real_connect, real_connect_ex, real_getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_local(address[0]):
            attempts.append(repr(address))
            raise ConnectionRefusedError(f"test tried to reach {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_local(host.decode() if isinstance(host, bytes) else host):
            attempts.append(f"lookup {host!r}")
            raise socket.gaierror(f"test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert not attempts, f"the test tried to leave 127.0.0.1: {attempts}"
