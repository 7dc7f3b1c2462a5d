"""Danish tokenising, stemming, compound splitting and sentence splitting."""

import pytest

from bot.answering.text import (
    CompoundSplitter,
    is_content_token,
    normalise,
    split_sentences,
    stem,
    tokenize,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("spørgeskemaerne", "spørgeskema"),
        ("prøvehandlingerne", "Prøvehandlinger"),
        ("kommissoriet", "kommissorium"),
        ("seminaret", "seminar"),
        ("repræsenterer", "repræsenterede"),
        ("fristen", "frist"),
    ],
)
def test_inflected_forms_share_a_stem(a: str, b: str) -> None:
    assert stem(normalise(a)) == stem(normalise(b))


def test_different_words_keep_different_stems() -> None:
    assert stem("parkering") != stem("prøvehandling")


def test_tokenize_keeps_danish_letters_and_splits_hyphens() -> None:
    assert tokenize("IPS-projektet i Ringkøbing-Skjern, år 2021") == [
        "ips",
        "projektet",
        "i",
        "ringkøbing",
        "skjern",
        "år",
        "2021",
    ]


def test_aa_is_not_rewritten() -> None:
    assert tokenize("Aabenraa og Åbenrå") == ["aabenraa", "og", "åbenrå"]


def test_content_tokens_drop_stop_and_question_words() -> None:
    tokens = tokenize("Hvornår er fristen for besvarelse af spørgeskemaerne?")
    assert [stem(t) for t in tokens if is_content_token(t)] == [
        stem("fristen"),
        stem("besvarelse"),
        stem("spørgeskemaerne"),
    ]


def _splitter(*corpus_words: str) -> CompoundSplitter:
    return CompoundSplitter({stem(w) for w in corpus_words})


def test_compound_split_with_linking_s() -> None:
    splitter = _splitter("hjernerystelser", "projekt", "følger")
    assert splitter.split("hjernerystelsesprojektet") == (stem("hjernerystelse"), stem("projektet"))


def test_compound_split_with_linking_e_and_three_parts() -> None:
    splitter = _splitter("børn", "have", "pladser")
    assert splitter.split("børnehavepladser") == (stem("børn"), stem("have"), stem("pladser"))


def test_compound_parts_must_all_be_known() -> None:
    splitter = _splitter("projekt")
    assert splitter.split("parkeringsprojektet") == ()


def test_short_and_plain_words_are_not_split() -> None:
    splitter = _splitter("møde", "sted", "mødested")
    assert splitter.split("møde") == ()
    assert splitter.split("parkering") == ()


def test_compound_splits_are_cached() -> None:
    splitter = _splitter("sundhed", "chef")
    first = splitter.split("sundhedschefer")
    assert first == (stem("sundhed"), stem("chefer"))
    assert splitter.split("sundhedschefer") is first


def test_sentences_join_wrapped_lines_and_split_bullets() -> None:
    text = (
        "Ringkøbing-Skjern: 1. marts 2020 startede det op. Der skal optages op til 60 borgere i \n"
        "projektet, er nu oppe på 30.\n"
        "\uf0b7 Borgere med PTSD \n"
        "\uf0b7 Evt. fast statuspunkt om IPS"
    )
    assert split_sentences(text) == [
        "Ringkøbing-Skjern: 1. marts 2020 startede det op.",
        "Der skal optages op til 60 borgere i projektet, er nu oppe på 30.",
        "Borgere med PTSD",
        "Evt. fast statuspunkt om IPS",
    ]


def test_blank_lines_end_paragraphs() -> None:
    text = "Kathrine Rud, Skanderborg Kommune (også repræsentant for Beskæftigelsesområdet)\n\nPernille Kloster Aalund"
    assert split_sentences(text) == [
        "Kathrine Rud, Skanderborg Kommune (også repræsentant for Beskæftigelsesområdet)",
        "Pernille Kloster Aalund",
    ]


def test_sentences_do_not_break_at_abbreviations_or_initials() -> None:
    text = "Lene W. Antonsen deltog bl.a. i mødet d. 13. april. Punktet flyttes, grundet sygdom d.d."
    assert split_sentences(text) == [
        "Lene W. Antonsen deltog bl.a. i mødet d. 13. april.",
        "Punktet flyttes, grundet sygdom d.d.",
    ]
