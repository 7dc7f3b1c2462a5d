"""The proposal dialogs with real services (SQLite with both seed minutes), without Bot Framework types."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import docx
import pytest

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import ConversationKey
from bot.proposals.model import Proposal, ProposalStatus
from bot.services import build_services
from bot.settings import Settings
from dialogs import ask, draft_agenda, my_proposals, propose_item, review_proposals
from dialogs.replies import (
    CommitteeChoiceReply,
    DraftAgendaReply,
    FileOfferReply,
    FileReply,
    MyProposalsReply,
    ProposalFormReply,
    ProposalReceiptReply,
    ReviewReply,
    TextReply,
)
from dialogs.router import handle, route
from dialogs.turn import Services, Turn
from storage.conversations_repository import ConversationUser
from storage.database import create_engine, session_factory, upgrade
from tests.seeds import seed_date

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NOW = dt.datetime(2021, 3, 3, 10, 0, tzinfo=COMMITTEE_TZ)
FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"
MEMBER = ConversationUser(
    user_id="29:member",
    aad_object_id="11111111-2222-3333-4444-555555555555",
    name="Mette",
)
SECRETARY = ConversationUser(
    user_id="29:secretary",
    aad_object_id="7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d",
    name="Sanne",
)
CHANNEL = ConversationKey("msteams", "19:channel@thread.tacv2")
CHAT = ConversationKey("msteams", "a:member-chat")


@dataclass
class RecordingNotifier:
    """Records the notices it is asked to send; ``fails`` makes it raise like a broken connector."""

    fails: bool = False
    sent: list[tuple[Proposal, dt.date | None]] = field(default_factory=list)

    async def decision(self, proposal: Proposal, *, moved_from: dt.date | None = None) -> bool:
        if self.fails:
            raise ConnectionResetError("connector went away")
        self.sent.append((proposal, moved_from))
        return True


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    engine = create_engine(f"sqlite:///{tmp_path / 'proposals.db'}")
    await upgrade(engine)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    services = replace(
        build_services(sessions, clock, Settings(database_url="sqlite://")), notifier=RecordingNotifier()
    )
    knowledge, proposals = services.knowledge, services.proposals
    for seed in sorted(SEEDS.glob("*.txt")):
        await knowledge.ingest(seed, meeting_date=seed_date(seed))
    await proposals.add_secretary(FOLLOW_GROUP, SECRETARY.aad_object_id or "", by="test")

    try:
        yield services
    finally:
        await engine.dispose()


_ids = iter(range(1, 10_000))


def turn(
    text: str = "",
    *,
    value: dict[str, Any] | None = None,
    user: ConversationUser = MEMBER,
    key: ConversationKey = CHANNEL,
    kind: str = "channel",
    committee: str | None = FOLLOW_GROUP,
    language: str = "da",
    activity_id: str | None = "auto",
) -> Turn:
    return Turn(
        text=text,
        language=language,
        key=key,
        conversation_type=kind,
        user=user,
        received_at=NOW.astimezone(dt.UTC),
        committee=committee,
        value=value,
        activity_id=f"activity-{next(_ids)}" if activity_id == "auto" else activity_id,
    )


# ---------------------------------------------------------------------------- routing


@pytest.mark.parametrize(
    ("text", "dialog_id", "args"),
    [
        (
            "Forslag til dagsorden: Temadrøftelse om praksisplanen",
            propose_item.DIALOG_ID,
            {"title": "Temadrøftelse om praksisplanen"},
        ),
        ("forslag til dagsordenen – Borgere med PTSD", propose_item.DIALOG_ID, {"title": "Borgere med PTSD"}),
        ("Agenda proposal: Citizens with PTSD", propose_item.DIALOG_ID, {"title": "Citizens with PTSD"}),
        ("foreslå punkt »IPS som fast punkt«", propose_item.DIALOG_ID, {"title": "IPS som fast punkt"}),
        ("forslag: IPS", propose_item.DIALOG_ID, {"title": "IPS"}),
        ("forslag", propose_item.DIALOG_ID, {"title": ""}),
        ("Nyt forslag", propose_item.DIALOG_ID, {"title": ""}),
        ("propose", propose_item.DIALOG_ID, {"title": ""}),
        ("forslag til dagsorden", propose_item.DIALOG_ID, {"title": ""}),
        ("mine forslag", my_proposals.DIALOG_ID, {}),
        ("My proposals", my_proposals.DIALOG_ID, {}),
        ("træk forslag tilbage", my_proposals.DIALOG_ID, {}),
        ("forslag til behandling", review_proposals.DIALOG_ID, {}),
        ("Pending proposals?", review_proposals.DIALOG_ID, {}),
        ("dagsordensudkast", draft_agenda.DIALOG_ID, {}),
        ("udkast til dagsorden", draft_agenda.DIALOG_ID, {}),
        ("draft agenda", draft_agenda.DIALOG_ID, {}),
        # Questions that merely contain the words stay questions.
        (
            "Forslagene om prøvehandlinger, hvornår kommer de?",
            ask.DIALOG_ID,
            {"question": "Forslagene om prøvehandlinger, hvornår kommer de?"},
        ),
        ("Hvem foreslog punktet om IPS?", ask.DIALOG_ID, {"question": "Hvem foreslog punktet om IPS?"}),
        ("proposed changes to IPS?", ask.DIALOG_ID, {"question": "proposed changes to IPS?"}),
    ],
)
def test_text_routes(text: str, dialog_id: str, args: dict[str, Any]) -> None:
    routed = route(turn(text))

    assert routed is not None
    assert (routed.dialog_id, dict(routed.args)) == (dialog_id, args)


@pytest.mark.parametrize(
    ("action", "dialog_id"),
    [
        ("propose", propose_item.ACTION_DIALOG_ID),
        ("withdraw", my_proposals.WITHDRAW_DIALOG_ID),
        ("accept", review_proposals.DECIDE_DIALOG_ID),
        ("reject", review_proposals.DECIDE_DIALOG_ID),
        ("move", review_proposals.DECIDE_DIALOG_ID),
        ("draft_agenda", draft_agenda.DIALOG_ID),
        ("export_agenda", draft_agenda.EXPORT_DIALOG_ID),
    ],
)
def test_buttons_route_by_their_action_even_with_text(action: str, dialog_id: str) -> None:
    routed = route(turn("mine forslag", value={"action": action}))

    assert routed is not None and routed.dialog_id == dialog_id


# ---------------------------------------------------------------------------- proposing


async def test_text_proposal_in_a_linked_conversation_is_stored(
    services: Services,
) -> None:
    [reply] = await handle(turn("forslag til dagsorden: Borgere med PTSD"), services)

    assert isinstance(reply, ProposalReceiptReply)
    assert (
        reply.proposal.title,
        reply.proposal.committee,
        reply.proposal.meeting_date,
    ) == ("Borgere med PTSD", FOLLOW_GROUP, dt.date(2021, 4, 13))
    assert reply.rolled_over_from is None
    assert reply.proposal.conversation_id == CHANNEL.conversation_id


async def test_without_a_committee_the_personal_chat_asks_and_a_channel_is_told(
    services: Services,
) -> None:
    [ask_which] = await handle(turn("forslag: IPS", key=CHAT, kind="personal", committee=None), services)
    [form] = await handle(turn("forslag", key=CHAT, kind="personal", committee=None), services)
    [told] = await handle(turn("forslag: IPS", committee=None), services)

    assert ask_which == CommitteeChoiceReply("IPS", (FOCUS_GROUP, FOLLOW_GROUP))
    assert (
        isinstance(form, ProposalFormReply)
        and form.committee is None
        and set(form.committees) == {FOLLOW_GROUP, FOCUS_GROUP}
    )
    assert isinstance(told, TextReply) and told.text.startswith("Denne kanal er ikke knyttet til et udvalg")


async def test_a_card_cannot_move_a_linked_conversations_proposal_to_another_committee(
    services: Services,
) -> None:
    [reply] = await handle(
        turn(value={"action": "propose", "title": "IPS", "committee": FOCUS_GROUP}),
        services,
    )

    assert isinstance(reply, ProposalReceiptReply) and reply.proposal.committee == FOLLOW_GROUP


async def test_the_form_offers_the_linked_committees_meetings(
    services: Services,
) -> None:
    [form] = await handle(turn("nyt forslag", committee=FOCUS_GROUP), services)

    assert form == ProposalFormReply(
        FOCUS_GROUP,
        meetings=(dt.date(2021, 5, 27), dt.date(2021, 9, 7), dt.date(2021, 12, 8)),
    )


async def test_without_an_activity_id_every_turn_is_a_new_proposal(
    services: Services,
) -> None:
    # The console has no activity ids: two proposals with the same title are two proposals.
    await handle(turn("forslag: IPS", activity_id=None), services)
    await handle(turn("forslag: IPS", activity_id=None), services)
    same = turn("forslag: Borgere med PTSD")
    [first] = await handle(same, services)
    [second] = await handle(same, services)

    assert first == second
    assert [p.title for p in await services.proposals.pending(FOLLOW_GROUP)] == [
        "IPS",
        "IPS",
        "Borgere med PTSD",
    ]


async def test_english_turns_get_english_messages(services: Services) -> None:
    [told] = await handle(turn("agenda proposal: IPS", committee=None, language="en"), services)
    [malformed] = await handle(
        turn(
            value={"action": "propose", "title": "IPS", "minutes_needed": "lots"},
            language="en",
        ),
        services,
    )

    assert told.text.startswith("This channel is not linked to a committee")
    assert (
        malformed.text
        == "I couldn't read the form: “Time” must be a whole number of minutes, e.g. 20. Please fill it in again."
    )


# ---------------------------------------------------------------------------- own proposals and decisions


async def test_withdraw_shows_the_list_without_the_withdrawn_one(
    services: Services,
) -> None:
    [receipt] = await handle(turn("forslag: IPS"), services)
    await handle(turn("forslag: Borgere med PTSD"), services)

    [after] = await handle(
        turn(value={"action": "withdraw", "proposal_id": str(receipt.proposal.id)}),
        services,
    )

    assert isinstance(after, MyProposalsReply)
    assert after.notice == "Forslaget »IPS« er trukket tilbage."
    assert [p.title for p in after.proposals] == ["Borgere med PTSD"]


async def test_decisions_notify_the_submitter_and_moves_say_from_where(
    services: Services,
) -> None:
    [first] = await handle(turn("forslag: IPS"), services)
    [second] = await handle(turn("forslag: Borgere med PTSD"), services)
    as_secretary = {
        "user": SECRETARY,
        "key": CHAT,
        "kind": "personal",
        "committee": None,
    }

    [accepted] = await handle(
        turn(value={"action": "accept", "proposal_id": first.proposal.id}, **as_secretary),
        services,
    )
    [moved] = await handle(
        turn(
            value={
                "action": "move",
                "proposal_id": second.proposal.id,
                "meeting_date": "2021-04-13",
            },
            **as_secretary,
        ),
        services,
    )

    assert isinstance(accepted, ReviewReply) and accepted.committee == FOLLOW_GROUP
    assert accepted.notice == "»IPS« er godkendt til mødet 13. april 2021. Forslagsstilleren har fået besked."
    assert [p.title for p in accepted.proposals] == ["Borgere med PTSD"]
    # Moving to the meeting it is already on is refused by the service, as it is.
    assert isinstance(moved, TextReply) and "allerede på mødet" in moved.text
    notifier = services.notifier
    assert isinstance(notifier, RecordingNotifier)
    assert [(p.title, p.status, moved_from) for p, moved_from in notifier.sent] == [
        ("IPS", ProposalStatus.ACCEPTED, None)
    ]


async def test_a_failing_notifier_does_not_undo_the_decision(
    services: Services,
) -> None:
    [receipt] = await handle(turn("forslag: IPS"), services)
    failing = replace(services, notifier=RecordingNotifier(fails=True))

    [reply] = await handle(
        turn(
            value={
                "action": "reject",
                "proposal_id": receipt.proposal.id,
                "reason": "Ikke nu",
            },
            user=SECRETARY,
        ),
        failing,
    )

    assert isinstance(reply, ReviewReply)
    assert (
        reply.notice
        == "»IPS« er afvist. Forslagsstilleren kunne ikke få besked automatisk; giv vedkommende besked selv."
    )
    stored = await services.proposals.get(receipt.proposal.id)
    assert (stored.status, stored.reason) == (ProposalStatus.REJECTED, "Ikke nu")


async def test_only_secretaries_review_and_draft(services: Services) -> None:
    [review] = await handle(turn("forslag til behandling", user=SECRETARY), services)
    [draft] = await handle(turn("dagsordensudkast", user=SECRETARY), services)
    [refused] = await handle(turn("forslag til behandling"), services)
    [refused_draft] = await handle(turn("dagsordensudkast", user=replace(SECRETARY, aad_object_id=None)), services)
    [elsewhere] = await handle(turn("forslag til behandling", user=SECRETARY, committee=FOCUS_GROUP), services)

    assert isinstance(review, ReviewReply) and review.committee == FOLLOW_GROUP
    assert isinstance(draft, DraftAgendaReply) and draft.agenda.meeting_date == dt.date(2021, 4, 13)
    assert refused.text.startswith("Beklager, kun udvalgets sekretærer")
    assert refused_draft.text.startswith("Beklager, kun udvalgets sekretærer")
    assert elsewhere.text.startswith("Beklager, kun udvalgets sekretærer")  # secretary of another committee


EXPORT_DOCX = {
    "action": "export_agenda",
    "committee": FOLLOW_GROUP,
    "meeting_date": "2021-04-13",
    "format": "docx",
}
EMULATOR = ConversationKey("emulator", "emulator-conversation")
DOCX_NAME = "Dagsordensudkast Følgegruppen for uddannelse og arbejde 2021-04-13.docx"


async def test_docx_export_gives_markdown_in_a_group_chat_a_consent_offer_in_teams_and_a_file_in_the_emulator(
    services: Services,
) -> None:
    in_group = await handle(turn(value=EXPORT_DOCX, user=SECRETARY, kind="groupChat"), services)
    in_teams_chat = await handle(
        turn(value=EXPORT_DOCX, user=SECRETARY, key=CHAT, kind="personal", committee=None),
        services,
    )
    in_emulator = await handle(
        turn(value=EXPORT_DOCX, user=SECRETARY, key=EMULATOR, kind=None, committee=None),  # type: ignore[arg-type]  # a conversation outside Teams has no type
        services,
    )

    assert [type(r).__name__ for r in in_group] == ["TextReply", "MarkdownReply"]
    assert in_group[0].text.startswith("I en kanal eller gruppechat kan jeg ikke vedhæfte en Word-fil.")
    assert [type(r).__name__ for r in in_teams_chat] == ["TextReply", "FileOfferReply"]
    assert "din OneDrive" in in_teams_chat[0].text
    offer = in_teams_chat[1]
    assert offer.name == DOCX_NAME
    assert offer.context == {**EXPORT_DOCX, "language": "da"}
    assert offer.description == f"Udkast til dagsorden for {FOLLOW_GROUP}, mødet 13. april 2021"
    assert [type(r).__name__ for r in in_emulator] == ["TextReply", "FileReply"]
    assert in_emulator[1].name == DOCX_NAME
    assert in_emulator[1].data[:2] == b"PK"  # a .docx is a zip
    assert offer.size == len(in_emulator[1].data)


async def test_an_accepted_offer_makes_the_file_again_in_the_offers_language(
    services: Services,
) -> None:
    [offer] = [
        r
        for r in await handle(
            turn(value=EXPORT_DOCX, user=SECRETARY, key=CHAT, kind="personal", language="en"),
            services,
        )
        if isinstance(r, FileOfferReply)
    ]

    [file] = await draft_agenda.consented_file(
        turn(user=SECRETARY, key=CHAT, kind="personal"), {"value": offer.context}, services
    )
    [refused] = await draft_agenda.consented_file(
        turn(user=MEMBER, key=CHAT, kind="personal"), {"value": offer.context}, services
    )
    [malformed] = await draft_agenda.consented_file(
        turn(user=SECRETARY, key=CHAT, kind="personal"),
        {"value": {**offer.context, "meeting_date": "13/4"}},
        services,
    )

    assert offer.context["language"] == "en"
    assert (
        isinstance(file, FileReply)
        and file.name == "Draft agenda Følgegruppen for uddannelse og arbejde 2021-04-13.docx"
    )
    document = docx.Document(io.BytesIO(file.data))
    assert document.paragraphs[0].text == "Draft agenda"
    assert isinstance(refused, TextReply) and refused.text.startswith("Beklager, kun udvalgets sekretærer")
    assert isinstance(malformed, TextReply) and malformed.text.startswith("Jeg kunne ikke læse formularen")


async def test_a_secretary_changes_the_proposal_cut_off_and_later_proposals_roll_over(services: Services) -> None:
    [shown] = await handle(turn("forslagsfrist"), services)
    assert isinstance(shown, TextReply)
    assert f"Forslag til {FOLLOW_GROUP} skal være indsendt senest 10 dage før mødet" in shown.text

    [refused] = await handle(turn("forslagsfrist 45 dage"), services)
    [too_long] = await handle(turn("forslagsfrist 120 dage", user=SECRETARY), services)
    [changed] = await handle(turn("Forslagsfrist 45 dage før mødet.", user=SECRETARY), services)
    [shown] = await handle(turn("proposal cut-off", language="en"), services)
    assert isinstance(refused, TextReply) and isinstance(too_long, TextReply) and isinstance(changed, TextReply)
    assert "sekretariatet" in refused.text and "45" not in refused.text
    assert "mellem 0 og 90" in too_long.text
    assert changed.text.startswith(f"Forslagsfristen for {FOLLOW_GROUP} er nu 45 dage før mødet")
    assert "in 45 days before the meeting" in shown.text

    # 13 April 2021 is 41 days after "today": past a 45-day cut-off, so the proposal goes to the next meeting.
    await handle(turn("nyt møde 11. maj 2021 kl. 10-12", user=SECRETARY), services)
    [reply] = await handle(turn("forslag til dagsorden: Borgere med PTSD"), services)
    assert isinstance(reply, ProposalReceiptReply)
    assert reply.rolled_over_from == dt.date(2021, 4, 13)
    assert reply.proposal.meeting_date == dt.date(2021, 5, 11)
