"""The Answerer over small hand-built minutes: API shape, committees, dates, refusals."""

import datetime as dt

import pytest

from bot.answering import Answer, Answerer
from bot.answering import intents as it
from bot.minutes.model import DateKind, Meeting, Minutes, Outcome, SectionKind
from tests.answering.handmade import FOKUS, UDD, fokus_minutes, item, mention, udd_minutes

TODAY = dt.date(2021, 2, 15)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer([fokus_minutes(), udd_minutes()])


def test_to_json_has_exactly_the_contract_keys(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er fristen for besvarelse af spørgeskemaerne?", today=TODAY)
    data = result.to_json()
    assert set(data) == {"question", "intent", "answered", "answer", "confidence", "sources", "dates"}
    assert set(data["sources"][0]) == {"document", "committee", "meeting_date", "item_number", "item_title", "quote"}
    assert data["sources"][0]["meeting_date"] == "2021-02-09"
    assert data["dates"] == [{"date": "2021-02-22", "kind": "deadline", "text": "den 22. februar"}]


def test_answer_names_committee_date_item_and_quotes(answerer: Answerer) -> None:
    result = answerer.answer("Hvorfor blev punktet om arbejdsrettet rehabilitering udskudt?", today=TODAY)
    assert result.answered and result.intent == it.POSTPONEMENT
    assert result.answer.startswith(f"{FOKUS}, møde 2. september 2020, punkt 4 «Principper i arbejdsrettet")
    assert result.answer.endswith(": Punktet flyttes til et kommende møde, grundet sygdom d.d.")
    assert 0.0 < result.confidence <= 1.0


def test_english_answer_uses_english_dates(answerer: Answerer) -> None:
    result = answerer.answer("What was decided about IPS?", today=TODAY)
    assert result.language == "en" and result.answered
    assert "meeting 2 September 2020, item 6" in result.answer


@pytest.mark.parametrize(
    "question",
    [
        "Hvad blev besluttet om parkering ved rådhuset?",
        "Hvornår er fristen for budgettet 2030?",
        "Hvorfor blev vejprojektet udskudt?",
        "Hvad blev besluttet?",
        "What was decided about the harbour?",
    ],
)
def test_refuses_what_the_minutes_do_not_hold(answerer: Answerer, question: str) -> None:
    result = answerer.answer(question, today=TODAY)
    assert not result.answered
    assert result.sources == [] and result.dates == [] and result.confidence == 0.0
    assert result.answer in ("Det kan jeg ikke finde i referaterne.", "I can't find that in the minutes.")


def test_next_meeting_one_line_per_committee(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er næste møde?", today=TODAY)
    lines = result.answer.splitlines()
    assert len(lines) == 2
    assert {(d.date, d.kind) for d in result.dates} == {
        (dt.date(2021, 5, 27), "next_meeting"),
        (dt.date(2021, 4, 13), "next_meeting"),
    }


def test_preferred_committee_answers_next_meeting_for_that_committee(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er næste møde?", today=TODAY, committee=UDD)
    assert [d.date for d in result.dates] == [dt.date(2021, 4, 13)]
    assert result.sources[0].committee == UDD


def test_next_meeting_in_the_past_is_said_plainly(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er næste møde i følgegruppen for uddannelse?", today=dt.date(2022, 1, 1))
    assert result.answered
    assert [d.date for d in result.dates] == [dt.date(2021, 4, 13)]
    assert "ligger før i dag" in result.answer


def test_preferred_committee_is_searched_first() -> None:
    other = Minutes(
        "other.txt",
        "sha-o",
        Meeting("Følgegruppen for forebyggelse", dt.date(2020, 12, 1), 1.0, "x"),
        [item("2", "Status på IPS", referat="IPS-indsatsen blev godkendt.")],
        [],
    )
    answerer = Answerer([fokus_minutes(), other])
    result = answerer.answer("Hvad blev besluttet om IPS?", today=TODAY, committee="Følgegruppen for forebyggelse")
    assert result.sources[0].committee == "Følgegruppen for forebyggelse"
    result = answerer.answer("Hvad blev besluttet om IPS?", today=TODAY, committee=FOKUS)
    assert result.sources[0].committee == FOKUS


def test_deadlines_in_period_lists_only_that_period(answerer: Answerer) -> None:
    result = answerer.answer("Hvilke frister er der i februar 2021?", today=TODAY)
    assert [d.date for d in result.dates] == [dt.date(2021, 2, 22)]
    empty = answerer.answer("Hvilke frister er der i juli 2021?", today=TODAY)
    assert not empty.answered and "juli 2021" in empty.answer


def test_meeting_roles_come_from_the_meeting(answerer: Answerer) -> None:
    chair = answerer.answer("Hvem var mødeleder?", today=TODAY)
    assert "Ole Carstensen" in chair.answer
    assert chair.sources[0].item_number is None and chair.sources[0].item_title is None
    missing = answerer.answer("Hvem deltog i mødet den 3. marts 2019?", today=TODAY)
    assert not missing.answered


def test_meeting_level_sources_are_null_in_json(answerer: Answerer) -> None:
    for question in ("Hvem deltog i mødet den 2. september 2020?", "Hvor blev mødet i september 2020 holdt?"):
        source = answerer.answer(question, today=TODAY).to_json()["sources"][0]
        assert source["item_number"] is None and source["item_title"] is None
        assert source["committee"] == FOKUS and source["meeting_date"] == "2020-09-02"
    item_source = answerer.answer("Hvornår er deadline til KOSU?", today=TODAY).to_json()["sources"][0]
    assert item_source["item_number"] == "8" and item_source["item_title"].startswith("Status på kommunernes")


def test_who_joins_a_group_searches_the_items_not_the_attendee_list(answerer: Answerer) -> None:
    result = answerer.answer("Hvem indgår i følgegruppen for hjernerystelsesprojektet?", today=TODAY)
    assert result.answered and result.intent == it.ATTENDANCE
    assert result.sources[0].item_number == "8"
    assert "Sundhedschefer indgår i følgegruppen" in result.answer
    assert "Hanne Sloth" not in result.answer  # the meeting's attendee list


def test_outcome_from_the_indstilling_is_called_a_proposal(answerer: Answerer) -> None:
    result = answerer.answer("Hvad blev besluttet om hjernerystelsesprojektet?", today=TODAY)
    assert result.answered and result.intent == it.DECISION
    assert (
        "Indstillingen var: «At gruppen tager orienteringen til efterretning»; referatet nævner ingen indvendinger."
        in result.answer
    )
    english = answerer.answer("What was decided about the concussion project?", today=TODAY)
    assert (
        "The proposal was: «At gruppen tager orienteringen til efterretning»; the minutes record no objections."
        in english.answer
    )
    # A Referat outcome is the decision itself, not a proposal.
    referat = answerer.answer("Hvad blev besluttet om tids- og procesplanen?", today=TODAY)
    assert "Den reviderede tids- og procesplan blev godkendt." in referat.answer
    assert "Indstillingen" not in referat.answer


def test_outcome_source_decides_whether_the_outcome_sentence_is_quoted() -> None:
    def minutes(source: SectionKind | None) -> Minutes:
        outcome_item = item(
            "2",
            "Budget for forebyggelse",
            outcome=Outcome.APPROVED,
            outcome_sentence="Budgettet blev godkendt.",
            outcome_source=source,
            indstilling="At gruppen godkender budgettet.",
            referat="Budgettet blev godkendt.\n\nRammen for forebyggelse er 2 mio. kr.",
        )
        return Minutes("b.txt", "sha-b", Meeting(FOKUS, dt.date(2020, 9, 2), 1.0, "x"), [outcome_item], [])

    question = "Hvad blev besluttet om rammen for forebyggelse?"
    recorded = Answerer([minutes(SectionKind.REFERAT)]).answer(question, today=TODAY)
    assert recorded.answer.endswith(": Budgettet blev godkendt. Rammen for forebyggelse er 2 mio. kr.")
    # Without a source the parser did not say the Referat records the outcome: quote only.
    unknown = Answerer([minutes(None)]).answer(question, today=TODAY)
    assert unknown.answer.endswith(": Rammen for forebyggelse er 2 mio. kr.")
    proposal = Answerer([minutes(SectionKind.INDSTILLING)]).answer(question, today=TODAY)
    assert (
        "Indstillingen var: «At gruppen godkender budgettet.»; referatet nævner ingen indvendinger." in proposal.answer
    )
    assert proposal.answer.endswith("Referatet: Rammen for forebyggelse er 2 mio. kr.")


def test_status_question_quotes_the_latest_state(answerer: Answerer) -> None:
    for question in (
        "Hvad sker der med hjernerystelsesprojektet?",
        "Hvordan går det med hjernerystelsesprojektet?",
        "What is the status of the concussion project?",
    ):
        result = answerer.answer(question, today=TODAY)
        assert result.answered, question
        assert result.sources[0].item_number == "8"
        assert result.sources[0].quote == "Der ansøges om midler til projektet. Vi afventer."


def test_status_question_prefers_the_latest_meeting() -> None:
    older = fokus_minutes()
    newer = Minutes(
        "fokus-2.txt",
        "sha-f2",
        Meeting(FOKUS, dt.date(2021, 2, 11), 1.0, "x"),
        [item("5", "Projekt om hjernerystelser", referat="Projektet har fået bevilget midler og starter i april.")],
        [],
    )
    result = Answerer([older, newer]).answer("Hvad er status på hjernerystelsesprojektet?", today=TODAY)
    assert result.sources[0].meeting_date == dt.date(2021, 2, 11)
    assert "starter i april" in result.answer


def _three_committees() -> Answerer:
    forebyggelse = Minutes(
        "forebyggelse.txt",
        "sha-fb",
        Meeting("Følgegruppen for forebyggelse", dt.date(2021, 1, 20), 1.0, "x", chair="Mette Hansen"),
        [item("4", "Punkter til næste møde", referat="Rygestop i praksis")],
        [],
    )
    older_fokus = Minutes(
        "fokus-0.txt",
        "sha-f0",
        Meeting(FOKUS, dt.date(2020, 6, 3), 1.0, "x", chair="Bente Berg"),
        [item("2", "Punkter til næste møde", referat="Genoptræning efter udskrivning")],
        [],
    )
    return Answerer([fokus_minutes(), udd_minutes(), forebyggelse, older_fokus])


def test_channel_committee_uses_its_own_latest_minutes() -> None:
    answerer = _three_committees()
    chair = answerer.answer("Hvem var mødeleder?", today=TODAY, committee=FOKUS)
    assert "Ole Carstensen" in chair.answer and "Bente Berg" not in chair.answer and "Mette" not in chair.answer
    assert [s.committee for s in chair.sources] == [FOKUS]
    # Unnamed and no channel: the latest minutes that record a chair.
    assert "Mette Hansen" in answerer.answer("Hvem var mødeleder?", today=TODAY).answer
    # The channel's committee has minutes that do not name a chair: say so, do not borrow one.
    silent = answerer.answer("Hvem var mødeleder?", today=TODAY, committee=UDD)
    assert not silent.answered and UDD in silent.answer and "Mette" not in silent.answer

    agenda = answerer.answer("Hvad skal vi drøfte på næste møde?", today=TODAY, committee=FOKUS)
    assert {s.committee for s in agenda.sources} == {FOKUS}
    assert "Principper i arbejdsrettet rehabilitering" in agenda.answer
    assert "Genoptræning" not in agenda.answer and "Rygestop" not in agenda.answer
    latest = answerer.answer("Hvad skal vi drøfte på næste møde?", today=TODAY)
    assert {s.committee for s in latest.sources} == {UDD}


def test_committee_named_in_question_uses_its_latest_minutes() -> None:
    answerer = _three_committees()
    chair = answerer.answer("Hvem var mødeleder i følgegruppen for forebyggelse?", today=TODAY)
    assert "Mette Hansen" in chair.answer
    agenda = answerer.answer("Hvad skal vi drøfte på næste møde i fokusgruppen?", today=TODAY)
    assert {s.committee for s in agenda.sources} == {FOKUS}
    assert "Genoptræning" not in agenda.answer
    english = answerer.answer("What is on the agenda for the next meeting of the focus group?", today=TODAY)
    assert {s.committee for s in english.sources} == {FOKUS}


def test_answer_is_plain_dataclass_with_language(answerer: Answerer) -> None:
    result = answerer.answer("Hvornår er seminaret?", today=TODAY, language="en")
    assert isinstance(result, Answer)
    assert result.language == "en"
    assert [(d.date, d.kind) for d in result.dates] == [(dt.date(2021, 4, 19), str(DateKind.EVENT))]


def test_empty_corpus_refuses() -> None:
    answerer = Answerer([])
    for question in (
        "Hvad blev besluttet om IPS?",
        "Hvornår er næste møde?",
        "Hvem var mødeleder?",
        "Hvilke frister er der i maj 2021?",
        "Hvad skal vi drøfte på næste møde?",
    ):
        assert not answerer.answer(question, today=TODAY).answered


def test_minutes_without_committee_or_date_are_answerable() -> None:
    minutes = Minutes(
        "anon.txt",
        "sha-a",
        Meeting(None, None, 0.0, ""),
        [item("5", "Budget for forebyggelse", referat="Budgettet blev godkendt med en ramme på 2 mio. kr.")],
        [],
    )
    result = Answerer([minutes]).answer("Hvad blev besluttet om budgettet?", today=TODAY)
    assert result.answered
    assert result.sources[0].committee == "" and result.sources[0].meeting_date is None
    assert "2 mio. kr." in result.answer


def test_deadline_mention_kind_next_meeting_is_not_a_deadline() -> None:
    minutes = fokus_minutes()
    minutes.items[0].dates.append(
        mention(dt.date(2020, 12, 1), DateKind.NEXT_MEETING, "1. december", "Næste møde er 1. december.", "1")
    )
    result = Answerer([minutes]).answer("Hvornår er fristen for velkomst?", today=TODAY)
    assert not result.answered


def test_english_word_with_danish_alternatives_is_covered_by_either() -> None:
    minutes = Minutes(
        "s.txt",
        "sha-s",
        Meeting(UDD, dt.date(2021, 2, 4), 1.0, "x"),
        [item("6", "Kortlægning", referat="Sygehuset har besvaret spørgeskemaet om PTSD.")],
        [],
    )
    result = Answerer([minutes]).answer("What about the hospital and the questionnaire?", today=TODAY)
    assert result.answered and result.sources[0].item_number == "6"
    assert not Answerer([minutes]).answer("What about the harbour and the questionnaire?", today=TODAY).answered
