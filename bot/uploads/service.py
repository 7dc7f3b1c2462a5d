"""The upload service: take in minutes a secretary sent in Teams, keep them for review, store on approval.

The review's state machine, per upload::

    pending ──Godkend──▶ approving ──minutes stored──▶ approved
       │                     ▲  └──minutes unreadable──▶ pending
       └──Afvis──▶ rejected  └── Godkend again (finishes an interrupted approval)

A Godkend pressed while the first is still approving stores the same minutes again (which changes nothing)
and records its presser as the approver.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import COMMITTEE_TZ, Clock
from bot.knowledge import IngestResult, Knowledge
from bot.minutes.errors import UnreadableDocument
from bot.minutes.limits import DEFAULT_READ_LIMITS, ReadLimits
from bot.minutes.model import Minutes
from bot.minutes.read import SUPPORTED_SUFFIXES
from bot.proposals.model import Person
from bot.proposals.service import Proposals
from bot.uploads.document import as_file, read_upload
from bot.uploads.download import MEBIBYTE, download, too_large
from bot.uploads.model import FileAttachment, PendingUpload, UploadError, UploadState
from bot.words import committee_key, format_date
from storage import pending_minutes_repository as repo
from storage.database import writing

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 25 * MEBIBYTE
DEFAULT_TIMEOUT_SECONDS = 60.0

# Where minutes the bot offers by itself (bot/uploads/folders.py) are recorded as "sent": no Teams
# channel, and an uploader that is no person. Stored in rows, so they must not change.
OFFER_CHANNEL = "graph"
OFFER_UPLOADER = "graph-folder-sync"
_ACTIVITY_ID_MAX = 256  # pending_minutes.activity_id
_UPLOAD_ID_MAX = 2**31 - 1  # pending_minutes.id is an INTEGER: a larger id is no upload (and PostgreSQL refuses it)

# A file shared in a channel or group chat by its SharePoint address: (file name, bytes). It raises
# UploadError with an explanation; other errors are logged and explained generally.
FetchShared = Callable[[str], Awaitable[tuple[str, bytes]]]


@dataclass(frozen=True, slots=True)
class Received:
    """An upload taken in for review; not ``created`` when it is an earlier one (a retried activity, or the same
    file while the first awaits review); no ``minutes`` once it was decided."""

    upload: PendingUpload
    minutes: Minutes | None
    created: bool


@dataclass(frozen=True, slots=True)
class Approved:
    upload: PendingUpload
    result: IngestResult


class Uploads:
    """Minutes uploaded in Teams, reviewed by a committee's secretary before they are stored.

    ``loopback_only`` is local mode (no credentials), where anyone can claim a secretary's object id, so
    files are fetched only from this machine; without ``fetch_shared`` shared files need the Graph set-up.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        knowledge: Knowledge,
        proposals: Proposals,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        fetch_shared: FetchShared | None = None,
        loopback_only: bool = False,
        read_limits: ReadLimits = DEFAULT_READ_LIMITS,
    ):
        self._sessions = sessions
        self._clock = clock
        self._knowledge = knowledge
        self._proposals = proposals
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._fetch_shared = fetch_shared
        self._loopback_only = loopback_only
        self._read_limits = read_limits

    # --- receiving ---------------------------------------------------------------------------

    async def receive(
        self,
        file: FileAttachment,
        *,
        uploader: Person,
        channel_id: str,
        conversation_id: str,
        activity_id: str,
        linked_committee: str | None = None,
    ) -> Received:
        """Fetch and read a file, and keep it pending review; a retried activity stores nothing new.

        Who may: a secretary of the committee the minutes name, else of the conversation's linked committee,
        else of any committee (who chooses on the card). Secretaries of no committee are refused before any
        download. UploadError when refused or unreadable; nothing was stored then.
        """
        key = (channel_id, conversation_id, activity_id)
        if (earlier := await self._earlier(key)) is not None:  # Teams retried: the same review, nothing fetched
            return earlier
        if not await self._proposals.committees_of_secretary(uploader.aad_object_id):
            raise only_secretariat()
        name = file.file_name
        if file.suffix not in SUPPORTED_SUFFIXES:
            raise _unsupported(name)
        name, data = await self._fetch(file, name)
        minutes = await _read(name, data, self._read_limits)
        committee = minutes.meeting.committee or linked_committee
        if committee is not None and not await self._proposals.is_secretary(committee, uploader.aad_object_id):
            raise not_secretary_of(committee)
        return await self._keep(name, data, minutes, uploader=uploader, key=key, committee=committee)

    async def offer(self, committee: str, name: str, data: bytes, *, source: str, label: str | None = None) -> Received:
        """Minutes from a committee's synced folder, kept pending for its secretaries; nobody sent them, so
        nobody is checked. The same ``source`` ("<drive id>/<item id>@<eTag>") or bytes again give the
        earlier upload; minutes naming another committee are refused."""
        key = (OFFER_CHANNEL, committee, _activity_key(source))
        if (earlier := await self._earlier(key)) is not None:
            return earlier
        file = FileAttachment(name)
        if file.suffix not in SUPPORTED_SUFFIXES:
            raise _unsupported(file.file_name)
        name, data = file.file_name, self._checked(file.file_name, data)
        minutes = await _read(name, data, self._read_limits)
        named = minutes.meeting.committee
        if named is not None and committee_key(named) != committee_key(committee):
            # Its secretaries may not approve another committee's minutes through their folder.
            raise _other_committee(name, named, committee)
        uploader = Person(OFFER_UPLOADER, None, label or "Microsoft 365")
        return await self._keep(name, data, minutes, uploader=uploader, key=key, committee=committee)

    async def _earlier(self, key: tuple[str, str, str]) -> Received | None:
        async with self._sessions() as session:
            earlier = await repo.pending_by_activity(
                session, channel_id=key[0], conversation_id=key[1], activity_id=key[2]
            )
        return None if earlier is None else Received(earlier, await self.minutes_of(earlier), created=False)

    async def _keep(
        self,
        name: str,
        data: bytes,
        minutes: Minutes,
        *,
        uploader: Person,
        key: tuple[str, str, str],
        committee: str | None,
    ) -> Received:
        channel_id, conversation_id, activity_id = key
        sha256 = hashlib.sha256(data).hexdigest()
        async with writing(self._sessions) as session:
            # Folder offers share one uploader: the same bytes in another committee's folder are another upload.
            same = await repo.open_upload_with_content(
                session, uploader_user_id=uploader.user_id, sha256=sha256,
                conversation_id=conversation_id if channel_id == OFFER_CHANNEL else None,
            )  # fmt: skip  # keyword arguments grouped by meaning
            if same is not None:
                return Received(same, minutes, created=False)
            new_id = await repo.insert_pending(
                session,
                file_name=name,
                data=data,
                sha256=sha256,
                uploader=uploader,
                channel_id=channel_id,
                conversation_id=conversation_id,
                activity_id=activity_id,
                committee=committee,
                meeting_date=minutes.meeting.date,
                created_at=self._clock.now(),
            )
            if new_id is None:  # a concurrent retry of the same activity stored it first
                stored = await repo.pending_by_activity(
                    session, channel_id=channel_id, conversation_id=conversation_id, activity_id=activity_id
                )
            else:
                stored = await repo.get_pending(session, new_id)
        assert stored is not None  # inserted or found in this transaction
        logger.info("upload %s (%s, %d bytes) awaits review for %s", stored.id, name, len(data), committee)
        return Received(stored, minutes, created=new_id is not None)

    async def get(self, upload_id: int) -> PendingUpload | None:
        if not 0 < upload_id <= _UPLOAD_ID_MAX:
            return None
        async with self._sessions() as session:
            return await repo.get_pending(session, upload_id)

    async def minutes_of(self, upload: PendingUpload) -> Minutes | None:
        async with self._sessions() as session:
            data = await repo.pending_data(session, upload.id)
        if data is None:
            return None
        return await _read(upload.file_name, data, self._read_limits)

    # --- deciding ----------------------------------------------------------------------------

    async def approve(self, upload_id: int, *, by: Person, committee: str | None = None) -> Approved:
        """Store the minutes as ``ingest`` would; ``committee`` is the card's choice for minutes naming none.
        Unreadable minutes leave it pending."""
        upload = await self._existing(upload_id)
        if upload.state in (UploadState.APPROVED, UploadState.REJECTED):
            raise self._decided(upload)
        chosen = upload.committee or (committee or "").strip() or None
        if chosen is None:
            raise UploadError(
                "no_committee",
                f"Referatet »{upload.file_name}« nævner ikke sit udvalg. Vælg udvalget på kortet, og tryk "
                "Godkend igen.",
                f"The minutes “{upload.file_name}” do not name their committee. Choose the committee on the card "
                "and press Approve again.",
            )
        if not await self._proposals.is_secretary(chosen, by.aad_object_id):
            raise not_secretary_of(chosen)
        async with writing(self._sessions) as session:
            current = await repo.get_pending(session, upload_id, for_update=True)
            assert current is not None  # uploads are never deleted
            if current.state in (UploadState.APPROVED, UploadState.REJECTED):
                raise self._decided(current)
            await repo.set_state(
                session, upload_id, UploadState.APPROVING, by=by, at=self._clock.now(), committee=chosen
            )
            data = await repo.pending_data(session, upload_id)
        assert data is not None  # kept until approved or rejected
        try:
            with as_file(upload.file_name, data) as path:
                result = await self._knowledge.ingest(path, committee=chosen)
        except UnreadableDocument as error:
            async with writing(self._sessions) as session:
                await repo.set_state(session, upload_id, UploadState.PENDING, by=None, at=None)
            raise _unreadable(error) from None
        async with writing(self._sessions) as session:
            await repo.set_state(session, upload_id, UploadState.APPROVED, by=by, at=self._clock.now(), drop_data=True)
            approved = await repo.get_pending(session, upload_id)
        assert approved is not None
        logger.info("upload %s approved by %s: minutes %s", upload_id, by.user_id, result.status)
        return Approved(approved, result)

    async def reject(self, upload_id: int, *, by: Person) -> PendingUpload:
        """Drop a pending upload; a secretary of its committee may, or without one the uploader or any secretary."""
        upload = await self._existing(upload_id)
        if upload.state != UploadState.PENDING:
            raise self._decided(upload)
        if upload.committee is not None:
            if not await self._proposals.is_secretary(upload.committee, by.aad_object_id):
                raise not_secretary_of(upload.committee)
        elif by.user_id != upload.uploader.user_id and not await self._proposals.committees_of_secretary(
            by.aad_object_id
        ):
            raise only_secretariat()
        async with writing(self._sessions) as session:
            current = await repo.get_pending(session, upload_id, for_update=True)
            assert current is not None
            if current.state != UploadState.PENDING:
                raise self._decided(current)
            await repo.set_state(session, upload_id, UploadState.REJECTED, by=by, at=self._clock.now(), drop_data=True)
            rejected = await repo.get_pending(session, upload_id)
        assert rejected is not None
        logger.info("upload %s rejected by %s", upload_id, by.user_id)
        return rejected

    # --- helpers -----------------------------------------------------------------------------

    async def _fetch(self, file: FileAttachment, name: str) -> tuple[str, bytes]:
        if file.download_url:
            data = await download(
                file.download_url,
                name=name,
                max_bytes=self._max_bytes,
                timeout=self._timeout,
                loopback_only=self._loopback_only,
            )
        elif file.content_url:
            name, data = await self._shared(file, name)
        else:
            raise UploadError(
                "unreachable",
                f"Teams sendte ikke noget link til »{name}«. Send filen igen.",
                f"Teams sent no link to “{name}”. Please send the file again.",
            )
        return name, self._checked(name, data)

    def _checked(self, name: str, data: bytes) -> bytes:
        if not data:
            raise UploadError(
                "unreadable",
                f"{name}: Filen er tom (0 byte). Upload referatet igen.",
                f"{name}: The file is empty (0 bytes). Please upload the minutes again.",
            )
        if len(data) > self._max_bytes:
            raise too_large(name, self._max_bytes, size=len(data))
        return data

    async def _shared(self, file: FileAttachment, name: str) -> tuple[str, bytes]:
        if self._fetch_shared is None:
            raise UploadError(
                "no_graph",
                f"Filer delt i kanaler og gruppechats hentes gennem Microsoft Graph, som ikke er sat op for "
                f"botten endnu (se README). Send »{name}« til mig i en personlig chat i stedet.",
                f"Files shared in channels and group chats are fetched through Microsoft Graph, which is not set "
                f"up for the bot yet (see README). Send “{name}” to me in a personal chat instead.",
            )
        assert file.content_url is not None
        try:
            shared_name, data = await self._fetch_shared(file.content_url)
        except UploadError:
            raise
        except Exception:  # the Graph client's own failures are explained by it; anything else is ours
            logger.exception("fetching the shared file %s (%s) failed", name, file.unique_id)
            raise UploadError(
                "unreachable",
                f"Jeg kunne ikke hente »{name}« fra SharePoint. Prøv igen om lidt, eller send filen i en "
                "personlig chat.",
                f"I could not fetch “{name}” from SharePoint. Try again in a moment, or send the file in a "
                "personal chat.",
            ) from None
        shared = FileAttachment(shared_name or name, file_type=file.file_type)
        return shared.file_name, data

    async def _existing(self, upload_id: int) -> PendingUpload:
        upload = await self.get(upload_id)
        if upload is None:
            raise UploadError(
                "unknown_upload",
                f"Jeg kender ikke uploadet referat nr. {upload_id}. Send filen igen.",
                f"I don't know uploaded minutes number {upload_id}. Please send the file again.",
            )
        return upload

    def _decided(self, upload: PendingUpload) -> UploadError:
        who = (upload.decided_by.name or "en sekretær") if upload.decided_by else "en sekretær"
        who_en = (upload.decided_by.name or "a secretary") if upload.decided_by else "a secretary"
        day = upload.decided_at.astimezone(COMMITTEE_TZ).date() if upload.decided_at else None
        when_da = f" den {format_date(day, 'da')}" if day else ""
        when_en = f" on {format_date(day, 'en')}" if day else ""
        name = upload.file_name
        if upload.state == UploadState.APPROVING:
            return UploadError(
                "decided",
                f"»{name}« er ved at blive godkendt af {who} og kan ikke længere afvises.",
                f"“{name}” is being approved by {who_en} and can no longer be rejected.",
            )
        if upload.state == UploadState.APPROVED:
            return UploadError(
                "decided",
                f"»{name}« er allerede godkendt af {who}{when_da} og er gemt; der sker ikke mere.",
                f"“{name}” was already approved by {who_en}{when_en} and is stored; nothing more happens.",
            )
        return UploadError(
            "decided",
            f"»{name}« er allerede afvist af {who}{when_da} og er ikke gemt. Send filen igen, hvis den skal med.",
            f"“{name}” was already rejected by {who_en}{when_en} and is not stored. Send the file again if it "
            "should be added.",
        )


def _activity_key(source: str) -> str:
    # A file version's name may be longer than the column; then its digest stands in for it.
    return source if len(source) <= _ACTIVITY_ID_MAX else "sha256:" + hashlib.sha256(source.encode()).hexdigest()


async def _read(name: str, data: bytes, limits: ReadLimits) -> Minutes:
    try:
        return await read_upload(name, data, limits)
    except UnreadableDocument as error:
        raise _unreadable(error) from None
    except OSError as error:  # the name could not become a file on this system
        logger.warning("could not write the upload %r to read it: %s", name, error)
        reason = "Filnavnet kan ikke bruges. Omdøb filen og send den igen."
        raise _unreadable(UnreadableDocument(name, reason)) from None


def _unreadable(error: UnreadableDocument) -> UploadError:
    # The reader's explanations are Danish; an English reader gets them with a word of introduction.
    return UploadError(
        "unreadable",
        str(error),
        f"I could not read “{error.document}” as minutes. The reason, in Danish: {error.reason}",
    )


def _unsupported(name: str) -> UploadError:
    listed = ", ".join(SUPPORTED_SUFFIXES)
    return UploadError(
        "unsupported",
        f"{name}: Den filtype kan jeg ikke læse. Send referatet som {listed}.",
        f"{name}: I can't read that type of file. Please send the minutes as {listed}.",
    )


def _other_committee(name: str, named: str, folder_committee: str) -> UploadError:
    return UploadError(
        "other_committee",
        f"»{name}« er et referat fra {named}, ikke fra {folder_committee}, så jeg tager det ikke ind fra "
        f"referatmappen for {folder_committee}. Sekretariatet for {named} kan sende filen til mig.",
        f"“{name}” are minutes of {named}, not of {folder_committee}, so I do not take them in from the "
        f"minutes folder of {folder_committee}. The secretariat of {named} can send the file to me.",
    )


def only_secretariat() -> UploadError:
    return UploadError(
        "not_secretary",
        "Tak for filen. Det er kun sekretariatet, der lægger referater ind, så jeg har ikke gemt den. "
        "Send den gerne til udvalgets sekretær.",
        "Thank you for the file. Only the secretariat adds minutes, so I have not stored it. "
        "Please send it to the committee's secretary.",
    )


def not_secretary_of(committee: str) -> UploadError:
    return UploadError(
        "not_secretary",
        f"Referatet hører til {committee}, og det er kun sekretariatet for {committee}, der lægger dets "
        "referater ind. Jeg har ikke gemt det.",
        f"The minutes belong to {committee}, and only the secretariat of {committee} adds its minutes. "
        "I have not stored them.",
        committee=committee,
    )
