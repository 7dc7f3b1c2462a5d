"""Minutes and meetings from Microsoft 365, through the real service on 127.0.0.1.

The app is the one ``create_app`` builds, with Microsoft Graph configured against the HTTPS stand-ins
for Entra ID and Graph (tests/graph/standin.py), whose self-signed certificate only this app is told
to trust (``graph_ca_file``). The Bot Framework side runs in local mode against the connector
stand-in, so replies, review cards sent to a secretary's personal chat and invoke responses are read
where Teams would get them. The scheduled sync is run with its run-now hook; nothing sleeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app import GRAPH, GRAPH_SYNC, SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.graph.config import GRAPH_SCOPE, GraphSettings
from bot.scheduling.graph import GraphSyncRun
from bot.settings import Settings
from storage.models import MinutesDocument, PendingMinutesRow
from tests.e2e.test_proposals import (
    CHANNEL,
    INVOKE_MESSAGE,
    PERSONAL,
    SECRETARY_OID,
    SEEDS,
    as_secretary,
    buttons,
    card_of,
    facts,
    shown,
    start,
)
from tests.e2e.test_upload_minutes import COMMITTEE, EXAMPLE, FILE_NAME, QUESTION, UploadBot, upload_id_of
from tests.graph.standin import EntraStandIn, GraphStandIn, drive_item, group_event
from tests.minutes.conftest import make_pdf
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn, Received, make_self_signed_certificate

ROOT = Path(__file__).resolve().parents[2]
NOVEMBER = ROOT / "examples" / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-11-10.txt"
TENANT = "0a1b2c3d-0000-4000-8000-00000000beef"
SECRET = "graph-s3cret"
SEPTEMBER = dt.datetime(2026, 9, 17, 10, 0, tzinfo=COMMITTEE_TZ)
DRIVE = "b!standin-drive"
SHARED_FILE = "https://contoso.sharepoint.com/sites/sundhed/Delte%20dokumenter/General/Referat%2015.%20september.pdf"
FOLDER_LINK = "https://contoso.sharepoint.com/:f:/s/sundhed/EhQ3Referater?e=Kf7xQ2"
GROUP_ID = "5c2f8a4e-1b3d-4e6f-9a0b-7c8d9e0f1a2b"
NOVEMBER_FILE = "Referat 10. november 2026.txt"
SECRETARY_CHAT = "a:secretary-personal-chat"  # as_secretary's personal chat


class GraphBot(UploadBot):
    """The running service with Graph configured, and the Graph stand-in it reads."""

    graph: GraphStandIn
    entra: EntraStandIn

    async def secretary_says(self, text: str, **changes: Any) -> list[Received]:
        return await self.say(as_secretary(self.activity(PERSONAL, text=text, **changes)))

    async def sync(self) -> GraphSyncRun:
        return await self.app[GRAPH_SYNC].run_now()

    def sent_to_secretary(self, since: int) -> list[Received]:
        """New messages the bot started in the secretary's personal chat (proactive: "send", not "reply")."""
        return [r for r in self.connector.received[since:] if r.kind == "send" and r.conversation_id == SECRETARY_CHAT]

    def add_minutes_file(self) -> dict[str, Any]:
        """The minutes of 10 November 2026 as a file in the folder's drive; returns its driveItem."""
        data = NOVEMBER.read_bytes()
        minutes = drive_item(NOVEMBER_FILE, drive_id=DRIVE, item_id="01NOV", size=len(data))
        self.graph.add_file(f"{DRIVE}/01NOV", minutes, data)
        return minutes

    def add_folder(self, *children: dict[str, Any]) -> None:
        folder = drive_item("Referater", drive_id=DRIVE, item_id="01FOLDER", folder=True)
        self.graph.add_file(FOLDER_LINK, folder, b"")
        self.graph.folders[(DRIVE, "01FOLDER")] = list(children)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[GraphBot]:
    (tmp_path / "tls").mkdir()
    cert, key = make_self_signed_certificate(tmp_path / "tls")
    entra = await EntraStandIn(cert, key, client_secret=SECRET).start()
    graph = await GraphStandIn(cert, key, entra=entra).start()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        load_examples=False,
        secretaries={COMMITTEE: (SECRETARY_OID,)},
        upload_max_mb=1,
        # Graph on, the Bot Framework in local mode: the connector stand-in takes plain HTTP.
        graph=GraphSettings(
            client_id=entra.client_id,
            tenant_id=TENANT,
            client_secret=SECRET,
            base_url=graph.base_url,
            login_host=entra.login_host,
            max_file_bytes=1024 * 1024,
        ),
    )
    clock = FixedClock(SEPTEMBER)
    app = create_app(settings, clock, graph_ca_file=cert)
    runner = web.AppRunner(app, access_log=None)
    async with ConnectorStandIn() as connector:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        for seed in sorted(SEEDS.glob("*.txt")):
            await app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
        running = GraphBot(app, f"http://127.0.0.1:{runner.addresses[0][1]}", clock, connector)
        running.graph, running.entra = graph, entra
        try:
            yield running
        finally:
            await running.close()
            await runner.cleanup()
            await graph.close()
            await entra.close()


# ---------------------------------------------------------------------------- (a) a file shared in a channel


async def test_a_file_shared_in_a_channel_is_fetched_through_graph_reviewed_approved_and_answers(
    bot: GraphBot, tmp_path: Path
) -> None:
    pdf = make_pdf(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "r.pdf").read_bytes()
    bot.graph.add_file(SHARED_FILE, drive_item(FILE_NAME, item_id="01REFERAT", size=len(pdf)), pdf)
    inbound = as_secretary(bot.activity(CHANNEL, text=""))
    inbound["attachments"] = [
        *inbound["attachments"],  # the message's own HTML, which is no file
        {"contentType": "reference", "contentUrl": SHARED_FILE, "name": FILE_NAME},
    ]

    [review] = await bot.say(inbound)

    # The bot signed in as itself (client credentials, for Graph) and fetched the file with that token.
    [token_request] = bot.entra.token_requests
    assert token_request["grant_type"] == "client_credentials" and token_request["scope"] == GRAPH_SCOPE
    assert token_request["client_id"] == bot.entra.client_id
    assert [r.path.rsplit("/", 1)[-1] for r in bot.graph.requests] == ["driveItem", "content"]
    assert {r.authorization for r in bot.graph.requests} == {"Bearer graph-token-1"}
    assert [d.authorization for d in bot.graph.downloads] == [None]  # the pre-authenticated URL gets no token
    # The review card answers in the channel's thread.
    assert review.kind == "reply" and review.activity_id == inbound["id"]
    card = card_of(review)
    assert facts(card)["Fil"] == FILE_NAME and facts(card)["Udvalg"] == COMMITTEE
    assert facts(card)["Sendt af"] == "Sanne Sekretær"
    assert "Forslag om fælles telefonlinje for sagsbehandlere – afvist" in shown(card)
    assert "Det kan jeg ikke finde" in shown(await bot.ask())  # nothing is used before approval

    status, pressed = await bot.press({"action": "approve_upload", "upload_id": upload_id_of(card)})

    assert status == 200 and shown(pressed["value"]).startswith("Referatet er godkendt")
    answer = await bot.ask(QUESTION)
    assert "fælles telefonlinje" in shown(answer) and "afvist" in shown(answer)
    assert facts(answer)["Udvalg"] == COMMITTEE and facts(answer)["Dokument"] == FILE_NAME


async def test_a_refused_shared_file_is_explained_with_the_permission_it_needs(bot: GraphBot) -> None:
    bot.graph.fail("/shares/", 403)
    inbound = as_secretary(bot.activity(CHANNEL, text=""))
    inbound["attachments"] = [{"contentType": "reference", "contentUrl": SHARED_FILE, "name": FILE_NAME}]

    [reply] = await bot.say(inbound)

    assert reply.body["text"] == (
        "Botten har ikke lov til at læse filen (403). En administrator skal give app-registreringen "
        "applikationstilladelsen Sites.Selected (med læseadgang til webstedet) eller Files.Read.All og give "
        "administratorsamtykke."
    )
    assert await bot.count(PendingMinutesRow) == 0


# ---------------------------------------------------------------------------- (b) a synced folder


async def test_a_new_file_in_the_committees_folder_is_put_before_the_secretary_once(bot: GraphBot) -> None:
    picture = drive_item("Gruppebillede.png", drive_id=DRIVE, item_id="01PNG", size=10)
    subfolder = drive_item("Bilag", drive_id=DRIVE, item_id="01SUB", folder=True)
    old = drive_item("Referat 15. september.txt", drive_id=DRIVE, item_id="01OLD", size=10)
    bot.add_folder(old, picture, subfolder)

    [reply] = await bot.secretary_says(f"referatmappe {FOLDER_LINK}")

    assert reply.body["text"].startswith(f"Referatmappen for {COMMITTEE} er nu »Referater«.")
    assert "Filer, der allerede ligger i mappen, sender jeg ikke" in reply.body["text"]
    bot.add_folder(old, bot.add_minutes_file(), picture, subfolder)
    before = len(bot.connector.received)

    run = await bot.sync()

    # New minutes only: not the file already there, no picture or folder.
    assert [offer.name for offer in run.report.offered] == [NOVEMBER_FILE]
    [sent] = bot.sent_to_secretary(before)
    card = card_of(sent.body)
    assert shown(card).startswith("Nyt referat til godkendelse")
    assert facts(card)["Fil"] == NOVEMBER_FILE and facts(card)["Udvalg"] == COMMITTEE
    assert facts(card)["Sendt af"] == "SharePoint"
    assert [b["title"] for b in buttons(card, "approve_upload")] == ["Godkend"]
    assert len(bot.connector.received) == before + 1  # to the secretary only

    # The next sync offers nothing: the file was put before the secretary once.
    again = await bot.sync()
    assert again.report.offered == [] and len(bot.connector.received) == before + 1
    assert await bot.count(PendingMinutesRow) == 1

    status, pressed = await bot.press({"action": "approve_upload", "upload_id": upload_id_of(card)})
    assert status == 200 and shown(pressed["value"]).startswith("Referatet er godkendt")
    assert await bot.count(MinutesDocument) == 3


async def test_a_card_that_reached_nobody_is_offered_again_at_the_next_sync(bot: GraphBot) -> None:
    bot.add_folder()
    await bot.secretary_says(f"referatmappe {FOLDER_LINK}")
    bot.add_folder(bot.add_minutes_file())
    bot.connector.fail_next(403)  # e.g. the secretary removed the app meanwhile

    first = await bot.sync()

    assert [offer.name for offer in first.released] == [NOVEMBER_FILE] and first.reviewed == []
    before = len(bot.connector.received)
    second = await bot.sync()
    assert [offer.name for offer, _ in second.reviewed] == [NOVEMBER_FILE]
    [sent] = bot.sent_to_secretary(before)
    assert facts(card_of(sent.body))["Fil"] == NOVEMBER_FILE
    assert await bot.count(PendingMinutesRow) == 1  # the same pending upload both times


async def test_a_file_that_cannot_be_minutes_is_told_to_the_secretary_once(bot: GraphBot) -> None:
    broken = drive_item("Referat 1. december.pdf", drive_id=DRIVE, item_id="01BAD", size=20)
    bot.add_folder()
    await bot.secretary_says(f"referatmappe {FOLDER_LINK}")
    bot.add_folder(broken)
    bot.graph.add_file(f"{DRIVE}/01BAD", broken, b"%PDF-1.4 not really")
    before = len(bot.connector.received)

    run = await bot.sync()

    [told] = bot.sent_to_secretary(before)
    assert told.body["text"].startswith(
        f"Referatmappen for {COMMITTEE}: jeg kan ikke tage »Referat 1. december.pdf« ind. "
    )
    assert [offer.name for offer in run.told] == ["Referat 1. december.pdf"]
    assert (await bot.sync()).told == [] and await bot.count(PendingMinutesRow) == 0


# ---------------------------------------------------------------------------- (c) a group calendar


async def test_the_group_calendars_meeting_answers_when_the_next_meeting_is(bot: GraphBot) -> None:
    place = "Regionshuset Kystvig, mødelokale 2"
    bot.graph.groups[GROUP_ID] = [
        group_event(
            "Følgegruppemøde", "2026-10-20T08:00:00.0000000", "2026-10-20T11:00:00.0000000", uid="OKT", location=place
        ),
        group_event("Juleafslutning", "2026-12-10T14:00:00.0000000", "2026-12-10T16:00:00.0000000", uid="DEC"),
    ]

    [reply] = await bot.secretary_says(f"kalendergruppe {GROUP_ID}")

    assert reply.body["text"].startswith(
        f"Møderne i {COMMITTEE}s mødekalender hentes nu fra Microsoft 365-gruppens kalender ({GROUP_ID}): 2 nye"
    )
    calendar_views = [r for r in bot.graph.requests if r.path.endswith("/calendarView")]
    assert calendar_views and {r.prefer for r in calendar_views} == {'outlook.timezone="UTC"'}
    run = await bot.sync()
    assert run.report.errors == {} and COMMITTEE in run.report.calendars

    answer = shown(await bot.ask("Hvornår er næste møde?"))

    assert f"Næste møde i {COMMITTEE} er 20. oktober 2026 kl. 10.00" in answer
    assert "Regionshuset Kystvig, mødelokale 2" in answer
    assert "importeret fra gruppens Outlook-kalender" in answer


# ---------------------------------------------------------------------------- (d) failures and who may


async def test_a_refused_folder_listing_is_explained_by_the_status_command(bot: GraphBot) -> None:
    bot.add_folder()
    await bot.secretary_says(f"referatmappe {FOLDER_LINK}")
    bot.graph.fail("/children", 403)

    run = await bot.sync()

    assert run.report.errors[(COMMITTEE, "folder")].status == 403
    [status] = await bot.secretary_says("synkronisering")
    text = status.body["text"]
    assert text.startswith(f"Microsoft 365 for {COMMITTEE}:\n• Referatmappe: »Referater«, ikke læst endnu.")
    assert "Sidste forsøg gik galt: Botten har ikke lov til at læse mappen (403)." in text
    assert "Sites.Selected" in text and "Files.Read.All" in text
    assert "• Ingen gruppekalender." in text

    # In English too, with the stored reason as it was written.
    [english] = await bot.secretary_says("sync status", locale="en-US")
    assert "The last attempt failed (the reason, in Danish): Botten har ikke lov" in english.body["text"]

    # After a good sync the error is gone and the time of the listing is shown.
    await bot.sync()
    [after] = await bot.secretary_says("referatmappe")
    assert "sidst læst 17. september 2026 kl. 10.00" in after.body["text"]
    assert "gik galt" not in after.body["text"]


async def test_a_folder_graph_refuses_is_explained_when_it_is_set(bot: GraphBot) -> None:
    bot.graph.fail("/shares/", 403)

    [reply] = await bot.secretary_says(f"referatmappe {FOLDER_LINK}", locale="en-US")

    assert reply.body["text"].startswith(f"I could not use the folder as the minutes folder of {COMMITTEE}. ")
    assert "Sites.Selected" in reply.body["text"] and "Files.Read.All" in reply.body["text"]
    [status] = await bot.secretary_says("synkronisering")
    assert "Ingen referatmappe" in status.body["text"]


async def test_only_a_secretary_may_set_a_folder_or_a_group(bot: GraphBot) -> None:
    bot.add_folder()
    member = bot.activity(PERSONAL, text=f"referatmappe {FOLDER_LINK}")

    [reply] = await bot.say(member)
    [group] = await bot.say(bot.activity(PERSONAL, text=f"kalendergruppe {GROUP_ID}", locale="en-US"))

    assert reply.body["text"].startswith("Beklager, det er kun udvalgenes sekretærer")
    assert group.body["text"].startswith("Sorry, only the committees' secretaries")
    assert bot.graph.requests == []


async def test_removing_the_folder_and_the_group_stops_their_sync(bot: GraphBot) -> None:
    bot.add_folder()
    bot.graph.groups[GROUP_ID] = []
    await bot.secretary_says(f"referatmappe {FOLDER_LINK}")
    await bot.secretary_says(f"kalendergruppe {GROUP_ID} for følgegruppen for sundhed")

    [folder] = await bot.secretary_says("fjern referatmappe")
    [group] = await bot.secretary_says("fjern kalendergruppe")
    [again] = await bot.secretary_says("fjern referatmappe")

    assert folder.body["text"].startswith(f"Referatmappen for {COMMITTEE} er fjernet")
    assert group.body["text"].startswith(f"Gruppekalenderen for {COMMITTEE} er fjernet")
    assert again.body["text"] == f"{COMMITTEE} har ingen referatmappe."
    requests = len(bot.graph.requests)
    run = await bot.sync()
    assert run.report.offered == [] and run.report.calendars == {} and len(bot.graph.requests) == requests


async def test_the_help_card_tells_secretaries_about_files_folders_and_group_calendars(bot: GraphBot) -> None:
    [reply] = await bot.say(bot.activity(PERSONAL, text="hjælp"))

    text = shown(card_of(reply))
    assert "For sekretariatet" in text and "Send referatet som fil" in text
    assert "referatmappe <link>" in text and "kalendergruppe <gruppe-id>" in text and "synkronisering" in text


async def test_a_member_cannot_approve_the_folders_minutes(bot: GraphBot) -> None:
    bot.add_folder()
    await bot.secretary_says(f"referatmappe {FOLDER_LINK}")
    bot.add_folder(bot.add_minutes_file())
    before = len(bot.connector.received)
    await bot.sync()
    [sent] = bot.sent_to_secretary(before)

    # A member who got hold of the button's data may not approve the folder's minutes.
    data_ = {"action": "approve_upload", "upload_id": upload_id_of(card_of(sent.body))}
    status, pressed = await bot.post(bot.activity("invoke_adaptive_card_action_personal.json", value=data_))

    assert status == 200 and pressed["type"] == INVOKE_MESSAGE
    assert "kun sekretariatet for" in pressed["value"]
    assert await bot.count(MinutesDocument) == 2


async def test_without_graph_settings_no_client_or_sync_starts_and_the_bot_says_so(tmp_path: Path) -> None:
    async with ConnectorStandIn() as connector:
        runner, plain = await start(tmp_path, connector, SEPTEMBER)  # the seeds' secretary, no Graph
        try:
            assert GRAPH not in plain.app and GRAPH_SYNC not in plain.app
            inbound = as_secretary(plain.activity(CHANNEL, text=""))
            inbound["attachments"] = [{"contentType": "reference", "contentUrl": SHARED_FILE, "name": FILE_NAME}]

            [shared] = await plain.say(inbound)
            [status] = await plain.say(as_secretary(plain.activity(PERSONAL, text=f"referatmappe {FOLDER_LINK}")))

            assert shared.body["text"].startswith("Filer delt i kanaler og gruppechats hentes gennem Microsoft Graph")
            assert status.body["text"].startswith("Jeg kunne ikke bruge mappen som referatmappe")
            assert "Microsoft Graph er ikke sat op for botten" in status.body["text"]
        finally:
            await plain.close()
            await runner.cleanup()
