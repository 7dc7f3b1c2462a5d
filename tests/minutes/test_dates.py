"""Tests for the Danish temporal-expression extractor (bot.minutes.dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.minutes.dates import extract_dates, parse_one
from bot.minutes.model import DateKind, DateMention, Precision

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SEED_000 = SEEDS / "000_ff41c34304ad259a.txt"
SEED_002 = SEEDS / "002_d275c62a07e34f7d.txt"

D = dt.date
T = dt.time
DAY, WEEK, MONTH = Precision.DAY, Precision.WEEK, Precision.MONTH
QUARTER, HALF, YEAR = Precision.QUARTER, Precision.HALF_YEAR, Precision.YEAR
EVENT, DEADLINE, NEXT = DateKind.EVENT, DateKind.DEADLINE, DateKind.NEXT_MEETING
STATUS, CALENDAR = DateKind.STATUS_DUE, DateKind.CALENDAR_MEETING

REF_000 = D(2021, 2, 9)
REF_002 = D(2020, 9, 2)

# (text, reference, start, end, precision, kind, start_time, end_time); `on` is checked
# separately below (it equals start except for deadline-ish year ends, which are single days).
CASES: list[tuple[str, dt.date | None, dt.date, dt.date, Precision, DateKind, dt.time | None, dt.time | None]] = [
    # days, year from the reference
    (
        "Formandskabet orienterer om mødet den 28. januar.",
        REF_000,
        D(2021, 1, 28),
        D(2021, 1, 28),
        DAY,
        EVENT,
        None,
        None,
    ),
    (
        "Der er deadline for besvarelse den 22. februar.",
        REF_000,
        D(2021, 2, 22),
        D(2021, 2, 22),
        DAY,
        DEADLINE,
        None,
        None,
    ),
    (
        "Punktet udskydes til næste følgegruppemøde (d. 13. april).",
        REF_000,
        D(2021, 4, 13),
        D(2021, 4, 13),
        DAY,
        NEXT,
        None,
        None,
    ),
    ("Mødetid: Onsdag d 2. september kl. 09.00 -12.00", REF_002, D(2020, 9, 2), D(2020, 9, 2), DAY, EVENT, T(9), T(12)),
    ("deadline til KOSU er 14. august", REF_002, D(2020, 8, 14), D(2020, 8, 14), DAY, DEADLINE, None, None),
    (
        "Spørgeskemaet er udsendt den 26. januar til aktørerne.",
        REF_000,
        D(2021, 1, 26),
        D(2021, 1, 26),
        DAY,
        EVENT,
        None,
        None,
    ),
    (
        "Materialet skal være sekretariatet i hænde senest fredag d. 5. marts.",
        REF_000,
        D(2021, 3, 5),
        D(2021, 3, 5),
        DAY,
        DEADLINE,
        None,
        None,
    ),
    ("Svarfristen er den 1. april.", REF_000, D(2021, 4, 1), D(2021, 4, 1), DAY, DEADLINE, None, None),
    ("Næste møde afholdes den 13. april kl. 13-15.", REF_000, D(2021, 4, 13), D(2021, 4, 13), DAY, NEXT, T(13), T(15)),
    # full days with year and times
    (
        "Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)",
        REF_002,
        D(2021, 2, 11),
        D(2021, 2, 11),
        DAY,
        EVENT,
        T(8, 30),
        T(12),
    ),
    (
        "Tirsdag d. 19. februar 2018 kl 12.30-15.30",
        REF_002,
        D(2018, 2, 19),
        D(2018, 2, 19),
        DAY,
        EVENT,
        T(12, 30),
        T(15, 30),
    ),
    ("Mandag den 7. juni 2021, Kl. 8:30 – 10:15", None, D(2021, 6, 7), D(2021, 6, 7), DAY, EVENT, T(8, 30), T(10, 15)),
    ("den 23. \n\nnovember 2020", None, D(2020, 11, 23), D(2020, 11, 23), DAY, EVENT, None, None),
    ("Seminaret er 19. april 2021.", REF_002, D(2021, 4, 19), D(2021, 4, 19), DAY, EVENT, None, None),
    # numeric days
    (
        "Følgegruppen har d. 12.2. sendt en opfordring ud.",
        REF_000,
        D(2021, 2, 12),
        D(2021, 2, 12),
        DAY,
        EVENT,
        None,
        None,
    ),
    ("Mødet flyttes til den 12/2.", D(2021, 1, 20), D(2021, 2, 12), D(2021, 2, 12), DAY, EVENT, None, None),
    ("Dato: 16.01.19", None, D(2019, 1, 16), D(2019, 1, 16), DAY, EVENT, None, None),
    ("Dato: 07.09.20", None, D(2020, 9, 7), D(2020, 9, 7), DAY, EVENT, None, None),
    ("Referatet er udsendt 2021-03-04.", None, D(2021, 3, 4), D(2021, 3, 4), DAY, EVENT, None, None),
    ("Næste møde: 13/4 kl. 9.00", REF_000, D(2021, 4, 13), D(2021, 4, 13), DAY, NEXT, T(9), None),
    ("Loven gælder fra d. 4/3-2021.", None, D(2021, 3, 4), D(2021, 3, 4), DAY, EVENT, None, None),
    ("Høringsfrist 15.04.2021", None, D(2021, 4, 15), D(2021, 4, 15), DAY, DEADLINE, None, None),
    ("Data for perioden 1.1.2020-31.12.2020 foreligger.", None, D(2020, 1, 1), D(2020, 12, 31), DAY, EVENT, None, None),
    # day ranges
    ("BI – antal i perioden 1. marts-5. aug 2020", REF_002, D(2020, 3, 1), D(2020, 8, 5), DAY, EVENT, None, None),
    ("Kurset holdes 1.-3. juni 2021.", None, D(2021, 6, 1), D(2021, 6, 3), DAY, EVENT, None, None),
    (
        "Lukket fra den 28. december til den 3. januar.",
        D(2020, 12, 1),
        D(2020, 12, 28),
        D(2021, 1, 3),
        DAY,
        EVENT,
        None,
        None,
    ),
    # month ranges
    (
        "Det første datatræk (perioden oktober 2019-februar 2020) viste en stigning.",
        REF_000,
        D(2019, 10, 1),
        D(2020, 2, 29),
        MONTH,
        EVENT,
        None,
        None,
    ),
    (
        "Bilag 6.1a Samtaleterapi - okt 2019-nov 2020",
        REF_000,
        D(2019, 10, 1),
        D(2020, 11, 30),
        MONTH,
        EVENT,
        None,
        None,
    ),
    (
        "Der har i perioden fra marts til maj 2020 været et fald.",
        REF_002,
        D(2020, 3, 1),
        D(2020, 5, 31),
        MONTH,
        EVENT,
        None,
        None,
    ),
    # months
    (
        "I august 2020 besluttede følgegruppen at bede om forslag.",
        REF_000,
        D(2020, 8, 1),
        D(2020, 8, 31),
        MONTH,
        EVENT,
        None,
        None,
    ),
    (
        "Der afholdes et fælles kick-off arrangement i maj 2021.",
        REF_000,
        D(2021, 5, 1),
        D(2021, 5, 31),
        MONTH,
        EVENT,
        None,
        None,
    ),
    (
        "På følgegruppemødet i december blev forslagene godkendt.",
        REF_000,
        D(2020, 12, 1),
        D(2020, 12, 31),
        MONTH,
        EVENT,
        None,
        None,
    ),
    ("Punktet følges op på mødet i december.", REF_002, D(2020, 12, 1), D(2020, 12, 31), MONTH, STATUS, None, None),
    ("Næste møde i december.", REF_000, D(2021, 12, 1), D(2021, 12, 31), MONTH, NEXT, None, None),
    # weeks, quarters, half years
    ("Skrivelsen sendes ud, forventeligt i uge 5.", REF_000, D(2021, 2, 1), D(2021, 2, 7), WEEK, EVENT, None, None),
    (
        "Alle afdelinger har i uge 26 afleveret handleplaner.",
        REF_002,
        D(2020, 6, 22),
        D(2020, 6, 28),
        WEEK,
        EVENT,
        None,
        None,
    ),
    ("Planen gælder uge 53 2020.", None, D(2020, 12, 28), D(2021, 1, 3), WEEK, EVENT, None, None),
    ("Der gives næste status i 3. kvartal 2021.", REF_000, D(2021, 7, 1), D(2021, 9, 30), QUARTER, STATUS, None, None),
    ("Analysen er klar i Q4 2021.", None, D(2021, 10, 1), D(2021, 12, 31), QUARTER, EVENT, None, None),
    (
        "at COVID19 i andet halvår \n\n2020 vil kunne håndteres",
        REF_002,
        D(2020, 7, 1),
        D(2020, 12, 31),
        HALF,
        EVENT,
        None,
        None,
    ),
    ("Projektet løber i første halvår 2020.", None, D(2020, 1, 1), D(2020, 6, 30), HALF, EVENT, None, None),
    # parts of a month or year
    ("data indtil medio november 2020", REF_000, D(2020, 11, 11), D(2020, 11, 20), MONTH, EVENT, None, None),
    ("Rapporten kommer primo marts.", REF_000, D(2021, 3, 1), D(2021, 3, 10), MONTH, EVENT, None, None),
    ("Evalueringen foreligger ultimo 2021.", None, D(2021, 10, 1), D(2021, 12, 31), QUARTER, EVENT, None, None),
    ("Vi starter i begyndelsen af maj.", REF_000, D(2021, 5, 1), D(2021, 5, 10), MONTH, EVENT, None, None),
    ("Det sker i slutningen af maj 2021.", None, D(2021, 5, 21), D(2021, 5, 31), MONTH, EVENT, None, None),
    (
        "Planen skal være klar inden udgangen af april.",
        REF_000,
        D(2021, 4, 30),
        D(2021, 4, 30),
        DAY,
        DEADLINE,
        None,
        None,
    ),
    # seasons
    ("jævnlige dataudtræk, senest i sommeren 2020", REF_000, D(2020, 6, 1), D(2020, 8, 31), QUARTER, EVENT, None, None),
    (
        "Vestklyngen har planer om et seminar i løbet af foråret.",
        REF_002,
        D(2021, 3, 1),
        D(2021, 5, 31),
        QUARTER,
        EVENT,
        None,
        None,
    ),
    ("Indsatsen evalueres i efteråret 2021.", None, D(2021, 9, 1), D(2021, 11, 30), QUARTER, EVENT, None, None),
    # year ends
    (
        "Operationerne er udført inden årets udgang.",
        REF_002,
        D(2020, 12, 31),
        D(2020, 12, 31),
        DAY,
        DEADLINE,
        None,
        None,
    ),
    (
        "HEV forventer at puklen er afviklet til nytår 2020.",
        REF_002,
        D(2020, 12, 31),
        D(2020, 12, 31),
        DAY,
        DEADLINE,
        None,
        None,
    ),
    ("Puklen er afviklet til nytår.", D(2021, 3, 1), D(2021, 12, 31), D(2021, 12, 31), DAY, DEADLINE, None, None),
    # capitals at the start of a sentence
    ("Uge 7 er vinterferie.", D(2021, 1, 10), D(2021, 2, 15), D(2021, 2, 21), WEEK, EVENT, None, None),
    ("Januar 2021 blev brugt på planlægning.", REF_000, D(2021, 1, 1), D(2021, 1, 31), MONTH, EVENT, None, None),
    # bare years (documented choice: a YEAR-precision mention after a preposition)
    ("Regionsrådet afsatte i 2018 en pulje.", REF_000, D(2018, 1, 1), D(2018, 12, 31), YEAR, EVENT, None, None),
]


@pytest.mark.parametrize(
    ("text", "reference", "start", "end", "precision", "kind", "start_time", "end_time"),
    CASES,
    ids=[c[0][:50] for c in CASES],
)
def test_expression(
    text: str,
    reference: dt.date | None,
    start: dt.date,
    end: dt.date,
    precision: Precision,
    kind: DateKind,
    start_time: dt.time | None,
    end_time: dt.time | None,
) -> None:
    mentions = extract_dates(text, reference)
    assert len(mentions) == 1, mentions
    m = mentions[0]
    assert (m.start, m.end, m.precision, m.kind) == (start, end, precision, kind)
    assert (m.start_time, m.end_time) == (start_time, end_time)
    assert m.on == start
    assert m.item_number is None
    assert m.text and m.text in " ".join(text.split())


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "text",
    [
        "9.8.1 Lokalaftale om samtaleterapi og krisesamtaler",
        "3.1. Samarbejde mellem psykiatrien",
        "1. Covid-19-periodens største betydning for vores organisation?",
        "9. klasses afgangskarakter og fuldført uddannelse.",
        "1. Velkomst og godkendelse af dagsorden (Kl. 9.00-9.10)",
        "Mobil: +45 5173 2858",
        "Regionsrådet afsatte en pulje på 2 mio. kr.",
        "at udmønte de resterende 1,2 mio. kr. fra puljen",
        "fandt 55 pct. af deltagerne et job, mod 25 % i kontrolgrupperne",
        "Herning 10.842 270 0,30%",
        "midtvejsstatus for Sundhedsaftalen 2019-2023",
        "Fra 29 randomiserede kontrollerede internationale studier",
        "Den tværsektorielle aftale på børne og ungeområdet (0-17 år)?",
        "i forhold til milepælen på 8 ugers sygemelding",
        "mere end de 7 samtaleterapiydelser, som er standard",
        "Side 4/9",
        "Side 4/9 2021",
        "Jan Hansen og August Krogh deltog.",
        "Vi ses i jul.",
        "ca. 25. pct. af aktiviteten",
        "da Hospitalsenhed Vest overgik til fase 2. kom en retningslinje",
        "Bilag 6.1a IPS-oplæg",
        "(kl 10.45 -11.30) v Kim U Christensen",
    ],
)
def test_not_a_date(text: str) -> None:
    assert extract_dates(text, REF_002) == []


def test_year_boundary_goes_forward() -> None:
    [m] = extract_dates("Næste møde er den 5. januar.", D(2020, 12, 20))
    assert m.on == D(2021, 1, 5)
    [m] = extract_dates("Vi mødtes den 5. januar.", D(2020, 12, 20))
    assert m.on == D(2021, 1, 5)  # 16 days ahead beats 350 days back, even looking back
    [m] = extract_dates("Mødet blev holdt den 28. december.", D(2021, 1, 4))
    assert m.on == D(2020, 12, 28)


def test_week_of_the_resolved_year() -> None:
    [m] = extract_dates("Materialet sendes i uge 1.", D(2020, 12, 20))
    assert (m.start, m.end) == (D(2021, 1, 4), D(2021, 1, 10))
    [m] = extract_dates("Det skete i uge 52.", D(2021, 1, 10))
    assert (m.start, m.end) == (D(2020, 12, 21), D(2020, 12, 27))


def test_lean_decides_close_cases() -> None:
    # Seven months either way: the sentence's direction decides.
    reference = D(2021, 1, 31)
    [ahead] = extract_dates("Næste møde er den 31. august.", reference)
    [back] = extract_dates("Mødet blev afholdt den 31. august.", reference)
    assert ahead.on == D(2021, 8, 31)
    assert back.on == D(2020, 8, 31)


def test_weekday_picks_the_year() -> None:
    text = "10. Mødetider i 2021\n\nOnsdag d 8. december kl 12.30-16.00 (Lemvig)\n"
    mentions = extract_dates(text, REF_002)
    day = [m for m in mentions if m.precision == DAY]
    assert [m.on for m in day] == [D(2021, 12, 8)]
    # Without the weekday the nearest December wins.
    [m] = extract_dates("d 8. december kl 12.30-16.00", REF_002)
    assert m.on == D(2020, 12, 8)


def test_calendar_year_heading_wins_over_reference() -> None:
    text = "Mødeplan 2021:\n5. maj\n8. december\n"
    mentions = extract_dates(text, REF_002, default_kind=CALENDAR)
    assert [(m.on, m.kind, m.sentence) for m in mentions] == [
        (D(2021, 5, 5), CALENDAR, "5. maj"),
        (D(2021, 12, 8), CALENDAR, "8. december"),
    ]


def test_reference_none_uses_preceding_year_or_drops() -> None:
    assert extract_dates("Mødet den 5. maj.", None) == []
    assert extract_dates("Onsdag d 2. september kl. 09.00", None) == []
    [day] = extract_dates("Årsplan for 2021. Mødet den 5. maj.", None)  # "for 2021" is no date
    assert day.on == D(2021, 5, 5)
    # A written weekday may move it to the neighbouring year.
    mentions = extract_dates("Referat 2020. Onsdag d 6. januar.", None)
    assert mentions[-1].on == D(2021, 1, 6)


def test_kind_cues_pick_the_nearest_cue() -> None:
    text = "Frist for tilmelding er den 1. april, og mødet afholdes den 13. april."
    first, second = extract_dates(text, REF_000)
    assert (first.on, first.kind) == (D(2021, 4, 1), DEADLINE)
    assert (second.on, second.kind) == (D(2021, 4, 13), EVENT)


def test_senest_about_the_past_is_not_a_deadline() -> None:
    [m] = extract_dates("Data blev senest opdateret senest i maj 2020.", REF_000)
    assert m.kind == EVENT
    [m] = extract_dates("Data skal indsendes senest i maj 2021.", REF_000)
    assert m.kind == DEADLINE


def test_coordinated_days_and_months() -> None:
    days = extract_dates("Mødet holdes den 3. og 4. maj 2021.", None)
    assert [m.on for m in days] == [D(2021, 5, 3), D(2021, 5, 4)]
    months = extract_dates("I juni og juli måned kom der flere henvisninger.", REF_002)
    assert [(m.start, m.end) for m in months] == [
        (D(2020, 6, 1), D(2020, 6, 30)),
        (D(2020, 7, 1), D(2020, 7, 31)),
    ]


def test_default_kind_is_used_without_cues() -> None:
    [m] = extract_dates("Torsdag d 27. maj 2021 kl 12.30-16.00 (Lemvig)", REF_002, default_kind=CALENDAR)
    assert m.kind == CALENDAR
    [m] = extract_dates("Mødetider i 2021", REF_002, default_kind=CALENDAR)
    assert (m.precision, m.kind) == (YEAR, EVENT)  # the heading's year is no meeting


def test_sentence_is_folded_and_bounded() -> None:
    text = (
        "Orienteringen blev taget til efterretning. Regionsrådet godkendte den 23. \n\n"
        "november 2020, at udmønte de resterende 1,2 mio. kr. fra puljen.\n\n- Odense Kommune\n"
    )
    [m] = extract_dates(text, REF_000)
    assert m.on == D(2020, 11, 23)
    assert m.text == "den 23. november 2020"
    assert m.sentence == (
        "Regionsrådet godkendte den 23. november 2020, at udmønte de resterende 1,2 mio. kr. fra puljen."
    )


def test_parse_one_header_lines() -> None:
    m = parse_one("Mødetid: Onsdag d 2. september kl. 09.00 -12.00", REF_002)
    assert m is not None
    assert (m.on, m.start_time, m.end_time) == (D(2020, 9, 2), T(9), T(12))
    m = parse_one("Dato: 16.01.19", None)
    assert m is not None and m.on == D(2019, 1, 16) and m.precision == DAY
    assert parse_one("Mødested: Byrådssalen, Rådhusgade 2, Lemvig", REF_002) is None


def test_offsets_survive_characters_that_lower_to_two() -> None:
    [m] = extract_dates("İstanbul-mødet: Næste møde den 5. maj 2021.", None)
    assert (m.on, m.text, m.kind) == (D(2021, 5, 5), "den 5. maj 2021", NEXT)


def test_invalid_dates_are_skipped() -> None:
    assert extract_dates("den 31. april 2021", None) == []
    assert extract_dates("d. 45.13.", REF_000) == []
    [m] = extract_dates("den 29. februar", D(2020, 1, 10))
    assert m.on == D(2020, 2, 29)


# --- the seed minutes --------------------------------------------------------------------


def _find(mentions: list[DateMention], start: dt.date, end: dt.date, precision: Precision) -> list[DateMention]:
    return [m for m in mentions if (m.start, m.end, m.precision) == (start, end, precision)]


# (start, end, precision, kind or None for "any", count at least, start_time, end_time)
SEED_000_EXPECTED = [
    (D(2021, 1, 28), D(2021, 1, 28), DAY, EVENT, 1, None, None),
    (D(2020, 12, 1), D(2020, 12, 1), DAY, EVENT, 1, None, None),
    (D(2020, 8, 1), D(2020, 8, 31), MONTH, EVENT, 1, None, None),
    (D(2020, 12, 1), D(2020, 12, 31), MONTH, EVENT, 1, None, None),
    (D(2021, 4, 13), D(2021, 4, 13), DAY, NEXT, 2, None, None),
    (D(2021, 5, 1), D(2021, 5, 31), MONTH, EVENT, 1, None, None),
    (D(2020, 11, 23), D(2020, 11, 23), DAY, EVENT, 1, None, None),
    (D(2021, 1, 1), D(2021, 1, 31), MONTH, EVENT, 1, None, None),
    (D(2021, 3, 1), D(2021, 3, 31), MONTH, EVENT, 1, None, None),
    (D(2021, 2, 12), D(2021, 2, 12), DAY, EVENT, 1, None, None),
    (D(2020, 6, 1), D(2020, 8, 31), QUARTER, EVENT, 1, None, None),
    (D(2019, 10, 1), D(2020, 2, 29), MONTH, EVENT, 1, None, None),
    (D(2021, 2, 1), D(2021, 2, 7), WEEK, EVENT, 1, None, None),
    (D(2020, 11, 11), D(2020, 11, 20), MONTH, EVENT, 1, None, None),
    (D(2021, 7, 1), D(2021, 9, 30), QUARTER, STATUS, 1, None, None),
    (D(2020, 12, 17), D(2020, 12, 17), DAY, EVENT, 1, None, None),
    (D(2021, 1, 26), D(2021, 1, 26), DAY, EVENT, 1, None, None),
    (D(2021, 2, 22), D(2021, 2, 22), DAY, DEADLINE, 1, None, None),
]
SEED_002_EXPECTED = [
    (D(2018, 2, 19), D(2018, 2, 19), DAY, EVENT, 1, T(12, 30), T(15, 30)),
    (D(2019, 1, 16), D(2019, 1, 16), DAY, EVENT, 1, None, None),
    (D(2020, 9, 2), D(2020, 9, 2), DAY, EVENT, 1, T(9), T(12)),
    (D(2020, 3, 1), D(2020, 8, 5), DAY, EVENT, 1, None, None),
    (D(2020, 9, 7), D(2020, 9, 7), DAY, EVENT, 1, None, None),
    (D(2020, 3, 1), D(2020, 5, 31), MONTH, EVENT, 1, None, None),
    (D(2020, 6, 22), D(2020, 6, 28), WEEK, EVENT, 1, None, None),
    (D(2020, 7, 1), D(2020, 12, 31), HALF, EVENT, 1, None, None),
    (D(2020, 12, 31), D(2020, 12, 31), DAY, DEADLINE, 2, None, None),  # "inden årets udgang", "til nytår 2020"
    (D(2020, 12, 1), D(2020, 12, 31), MONTH, STATUS, 1, None, None),
    (D(2020, 8, 14), D(2020, 8, 14), DAY, DEADLINE, 1, None, None),
    (D(2020, 3, 1), D(2020, 3, 1), DAY, EVENT, 1, None, None),
    (D(2021, 4, 19), D(2021, 4, 19), DAY, EVENT, 1, None, None),
    (D(2021, 2, 11), D(2021, 2, 11), DAY, EVENT, 1, T(8, 30), T(12)),
    (D(2021, 5, 27), D(2021, 5, 27), DAY, EVENT, 1, T(12, 30), T(16)),
    (D(2021, 9, 7), D(2021, 9, 7), DAY, EVENT, 1, T(8, 30), T(12)),
    (D(2021, 12, 8), D(2021, 12, 8), DAY, EVENT, 1, T(12, 30), T(16)),
]


@pytest.mark.parametrize(
    ("path", "reference", "expected"),
    [(SEED_000, REF_000, SEED_000_EXPECTED), (SEED_002, REF_002, SEED_002_EXPECTED)],
    ids=["seed000", "seed002"],
)
def test_seed_dates_are_found(path: Path, reference: dt.date, expected: list) -> None:
    mentions = extract_dates(path.read_text(encoding="utf-8"), reference)
    for start, end, precision, kind, count, start_time, end_time in expected:
        found = _find(mentions, start, end, precision)
        assert len(found) >= count, (start, end, precision, [(m.text, m.start, m.end) for m in mentions])
        for m in found:
            assert m.kind == kind, (m.text, m.sentence, m.kind)
            assert (m.start_time, m.end_time) == (start_time, end_time), m.text


@pytest.mark.parametrize(("path", "reference"), [(SEED_000, REF_000), (SEED_002, REF_002)], ids=["seed000", "seed002"])
def test_seed_has_no_stray_dates(path: Path, reference: dt.date) -> None:
    """Everything found is either expected or a known, deliberate extra (years, bilag ranges)."""
    text = path.read_text(encoding="utf-8")
    mentions = extract_dates(text, reference)
    expected = SEED_000_EXPECTED if path == SEED_000 else SEED_002_EXPECTED
    wanted = {(s, e, p) for s, e, p, *_ in expected}
    extras = {(m.text, m.start, m.end) for m in mentions if (m.start, m.end, m.precision) not in wanted}
    allowed = {
        SEED_000: {
            ("2021", D(2021, 1, 1), D(2021, 12, 31)),  # "igangsættes i 2021"
            ("2018", D(2018, 1, 1), D(2018, 12, 31)),  # "afsatte i 2018"
            ("oktober 2019", D(2019, 10, 1), D(2019, 10, 31)),
            ("okt 2019-nov 2020", D(2019, 10, 1), D(2020, 11, 30)),
            ("okt 2019-nov 2019", D(2019, 10, 1), D(2019, 11, 30)),
        },
        SEED_002: {
            ("2019", D(2019, 1, 1), D(2019, 12, 31)),  # "samme periode i 2019"
            ("juni", D(2020, 6, 1), D(2020, 6, 30)),
            ("juli", D(2020, 7, 1), D(2020, 7, 31)),
            ("1983", D(1983, 1, 1), D(1983, 12, 31)),  # "født i 1983"
            ("foråret", D(2021, 3, 1), D(2021, 5, 31)),  # "seminar i løbet af foråret"
            ("2021", D(2021, 1, 1), D(2021, 12, 31)),  # "Mødetider i 2021"
        },
    }[path]
    assert extras <= allowed, extras - allowed


def test_seed_002_meeting_calendar_item() -> None:
    text = SEED_002.read_text(encoding="utf-8")
    item = text[text.index("10. Mødetider i 2021") : text.index("11. Evt")]
    mentions = [m for m in extract_dates(item, REF_002, default_kind=CALENDAR) if m.precision == DAY]
    assert [(m.on, m.start_time, m.end_time, m.kind) for m in mentions] == [
        (D(2021, 2, 11), T(8, 30), T(12), CALENDAR),
        (D(2021, 5, 27), T(12, 30), T(16), CALENDAR),
        (D(2021, 9, 7), T(8, 30), T(12), CALENDAR),
        (D(2021, 12, 8), T(12, 30), T(16), CALENDAR),
    ]
    assert [m.sentence for m in mentions][-1] == "Onsdag d 8. december kl 12.30-16.00 (Lemvig)"


def test_seed_next_meeting_sentences() -> None:
    mentions = extract_dates(SEED_000.read_text(encoding="utf-8"), REF_000)
    next_meetings = [m for m in mentions if m.kind == NEXT]
    assert [m.text for m in next_meetings] == ["d. 13. april", "den 13. april 2021"]
    assert next_meetings[1].sentence == "8. Punkter til næste møde i følgegruppen den 13. april 2021"


def test_long_document_is_handled() -> None:
    """Thirty pages of minutes: every date of the seeds is found once per copy."""
    text = "\n\n".join([SEED_000.read_text(encoding="utf-8")] * 4)
    once = extract_dates(SEED_000.read_text(encoding="utf-8"), REF_000)
    assert len(extract_dates(text, REF_000)) == 4 * len(once)


def test_a_deadline_named_in_the_genitive_is_a_deadline() -> None:
    [mention] = extract_dates(
        "Ved ansøgningsfristens udløb den 1. april 2022 var der 5 ansøgninger.", dt.date(2022, 4, 26)
    )
    assert (mention.on, mention.kind) == (dt.date(2022, 4, 1), DateKind.DEADLINE)
