"""Field-by-field acceptance tests of the parser on the two real seed minutes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from bot.minutes.clean import clean_lines
from bot.minutes.model import DateKind, Minutes, Outcome, SectionKind
from bot.minutes.structure import parse_minutes
from tests.minutes.conftest import SEED_000, SEED_002, seed_text

# --- seed 000: Følgegruppen for uddannelse og arbejde, no written meeting date ----------

ITEMS_000 = [
    ("1", "VELKOMMEN OG PRÆSENTATION", "Yelva Bjørnholdt Jensen", "5 min", 5),
    ("2", "MUNDTLIG ORIENTERING: Status fra formandskabet", "Charlotte Rosenkrantz Josefsen", "5 min", 5),
    (
        "3",
        "Status på arbejdet med målsætning 1 – ”Vi vil sikre, at andelen af unge med psykiske lidelser, "
        "som har fuldført en ungdomsuddannelse, er steget til minimum 53 %”",
        None,
        None,
        None,
    ),
    (
        "3.1",
        "Samarbejde mellem psykiatrien, uddannelsesområdet og almen praksis – forberedende "
        "grunduddannelse (FGU) (Indsats 1.1)",
        "Yelva Bjørnholdt Jensen",
        "20 min",
        20,
    ),
    (
        "4",
        "Målsætning 2 – ”Vi vil sikre, at andelen af somatisk syge, som fastholdes på arbejdsmarkedet "
        "er øget til minimum 82 %”",
        None,
        None,
        None,
    ),
    (
        "4.1",
        "Prøvehandlinger for 3 somatiske patientgrupper med potentiale for indsatser på tværs af "
        "sundhed, uddannelse og arbejde (Indsats 2.2)",
        "Rikke Bagge Skou",
        "30 min",
        30,
    ),
    (
        "5",
        "Målsætning 3 – ”Vi vil sikre, at andelen af psykiske syge, som fastholdes på arbejdsmarkedet "
        "et øget til minimum 51 %”",
        None,
        None,
        None,
    ),
    (
        "5.1",
        "Samarbejde om rehabilitering og recovery vedrørende psykiatrien (Indsats 3.1)",
        "Charlotte Josefsen",
        "60 min",
        60,
    ),
    ("6", "Status på eksisterende opgaver", None, None, None),
    (
        "6.1",
        "SKRIFTLIG ORIENTERING: Samtalestøtte til stressramte og langtidssygemeldte borgere (Eksisterende opgave A)",
        "Line Brinch Christensen",
        None,
        None,
    ),
    (
        "6.2",
        "Samarbejdsaftale om traumatiserede flygtninge og krigsveteraner med PTSD (Eksisterende opgave B)",
        "Jette Dalsgaard Andersen",
        "10 min",
        10,
    ),
    ("7", "SKRIFTLIG ORIENTERING: Status for øvrige opgaver", "Line Brinch Christensen", None, None),
    ("8", "Punkter til næste møde i følgegruppen den 13. april 2021", None, None, None),
    ("9", "Eventuelt", None, None, None),
]

OUTCOMES_000 = {
    "1": (Outcome.UNKNOWN, None),
    "2": (Outcome.NOTED, "Orienteringen blev taget til efterretning"),
    "3": (Outcome.UNKNOWN, None),
    "3.1": (Outcome.DECIDED, "Kommissorium tilrettes med følgende ændringer:"),
    "4": (Outcome.UNKNOWN, None),
    "4.1": (Outcome.POSTPONED, "det blev besluttet at udskyde punktet til næste følgegruppemøde"),
    "5": (Outcome.UNKNOWN, None),
    "5.1": (Outcome.DISCUSSED, "Følgegruppen drøftede nedenstående spørgsmål i undergrupper."),
    "6": (Outcome.UNKNOWN, None),
    "6.1": (Outcome.APPROVED, "Godkendt."),
    "6.2": (Outcome.APPROVED, "Den reviderede tids- og procesplan blev godkendt."),
    "7": (Outcome.NOTED, "Punktet blev taget til efterretning uden kommentarer."),
    # The Indstilling asks to decide the points; the Referat lists them (source INDSTILLING).
    "8": (Outcome.DECIDED, "Temadrøftelse om praksisplanen"),
    "9": (Outcome.UNKNOWN, None),
}

# kind → snippet the section text must contain; None means the section must be absent
SECTIONS_000 = {
    "1": {SectionKind.DESCRIPTION: "Velkommen til Daniel Bomholt", SectionKind.REFERAT: None},
    "2": {
        SectionKind.DESCRIPTION: "Det Administrative Kontaktforum (DAK) den 28. januar",
        SectionKind.INDSTILLING: "tager orienteringen til efterretning",
        SectionKind.REFERAT: "Orienteringen blev taget til efterretning",
    },
    "3": {SectionKind.DESCRIPTION: None, SectionKind.REFERAT: None},
    "3.1": {
        SectionKind.DESCRIPTION: "På følgegruppemødet den 1. december 2020 var der en temadrøftelse",
        SectionKind.INDSTILLING: "Udpeger medlemmer fra følgegruppen",
        SectionKind.BILAG: "Bilag 3.1: Kommissorium_Indsats 1.1_Udkast",
        SectionKind.REFERAT: "- 1 PsykInfo repræsentant",
        SectionKind.NOTE_AFTER: "peget på en mulig repræsentant fra Fredericia",
    },
    "4.1": {
        SectionKind.DESCRIPTION: "I august 2020 besluttede følgegruppen",
        SectionKind.INDSTILLING: "Drøfter tilgang og proces i forbindelse med prøvehandlinger",
        SectionKind.REFERAT: "akut hasteopgave med vaccinering mod COVID-19",
    },
    "5.1": {
        SectionKind.DESCRIPTION: "Regionsrådet godkendte den 23. november 2020",
        SectionKind.INDSTILLING: "Deltagerne drøfter, hvordan følgegruppen kan understøtte",
        SectionKind.BILAG: "Bilag 5.1b Forløbsprogram for depression - oplæg",
        SectionKind.REFERAT: "- 9.8.1 Lokalaftale om samtaleterapi og krisesamtaler",
        SectionKind.NOTE_AFTER: "Følgegruppen for forebyggelse har d. 12.2. sendt en opfordring",
    },
    "6.1": {
        SectionKind.DESCRIPTION: "Der gives næste status i 3. kvartal 2021.",
        SectionKind.INDSTILLING: "tager orienteringen til efterretning",
        SectionKind.BILAG: "Bilag 6.1b Samtaleterapi og krisesamtale",
        SectionKind.REFERAT: "Godkendt. Der opfordres til at aftalen drøftes løbende i KLUerne",
    },
    "6.2": {
        SectionKind.DESCRIPTION: "Spørgeskemaet er udsendt den 26. januar",
        SectionKind.INDSTILLING: "Det indstilles, at Følgegruppen godkender:",
        SectionKind.BILAG: "Bilag 6.2 Revideret tids- og procesplan",
        SectionKind.REFERAT: "Følgegruppen fastholder dog målgruppeafgræsningen",
    },
    "7": {
        SectionKind.DESCRIPTION: "”Opgaveportefølje og status” (bilaget)",
        SectionKind.INDSTILLING: "godkender status i porteføljeoverblikket",
        SectionKind.BILAG: "Bilag 7 OPGAVEPORTEFØLJE OG STATUS",
        SectionKind.REFERAT: "uden kommentarer",
    },
    "8": {
        SectionKind.INDSTILLING: "Beslutter punkter til næste møde i følgegruppen.",
        SectionKind.BILAG: "Bilag 8 Mødekalender",
        SectionKind.REFERAT: "- Borgere med PTSD",
    },
    "9": {SectionKind.REFERAT: "Der var intet at bemærke til punktet."},
}


def test_000_item_numbers_in_order(seed000: Minutes) -> None:
    assert [i.number for i in seed000.items] == [n for n, *_ in ITEMS_000]


@pytest.mark.parametrize(("number", "title", "presenter", "slot", "minutes"), ITEMS_000)
def test_000_item_heading(
    seed000: Minutes, number: str, title: str, presenter: str | None, slot: str | None, minutes: int | None
) -> None:
    item = seed000.item(number)
    assert item is not None
    assert item.title == title
    assert item.presenter == presenter
    assert item.time_slot == slot
    assert item.duration_minutes == minutes


@pytest.mark.parametrize("number", list(OUTCOMES_000))
def test_000_outcome_and_sentence(seed000: Minutes, number: str) -> None:
    item = seed000.item(number)
    assert item is not None
    outcome, snippet = OUTCOMES_000[number]
    assert item.outcome == outcome
    if snippet is None:
        assert item.outcome_sentence is None
    else:
        assert item.outcome_sentence is not None and snippet in item.outcome_sentence


@pytest.mark.parametrize("number", list(SECTIONS_000))
def test_000_sections(seed000: Minutes, number: str) -> None:
    item = seed000.item(number)
    assert item is not None
    for kind, snippet in SECTIONS_000[number].items():
        section = item.section(kind)
        if snippet is None:
            assert section is None, f"{number}: unexpected {kind}"
        else:
            assert section is not None, f"{number}: missing {kind}"
            assert snippet in section.text, f"{number} {kind}: {section.text[:200]!r}"


def test_000_cleaning_drops_page_footer_and_scattered_url(seed000: Minutes) -> None:
    every_text = "\n".join(s.text for i in seed000.items for s in i.sections)
    assert "Side 4/9" not in every_text
    assert "\uf0b7" not in every_text
    assert every_text.count("https://www.regionsyddanmark.dk/wm280600") == 1
    item = seed000.item("3.1")
    assert item is not None
    # the referat continues across the page break, bullet glyphs became "- "
    referat = item.section(SectionKind.REFERAT)
    assert referat is not None
    assert "- Tidsplanen revideres i samarbejde med medlemmerne i arbejdsgruppen" in referat.text


def test_000_note_after_is_not_part_of_referat(seed000: Minutes) -> None:
    item = seed000.item("5.1")
    assert item is not None
    referat = item.section(SectionKind.REFERAT)
    note = item.section(SectionKind.NOTE_AFTER)
    assert referat is not None and note is not None
    assert "Status efter mødet" not in referat.text
    assert note.heading == "Status efter mødet"


def test_000_committee(seed000: Minutes) -> None:
    assert seed000.meeting.committee == "Følgegruppen for uddannelse og arbejde"


def test_000_states_no_meeting_date_and_gets_none() -> None:
    minutes = parse_minutes(seed_text(SEED_000), SEED_000)
    meeting = minutes.meeting
    assert (meeting.date, meeting.date_confidence) == (None, 0.0)  # no date the document does not state
    # What the minutes do tell: after the DAK meeting of 28 January, before the note dated 12.2.
    assert "28. januar 2021" in meeting.date_evidence and "12. februar 2021" in meeting.date_evidence
    assert any(w.startswith("Referatet angiver ingen mødedato") for w in minutes.warnings)


def test_000_no_header_fields(seed000: Minutes) -> None:
    meeting = seed000.meeting
    assert (meeting.place, meeting.chair, meeting.minute_taker) == (None, None, None)
    assert meeting.attendees == [] and meeting.absentees == []


def test_000_file_name_date_wins_over_inference() -> None:
    minutes = parse_minutes(seed_text(SEED_000), "referat_2021-02-09.pdf")
    assert minutes.meeting.date == dt.date(2021, 2, 9)
    assert minutes.meeting.date_confidence >= 0.8
    assert "referat_2021-02-09.pdf" in minutes.meeting.date_evidence


def test_000_dates(seed000: Minutes) -> None:
    by_item = {(d.item_number, d.on, d.kind) for d in seed000.dates}
    assert ("8", dt.date(2021, 4, 13), DateKind.NEXT_MEETING) in by_item  # from the title
    assert ("4.1", dt.date(2021, 4, 13), DateKind.NEXT_MEETING) in by_item
    assert ("6.2", dt.date(2021, 2, 22), DateKind.DEADLINE) in by_item
    assert ("6.2", dt.date(2021, 1, 26), DateKind.EVENT) in by_item
    assert ("5.1", dt.date(2021, 2, 12), DateKind.EVENT) in by_item
    assert ("6.1", dt.date(2021, 7, 1), DateKind.STATUS_DUE) in by_item
    assert all(d.item_number is not None for d in seed000.dates)  # no header in this document
    item = seed000.item("2")
    assert item is not None and [d.on for d in item.dates] == [dt.date(2021, 1, 28)]


def test_000_sha_is_of_cleaned_text(seed000: Minutes) -> None:
    expected = hashlib.sha256("\n".join(clean_lines(seed_text(SEED_000))).encode("utf-8")).hexdigest()
    assert seed000.content_sha256 == expected
    assert seed000.source_name == SEED_000


# --- seed 002: Fokusgruppen Sundhed & Beskæftigelse, stale header fragments -------------

ITEMS_002 = [
    ("1", "Velkomst og godkendelse af dagsorden", None, "Kl. 9.00-9.10", 10),
    ("2", "Evaluering af Covid-perioden", None, "kl 9.10-9.20", 10),
    ("3", "Aktuel status på dagpengeområdet", None, "Kl 9.20-9.40", 20),
    (
        "4",
        "Principper i arbejdsrettet rehabilitering og vurdering af funktionsevne/arbejdsevne",
        "Dorthe Rubak",
        "Kl 9.40-10.00",
        20,
    ),
    ("5", "Udfordringer for unge i Vestklyngen", "Per Høgh Poulsen", "Kl 10.00-10.45", 45),
    (
        "6",
        "IPS – Individuel Planlagt job og uddannelse med Støtte",
        "Kim U Christensen og Ulla Wernberg-Møller",
        "kl 10.45 -11.30",
        45,
    ),
    ("7", "Tema for et forårsseminar", None, None, None),
    (
        "8",
        "Status på kommunernes deltagelse i projekt vedr. følger efter hjernerystelser – skriftlig orientering",
        None,
        None,
        None,
    ),
    ("9", "Status på forsendelsen af LÆ-blanketter Skriftlig orientering", None, None, None),
    ("10", "Mødetider i 2021", None, None, None),
    ("11", "Evt", None, None, None),
]

OUTCOMES_002 = {
    "1": (Outcome.APPROVED, "Godkendt."),
    "2": (Outcome.DISCUSSED, "Regionen: Der har været mange smittede medarbejdere"),
    # 3, 5, 6, 8: the Referat has no decision word, so the Indstilling gives the outcome
    # (see test_002_outcome_from_indstilling_is_marked) and the Referat the sentence.
    "3": (Outcome.DISCUSSED, "Punktet tages op på det kommende møde"),
    "4": (Outcome.POSTPONED, "Punktet flyttes til et kommende møde"),
    "5": (Outcome.NOTED, "Unges udfordringer ift. uddannelse og arbejdsmarkedstilknytning."),
    "6": (Outcome.DISCUSSED, "Der er ønske fra Fokusgruppen om at følge projektet"),
    "7": (Outcome.DISCUSSED, "Seminaret er 19. april 2021"),
    "8": (Outcome.NOTED, "3 Sundhedschefer indgår i følgegruppen"),
    "9": (Outcome.NOTED, "taget til efterretning."),
    "10": (Outcome.UNKNOWN, None),
    "11": (Outcome.UNKNOWN, None),
}

SECTIONS_002 = {
    "1": {
        SectionKind.DESCRIPTION: "Velkommen til Ulla Wernberg Møller",
        SectionKind.INDSTILLING: None,
        SectionKind.REFERAT: "Punkt 4 udgår pga sygdom",
    },
    "2": {
        SectionKind.DESCRIPTION: None,
        SectionKind.INDSTILLING: "At gruppen kort deler erfaringer",
        SectionKind.SAGSFREMSTILLING: "3. Hvad gør vi i dag anderledes end tidligere?",
        SectionKind.REFERAT: "Kommunikation ud til borgere og medarbejdere",
    },
    "3": {
        SectionKind.INDSTILLING: "fælles opmærksomhedspunkter og mulige initiativer",
        SectionKind.SAGSFREMSTILLING: "Punktet følges op på mødet i december",
        SectionKind.REFERAT: "Pukkelafvikling: HEV forventer at puklen er afviklet til nytår 2020.",
    },
    "4": {
        SectionKind.INDSTILLING: "Klinisk Social Medicin og Rehabilitering",
        SectionKind.SAGSFREMSTILLING: "begrebet WORQ",
        SectionKind.REFERAT: "grundet sygdom d.d.",
    },
    "5": {
        SectionKind.SAGSFREMSTILLING: "studier fra Vestliv-projektet",
        SectionKind.REFERAT: "- 9. klasses afgangskarakter og fuldført uddannelse",
    },
    "6": {
        SectionKind.SAGSFREMSTILLING: "13 kommuner i Region Sjælland",
        SectionKind.BILAG: "Procesbeskrivelse fra Region Sjælland",
        SectionKind.REFERAT: "IPS light",
    },
    "7": {SectionKind.REFERAT: "- Mental sundhed"},
    "8": {SectionKind.REFERAT: "Kathrine Rud, Skanderborg Kommune"},
    "9": {SectionKind.REFERAT: "taget til efterretning."},
    "10": {SectionKind.DESCRIPTION: "Tirsdag d 7. september 2021 kl 8.30-12.00 (HEV)", SectionKind.REFERAT: None},
    "11": {SectionKind.DESCRIPTION: "Evaluering af mødet:"},
}


def test_002_item_numbers_in_order(seed002: Minutes) -> None:
    assert [i.number for i in seed002.items] == [n for n, *_ in ITEMS_002]


def test_002_stale_fragment_is_not_an_item(seed002: Minutes) -> None:
    titles = " ".join(i.title for i in seed002.items)
    assert "Præsentation og godkendelse af dagsorden" not in titles
    assert "Hvad lærte vi" not in titles
    assert "klasses afgangskarakter" not in titles


@pytest.mark.parametrize(("number", "title", "presenter", "slot", "minutes"), ITEMS_002)
def test_002_item_heading(
    seed002: Minutes, number: str, title: str, presenter: str | None, slot: str | None, minutes: int | None
) -> None:
    item = seed002.item(number)
    assert item is not None
    assert (item.title, item.presenter, item.time_slot, item.duration_minutes) == (title, presenter, slot, minutes)


@pytest.mark.parametrize("number", list(OUTCOMES_002))
def test_002_outcome_and_sentence(seed002: Minutes, number: str) -> None:
    item = seed002.item(number)
    assert item is not None
    outcome, snippet = OUTCOMES_002[number]
    assert item.outcome == outcome
    if snippet is None:
        assert item.outcome_sentence is None
    else:
        assert item.outcome_sentence is not None and snippet in item.outcome_sentence


@pytest.mark.parametrize("number", list(SECTIONS_002))
def test_002_sections(seed002: Minutes, number: str) -> None:
    item = seed002.item(number)
    assert item is not None
    for kind, snippet in SECTIONS_002[number].items():
        section = item.section(kind)
        if snippet is None:
            assert section is None, f"{number}: unexpected {kind}"
        else:
            assert section is not None, f"{number}: missing {kind}"
            assert snippet in section.text, f"{number} {kind}: {section.text[:200]!r}"


def test_002_outcome_from_indstilling_is_marked(seed002: Minutes) -> None:
    """A proposal taken as followed says so, and quotes what the Referat recorded."""
    for number in ("3", "5", "6", "8"):
        item = seed002.item(number)
        assert item is not None and item.outcome_sentence is not None
        assert item.outcome_source == SectionKind.INDSTILLING, number
        referat = item.section(SectionKind.REFERAT)
        assert referat is not None
        assert item.outcome_sentence.split()[0] in referat.text, number
        assert not item.outcome_sentence.startswith("At gruppen"), number
    for number in ("1", "2", "4", "7", "9"):
        item = seed002.item(number)
        assert item is not None and item.outcome_source == SectionKind.REFERAT, number
    for number in ("10", "11"):
        item = seed002.item(number)
        assert item is not None and item.outcome_source is None, number


def test_002_meeting(seed002: Minutes) -> None:
    meeting = seed002.meeting
    assert meeting.committee == "Fokusgruppen Sundhed & Beskæftigelse"
    assert meeting.date == dt.date(2020, 9, 2)
    assert (meeting.start_time, meeting.end_time) == (dt.time(9, 0), dt.time(12, 0))
    assert meeting.place == "Byrådssalen, Rådhusgade 2, Lemvig"
    assert meeting.chair == "Ole Carstensen"
    assert meeting.minute_taker == "Pernille Kloster Aalund"
    assert 0.9 <= meeting.date_confidence <= 1.0
    assert "Onsdag d 2. september" in meeting.date_evidence


def test_002_attendees_rejoined(seed002: Minutes) -> None:
    assert seed002.meeting.attendees == [
        "Hanne Sloth",
        "Helle Vadt",
        "Søren Landkildehus",
        "Birgitte Frydenkjær",
        "Jens Damgaard",
        "Dorthe Nauntofte",
        "Kim Helleland",
        "Betina Funder",
        "Ulla Wernberg Møller",
        "Ole Carstensen",
        "Lene Antonsen",
        "Pernille Kloster Aalund",
    ]


def test_002_absentees_from_real_header_only(seed002: Minutes) -> None:
    absentees = seed002.meeting.absentees
    assert len(absentees) == 9
    assert "Janne Rezagi" in absentees and "Ulla Svendsen" in absentees
    assert "Jette Haislund" not in absentees  # the stale 2018 header


def test_002_item_1_referat_postpones_item_4_not_item_1(seed002: Minutes) -> None:
    first, fourth = seed002.item("1"), seed002.item("4")
    assert first is not None and fourth is not None
    assert first.outcome == Outcome.APPROVED
    assert fourth.outcome == Outcome.POSTPONED


def test_002_dates(seed002: Minutes) -> None:
    calendar = [d for d in seed002.dates if d.item_number == "10" and d.kind == DateKind.CALENDAR_MEETING]
    assert [d.on for d in calendar] == [
        dt.date(2021, 2, 11),
        dt.date(2021, 5, 27),
        dt.date(2021, 9, 7),
        dt.date(2021, 12, 8),
    ]
    assert calendar[0].start_time == dt.time(8, 30)
    assert any(d.item_number == "7" and d.on == dt.date(2021, 4, 19) for d in seed002.dates)
    # the stale 2018 header is neither the meeting nor a date of these minutes
    assert all(d.on.year != 2018 for d in seed002.dates)
    assert any(d.item_number is None and d.on == dt.date(2020, 9, 2) for d in seed002.dates)


def test_parse_is_deterministic() -> None:
    text = seed_text(SEED_002)
    assert parse_minutes(text, SEED_002) == parse_minutes(text, SEED_002)
