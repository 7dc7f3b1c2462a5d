"""classify_outcome on single items, and postponement written under another item."""

from __future__ import annotations

import pytest

from bot.minutes.clean import split_sentences
from bot.minutes.model import AgendaItem, Outcome, Section, SectionKind
from bot.minutes.outcomes import classify_outcome, postponed_by_other_items


def _item(number: str = "3", *, referat: str | None = None, indstilling: str | None = None) -> AgendaItem:
    sections = []
    if indstilling is not None:
        sections.append(Section(SectionKind.INDSTILLING, "Indstilling", indstilling))
    if referat is not None:
        sections.append(Section(SectionKind.REFERAT, "Referat", referat))
    return AgendaItem(number=number, title="Et punkt", sections=sections)


@pytest.mark.parametrize(
    ("referat", "outcome", "sentence"),
    [
        ("Godkendt.", Outcome.APPROVED, "Godkendt."),
        (
            "Indstillingen blev godkendt uden bemærkninger.",
            Outcome.APPROVED,
            "Indstillingen blev godkendt uden bemærkninger.",
        ),
        ("Orienteringen blev taget til efterretning", Outcome.NOTED, "Orienteringen blev taget til efterretning"),
        ("Udvalget tog orienteringen til efterretning.", Outcome.NOTED, "Udvalget tog orienteringen til efterretning."),
        (
            "Der var afbud fra oplægsholder og det blev besluttet at udskyde punktet til næste følgegruppemøde.",
            Outcome.POSTPONED,
            "Der var afbud fra oplægsholder og det blev besluttet at udskyde punktet til næste følgegruppemøde.",
        ),
        ("Punktet flyttes til et kommende møde.", Outcome.POSTPONED, "Punktet flyttes til et kommende møde."),
        ("Punktet udgår.", Outcome.POSTPONED, "Punktet udgår."),
        ("Følgegruppen drøftede forslagene.", Outcome.DISCUSSED, "Følgegruppen drøftede forslagene."),
        ("Ansøgningen blev afvist.", Outcome.REJECTED, "Ansøgningen blev afvist."),
        ("Forslaget blev afslået af et flertal.", Outcome.REJECTED, "Forslaget blev afslået af et flertal."),
        (
            "Udvalget besluttede at sende sagen i høring.",
            Outcome.DECIDED,
            "Udvalget besluttede at sende sagen i høring.",
        ),
        (
            "Kommissorium tilrettes med følgende ændringer:\n- smal gruppe",
            Outcome.DECIDED,
            "Kommissorium tilrettes med følgende ændringer:",
        ),
    ],
)
def test_referat_decides(referat: str, outcome: Outcome, sentence: str) -> None:
    assert classify_outcome(_item(referat=referat)) == (outcome, sentence, SectionKind.REFERAT)


def test_approval_sentence_is_picked_among_others() -> None:
    item = _item(referat="Der var en god drøftelse af tallene. Planen blev godkendt. Næste status i maj.")
    assert classify_outcome(item)[:2] == (Outcome.APPROVED, "Planen blev godkendt.")


def test_indstilling_is_used_when_referat_is_silent() -> None:
    item = _item(
        indstilling="Det indstilles, at følgegruppen tager orienteringen til efterretning.",
        referat="Slides vedhæftes referatet.",
    )
    # The Referat holds only boilerplate, so the Indstilling's own sentence is quoted.
    assert classify_outcome(item) == (
        Outcome.NOTED,
        "Det indstilles, at følgegruppen tager orienteringen til efterretning.",
        SectionKind.INDSTILLING,
    )


def test_referat_wins_over_indstilling() -> None:
    item = _item(indstilling="At udvalget godkender budgettet.", referat="Punktet blev udsat.")
    assert classify_outcome(item) == (Outcome.POSTPONED, "Punktet blev udsat.", SectionKind.REFERAT)


def test_container_item_is_unknown() -> None:
    assert classify_outcome(_item()) == (Outcome.UNKNOWN, None, None)


def test_participle_about_another_item_does_not_postpone() -> None:
    item = _item("8", referat="- Dagens udskudte punkt 4 - Prøvehandlinger\n- Borgere med PTSD")
    assert classify_outcome(item)[0] != Outcome.POSTPONED


def test_sentence_about_another_item_is_ignored_for_this_item() -> None:
    item = _item("1", referat="Godkendt.\n\nPunkt 4 udgår pga sygdom")
    assert classify_outcome(item)[:2] == (Outcome.APPROVED, "Godkendt.")


def test_postponed_by_other_item() -> None:
    first = _item("1", referat="Godkendt.\n\nPunkt 4 udgår pga sygdom")
    fourth = _item("4", indstilling="At gruppen drøfter fremadrettede initiativer.")
    found = postponed_by_other_items([first, fourth])
    assert found == {"4": (Outcome.POSTPONED, "Punkt 4 udgår pga sygdom", SectionKind.REFERAT)}


def test_postponed_by_other_item_keeps_own_referat() -> None:
    first = _item("1", referat="Godkendt. Punkt 2 udgår.")
    second = _item("2", referat="Punktet blev godkendt.")
    assert postponed_by_other_items([first, second]) == {}


# --- which sentence decides ---------------------------------------------------------------


def test_earliest_decisive_sentence_wins_over_a_stronger_pattern_later() -> None:
    item = _item(
        referat="Orienteringen blev taget til efterretning. Sekretariatet udarbejder et udkast til\n"
        "midtvejsstatus, som behandles på næste møde."
    )
    assert classify_outcome(item)[:2] == (Outcome.NOTED, "Orienteringen blev taget til efterretning.")


def test_agreement_on_a_view_does_not_outrank_the_discussion() -> None:
    item = _item(referat="Udvalget drøftede oplægget. Der var enighed om, at indsatsen bør styrkes.")
    assert classify_outcome(item)[:2] == (Outcome.DISCUSSED, "Udvalget drøftede oplægget.")


def test_a_decision_after_the_discussion_decides() -> None:
    item = _item(referat="Udvalget drøftede sagen. Indstillingen blev herefter godkendt.")
    assert classify_outcome(item)[:2] == (Outcome.APPROVED, "Indstillingen blev herefter godkendt.")


def test_decisive_sentence_runs_over_a_wrapped_line() -> None:
    item = _item(
        referat="Det blev besluttet at holde temadagen den 4. marts 2027 kl. 9.00-15.00 i\n"
        "Lyngbjerg Kulturhus. Medlemmerne sender forslag senest den 1. oktober."
    )
    assert classify_outcome(item)[:2] == (
        Outcome.DECIDED,
        "Det blev besluttet at holde temadagen den 4. marts 2027 kl. 9.00-15.00 i Lyngbjerg Kulturhus.",
    )


def test_moved_from_an_earlier_meeting_is_not_postponed() -> None:
    item = _item(referat="Punktet blev udskudt fra mødet den 15. september. Godkendt.")
    assert classify_outcome(item)[0] == Outcome.APPROVED


def test_topics_for_the_next_meeting_are_not_postponements() -> None:
    item = AgendaItem(
        number="7",
        title="Punkter til næste møde",
        sections=[Section(SectionKind.REFERAT, "Referat", "- Budget 2027 – udskydes\n- Status på IPS")],
    )
    assert classify_outcome(item)[0] != Outcome.POSTPONED
    assert classify_outcome(_item(referat="- Budget 2027 – udskydes"))[0] == Outcome.POSTPONED


def test_postponement_in_an_aside_is_not_this_items() -> None:
    item = _item(referat="- Elektronisk udveksling af statusattester (flyttet fra dagens møde)")
    assert classify_outcome(item)[0] != Outcome.POSTPONED


# --- a silent Referat and the Indstilling ---------------------------------------------------


def test_noted_indstilling_with_verbless_referat_is_noted_and_says_so() -> None:
    # The convention of the genre: no objection recorded, so the orientation was noted.
    item = _item(
        indstilling="At gruppen tager orienteringen til efterretning.",
        referat="Unges udfordringer ift. uddannelse. Oplæg v. Per Hansen.\nSlides vedhæftes referatet.",
    )
    assert classify_outcome(item) == (
        Outcome.NOTED,
        "Unges udfordringer ift. uddannelse.",
        SectionKind.INDSTILLING,
    )


def test_telling_sentence_names_the_body_and_what_it_wants() -> None:
    item = _item(
        indstilling="At gruppen drøfter muligheder i projektet.",
        referat="Ulla fortæller om projektet. Kernen er job først.\n\nDer er ønske fra\n\n"
        "Fokusgruppen om at følge projektet.\n\nHolstebro opfordrer til at dele viden.",
    )
    assert classify_outcome(item) == (
        Outcome.DISCUSSED,
        "Der er ønske fra Fokusgruppen om at følge projektet.",
        SectionKind.INDSTILLING,
    )


def test_indstilling_without_referat_quotes_the_indstilling() -> None:
    item = _item(indstilling="Det indstilles, at udvalget godkender budgettet.")
    assert classify_outcome(item) == (
        Outcome.APPROVED,
        "Det indstilles, at udvalget godkender budgettet.",
        SectionKind.INDSTILLING,
    )


def test_long_silent_referat_without_indstilling_is_a_discussion() -> None:
    item = _item(referat="Regionen: Mange var syge.\nKommunen: Svært med værnemidler.\nAlmen praksis: Video virker.")
    assert classify_outcome(item) == (Outcome.DISCUSSED, "Regionen: Mange var syge.", SectionKind.REFERAT)


# --- sentences ------------------------------------------------------------------------------


def test_sentences_follow_punctuation_not_pdf_line_wrapping() -> None:
    text = (
        "Kasper stopper i Vesterhede Kommune med udgangen af december. Vesterhede\n"
        "Kommune udpeger en\nafløser.\n\nDer er ønske fra\n\nFokusgruppen om at følge projektet, bl.a. i\n"
        "Region Syd. Mødet er kl. 9.00.\nIdeer til temaer:\n- Mental sundhed\n- Unge"
    )
    assert split_sentences(text) == [
        "Kasper stopper i Vesterhede Kommune med udgangen af december.",
        "Vesterhede Kommune udpeger en afløser.",
        "Der er ønske fra Fokusgruppen om at følge projektet, bl.a. i Region Syd.",
        "Mødet er kl. 9.00.",
        "Ideer til temaer:",
        "Mental sundhed",
        "Unge",
    ]


def test_short_lines_are_entries_of_their_own() -> None:
    text = "3 Sundhedschefer indgår;\nChristina Breddam, Randers Kommune\nKathrine Rud, Skanderborg Kommune"
    assert split_sentences(text) == [
        "3 Sundhedschefer indgår;",
        "Christina Breddam, Randers Kommune",
        "Kathrine Rud, Skanderborg Kommune",
    ]


@pytest.mark.parametrize(
    ("referat", "outcome", "sentence"),
    [
        # Municipal committees recommend to the council; that is not an approval.
        ("Anbefales.", Outcome.RECOMMENDED, "Anbefales."),
        ("1.-2. Anbefales.", Outcome.RECOMMENDED, "Anbefales."),
        (
            "Økonomiudvalget anbefaler overfor Byrådet at godkende indstillingen.",
            Outcome.RECOMMENDED,
            "Økonomiudvalget anbefaler overfor Byrådet at godkende indstillingen.",
        ),
        (
            "Sagen blev sendt tilbage til administrationen.",
            Outcome.REFERRED,
            "Sagen blev sendt tilbage til administrationen.",
        ),
        (
            "Forslaget oversendes til Økonomiudvalget.",
            Outcome.REFERRED,
            "Forslaget oversendes til Økonomiudvalget.",
        ),
    ],
)
def test_recommendation_and_referral(referat: str, outcome: Outcome, sentence: str) -> None:
    item = _item(referat=referat, indstilling="Administrationen indstiller, at udvalget godkender planen.")
    assert classify_outcome(item) == (outcome, sentence, SectionKind.REFERAT)


def test_advice_in_passing_is_no_recommendation() -> None:
    item = _item(referat="Det anbefales at sparre med hinanden tværkommunalt.")
    assert classify_outcome(item).outcome != Outcome.RECOMMENDED


def test_withheld_decision_is_not_taken_from_the_proposal() -> None:
    item = _item(
        indstilling="Administrationen indstiller, at udvalget godkender retningslinjerne.",
        referat="Udvalget undlod at tage stilling til indstillingerne, idet udvalget ønsker en ny fremlæggelse.",
    )
    assert classify_outcome(item) == (
        Outcome.UNKNOWN,
        "Udvalget undlod at tage stilling til indstillingerne, idet udvalget ønsker en ny fremlæggelse.",
        SectionKind.REFERAT,
    )
