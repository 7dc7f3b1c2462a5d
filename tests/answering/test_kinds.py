"""Kinds of question over hand-built minutes: committee names, header answers, decisions
that depart from the proposal, agendas, moved meetings, reasons and figures."""

import datetime as dt

from bot.answering import Answerer
from bot.minutes.model import DocumentKind, Meeting, Minutes, Outcome, SectionKind
from tests.answering.handmade import item

TODAY = dt.date(2024, 3, 1)
SOCIAL = "Social- og Handicapudvalget"
SCHOOL = "Skole-, Børne- og Ungeudvalget"
COUNCIL = "Byråd 2022-2025"


def minutes(committee: str, day: dt.date, items, *, place: str | None = None, kind=DocumentKind.MINUTES) -> Minutes:
    meeting = Meeting(committee, day, 1.0, "x", place=place, absentees=["Ole Hansen"])
    return Minutes(f"{committee[:5]}-{day}.json", f"sha-{committee}-{day}", meeting, items, [], kind=kind)


def corpus() -> list[Minutes]:
    return [
        minutes(
            SOCIAL,
            dt.date(2023, 4, 24),
            [
                item(
                    "1",
                    "Hjælpemiddeldepot",
                    referat="Orienteringen blev taget til efterretning.",
                    sagsfremstilling="Depotet udlåner 3.400 hjælpemidler om året.",
                ),
            ],
            place="Hjælpemiddeldepotet, Greve Main 3",
        ),
        minutes(
            SCHOOL,
            dt.date(2023, 5, 2),
            [
                item(
                    "3",
                    "Skolernes IT-udstyr",
                    referat="Godkendt.",
                    sagsfremstilling="Der søges en anlægsbevilling på 2,5 mio. kr. til IT-udstyr på skolerne. 40 børn deltog.",
                ),
                item(
                    "4",
                    "Vinkelhus på Bygaden",
                    outcome=Outcome.APPROVED,
                    outcome_sentence="at dispensation meddeles",
                    outcome_source=SectionKind.INDSTILLING,
                    indstilling="at dispensation meddeles",
                    referat="Sagen sendes tilbage med henblik på at belyse tidligere tilladelser.",
                ),
            ],
            place="Tune Skole",
        ),
        minutes(
            COUNCIL,
            dt.date(2023, 9, 12),
            [
                item(
                    "7",
                    "Affaldsudbud, principper",
                    indstilling="at principperne for affaldsudbuddet godkendes",
                    referat="Anbefales godkendt. Mehmet Dogru (Ø) kunne ikke tiltræde indstillingen, da Ø ønsker ugentlig tømning.",
                ),
                item(
                    "2",
                    "Mødekalender 2024",
                    referat="Godkendt, idet mødet den 9. januar 2024 flyttes til den 16. januar 2024.",
                ),
            ],
        ),
        minutes(
            COUNCIL,
            dt.date(2024, 4, 10),
            [
                item("5", "Ny svømmehal", indstilling="at byrådet godkender projektforslaget for den nye svømmehal"),
            ],
            kind=DocumentKind.AGENDA,
        ),
    ]


ANSWERER = Answerer(corpus())


def test_committee_named_by_a_short_or_english_name() -> None:
    short = ANSWERER.answer("Hvor holdt skoleudvalget møde i maj 2023?", today=TODAY)
    assert short.answered and "Tune Skole" in short.answer
    english = ANSWERER.answer("Where did the Social and Disability Committee meet in April 2023?", today=TODAY)
    assert english.answered and "Hjælpemiddeldepotet" in english.answer


def test_a_year_or_a_subject_word_does_not_name_a_committee() -> None:
    # "børn" is a word of Skole-, Børne- og Ungeudvalget's name but names no committee here.
    result = ANSWERER.answer("Hvor mange børn deltog?", today=TODAY)
    assert result.answered and "40 børn" in result.answer


def test_place_and_absentees_from_the_header() -> None:
    place = ANSWERER.answer("Hvor mødtes Social- og Handicapudvalget 24. april 2023?", today=TODAY)
    assert place.answered and "Greve Main 3" in place.answer


def test_a_decision_that_departs_from_the_proposal_is_never_no_objections() -> None:
    result = ANSWERER.answer("Hvad blev besluttet om vinkelhuset på Bygaden?", today=TODAY)
    assert result.answered and "sendes tilbage" in result.answer
    assert "ingen indvendinger" not in result.answer


def test_amount_for_how_much() -> None:
    result = ANSWERER.answer("Hvor stor en anlægsbevilling søges der til IT-udstyr på skolerne?", today=TODAY)
    assert result.answered and "2,5 mio. kr." in result.answer


def test_agenda_item_is_on_the_agenda_not_decided() -> None:
    result = ANSWERER.answer("Hvad er besluttet om den nye svømmehal?", today=TODAY)
    assert result.answered and "på dagsordenen" in result.answer and "endnu ikke besluttet" in result.answer
    assert "projektforslaget" in result.sources[0].quote


def test_moved_meeting_gives_the_new_day() -> None:
    result = ANSWERER.answer("Hvilken dag er byrådets møde i januar 2024 flyttet til?", today=TODAY)
    assert result.answered and [d.date for d in result.dates] == [dt.date(2024, 1, 16)]


def test_why_quotes_the_reason_clause() -> None:
    result = ANSWERER.answer("Hvorfor blev sagen om vinkelhuset sendt tilbage?", today=TODAY)
    assert result.answered and "med henblik på at belyse" in result.answer


def test_next_meeting_is_the_stored_meeting_on_or_after_today() -> None:
    result = ANSWERER.answer("Hvornår mødes byrådet næste gang?", today=dt.date(2024, 3, 1))
    assert result.answered and [d.date for d in result.dates] == [dt.date(2024, 4, 10)]


def test_a_day_without_year_is_the_meeting_the_minutes_hold() -> None:
    # Asked in 2024 about "24. april": the minutes hold the meeting of 24 April 2023.
    result = ANSWERER.answer("Hvor holdt Social- og Handicapudvalget møde den 24. april?", today=TODAY)
    assert (
        result.answered and "Greve Main 3" in result.answer and result.sources[0].meeting_date == dt.date(2023, 4, 24)
    )


def test_who_dissented_quotes_the_dissent_not_the_recommendation() -> None:
    result = ANSWERER.answer("Hvem kunne ikke tiltræde indstillingen om affaldsudbuddet?", today=TODAY)
    assert result.answered and "Mehmet Dogru (Ø)" in result.answer


def test_absentees_from_the_items_when_the_header_lists_none() -> None:
    items = [item(str(n), f"Punkt {n}", referat="Godkendt.\n\nFraværende: Tina Rottbøll") for n in (1, 2)]
    answerer = Answerer([minutes(COUNCIL, dt.date(2023, 5, 15), items)])
    answerer.index.minutes[0].meeting.absentees = []
    result = answerer.answer("Hvem manglede ved byrådsmødet 15. maj 2023?", today=TODAY)
    assert result.answered and "Tina Rottbøll" in result.answer


def test_a_danish_word_the_minutes_never_write_is_not_answered() -> None:
    # "udlejning" alone would match; "airbnb" is nowhere in the minutes.
    items = [
        item(
            "1",
            "Fleksibel udlejning",
            referat="Godkendt.",
            sagsfremstilling="Regler for fleksibel udlejning af boliger.",
        )
    ]
    answerer = Answerer([minutes(COUNCIL, dt.date(2025, 9, 8), items)])
    assert not answerer.answer("Er der lavet regler for Airbnb-udlejning i Greve?", today=TODAY).answered
    assert answerer.answer("Er der lavet regler for fleksibel udlejning?", today=TODAY).answered


def test_next_meeting_by_calendar_prefers_a_stored_meeting_to_a_plan_from_minutes() -> None:
    from bot.answering.meetings import MeetingCalendar
    from bot.calendar.model import SOURCE_MINUTES, SOURCE_SECRETARY, STATUS_PLANNED, CalendarMeeting, local_instant
    from bot.clock import COMMITTEE_TZ

    def planned(day: dt.date, source: str = SOURCE_MINUTES) -> CalendarMeeting:
        return CalendarMeeting(
            None, COUNCIL, local_instant(day, None), None, True, None, source, STATUS_PLANNED, f"{day}@t"
        )

    now = dt.datetime(2024, 3, 1, 12, tzinfo=COMMITTEE_TZ)
    # A Mødekalender line put 20 March in the calendar; the stored agenda is of 10 April.
    lines = (planned(dt.date(2024, 3, 20)), planned(dt.date(2024, 4, 10)))
    cal = MeetingCalendar(lines, frozenset({COUNCIL}), TODAY, dt.date.max, now)
    result = ANSWERER.answer("Hvornår er næste byrådsmøde?", today=TODAY, calendar=cal)
    assert [d.date for d in result.dates] == [dt.date(2024, 4, 10)]
    # A secretary's meeting is the word.
    cal = MeetingCalendar(
        (planned(dt.date(2024, 3, 20), SOURCE_SECRETARY), lines[1]), frozenset({COUNCIL}), TODAY, dt.date.max, now
    )
    result = ANSWERER.answer("Hvornår er næste byrådsmøde?", today=TODAY, calendar=cal)
    assert [d.date for d in result.dates] == [dt.date(2024, 3, 20)]
