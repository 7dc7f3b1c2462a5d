"""Questions real users asked that the answerer used to miss: lists of deadlines, meetings
and postponed items, command words, dated agendas, everyday English, other groups' meetings
and two-part questions.

Over the seed minutes where they hold the answer, else over examples/ (three fictional
referater of 2026 whose newest, 10 November 2026, announces meetings and deadlines ahead).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering import intents as it
from bot.answering.query import classify, strip_command
from bot.minutes.model import Meeting, Minutes
from tests.answering.handmade import FOKUS, UDD, fokus_minutes, item, udd_minutes

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / ".." / "shared" / "seeds"
EXAMPLES = ROOT / "examples"
SEED_TODAY = dt.date(2021, 2, 15)
TODAY = dt.date(2026, 11, 23)  # after the newest example (10 November 2026)
SOB = "Følgegruppen for sundhed og beskæftigelse"  # the examples' committee
DAY = dt.date


def _read(paths: list[Path]) -> list[Minutes]:
    from bot.minutes.read import read_minutes

    return [read_minutes(path) for path in paths]


@pytest.fixture(scope="module")
def seeds() -> Answerer:
    if not SEEDS.is_dir():
        pytest.skip("seed minutes not available")
    return Answerer(_read(sorted(SEEDS.glob("*.txt"))))


@pytest.fixture(scope="module")
def everything() -> Answerer:
    """The seeds and the examples together, as `python -m bot ingest` loads them."""
    if not SEEDS.is_dir() or not EXAMPLES.is_dir():
        pytest.skip("seed or example minutes not available")
    return Answerer(_read(sorted(SEEDS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))))


# ---------------------------------------------------------------- 1. upcoming deadlines

EXAMPLE_DEADLINES_AHEAD = [DAY(2026, 12, 1), DAY(2026, 12, 7), DAY(2026, 12, 31), DAY(2027, 1, 15), DAY(2027, 2, 19)]


@pytest.mark.parametrize(
    "question", ["Hvilke frister er der?", "Hvilke frister har vi?", "frister", "Which deadlines are coming up?"]
)
def test_deadlines_without_a_period_are_the_upcoming_ones(everything: Answerer, question: str) -> None:
    result = everything.answer(question, today=TODAY)
    assert result.intent == it.UPCOMING_DEADLINES
    assert result.answered, result.answer
    # Soonest first; nothing before today; "senest uge 50" is week 50 of 2026.
    assert [d.date for d in result.dates] == EXAMPLE_DEADLINES_AHEAD
    assert all(s.committee == SOB and s.meeting_date == DAY(2026, 11, 10) for s in result.sources)
    assert "frist for tilmelding fredag den 19. februar 2027" in result.answer
    assert "uge 50 2026" in result.answer or "week 50, 2026" in result.answer
    assert "29. maj" not in result.answer  # a deadline of May 2026, long past
    for source, line in zip(result.sources, result.answer.splitlines()[1:]):
        assert source.quote in line


def test_a_week_deadline_is_open_until_the_week_ends(everything: Answerer) -> None:
    result = everything.answer("Hvilke frister har vi?", today=DAY(2026, 12, 9))
    assert [d.date for d in result.dates][:2] == [DAY(2026, 12, 7), DAY(2026, 12, 31)]


def test_upcoming_deadlines_from_the_seeds(seeds: Answerer) -> None:
    result = seeds.answer("Hvilke frister har vi?", today=SEED_TODAY)
    assert result.answered and result.dates[0].date == DAY(2021, 2, 22)
    assert result.sources[0].item_number == "6.2"
    assert all(d.date >= SEED_TODAY for d in result.dates)


def test_no_upcoming_deadline_names_the_latest_past_one(seeds: Answerer) -> None:
    result = seeds.answer("Hvilke frister er der?", today=TODAY)
    assert result.answered and result.intent == it.UPCOMING_DEADLINES
    assert result.answer.startswith("Der er ingen kommende frister i referaterne (pr. 23. november 2026).")
    assert [d.date for d in result.dates] == [DAY(2021, 2, 22)]
    assert "spørgeskemaerne" in result.answer and result.sources[0].item_number == "6.2"
    english = seeds.answer("Which deadlines are coming up?", today=TODAY)
    assert english.answer.startswith("There are no upcoming deadlines in the minutes (as of 23 November 2026).")


def test_upcoming_deadlines_keep_to_the_linked_committee_and_the_subject() -> None:
    answerer = Answerer([fokus_minutes(), udd_minutes()])
    linked = answerer.answer("frister", today=DAY(2020, 8, 1), committee=FOKUS)
    assert [d.date for d in linked.dates] == [DAY(2020, 8, 14)] and linked.sources[0].committee == FOKUS
    subject = answerer.answer("Hvilke frister er der for spørgeskemaerne?", today=DAY(2020, 8, 1))
    assert [d.date for d in subject.dates] == [DAY(2021, 2, 22)]
    assert not Answerer([]).answer("Hvilke frister har vi?", today=TODAY).answered


# ---------------------------------------------------------------- 2. meetings in a period


@pytest.mark.parametrize(
    "question",
    [
        "Hvilke mødedatoer er der i 2027?",
        "Hvilke møder er der i 2027?",
        "Mødetider i 2027",
        "When does the committee meet in 2027?",
    ],
)
def test_meetings_in_a_period_list_the_calendar_with_times_and_places(everything: Answerer, question: str) -> None:
    result = everything.answer(question, today=TODAY)
    assert result.intent == it.MEETINGS_IN_PERIOD
    assert result.answered, result.answer
    assert [d.date for d in result.dates] == [DAY(2027, 1, 19), DAY(2027, 4, 21), DAY(2027, 9, 9), DAY(2027, 11, 23)]
    assert {s.committee for s in result.sources} == {SOB}
    if result.language == "da":
        assert result.answer.startswith(f"Møder i {SOB} i 2027:")
        assert "19. januar 2027 kl. 09.00-12.00, Regionshuset Kystvig" in result.answer
        assert "23. november 2027 kl. 12.30-15.30, Engholm Sundhedshus" in result.answer
    else:
        assert result.answer.startswith(f"Meetings of {SOB} in 2027:")
        assert "19 January 2027 at 09:00-12:00, Regionshuset Kystvig" in result.answer


def test_meetings_in_a_period_per_committee_from_the_seeds(seeds: Answerer) -> None:
    result = seeds.answer("Hvilke mødedatoer er der i 2021?", today=SEED_TODAY)
    assert result.answered
    assert f"Møder i {FOKUS} i 2021:" in result.answer and f"Møder i {UDD} i 2021:" in result.answer
    assert "27. maj 2021 kl. 12.30-16.00, Lemvig" in result.answer
    assert DAY(2021, 4, 13) in {d.date for d in result.dates}
    assert all(d.date.year == 2021 for d in result.dates)
    named = seeds.answer("Hvornår mødes fokusgruppen i 2021?", today=SEED_TODAY)
    assert named.intent == it.MEETINGS_IN_PERIOD and {s.committee for s in named.sources} == {FOKUS}
    none = seeds.answer("Hvilke mødedatoer er der i 2030?", today=SEED_TODAY)
    assert not none.answered and none.sources == [] and "2030" in none.answer


# ---------------------------------------------------------------- 3. command words


@pytest.mark.parametrize(
    ("command", "question"),
    [
        ("næste møde", "Hvornår er næste møde?"),
        ("spørg Hvornår er næste møde?", "Hvornår er næste møde?"),
        ("spørg: hvem var mødeleder?", "Hvem var mødeleder?"),
        ("ask When is the next meeting?", "When is the next meeting?"),
    ],
)
def test_commands_answer_like_the_full_question(seeds: Answerer, command: str, question: str) -> None:
    short = seeds.answer(command, today=SEED_TODAY)
    full = seeds.answer(question, today=SEED_TODAY)
    assert short.answered and short.intent == full.intent
    assert short.answer == full.answer and short.dates == full.dates


def test_strip_command_leaves_other_questions_alone() -> None:
    assert strip_command("spørg Hvornår er næste møde?") == "Hvornår er næste møde?"
    assert strip_command("Spørg: frister") == "frister"
    assert strip_command("spørgeskemaet?") == "spørgeskemaet?"
    assert strip_command("spørg") == "spørg"


# ---------------------------------------------------------------- 4. a dated meeting's agenda


def test_agenda_for_a_dated_meeting_uses_the_minutes_that_set_it(everything: Answerer) -> None:
    result = everything.answer("Hvad skal på dagsordenen til mødet den 19. januar 2027?", today=TODAY)
    assert result.intent == it.NEXT_MEETING_AGENDA and result.answered, result.answer
    assert result.sources[0].meeting_date == DAY(2026, 11, 10) and result.sources[0].item_number == "8"
    assert "Status på smerteforløb" in result.answer
    assert [d.date for d in result.dates] == [DAY(2027, 1, 19)]
    # The same minutes set no points for the April meeting: say so, do not borrow January's.
    later = everything.answer("Hvad skal på dagsordenen til mødet den 21. april 2027?", today=TODAY)
    assert not later.answered and later.sources == []
    assert "19. januar 2027" in later.answer and "smerteforløb" not in later.answer
    # A meeting whose own minutes exist: its agenda is its items.
    held = everything.answer("Hvad var på dagsordenen til mødet den 15. september 2026?", today=TODAY)
    assert held.answered and held.sources[0].meeting_date == DAY(2026, 9, 15) and held.sources[0].item_number is None
    assert "Forslag om fælles telefonlinje for sagsbehandlere" in held.answer


def test_next_meeting_agenda_dates_the_next_meeting_after_today(seeds: Answerer, everything: Answerer) -> None:
    # The focus group's minutes of 2 September 2020 were followed by 11 February 2021,
    # which lies before 15 February 2021: the next meeting is 27 May 2021.
    result = seeds.answer("What is on the agenda for the next meeting of the focus group?", today=SEED_TODAY)
    assert [d.date for d in result.dates] == [DAY(2021, 5, 27)]
    assert "(27 May 2021)" in result.answer
    assert "Note: the points were set for the meeting on 11 February 2021" in result.answer
    latest = everything.answer("What is on the agenda for the next meeting?", today=TODAY)
    assert [d.date for d in latest.dates] == [DAY(2027, 1, 19)]
    assert "Program for temadagen om mental sundhed" in latest.answer and "Note:" not in latest.answer


# ---------------------------------------------------------------- 5. postponed items


@pytest.mark.parametrize("question", ["Hvilke punkter blev udskudt, og hvorfor?", "Which items were postponed?"])
def test_postponed_items_of_the_latest_minutes_with_reasons(seeds: Answerer, question: str) -> None:
    result = seeds.answer(question, today=SEED_TODAY)
    assert result.intent == it.POSTPONEMENT and result.answered, result.answer
    assert {(s.committee, s.item_number) for s in result.sources} == {(UDD, "4.1"), (FOKUS, "4")}
    assert "grundet sygdom" in result.answer and "vaccinering mod COVID-19" in result.answer


def test_postponed_items_of_a_named_committee_or_meeting(seeds: Answerer, everything: Answerer) -> None:
    named = seeds.answer("Which items were postponed in the focus group?", today=SEED_TODAY)
    assert [(s.committee, s.item_number) for s in named.sources] == [(FOKUS, "4")]
    # The examples' latest meeting postponed nothing: say so and show the latest that did.
    linked = everything.answer("Hvilke punkter blev udskudt, og hvorfor?", today=TODAY, committee=SOB)
    assert "møde 10. november 2026: intet punkt blev udskudt" in linked.answer
    assert [(s.meeting_date, s.item_number) for s in linked.sources] == [(DAY(2026, 9, 15), "5")]
    assert "da leverandøren endnu ikke har leveret resultaterne" in linked.answer
    dated = everything.answer("Hvilke punkter blev udskudt på mødet den 19. maj 2026?", today=TODAY)
    assert [(s.meeting_date, s.item_number) for s in dated.sources] == [(DAY(2026, 5, 19), "5")]
    assert "fordi oplægsholderen havde afbud" in dated.answer


def test_postponed_items_refuse_when_none_are_recorded() -> None:
    minutes = Minutes(
        "x.txt", "sha-x", Meeting(FOKUS, DAY(2021, 1, 5), 1.0, "x"), [item("1", "Budget", referat="Godkendt.")], []
    )
    result = Answerer([minutes]).answer("Hvilke punkter blev udskudt?", today=SEED_TODAY)
    assert result.intent == it.POSTPONEMENT and not result.answered and result.sources == []


# ---------------------------------------------------------------- 6. everyday English

ENGLISH_SEEDS = [
    # (question, item, words in the answer, first answer date)
    ("When is the deadline for answering the questionnaires?", "6.2", ("22 February 2021",), DAY(2021, 2, 22)),
    ("When must the questionnaires be answered?", "6.2", ("den 22. februar",), None),
    ("When is the deadline for the municipalities to report to KOSU?", "8", ("14 August 2020",), DAY(2020, 8, 14)),
    ("What was the meeting place of the focus group?", None, ("Byrådssalen",), None),
    ("Who is the chairman of the focus group?", None, ("Chair: Ole Carstensen",), None),
]
ENGLISH_EXAMPLES = [
    (
        "When is the registration deadline for the theme day?",
        "6",
        ("19 February 2027", "frist for tilmelding"),
        DAY(2027, 2, 19),
    ),
    (
        "When is the sign-up deadline for the theme day on mental health?",
        "6",
        ("frist for tilmelding",),
        DAY(2027, 2, 19),
    ),
    ("When must full applications be submitted?", "3", ("fulde ansøgninger", "15. januar 2027"), None),
    ("When do the municipalities have to submit names for the working group?", "4", ("inden den 15. oktober",), None),
    ("Why was the proposal for a joint phone line rejected?", "3.2", ("Forslaget blev afvist, da",), None),
    ("When can the pilot on electronic status certificates start?", "2", ("1. februar 2027",), None),
    ("How much does the phone line cost?", "3.2", ("420.000 kr.",), None),
    ("When will the working group report back?", "4.2", ("senest uge 24",), None),
    ("What is the deadline for reporting contact persons?", "2", ("The deadline is week 50, 2026.",), DAY(2026, 12, 7)),
    ("When do members have to send suggestions for speakers?", "6", ("senest den 1. oktober",), None),
]


@pytest.mark.parametrize(
    ("question", "number", "words", "first_date"), ENGLISH_SEEDS, ids=[c[0] for c in ENGLISH_SEEDS]
)
def test_everyday_english_over_the_seeds(
    seeds: Answerer, question: str, number: str | None, words: tuple[str, ...], first_date: dt.date | None
) -> None:
    result = seeds.answer(question, today=SEED_TODAY)
    _check_english(result, number, words, first_date)


@pytest.mark.parametrize(
    ("question", "number", "words", "first_date"), ENGLISH_EXAMPLES, ids=[c[0] for c in ENGLISH_EXAMPLES]
)
def test_everyday_english_over_the_examples(
    everything: Answerer, question: str, number: str | None, words: tuple[str, ...], first_date: dt.date | None
) -> None:
    result = everything.answer(question, today=TODAY)
    _check_english(result, number, words, first_date)
    assert result.sources[0].committee == SOB


def _check_english(result, number: str | None, words: tuple[str, ...], first_date: dt.date | None) -> None:
    assert result.language == "en"
    assert result.answered, result.answer
    assert result.sources[0].item_number == number
    for word in words:
        assert word in result.answer
    if first_date is not None:
        assert result.dates and result.dates[0].date == first_date


def test_everyday_english_verbs_do_not_block_but_subjects_still_must_match(seeds: Answerer) -> None:
    words = {
        w.token: w.required
        for w in classify("When is the deadline for answering the questionnaires?", today=SEED_TODAY).words
    }
    assert words == {"besvarelse": False, "spørgeskemaer": True}
    assert not seeds.answer("When is the deadline for answering the harbour tender?", today=SEED_TODAY).answered
    assert not seeds.answer("When must the parking permits be submitted?", today=SEED_TODAY).answered


# ---------------------------------------------------------------- 7. another group's meeting


def test_another_groups_meeting_is_not_the_committees_attendee_list(seeds: Answerer, everything: Answerer) -> None:
    question = "Hvem deltog i arbejdsgruppens første møde?"
    result = seeds.answer(question, today=SEED_TODAY)
    assert result.intent == it.ATTENDANCE and result.answered
    assert result.sources[0].item_number == "6.2"
    assert result.answer.startswith("Referaterne nævner ikke deltagerne, men skriver:")
    assert "første møde den 17. december 2020" in result.answer
    assert "Deltagere:" not in result.answer and "Hanne Sloth" not in result.answer
    later = everything.answer(question, today=TODAY)
    assert "Deltagere:" not in later.answer and later.sources[0].item_number is not None
    # The committee's own meeting is still the meeting's attendee list.
    own = seeds.answer("Hvem deltog i mødet i fokusgruppen?", today=SEED_TODAY)
    assert own.sources[0].item_number is None and "Hanne Sloth" in own.answer


def test_another_group_the_minutes_do_not_cover_is_refused() -> None:
    answerer = Answerer([fokus_minutes(), udd_minutes()])
    result = answerer.answer("Hvem deltog i styregruppens møde om vindmøller?", today=SEED_TODAY)
    assert not result.answered and result.sources == []


# ---------------------------------------------------------------- 8. two-part questions


def test_two_part_question_answers_both_parts_from_the_same_item(everything: Answerer) -> None:
    result = everything.answer(
        "Hvornår er temadagen om mental sundhed, og hvornår er der frist for tilmelding?", today=TODAY
    )
    assert result.answered
    assert {(d.date, d.kind) for d in result.dates} >= {(DAY(2027, 2, 19), "deadline"), (DAY(2027, 3, 4), "event")}
    assert "4. marts 2027" in result.answer and "19. februar 2027" in result.answer
    assert [s.item_number for s in result.sources[:2]] == ["6", "6"]
    # The day is asked first, so it is quoted first.
    assert result.answer.index("4. marts 2027") < result.answer.index("frist for tilmelding")


def test_two_part_question_with_parts_in_different_items_answers_each() -> None:
    answerer = Answerer([fokus_minutes(), udd_minutes()])
    question = "Hvornår er fristen for besvarelse af spørgeskemaerne, og hvornår er seminaret?"
    result = answerer.answer(question, today=SEED_TODAY)
    # Each part is answered on its own, from its own item.
    assert result.answered and [d.date for d in result.dates] == [DAY(2021, 2, 22), DAY(2021, 4, 19)]
    assert [(s.committee, s.item_number) for s in result.sources] == [(UDD, "6.2"), (FOKUS, "7")]
    # When one part has no answer, the question is not answered by halves.
    half = answerer.answer(
        "Hvornår er fristen for besvarelse af spørgeskemaerne, og hvornår er vindmølleparken klar?", today=SEED_TODAY
    )
    assert not half.answered and half.sources == []


def test_a_long_meeting_calendar_is_cut_with_a_count() -> None:
    from bot.minutes.model import DateKind
    from tests.answering.handmade import mention

    days = [DAY(2022, 1, 3) + dt.timedelta(weeks=3 * i) for i in range(15)]
    calendar = [
        mention(d, DateKind.CALENDAR_MEETING, f"{d.day}/{d.month} 2022", f"{d.day}/{d.month} 2022 (Lemvig)", "9")
        for d in days
    ]
    minutes = Minutes(
        "c.txt",
        "sha-c",
        Meeting(FOKUS, DAY(2021, 12, 1), 1.0, "x"),
        [item("9", "Mødekalender 2022", dates=calendar, description="Mødekalender")],
        calendar,
    )
    result = Answerer([minutes]).answer("Hvilke mødedatoer er der i 2022?", today=DAY(2021, 12, 2))
    assert [d.date for d in result.dates] == days[:12]
    assert result.answer.endswith("• … og 3 flere") and "Lemvig" in result.answer
