"""The Agents Playground suite's parts: the bot (``python -m bot serve`` on a free port, a fresh
SQLite file, the sample minutes loaded), Microsoft's M365 Agents Playground (npm, pinned in
package.json here) pointed at it, and Debian's chromium driven by Playwright for Python.

Without chromium, the playground's node_modules or Playwright the suite skips with the reason;
under ``CI`` (where .ci/run installs them) it fails instead, so CI never passes without running it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
PLAYGROUND = HERE / "node_modules" / ".bin" / "agentsplayground"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The playground's mock Teams: the signed-in member (a secretary of the sample committee, by
# SECRETARIES below), the bot, a personal chat, a group chat and a team with a channel.
COMMITTEE = "Følgegruppen for sundhed og beskæftigelse"  # the sample minutes' committee (examples/)
SECRETARY_OID = "6f1c2a7e-0b4d-4c1e-9a55-3f0d2b7c8e11"
BOT_NAME = "Mødeassistent"
# The playground wants at least five other members.
_OTHERS = ("Megan Bowen", "Adele Vance", "Isaiah Langer", "Patti Fernandez", "Lynne Robbins")
USERS = "".join(
    f"  - id: user-id-{n}\n    name: {name}\n    userPrincipleName: user{n}@example.com\n"
    f"    aadObjectId: 0c9e4d2a-5b7f-4e1c-8a3d-6f2b1e0c9d{n:02d}\n    givenName: {name.split()[0]}\n"
    f"    surname: {name.split()[1]}\n    email: user{n}@example.com\n"
    for n, name in enumerate(_OTHERS, start=1)
)
CONFIG = f"""\
version: "0.1.1"
tenantId: 5b0b7c4e-6a1d-4f7e-8c2b-9d3e1f0a2b44
bot:
  id: 28d0c0a4-7f3e-4b61-9a8e-0c5d2e6f7a19
  name: {BOT_NAME}
currentUser:
  id: user-id-0
  name: Alex Wilber
  userPrincipleName: alexw@example.com
  aadObjectId: {SECRETARY_OID}
  givenName: Alex
  surname: Wilber
  email: alexw@example.com
users:
{USERS}personalChat:
  id: personal-chat-id
groupChat:
  id: group-chat-id
  name: Group Chat
team:
  id: team-id
  name: My Team
  aadGroupId: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
  channels:
    - id: channel-announcements-id
      name: Announcements
"""


def _missing() -> str | None:
    """Why the suite cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if not PLAYGROUND.exists():
        return "the Agents Playground is not installed (npm ci --prefix tests/playground)"
    if shutil.which("node") is None:
        return "node is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Wait until ``url`` answers 200; fail with the process's log when it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url}: the process exited ({process.returncode}):\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {seconds:.0f} s:\n{log.read_text()}", pytrace=False)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def playground_tools() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def bot_url(playground_tools: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m bot serve`` in local mode (no credentials) on a fresh SQLite file; it loads
    the sample minutes (examples/) into the empty database at start."""
    folder = tmp_path_factory.mktemp("bot")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft") and k != "DATABASE_URL"}
    env |= {
        "PORT": str(port),
        "LOAD_EXAMPLES": "1",
        "SECRETARIES": f"{COMMITTEE}={SECRETARY_OID}",
        "REMINDERS_ENABLED": "0",
        "PYTHONUNBUFFERED": "1",
    }
    log = folder / "bot.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--db", str(folder / "bot.db"), "--host", "127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_http(f"http://127.0.0.1:{port}/healthz", process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def playground_url(bot_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Agents Playground (Teams channel) pointed at the bot, with our mock Teams config."""
    folder = tmp_path_factory.mktemp("playground")
    config = folder / ".m365agentsplayground.yml"
    config.write_text(CONFIG, encoding="utf-8")
    port = _free_port()
    env = os.environ | {"M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config)}
    log = folder / "playground.log"
    command = [str(PLAYGROUND), "--app-endpoint", f"{bot_url}/api/messages", "--channel-id", "msteams"]
    command += ["--port", str(port), "--disable-telemetry"]
    with log.open("w") as out:
        # cwd: the playground writes its own log under ./devTools
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)


# Module scope, not session: sync Playwright keeps an event loop running in the main thread while it is
# open, and every asyncio test after it would fail ("cannot be called from a running event loop").
@pytest.fixture(scope="module")
def browser(playground_tools: None) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder README names for the screenshots (git-ignored; CI keeps it as an artifact)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
