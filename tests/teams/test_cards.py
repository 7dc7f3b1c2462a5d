"""Adaptive Cards for answers, items, help and welcome: schema-valid, honest and literal."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.answering.answer import Answer, AnswerDate, Source
from bot.minutes.model import AgendaItem, Outcome, Section, SectionKind
from bot.teams import cards
from bot.teams.cards import (
    answer_card,
    answer_text,
    escape_markdown,
    help_card,
    item_card,
    long_date,
    welcome_card,
)
from bot.teams.package import render_manifest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
CARD_SCHEMA = SHARED / "schemas" / "adaptive-cards-1.5.0" / "adaptive-card.json"
SEEDS = SHARED / "seeds"
TEMPLATE = REPO / "manifest" / "manifest.template.json"

HOSTILE_TITLE = "**Falsk** [link](http://x)"
# Teams rejects activities over about 28 KB; cards must stay clearly below.
TEAMS_MESSAGE_LIMIT = 28 * 1024


# ---------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft6Validator:
    schema = json.loads(CARD_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema)


def assert_valid(validator: jsonschema.Draft6Validator, card: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(card)]
    assert not errors, "\n".join(errors)
    assert card["version"] == "1.5"
    # What the activity handler will send must be JSON as it is.
    assert len(json.dumps(card, ensure_ascii=False).encode("utf-8")) < TEAMS_MESSAGE_LIMIT


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a card, depth first (elements, facts, actions, show-cards)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def markdown_texts(card: dict[str, Any]) -> list[str]:
    """Every string a Teams client runs through Markdown: TextBlock texts and fact titles/values."""
    found: list[str] = []
    for node in walk(card):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        if node.get("type") == "FactSet":
            for fact in node["facts"]:
                found.extend((fact["title"], fact["value"]))
    return found


def visible_text(card: dict[str, Any]) -> str:
    """Roughly what a reader sees: Markdown texts with escapes removed, plus button titles."""
    parts = [re.sub(r"\\(.)", r"\1", text) for text in markdown_texts(card)]
    parts += [node["title"] for node in walk(card) if str(node.get("type", "")).startswith("Action.")]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def markdown() -> Any:
    """A CommonMark renderer (markdown-it, which the Adaptive Cards web renderer documents for Markdown)."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("default")


def rendered_literally(md: Any, escaped: str) -> str:
    """Render Markdown; fail unless it is one plain paragraph; return its text."""
    tokens = md.parse(escaped)
    if not tokens:
        return ""
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], (escaped, tokens)
    pieces = []
    for child in tokens[1].children or []:
        assert child.type in ("text", "softbreak", "text_special"), (escaped, child)
        pieces.append("\n" if child.type == "softbreak" else child.content)
    return "".join(pieces)


def seed_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 300
    return lines


def make_answer(**changes: Any) -> Answer:
    source = Source(
        document="referat_foelgegruppe_2021-02-02.pdf",
        committee="Følgegruppe for uddannelse og arbejde",
        meeting_date=dt.date(2021, 2, 2),
        item_number="6.2",
        item_title="Samarbejdsaftale om traumatiserede flygtninge og krigsveteraner med PTSD",
        quote="Den reviderede tids- og procesplan blev godkendt.",
    )
    values: dict[str, Any] = {
        "question": "Hvad blev besluttet om tidsplanen for PTSD-arbejdsgruppen?",
        "intent": "decision",
        "answered": True,
        "answer": "Følgegruppe for uddannelse og arbejde, møde 2. februar 2021, punkt 6.2: "
        "Den reviderede tids- og procesplan blev godkendt.",
        "confidence": 0.82,
        "sources": [source],
        "dates": [AnswerDate(dt.date(2021, 2, 22), "deadline", "den 22. februar")],
        "language": "da",
    }
    values.update(changes)
    return Answer(**values)


def make_item(title: str = "Samarbejdsaftale om traumatiserede flygtninge og krigsveteraner med PTSD") -> AgendaItem:
    return AgendaItem(
        number="6.2",
        title=title,
        presenter="Jette Dalsgaard Andersen",
        time_slot="10 min",
        outcome=Outcome.APPROVED,
        outcome_sentence="Den reviderede tids- og procesplan blev godkendt.",
        sections=[
            Section(
                SectionKind.DESCRIPTION,
                "",
                "Spørgeskemaet er udsendt den 26. januar til følgende aktører:\n"
                "- Veterancentret under Forsvarsministeriet\n- De 22 syddanske sygehuse",
            ),
            Section(
                SectionKind.INDSTILLING,
                "Indstilling",
                "Det indstilles, at Følgegruppen godkender:\n"
                "\uf0b7 Revideret tids- og proces for arbejdet i arbejdsgruppen",
            ),
            Section(SectionKind.BILAG, "Bilag", "Bilag 6.2 Revideret tids- og procesplan"),
            Section(SectionKind.REFERAT, "Referat", "Den reviderede tids- og procesplan blev godkendt."),
        ],
    )


# ---------------------------------------------------------------------------- the validator bites


def test_the_schema_check_rejects_a_broken_card(validator: jsonschema.Draft6Validator) -> None:
    card = copy.deepcopy(answer_card(make_answer()))
    card["body"][0]["type"] = "TextBlok"
    assert list(validator.iter_errors(card))


# ---------------------------------------------------------------------------- answers


def test_answer_card_shows_answer_quote_and_where_it_comes_from(validator: jsonschema.Draft6Validator) -> None:
    card = answer_card(make_answer(), language="da", item=make_item())
    assert_valid(validator, card)
    shown = visible_text(card)
    assert "Den reviderede tids- og procesplan blev godkendt." in shown
    assert "»Den reviderede tids- og procesplan blev godkendt.«" in shown  # the quote, marked as a quote
    assert "Følgegruppe for uddannelse og arbejde" in shown
    assert "tirsdag den 2. februar 2021" in shown
    assert "6.2 Samarbejdsaftale om traumatiserede flygtninge" in shown
    assert "Frist" in shown and "mandag den 22. februar 2021" in shown
    assert card["lang"] == "da"


def test_show_whole_item_holds_indstilling_referat_and_bilag(validator: jsonschema.Draft6Validator) -> None:
    card = answer_card(make_answer(), language="da", item=make_item())
    [action] = card["actions"]
    assert action["type"] == "Action.ShowCard" and action["title"] == "Vis hele punktet"
    inner = visible_text(action["card"])
    for expected in (
        "Indstilling",
        "Det indstilles, at Følgegruppen godkender:",
        "• Revideret tids- og proces for arbejdet i arbejdsgruppen",
        "Referat",
        "Bilag 6.2 Revideret tids- og procesplan",
        "• De 22 syddanske sygehuse",
        "Jette Dalsgaard Andersen",
        "godkendt",
    ):
        assert expected in inner
    assert "\uf0b7" not in json.dumps(card)  # PDF bullet glyphs are not shown as boxes


def test_answer_card_without_item_has_no_show_card(validator: jsonschema.Draft6Validator) -> None:
    card = answer_card(make_answer(), language="da")
    assert_valid(validator, card)
    assert "actions" not in card


def test_english_answer_card(validator: jsonschema.Draft6Validator) -> None:
    card = answer_card(make_answer(language="en"), language="en", item=make_item())
    assert_valid(validator, card)
    shown = visible_text(card)
    assert "Show the whole item" in shown
    assert "Tuesday 2 February 2021" in shown
    assert "Committee" in shown and "Source" in shown and "Deadline" in shown
    assert "Vis hele punktet" not in shown and "Udvalg" not in shown
    assert card["lang"] == "en"


def test_rendered_answer_keeps_the_question_language_in_a_client_of_the_other() -> None:
    """A Danish answer in an English Teams (and the other way round) has its own language's labels:
    the Agents Playground showed "Source", "Committee" and "Show the whole item" around a Danish quote."""
    from bot.teams.render import render
    from dialogs.replies import AnswerReply

    for answer_language, client, ours, theirs in (
        ("da", "en", "Vis hele punktet", "Show the whole item"),
        ("en", "da", "Show the whole item", "Vis hele punktet"),
    ):
        reply = AnswerReply(make_answer(language=answer_language), make_item())
        [activity] = render([reply], language=client, with_cards=True)
        card = activity.attachments[0].content
        assert card["lang"] == answer_language
        shown = visible_text(card) + json.dumps(card["actions"], ensure_ascii=False)
        assert ours in shown and theirs not in shown
        [plain] = render([reply], language=client, with_cards=False)
        assert ("punkt" if answer_language == "da" else "item") in plain.text


def test_unanswered_question_gets_a_plain_honest_card(validator: jsonschema.Draft6Validator) -> None:
    answer = make_answer(
        answered=False, answer="Det kan jeg ikke finde i referaterne.", confidence=0.0, sources=[], dates=[]
    )
    card = answer_card(answer, language="da", item=make_item())
    assert_valid(validator, card)
    assert "actions" not in card
    assert not [n for n in walk(card) if n.get("type") in ("FactSet", "Container")]
    shown = visible_text(card)
    assert "Det kan jeg ikke finde i referaterne." in shown
    assert "hjælp" in shown
    assert "Følgegruppe" not in shown


def test_unanswered_with_empty_text_still_says_so(validator: jsonschema.Draft6Validator) -> None:
    card = answer_card(make_answer(answered=False, answer="", sources=[], dates=[]), language="en")
    assert_valid(validator, card)
    assert "I can't find that in the minutes." in visible_text(card)


def test_low_confidence_is_flagged_and_high_confidence_is_not() -> None:
    warning = cards.DA["low_confidence"]
    assert warning in visible_text(answer_card(make_answer(confidence=0.3)))
    assert warning not in visible_text(answer_card(make_answer(confidence=0.9)))


def test_at_most_three_sources_and_later_ones_marked(validator: jsonschema.Draft6Validator) -> None:
    base = make_answer().sources[0]
    sources = [
        Source(base.document, f"Udvalg {n}", dt.date(2021, 1, n + 1), str(n), f"Titel {n}", f"Citat {n}.")
        for n in range(5)
    ]
    card = answer_card(make_answer(sources=sources), language="da")
    assert_valid(validator, card)
    shown = visible_text(card)
    assert "Udvalg 2" in shown and "Udvalg 3" not in shown
    assert shown.count("Også i") == 2


def test_unknown_meeting_date_and_committee_are_said_plainly(validator: jsonschema.Draft6Validator) -> None:
    source = Source("x.pdf", "", None, "3", "Status", "Status blev givet.")
    card = answer_card(make_answer(sources=[source], dates=[]), language="da")
    assert_valid(validator, card)
    shown = visible_text(card)
    assert "(dato ukendt)" in shown and "(udvalg ikke angivet)" in shown


# ---------------------------------------------------------------------------- literal text


def test_escape_markdown_escapes_the_control_characters() -> None:
    assert escape_markdown(HOSTILE_TITLE) == r"\*\*Falsk\*\* \[link\](http://x)"
    assert escape_markdown("2. februar 2021") == r"2\. februar 2021"
    assert escape_markdown("# Overskrift\n- punkt\n> citat") == "\\# Overskrift\n\\- punkt\n\\> citat"
    # Harmless look-alikes stay untouched, so clients that show backslashes stay readable.
    harmless = "Bilag 3.1: Kommissorium, 000.pdf, e-læring, #5"
    assert escape_markdown(harmless) == harmless


def test_hostile_title_renders_literally_in_every_card(markdown: Any, validator: jsonschema.Draft6Validator) -> None:
    quote = "Citat med _kursiv_ og <b>html</b>."
    source = Source("referat.pdf", "Udvalg **fed**", dt.date(2021, 2, 2), "3", HOSTILE_TITLE, quote)
    item = make_item(title=HOSTILE_TITLE)
    note = Section(SectionKind.NOTE_AFTER, "Notat [efter](http://y) mødet", "1. punkt\n# ikke en overskrift")
    item.sections.append(note)
    answer = make_answer(answer=f"Punkt 3 {HOSTILE_TITLE}: svaret.", sources=[source])
    built = {
        "answer": answer_card(answer, language="da", item=item),
        "item": item_card(item, committee="Udvalg **fed**", meeting_date=dt.date(2021, 2, 2), language="da"),
    }
    for name, card in built.items():
        assert_valid(validator, card)
        joined = "\n".join(rendered_literally(markdown, text) for text in markdown_texts(card))
        assert HOSTILE_TITLE in joined, name
        assert "Udvalg **fed**" in joined, name
        assert "Notat [efter](http://y) mødet" in joined, name
        assert "1. punkt" in joined and "# ikke en overskrift" in joined, name
    answer_shown = "\n".join(rendered_literally(markdown, t) for t in markdown_texts(built["answer"]))
    assert "»Citat med _kursiv_ og <b>html</b>.«" in answer_shown


TRICKY = [
    HOSTILE_TITLE,
    "*kursiv* og _kursiv_ og __fed__ og `kode`",
    "![billede](http://x/y.png) <http://x> <b>fed</b> &amp; &#169; ~~streg~~",
    "2. februar 2021 er en tirsdag",
    "1) første",
    "# overskrift",
    "### Overskrift ###",
    "> citat",
    "- punkt",
    "+ punkt",
    "---",
    "===",
    "- - -",
    "    indrykket kode",
    "a | b\n--- | ---",
    "Linje et\n---",
    "Linje et\n=====",
    '[fod]: http://x "titel"',
    "tekst med \\ backslash og \\* stjerne",
    "Hjemmeside: https://www.regionsyddanmark.dk/wm280600",
    "Pris 5 * 3 = 15 og 10 % rabat",
]


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_tricky_text_renders_as_itself(markdown: Any, text: str) -> None:
    expected = "\n".join(line.strip() for line in text.split("\n"))
    assert rendered_literally(markdown, escape_markdown(text)) == expected


def test_every_line_of_the_seed_minutes_renders_as_itself(markdown: Any) -> None:
    for line in seed_lines():
        assert rendered_literally(markdown, escape_markdown(line)) == line.strip(), line


# ---------------------------------------------------------------------------- whole items


def seed_item_3_1() -> AgendaItem:
    """Item 3.1 of the first seed, cut from the real text: Indstilling, Bilag, Referat, Notat."""
    text = (SEEDS / "000_ff41c34304ad259a.txt").read_text(encoding="utf-8")
    start = text.index("På følgegruppemødet den 1. december 2020")
    end = text.index("4. Målsætning 2")
    body = text[start:end]
    parts = re.split(r"\n\s*(Indstilling:|Bilag:|Referat|Notat efter mødet:)\s*\n?", body)
    kinds = {
        "Indstilling:": SectionKind.INDSTILLING,
        "Bilag:": SectionKind.BILAG,
        "Referat": SectionKind.REFERAT,
        "Notat efter mødet:": SectionKind.NOTE_AFTER,
    }
    sections = [Section(SectionKind.DESCRIPTION, "", parts[0])]
    for heading, chunk in zip(parts[1::2], parts[2::2]):
        sections.append(Section(kinds[heading], heading.rstrip(":"), chunk))
    return AgendaItem(
        number="3.1",
        title="Samarbejde mellem psykiatrien, uddannelsesområdet og almen praksis – "
        "forberedende grunduddannelse (FGU) (Indsats 1.1)",
        presenter="Yelva Bjørnholdt Jensen",
        time_slot="20 min",
        sections=sections,
    )


def test_item_card_of_real_minutes(markdown: Any, validator: jsonschema.Draft6Validator) -> None:
    item = seed_item_3_1()
    assert {s.kind for s in item.sections} >= {SectionKind.INDSTILLING, SectionKind.BILAG, SectionKind.REFERAT}
    committee = "Følgegruppe for uddannelse og arbejde"
    card = item_card(item, committee=committee, meeting_date=dt.date(2021, 2, 2), language="da")
    assert_valid(validator, card)
    for text in markdown_texts(card):
        rendered_literally(markdown, text)
    shown = visible_text(card)
    assert "Punkt 3.1: Samarbejde mellem psykiatrien" in shown
    assert "Bilag 3.1: Kommissorium_Indsats 1.1_Udkast" in shown
    assert "• Fastholde at der blive tale om en miniarbejdsgruppe med følgende repræsentanter:" in shown
    assert "• 1 PsykInfo repræsentant" in shown
    assert "Notat efter mødet" in shown
    # PDF line wraps inside a paragraph are joined, not shown as ragged lines.
    assert "udarbejde udkast til et kommissorium for en miniarbejdsgruppe" in shown


@pytest.mark.parametrize("seed", ["000_ff41c34304ad259a.txt", "002_d275c62a07e34f7d.txt"])
def test_every_parsed_seed_item_gives_a_valid_literal_card(
    seed: str, markdown: Any, validator: jsonschema.Draft6Validator
) -> None:
    from bot.minutes.structure import parse_minutes  # the reader's output, end to end

    minutes = parse_minutes((SEEDS / seed).read_text(encoding="utf-8"), seed)
    assert len(minutes.items) >= 9
    for item in minutes.items:
        card = item_card(item, committee=minutes.meeting.committee, meeting_date=minutes.meeting.date, language="da")
        assert_valid(validator, card)
        for text in markdown_texts(card):
            rendered_literally(markdown, text)
        assert f"Punkt {item.number}:" in visible_text(card)


def test_item_card_keeps_a_long_item_below_the_teams_limit(validator: jsonschema.Draft6Validator) -> None:
    long_text = "\n\n".join(f"Afsnit {n}: " + "sætning om samarbejde " * 40 for n in range(60))
    section = Section(SectionKind.SAGSFREMSTILLING, "Sagsfremstilling", long_text)
    item = AgendaItem("5.1", "Et langt punkt", sections=[section] * 4)
    card = item_card(item, committee="Udvalg", meeting_date=dt.date(2021, 2, 2), language="da")
    assert_valid(validator, card)
    assert cards.DA["truncated"] in visible_text(card)


def test_item_without_text_says_so(validator: jsonschema.Draft6Validator) -> None:
    card = item_card(AgendaItem("9", "Eventuelt"), committee=None, meeting_date=None, language="en")
    assert_valid(validator, card)
    shown = visible_text(card)
    assert "Item 9: Eventuelt" in shown and cards.EN["empty_item"] in shown and "(date unknown)" in shown


# ---------------------------------------------------------------------------- help and welcome


def manifest_command_titles() -> set[str]:
    manifest = render_manifest("11111111-2222-3333-4444-555555555555", bot_domain="moedeassistent.kommune.dk")
    return {c["title"] for lst in manifest["bots"][0]["commandLists"] for c in lst["commands"]}


@pytest.mark.parametrize("language", ["da", "en"])
def test_help_card_lists_every_manifest_command_and_examples(
    language: str, validator: jsonschema.Draft6Validator
) -> None:
    card = help_card(language)
    assert_valid(validator, card)
    shown = visible_text(card)
    for title in manifest_command_titles():
        assert title in shown, title
    table = cards.texts(language)
    assert table["help_title"] in shown
    buttons = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    assert buttons and all(b["data"]["msteams"]["type"] == "imBack" for b in buttons)
    assert {b["data"]["msteams"]["value"] for b in buttons} <= set(table["help_examples"])


@pytest.mark.parametrize(("language", "who"), [("da", "udvalgets sekretærer"), ("en", "committee's secretaries")])
def test_help_card_says_which_commands_are_for_secretaries(language: str, who: str) -> None:
    members = dict(cards.help_rows(language, secretary=False))
    secretaries = dict(cards.help_rows(language, secretary=True))
    assert {"forslag til behandling", "dagsordensudkast", "synkronisering"} <= set(secretaries)
    assert not any(who in line for line in members.values())
    # "forslag" alone opens the form; the card says so in the reader's language.
    assert "»forslag« alene" in members["forslag …"] if language == "da" else "“forslag” alone" in members["forslag …"]


def test_help_card_language_follows_the_request() -> None:
    assert "Prøv fx at spørge" in visible_text(help_card("da"))
    assert "Try asking" in visible_text(help_card("en"))
    assert "Try asking" in visible_text(help_card("en-GB"))
    assert "Prøv fx at spørge" in visible_text(help_card("fr"))


@pytest.mark.parametrize("language", ["da", "en"])
def test_welcome_card(language: str, validator: jsonschema.Draft6Validator) -> None:
    card = welcome_card(language)
    assert_valid(validator, card)
    table = cards.texts(language)
    shown = visible_text(card)
    assert table["welcome_title"] in shown and "tilknyt udvalg" in shown
    [button] = card["actions"]
    assert button["data"]["msteams"] == {"type": "imBack", "value": "hjælp"}


def test_the_two_word_tables_have_the_same_keys() -> None:
    assert set(cards.DA) == set(cards.EN)
    assert set(cards.DA["section_labels"]) == set(cards.EN["section_labels"]) == set(SectionKind)
    assert set(cards.DA["date_kinds"]) == set(cards.EN["date_kinds"])


# ---------------------------------------------------------------------------- plain text


def test_answer_text_names_the_source_without_markdown() -> None:
    source = make_answer().sources[0]
    text = answer_text(make_answer(sources=[source], answer="Se punktet."), language="da")
    assert text.startswith("Se punktet.")
    assert "Kilde: Følgegruppe for uddannelse og arbejde, tirsdag den 2. februar 2021, punkt 6.2 Samarbejds" in text
    assert "»Den reviderede tids- og procesplan blev godkendt.«" in text
    assert "Frist: mandag den 22. februar 2021" in text
    assert "(den 22. februar)" not in text  # the written words add nothing here
    assert "\\" not in text


def test_a_date_written_loosely_keeps_its_words() -> None:
    week = AnswerDate(dt.date(2021, 2, 1), "status_due", "uge 5")
    assert "Næste status: mandag den 1. februar 2021 (uge 5)" in answer_text(make_answer(dates=[week]))


def test_answer_text_does_not_repeat_a_quote_already_in_the_answer() -> None:
    answer = make_answer()
    assert answer_text(answer).count(answer.sources[0].quote) == 1


def test_answer_text_when_not_answered() -> None:
    answer = make_answer(answered=False, answer="", sources=[], dates=[])
    assert answer_text(answer, language="en").startswith("I can't find that in the minutes.")
    assert "Kilde" not in answer_text(answer, language="da")


def test_long_date_forms() -> None:
    assert long_date(dt.date(2021, 4, 13)) == "tirsdag den 13. april 2021"
    assert long_date(dt.date(2021, 4, 13), language="en") == "Tuesday 13 April 2021"
    assert long_date(None, language="en") == "(date unknown)"
