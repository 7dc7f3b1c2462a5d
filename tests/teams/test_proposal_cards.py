"""Adaptive Cards for agenda proposals: schema-valid, literal where users wrote, buttons that say what they do."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.proposals.agenda import DraftAgenda, DraftItem
from bot.proposals.model import Person, Proposal, ProposalStatus
from bot.teams import proposal_cards as pc
from dialogs.replies import FIELD_MEETING, FIELD_PROPOSAL_ID, FIELD_REASON, per_proposal

REPO = Path(__file__).resolve().parents[2]
CARD_SCHEMA = REPO / ".." / "shared" / "schemas" / "adaptive-cards-1.5.0" / "adaptive-card.json"
TEAMS_MESSAGE_LIMIT = 28 * 1024
COMMITTEE = "Følgegruppen for uddannelse og arbejde"
HOSTILE = "**Godkendt** [klik her](http://x) <at>Alle</at> # 1. april"
MEETINGS = (dt.date(2021, 4, 13), dt.date(2021, 6, 8), dt.date(2021, 9, 14))
SUBMITTER = Person("29:member", "aad-member", "Mette Medlem")
SECRETARY = Person("29:secretary", "aad-secretary", "Sanne Sekretær")


def proposal(number: int = 7, **changes: Any) -> Proposal:
    fields: dict[str, Any] = {
        "id": number,
        "committee": COMMITTEE,
        "meeting_date": MEETINGS[0],
        "title": "Temadrøftelse om praksisplanen",
        "description": "Drøftelse af praksisplanen med en repræsentant fra implementeringsgruppen.",
        "presenter": "Anita Lerche",
        "minutes_needed": 30,
        "material_url": "https://example.org/praksisplan.pdf",
        "status": ProposalStatus.PENDING,
        "submitter": SUBMITTER,
        "submitted_at": dt.datetime(2021, 3, 1, 9, tzinfo=dt.UTC),
        "channel_id": "msteams",
        "conversation_id": "a:chat",
        "decided_by": None,
        "decided_at": None,
        "reason": None,
    }
    fields.update(changes)
    return Proposal(**fields)


def agenda(**changes: Any) -> DraftAgenda:
    fields: dict[str, Any] = {
        "committee": COMMITTEE,
        "meeting_date": MEETINGS[0],
        "start_time": dt.time(9, 0),
        "place": "Regionshuset Vejle",
        "items": [
            DraftItem("1", "Velkomst og godkendelse af dagsorden", None, 5, "standard", "welcome"),
            DraftItem(
                "2", "Prøvehandlinger for 3 somatiske patientgrupper", "Yelva Bjørnholdt Jensen", 30, "postponed"
            ),
            DraftItem("3", HOSTILE, None, None, "proposal"),
        ],
        "based_on": "000_ff41c34304ad259a.txt",
        "previous_meeting_date": dt.date(2021, 2, 4),
    }
    fields.update(changes)
    return DraftAgenda(**fields)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft6Validator:
    schema = json.loads(CARD_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema)


def assert_valid(validator: jsonschema.Draft6Validator, card: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(card)]
    assert not errors, "\n".join(errors)
    assert card["version"] == "1.5"
    assert len(json.dumps(card, ensure_ascii=False).encode("utf-8")) < TEAMS_MESSAGE_LIMIT


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def markdown_texts(card: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for node in walk(card):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        if node.get("type") == "FactSet":
            for fact in node["facts"]:
                found.extend((fact["title"], fact["value"]))
    return found


def shown(card: dict[str, Any]) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", text) for text in markdown_texts(card)]


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for node in walk(card) if node.get("type") == "Action.Execute"]


def all_cards(language: str = "da") -> dict[str, dict[str, Any]]:
    hostile = proposal(
        title=HOSTILE,
        description=HOSTILE,
        presenter=HOSTILE,
        material_url="https://x/?a=*b*",
        status=ProposalStatus.REJECTED,
        reason=HOSTILE,
        decided_by=SECRETARY,
    )
    return {
        "form": pc.proposal_form_card(
            committee=COMMITTEE,
            meetings=MEETINGS,
            title=HOSTILE,
            notice=HOSTILE,
            language=language,
        ),
        "form_choose": pc.proposal_form_card(committee=None, committees=[COMMITTEE, "Fokusgruppen"], language=language),
        "choice": pc.committee_choice_card(HOSTILE, [COMMITTEE, "Fokusgruppen"], language=language),
        "receipt": pc.receipt_card(
            proposal(title=HOSTILE),
            rolled_over_from=dt.date(2021, 4, 13),
            language=language,
        ),
        "mine": pc.my_proposals_card([proposal(), hostile], notice=HOSTILE, language=language),
        "mine_empty": pc.my_proposals_card([], language=language),
        "review": pc.review_card(
            COMMITTEE,
            [proposal(1), proposal(2, title=HOSTILE)],
            meetings=MEETINGS,
            language=language,
        ),
        "review_empty": pc.review_card(COMMITTEE, [], language=language),
        "agenda": pc.draft_agenda_card(agenda(), language=language),
        "decision": pc.decision_card(hostile, language=language),
        "moved": pc.decision_card(
            proposal(meeting_date=MEETINGS[1]),
            moved_from=MEETINGS[0],
            language=language,
        ),
    }


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_card_is_valid_adaptive_card_1_5(validator: jsonschema.Draft6Validator, language: str) -> None:
    for name, card in all_cards(language).items():
        assert card["lang"] == language, name
        assert_valid(validator, card)


def test_user_text_renders_literally_in_every_card() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("default")
    for name, card in all_cards().items():
        for text in markdown_texts(card):
            for line in text.split("\n"):
                tokens = md.parse(line)
                if not tokens:
                    continue
                # One plain paragraph: no bold, link, heading, list or HTML from what a user typed.
                assert [t.type for t in tokens] == [
                    "paragraph_open",
                    "inline",
                    "paragraph_close",
                ], (name, line)
                assert all(c.type in ("text", "softbreak", "text_special") for c in tokens[1].children or []), (
                    name,
                    line,
                )
    # …and the reader still sees exactly what was typed.
    for name in ("receipt", "mine", "review", "agenda", "decision", "choice"):
        assert any(HOSTILE in text for text in shown(all_cards()[name])), name


def test_form_asks_for_every_field_and_offers_the_meetings() -> None:
    card = pc.proposal_form_card(committee=COMMITTEE, meetings=MEETINGS, title="Borgere med PTSD")

    inputs = {node["id"]: node for node in walk(card) if str(node.get("type", "")).startswith("Input.")}
    assert set(inputs) == {
        "title",
        "description",
        FIELD_MEETING,
        "presenter",
        "minutes_needed",
        "material_url",
    }
    assert inputs["title"]["value"] == "Borgere med PTSD" and inputs["title"]["isRequired"] is True
    assert [c["value"] for c in inputs[FIELD_MEETING]["choices"]] == [
        "2021-04-13",
        "2021-06-08",
        "2021-09-14",
    ]
    assert inputs[FIELD_MEETING]["choices"][0]["title"] == "tirsdag den 13. april 2021"
    assert inputs["minutes_needed"]["type"] == "Input.Number"
    assert COMMITTEE in shown(card)
    [send] = buttons(card)
    assert send["verb"] == "propose" and send["data"] == {"action": "propose"}


def test_form_without_a_linked_committee_asks_for_one() -> None:
    card = pc.proposal_form_card(committee=None, committees=[COMMITTEE, "Fokusgruppen"])

    [choice] = [node for node in walk(card) if node.get("id") == "committee"]
    assert [c["value"] for c in choice["choices"]] == [COMMITTEE, "Fokusgruppen"]
    assert choice["isRequired"] is True


def test_committee_choice_carries_the_title_on() -> None:
    card = pc.committee_choice_card("Borgere med PTSD", [COMMITTEE])

    [go] = buttons(card)
    assert go["data"] == {"action": "propose", "title": "Borgere med PTSD"}


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_button_is_execute_with_a_submit_fallback_carrying_the_same_data(
    language: str,
) -> None:
    for name, card in all_cards(language).items():
        for button in buttons(card):
            assert button["verb"] == button["data"]["action"], name
            fallback = button["fallback"]
            assert fallback["type"] == "Action.Submit" and fallback["data"] == button["data"], name
            assert fallback["title"] == button["title"], name


def test_receipt_says_what_was_stored_and_the_roll_over() -> None:
    stored = proposal(meeting_date=MEETINGS[1])

    plain = pc.receipt_card(stored)
    rolled = pc.receipt_card(stored, rolled_over_from=MEETINGS[0])

    facts = {
        f["title"]: f["value"].replace("\\", "") for n in walk(plain) if n.get("type") == "FactSet" for f in n["facts"]
    }
    assert facts["Titel"] == "Temadrøftelse om praksisplanen"
    assert facts["Møde"] == "tirsdag den 8. juni 2021"
    assert facts["Udvalg"] == COMMITTEE
    assert facts["Status"] == "Afventer behandling"
    assert facts["Forslag nr."] == "7"
    assert facts["Oplæg ved"] == "Anita Lerche" and facts["Tid"] == "30 min"
    assert not any("overskredet" in text for text in shown(plain))
    notice = shown(rolled)[1]
    assert "tirsdag den 13. april 2021 er overskredet" in notice and "tirsdag den 8. juni 2021" in notice
    [withdraw] = buttons(rolled)
    assert withdraw["data"] == {"action": "withdraw", FIELD_PROPOSAL_ID: 7}


def test_only_pending_proposals_can_be_withdrawn() -> None:
    card = pc.my_proposals_card(
        [
            proposal(1),
            proposal(2, status=ProposalStatus.ACCEPTED),
            proposal(3, status=ProposalStatus.WITHDRAWN),
        ]
    )

    assert [b["data"][FIELD_PROPOSAL_ID] for b in buttons(card)] == [1]
    assert "Godkendt" in shown(card) and "Trukket tilbage" in shown(card)


def test_review_card_has_accept_reject_with_reason_and_move_per_proposal() -> None:
    card = pc.review_card(
        COMMITTEE,
        [proposal(1), proposal(2, meeting_date=MEETINGS[1])],
        meetings=MEETINGS,
    )

    verbs = [(b["verb"], b["data"][FIELD_PROPOSAL_ID]) for b in buttons(card)]
    assert verbs == [
        ("accept", 1),
        ("reject", 1),
        ("move", 1),
        ("accept", 2),
        ("reject", 2),
        ("move", 2),
    ]
    ids = [node["id"] for node in walk(card) if str(node.get("type", "")).startswith("Input.")]
    assert ids == [
        per_proposal(FIELD_REASON, 1),
        per_proposal(FIELD_MEETING, 1),
        per_proposal(FIELD_REASON, 2),
        per_proposal(FIELD_MEETING, 2),
    ]
    [reason] = [n for n in walk(card) if n.get("id") == per_proposal(FIELD_REASON, 1)]
    assert reason["isRequired"] is True
    # A proposal cannot be moved to the meeting it is already on.
    [move_2] = [n for n in walk(card) if n.get("id") == per_proposal(FIELD_MEETING, 2)]
    assert [c["value"] for c in move_2["choices"]] == ["2021-04-13", "2021-09-14"]
    assert "Mette Medlem" in shown(card)


def test_a_long_review_list_stays_below_the_teams_limit(
    validator: jsonschema.Draft6Validator,
) -> None:
    many = [
        proposal(
            n,
            title="T" * 200,
            description="ord " * 1000,
            presenter="P" * 300,
            material_url="https://" + "x" * 1990,
            submitter=Person("29:x", None, "N" * 300),
            status=ProposalStatus.PENDING,
        )
        for n in range(1, 40)
    ]

    review = pc.review_card(COMMITTEE, many, meetings=MEETINGS)
    mine = pc.my_proposals_card(many)

    assert_valid(validator, review)
    assert_valid(validator, mine)
    assert len(buttons(review)) == 3 * pc.MAX_LISTED
    assert any("31 til" in text for text in shown(review))


def test_draft_agenda_card_lists_items_and_offers_both_exports() -> None:
    card = pc.draft_agenda_card(agenda())

    texts = shown(card)
    assert "Dagsordensudkast: " + COMMITTEE in texts
    assert "2. Prøvehandlinger for 3 somatiske patientgrupper" in texts
    assert any("udskudt på mødet torsdag den 4. februar 2021" in t for t in texts)
    assert f"3. {HOSTILE}" in texts
    assert [(b["data"]["format"], b["data"]["meeting_date"], b["data"]["committee"]) for b in buttons(card)] == [
        ("markdown", "2021-04-13", COMMITTEE),
        ("docx", "2021-04-13", COMMITTEE),
    ]


def test_draft_agenda_card_writes_the_time_as_its_language_does() -> None:
    """The Agents Playground showed "Tuesday 19 January 2027, 9.00" on the English card."""
    danish, english = (shown(pc.draft_agenda_card(agenda(), language=lang)) for lang in ("da", "en"))
    assert any(t.endswith(", kl. 9.00") for t in danish)
    assert any(t.endswith(", 9:00") for t in english) and not any("9.00" in t for t in english)


def test_decision_notices_say_what_happened() -> None:
    accepted = pc.decision_text(proposal(status=ProposalStatus.ACCEPTED))
    rejected = pc.decision_text(
        proposal(status=ProposalStatus.REJECTED, reason="Hører under DAK"),
        language="en",
    )
    moved = pc.decision_text(proposal(meeting_date=MEETINGS[1]), moved_from=MEETINGS[0])

    assert accepted == (
        "Dit forslag »Temadrøftelse om praksisplanen« er godkendt og kommer på dagsordenen til mødet "
        "tirsdag den 13. april 2021."
    )
    assert rejected.splitlines() == [
        "Your proposal “Temadrøftelse om praksisplanen” has been rejected.",
        "Reason: Hører under DAK",
    ]
    assert "fra mødet tirsdag den 13. april 2021 til mødet tirsdag den 8. juni 2021" in moved
