"""Adaptive Cards (schema 1.5, as Teams renders them, plain dicts) for answers, agenda items, help and welcome.

All user-visible words live in the tables ``DA`` and ``EN``. Text from documents or users goes through
``escape_markdown``: a title such as ``**Falsk** [link](http://x)`` must show literally.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.answering.answer import Answer, Source
from bot.minutes.model import (
    OUTCOME_LABELS_DA,
    OUTCOME_LABELS_EN,
    AgendaItem,
    Outcome,
    SectionKind,
)
from bot.words import format_date, is_english
from dialogs.router import advertised

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
# An answer below this confidence gets a "check the source" note (the answerer's scale, 0-1).
LOW_CONFIDENCE = 0.5
# Teams refuses messages over ~28 KB; a long Sagsfremstilling is cut to keep the card well below.
MAX_SECTION_CHARS = 2000
MAX_SOURCES = 3

Card = dict[str, Any]

DA: dict[str, Any] = {
    "lang": "da",
    "quotes": ("»", "«"),
    "weekdays": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "app": "Mødeassistent",
    "source": "Kilde",
    "other_source": "Også i",
    "committee": "Udvalg",
    "meeting": "Møde",
    "item": "Punkt",
    "document": "Dokument",
    "presenter": "Oplæg ved",
    "time_slot": "Tid",
    "outcome": "Udfald",
    "dates": "Datoer",
    "show_item": "Vis hele punktet",
    "not_found": "Det kan jeg ikke finde i referaterne.",
    "not_found_hint": "Prøv at spørge med andre ord eller nævne udvalget. Skriv »hjælp« for at se, hvad jeg kan.",
    "low_confidence": "Jeg er ikke helt sikker på svaret. Læs kilden, før du bruger det.",
    "truncated": "(Forkortet. Se hele teksten i referatet.)",
    "empty_item": "Punktet har ingen tekst i referatet.",
    "no_committee": "(udvalg ikke angivet)",
    "section_labels": {
        SectionKind.DESCRIPTION: "Beskrivelse",
        SectionKind.INDSTILLING: "Indstilling",
        SectionKind.SAGSFREMSTILLING: "Sagsfremstilling",
        SectionKind.REFERAT: "Referat",
        SectionKind.BILAG: "Bilag",
        SectionKind.NOTE_AFTER: "Notat efter mødet",
    },
    "date_kinds": {
        "deadline": "Frist",
        "next_meeting": "Næste møde",
        "calendar_meeting": "Møde",
        "status_due": "Næste status",
        "event": "Dato",
    },
    "outcomes": OUTCOME_LABELS_DA,
    "help_title": "Det kan jeg hjælpe med",
    "help_intro": (
        "Jeg svarer på spørgsmål ud fra de referater, sekretariatet har indlæst, og viser altid, "
        "hvor svaret står: udvalg, mødedato, punkt og den sætning, svaret bygger på."
    ),
    "help_examples_title": "Prøv fx at spørge",
    "help_examples": (
        "Hvad blev besluttet om IPS på sidste møde?",
        "Hvornår er næste møde i følgegruppen?",
        "Hvilke frister har vi?",
        "Hvorfor blev punktet om prøvehandlinger udskudt?",
    ),
    "help_commands_title": "Kommandoer",
    "help_secretary_title": "For sekretariatet",
    "help_channel_hint": "I en kanal eller gruppechat skal du nævne mig: @Mødeassistent spørg …",
    "welcome_title": "Hej, jeg er Mødeassistent",
    "welcome_text": (
        "Jeg kender udvalgets referater. Spørg mig om beslutninger, frister og næste møde, "
        "eller foreslå et punkt til dagsordenen."
    ),
    "welcome_channel_hint": (
        "Skriv »@Mødeassistent tilknyt udvalg« efterfulgt af udvalgets navn, så ved jeg, "
        "hvilket udvalg denne kanal eller chat hører til."
    ),
    "welcome_trust": "Jeg svarer kun ud fra referaterne og siger det, når de ikke indeholder svaret.",
    "welcome_help_button": "Vis hvad jeg kan",
    "help_command": "hjælp",
}

EN: dict[str, Any] = {
    "lang": "en",
    "quotes": ("“", "”"),
    "weekdays": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "app": "Mødeassistent",
    "source": "Source",
    "other_source": "Also in",
    "committee": "Committee",
    "meeting": "Meeting",
    "item": "Item",
    "document": "Document",
    "presenter": "Presented by",
    "time_slot": "Time",
    "outcome": "Outcome",
    "dates": "Dates",
    "show_item": "Show the whole item",
    "not_found": "I can't find that in the minutes.",
    "not_found_hint": "Try other words or name the committee. Type “hjælp” (help) to see what I can do.",
    "low_confidence": "I'm not quite sure about this answer. Read the source before you rely on it.",
    "truncated": "(Shortened. See the full text in the minutes.)",
    "empty_item": "The minutes have no text for this item.",
    "no_committee": "(committee not stated)",
    "section_labels": {
        SectionKind.DESCRIPTION: "Description",
        SectionKind.INDSTILLING: "Indstilling (proposal)",
        SectionKind.SAGSFREMSTILLING: "Sagsfremstilling (background)",
        SectionKind.REFERAT: "Referat (minutes)",
        SectionKind.BILAG: "Bilag (attachments)",
        SectionKind.NOTE_AFTER: "Note after the meeting",
    },
    "date_kinds": {
        "deadline": "Deadline",
        "next_meeting": "Next meeting",
        "calendar_meeting": "Meeting",
        "status_due": "Next status",
        "event": "Date",
    },
    "outcomes": OUTCOME_LABELS_EN,
    "help_title": "What I can help with",
    "help_intro": (
        "I answer questions from the minutes the secretariat has loaded, and I always show where "
        "the answer comes from: committee, meeting date, agenda item and the sentence it rests on."
    ),
    "help_examples_title": "Try asking",
    "help_examples": (
        "What was decided about IPS at the last meeting?",
        "When is the next meeting?",
        "Which deadlines are coming up?",
        "Why was the item on trial actions postponed?",
    ),
    "help_commands_title": "Commands (in Danish)",
    "help_secretary_title": "For the secretariat",
    "help_channel_hint": "In a channel or group chat, mention me: @Mødeassistent spørg …",
    "welcome_title": "Hello, I'm Mødeassistent",
    "welcome_text": (
        "I know the committee's minutes. Ask me about decisions, deadlines and the next meeting, "
        "or propose an item for the agenda."
    ),
    "welcome_channel_hint": (
        "Type “@Mødeassistent tilknyt udvalg” followed by the committee's name, so that I know "
        "which committee this channel or chat belongs to."
    ),
    "welcome_trust": "I answer only from the minutes, and I say so when they don't hold the answer.",
    "welcome_help_button": "Show what I can do",
    "help_command": "hjælp",
}


def texts(language: str | None) -> dict[str, Any]:
    """The word table for a language: English for "en" (or "en-GB" etc.), otherwise Danish."""
    return EN if is_english(language) else DA


def long_date(day: dt.date | None, *, language: str = "da") -> str:
    """ "tirsdag den 2. februar 2021" or "Tuesday 2 February 2021" (the weekday keeps "2." from starting a line)."""
    t = texts(language)
    if day is None:
        return format_date(None, t["lang"])
    weekday = t["weekdays"][day.weekday()]
    joiner = " den " if t is DA else " "
    return f"{weekday}{joiner}{format_date(day, t['lang'])}"


# ---------------------------------------------------------------------------- escaping

# Characters that start inline Markdown anywhere in a line, and "&" where it starts an entity. A regex scan
# takes microseconds where str.translate took a millisecond for a 5 KB section.
_INLINE_RE = re.compile(r"[\\`*_\[\]<>~|]|&(?=#?[0-9A-Za-z]+;)")
# Block Markdown that counts only at a line's start: headings, quotes, bullets, ordered items ("2. februar"
# is one), setext underlines and thematic breaks.
_LINE_START_RE = re.compile(r"^(?:>|#{1,6}(?=\s|$)|[-+](?=\s|$)|=+\s*$|-+\s*$|(?:-\s*){3,}$)")
_ORDERED_MARKER_RE = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# The first characters with which either of the two above can match (after inline escaping).
_LINE_START_CHARS = frozenset("#-+=>0123456789")
# Bullets as PDF text extraction gives them: private-use Symbol glyphs, "o" sub-bullets, dashes.
_BULLET_RE = re.compile(r"^(?:[\uf0b7\uf0a7•]\s*|[\-–*]\s+|o\s+)")


def escape_markdown(text: str) -> str:
    """Make text show literally in a TextBlock or Fact (which interpret a subset of Markdown).

    Block markers are escaped only at a line's start; leading indentation is dropped (four spaces make code).
    """
    if "\n" not in text and "\r" not in text:  # most texts: a title, a fact, a sentence
        return _escape_line(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join([_escape_line(line) for line in lines])


def _escape_line(line: str) -> str:
    escaped = _INLINE_RE.sub(_backslashed, line.lstrip())
    if escaped[:1] not in _LINE_START_CHARS:  # most lines: no block marker can start here
        return escaped
    if _LINE_START_RE.match(escaped):
        return "\\" + escaped
    return _ORDERED_MARKER_RE.sub(r"\1\\\2", escaped, count=1)


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match.group()


# ---------------------------------------------------------------------------- cards


def answer_card(answer: Answer, *, language: str = "da", item: AgendaItem | None = None) -> Card:
    """The card that answers a question; ``item`` (the first source's) adds a "Vis hele punktet" button."""
    t = texts(language)
    body: list[dict[str, Any]]
    if not answer.answered:
        body = [
            text_block(answer.answer.strip() or t["not_found"]),
            text_block(t["not_found_hint"], isSubtle=True, spacing="Small"),
        ]
        return card(body, t, fallback=answer_text(answer, language=language))

    body = [text_block(answer.answer or t["not_found"])]
    if answer.confidence < LOW_CONFIDENCE:
        body.append(text_block(t["low_confidence"], color="Warning", isSubtle=True, spacing="Small"))
    for index, source in enumerate(answer.sources[:MAX_SOURCES]):
        body.append(_source_container(source, t, first=index == 0))
    if answer.dates:
        facts = [(date_kind(d.kind, t), date_value(d.date, d.text, t)) for d in answer.dates]
        body.append(text_block(t["dates"], weight="Bolder", spacing="Medium"))
        body.append(fact_set(facts, spacing="Small"))

    actions: list[dict[str, Any]] = []
    if item is not None:
        first = answer.sources[0] if answer.sources else None
        shown = _item_elements(
            item,
            committee=first.committee if first else None,
            meeting_date=first.meeting_date if first else None,
            t=t,
        )
        show_card = {"type": "AdaptiveCard", "body": shown}
        actions.append({"type": "Action.ShowCard", "title": t["show_item"], "card": show_card})
    return card(body, t, actions=actions, fallback=answer_text(answer, language=language))


def item_card(item: AgendaItem, *, committee: str | None, meeting_date: dt.date | None, language: str = "da") -> Card:
    """A card showing a whole agenda item: its facts, then every section as written."""
    t = texts(language)
    fallback = f"{t['item']} {item.number}: {item.title}"
    return card(_item_elements(item, committee=committee, meeting_date=meeting_date, t=t), t, fallback=fallback)


def help_card(language: str = "da") -> Card:
    """What the bot can do, its commands, and example questions as one-tap buttons."""
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(t["help_title"], size="Medium", weight="Bolder"),
        text_block(t["help_intro"]),
        text_block(t["help_examples_title"], weight="Bolder", spacing="Medium"),
        *(text_block(_quoted(q, t), spacing="Small") for q in t["help_examples"]),
        text_block(t["help_commands_title"], weight="Bolder", spacing="Medium"),
        fact_set(help_rows(language, secretary=False), spacing="Small"),
        text_block(t["help_secretary_title"], weight="Bolder", spacing="Medium"),
        fact_set(help_rows(language, secretary=True), spacing="Small"),
        text_block(t["help_channel_hint"], isSubtle=True, spacing="Medium"),
    ]
    actions = [_im_back(q) for q in t["help_examples"][:3]]
    return card(body, t, actions=actions, fallback=t["help_intro"])


def help_rows(language: str, *, secretary: bool) -> list[tuple[str, str]]:
    """(word, what it does) for the members' or the secretaries' commands, from their declarations."""
    english = is_english(language)
    return [(h.word, h.en if english else h.da) for h in advertised() if h.secretary == secretary]


def welcome_card(language: str = "da") -> Card:
    """The greeting sent when the bot is installed or added to a team or chat."""
    t = texts(language)
    body = [
        text_block(t["welcome_title"], size="Medium", weight="Bolder"),
        text_block(t["welcome_text"]),
        text_block(t["help_examples_title"], weight="Bolder", spacing="Medium"),
        *(text_block(_quoted(q, t), spacing="Small") for q in t["help_examples"][:2]),
        text_block(t["welcome_channel_hint"], spacing="Medium"),
        text_block(t["welcome_trust"], isSubtle=True, spacing="Small"),
    ]
    actions = [_im_back(t["help_command"], title=t["welcome_help_button"])]
    return card(body, t, actions=actions, fallback=f"{t['welcome_title']}. {t['welcome_text']}")


def answer_text(answer: Answer, *, language: str = "da") -> str:
    """The answer as unescaped plain text (send with text format "plain"), also the card's fallback."""
    t = texts(language)
    if not answer.answered:
        return f"{answer.answer.strip() or t['not_found']}\n{t['not_found_hint']}"
    lines = [answer.answer]
    if answer.confidence < LOW_CONFIDENCE:
        lines.append(t["low_confidence"])
    for index, source in enumerate(answer.sources[:MAX_SOURCES]):
        label = t["source"] if index == 0 else t["other_source"]
        lines.append(f"{label}: {_where(source, t)}")
        if source.quote and source.quote not in answer.answer:
            lines.append("  " + _quoted(source.quote, t))
    for d in answer.dates:
        lines.append(f"{date_kind(d.kind, t)}: {date_value(d.date, d.text, t)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- building blocks


def card(
    body: list[dict[str, Any]], t: Mapping[str, Any], *, actions: list[dict[str, Any]] | None = None, fallback: str
) -> Card:
    """An Adaptive Card 1.5 in the language of the text table ``t``; ``fallback`` shows where cards cannot."""
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "lang": t["lang"],
        "fallbackText": escape_markdown(fallback),
        "body": body,
    }
    if actions:
        result["actions"] = actions
    return result


def text_block(text: str, **props: Any) -> dict[str, Any]:
    """A wrapping TextBlock whose text shows literally."""
    # Our own table words go through here too: escaping them costs nothing and keeps one path.
    return {"type": "TextBlock", "text": escape_markdown(text), "wrap": True, **props}


def fact_set(pairs: Iterable[tuple[str, str]], **props: Any) -> dict[str, Any]:
    facts = [{"title": escape_markdown(k), "value": escape_markdown(v)} for k, v in pairs]
    return {"type": "FactSet", "facts": facts, **props}


def _im_back(text: str, *, title: str | None = None) -> dict[str, Any]:
    """A button that sends ``text`` as if the user typed it (Teams imBack)."""
    return {"type": "Action.Submit", "title": title or text, "data": {"msteams": {"type": "imBack", "value": text}}}


def _source_container(source: Source, t: dict[str, Any], *, first: bool) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        text_block(t["source"] if first else t["other_source"], weight="Bolder", size="Small")
    ]
    if source.quote:
        items.append(text_block(_quoted(source.quote, t), spacing="Small"))
    facts = [
        (t["committee"], source.committee or t["no_committee"]),
        (t["meeting"], long_date(source.meeting_date, language=t["lang"])),
    ]
    if source.item_number or source.item_title:
        facts.append((t["item"], f"{source.item_number} {source.item_title}".strip()))
    if source.document:
        facts.append((t["document"], source.document))
    items.append(fact_set(facts, spacing="Small"))
    return {"type": "Container", "style": "emphasis", "spacing": "Medium", "items": items}


def _item_elements(
    item: AgendaItem, *, committee: str | None, meeting_date: dt.date | None, t: dict[str, Any]
) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = [
        text_block(f"{t['item']} {item.number}: {item.title}", size="Medium", weight="Bolder"),
    ]
    facts = [
        (t["committee"], committee or t["no_committee"]),
        (t["meeting"], long_date(meeting_date, language=t["lang"])),
    ]
    if item.presenter:
        facts.append((t["presenter"], item.presenter))
    if item.time_slot:
        facts.append((t["time_slot"], item.time_slot))
    if item.outcome != Outcome.UNKNOWN:
        facts.append((t["outcome"], t["outcomes"][item.outcome]))
    elements.append(fact_set(facts, spacing="Small"))

    shown = [s for s in item.sections if s.text.strip()]
    if not shown:
        elements.append(text_block(t["empty_item"], isSubtle=True))
    for section in shown:
        heading = section.heading.strip() or t["section_labels"].get(section.kind, "")
        if heading:
            elements.append(text_block(heading, weight="Bolder", separator=True, spacing="Medium"))
        elements.extend(_body_text(section.text, t))
    return elements


def _body_text(text: str, t: dict[str, Any]) -> list[dict[str, Any]]:
    """Document text as TextBlocks: one per paragraph, list lines kept on their own line."""
    text = text.strip()
    truncated = len(text) > MAX_SECTION_CHARS
    if truncated:
        cut = text[:MAX_SECTION_CHARS]
        text = cut[: cut.rfind(" ")] if " " in cut[-200:] else cut
        text = text.rstrip() + " …"
    blocks: list[dict[str, Any]] = []
    for paragraph in _paragraphs(text):
        for index, line in enumerate(_logical_lines(paragraph)):
            blocks.append(text_block(line, spacing="None" if index else "Small"))
    if truncated:
        blocks.append(text_block(t["truncated"], isSubtle=True, spacing="Small"))
    return blocks


def _paragraphs(text: str) -> list[str]:
    """Split on blank lines, but rejoin a sentence PDF extraction broke across one (next chunk in lower case)."""
    paragraphs: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if paragraphs and chunk[0].islower() and not re.search(r"[.:;!?»«”\")]$", paragraphs[-1]):
            paragraphs[-1] = f"{paragraphs[-1]}\n{chunk}"
        else:
            paragraphs.append(chunk)
    return paragraphs


def _logical_lines(paragraph: str) -> list[str]:
    """Join wrapped lines, but start a new line at each bullet ("-", "•", PDF glyphs, "o").

    Numbered lines are not split out: in wrapped PDF text "13. april" often starts a line.
    """
    lines: list[str] = []
    for raw in paragraph.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        bullet = _BULLET_RE.match(line)
        if bullet:
            # PDF bullets come out as private-use glyphs or "o"; show one plain bullet.
            lines.append("• " + line[bullet.end() :])
        elif not lines:
            lines.append(line)
        else:
            lines[-1] = f"{lines[-1]} {line}"
    return lines


def _quoted(text: str, t: dict[str, Any]) -> str:
    opening, closing = t["quotes"]
    return f"{opening}{text.strip()}{closing}"


def _where(source: Source, t: dict[str, Any]) -> str:
    parts = [source.committee or t["no_committee"], long_date(source.meeting_date, language=t["lang"])]
    if source.item_number or source.item_title:
        parts.append(f"{t['item'].lower()} {source.item_number} {source.item_title}".strip())
    return ", ".join(parts)


def date_kind(kind: str, t: dict[str, Any]) -> str:
    return t["date_kinds"].get(kind, t["date_kinds"]["event"])


def date_value(day: dt.date, text: str, t: dict[str, Any]) -> str:
    """A date in long form, with the words it was written as when they say more (e.g. "uge 5")."""
    long_form = long_date(day, language=t["lang"])
    written = text.strip()
    return f"{long_form} ({written})" if written and written.lower() not in long_form.lower() else long_form
