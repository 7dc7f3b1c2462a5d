"""Minutes sent as a file in a Teams personal chat, through the real service on 127.0.0.1.

The file message starts from the real Teams attachment payload
(../shared/activities/message_personal_file_attachment_docs_fragment.json) put into the recorded
personal-chat message; its ``downloadUrl`` points at a local file server serving a PDF built from the
sample minutes of 15 September 2026 (a committee the seeds do not know). Replies are read where they
arrive: the Bot Connector stand-in, or the invoke response of an Action.Execute button.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.app import ENGINE, SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.settings import Settings
from bot.uploads.download import MEBIBYTE
from storage.database import session_factory
from storage.models import MinutesDocument, PendingMinutesRow
from tests.e2e.test_proposals import (
    ACTIVITIES,
    ADAPTIVE,
    INVOKE,
    INVOKE_MESSAGE,
    PERSONAL,
    SECRETARY_OID,
    SEEDS,
    Bot,
    as_secretary,
    buttons,
    card_of,
    facts,
    shown,
)
from tests.minutes.conftest import make_pdf
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn
from tests.uploads.file_server import FileServer
from tests.uploads.test_service import WITHOUT_COMMITTEE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "referat_foelgegruppen-sundhed-beskaeftigelse_2026-09-15.txt"
FILE_FRAGMENT = "message_personal_file_attachment_docs_fragment.json"
COMMITTEE = "Følgegruppen for sundhed og beskæftigelse"
FILE_NAME = "Referat følgegruppen 15. september 2026.pdf"
QUESTION = "Hvorfor blev forslaget om en fælles telefonlinje afvist?"
SEPTEMBER = dt.datetime(2026, 9, 17, 10, 0, tzinfo=COMMITTEE_TZ)


class UploadBot(Bot):
    """The running service, plus the file server its download links point at."""

    files: FileServer

    def file_message(self, name: str, *, url: str | None = None, secretary: bool = True, **changes: Any) -> dict:
        """The recorded personal-chat message carrying Teams' real file attachment, pointed at ``name``."""
        [attachment] = json.loads((ACTIVITIES / FILE_FRAGMENT).read_text(encoding="utf-8"))["attachments"]
        attachment["name"] = name
        attachment["content"]["downloadUrl"] = url or self.files.url(name)
        attachment["content"]["fileType"] = name.rsplit(".", 1)[-1]
        activity = self.activity(PERSONAL, text="", attachments=[attachment], **changes)
        return as_secretary(activity) if secretary else activity

    async def press(self, data: dict, **changes: Any) -> tuple[int, Any]:
        """The secretary presses an Action.Execute button with ``data``; returns the invoke response."""
        return await self.post(as_secretary(self.activity(INVOKE, value=data, **changes)))

    async def ask(self, question: str = QUESTION) -> dict:
        [reply] = await self.say(self.activity(PERSONAL, text=question))
        return card_of(reply)

    async def count(self, table: type) -> int:
        async with session_factory(self.app[ENGINE])() as session:
            return await session.scalar(select(func.count()).select_from(table)) or 0


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[UploadBot]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        load_examples=False,
        secretaries={COMMITTEE: (SECRETARY_OID,)},
        upload_max_mb=1,
    )
    clock = FixedClock(SEPTEMBER)
    app = create_app(settings, clock)
    runner = web.AppRunner(app, access_log=None)
    async with ConnectorStandIn() as connector, FileServer() as files:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        for seed in sorted(SEEDS.glob("*.txt")):
            await app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
        running = UploadBot(app, f"http://127.0.0.1:{runner.addresses[0][1]}", clock, connector)
        running.files = files
        files.files[FILE_NAME] = make_pdf(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "r.pdf").read_bytes()
        try:
            yield running
        finally:
            await running.close()
            await runner.cleanup()


def upload_id_of(card: dict) -> int:
    [approve] = buttons(card, "approve_upload")
    return approve["data"]["upload_id"]


# ---------------------------------------------------------------------------- the review and approval


async def test_a_secretarys_pdf_is_reviewed_approved_and_then_answers_questions(bot: UploadBot) -> None:
    inbound = bot.file_message(FILE_NAME)

    [review] = await bot.say(inbound)

    assert review.kind == "reply" and review.activity_id == inbound["id"]
    card = card_of(review)
    text = shown(card)
    assert text.startswith("Nyt referat til godkendelse")
    assert facts(card)["Fil"] == FILE_NAME
    assert facts(card)["Udvalg"] == COMMITTEE
    assert facts(card)["Møde"] == "tirsdag den 15. september 2026"
    assert facts(card)["Sendt af"] == "Sanne Sekretær"
    assert facts(card)["Status"] == "afventer godkendelse"
    assert "Punkter (10)" in text
    assert "Forslag om fælles telefonlinje for sagsbehandlere – afvist" in text
    assert "Status på smerteforløb i jobcentrene – godkendt" in text
    assert "Elektronisk udveksling af statusattester – udskudt" in text
    assert "Frist" in text and "Næste møde" in text  # the dates' kinds
    assert "Tjek før du godkender" not in text  # dated, named, every item read: no warnings
    approve, reject = buttons(card, "approve_upload"), buttons(card, "reject_upload")
    assert [b["title"] for b in approve + reject] == ["Godkend", "Afvis"]
    assert approve[0]["data"] == {"action": "approve_upload", "upload_id": upload_id_of(card)}
    assert approve[0]["fallback"]["type"] == "Action.Submit"
    assert bot.files.requests == [f"/files/{FILE_NAME}"]

    # Nothing is used before approval.
    assert "Det kan jeg ikke finde" in shown(await bot.ask())
    assert await bot.count(MinutesDocument) == 2  # the seeds only

    status, pressed = await bot.press({"action": "approve_upload", "upload_id": upload_id_of(card)})

    assert status == 200 and pressed["type"] == ADAPTIVE
    decided = pressed["value"]
    assert shown(decided).startswith("Referatet er godkendt")
    assert (
        f"Referatet er gemt: {COMMITTEE}, mødet 15. september 2026. Jeg bruger det nu til svar, mødekalenderen "
        "og påmindelser." in shown(decided)
    )
    assert facts(decided)["Status"] == "godkendt af Sanne Sekretær torsdag den 17. september 2026"
    assert buttons(decided, "approve_upload") == []

    answer = await bot.ask()
    assert "fælles telefonlinje" in shown(answer) and "afvist" in shown(answer)
    assert facts(answer)["Udvalg"] == COMMITTEE
    assert facts(answer)["Møde"] == "tirsdag den 15. september 2026"
    assert facts(answer)["Dokument"] == FILE_NAME

    # Pressing again stores nothing and says it is done.
    status, again = await bot.press({"action": "approve_upload", "upload_id": upload_id_of(card)})
    assert status == 200 and again["type"] == INVOKE_MESSAGE
    assert again["value"].startswith(f"»{FILE_NAME}« er allerede godkendt af Sanne Sekretær")
    assert await bot.count(MinutesDocument) == 3


async def test_an_english_secretary_gets_an_english_card(bot: UploadBot) -> None:
    [review] = await bot.say(bot.file_message(FILE_NAME, locale="en-US"))

    card = card_of(review)
    assert card["lang"] == "en" and shown(card).startswith("New minutes for review")
    assert facts(card)["Meeting"] == "Tuesday 15 September 2026"
    assert "Forslag om fælles telefonlinje for sagsbehandlere – rejected" in shown(card)
    assert [b["title"] for b in buttons(card, "approve_upload") + buttons(card, "reject_upload")] == [
        "Approve",
        "Reject",
    ]


async def test_a_rejected_file_is_discarded_and_never_answers(bot: UploadBot) -> None:
    [review] = await bot.say(bot.file_message(FILE_NAME))
    [reject] = buttons(card_of(review), "reject_upload")

    # Action.Submit (the fallback) arrives as a message with the button's data.
    [reply] = await bot.say(as_secretary(bot.activity(PERSONAL, text="", value=reject["fallback"]["data"])))

    card = card_of(reply)
    assert shown(card).startswith("Referatet er afvist")
    assert f"Referatet »{FILE_NAME}« er afvist og slettet. Intet af det er gemt." in shown(card)
    assert "Det kan jeg ikke finde" in shown(await bot.ask())
    assert await bot.count(MinutesDocument) == 2
    status, late = await bot.press({"action": "approve_upload", "upload_id": upload_id_of(card_of(review))})
    assert status == 200 and "allerede afvist" in late["value"]
    assert await bot.count(MinutesDocument) == 2


async def test_someone_who_is_not_a_secretary_is_told_kindly_and_nothing_is_downloaded(bot: UploadBot) -> None:
    [reply] = await bot.say(bot.file_message(FILE_NAME, secretary=False))

    assert reply.body["text"].startswith("Tak for filen. Det er kun sekretariatet, der lægger referater ind")
    assert bot.files.requests == []
    assert await bot.count(PendingMinutesRow) == 0


async def test_a_retried_file_activity_makes_one_pending_upload(bot: UploadBot) -> None:
    inbound = bot.file_message(FILE_NAME)
    retry = copy.deepcopy(inbound)  # Teams redelivers with the same activity id

    [first] = await bot.say(inbound)
    [second] = await bot.say(retry)

    assert await bot.count(PendingMinutesRow) == 1
    assert upload_id_of(card_of(first)) == upload_id_of(card_of(second))
    assert "Den fil har jeg allerede fået" in shown(card_of(second))
    assert len(bot.files.requests) == 1


# ---------------------------------------------------------------------------- failures explained


async def test_an_expired_download_link_is_explained(bot: UploadBot) -> None:
    [reply] = await bot.say(bot.file_message("Referat.pdf"))  # the file server has no such file: 404

    assert reply.body["text"] == (
        "Filen »Referat.pdf« findes ikke længere hos Teams (HTTP 404); linket kan være udløbet. Send filen igen."
    )
    assert await bot.count(PendingMinutesRow) == 0


UNUSABLE = f"Teams gav ikke et brugbart link til »{FILE_NAME}«. Send filen igen."


@pytest.mark.parametrize(
    "url",
    ["http://10.1.2.3/files/referat.pdf", "https://contoso-my.example.com/referat.pdf", "http://user:pw@127.0.0.1:9/r"],
)
async def test_in_local_mode_a_link_off_loopback_is_not_fetched(bot: UploadBot, url: str) -> None:
    # Anyone can claim a secretary's object id without credentials: the bot fetches only from this machine.
    # (The autouse no_internet fixture fails the test if a connection off loopback is even tried.)
    [reply] = await bot.say(bot.file_message(FILE_NAME, url=url))

    assert reply.body["text"] == UNUSABLE
    assert await bot.count(PendingMinutesRow) == 0


async def test_in_local_mode_a_redirect_to_another_host_is_not_followed(bot: UploadBot) -> None:
    async with FileServer() as elsewhere:
        elsewhere.files[FILE_NAME] = bot.files.files[FILE_NAME]
        redirect = f"{bot.files.base_url}/redirect?to={elsewhere.url(FILE_NAME)}"

        [reply] = await bot.say(bot.file_message(FILE_NAME, url=redirect))

        assert reply.body["text"] == UNUSABLE
        assert elsewhere.requests == []
    assert bot.files.requests == ["/redirect"]
    assert await bot.count(PendingMinutesRow) == 0


async def test_in_local_mode_a_redirect_on_the_same_host_is_followed(bot: UploadBot) -> None:
    redirect = f"{bot.files.base_url}/redirect?to=/files/{FILE_NAME}"

    [reply] = await bot.say(bot.file_message(FILE_NAME, url=redirect))

    assert COMMITTEE in shown(card_of(reply))
    assert bot.files.requests == ["/redirect", f"/files/{FILE_NAME}"]
    assert await bot.count(PendingMinutesRow) == 1


async def test_a_file_over_the_limit_is_explained(bot: UploadBot) -> None:
    bot.files.files["Stort referat.pdf"] = b"%PDF-1.4" + bytes(2 * MEBIBYTE)

    [reply] = await bot.say(bot.file_message("Stort referat.pdf"))

    assert reply.body["text"].startswith(
        "»Stort referat.pdf« fylder 2 MB, og jeg tager kun imod referater på op til 1 MB."
    )
    assert await bot.count(PendingMinutesRow) == 0


async def test_a_password_protected_pdf_is_explained(bot: UploadBot, tmp_path: Path) -> None:
    locked = make_pdf(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "l.pdf", password="hemmelig")
    bot.files.files["Låst referat.pdf"] = locked.read_bytes()

    [reply] = await bot.say(bot.file_message("Låst referat.pdf"))

    assert reply.body["text"] == (
        "Låst referat.pdf: PDF'en er beskyttet med adgangskode. Fjern beskyttelsen (gem en kopi uden "
        "adgangskode) og upload den igen."
    )
    assert await bot.count(PendingMinutesRow) == 0


async def test_minutes_naming_no_committee_are_filed_under_the_committee_the_secretary_chooses(
    bot: UploadBot,
) -> None:
    bot.files.files["kaffe.txt"] = WITHOUT_COMMITTEE.encode()
    [review] = await bot.say(bot.file_message("kaffe.txt"))
    card = card_of(review)
    assert facts(card)["Udvalg"] == "ikke nævnt i referatet"
    [choice] = [n for n in card["body"] if n.get("id") == "committee"]
    assert [c["value"] for c in choice["choices"]] == [COMMITTEE]  # configured, no minutes stored yet

    status, pressed = await bot.press({"action": "approve_upload", "upload_id": upload_id_of(card)})
    assert status == 200 and "Vælg udvalget på kortet" in pressed["value"]

    # Teams merges the card's inputs into the button's data.
    data = {"action": "approve_upload", "upload_id": upload_id_of(card), "committee": COMMITTEE}
    status, pressed = await bot.press(data)
    assert facts(pressed["value"])["Udvalg"] == COMMITTEE

    answer = await bot.ask("Hvad blev besluttet om kaffemaskine?")
    assert "kaffemaskine" in shown(answer) and facts(answer)["Udvalg"] == COMMITTEE


async def test_a_decision_can_be_typed(bot: UploadBot) -> None:
    [review] = await bot.say(bot.file_message(FILE_NAME))

    typed = f"afvis referat {upload_id_of(card_of(review))}"
    [reply] = await bot.say(as_secretary(bot.activity(PERSONAL, text=typed)))

    assert shown(card_of(reply)).startswith("Referatet er afvist")
    assert await bot.count(MinutesDocument) == 2
