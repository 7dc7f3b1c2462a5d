"""The Graph client against a local HTTPS Graph stand-in: files, folders, group calendars and every failure."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import aiohttp
import pytest

from bot.graph.client import GraphClient, encode_sharing_url
from bot.graph.config import build_graph_token_source
from bot.graph.errors import GraphError
from bot.minutes.errors import UnreadableDocument
from bot.minutes.read import read_minutes
from tests.graph.conftest import trusting_session
from tests.graph.standin import GraphStandIn, drive_item, group_event

CHANNEL_FILE = "https://contoso.sharepoint.com/sites/sundhed/Delte%20dokumenter/General/Referat 10. november.txt"
FOLDER_URL = "https://contoso.sharepoint.com/:f:/s/sundhed/EkX3referater?e=AbC123"
GROUP = "02bd9fd6-8f93-4758-87c3-1fb73740a315"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MINUTES = (EXAMPLES / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-11-10.txt").read_bytes()


def test_sharing_urls_are_encoded_as_graph_documents() -> None:
    # The example in Graph's "Accessing shared driveItems".
    url = "https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1"
    assert encode_sharing_url(url) == (
        "u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx"
    )
    assert not set("=/+") & set(encode_sharing_url(CHANNEL_FILE + "?a=b"))


async def test_a_channel_file_is_downloaded_through_its_sharing_url(client: GraphClient, graph: GraphStandIn) -> None:
    graph.add_file(CHANNEL_FILE, drive_item("Referat 10. november.txt", item_id="01FILE", size=len(MINUTES)), MINUTES)

    downloaded = await client.download_shared(CHANNEL_FILE)

    assert downloaded.content == MINUTES
    assert downloaded.item.name == "Referat 10. november.txt"
    assert downloaded.item.etag and downloaded.item.drive_id == "b!standin-drive"
    assert [r.path for r in graph.requests] == [
        f"/v1.0/shares/{encode_sharing_url(CHANNEL_FILE)}/driveItem",
        f"/v1.0/shares/{encode_sharing_url(CHANNEL_FILE)}/driveItem/content",
    ]
    [download] = graph.downloads
    assert download.authorization is None  # the 302 target is pre-authenticated; our token stays with Graph
    assert download.query == {"tempauth": "standin"}


async def test_a_downloaded_file_is_read_by_the_knowledge_core(
    client: GraphClient, graph: GraphStandIn, tmp_path: Path
) -> None:
    graph.add_file(CHANNEL_FILE, drive_item("Referat 10. november.txt", item_id="01FILE", size=len(MINUTES)), MINUTES)

    path = tmp_path / "Referat 10. november.txt"
    path.write_bytes((await client.download_shared(CHANNEL_FILE)).content)

    minutes = read_minutes(path)
    assert minutes.meeting.date == dt.date(2026, 11, 10)
    assert minutes.meeting.committee.casefold() == "følgegruppen for sundhed og beskæftigelse"


async def test_a_password_protected_pdf_gets_the_knowledge_core_message(
    client: GraphClient, graph: GraphStandIn, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = buffer.getvalue()
    url = "https://contoso.sharepoint.com/sites/sundhed/Delte%20dokumenter/General/Referat.pdf"
    graph.add_file(url, drive_item("Referat.pdf", item_id="01PDF", size=len(pdf)), pdf)

    path = tmp_path / "Referat.pdf"
    path.write_bytes((await client.download_shared(url)).content)

    with pytest.raises(UnreadableDocument) as caught:
        read_minutes(path)
    assert "adgangskode" in caught.value.reason


async def test_a_folder_is_listed_across_pages(client: GraphClient, graph: GraphStandIn) -> None:
    children = [drive_item(f"Referat {n}.pdf", item_id=f"01C{n}", size=100 + n) for n in range(5)]
    children.append(drive_item("Bilag", item_id="01SUB", folder=True))
    graph.folders[("b!standin-drive", "01FOLDER")] = children
    graph.add_file(FOLDER_URL, drive_item("Referater", item_id="01FOLDER", folder=True), b"")

    folder, listed = await client.list_shared_folder(FOLDER_URL)

    assert folder.is_folder and folder.name == "Referater"
    assert [i.name for i in listed] == [f"Referat {n}.pdf" for n in range(5)] + ["Bilag"]
    assert [i.is_folder for i in listed] == [False] * 5 + [True]
    assert listed[0].last_modified == dt.datetime(2026, 11, 10, 9, 12, 3, tzinfo=dt.UTC)
    assert listed[0].size == 100 and listed[0].ctag
    pages = [r for r in graph.requests if r.path.endswith("/children")]
    assert len(pages) == 3  # page size 2: followed @odata.nextLink twice
    assert pages[1].query == {"$skiptoken": "2"}


async def test_a_sharing_url_of_a_file_is_not_a_folder(client: GraphClient, graph: GraphStandIn) -> None:
    graph.add_file(CHANNEL_FILE, drive_item("Referat.txt", item_id="01FILE", size=3), b"abc")

    with pytest.raises(GraphError) as caught:
        await client.list_shared_folder(CHANNEL_FILE)

    assert (caught.value.reason, caught.value.operation) == ("not_found", "folder")


async def test_group_calendar_events_are_read_in_utc_across_pages(client: GraphClient, graph: GraphStandIn) -> None:
    graph.groups[GROUP] = [
        group_event(
            "Følgegruppemøde",
            "2027-01-19T08:00:00.0000000",
            "2027-01-19T11:00:00.0000000",
            uid="A1",
            location="Regionshuset Kystvig",
        ),
        group_event("Temadag", "2027-03-04T00:00:00.0000000", "2027-03-05T00:00:00.0000000", uid="A2", all_day=True),
        group_event(
            "Aflyst møde", "2027-02-02T12:00:00.0000000", "2027-02-02T14:00:00.0000000", uid="A3", cancelled=True
        ),
        group_event("Sidste år", "2025-05-01T08:00:00.0000000", "2025-05-01T09:00:00.0000000", uid="A4"),
    ]
    start = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)

    events = await client.group_events(GROUP, start, start + dt.timedelta(days=365))

    assert [e.subject for e in events] == ["Følgegruppemøde", "Temadag", "Aflyst møde"]
    meeting, theme_day, cancelled = events
    assert meeting.starts_at == dt.datetime(2027, 1, 19, 8, 0, tzinfo=dt.UTC)
    assert meeting.ends_at == dt.datetime(2027, 1, 19, 11, 0, tzinfo=dt.UTC)
    assert meeting.location == "Regionshuset Kystvig" and not meeting.all_day
    assert meeting.uid == "040000008200E00074C5B7101A82E008A1"
    assert theme_day.all_day and theme_day.day == dt.date(2027, 3, 4) and theme_day.location is None
    assert cancelled.cancelled
    first = [r for r in graph.requests if r.path.endswith("/calendarView")][0]
    assert first.prefer == 'outlook.timezone="UTC"'
    assert first.query["startDateTime"] == "2026-11-23T00:00:00.0000000Z"
    assert first.query["endDateTime"] == "2027-11-23T00:00:00.0000000Z"


# --- failures ---------------------------------------------------------------------------------


async def test_401_names_the_credential_and_the_permission(client: GraphClient, graph: GraphStandIn) -> None:
    graph.fail("/shares/", 401)

    with pytest.raises(GraphError) as caught:
        await client.download_shared(CHANNEL_FILE)

    error = caught.value
    assert (error.reason, error.status) == ("unauthorized", 401)
    assert "InvalidAuthenticationToken" in error.detail
    assert "Files.Read.All" in error.explain() and "Sites.Selected" in error.explain()
    assert "certifikat" in error.explain()


async def test_403_on_a_file_names_the_files_permission(client: GraphClient, graph: GraphStandIn) -> None:
    graph.fail("/shares/", 403)

    with pytest.raises(GraphError) as caught:
        await client.download_shared(CHANNEL_FILE)

    assert caught.value.reason == "forbidden"
    assert caught.value.explain() == (
        "Botten har ikke lov til at læse filen (403). En administrator skal give app-registreringen "
        "applikationstilladelsen Sites.Selected (med læseadgang til webstedet) eller Files.Read.All og give "
        "administratorsamtykke."
    )
    assert "application permission Sites.Selected" in caught.value.explain("en-GB")


async def test_403_on_a_group_calendar_names_calendars_read(client: GraphClient, graph: GraphStandIn) -> None:
    graph.groups[GROUP] = []
    graph.fail("/calendarView", 403)
    start = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)

    with pytest.raises(GraphError) as caught:
        await client.group_events(GROUP, start, start + dt.timedelta(days=1))

    assert (caught.value.reason, caught.value.operation) == ("forbidden", "calendar")
    assert "applikationstilladelsen Calendars.Read" in caught.value.explain()
    assert "Files.Read.All" not in caught.value.explain()


async def test_404_says_the_link_leads_nowhere(client: GraphClient, graph: GraphStandIn) -> None:
    with pytest.raises(GraphError) as caught:
        await client.download_shared(CHANNEL_FILE)  # never added

    assert (caught.value.reason, caught.value.status) == ("not_found", 404)
    assert "kan ikke finde filen (404)" in caught.value.explain()


async def test_429_waits_as_told_then_succeeds(client: GraphClient, graph: GraphStandIn, waits: list[float]) -> None:
    graph.add_file(CHANNEL_FILE, drive_item("Referat.txt", item_id="01FILE", size=len(MINUTES)), MINUTES)
    graph.fail("/driveItem", 429, times=2, retry_after="7")

    downloaded = await client.download_shared(CHANNEL_FILE)

    assert downloaded.content == MINUTES
    assert waits == [7.0, 7.0]


async def test_429_forever_gives_up_after_the_retries(
    client: GraphClient, graph: GraphStandIn, waits: list[float]
) -> None:
    graph.groups[GROUP] = []
    graph.fail("/calendarView", 429, times=10, retry_after="12")
    start = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)

    with pytest.raises(GraphError) as caught:
        await client.group_events(GROUP, start, start + dt.timedelta(days=1))

    assert (caught.value.reason, caught.value.retry_after) == ("throttled", 12.0)
    assert waits == [12.0, 12.0, 12.0]
    assert len([r for r in graph.requests if r.path.endswith("/calendarView")]) == 4
    assert "Prøv igen om 12 sekunder" in caught.value.explain()


async def test_a_retry_after_longer_than_the_longest_wait_is_not_waited_for(
    client: GraphClient, graph: GraphStandIn, waits: list[float]
) -> None:
    graph.fail("/shares/", 429, retry_after="3600")

    with pytest.raises(GraphError) as caught:
        await client.shared_item(CHANNEL_FILE)

    assert caught.value.reason == "throttled" and waits == []


async def test_a_hanging_graph_is_a_timeout(settings, tls, ssl_context, graph: GraphStandIn) -> None:
    graph.fail("/shares/", 200, hang=2.0)
    tokens = build_graph_token_source(settings, http_client=trusting_session(tls[0]), instance_discovery=False)
    timeout = aiohttp.ClientTimeout(total=0.5)
    async with GraphClient(tokens, base_url=graph.base_url, ssl_context=ssl_context, timeout=timeout) as client:
        with pytest.raises(GraphError) as caught:
            await client.shared_item(CHANNEL_FILE)

    assert caught.value.reason == "timeout"
    assert "svarede ikke i tide" in caught.value.explain()


async def test_an_unreachable_graph_is_explained(settings, tls, ssl_context) -> None:
    tokens = build_graph_token_source(settings, http_client=trusting_session(tls[0]), instance_discovery=False)
    async with GraphClient(tokens, base_url="https://127.0.0.1:9/v1.0", ssl_context=ssl_context) as client:
        with pytest.raises(GraphError) as caught:
            await client.shared_item(CHANNEL_FILE)

    assert caught.value.reason == "unreachable"


async def test_a_file_over_the_limit_is_refused_before_downloading(client: GraphClient, graph: GraphStandIn) -> None:
    size = 3 * 1024 * 1024
    graph.add_file(CHANNEL_FILE, drive_item("Referat med bilag.pdf", item_id="01BIG", size=size), b"%PDF")

    with pytest.raises(GraphError) as caught:
        await client.download_shared(CHANNEL_FILE)

    error = caught.value
    assert (error.reason, error.size, error.limit) == ("too_large", size, 1024 * 1024)
    assert not any(r.path.endswith("/content") for r in graph.requests) and graph.downloads == []
    assert error.explain() == (
        "Filen »Referat med bilag.pdf« fylder 3,0 MB; botten henter højst 1,0 MB (GRAPH_MAX_FILE_MB). "
        "Del referatet uden store bilag, eller hæv grænsen."
    )


async def test_a_download_that_grows_past_the_limit_is_stopped(client: GraphClient, graph: GraphStandIn) -> None:
    graph.add_file(CHANNEL_FILE, drive_item("Referat.pdf", item_id="01LIE", size=10), b"%PDF-1.7\n")
    graph.oversize_downloads = 2 * 1024 * 1024  # the metadata says 10 bytes; the stream does not stop

    with pytest.raises(GraphError) as caught:
        await client.download_shared(CHANNEL_FILE)

    assert caught.value.reason == "too_large"
    assert 1024 * 1024 < caught.value.size <= 1024 * 1024 + 64 * 1024  # stopped at the first chunk past it
