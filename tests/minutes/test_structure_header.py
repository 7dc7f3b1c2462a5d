"""Header fields, committee lines, case numbers and agendas in plain-text minutes of any system."""

from __future__ import annotations

import datetime as dt

from bot.minutes.model import DocumentKind, Outcome, SectionKind
from bot.minutes.structure import parse_minutes

ACADRE_LIKE = """\
Udvalg: Teknisk Udvalg
Mødedato: Tirsdag den 4. marts 2025 kl. 16.00
Mødested: Mødelokale 1, Rådhuset
Mødeleder: Anne Holm
Ikke til stede: Bo Jensen

1. Vejbelysning på Strandvej og
   Strandvejens sideveje
EMN-2025-001234
Beslutning:
Godkendt.

2. Eventuelt
Beslutning:
Intet.
"""


def test_committee_chair_and_absentees_from_header_fields() -> None:
    minutes = parse_minutes(ACADRE_LIKE, "referat.txt")
    meeting = minutes.meeting
    assert meeting.committee == "Teknisk Udvalg"
    assert (meeting.date, meeting.start_time) == (dt.date(2025, 3, 4), dt.time(16, 0))
    assert meeting.place == "Mødelokale 1, Rådhuset"
    assert meeting.chair == "Anne Holm"
    assert meeting.absentees == ["Bo Jensen"]
    first = minutes.items[0]
    assert first.case_number == "EMN-2025-001234"
    assert "EMN-2025" not in first.section(SectionKind.REFERAT).text  # type: ignore[union-attr]  # None would fail the test just as well


def test_committee_from_a_name_heading_with_a_place_after_a_dash() -> None:
    text = (
        "Dagsorden\n\nAarhus Byråd - Byrådssalen\n\nonsdag den 8. oktober 2025 kl. 16.00\n\n"
        + ACADRE_LIKE.split("\n\n", 1)[1]
    )
    meeting = parse_minutes(text, "side.txt").meeting
    assert meeting.committee == "Aarhus Byråd"
    assert (meeting.date, meeting.start_time) == (dt.date(2025, 10, 8), dt.time(16, 0))  # the dated heading
    sentence = "Det blev besluttet i Udvalg\n\n" + ACADRE_LIKE.split("\n\n", 1)[1]
    assert parse_minutes(sentence, "x.txt").meeting.committee != "Det blev besluttet i Udvalg"


def test_a_year_range_under_a_title_is_no_case_number() -> None:
    text = "Referat\n\n1. Budget\n2024-2025\nBeslutning: Godkendt.\n\n2. Eventuelt\nBeslutning: Intet.\n"
    assert parse_minutes(text, "x.txt").items[0].case_number is None


def test_items_follow_each_other_across_long_numbered_lists_inside_items() -> None:
    inner = "\n".join(f"{n}) Delpunkt nummer {n} om noget" for n in range(1, 60))
    text = (
        "Referat\n\n1. Budget\nSagsfremstilling:\n" + inner + "\nBeslutning: Godkendt.\n\n"
        "2. Handleplan\nSagsfremstilling:\n" + inner + "\nBeslutning: Godkendt.\n\n"
        "3. Eventuelt\nBeslutning: Intet.\n"
    )
    assert [(i.number, i.title) for i in parse_minutes(text, "x.txt").items] == [
        ("1", "Budget"),
        ("2", "Handleplan"),
        ("3", "Eventuelt"),
    ]


def test_an_agenda_states_no_outcomes() -> None:
    text = (
        "Dagsorden 8. oktober 2025 kl. 16.00\nUdvalg: Byrådet\n\n"
        "1. Lokalplan 12\nIndstilling:\nDet indstilles, at byrådet godkender lokalplanen.\n\n"
        "2. Forslag fra V om cykelstier\nSagsfremstilling:\nForslaget lyder:\nBeslutning\nByrådet beslutter at bygge.\n\n"
        "3. Eventuelt\n"
    )
    minutes = parse_minutes(text, "dagsorden.txt")
    assert minutes.kind == DocumentKind.AGENDA
    assert {i.outcome for i in minutes.items} == {Outcome.UNKNOWN}
    assert not any(s.kind == SectionKind.REFERAT for i in minutes.items for s in i.sections)
    minutes_text = text.replace("Dagsorden 8", "Referat 8")
    assert parse_minutes(minutes_text, "referat.txt").kind == DocumentKind.MINUTES


EDOC_LIKE = """\
Referat
Teknisk Udvalg
Mødedato:
04-03-2025
Mødetidspunkt:
16:00 - 18:30
Mødested:
Mødelokale 2, Rådhuset
Deltagere:
Anne Holm (A), formand
Bo Jensen (V)
Carl Dahl (F)
Fraværende:
Dorte Lund (O)
Indholdsfortegnelse
1. Godkendelse af dagsorden 2
2. Trafiksikkerhedsplan 2025-2028 for skoleveje i den nordlige del af
kommunen 3
3. Eventuelt 5
Teknisk Udvalg - 04-03-2025 Side 1 af 5
1. Godkendelse af dagsorden
Sagsnr.: 25/1234
Beslutning i Teknisk Udvalg den 04-03-2025
Godkendt.
Teknisk Udvalg - 04-03-2025 Side 2 af 5
2. Trafiksikkerhedsplan 2025-2028 for skoleveje i den nordlige del af
kommunen
Sagsnr.: 24/9876
Sagsfremstilling
Planen koster 4,2 mio. kr. over fire år. Høringsfristen er 1. april 2025.
Indstilling
Forvaltningen indstiller, at planen sendes i høring.
Beslutning i Teknisk Udvalg den 04-03-2025
Sendt tilbage til forvaltningen med ønske om flere skoleveje.
Bo Jensen (V) kunne ikke tiltræde.
Teknisk Udvalg - 04-03-2025 Side 3 af 5
3. Eventuelt
Beslutning i Teknisk Udvalg den 04-03-2025
Intet.
"""


def test_labels_alone_with_values_below_a_contents_list_and_running_footers() -> None:
    minutes = parse_minutes(EDOC_LIKE, "referat.pdf")
    meeting = minutes.meeting
    assert meeting.committee == "Teknisk Udvalg"
    assert (meeting.date, meeting.start_time, meeting.date_confidence) == (dt.date(2025, 3, 4), dt.time(16, 0), 1.0)
    assert meeting.place == "Mødelokale 2, Rådhuset"
    assert meeting.attendees == ["Anne Holm (A), formand", "Bo Jensen (V)", "Carl Dahl (F)"]
    assert meeting.chair == "Anne Holm (A)"
    assert meeting.absentees == ["Dorte Lund (O)"]
    assert [(i.number, i.title, i.case_number) for i in minutes.items] == [
        ("1", "Godkendelse af dagsorden", "25/1234"),
        ("2", "Trafiksikkerhedsplan 2025-2028 for skoleveje i den nordlige del af kommunen", "24/9876"),
        ("3", "Eventuelt", None),
    ]
    everything = "\n".join(s.text for i in minutes.items for s in i.sections)
    assert "Side" not in everything
    plan = minutes.items[1]
    assert plan.outcome == Outcome.REFERRED
    assert "kunne ikke tiltræde" in plan.section(SectionKind.REFERAT).text  # type: ignore[union-attr]  # None would fail the test just as well


PREPARE_LIKE = """\
Byrådet
Referat
Dato: 4. marts 2025 Start kl.: 19:00 Slut kl.: 21:15
Sted: Byrådssalen
Fraværende: Jens Olsen (V)
Medlemmer: Mette Frederiksen (A), Lars Løkke (V), Jens Olsen (V)

Indholdsfortegnelse
Punkt 1: Meddelelser.......................................2
Punkt 2: Budgetopfølgning pr. 31. januar 2025.............3

Punkt 1: Meddelelser
Beslutning
Orienteringen blev taget til efterretning.

Punkt 2: Budgetopfølgning pr. 31. januar 2025
Sagsnr.: 00.30.00-S00-1-25
Beslutning
Godkendt med 20 stemmer for og 5 imod (DF og EL stemte imod).
"""

COUNCIL_LIKE = """\
Referat
Økonomiudvalget
Mødedato: 12.03.2024 Mødetid: 15:00 Mødested: Udvalgsværelse 1
Afbud: Karen Holm
Medlemmer
Per Hansen (A) (formand)
Karen Holm (V)
Ole Berg (F)
Åbne punkter
4. Godkendelse af dagsorden
Beslutning i Økonomiudvalget den 12-03-2024
Godkendt.
5. Salg af grund på Havnevej 12 til boligformål
Beslutning i Økonomiudvalget den 12-03-2024
Anbefales over for Byrådet. Ole Berg (F) tog forbehold.
"""


def test_fields_run_together_on_one_line_and_members_minus_the_absent() -> None:
    council = parse_minutes(COUNCIL_LIKE, "oekonomiudvalget.pdf")
    meeting = council.meeting
    assert (meeting.committee, meeting.date, meeting.start_time) == (
        "Økonomiudvalget",
        dt.date(2024, 3, 12),
        dt.time(15, 0),
    )
    assert meeting.place == "Udvalgsværelse 1"
    assert meeting.absentees == ["Karen Holm"]
    assert meeting.attendees == ["Per Hansen (A) (formand)", "Ole Berg (F)"]
    assert meeting.chair == "Per Hansen (A)"
    assert [i.number for i in council.items] == ["4", "5"]
    assert council.items[1].outcome == Outcome.RECOMMENDED

    prepare = parse_minutes(PREPARE_LIKE, "byraadet.pdf")
    assert (prepare.meeting.date, prepare.meeting.start_time) == (dt.date(2025, 3, 4), dt.time(19, 0))
    assert prepare.meeting.attendees == ["Mette Frederiksen (A)", "Lars Løkke (V)"]
    assert prepare.meeting.absentees == ["Jens Olsen (V)"]
    assert [(i.number, i.title) for i in prepare.items] == [
        ("1", "Meddelelser"),
        ("2", "Budgetopfølgning pr. 31. januar 2025"),
    ]
    assert prepare.items[1].case_number == "00.30.00-S00-1-25"
