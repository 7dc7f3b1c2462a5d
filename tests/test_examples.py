"""The sample minutes in examples/ parse into what they say.

The examples are what a newcomer's empty database is filled with, so every question in
examples/README.md depends on them parsing well: meeting, header, items, outcomes, deadlines
and the 2027 meeting calendar. The expected values below are read off the example texts by
hand. The same texts are also built into PDF and Word files, since real minutes arrive so.

The set was written on 2026-11-23: all three meetings lie before that day, each referat's
"Punkter til næste møde den …" names the next one, and the newest referat announces the
meetings and deadlines ahead (see test_the_set_is_a_past_chronology_that_points_ahead).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from bench.make_pdf import text_to_pdf
from bot.minutes.model import DateKind, Minutes, Outcome, Precision, SectionKind
from bot.minutes.read import read_minutes

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MAY = "referat_foelgegruppen-sundhed-beskaeftigelse_2026-05-19.txt"  # text as extracted from a PDF
SEPT = "referat_foelgegruppen-sundhed-beskaeftigelse_2026-09-15.txt"
NOV = "referat_foelgegruppen-sundhed-beskaeftigelse_2026-11-10.txt"
WRITTEN_ON = dt.date(2026, 11, 23)  # the day the set was brought up to date
EXAMPLE_FILES = sorted(EXAMPLES.glob("referat_*.txt"))
_FILE_NAME_RE = re.compile(r"^referat_[a-z0-9-]+_(\d{4}-\d{2}-\d{2})\.txt$")

# Outcomes as written in each example; item number -> outcome.
OUTCOMES: dict[str, dict[str, Outcome]] = {
    MAY: {
        "1": Outcome.APPROVED,
        "2": Outcome.NOTED,  # "Meddelelserne blev taget til efterretning."
        "3": Outcome.APPROVED,
        "4.1": Outcome.NOTED,
        "4.2": Outcome.DECIDED,
        "5": Outcome.POSTPONED,  # "Punktet blev flyttet til mødet den 15. september 2026, fordi …"
        "6": Outcome.DISCUSSED,
        "7": Outcome.APPROVED,  # "Forslaget blev godkendt."
    },
    SEPT: {
        "1": Outcome.APPROVED,  # "Dagsordenen blev godkendt."
        "3.1": Outcome.APPROVED,  # "Godkendt."
        "3.2": Outcome.REJECTED,  # "Forslaget blev afvist, da …"
        "5": Outcome.POSTPONED,  # "Punktet blev udskudt til næste møde …, da …"
        "6": Outcome.DECIDED,  # "Det blev besluttet at holde temadagen …"
    },
    NOV: {
        "1": Outcome.APPROVED,
        "2": Outcome.APPROVED,
        "3": Outcome.DECIDED,  # "Det blev besluttet at fordele puljen …"
        "4": Outcome.NOTED,  # "Taget til efterretning."
        "5.1": Outcome.DISCUSSED,  # "Følgegruppen drøftede modellen."
        "5.2": Outcome.REJECTED,  # "Ønsket blev afvist, da …"
        "6": Outcome.APPROVED,
        "7": Outcome.APPROVED,  # "Mødetiderne blev godkendt."
    },
}


def _example(name: str) -> Path:
    return EXAMPLES / name


@pytest.fixture(scope="module")
def parsed() -> dict[str, Minutes]:
    return {path.name: read_minutes(path) for path in EXAMPLE_FILES}


def _deadlines(minutes: Minutes) -> dict[dt.date, Precision]:
    return {d.on: d.precision for d in minutes.dates if d.kind == DateKind.DEADLINE}


def test_the_examples_are_there_and_named_by_committee_and_date() -> None:
    assert {p.name for p in EXAMPLE_FILES} >= set(OUTCOMES)
    for path in EXAMPLE_FILES:
        assert _FILE_NAME_RE.match(path.name), path.name
        text = path.read_text(encoding="utf-8")
        assert "Mødetid:" in text


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name[-14:-4])
def test_every_example_parses_into_a_dated_meeting_with_items_and_a_deadline(
    path: Path, parsed: dict[str, Minutes]
) -> None:
    minutes = parsed[path.name]
    match = _FILE_NAME_RE.match(path.name)
    assert match is not None
    assert minutes.meeting.date == dt.date.fromisoformat(match.group(1))
    assert minutes.meeting.date_confidence == 1.0  # written as "Mødetid: …", not inferred
    assert minutes.meeting.committee is not None
    assert minutes.meeting.committee.casefold() == "følgegruppen for sundhed og beskæftigelse"
    assert len(minutes.items) >= 6
    numbers = [item.number for item in minutes.items]
    assert len(numbers) == len(set(numbers))
    assert _deadlines(minutes), "no deadline found"
    assert minutes.items[-1].title == "Eventuelt"


@pytest.mark.parametrize("name", sorted(OUTCOMES), ids=lambda n: n[-14:-4])
def test_outcomes_are_read_as_written(name: str, parsed: dict[str, Minutes]) -> None:
    minutes = parsed[name]
    got = {number: minutes.item(number).outcome for number in OUTCOMES[name] if minutes.item(number)}
    assert got == OUTCOMES[name]


def test_reasons_for_rejection_and_postponement_are_kept(parsed: dict[str, Minutes]) -> None:
    rejected = parsed[SEPT].item("3.2")
    assert rejected is not None and rejected.outcome_sentence is not None
    assert "rådgivningsordning" in rejected.outcome_sentence  # the "da …" reason
    postponed = parsed[MAY].item("5")
    assert postponed is not None and postponed.outcome_sentence is not None
    assert "oplægsholderen havde afbud" in postponed.outcome_sentence
    moved = parsed[SEPT].item("5")
    assert moved is not None and moved.outcome_sentence is not None
    assert "leverandøren endnu ikke har" in moved.outcome_sentence


def test_header_block(parsed: dict[str, Minutes]) -> None:
    sept = parsed[SEPT].meeting
    assert (sept.start_time, sept.end_time) == (dt.time(9, 0), dt.time(12, 0))
    assert sept.place is not None and "Regionshuset Kystvig" in sept.place
    assert sept.chair == "Birthe Vestergaard Holm"
    assert sept.minute_taker == "Mikkel Aagaard Lund"
    assert sept.absentees == ["Lotte Hviid Sørensen", "Jesper Brandt"]
    assert "Anja Fogh Rasmussen" in sept.attendees

    nov = parsed[NOV].meeting
    assert (nov.start_time, nov.end_time) == (dt.time(12, 30), dt.time(15, 30))
    assert nov.place is not None and "Lyngbjerg Rådhus" in nov.place
    assert nov.absentees == ["Ida Marie Kjær", "Rasmus Elkjær"]

    may = parsed[MAY].meeting
    assert may.chair == "Torben Skaarup"
    assert (may.start_time, may.end_time) == (dt.time(9, 0), dt.time(12, 0))
    assert "Henrik Toft Madsen" in may.attendees  # a name broken over two PDF lines
    assert may.absentees == ["Birthe Vestergaard Holm", "Ida Marie Kjær"]


def test_presenters_and_time_slots(parsed: dict[str, Minutes]) -> None:
    sept_31 = parsed[SEPT].item("3.1")
    assert sept_31 is not None
    assert (sept_31.presenter, sept_31.duration_minutes) == ("Solveig Bruun Nielsen", 20)
    nov_2 = parsed[NOV].item("2")  # "… v Henrik Toft Madsen (Kl. 12.40-13.10)"
    assert nov_2 is not None
    assert nov_2.presenter == "Henrik Toft Madsen"
    assert nov_2.duration_minutes == 30
    assert nov_2.title == "Elektronisk udveksling af statusattester"
    may_7 = parsed[MAY].item("7")  # "(10 \n\nmin)" broken over two lines
    assert may_7 is not None
    assert may_7.duration_minutes == 10
    assert may_7.title == "Forslag om fælles temadag om mental sundhed på arbejdspladsen"
    may_41 = parsed[MAY].item("4.1")  # "(15 \n\nmin)" under a parent item without a presenter
    assert may_41 is not None
    assert (may_41.presenter, may_41.duration_minutes) == ("Pia Lauritsen", 15)
    assert may_41.title == "Status på smerteforløb i jobcentrene (Indsats 2.1)"


def test_sections_beslutning_and_note_after_the_meeting(parsed: dict[str, Minutes]) -> None:
    note = parsed[SEPT].item("4").section(SectionKind.NOTE_AFTER)  # type: ignore[union-attr]  # None would fail the test just as well
    assert note is not None and "15. oktober" in note.text
    decision = parsed[NOV].item("3").section(SectionKind.REFERAT)  # type: ignore[union-attr]  # None would fail the test just as well
    assert decision is not None and decision.heading.startswith("Beslutning")
    bilag = parsed[MAY].item("3").section(SectionKind.BILAG)  # type: ignore[union-attr]  # None would fail the test just as well
    assert bilag is not None and "Bilag 3b" in bilag.text
    # Page markers from the PDF export are not part of any item's text.
    assert "Side 2/6" in _example(MAY).read_text(encoding="utf-8")
    for item in parsed[MAY].items:
        for section in item.sections:
            assert "Side 2/6" not in section.text and "Side 3/6" not in section.text


def test_deadlines_of_every_written_kind(parsed: dict[str, Minutes]) -> None:
    nov = _deadlines(parsed[NOV])
    assert nov == {
        dt.date(2026, 12, 7): Precision.WEEK,  # "senest uge 50" (its Monday)
        dt.date(2026, 12, 1): Precision.DAY,  # "frist for indmelding den 1. december"
        dt.date(2027, 1, 15): Precision.DAY,  # "senest fredag den 15. januar 2027"
        dt.date(2026, 12, 31): Precision.DAY,  # "inden årets udgang"
        dt.date(2027, 2, 19): Precision.DAY,  # "frist for tilmelding fredag den 19. februar 2027"
    }
    may = _deadlines(parsed[MAY])
    assert may.get(dt.date(2026, 6, 8)) == Precision.WEEK  # "senest uge 24"
    assert may.get(dt.date(2026, 5, 29)) == Precision.DAY  # "senest den 29. maj"
    assert may.get(dt.date(2026, 6, 12)) == Precision.DAY  # "senest fredag den 12. juni 2026"
    sept = _deadlines(parsed[SEPT])
    assert sept.get(dt.date(2026, 10, 15)) == Precision.DAY  # "inden den 15. oktober" (Notat efter mødet)
    assert sept.get(dt.date(2026, 10, 1)) == Precision.DAY  # "senest den 1. oktober"


def test_meeting_calendar_and_next_meetings(parsed: dict[str, Minutes]) -> None:
    calendar = sorted(
        (d.on, d.start_time, d.end_time) for d in parsed[NOV].dates if d.kind == DateKind.CALENDAR_MEETING
    )
    assert calendar == [
        (dt.date(2027, 1, 19), dt.time(9, 0), dt.time(12, 0)),
        (dt.date(2027, 4, 21), dt.time(12, 30), dt.time(15, 30)),
        (dt.date(2027, 9, 9), dt.time(9, 0), dt.time(12, 0)),
        (dt.date(2027, 11, 23), dt.time(12, 30), dt.time(15, 30)),
    ]
    next_meetings = {
        name: {d.on for d in minutes.dates if d.kind == DateKind.NEXT_MEETING} for name, minutes in parsed.items()
    }
    assert next_meetings[MAY] == {dt.date(2026, 9, 15)}
    assert next_meetings[SEPT] == {dt.date(2026, 11, 10)}
    assert next_meetings[NOV] == {dt.date(2027, 1, 19)}


def test_the_set_is_a_past_chronology_that_points_ahead(parsed: dict[str, Minutes]) -> None:
    # A newcomer asks "Hvornår er næste møde?": every referat must be of a past meeting, each
    # must announce the one after it, and the newest must carry the future dates.
    dates = [parsed[name].meeting.date for name in (MAY, SEPT, NOV)]
    assert dates == sorted(dates) and dates[-1] < WRITTEN_ON
    assert max(minutes.meeting.date for minutes in parsed.values()) == dates[-1]
    for earlier, later in zip((MAY, SEPT), (SEPT, NOV)):
        announced = {d.on for d in parsed[earlier].dates if d.kind == DateKind.NEXT_MEETING}
        assert announced == {parsed[later].meeting.date}, earlier
    newest = parsed[NOV]
    calendar = sorted(d.on for d in newest.dates if d.kind == DateKind.CALENDAR_MEETING)
    next_meeting = {d.on for d in newest.dates if d.kind == DateKind.NEXT_MEETING}
    assert next_meeting == {calendar[0]} and calendar[0] > WRITTEN_ON
    assert calendar[-1] >= WRITTEN_ON + dt.timedelta(days=365)  # the calendar lasts a year
    ahead = sorted(on for on in _deadlines(newest) if on >= WRITTEN_ON)
    assert len(ahead) >= 3 and ahead[0] < dt.date(2027, 1, 1) < ahead[-1]


_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_WRITTEN_DATE_RE = re.compile(
    rf"\b({'|'.join(_WEEKDAYS)})\s+(?:d\.|den)\s+(\d{{1,2}})\.\s+({'|'.join(_MONTHS)})\s+(\d{{4}})",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name[-14:-4])
def test_every_written_weekday_matches_its_date(path: Path) -> None:
    found = _WRITTEN_DATE_RE.findall(path.read_text(encoding="utf-8"))
    assert found
    for weekday, day, month, year in found:
        on = dt.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))
        assert _WEEKDAYS[on.weekday()] == weekday.lower(), f"{weekday} {day}. {month} {year}"


def _docx_from_text(text: str, path: Path) -> Path:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line.strip())
    document.save(str(path))
    return path


def _shape(minutes: Minutes) -> list[tuple[str, str, Outcome]]:
    return [(item.number, item.title, item.outcome) for item in minutes.items]


@pytest.mark.parametrize(
    "name",
    [MAY, SEPT, NOV],
    ids=lambda n: n[-14:-4],
)
def test_the_same_minutes_as_pdf_read_the_same(name: str, parsed: dict[str, Minutes], tmp_path: Path) -> None:
    pdf = text_to_pdf(_example(name).read_text(encoding="utf-8"), tmp_path / name.replace(".txt", ".pdf"))
    from_pdf = read_minutes(pdf)
    assert from_pdf.meeting.date == parsed[name].meeting.date
    assert from_pdf.meeting.committee == parsed[name].meeting.committee
    assert _shape(from_pdf) == _shape(parsed[name])


@pytest.mark.parametrize("name", sorted(OUTCOMES), ids=lambda n: n[-14:-4])
def test_the_same_minutes_as_docx_read_the_same(name: str, parsed: dict[str, Minutes], tmp_path: Path) -> None:
    word = _docx_from_text(_example(name).read_text(encoding="utf-8"), tmp_path / name.replace(".txt", ".docx"))
    from_word = read_minutes(word)
    assert from_word.meeting.date == parsed[name].meeting.date
    assert _shape(from_word) == _shape(parsed[name])


# Things that are normal in the genre and that the parser once mis-read.


def test_noted_item_with_a_follow_up_sentence_is_noted(parsed: dict[str, Minutes]) -> None:
    # "Orienteringen blev taget til efterretning. Sekretariatet udarbejder et udkast …,
    # som behandles på næste møde." The follow-up concerns a new document, not the item.
    item = parsed[SEPT].item("2")
    assert item is not None and item.outcome == Outcome.NOTED


def test_discussion_that_found_agreement_is_discussed(parsed: dict[str, Minutes]) -> None:
    item = parsed[SEPT].item("4")
    assert item is not None and item.outcome == Outcome.DISCUSSED


def test_outcome_sentence_runs_over_line_breaks(parsed: dict[str, Minutes]) -> None:
    item = parsed[SEPT].item("6")
    assert item is not None and item.outcome_sentence is not None
    assert item.outcome_sentence.endswith("i Lyngbjerg Kulturhus.")


@pytest.mark.parametrize(
    ("name", "number"), [(MAY, "8"), (SEPT, "7"), (NOV, "8")], ids=["2026-05-19", "2026-09-15", "2026-11-10"]
)
def test_points_for_next_meeting_are_not_postponed(name: str, number: str, parsed: dict[str, Minutes]) -> None:
    # The list names an item postponed elsewhere; the list item itself was not postponed.
    item = parsed[name].item(number)
    assert item is not None and item.title.startswith("Punkter til næste møde")
    assert item.outcome != Outcome.POSTPONED


def test_attendee_with_role_in_parentheses_is_one_attendee(parsed: dict[str, Minutes]) -> None:
    attendees = parsed[SEPT].meeting.attendees
    assert len(attendees) == 9
    assert attendees[0].startswith("Birthe Vestergaard Holm")


def test_attendee_name_broken_over_a_blank_line(parsed: dict[str, Minutes]) -> None:
    assert parsed[MAY].meeting.attendees[-1] == "Mikkel Aagaard Lund"
    assert len(parsed[MAY].meeting.attendees) == 9


def test_presenter_and_time_slot_broken_over_a_blank_line(parsed: dict[str, Minutes]) -> None:
    item = parsed[MAY].item("3")
    assert item is not None
    assert item.presenter == "Torben Skaarup og Henrik Toft Madsen"
    assert item.title == "Pulje til tværsektorielle prøvehandlinger 2026 – fordeling af anden runde"
    assert item.duration_minutes == 30
