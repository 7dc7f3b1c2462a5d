"""The upload service on a real SQLite file, with files fetched over HTTP from a local file server.

The services are the ones ``build_services`` wires for the app (knowledge with its calendar hook,
proposals with secretaries from configuration); nothing of ours is replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.proposals.model import Person
from bot.services import build_services
from bot.settings import Settings
from bot.uploads.download import MEBIBYTE
from bot.uploads.model import FileAttachment, UploadError, UploadState
from bot.uploads.service import Uploads
from dialogs.turn import Services
from storage import pending_minutes_repository as pending_repo
from storage.database import create_engine, session_factory, upgrade, writing
from storage.minutes_repository import load_minutes
from storage.models import MinutesDocument, PendingMinutesRow
from tests.minutes.conftest import make_docx, make_pdf
from tests.seeds import seed_date
from tests.test_cli import run_bot
from tests.uploads.file_server import FileServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-09-15.txt"
COMMITTEE = "Følgegruppen for sundhed og beskæftigelse"
OTHER = "Fokusgruppen for ældre"
SANNE = Person("29:sanne", "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d", "Sanne Sekretær")
OLE = Person("29:ole", "0b6a3c1e-aaaa-bbbb-cccc-00000000000e", "Ole Anden Sekretær")
MEMBER = Person("29:member", "00000000-1111-2222-3333-444444444444", "Test User")
NOW = dt.datetime(2026, 9, 16, 9, 30, tzinfo=COMMITTEE_TZ)
# Minutes that name no committee; item 3 has no known section.
WITHOUT_COMMITTEE = """Referat

Mødetid: Tirsdag d. 3. marts 2026 kl. 9.00-11.00
Mødested: Rådhuset, mødelokale 2

1. Godkendelse af dagsorden

Referat:
Dagsordenen blev godkendt.

2. Nyt kaffeudstyr i mødelokalerne

Indstilling:
Det indstilles, at der købes en ny kaffemaskine.

Referat:
Det blev besluttet at købe en ny kaffemaskine med frist for indkøb den 1. april 2026.

3. Eventuelt

Intet.
"""


@dataclass
class World:
    services: Services
    sessions: async_sessionmaker[AsyncSession]
    server: FileServer
    tmp: Path

    @property
    def uploads(self) -> Uploads:
        return self.services.uploads

    def serve(self, name: str, data: bytes) -> FileAttachment:
        self.server.files[name] = data
        return FileAttachment(name, download_url=self.server.url(name), file_type=name.rsplit(".", 1)[-1])

    async def receive(self, file: FileAttachment, *, by: Person = SANNE, activity: str = "1767378504354", **kw):
        return await self.uploads.receive(
            file, uploader=by, channel_id="msteams", conversation_id=f"a:{by.user_id}", activity_id=activity, **kw
        )

    async def count(self, table: type) -> int:
        async with self.sessions() as session:
            return await session.scalar(select(func.count()).select_from(table)) or 0


@pytest.fixture
async def world(tmp_path: Path, file_server: FileServer) -> AsyncIterator[World]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    engine = create_engine(url)
    await upgrade(engine)
    settings = Settings(
        database_url=url, secretaries={COMMITTEE: (SANNE.aad_object_id,), OTHER: (OLE.aad_object_id,)}, upload_max_mb=1
    )
    sessions = session_factory(engine)
    yield World(build_services(sessions, FixedClock(NOW), settings), sessions, file_server, tmp_path)
    await engine.dispose()


@pytest.fixture
def example_pdf(tmp_path: Path) -> bytes:
    return make_pdf(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "example.pdf").read_bytes()


# ---------------------------------------------------------------------------- receiving


async def test_a_secretarys_pdf_is_read_and_kept_pending_without_storing_minutes(
    world: World, example_pdf: bytes
) -> None:
    received = await world.receive(world.serve("Referat 15. september.pdf", example_pdf))

    upload, minutes = received.upload, received.minutes
    assert received.created and upload.state == UploadState.PENDING
    assert (upload.file_name, upload.committee, upload.meeting_date) == (
        "Referat 15. september.pdf",
        COMMITTEE,
        dt.date(2026, 9, 15),
    )
    assert minutes is not None and minutes.item("3.2").title.startswith("Forslag om fælles telefonlinje")
    assert await world.count(MinutesDocument) == 0  # read, not stored
    assert await world.services.knowledge.is_empty()
    assert world.server.requests == ["/files/Referat 15. september.pdf"]


async def test_someone_who_is_no_secretary_is_refused_before_any_download(world: World, example_pdf: bytes) -> None:
    with pytest.raises(UploadError) as refused:
        await world.receive(world.serve("referat.pdf", example_pdf), by=MEMBER)

    assert refused.value.kind == "not_secretary"
    assert "kun sekretariatet" in refused.value.da and "Only the secretariat" in refused.value.en
    assert world.server.requests == []
    assert await world.count(PendingMinutesRow) == 0


async def test_a_secretary_of_another_committee_cannot_upload_its_minutes(world: World, example_pdf: bytes) -> None:
    with pytest.raises(UploadError) as refused:
        await world.receive(world.serve("referat.pdf", example_pdf), by=OLE)

    assert refused.value.kind == "not_secretary" and COMMITTEE in refused.value.da
    assert await world.count(PendingMinutesRow) == 0


async def test_a_retried_activity_shows_the_same_upload_without_downloading_again(
    world: World, example_pdf: bytes
) -> None:
    file = world.serve("referat.pdf", example_pdf)
    first = await world.receive(file)
    retry = await world.receive(file)

    assert retry.upload == first.upload and not retry.created
    assert retry.minutes == first.minutes
    assert len(world.server.requests) == 1
    assert await world.count(PendingMinutesRow) == 1


async def test_the_same_file_sent_again_while_pending_is_the_same_upload(world: World, example_pdf: bytes) -> None:
    file = world.serve("referat.pdf", example_pdf)
    first = await world.receive(file, activity="1")
    again = await world.receive(file, activity="2")

    assert again.upload.id == first.upload.id and not again.created
    assert await world.count(PendingMinutesRow) == 1


async def test_a_docx_is_read_like_the_pdf(world: World, example_pdf: bytes) -> None:
    docx = make_docx(EXAMPLE.read_text(encoding="utf-8"), world.tmp / "referat.docx").read_bytes()
    from_pdf = await world.receive(world.serve("referat.pdf", example_pdf), activity="1")
    from_docx = await world.receive(world.serve("referat.docx", docx), activity="2")

    assert [(i.number, i.outcome) for i in from_docx.minutes.items] == [
        (i.number, i.outcome) for i in from_pdf.minutes.items
    ]
    assert from_docx.upload.meeting_date == from_pdf.upload.meeting_date


# ---------------------------------------------------------------------------- approving and rejecting


async def test_approval_stores_exactly_what_the_cli_would_and_a_second_press_stores_nothing(
    world: World, example_pdf: bytes
) -> None:
    received = await world.receive(world.serve("referat.pdf", example_pdf))

    approved = await world.uploads.approve(received.upload.id, by=SANNE)

    assert approved.result.status == "created" and approved.result.committee == COMMITTEE
    assert (approved.upload.state, approved.upload.decided_by, approved.upload.has_data) == (
        UploadState.APPROVED,
        SANNE,
        False,
    )
    with pytest.raises(UploadError) as again:
        await world.uploads.approve(received.upload.id, by=SANNE)
    assert again.value.kind == "decided" and "allerede godkendt af Sanne Sekretær" in again.value.da
    assert await world.count(MinutesDocument) == 1

    pdf = world.tmp / "referat.pdf"
    pdf.write_bytes(example_pdf)
    cli = run_bot("ingest", str(pdf), db=world.tmp / "cli.db", cwd=world.tmp)
    assert cli.returncode == 0, cli.stderr
    cli_engine = create_engine(str(world.tmp / "cli.db"))
    try:
        async with session_factory(cli_engine)() as session:
            by_cli = await load_minutes(session)
    finally:
        await cli_engine.dispose()
    async with world.sessions() as session:
        by_upload = await load_minutes(session)
    assert by_upload == by_cli


async def test_a_press_while_another_approval_is_under_way_stores_once_and_records_its_presser(
    world: World, example_pdf: bytes
) -> None:
    received = await world.receive(world.serve("referat.pdf", example_pdf))
    first = Person("29:first", "11111111-2222-3333-4444-555555555555", "Første Sekretær")
    async with writing(world.sessions) as session:  # the first press, still storing
        await pending_repo.set_state(
            session, received.upload.id, UploadState.APPROVING, by=first, at=NOW, committee=COMMITTEE
        )

    approved = await world.uploads.approve(received.upload.id, by=SANNE)

    assert approved.upload.state == UploadState.APPROVED and approved.upload.decided_by == SANNE
    assert await world.count(MinutesDocument) == 1


async def test_approved_minutes_answer_questions_and_fill_the_calendar(world: World, example_pdf: bytes) -> None:
    question = "Hvorfor blev forslaget om en fælles telefonlinje afvist?"
    received = await world.receive(world.serve("referat.pdf", example_pdf))
    assert not (await world.services.knowledge.ask(question)).answered

    await world.uploads.approve(received.upload.id, by=SANNE)

    answer = await world.services.knowledge.ask(question)
    assert answer.answered and answer.sources[0].item_number == "3.2"
    meetings = await world.services.calendar.meetings(COMMITTEE)
    assert dt.date(2026, 11, 10) in {m.starts_at.astimezone(COMMITTEE_TZ).date() for m in meetings}


async def test_only_a_secretary_of_the_committee_may_decide(world: World, example_pdf: bytes) -> None:
    received = await world.receive(world.serve("referat.pdf", example_pdf))

    for person in (OLE, MEMBER):
        with pytest.raises(UploadError) as refused:
            await world.uploads.approve(received.upload.id, by=person)
        assert refused.value.kind == "not_secretary"
        with pytest.raises(UploadError):
            await world.uploads.reject(received.upload.id, by=person)
    assert (await world.uploads.get(received.upload.id)).state == UploadState.PENDING
    assert await world.count(MinutesDocument) == 0


async def test_rejection_discards_the_file_and_stores_nothing(world: World, example_pdf: bytes) -> None:
    received = await world.receive(world.serve("referat.pdf", example_pdf))

    rejected = await world.uploads.reject(received.upload.id, by=SANNE)

    assert (rejected.state, rejected.has_data, rejected.decided_by) == (UploadState.REJECTED, False, SANNE)
    assert await world.uploads.minutes_of(rejected) is None
    with pytest.raises(UploadError) as late:
        await world.uploads.approve(received.upload.id, by=SANNE)
    assert late.value.kind == "decided" and "allerede afvist" in late.value.da
    assert await world.count(MinutesDocument) == 0
    # Sent again after the rejection, it is a new upload.
    again = await world.receive(world.serve("referat.pdf", example_pdf), activity="later")
    assert again.created and again.upload.id != received.upload.id


async def test_an_unknown_upload_is_explained(world: World) -> None:
    with pytest.raises(UploadError) as unknown:
        await world.uploads.approve(4711, by=SANNE)
    assert unknown.value.kind == "unknown_upload" and "4711" in unknown.value.da


@pytest.mark.parametrize("upload_id", [2**31, 10**18 - 1])
async def test_an_id_beyond_the_column_is_an_unknown_upload_on_every_backend(
    sessions: async_sessionmaker[AsyncSession], upload_id: int
) -> None:
    # "godkend referat 999999999999999999" must not reach PostgreSQL's INTEGER column (asyncpg's DataError).
    settings = Settings(database_url="sqlite://", secretaries={COMMITTEE: (SANNE.aad_object_id,)})
    uploads = build_services(sessions, FixedClock(NOW), settings).uploads

    for decide in (uploads.approve, uploads.reject):
        with pytest.raises(UploadError) as unknown:
            await decide(upload_id, by=SANNE)
        assert unknown.value.kind == "unknown_upload" and str(upload_id) in unknown.value.da


async def test_minutes_without_a_committee_take_the_linked_one(world: World) -> None:
    file = world.serve("kaffe.txt", WITHOUT_COMMITTEE.encode())
    received = await world.receive(file, linked_committee=COMMITTEE)

    assert received.minutes.meeting.committee is None and received.upload.committee == COMMITTEE
    approved = await world.uploads.approve(received.upload.id, by=SANNE)
    assert approved.result.committee == COMMITTEE


async def test_minutes_without_any_committee_wait_for_the_secretary_to_choose_one(world: World) -> None:
    received = await world.receive(world.serve("kaffe.txt", WITHOUT_COMMITTEE.encode()))
    assert received.upload.committee is None

    with pytest.raises(UploadError) as unchosen:
        await world.uploads.approve(received.upload.id, by=SANNE)
    assert unchosen.value.kind == "no_committee"
    with pytest.raises(UploadError) as not_hers:
        await world.uploads.approve(received.upload.id, by=SANNE, committee=OTHER)
    assert not_hers.value.kind == "not_secretary"

    approved = await world.uploads.approve(received.upload.id, by=SANNE, committee=COMMITTEE)

    assert approved.result.committee == COMMITTEE and approved.upload.committee == COMMITTEE
    async with world.sessions() as session:
        [stored] = await load_minutes(session)
    assert stored.meeting.committee == COMMITTEE and stored.source_name == "kaffe.txt"


# ---------------------------------------------------------------------------- failures explained


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (404, "not_found", "findes ikke"),
        (410, "not_found", "findes ikke"),
        (403, "forbidden", "adgang"),
        (401, "forbidden", "adgang"),
        (503, "server", "HTTP 503"),
        (500, "server", "HTTP 500"),
    ],
)
async def test_download_failures_are_explained(world: World, status: int, kind: str, words: str) -> None:
    file = FileAttachment("referat.pdf", download_url=world.server.url("referat.pdf", how=f"status/{status}"))

    with pytest.raises(UploadError) as failed:
        await world.receive(file)

    assert failed.value.kind == kind and words in failed.value.da and "referat.pdf" in failed.value.da
    assert "referat.pdf" in failed.value.en
    assert await world.count(PendingMinutesRow) == 0


async def test_a_file_over_the_limit_is_refused_by_its_length(world: World) -> None:
    with pytest.raises(UploadError) as large:
        await world.receive(world.serve("stort.pdf", b"%PDF" + bytes(MEBIBYTE + MEBIBYTE // 2)))

    assert large.value.kind == "too_large"
    assert "fylder 1,5 MB" in large.value.da and "op til 1 MB" in large.value.da
    assert "is 1.5 MB" in large.value.en
    assert await world.count(PendingMinutesRow) == 0


async def test_a_file_over_the_limit_is_refused_while_streaming_without_a_length(world: World) -> None:
    world.server.files["stort.pdf"] = bytes(3 * MEBIBYTE)
    file = FileAttachment("stort.pdf", download_url=world.server.url("stort.pdf", how="chunked"))

    with pytest.raises(UploadError) as large:
        await world.receive(file)

    assert large.value.kind == "too_large" and "fylder over 1 MB" in large.value.da


async def test_a_download_that_never_ends_times_out(world: World, example_pdf: bytes) -> None:
    uploads = Uploads(world.sessions, FixedClock(NOW), world.services.knowledge, world.services.proposals, timeout=0.3)
    file = FileAttachment("referat.pdf", download_url=world.server.url("referat.pdf", how="hang"))

    with pytest.raises(UploadError) as slow:
        await uploads.receive(file, uploader=SANNE, channel_id="msteams", conversation_id="a:c", activity_id="1")

    assert slow.value.kind == "timeout" and "for lang tid" in slow.value.da


async def test_a_link_nobody_answers_is_explained(world: World) -> None:
    file = FileAttachment("referat.pdf", download_url="http://127.0.0.1:9/referat.pdf")

    with pytest.raises(UploadError) as failed:
        await world.receive(file)

    assert failed.value.kind == "unreachable"


async def test_an_unsupported_type_is_refused_before_downloading(world: World) -> None:
    with pytest.raises(UploadError) as unsupported:
        await world.receive(world.serve("budget.xlsx", b"PK\x03\x04"))

    assert unsupported.value.kind == "unsupported" and ".pdf, .docx" in unsupported.value.da
    assert world.server.requests == []


async def test_a_password_protected_pdf_is_explained_by_name(world: World, tmp_path: Path) -> None:
    locked = make_pdf(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "l.pdf", password="hemmelig").read_bytes()

    with pytest.raises(UploadError) as unreadable:
        await world.receive(world.serve("Låst referat.pdf", locked))

    assert unreadable.value.kind == "unreadable"
    assert unreadable.value.da.startswith("Låst referat.pdf: PDF'en er beskyttet med adgangskode")
    assert "Låst referat.pdf" in unreadable.value.en and "adgangskode" in unreadable.value.en
    assert await world.count(PendingMinutesRow) == 0


async def test_a_document_that_is_no_minutes_is_explained(world: World) -> None:
    with pytest.raises(UploadError) as unreadable:
        await world.receive(world.serve("indkøbsliste.txt", "mælk\nbrød\nkaffe\n".encode()))

    assert unreadable.value.kind == "unreadable" and "dagsordenspunkter" in unreadable.value.da


async def test_a_shared_file_needs_graph_until_it_is_set_up(world: World) -> None:
    file = FileAttachment("referat.pdf", content_url="https://contoso.sharepoint.com/sites/udvalg/referat.pdf")

    with pytest.raises(UploadError) as no_graph:
        await world.receive(file)

    assert no_graph.value.kind == "no_graph" and "Microsoft Graph" in no_graph.value.da


async def test_a_shared_file_is_fetched_through_the_injected_graph_fetcher(world: World, example_pdf: bytes) -> None:
    asked: list[str] = []

    async def fetch_shared(content_url: str) -> tuple[str, bytes]:
        asked.append(content_url)
        if content_url.endswith("mangler.pdf"):
            raise UploadError("not_found", "Filen findes ikke i SharePoint.", "The file is not in SharePoint.")
        return "Referat fra SharePoint.pdf", example_pdf

    services = world.services
    uploads = Uploads(
        world.sessions, FixedClock(NOW), services.knowledge, services.proposals, fetch_shared=fetch_shared
    )
    url = "https://contoso.sharepoint.com/sites/udvalg/Delte dokumenter/referat.pdf"

    received = await uploads.receive(
        FileAttachment("referat.pdf", content_url=url),
        uploader=SANNE,
        channel_id="msteams",
        conversation_id="19:channel@thread.tacv2",
        activity_id="1",
    )
    with pytest.raises(UploadError) as missing:
        await uploads.receive(
            FileAttachment("mangler.pdf", content_url=url.replace("referat", "mangler")),
            uploader=SANNE,
            channel_id="msteams",
            conversation_id="19:channel@thread.tacv2",
            activity_id="2",
        )

    assert received.upload.file_name == "Referat fra SharePoint.pdf" and received.upload.committee == COMMITTEE
    assert missing.value.da == "Filen findes ikke i SharePoint."
    assert asked == [url, url.replace("referat", "mangler")]
    assert world.server.requests == []


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("Referat", "docx", "Referat.docx"),
        ("..", "pdf", "referat.pdf"),
        ("C:\\Users\\sanne\\Referat.PDF", None, "Referat.PDF"),
        ("x" * 300 + ".pdf", "pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_become_safe_bare_names(name: str, file_type: str | None, expected: str) -> None:
    assert FileAttachment(name, file_type=file_type).file_name == expected


async def test_a_secretary_chooses_between_configured_and_stored_committees(world: World) -> None:
    seed = ROOT.parent / "shared" / "seeds" / "002_d275c62a07e34f7d.txt"
    await world.services.knowledge.ingest(seed, meeting_date=seed_date(seed))
    proposals = world.services.proposals
    await proposals.add_secretary("fokusgruppen sundhed & beskæftigelse", SANNE.aad_object_id, by="test")

    # The configured committee has no minutes yet; the stored one goes by its stored name.
    assert await world.services.proposals.committees_of_secretary(SANNE.aad_object_id.upper()) == [
        "Fokusgruppen Sundhed & Beskæftigelse",
        COMMITTEE,
    ]
    assert await world.services.proposals.committees_of_secretary(MEMBER.aad_object_id) == []
    assert await world.services.proposals.committees_of_secretary(None) == []
