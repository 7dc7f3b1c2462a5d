"""Question classification: intent, language, periods and content words."""

import datetime as dt

import pytest

from bot.answering import intents as it
from bot.answering.query import classify, detect_language, parse_day, parse_period

TODAY = dt.date(2021, 2, 15)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Hvad blev besluttet om kommissoriet?", it.DECISION),
        ("What was decided about IPS?", it.DECISION),
        ("Hvilken beslutning blev truffet om e-læringsforløbet?", it.DECISION),
        ("Hvorfor blev prøvehandlingerne udskudt?", it.POSTPONEMENT),
        ("Hvorfor blev punktet om arbejdsrettet rehabilitering flyttet?", it.POSTPONEMENT),
        ("Why was the item on rehabilitation postponed?", it.POSTPONEMENT),
        ("Hvornår er fristen for besvarelse af spørgeskemaerne?", it.DEADLINE),
        ("Hvornår er deadline til KOSU?", it.DEADLINE),
        ("When is the deadline for the questionnaires?", it.DEADLINE),
        ("Hvilke frister er der i februar 2021?", it.DEADLINES_IN_PERIOD),
        ("Which deadlines are there in August 2020?", it.DEADLINES_IN_PERIOD),
        ("Er der frister i 3. kvartal 2021?", it.DEADLINES_IN_PERIOD),
        ("Hvornår er næste møde i fokusgruppen?", it.NEXT_MEETING),
        ("Hvornår er næste møde?", it.NEXT_MEETING),
        ("When is the next meeting?", it.NEXT_MEETING),
        ("Hvad skal vi drøfte på næste møde?", it.NEXT_MEETING_AGENDA),
        ("Hvad er på dagsordenen til det kommende møde?", it.NEXT_MEETING_AGENDA),
        ("What is on the agenda for the next meeting?", it.NEXT_MEETING_AGENDA),
        ("Hvem repræsenterer Struer, Holstebro og Lemvig?", it.ATTENDANCE),
        ("Hvem deltog i mødet den 2. september 2020?", it.ATTENDANCE),
        ("Hvem var mødeleder?", it.ATTENDANCE),
        ("Hvem havde afbud?", it.ATTENDANCE),
        ("Who attended the meeting on 2 September 2020?", it.ATTENDANCE),
        ("Hvor mange borgere skal optages i IPS-projektet i Ringkøbing-Skjern?", it.FREE),
        ("Hvor blev mødet i september 2020 holdt?", it.FREE),
        ("Hvornår er seminaret?", it.FREE),
    ],
)
def test_intent_table(question: str, intent: str) -> None:
    assert classify(question, today=TODAY).intent == intent


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Hvad blev besluttet om IPS?", "da"),
        ("What was decided about IPS?", "en"),
        ("Hvornår er næste møde?", "da"),
        ("When is the next meeting?", "en"),
        ("IPS?", "da"),
    ],
)
def test_language_detection_prefers_danish(question: str, language: str) -> None:
    assert detect_language(question) == language


def test_explicit_language_wins() -> None:
    assert classify("Hvornår er næste møde?", today=TODAY, language="en").language == "en"


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Hvilke frister er der i februar 2021?", dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
        ("Which deadlines are there in August 2020?", dt.date(2020, 8, 1), dt.date(2020, 8, 31)),
        ("frister i 3. kvartal 2021", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
        ("deadlines in Q1 2022", dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        ("frister i marts", dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
        ("frister i 2020", dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        ("frister næste måned", dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
    ],
)
def test_periods(question: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(question, TODAY)
    assert period is not None
    assert (period.start, period.end) == (start, end)


def test_no_period_in_plain_question() -> None:
    assert parse_period("Hvad blev besluttet om kommissoriet?", TODAY) is None


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Hvem deltog i mødet den 2. september 2020?", dt.date(2020, 9, 2)),
        ("Who attended the meeting on 2 September 2020?", dt.date(2020, 9, 2)),
        ("Who attended on September 2, 2020?", dt.date(2020, 9, 2)),
        ("mødet 13/4", dt.date(2021, 4, 13)),
    ],
)
def test_days(question: str, day: dt.date) -> None:
    assert parse_day(question, TODAY) == day


def test_content_words_leave_out_framing_and_period() -> None:
    query = classify("Hvornår er fristen for budgettet 2030?", today=TODAY)
    assert [w.token for w in query.words if w.required] == ["budgettet"]
    # A year that is part of a name ("budgettet 2030", "Topmøde 2024") helps ranking, never required.
    assert [(w.token, w.required) for w in query.words if not w.required] == [("2030", False)]
    query = classify("Hvornår er fristen i 2030?", today=TODAY)
    assert [w.token for w in query.words] == []
    query = classify("Hvor mange borgere skal optages i IPS-projektet?", today=TODAY)
    assert [w.token for w in query.words] == ["borgere", "optages", "ips", "projektet"]


def test_generic_committee_words_are_not_required() -> None:
    query = classify("Hvad blev besluttet om IPS i følgegruppen?", today=TODAY)
    required = {w.token: w.required for w in query.words}
    assert required == {"ips": True, "følgegruppen": False}


def test_english_words_are_translated_for_search() -> None:
    query = classify("When is the deadline for the questionnaires?", today=TODAY)
    assert [w.token for w in query.words] == ["spørgeskemaer"]


def test_attendance_roles() -> None:
    assert classify("Hvem var mødeleder?", today=TODAY).role == it.ROLE_CHAIR
    assert classify("Hvem havde afbud?", today=TODAY).role == it.ROLE_ABSENTEES
    assert classify("Hvem repræsenterer Lemvig?", today=TODAY).role == it.ROLE_REPRESENT
    assert classify("Hvem deltog?", today=TODAY).role == it.ROLE_ATTENDEES


@pytest.mark.parametrize(
    "question",
    [
        "Hvad sker der med hjernerystelsesprojektet?",
        "Hvordan går det med IPS?",
        "Hvad er status på kommissoriet?",
        "What is the status of the concussion project?",
        "How is the IPS project going?",
    ],
)
def test_status_questions_are_free_questions_about_the_latest_state(question: str) -> None:
    query = classify(question, today=TODAY)
    assert query.intent == it.FREE and query.asks_status
    # "sker", "går", "going" frame the question; only the subject must be covered.
    assert not {"sker", "går", "going", "status"} & {w.token for w in query.words if w.required}


@pytest.mark.parametrize(
    "question",
    ["Hvornår gives næste status om samtalestøtte?", "Hvad blev besluttet om IPS?", "Hvem repræsenterer Lemvig?"],
)
def test_not_status_questions(question: str) -> None:
    assert not classify(question, today=TODAY).asks_status


@pytest.mark.parametrize(
    ("question", "about_meeting"),
    [
        ("Hvem deltog i mødet i fokusgruppen?", True),
        ("Hvem var mødeleder?", True),
        ("Hvem havde afbud?", True),
        ("Hvem deltog den 2. september 2020?", True),
        ("Who chaired the meeting?", True),
        ("Hvem deltager i arbejdsgruppen fra PsykInfo?", False),
        ("Hvem er formand for arbejdsgruppen?", False),
        ("Who takes part in the working group from PsykInfo?", False),
    ],
)
def test_attendance_questions_tell_meetings_from_groups(question: str, about_meeting: bool) -> None:
    query = classify(question, today=TODAY)
    assert query.intent == it.ATTENDANCE
    assert query.about_meeting is about_meeting


@pytest.mark.parametrize(
    ("question", "danish"),
    [
        ("When is the next meeting of the focus group?", "fokusgruppe"),
        ("When does the follow-up group meet next?", "følgegruppe"),
        ("What did the steering group decide?", "styregruppe"),
        ("Who is in the working group?", "arbejdsgruppe"),
        ("What about general practice?", "almen praksis"),
    ],
)
def test_english_committee_phrases_are_translated(question: str, danish: str) -> None:
    assert danish in classify(question, today=TODAY).search_text


def test_english_glossary_covers_committee_vocabulary() -> None:
    query = classify("Which municipality sent the questionnaire about the seminar to the hospital?", today=TODAY)
    words = {w.token: w for w in query.words}
    assert {"kommune", "spørgeskema", "seminar", "hospital"} <= set(words)
    assert words["hospital"].alternatives == ("sygehus",)
    query = classify("What was postponed in the minutes of the working group?", today=TODAY)
    assert [(w.token, w.required) for w in query.words] == [("referat", False), ("arbejdsgruppe", True)]
    assert classify("What was decided about the agenda item on general practice?", today=TODAY).intent == it.DECISION
    assert [
        w.token for w in classify("What was decided about the agenda item on general practice?", today=TODAY).words
    ] == ["almen", "praksis"]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Hvilke frister er der?", it.UPCOMING_DEADLINES),
        ("Hvilke frister har vi?", it.UPCOMING_DEADLINES),
        ("frister", it.UPCOMING_DEADLINES),
        ("Which deadlines are coming up?", it.UPCOMING_DEADLINES),
        ("Hvilke frister er der i februar 2021?", it.DEADLINES_IN_PERIOD),
        ("Hvornår er fristerne for puljen?", it.DEADLINE),
        ("Hvilke mødedatoer er der i 2027?", it.MEETINGS_IN_PERIOD),
        ("Hvilke møder er der i 2027?", it.MEETINGS_IN_PERIOD),
        ("Mødetider i 2027", it.MEETINGS_IN_PERIOD),
        ("When does the committee meet in 2027?", it.MEETINGS_IN_PERIOD),
        ("Hvem deltog i møderne i 2021?", it.ATTENDANCE),
        ("Hvor blev mødet i september 2020 holdt?", it.FREE),
        ("næste møde", it.NEXT_MEETING),
        ("spørg Hvornår er næste møde?", it.NEXT_MEETING),
        ("Hvad skal på dagsordenen til mødet den 19. januar 2027?", it.NEXT_MEETING_AGENDA),
        ("What is on the agenda for the meeting on 19 January 2027?", it.NEXT_MEETING_AGENDA),
        ("What was discussed at the meeting on 2 September 2020?", it.FREE),
        ("Hvilke punkter blev udskudt, og hvorfor?", it.POSTPONEMENT),
        ("Which items were postponed?", it.POSTPONEMENT),
        ("What was decided about the postponed item?", it.DECISION),
    ],
)
def test_intent_table_for_lists_commands_and_dated_agendas(question: str, intent: str) -> None:
    assert classify(question, today=TODAY).intent == intent


def test_command_word_is_not_a_content_word() -> None:
    query = classify("spørg Hvad blev besluttet om IPS?", today=TODAY)
    assert query.question == "Hvad blev besluttet om IPS?"
    assert [w.token for w in query.words] == ["ips"]


def test_ordinals_are_content_words_unless_they_count_a_quarter() -> None:
    assert [w.token for w in classify("Hvem deltog i arbejdsgruppens første møde?", today=TODAY).words] == [
        "arbejdsgruppens",
        "første",
    ]
    assert "første" not in [
        w.token for w in classify("Hvilke frister er der i første kvartal 2021?", today=TODAY).words
    ]


def test_english_meeting_place_asks_where() -> None:
    query = classify("What was the meeting place?", today=TODAY)
    assert query.asks_where and [w.token for w in query.words] == ["mødested"]
