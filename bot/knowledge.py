"""The knowledge core as one service: ingest minutes, answer questions.

It joins reading (bot.minutes), storage and answering, and keeps one search index per
process that it rebuilds when another process (or replica) has changed the corpus.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answering.answer import Answer, Answerer
from bot.clock import Clock, local_today
from bot.minutes.errors import UnreadableDocument
from bot.minutes.model import AgendaItem, Minutes
from bot.minutes.read import read_minutes
from storage.database import writing
from storage.minutes_repository import MissingCommittee, corpus_version, load_minutes, save_minutes

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ingesting one document did."""

    minutes: Minutes
    status: str  # "created" | "unchanged" | "replaced"
    committee: str

    def to_json(self) -> dict:
        meeting_date = self.minutes.meeting.date
        return {
            "document": self.minutes.source_name,
            "meeting_date": meeting_date.isoformat() if meeting_date else None,
            "committee": self.committee,
            "items": len(self.minutes.items),
            "dates": len(self.minutes.dates),
            "status": self.status,
        }


class Knowledge:
    """Ingests minutes and answers questions about them."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock):
        self._sessions = sessions
        self._clock = clock
        self._answerer: Answerer | None = None
        self._answerer_version: int | None = None
        self._refresh_lock = asyncio.Lock()

    async def ingest(self, path: Path, *, committee: str | None = None) -> IngestResult:
        """Read, parse and store one document.

        Args:
            committee: the committee the minutes belong to, for documents that do not name it.

        Raises:
            UnreadableDocument: the file cannot be read as minutes; nothing was stored.
        """
        minutes = await asyncio.to_thread(read_minutes, path)
        if committee and not minutes.meeting.committee:
            minutes.meeting.committee = committee
        return await self.ingest_minutes(minutes)

    async def ingest_minutes(self, minutes: Minutes) -> IngestResult:
        """Store already parsed minutes (e.g. after a secretary approved them).

        Raises:
            UnreadableDocument: the minutes do not say which committee they belong to.
        """
        try:
            async with writing(self._sessions) as session:
                saved = await save_minutes(session, minutes, ingested_at=self._clock.now())
        except MissingCommittee:
            raise UnreadableDocument(
                minutes.source_name, "referatet nævner ikke udvalgets navn; angiv udvalget (--committee)"
            ) from None
        logger.info("ingested %s: %s (meeting %s)", minutes.source_name, saved.status, saved.meeting_id)
        return IngestResult(minutes=minutes, status=saved.status, committee=saved.committee)

    async def is_empty(self) -> bool:
        async with self._sessions() as session:
            return await corpus_version(session) == 0

    async def load_examples_if_empty(self, folder: Path) -> int:
        """Give a newcomer something to ask about: ingest sample minutes into an empty database.

        Returns:
            How many documents were loaded (0 when the database already held minutes).
        """
        if not await self.is_empty():
            return 0
        files = sorted(p for p in folder.glob("*.txt") if p.is_file())
        for path in files:
            await self.ingest(path)
        return len(files)

    async def ask(self, question: str, *, committee: str | None = None, language: str | None = None) -> Answer:
        """Answer a question from the stored minutes, as of the clock's local today."""
        answerer = await self._current_answerer()
        return answerer.answer(question, today=local_today(self._clock), committee=committee, language=language)

    async def item(self, document: str, item_number: str) -> tuple[Minutes, AgendaItem] | None:
        """One whole agenda item, e.g. to show the item an answer quotes.

        Args:
            document: the minutes' ``source_name``, as in ``Source.document``.
            item_number: the item's number as written ("6.2"; a trailing dot is ignored).

        Returns:
            The minutes and the item, or None when no stored minutes have that document and item.
        """
        # The answerer holds every stored minutes document, current as of the corpus version.
        answerer = await self._current_answerer()
        number = item_number.strip().rstrip(".")
        for minutes in answerer.index.minutes:
            if minutes.source_name == document:
                found = minutes.item(number)
                if found is not None:
                    return minutes, found
        return None

    async def _current_answerer(self) -> Answerer:
        async with self._sessions() as session:
            version = await corpus_version(session)
        if self._answerer is not None and version == self._answerer_version:
            return self._answerer
        async with self._refresh_lock:
            if self._answerer is None or version != self._answerer_version:
                async with self._sessions() as session:
                    version = await corpus_version(session)
                    minutes = await load_minutes(session)
                self._answerer = await asyncio.to_thread(Answerer, minutes)
                self._answerer_version = version
                logger.info("search index rebuilt: %d meetings, corpus version %d", len(minutes), version)
        return self._answerer
