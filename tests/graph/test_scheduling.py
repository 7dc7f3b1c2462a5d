"""The scheduled Graph sync puts each offered file before the secretaries, one file's failure apart from the rest."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FixedClock
from bot.graph.client import GraphClient
from bot.graph.sync import FolderSync
from bot.scheduling.graph import GraphSyncScheduler
from bot.services import build_services
from bot.settings import Settings
from bot.uploads.service import Received
from tests.graph.standin import GraphStandIn, drive_item
from tests.graph.test_sync import COMMITTEE, DRIVE, FOLDER_URL, NOW, SECRETARY

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEPTEMBER = EXAMPLES / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-09-15.txt"
NOVEMBER = EXAMPLES / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-11-10.txt"


class FailingOnceSender:
    """Stands in for ReviewNotifier: its first review fails as a database lookup would, then all reach one."""

    def __init__(self) -> None:
        self.reviewed: list[str] = []
        self.failed = False

    async def review(self, committee: str, received: Received) -> int:
        if not self.failed:
            self.failed = True
            raise OperationalError("SELECT … FROM conversations", {}, Exception("database is locked"))
        self.reviewed.append(received.upload.file_name)
        return 1

    async def tell(self, committee: str, *, da: str, en: str) -> int:
        return 1


async def test_a_file_that_fails_unexpectedly_is_released_and_the_run_goes_on(
    sessions: async_sessionmaker[AsyncSession], client: GraphClient, graph: GraphStandIn
) -> None:
    clock = FixedClock(NOW)
    folders = FolderSync(sessions, client, clock)
    graph.add_file(FOLDER_URL, drive_item("Referater", item_id="01FOLDER", folder=True), b"")
    graph.folders[(DRIVE, "01FOLDER")] = []
    await folders.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)
    files = [
        drive_item("Referat 15. september.txt", item_id="01SEP", modified="2026-09-20T08:00:00Z"),
        drive_item("Referat 10. november.txt", item_id="01NOV", modified="2026-11-12T08:00:00Z"),
    ]
    graph.folders[(DRIVE, "01FOLDER")] = files
    graph.add_file(f"{DRIVE}/01SEP", files[0], SEPTEMBER.read_bytes())
    graph.add_file(f"{DRIVE}/01NOV", files[1], NOVEMBER.read_bytes())
    uploads = build_services(sessions, clock, Settings(database_url="sqlite://")).uploads
    sender = FailingOnceSender()
    scheduler = GraphSyncScheduler(folders, None, uploads, sender)

    first = await scheduler.run_now()
    second = await scheduler.run_now()

    assert [o.name for o in first.released] == ["Referat 15. september.txt"]
    assert [o.name for o, _ in first.reviewed] == ["Referat 10. november.txt"]
    assert [o.name for o, _ in second.reviewed] == ["Referat 15. september.txt"]  # offered again, once
    assert sender.reviewed == ["Referat 10. november.txt", "Referat 15. september.txt"]
