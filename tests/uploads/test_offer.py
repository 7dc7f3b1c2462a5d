"""Minutes the bot found itself (a committee's synced folder), offered for review with ``Uploads.offer``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FixedClock
from bot.services import build_services
from bot.settings import Settings
from bot.uploads.download import MEBIBYTE
from bot.uploads.model import UploadError, UploadState
from bot.uploads.service import OFFER_UPLOADER
from dialogs.turn import Services
from storage.database import create_engine, session_factory, upgrade
from storage.models import MinutesDocument, PendingMinutesRow
from tests.uploads.test_service import COMMITTEE, EXAMPLE, MEMBER, NOW, OTHER, SANNE, WITHOUT_COMMITTEE

SOURCE = 'b!drive/01NOV@"{6F1B2C3D-0000-4000-8000-000000000001},1"'


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await upgrade(engine)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
def services(sessions: async_sessionmaker[AsyncSession]) -> Services:
    settings = Settings(database_url="sqlite://", secretaries={COMMITTEE: (SANNE.aad_object_id,)}, upload_max_mb=1)
    return build_services(sessions, FixedClock(NOW), settings)


async def count(sessions: async_sessionmaker[AsyncSession], table: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


async def test_an_offered_file_is_read_kept_pending_for_the_folders_committee_and_stored_only_on_approval(
    services: Services,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    data = EXAMPLE.read_bytes()

    received = await services.uploads.offer(COMMITTEE, "Referat 15. september.txt", data, source=SOURCE)

    upload = received.upload
    assert received.created and upload.state == UploadState.PENDING
    assert (upload.committee, upload.file_name, upload.uploader.user_id, upload.uploader.name) == (
        COMMITTEE,
        "Referat 15. september.txt",
        OFFER_UPLOADER,
        "Microsoft 365",
    )
    assert received.minutes is not None and received.minutes.item("3.2") is not None
    assert await count(sessions, MinutesDocument) == 0
    with pytest.raises(UploadError) as refused:
        await services.uploads.reject(upload.id, by=MEMBER)
    assert refused.value.kind == "not_secretary"

    approved = await services.uploads.approve(upload.id, by=SANNE)

    assert approved.upload.state == UploadState.APPROVED and approved.result.committee == COMMITTEE
    assert await count(sessions, MinutesDocument) == 1


async def test_the_same_version_or_the_same_bytes_offered_again_give_the_same_review(
    services: Services, sessions: async_sessionmaker[AsyncSession]
) -> None:
    data = EXAMPLE.read_bytes()
    first = await services.uploads.offer(COMMITTEE, "Referat.txt", data, source=SOURCE, label="SharePoint")

    again = await services.uploads.offer(COMMITTEE, "Referat.txt", data, source=SOURCE)
    copied = await services.uploads.offer(COMMITTEE, "Kopi af referat.txt", data, source="b!drive/01COPY@1")
    long_source = "b!drive/" + "x" * 300 + "@1"
    other = await services.uploads.offer(COMMITTEE, "Andet.txt", data + b"\nBilag.", source=long_source)
    other_again = await services.uploads.offer(COMMITTEE, "Andet.txt", data + b"\nBilag.", source=long_source)

    assert (again.created, again.upload.id) == (False, first.upload.id)
    assert (copied.created, copied.upload.id) == (False, first.upload.id)
    assert first.upload.uploader.name == "SharePoint"
    assert other.created and (other_again.created, other_again.upload.id) == (False, other.upload.id)
    assert await count(sessions, PendingMinutesRow) == 2


async def test_the_same_bytes_in_two_committees_folders_are_two_reviews(services: Services) -> None:
    data = WITHOUT_COMMITTEE.encode()  # names no committee: each folder's committee files it

    first = await services.uploads.offer(COMMITTEE, "Referat.txt", data, source="b!drive/01A@1")
    second = await services.uploads.offer(OTHER, "Referat.txt", data, source="b!drive/01B@1")

    assert first.created and second.created and first.upload.id != second.upload.id
    assert (first.upload.committee, second.upload.committee) == (COMMITTEE, OTHER)


async def test_minutes_naming_another_committee_are_refused_from_a_folder(
    services: Services, sessions: async_sessionmaker[AsyncSession]
) -> None:
    data = EXAMPLE.read_bytes()  # the minutes of COMMITTEE

    with pytest.raises(UploadError) as refused:
        await services.uploads.offer(OTHER, "Referat.txt", data, source="b!drive/01OTHER@1")
    same = await services.uploads.offer(COMMITTEE.upper() + " ", "Referat.txt", data, source="b!drive/01SAME@1")

    assert refused.value.kind == "other_committee"
    assert COMMITTEE in refused.value.da and OTHER in refused.value.da and "minutes folder of" in refused.value.en
    assert same.created and await count(sessions, PendingMinutesRow) == 1


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("Gruppebillede.png", b"\x89PNG", "unsupported"),
        ("Tomt referat.txt", b"", "unreadable"),
        ("Stort referat.txt", b"x" * (2 * MEBIBYTE), "too_large"),
        ("Referat.pdf", b"%PDF-1.4 not really", "unreadable"),
    ],
)
async def test_a_file_that_cannot_be_minutes_is_refused_and_nothing_is_kept(
    services: Services, sessions: async_sessionmaker[AsyncSession], name: str, data: bytes, kind: str
) -> None:
    with pytest.raises(UploadError) as refused:
        await services.uploads.offer(COMMITTEE, name, data, source=f"b!drive/{name}@1")

    assert refused.value.kind == kind and name in refused.value.da and name in refused.value.en
    assert await count(sessions, PendingMinutesRow) == 0
