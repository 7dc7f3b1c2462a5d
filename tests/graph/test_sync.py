"""Folder and calendar sync per committee on a real SQLite file, through the Graph stand-in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.model import SOURCE_GRAPH, SOURCE_MINUTES, STATUS_CANCELLED, STATUS_PLANNED
from bot.calendar.service import Calendar, ImportCounts
from bot.clock import FixedClock
from bot.graph.client import GraphClient
from bot.graph.errors import GraphError
from bot.graph.sync import CalendarSync, FolderSync, OfferedFile, run_graph_sync
from bot.minutes.read import read_minutes
from tests.graph.standin import GraphStandIn, drive_item, group_event

Sessions = async_sessionmaker[AsyncSession]
COMMITTEE = "Følgegruppen for sundhed og beskæftigelse"
OTHER = "Fokusgruppen Sundhed & Beskæftigelse"
SECRETARY = "0b6a3c1e-aaaa-bbbb-cccc-00000000000a"
GROUP = "02bd9fd6-8f93-4758-87c3-1fb73740a315"
FOLDER_URL = "https://contoso.sharepoint.com/:f:/s/sundhed/EkX3referater?e=AbC123"
OTHER_FOLDER_URL = "https://contoso.sharepoint.com/:f:/s/fokus/EkY4referater?e=XyZ789"
DRIVE = "b!standin-drive"
NOW = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def share_folder(graph: GraphStandIn, url: str, folder_id: str, files: list[dict]) -> None:
    graph.add_file(url, drive_item("Referater", item_id=folder_id, folder=True), b"")
    graph.folders[(DRIVE, folder_id)] = files
    for item in files:
        graph.add_file(f"{DRIVE}/{item['id']}", item, f"content of {item['name']}".encode())


def folder_files() -> list[dict]:
    return [
        drive_item("Referat 2026-11-10.pdf", item_id="01PDF", size=30, modified="2026-11-12T08:00:00Z"),
        drive_item("Referat 2026-09-15.docx", item_id="01DOCX", size=31, modified="2026-09-20T08:00:00Z"),
        drive_item("Noter.txt", item_id="01TXT", size=20, modified="2026-11-20T08:00:00Z"),
        drive_item("Budget.xlsx", item_id="01XLSX", size=40),
        drive_item("Bilag", item_id="01SUB", folder=True),
    ]


# --- folder sync ------------------------------------------------------------------------------


async def test_each_minutes_file_is_offered_once_and_again_when_changed(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    files = folder_files()
    share_folder(graph, FOLDER_URL, "01FOLDER", files)
    sync = FolderSync(sessions, client, clock)

    link = await sync.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)
    first = await sync.poll(COMMITTEE)
    again = await sync.poll(COMMITTEE)
    files[2] = drive_item("Noter.txt", item_id="01TXT", etag_version=2, size=25, modified="2026-11-22T08:00:00Z")
    graph.folders[(DRIVE, "01FOLDER")] = files
    changed = await sync.poll(COMMITTEE)

    assert (link.folder_name, link.drive_id, link.item_id, link.set_by) == ("Referater", DRIVE, "01FOLDER", SECRETARY)
    assert [o.name for o in first] == ["Referat 2026-09-15.docx", "Referat 2026-11-10.pdf", "Noter.txt"]
    assert {o.committee for o in first} == {COMMITTEE}
    assert again == []
    assert [(o.name, o.item.etag) for o in changed] == [("Noter.txt", files[2]["eTag"])]
    stored = await sync.folder(COMMITTEE)
    assert stored is not None and stored.last_polled_at == NOW and stored.last_error is None


async def one_file_offered(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> tuple[FolderSync, OfferedFile]:
    """A folder with one minutes file (01PDF), synced for COMMITTEE and polled once."""
    share_folder(graph, FOLDER_URL, "01FOLDER", folder_files()[:1])
    sync = FolderSync(sessions, client, clock)
    await sync.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)
    [offer] = await sync.poll(COMMITTEE)
    return sync, offer


async def test_a_rename_is_no_new_version_but_new_content_is(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    sync, first = await one_file_offered(sessions, client, graph, clock)
    renamed = drive_item("Referat 10. november.pdf", item_id="01PDF", etag_version=2, ctag_version=1, size=30)
    graph.folders[(DRIVE, "01FOLDER")] = [renamed]
    after_rename = await sync.poll(COMMITTEE)
    edited = drive_item("Referat 10. november.pdf", item_id="01PDF", etag_version=3, ctag_version=2, size=31)
    graph.folders[(DRIVE, "01FOLDER")] = [edited]
    [after_edit] = await sync.poll(COMMITTEE)

    assert first.version == folder_files()[0]["cTag"] and after_rename == []
    assert (after_edit.name, after_edit.version) == ("Referat 10. november.pdf", edited["cTag"])


async def test_an_offer_that_could_not_be_shown_is_offered_again(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    sync, offer = await one_file_offered(sessions, client, graph, clock)

    await sync.release(offer)

    assert [o.item_id for o in await sync.poll(COMMITTEE)] == ["01PDF"]
    downloaded = await sync.download(offer)
    assert downloaded.content == b"content of Referat 2026-11-10.pdf"


async def test_two_replicas_polling_offer_a_file_once_between_them(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    share_folder(graph, FOLDER_URL, "01FOLDER", folder_files())
    one, two = FolderSync(sessions, client, clock), FolderSync(sessions, client, clock)
    await one.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)

    offered = await one.poll(COMMITTEE) + await two.poll(COMMITTEE)

    assert sorted(o.item_id for o in offered) == ["01DOCX", "01PDF", "01TXT"]


async def test_only_files_added_later_are_offered_when_asked(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    files = folder_files()
    share_folder(graph, FOLDER_URL, "01FOLDER", files)
    sync = FolderSync(sessions, client, clock)
    await sync.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY, offer_existing=False)
    before = await sync.poll(COMMITTEE)
    graph.folders[(DRIVE, "01FOLDER")] = [*files, drive_item("Referat 2027-01-19.html", item_id="01HTML")]

    assert before == []
    assert [o.name for o in await sync.poll(COMMITTEE)] == ["Referat 2027-01-19.html"]


async def test_a_folder_the_bot_may_not_read_is_refused_when_named(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    share_folder(graph, FOLDER_URL, "01FOLDER", folder_files())
    graph.fail("/shares/", 403)
    sync = FolderSync(sessions, client, clock)

    with pytest.raises(GraphError) as caught:
        await sync.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)

    assert (caught.value.reason, caught.value.operation) == ("forbidden", "folder")
    assert "mappen" in caught.value.explain()
    assert await sync.folder(COMMITTEE) is None


async def test_a_failed_poll_is_raised_and_remembered_for_the_secretary(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock
) -> None:
    share_folder(graph, FOLDER_URL, "01FOLDER", folder_files())
    sync = FolderSync(sessions, client, clock)
    await sync.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)
    graph.fail("/children", 403)

    with pytest.raises(GraphError):
        await sync.poll(COMMITTEE)
    failed = await sync.folder(COMMITTEE)
    clock.advance(dt.timedelta(hours=1))
    recovered = await sync.poll(COMMITTEE)

    assert failed is not None and failed.last_polled_at is None
    assert failed.last_error is not None and "Files.Read.All" in failed.last_error
    assert len(recovered) == 3  # nothing was marked offered by the failed poll
    stored = await sync.folder(COMMITTEE)
    assert stored is not None and stored.last_error is None


# --- calendar sync ----------------------------------------------------------------------------


def group_events() -> list[dict]:
    return [
        # 19 January 2027 09.00-12.00 local: the meeting the 10 November minutes announce.
        group_event(
            "Møde i følgegruppen",
            "2027-01-19T08:00:00.0000000",
            "2027-01-19T11:00:00.0000000",
            uid="J19",
            location="Regionshuset Kystvig, mødelokale 2",
        ),
        group_event("Temadag", "2027-03-04T00:00:00.0000000", "2027-03-05T00:00:00.0000000", uid="M04", all_day=True),
        group_event("Møde i følgegruppen", "2027-05-11T07:00:00.0000000", "2027-05-11T10:00:00.0000000", uid="M11"),
        group_event(
            "Aflyst workshop", "2027-02-02T12:00:00.0000000", "2027-02-02T14:00:00.0000000", uid="F02", cancelled=True
        ),
    ]


@pytest.fixture
def calendar(sessions: Sessions, clock: FixedClock) -> Calendar:
    return Calendar(sessions, clock)


async def test_group_events_flow_into_the_meeting_calendar(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock, calendar: Calendar
) -> None:
    await calendar.sync_from_minutes(
        read_minutes(EXAMPLES / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-11-10.txt")
    )
    minutes_meetings = await calendar.upcoming(COMMITTEE)
    announced = [m for m in minutes_meetings if m.local_date == dt.date(2027, 1, 19)]
    graph.groups[GROUP] = group_events()
    sync = CalendarSync(sessions, client, calendar, clock)

    link = await sync.set_group(COMMITTEE, GROUP.upper(), by=SECRETARY)
    counts = await sync.sync(COMMITTEE)
    upcoming = await calendar.upcoming(COMMITTEE)
    repeated = await sync.sync(COMMITTEE)

    assert link.group_id == GROUP
    assert counts == ImportCounts(added=2, updated=1, unchanged=0)
    assert [(m.local_date, m.local_start, m.place) for m in upcoming if m.source == SOURCE_GRAPH] == [
        (dt.date(2027, 1, 19), dt.time(9, 0), "Regionshuset Kystvig, mødelokale 2"),
        (dt.date(2027, 3, 4), None, None),
        (dt.date(2027, 5, 11), dt.time(9, 0), None),
    ]
    # The other 2027 meetings the minutes list are not in the group calendar: they stay as the minutes say.
    assert len([m for m in upcoming if m.source == SOURCE_MINUTES]) == len(minutes_meetings) - 1
    # The minutes' meeting was taken over, not listed twice.
    assert len(announced) == 1 and upcoming[0].id == announced[0].id
    assert repeated == ImportCounts(added=0, updated=0, unchanged=3)
    assert len(minutes_meetings) > 2
    stored = await sync.group(COMMITTEE)
    assert stored is not None and stored.last_synced_at == NOW and stored.last_error is None


async def test_cancelled_moved_and_deleted_events_change_the_calendar(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock, calendar: Calendar
) -> None:
    events = group_events()
    graph.groups[GROUP] = events
    sync = CalendarSync(sessions, client, calendar, clock)
    await sync.set_group(COMMITTEE, GROUP, by=SECRETARY)
    await sync.sync(COMMITTEE)

    events[0] = group_event(
        "Møde i følgegruppen", "2027-01-19T08:00:00.0000000", "2027-01-19T11:00:00.0000000", uid="J19", cancelled=True
    )
    events[1] = group_event("Temadag", "2027-03-04T12:00:00.0000000", "2027-03-04T15:00:00.0000000", uid="M04")
    del events[2]  # deleted in Outlook
    clock.advance(dt.timedelta(days=1))
    counts = await sync.sync(COMMITTEE)

    meetings = {m.local_date: m for m in await calendar.meetings(COMMITTEE)}
    assert counts == ImportCounts(added=0, updated=3, unchanged=0)
    assert meetings[dt.date(2027, 1, 19)].status == STATUS_CANCELLED
    assert meetings[dt.date(2027, 5, 11)].status == STATUS_CANCELLED
    moved = meetings[dt.date(2027, 3, 4)]
    assert (moved.status, moved.all_day, moved.local_start) == (STATUS_PLANNED, False, dt.time(13, 0))


async def test_a_failed_calendar_sync_changes_nothing_and_is_remembered(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock, calendar: Calendar
) -> None:
    graph.groups[GROUP] = group_events()
    sync = CalendarSync(sessions, client, calendar, clock)
    await sync.set_group(COMMITTEE, GROUP, by=SECRETARY)
    graph.fail("/calendarView", 403)

    with pytest.raises(GraphError):
        await sync.sync(COMMITTEE)

    assert await calendar.meetings(COMMITTEE) == []
    stored = await sync.group(COMMITTEE)
    assert stored is not None and stored.last_error is not None and "Calendars.Read" in stored.last_error


async def test_a_group_id_must_be_a_guid(sessions: Sessions, client: GraphClient, clock, calendar: Calendar) -> None:
    with pytest.raises(ValueError, match="objekt-id"):
        await CalendarSync(sessions, client, calendar, clock).set_group(COMMITTEE, "Følgegruppen", by=SECRETARY)


# --- the scheduler's entry point --------------------------------------------------------------


async def test_run_graph_sync_runs_every_committee_and_reports_failures(
    sessions: Sessions, client: GraphClient, graph: GraphStandIn, clock: FixedClock, calendar: Calendar
) -> None:
    share_folder(graph, FOLDER_URL, "01FOLDER", folder_files())
    share_folder(graph, OTHER_FOLDER_URL, "01OTHER", [drive_item("Referat fokus.pdf", item_id="01FOKUS")])
    graph.groups[GROUP] = group_events()
    folders = FolderSync(sessions, client, clock)
    calendars = CalendarSync(sessions, client, calendar, clock)
    await folders.set_folder(COMMITTEE, FOLDER_URL, by=SECRETARY)
    await folders.set_folder(OTHER, OTHER_FOLDER_URL, by=SECRETARY)
    await calendars.set_group(COMMITTEE, GROUP, by=SECRETARY)
    del graph.folders[(DRIVE, "01OTHER")]  # the other committee's folder was deleted

    report = await run_graph_sync(folders, calendars)

    assert sorted(o.item_id for o in report.offered) == ["01DOCX", "01PDF", "01TXT"]
    [(key, error)] = report.errors.items()
    assert key == (OTHER, "folder") and error.reason == "not_found"
    assert report.calendars == {COMMITTEE: ImportCounts(added=3, updated=0, unchanged=0)}
