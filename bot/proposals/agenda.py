"""The draft agenda for a committee's next meeting, and its Markdown and .docx exports.

``build_draft_agenda`` is a pure function over data: the committee's latest minutes before
the meeting, the proposals accepted for it and the meeting's time and place. It drafts:

1. the standard opening items (welcome and approval of the agenda; approval of the minutes),
2. what the latest minutes carried over: each point listed under "Punkter til næste møde",
   items the meeting postponed ("udskudt", "flyttes til et kommende møde") and items whose
   Referat says they are taken up at the next meeting ("Punktet tages op på det kommende
   møde"), each once,
3. the accepted proposals,
4. "Eventuelt".

Dates and times are local wall-clock values.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.minutes.model import AgendaItem, Minutes, Outcome, SectionKind
from bot.proposals.model import Proposal
from bot.words import MONTHS_DA, format_date, format_long_date, format_time, is_english

SOURCE_STANDARD = "standard"
SOURCE_PROPOSAL = "proposal"
SOURCE_CARRIED_OVER = "carried_over"
SOURCE_POSTPONED = "postponed"

KEY_WELCOME = "welcome"
KEY_MINUTES = "minutes"
KEY_ANY_OTHER_BUSINESS = "any_other_business"


@dataclass(frozen=True, slots=True)
class DraftItem:
    """One item of a draft agenda: standard items' titles are Danish (the exports translate them by ``key``)."""

    number: str
    title: str
    presenter: str | None
    minutes: int | None
    source: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class DraftAgenda:
    """A draft agenda for one meeting; ``based_on`` names the minutes items were carried from, if any."""

    committee: str
    meeting_date: dt.date
    start_time: dt.time | None
    place: str | None
    items: list[DraftItem]
    based_on: str | None
    previous_meeting_date: dt.date | None = None

    def to_markdown(self, language: str = "da") -> str:
        """The agenda as Markdown; "en" translates the labels and standard items, not the data."""
        words = _words_for(language)
        lines = [f"# {words['heading']}", "", f"**{_md(self.committee)}**", ""]
        lines += [_md(line) + "  " for line in self._header_lines(language)] + [""]
        for item in self.items:
            lines.append(f"## {item.number}. {_md(self._title(item, language))}")
            if details := self._details(item, language):
                lines += ["", _md(details)]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def to_docx(self, language: str = "da") -> bytes:
        """The agenda as a Word document (.docx bytes): a title, the meeting, one heading per item."""
        from docx import Document  # imported here: only exports need python-docx

        words = _words_for(language)
        document = Document()
        document.core_properties.title = f"{words['heading']}: {_xml_safe(self.committee)}"
        document.core_properties.language = "en-GB" if is_english(language) else "da-DK"
        document.add_heading(words["heading"], level=0)
        committee = document.add_paragraph()
        committee.add_run(_xml_safe(self.committee)).bold = True
        for line in self._header_lines(language):
            document.add_paragraph(_xml_safe(line))
        for item in self.items:
            document.add_heading(_xml_safe(f"{item.number}. {self._title(item, language)}"), level=2)
            if details := self._details(item, language):
                document.add_paragraph(_xml_safe(details))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def _header_lines(self, language: str) -> list[str]:
        words = _words_for(language)
        when = format_long_date(self.meeting_date, language)
        if self.start_time is not None:
            when += f" {words['at']} {format_time(self.start_time, language)}"
        lines = [f"{words['meeting']}: {when}"]
        if self.place:
            lines.append(f"{words['place']}: {self.place}")
        if self.based_on:
            lines.append(f"{words['based_on']}: {self.based_on}")
        return lines

    def _title(self, item: DraftItem, language: str) -> str:
        if item.source != SOURCE_STANDARD or item.key is None:
            return item.title
        return standard_title(item.key, self.previous_meeting_date, language)

    def _details(self, item: DraftItem, language: str) -> str:
        words = _words_for(language)
        parts = []
        if item.presenter:
            parts.append(f"{words['presenter']}: {item.presenter}")
        if item.minutes:
            parts.append(f"{item.minutes} min")
        if item.source in (SOURCE_POSTPONED, SOURCE_CARRIED_OVER):
            previous = self.previous_meeting_date
            dated = words[item.source].format(date=format_date(previous, language)) if previous else None
            parts.append(dated or words[f"{item.source}_last"])
        elif item.source == SOURCE_PROPOSAL:
            parts.append(words["proposal"])
        details = " · ".join(parts)
        return details[:1].upper() + details[1:]


def build_draft_agenda(
    *,
    committee: str,
    meeting_date: dt.date,
    start_time: dt.time | None,
    place: str | None,
    previous: Minutes | None,
    accepted: Sequence[Proposal],
) -> DraftAgenda:
    """Draft the agenda of one meeting from the latest minutes before it and the proposals accepted for it."""
    previous_date = previous.meeting.date if previous is not None else None
    carried = carried_over(previous, meeting_date) if previous is not None else []
    drafted = [
        DraftItem("", standard_title(KEY_WELCOME, None), None, None, SOURCE_STANDARD, KEY_WELCOME),
        DraftItem("", standard_title(KEY_MINUTES, previous_date), None, None, SOURCE_STANDARD, KEY_MINUTES),
        *carried,
        *(DraftItem("", p.title, p.presenter, p.minutes_needed, SOURCE_PROPOSAL) for p in accepted),
        DraftItem(
            "", standard_title(KEY_ANY_OTHER_BUSINESS, None), None, None, SOURCE_STANDARD, KEY_ANY_OTHER_BUSINESS
        ),
    ]
    items = [replace(item, number=str(number)) for number, item in enumerate(drafted, start=1)]
    based_on = previous.source_name if previous is not None else None
    return DraftAgenda(committee, meeting_date, start_time, place, items, based_on, previous_date)


# "Punkter til næste møde", "Emner til kommende møder", "Forslag til punkter til næste møde".
_NEXT_POINTS_TITLE = re.compile(
    r"\b(?:punkter|punkt|emner|forslag|dagsordenspunkter)\b.*\b(?:næste|kommende|førstkommende)\s+[\wæøå-]*møde",
    re.IGNORECASE,
)
_TAKEN_UP_VERB = (
    r"(?:tages\s+op|tage[sr]?\s+op|følges\s+op|følge[sr]?\s+op|drøftes|behandles|genoptages|genbesøges|"
    r"præsenteres|fremlægges|genfremlægges|sættes\s+på(?:\s+dagsordenen)?|tages\s+med|udskydes|udsættes|"
    r"flyttes|gives\s+status|vendes)"
)
_TAKEN_UP_NEXT = re.compile(
    _TAKEN_UP_VERB + r"\b[^.]{0,60}?\b(?:på|til|ved)\s+(?:det\s+|et\s+)?(?:næste|kommende|førstkommende)\s+"
    r"[\wæøå-]*møde",
    re.IGNORECASE,
)
_TAKEN_UP_MONTH = re.compile(
    _TAKEN_UP_VERB + r"\b[^.]{0,60}?\b(?:på|til|ved)\s+mødet\s+i\s+(?P<month>" + "|".join(MONTHS_DA) + r")\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-–•*▪●◦o]|\d+[.)])\s+")
_NOTHING = re.compile(r"^(?:ingen|intet|ingen punkter|ingen forslag|nej)\W*$", re.IGNORECASE)
_STANDARD_ENTRY = re.compile(
    r"^(?:eventuelt|evt\.?|godkendelse af (?:dagsorden|referat)\w*|velkomst\w*)\W*$", re.IGNORECASE
)
_POINT_REFERENCE = re.compile(r"\bpunkt(?:et)?\s+(\d+(?:\.\d+)*)", re.IGNORECASE)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_WORD = re.compile(r"[\wæøå]+", re.IGNORECASE)
# Words that say where a point comes from, not what it is about.
_NOT_TOPICAL = {"dagens", "udskudte", "udskudt", "punkt", "punktet", "næste", "kommende", "møde", "mødet", "fra",
                "til", "med", "evt", "opfølgning", "vedr"}  # fmt: skip  # a table kept compact


def carried_over(previous: Minutes, meeting_date: dt.date) -> list[DraftItem]:
    """What ``previous`` carried to the meeting on ``meeting_date`` (not numbered yet), each point once: the
    points listed under "Punkter til næste møde" as written (one that refers to a postponed or taken-up item
    becomes that item), then the other postponed items, then those whose Referat takes them up at the next
    meeting or "mødet i <month>".
    """
    next_points = next((item for item in previous.items if _NEXT_POINTS_TITLE.search(item.title)), None)
    postponed = [
        item
        for item in previous.items
        if item is not next_points and item.outcome == Outcome.POSTPONED and not _moved_past(item, meeting_date)
    ]
    taken_up = [
        item
        for item in previous.items
        if item is not next_points and item not in postponed and _taken_up_at(item, meeting_date)
    ]
    pending: list[tuple[AgendaItem, str]] = [(item, SOURCE_POSTPONED) for item in postponed]
    pending += [(item, SOURCE_CARRIED_OVER) for item in taken_up]

    result: list[DraftItem] = []
    seen: set[str] = set()

    def add(title: str, presenter: str | None, minutes: int | None, source: str) -> None:
        key = " ".join(title.casefold().split())
        if key not in seen:
            seen.add(key)
            result.append(DraftItem("", title, presenter, minutes, source))

    entries = _list_entries(_referat(next_points)) if next_points is not None else []
    for entry in entries:
        match = next(((item, source) for item, source in pending if _refers_to(entry, item)), None)
        if match is None:
            add(entry, None, None, SOURCE_CARRIED_OVER)
        else:
            pending.remove(match)
            item, source = match
            add(item.title, item.presenter, item.duration_minutes, source)
    for item, source in pending:
        add(item.title, item.presenter, item.duration_minutes, source)
    return result


def standard_title(key: str, previous_meeting_date: dt.date | None, language: str = "da") -> str:
    """The title of a standard item ("welcome", "minutes", "any_other_business") in "da" or "en"."""
    english = is_english(language)
    if key == KEY_WELCOME:
        return "Welcome and approval of the agenda" if english else "Velkomst og godkendelse af dagsorden"
    if key == KEY_MINUTES:
        if previous_meeting_date is None:
            return (
                "Approval of the minutes of the last meeting" if english else "Godkendelse af referat fra sidste møde"
            )
        if english:
            return f"Approval of the minutes of the meeting on {format_date(previous_meeting_date, language)}"
        return f"Godkendelse af referat fra mødet den {format_date(previous_meeting_date, language)}"
    if key == KEY_ANY_OTHER_BUSINESS:
        return "Any other business" if english else "Eventuelt"
    raise ValueError(f"unknown standard item {key!r}")


def _referat(item: AgendaItem) -> str:
    section = item.section(SectionKind.REFERAT)
    return section.text if section is not None else ""


def _list_entries(text: str) -> list[str]:
    """The points of a list: bulleted lines (continuation lines joined), else one per paragraph."""
    lines = [line.rstrip() for line in text.splitlines()]
    bulleted = any(_BULLET.match(line) for line in lines)
    entries: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            entries.append(" ".join(" ".join(current).split()))
            current.clear()

    for line in lines:
        if not line.strip():
            # A blank line ends a point; text after it that has no bullet is a remark, not a point.
            close()
            continue
        if bulleted:
            if _BULLET.match(line):
                close()
                current.append(_BULLET.sub("", line, count=1))
            elif current:
                current.append(line.strip())
            # Text before the first bullet, or after a point and a blank line, is not a point.
        else:
            current.append(line.strip())
    close()
    return [entry.rstrip(" ;,") for entry in entries if entry and not _NOTHING.match(entry)
            and not _STANDARD_ENTRY.match(entry)]  # fmt: skip  # keyword arguments grouped by meaning


def _topical_words(text: str) -> set[str]:
    return {w for w in (m.group(0).casefold() for m in _WORD.finditer(text)) if len(w) >= 4 and w not in _NOT_TOPICAL}


def _refers_to(entry: str, item: AgendaItem) -> bool:
    """Whether a listed point is the same as an item ("Dagens udskudte punkt 4 - Prøvehandlinger…")."""
    item_words = _topical_words(_TRAILING_PARENTHESIS.sub("", item.title))
    if not item_words:
        return False
    shared = len(item_words & _topical_words(entry)) / len(item_words)
    if shared >= 0.6:
        return True
    reference = _POINT_REFERENCE.search(entry)
    if reference and (item.number == reference.group(1) or item.number.startswith(reference.group(1) + ".")):
        return shared >= 0.25
    return False


def _taken_up_at(item: AgendaItem, meeting_date: dt.date) -> bool:
    text = " ".join(_referat(item).split())
    if _TAKEN_UP_NEXT.search(text):
        return True
    return any(
        MONTHS_DA.index(match.group("month").casefold()) + 1 == meeting_date.month
        for match in _TAKEN_UP_MONTH.finditer(text)
    )


def _moved_past(item: AgendaItem, meeting_date: dt.date) -> bool:
    """A postponed item whose Referat names a later day than this meeting: it belongs there."""
    referat = " ".join(_referat(item).split())
    days = {mention.on for mention in item.dates if mention.precision == "day" and mention.text in referat}
    return meeting_date not in days and any(day > meeting_date for day in days)


_WORDS = {
    "da": {
        "heading": "Udkast til dagsorden",
        "meeting": "Møde",
        "at": "kl.",
        "place": "Sted",
        "based_on": "Punkter overført fra",
        "presenter": "Oplæg",
        SOURCE_POSTPONED: "udskudt fra mødet den {date}",
        f"{SOURCE_POSTPONED}_last": "udskudt fra sidste møde",
        SOURCE_CARRIED_OVER: "fra referatet af mødet den {date}",
        f"{SOURCE_CARRIED_OVER}_last": "fra referatet af sidste møde",
        "proposal": "forslag fra et medlem",
    },
    "en": {
        "heading": "Draft agenda",
        "meeting": "Meeting",
        "at": "at",
        "place": "Place",
        "based_on": "Items carried over from",
        "presenter": "Presenter",
        SOURCE_POSTPONED: "postponed from the meeting on {date}",
        f"{SOURCE_POSTPONED}_last": "postponed from the last meeting",
        SOURCE_CARRIED_OVER: "from the minutes of the meeting on {date}",
        f"{SOURCE_CARRIED_OVER}_last": "from the minutes of the last meeting",
        "proposal": "proposed by a member",
    },
}


def _words_for(language: str) -> dict[str, str]:
    return _WORDS["en" if is_english(language) else "da"]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _md(text: str) -> str:
    # Data from minutes and members is text, not Markdown.
    return _MD_SPECIAL.sub(r"\\\1", text)


def _xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)
