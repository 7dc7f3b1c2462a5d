"""The review card for uploaded minutes: schema-valid, literal where documents wrote, warnings that say what
to check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

from bot.minutes.model import Minutes
from bot.minutes.structure import parse_minutes
from bot.proposals.model import Person
from bot.teams import upload_cards
from bot.teams.render import plain_text, render
from bot.uploads.model import PendingUpload, UploadState
from dialogs.replies import UploadReviewReply
from tests.e2e.test_proposals import buttons, facts, shown
from tests.minutes.conftest import SEED_000, seed_text
from tests.seeds import dated
from tests.teams.test_proposal_cards import CARD_SCHEMA, HOSTILE, assert_valid
from tests.uploads.test_service import WITHOUT_COMMITTEE

SANNE = Person("29:sanne", "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d", "Sanne Sekretær")
T0 = dt.datetime(2026, 9, 16, 7, 30, tzinfo=dt.UTC)


def upload(minutes: Minutes, **changes: Any) -> PendingUpload:
    fields: dict[str, Any] = {
        "id": 7,
        "state": UploadState.PENDING,
        "file_name": minutes.source_name,
        "size": 1234,
        "sha256": "0" * 64,
        "uploader": SANNE,
        "channel_id": "msteams",
        "conversation_id": "a:chat",
        "committee": minutes.meeting.committee,
        "meeting_date": minutes.meeting.date,
        "created_at": T0,
    }
    fields.update(changes)
    return PendingUpload(**fields)


def card_for(minutes: Minutes, language: str = "da", **changes: Any) -> dict[str, Any]:
    reply_fields = {k: changes.pop(k) for k in ("committees", "notice") if k in changes}
    reply = UploadReviewReply(upload(minutes, **changes), minutes, **reply_fields)
    return upload_cards.review_card(reply, language=language)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft6Validator:
    return jsonschema.Draft6Validator(json.loads(CARD_SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def seed() -> Minutes:
    return dated(parse_minutes(seed_text(SEED_000), SEED_000))


def test_a_real_minutes_card_is_valid_small_and_lists_items_dates_and_buttons(
    validator: jsonschema.Draft6Validator, seed: Minutes
) -> None:
    card = card_for(seed)

    assert_valid(validator, card)
    assert facts(card)["Udvalg"] == "Følgegruppen for uddannelse og arbejde"
    assert facts(card)["Møde"] == "torsdag den 4. februar 2021"
    assert f"Punkter ({len(seed.items)})" in shown(card)
    assert "Frist" in shown(card)
    [approve] = buttons(card, "approve_upload")
    [reject] = buttons(card, "reject_upload")
    assert (
        approve["data"]
        == reject["fallback"]["data"] | {"action": "approve_upload"}
        == {
            "action": "approve_upload",
            "upload_id": 7,
        }
    )


def test_minutes_without_a_committee_get_a_warning_a_choice_and_the_unread_item_named(
    validator: jsonschema.Draft6Validator,
) -> None:
    minutes = parse_minutes(WITHOUT_COMMITTEE, "kaffe.txt")

    card = card_for(minutes, committees=("Udvalg A", "Udvalg B"))

    assert_valid(validator, card)
    text = shown(card)
    assert facts(card)["Udvalg"] == "ikke nævnt i referatet"
    assert "Referatet nævner ikke sit udvalg. Vælg udvalget nedenfor, før du godkender." in text
    assert "Punkt 3 har ingen kendte afsnit" in text
    [choice] = [n for n in card["body"] if n.get("id") == "committee"]
    assert [c["value"] for c in choice["choices"]] == ["Udvalg A", "Udvalg B"] and choice["isRequired"]


def test_an_inferred_meeting_date_is_marked_and_explained(seed: Minutes) -> None:
    meeting = dataclasses.replace(seed.meeting, date_confidence=0.4, date_evidence="seneste dato i referatet")
    card = card_for(dataclasses.replace(seed, meeting=meeting))

    assert facts(card)["Møde"] == "torsdag den 4. februar 2021 (udledt, tjek den)"
    assert "jeg har udledt den (seneste dato i referatet)" in shown(card)


def test_minutes_that_state_no_date_get_none_and_say_so() -> None:
    undated = parse_minutes(seed_text(SEED_000), SEED_000)  # seed 000 states no meeting date

    card = card_for(undated)

    assert undated.meeting.date is None
    assert facts(card)["Møde"] == "(dato ukendt)"
    assert "28. januar 2021" in shown(card) and "12. februar 2021" in shown(card)  # what the minutes tell


def test_no_meeting_date_is_a_warning(seed: Minutes) -> None:
    meeting = dataclasses.replace(seed.meeting, date=None, date_confidence=0.0)
    card = card_for(dataclasses.replace(seed, meeting=meeting), language="en")

    assert facts(card)["Meeting"] == "(date unknown)"
    assert "I found no meeting date in the minutes." in shown(card)


def test_document_text_shows_literally(seed: Minutes) -> None:
    items = [dataclasses.replace(seed.items[0], title=HOSTILE), *seed.items[1:]]
    card = card_for(dataclasses.replace(seed, items=items), file_name=HOSTILE + ".pdf")

    assert HOSTILE + ".pdf" in shown(card)
    raw = str(card)
    assert "**Godkendt**" not in raw and "[klik her](http://x)" not in raw


def test_a_decided_upload_shows_the_decision_without_buttons(seed: Minutes) -> None:
    decided = upload(seed, state=UploadState.APPROVED, decided_by=SANNE, decided_at=T0, has_data=False)
    card = upload_cards.review_card(UploadReviewReply(decided, notice="Referatet er gemt."), language="da")

    assert shown(card).startswith("Referatet er godkendt\nReferatet er gemt.")
    assert facts(card)["Status"] == "godkendt af Sanne Sekretær onsdag den 16. september 2026"
    assert "actions" not in card


def test_without_cards_the_text_says_how_to_decide(seed: Minutes) -> None:
    reply = UploadReviewReply(upload(seed), seed)

    [activity] = render([reply], language="da", with_cards=False)

    assert activity.text == plain_text(reply, language="da")
    assert "Punkter (" in activity.text and "»godkend referat 7«" in activity.text
