"""Minutes found in a committee's synced folder, put before the committee's secretaries.

Each offered file is kept pending and its review card sent to each secretary; a file that can never become
minutes (too large, unreadable) is told about once instead. When nobody was reached, or it failed for a
passing reason, it is released and offered again at the next sync.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from bot.graph.errors import NOT_FOUND, TOO_LARGE, GraphError
from bot.graph.sync import FolderSync, GraphSyncReport, OfferedFile
from bot.uploads.model import UploadError
from bot.uploads.service import Received, Uploads

logger = logging.getLogger(__name__)


class ReviewSender(Protocol):
    """Reaches a committee's secretaries (bot.teams.proactive); each method returns how many it reached."""

    async def review(self, committee: str, received: Received) -> int: ...

    async def tell(self, committee: str, *, da: str, en: str) -> int: ...


@dataclass(slots=True)
class GraphSyncRun:
    """What one sync did with each offered file: ``reviewed``, ``told`` (never minutes) or ``released``."""

    report: GraphSyncReport
    reviewed: list[tuple[OfferedFile, Received]] = field(default_factory=list)
    told: list[OfferedFile] = field(default_factory=list)
    released: list[OfferedFile] = field(default_factory=list)


class FolderOffers:
    def __init__(self, folders: FolderSync | None, uploads: Uploads, sender: ReviewSender) -> None:
        self._folders = folders
        self._uploads = uploads
        self._sender = sender

    async def put_before_secretaries(self, report: GraphSyncReport) -> GraphSyncRun:
        run = GraphSyncRun(report)
        for offer in report.offered:
            try:
                await self._offer(offer, run)
            except Exception:  # e.g. the database: this file waits for the next sync, the others go on
                logger.exception("%s: could not put %s before the secretaries", offer.committee, offer.name)
                await self._release(offer, run)
        return run

    async def _offer(self, offer: OfferedFile, run: GraphSyncRun) -> None:
        assert self._folders is not None  # only folders offer files
        try:
            downloaded = await self._folders.download(offer)
            received = await self._uploads.offer(
                offer.committee, downloaded.name, downloaded.content, source=_source(offer), label="SharePoint"
            )
        except GraphError as error:
            if error.reason == NOT_FOUND:  # deleted or moved since it was listed: nothing to offer
                logger.info("%s: %s is gone from the folder", offer.committee, offer.name)
            elif error.reason == TOO_LARGE:
                await self._tell(offer, run, error.explain("da"), error.explain("en"))
            else:
                logger.warning("%s: could not download %s: %s", offer.committee, offer.name, error)
                await self._release(offer, run)
            return
        except UploadError as error:
            await self._tell(offer, run, error.da, error.en)
            return
        if await self._sender.review(offer.committee, received):
            run.reviewed.append((offer, received))
        else:
            await self._release(offer, run)

    async def _tell(self, offer: OfferedFile, run: GraphSyncRun, da: str, en: str) -> None:
        intro_da = f"Referatmappen for {offer.committee}: jeg kan ikke tage »{offer.name}« ind. "
        intro_en = f"The minutes folder of {offer.committee}: I cannot take in “{offer.name}”. "
        if await self._sender.tell(offer.committee, da=intro_da + da, en=intro_en + en):
            run.told.append(offer)
        else:
            await self._release(offer, run)

    async def _release(self, offer: OfferedFile, run: GraphSyncRun) -> None:
        assert self._folders is not None
        await self._folders.release(offer)
        run.released.append(offer)


def _source(offer: OfferedFile) -> str:
    return f"{offer.drive_id}/{offer.item_id}@{offer.version}"
