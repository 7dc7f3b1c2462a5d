"""Questions over the two real seed minutes, parsed by bot.minutes.

Seed 000: Følgegruppen for uddannelse og arbejde (no meeting date stated; dated 4 February 2021 as its secretary would).
Seed 002: Fokusgruppen Sundhed & Beskæftigelse, 2 September 2020.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering import intents as it
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
TODAY = dt.date(2021, 2, 15)
UDD = "Følgegruppen for uddannelse og arbejde"
FOKUS = "Fokusgruppen Sundhed & Beskæftigelse"
MEETING = "<meeting>"  # the top source is the meeting as a whole: item number and title are None
PSYKINFO = "Psykiatrisygehuset giver besked til sekretariatet om, hvem der deltager i arbejdsgruppen fra PsykInfo."
CONCUSSION_STATUS = "Der ansøges om midler til projektet. Vi afventer."


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    if not SEEDS.is_dir():
        pytest.skip("seed minutes not available")
    from bot.minutes.read import read_minutes

    return Answerer([dated(read_minutes(path)) for path in sorted(SEEDS.glob("*.txt"))])


@dataclass(frozen=True)
class Case:
    question: str
    intent: str
    item: str | None = None  # top source's item number (MEETING for meeting-level answers)
    committee: str | None = None  # of the top source
    words: tuple[str, ...] = ()  # must appear in the answer text
    dates: tuple[dt.date, ...] | None = None  # exactly these answer dates, in order
    language: str = "da"
    absent: tuple[str, ...] = ()  # must not appear in the answer text
    quote: str | None = None  # the top source's exact quote
    channel: str | None = None  # the committee passed as ``committee`` (a Teams channel's)


ANSWERED = [
    Case(
        "Hvad blev besluttet om kommissoriet?",
        it.DECISION,
        "3.1",
        UDD,
        ("Kommissorium tilrettes", "miniarbejdsgruppe"),
        (),
    ),
    Case("What was decided about IPS?", it.DECISION, "6", FOKUS, ("IPS", "meeting 2 September 2020, item 6"), (), "en"),
    Case(
        "Hvad blev besluttet om tids- og procesplanen for PTSD?",
        it.DECISION,
        "6.2",
        UDD,
        ("Den reviderede tids- og procesplan blev godkendt",),
        (),
        absent=("Indstillingen",),
    ),
    Case(
        "Hvad blev besluttet om hjernerystelsesprojektet?",
        it.DECISION,
        "8",
        FOKUS,
        ("Indstillingen var: «At gruppen tager orienteringen til efterretning»; referatet nævner ingen indvendinger.",),
        (),
    ),
    Case(
        "What was decided about the concussion project?",
        it.DECISION,
        "8",
        FOKUS,
        ("The proposal was: «At gruppen tager orienteringen til efterretning»; the minutes record no objections.",),
        (),
        "en",
    ),
    Case("Hvad blev besluttet om LÆ-blanketterne?", it.DECISION, "9", FOKUS, ("taget til efterretning",), ()),
    Case(
        "Hvorfor blev prøvehandlingerne udskudt?",
        it.POSTPONEMENT,
        "4.1",
        UDD,
        ("vaccinering mod COVID-19", "udskyde punktet"),
        (dt.date(2021, 4, 13),),
    ),
    Case(
        "Hvorfor blev punktet om arbejdsrettet rehabilitering flyttet?",
        it.POSTPONEMENT,
        "4",
        FOKUS,
        ("Fokusgruppen Sundhed & Beskæftigelse, møde 2. september 2020, punkt 4 «Principper i", "grundet sygdom"),
        (),
    ),
    Case(
        "Why was the item on rehabilitation postponed?",
        it.POSTPONEMENT,
        "4",
        FOKUS,
        ("grundet sygdom", "item 4"),
        (),
        "en",
    ),
    Case(
        "Hvornår er fristen for besvarelse af spørgeskemaerne?",
        it.DEADLINE,
        "6.2",
        UDD,
        ("22. februar 2021", "deadline for besvarelse af spørgeskemaerne"),
        (dt.date(2021, 2, 22),),
    ),
    Case(
        "Hvornår er deadline til KOSU?", it.DEADLINE, "8", FOKUS, ("14. august 2020", "KOSU"), (dt.date(2020, 8, 14),)
    ),
    Case(
        "When is the deadline for the questionnaires?",
        it.DEADLINE,
        "6.2",
        UDD,
        ("22 February 2021",),
        (dt.date(2021, 2, 22),),
        "en",
    ),
    Case(
        "Hvilke frister er der i februar 2021?",
        it.DEADLINES_IN_PERIOD,
        "6.2",
        UDD,
        ("spørgeskemaerne",),
        (dt.date(2021, 2, 22),),
    ),
    Case(
        "Which deadlines are there in August 2020?",
        it.DEADLINES_IN_PERIOD,
        "8",
        FOKUS,
        ("14 August 2020", "KOSU"),
        (dt.date(2020, 8, 14),),
        "en",
    ),
    Case(
        "Hvornår er næste møde i fokusgruppen?",
        it.NEXT_MEETING,
        "10",
        FOKUS,
        ("27. maj 2021",),
        (dt.date(2021, 5, 27),),
    ),
    Case(
        "Hvornår er næste møde i følgegruppen for uddannelse og arbejde?",
        it.NEXT_MEETING,
        None,
        UDD,
        ("13. april 2021",),
        (dt.date(2021, 4, 13),),
    ),
    Case(
        "Hvad skal vi drøfte på næste møde?",
        it.NEXT_MEETING_AGENDA,
        "8",
        UDD,
        ("Prøvehandlinger", "Borgere med PTSD", "Temadrøftelse om praksisplanen"),
        (dt.date(2021, 4, 13),),
    ),
    Case(
        "Hvad skal vi drøfte på næste møde i fokusgruppen?",
        it.NEXT_MEETING_AGENDA,
        "4",
        FOKUS,
        ("Principper i arbejdsrettet rehabilitering", "tages op på det kommende møde"),
        None,
    ),
    Case(
        "Hvem repræsenterer Struer, Holstebro og Lemvig?", it.ATTENDANCE, "8", FOKUS, ("Pernille Kloster Aalund",), ()
    ),
    Case(
        "Who represents Struer, Holstebro and Lemvig?",
        it.ATTENDANCE,
        "8",
        FOKUS,
        ("Pernille Kloster Aalund",),
        (),
        "en",
    ),
    Case(
        "Hvem deltog i mødet den 2. september 2020?",
        it.ATTENDANCE,
        MEETING,
        FOKUS,
        ("Hanne Sloth", "Pernille Kloster Aalund"),
        (),
    ),
    Case("Hvem var mødeleder?", it.ATTENDANCE, MEETING, FOKUS, ("Ole Carstensen",), ()),
    Case("Hvem havde afbud?", it.ATTENDANCE, MEETING, FOKUS, ("Frank Rud Jensen", "Ulla Svendsen"), ()),
    Case("Hvem deltog i mødet i fokusgruppen?", it.ATTENDANCE, MEETING, FOKUS, ("Deltagere: Hanne Sloth",), ()),
    # Who joins a group the minutes name is in the items, not in the attendee list.
    Case(
        "Hvem deltager i arbejdsgruppen fra PsykInfo?",
        it.ATTENDANCE,
        "3.1",
        UDD,
        ("ikke afgjort endnu",),
        (),
        absent=("Deltagere", "Hanne Sloth"),
        quote=PSYKINFO,
    ),
    Case("Hvem deltager fra PLO?", it.ATTENDANCE, "1", UDD, ("Jens Hartvig Skov",), (), absent=("ikke afgjort",)),
    Case(
        "Hvem indgår i følgegruppen for hjernerystelsesprojektet?",
        it.ATTENDANCE,
        "8",
        FOKUS,
        ("3 Sundhedschefer",),
        (),
        absent=("Deltagere",),
    ),
    Case(
        "Hvor mange borgere skal optages i IPS-projektet i Ringkøbing-Skjern?", it.FREE, "6", FOKUS, ("60 borgere",), ()
    ),
    Case("Hvor blev mødet i september 2020 holdt?", it.FREE, MEETING, FOKUS, ("Byrådssalen", "Lemvig"), ()),
    Case("Hvornår er seminaret?", it.FREE, "7", FOKUS, ("19. april 2021",), (dt.date(2021, 4, 19),)),
    # Status questions quote where things stand: the Referat's last sentences.
    Case(
        "Hvad er status på hjernerystelsesprojektet?",
        it.FREE,
        "8",
        FOKUS,
        (CONCUSSION_STATUS,),
        (),
        quote=CONCUSSION_STATUS,
    ),
    Case(
        "Hvad sker der med hjernerystelsesprojektet?",
        it.FREE,
        "8",
        FOKUS,
        (CONCUSSION_STATUS,),
        (),
        quote=CONCUSSION_STATUS,
    ),
    Case(
        "Hvordan går det med hjernerystelsesprojektet?",
        it.FREE,
        "8",
        FOKUS,
        (CONCUSSION_STATUS,),
        (),
        quote=CONCUSSION_STATUS,
    ),
    Case(
        "Hvad er status på forløbsprogrammet for depression?",
        it.FREE,
        "5.1",
        UDD,
        ("opfordring ud til PSOF-sekretærerne",),
        (),
    ),
    Case(
        "Hvornår gives næste status om samtalestøtte?",
        it.FREE,
        "6.1",
        UDD,
        ("3. kvartal 2021",),
        (dt.date(2021, 7, 1),),
    ),
    Case("Hvor mange kommuner i Region Sjælland går sammen om IPS?", it.FREE, "6", FOKUS, ("13 kommuner",), ()),
    # A committee passed by the channel or named in the question: its own latest minutes.
    Case(
        "Hvad skal vi drøfte på næste møde?",
        it.NEXT_MEETING_AGENDA,
        "4",
        FOKUS,
        ("Principper i arbejdsrettet rehabilitering",),
        None,
        absent=("Borgere med PTSD", UDD),
        channel=FOKUS,
    ),
    Case("Hvem var mødeleder?", it.ATTENDANCE, MEETING, FOKUS, ("Ole Carstensen",), (), absent=(UDD,), channel=FOKUS),
    Case("Hvem var mødeleder i fokusgruppen?", it.ATTENDANCE, MEETING, FOKUS, ("Ole Carstensen",), ()),
    # English questions over the Danish minutes.
    Case(
        "When is the next meeting of the focus group?",
        it.NEXT_MEETING,
        "10",
        FOKUS,
        ("27 May 2021 at 12:30-16:00",),
        (dt.date(2021, 5, 27),),
        "en",
        absent=(UDD,),
    ),
    Case(
        "When is the next meeting of the follow-up group?",
        it.NEXT_MEETING,
        "4.1",
        UDD,
        ("13 April 2021",),
        (dt.date(2021, 4, 13),),
        "en",
        absent=(FOKUS,),
    ),
    Case(
        "What is on the agenda for the next meeting of the focus group?",
        it.NEXT_MEETING_AGENDA,
        "4",
        FOKUS,
        ("Principper i arbejdsrettet rehabilitering", "(postponed)"),
        None,
        "en",
    ),
    Case(
        "What was decided about the terms of reference for the working group?",
        it.DECISION,
        "3.1",
        UDD,
        ("Kommissorium tilrettes", "item 3.1"),
        (),
        "en",
    ),
    Case(
        "Why were the trials postponed?",
        it.POSTPONEMENT,
        "4.1",
        UDD,
        ("vaccinering mod COVID-19",),
        (dt.date(2021, 4, 13),),
        "en",
    ),
    Case("When is the seminar?", it.FREE, "7", FOKUS, ("19. april 2021",), (dt.date(2021, 4, 19),), "en"),
    Case(
        "What is the status of the concussion project?",
        it.FREE,
        "8",
        FOKUS,
        (CONCUSSION_STATUS,),
        (),
        "en",
        quote=CONCUSSION_STATUS,
    ),
    Case(
        "Who takes part in the working group from PsykInfo?",
        it.ATTENDANCE,
        "3.1",
        UDD,
        ("not settled yet",),
        (),
        "en",
        absent=("Attendees",),
        quote=PSYKINFO,
    ),
    Case(
        "What was said about general practice and depression?",
        it.FREE,
        "5.1",
        UDD,
        ("Almen praksis er en vigtig aktør",),
        (),
        "en",
    ),
    Case("Who chaired the meeting?", it.ATTENDANCE, MEETING, FOKUS, ("Chair: Ole Carstensen",), (), "en"),
    Case(
        "Which deadlines are there in February 2021?",
        it.DEADLINES_IN_PERIOD,
        "6.2",
        UDD,
        ("Deadline in February 2021",),
        (dt.date(2021, 2, 22),),
        "en",
    ),
]

UNANSWERABLE = [
    Case("Hvad blev besluttet om parkering ved rådhuset?", it.DECISION),
    Case("Hvornår er fristen for budgettet 2030?", it.DEADLINE),
    Case("Hvorfor blev evalueringen af Covid-perioden udskudt?", it.POSTPONEMENT),
    Case("Hvornår blev vindmølleparken godkendt?", it.DECISION),
    Case("Hvad koster en kop kaffe i kantinen?", it.FREE),
    Case("When is the deadline for the harbour tender?", it.DEADLINE, language="en"),
    Case("Hvem deltog i mødet den 3. marts 2019?", it.ATTENDANCE),
    Case("Hvilke frister er der i juli 2021?", it.DEADLINES_IN_PERIOD),
    Case("Hvad sker der med vindmølleparken?", it.FREE),
    Case("What is the status of the harbour tender?", it.FREE, language="en"),
    Case("Hvem deltager i styregruppen for vindmølleparken?", it.ATTENDANCE),
    # The channel's committee does not record a chair; another committee's is not borrowed.
    Case("Hvem var mødeleder?", it.ATTENDANCE, channel=UDD),
]


@pytest.mark.parametrize("case", ANSWERED, ids=lambda c: c.question)
def test_answered(answerer: Answerer, case: Case) -> None:
    result = answerer.answer(case.question, today=TODAY, committee=case.channel)
    assert result.intent == case.intent
    assert result.language == case.language
    assert result.answered, result.answer
    assert 0.0 < result.confidence <= 1.0
    top = result.sources[0]
    if case.committee is not None:
        assert top.committee == case.committee
    if case.item == MEETING:
        assert top.item_number is None and top.item_title is None
    elif case.item is not None:
        assert top.item_number == case.item
    for word in case.words:
        assert word in result.answer
    for word in case.absent:
        assert word not in result.answer
    if case.quote is not None:
        assert top.quote == case.quote
    if case.dates is not None:
        assert tuple(d.date for d in result.dates) == case.dates


@pytest.mark.parametrize("case", UNANSWERABLE, ids=lambda c: c.question)
def test_unanswerable(answerer: Answerer, case: Case) -> None:
    result = answerer.answer(case.question, today=TODAY, committee=case.channel)
    assert result.intent == case.intent
    assert not result.answered
    assert result.sources == [] and result.dates == []


def test_quotes_are_verbatim_from_the_minutes(answerer: Answerer) -> None:
    text = " ".join((SEEDS / "000_ff41c34304ad259a.txt").read_text(encoding="utf-8").split())
    result = answerer.answer("Hvorfor blev prøvehandlingerne udskudt?", today=TODAY)
    assert result.sources[0].quote in text


def test_next_meeting_after_the_last_known_date_says_it_is_past(answerer: Answerer) -> None:
    result = answerer.answer(
        "Hvornår er næste møde i følgegruppen for uddannelse og arbejde?", today=dt.date(2021, 6, 1)
    )
    assert result.answered
    assert [d.date for d in result.dates] == [dt.date(2021, 4, 13)]
    assert "før i dag" in result.answer


def test_next_meeting_without_a_name_gives_one_line_per_committee(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er næste møde?", today=TODAY)
    assert len(result.answer.splitlines()) == 2
    assert sorted(s.committee for s in result.sources) == sorted([UDD, FOKUS])


def test_channel_committee_is_preferred(answerer: Answerer) -> None:
    result = answerer.answer("Hvad blev besluttet om IPS?", today=TODAY, committee=UDD)
    assert result.sources[0].committee == UDD
    assert result.sources[0].item_number == "5.1"


def test_english_language_forced_for_danish_question(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er deadline til KOSU?", today=TODAY, language="en")
    assert result.language == "en"
    assert result.answer.startswith("The deadline is 14 August 2020.")
