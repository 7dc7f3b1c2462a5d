"""The draft agenda as a pure function over minutes and proposals, and its exports."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import docx
import pytest

from bot.minutes.model import (
    AgendaItem,
    DateKind,
    DateMention,
    Meeting,
    Minutes,
    Outcome,
    Precision,
    Section,
    SectionKind,
)
from bot.proposals.agenda import DraftAgenda, build_draft_agenda, carried_over
from bot.proposals.model import Person, Proposal, ProposalStatus

APRIL_13 = dt.date(2021, 4, 13)
FEB_11 = dt.date(2021, 2, 11)

SEED_000_LISTED = [
    "Temadrøftelse om praksisplanen – invitere repræsentant (fx Anita Lerche med)",
    "Opfølgning vedr. dagens drøftelse af følgegruppens understøttelse af forløbsprogrammet for depression og "
    "IPS understøtte de to initiativer med særligt fokus på følgegruppens målsætninger",
    "Evt. fast statuspunkt om IPS",
    "Borgere med PTSD",
    "Drøftelse af følgegruppens input til midtvejsstatus for Sundhedsaftalen 2019-2023",
]


def accepted_proposal(title: str, presenter: str | None, minutes: int | None, meeting: dt.date) -> Proposal:
    return Proposal(
        id=7,
        committee="Følgegruppen for uddannelse og arbejde",
        meeting_date=meeting,
        title=title,
        description=None,
        presenter=presenter,
        minutes_needed=minutes,
        material_url=None,
        status=ProposalStatus.ACCEPTED,
        submitter=Person("29:1x", None, "Anne Member"),
        submitted_at=dt.datetime(2021, 2, 20, 9, 0, tzinfo=dt.UTC),
        channel_id="msteams",
        conversation_id="19:abc@thread.tacv2",
        decided_by=Person("29:1y", "0b6a3c1e-aaaa-bbbb-cccc-00000000000a", "Line"),
        decided_at=dt.datetime(2021, 2, 21, 9, 0, tzinfo=dt.UTC),
        reason=None,
    )


def draft_000(seed000: Minutes, accepted: list[Proposal] | None = None) -> DraftAgenda:
    return build_draft_agenda(
        committee="Følgegruppen for uddannelse og arbejde",
        meeting_date=APRIL_13,
        start_time=None,
        place=None,
        previous=seed000,
        accepted=accepted or [],
    )


def test_seed_000_draft_for_13_april(seed000: Minutes) -> None:
    agenda = draft_000(seed000)

    titles = [item.title for item in agenda.items]
    assert [item.number for item in agenda.items] == [str(n) for n in range(1, len(titles) + 1)]
    assert titles[0] == "Velkomst og godkendelse af dagsorden"
    assert titles[1] == "Godkendelse af referat fra mødet den 4. februar 2021"
    assert titles[-1] == "Eventuelt"
    assert [item.source for item in agenda.items][:2] == ["standard", "standard"]
    assert agenda.items[-1].source == "standard"

    # The postponed prøvehandlinger item, once, with its presenter and time.
    trial = [item for item in agenda.items if "prøvehandlinger" in item.title.casefold()]
    assert len(trial) == 1
    assert trial[0].source == "postponed"
    assert trial[0].presenter == "Rikke Bagge Skou"
    assert trial[0].minutes == 30

    # The five points listed for the next meeting, as written and in order.
    listed = [item for item in agenda.items if item.source == "carried_over"]
    assert [item.title for item in listed] == SEED_000_LISTED
    assert agenda.based_on == "000_ff41c34304ad259a.txt"
    assert agenda.previous_meeting_date == dt.date(2021, 2, 4)
    # Nothing else: the standard items, the postponed item, the listed points.
    assert len(agenda.items) == 2 + 1 + 5 + 1


def test_seed_002_draft_carries_the_moved_and_taken_up_items(seed002: Minutes) -> None:
    agenda = build_draft_agenda(
        committee="Fokusgruppen Sundhed & Beskæftigelse",
        meeting_date=FEB_11,
        start_time=dt.time(8, 30),
        place="HEV",
        previous=seed002,
        accepted=[],
    )

    carried = [(item.title, item.presenter, item.source) for item in agenda.items[2:-1]]
    assert carried == [
        (
            "Principper i arbejdsrettet rehabilitering og vurdering af funktionsevne/arbejdsevne",
            "Dorthe Rubak",
            "postponed",
        ),
        ("Aktuel status på dagpengeområdet", None, "carried_over"),
    ]
    assert agenda.items[1].title == "Godkendelse af referat fra mødet den 2. september 2020"


def test_accepted_proposals_come_before_eventuelt(seed000: Minutes) -> None:
    proposal = accepted_proposal("Nyt fra PLO om samtaleterapi", "Jens Hartvig Skov", 15, APRIL_13)

    agenda = draft_000(seed000, [proposal])

    assert agenda.items[-1].title == "Eventuelt"
    item = agenda.items[-2]
    assert (item.title, item.presenter, item.minutes, item.source) == (
        "Nyt fra PLO om samtaleterapi",
        "Jens Hartvig Skov",
        15,
        "proposal",
    )


def test_without_earlier_minutes_only_standard_items_and_proposals() -> None:
    proposal = accepted_proposal("Kommissorium", None, None, APRIL_13)

    agenda = build_draft_agenda(
        committee="X", meeting_date=APRIL_13, start_time=None, place=None, previous=None, accepted=[proposal]
    )

    assert [item.title for item in agenda.items] == [
        "Velkomst og godkendelse af dagsorden",
        "Godkendelse af referat fra sidste møde",
        "Kommissorium",
        "Eventuelt",
    ]
    assert agenda.based_on is None


def handmade(items: list[AgendaItem], day: dt.date = dt.date(2021, 9, 7)) -> Minutes:
    return Minutes(
        source_name="handmade.txt",
        content_sha256=hashlib.sha256(repr(items).encode()).hexdigest(),
        meeting=Meeting(committee="X", date=day, date_confidence=1.0, date_evidence="handmade"),
        items=items,
        dates=[mention for item in items for mention in item.dates],
    )


def referat(text: str) -> list[Section]:
    return [Section(SectionKind.REFERAT, "Referat", text)]


def test_taken_up_items_and_month_specific_follow_ups() -> None:
    minutes = handmade(
        [
            AgendaItem("1", "Godkendelse af dagsorden", sections=referat("Godkendt."), outcome=Outcome.APPROVED),
            AgendaItem(
                "2",
                "Status på IPS",
                sections=referat("Drøftet. Punktet drøftes igen på næste møde."),
                outcome=Outcome.DISCUSSED,
            ),
            AgendaItem(
                "3",
                "Sygedagpenge",
                sections=referat("Punktet følges op på mødet i december med data."),
                outcome=Outcome.DISCUSSED,
            ),
            AgendaItem("4", "Seminar", sections=referat("Følges op på mødet i marts."), outcome=Outcome.DISCUSSED),
            AgendaItem(
                "5",
                "Praksisplanen",
                sections=referat("Repræsentanter inviteres til næste møde."),
                outcome=Outcome.NOTED,
            ),
        ]
    )

    december = [c.title for c in carried_over(minutes, dt.date(2021, 12, 8))]
    march = [c.title for c in carried_over(minutes, dt.date(2022, 3, 10))]

    assert december == ["Status på IPS", "Sygedagpenge"]
    assert march == ["Status på IPS", "Seminar"]


def test_list_without_bullets_and_entries_that_say_nothing() -> None:
    minutes = handmade(
        [
            AgendaItem(
                "7",
                "Forslag til punkter til kommende møder",
                sections=referat("Status på forløbsprogrammet\n\nEventuelt\n\nIngen\n\nBesøg fra KL"),
            ),
            AgendaItem("8", "Eventuelt", sections=referat("Intet.")),
        ]
    )

    assert [c.title for c in carried_over(minutes, dt.date(2021, 12, 8))] == [
        "Status på forløbsprogrammet",
        "Besøg fra KL",
    ]


def test_bulleted_list_skips_introduction_and_closing_remarks() -> None:
    text = (
        "Følgende punkter blev besluttet:\n\n- Status på forløbsprogrammet for depression og\nIPS\n\n"
        "• Besøg fra KL\n\nSekretariatet sender dagsordenen ud i god tid."
    )
    minutes = handmade([AgendaItem("9", "Punkter til næste møde", sections=referat(text))])

    assert [c.title for c in carried_over(minutes, dt.date(2021, 12, 8))] == [
        "Status på forløbsprogrammet for depression og IPS",
        "Besøg fra KL",
    ]


def test_postponed_to_a_later_named_meeting_is_left_for_that_meeting() -> None:
    later = DateMention(
        on=dt.date(2021, 12, 8),
        start=dt.date(2021, 12, 8),
        end=dt.date(2021, 12, 8),
        precision=Precision.DAY,
        kind=DateKind.NEXT_MEETING,
        text="8. december",
        sentence="Punktet udskydes til mødet den 8. december.",
        item_number="3",
    )
    item = AgendaItem(
        "3",
        "Data fra ydelsessystemet",
        sections=referat("Punktet udskydes til mødet den 8. december."),
        outcome=Outcome.POSTPONED,
        dates=[later],
    )
    minutes = handmade([item])

    assert carried_over(minutes, dt.date(2021, 10, 1)) == []
    assert [c.title for c in carried_over(minutes, dt.date(2021, 12, 8))] == ["Data fra ydelsessystemet"]


def test_markdown_in_danish_and_english(seed000: Minutes) -> None:
    agenda = build_draft_agenda(
        committee="Følgegruppen for uddannelse og arbejde",
        meeting_date=APRIL_13,
        start_time=dt.time(9, 30),
        place="Regionshuset, Vejle",
        previous=seed000,
        accepted=[accepted_proposal("Data_fra *KL*", None, 10, APRIL_13)],
    )

    danish = agenda.to_markdown()
    english = agenda.to_markdown("en")

    assert danish.startswith("# Udkast til dagsorden\n")
    assert "Møde: tirsdag den 13. april 2021 kl. 9.30" in danish
    assert "Sted: Regionshuset, Vejle" in danish
    assert "## 1. Velkomst og godkendelse af dagsorden" in danish
    assert "## 2. Godkendelse af referat fra mødet den 4. februar 2021" in danish
    assert "Oplæg: Rikke Bagge Skou · 30 min · udskudt fra mødet den 4. februar 2021" in danish
    assert "## 6. Evt. fast statuspunkt om IPS" in danish
    # Data is text, not Markdown.
    assert "## 9. Data\\_fra \\*KL\\*" in danish
    assert danish.rstrip().endswith("## 10. Eventuelt")

    assert english.startswith("# Draft agenda\n")
    assert "Meeting: Tuesday 13 April 2021 at 9:30" in english
    assert "## 1. Welcome and approval of the agenda" in english
    assert "## 2. Approval of the minutes of the meeting on 4 February 2021" in english
    assert "Presenter: Rikke Bagge Skou · 30 min · postponed from the meeting on 4 February 2021" in english
    assert english.rstrip().endswith("## 10. Any other business")
    # The minutes' own words stay as written.
    assert "## 7. Borgere med PTSD" in english


@pytest.mark.parametrize(
    ("language", "heading", "first", "last"),
    [
        ("da", "Udkast til dagsorden", "1. Velkomst og godkendelse af dagsorden", "9. Eventuelt"),
        ("en", "Draft agenda", "1. Welcome and approval of the agenda", "9. Any other business"),
    ],
)
def test_docx_has_a_title_and_one_heading_per_item(
    seed000: Minutes, language: str, heading: str, first: str, last: str
) -> None:
    agenda = draft_000(seed000)

    document = docx.Document(io.BytesIO(agenda.to_docx(language)))

    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", heading)
    headings = [text for style, text in styles if style == "Heading 2"]
    assert len(headings) == len(agenda.items)
    assert headings[0] == first
    assert headings[-1] == last
    # Carried-over items keep the minutes' words in either language.
    assert headings[2].startswith("3. Prøvehandlinger for 3 somatiske patientgrupper")
    assert headings[3:8] == [f"{n}. {title}" for n, title in enumerate(SEED_000_LISTED, start=4)]
    assert any("Rikke Bagge Skou" in text for _, text in styles)
    assert "Følgegruppen for uddannelse og arbejde" in [text for _, text in styles]
