"""Turn text extracted from PDF/Word/HTML minutes into clean logical lines, and into sentences.

PDF extraction scatters artefacts through the text: page headers and footers ("Side 4/9"),
private-use bullet glyphs (U+F0B7), a blank line after every printed line, lines broken
mid-sentence or mid-word, letterhead contact lines and repeated URL lines. ``clean_lines``
removes them and rejoins broken lines: one logical line per paragraph, list entry or heading.
"""

from __future__ import annotations

import re
import unicodedata

# Bullet glyphs as they come out of Word/PDF; normalised to "- ".
_BULLET_RE = re.compile(r"^(?:[\uf0b7\uf0a7\uf076\uf0d8\uf0fc•◦▪▫■□●○·‣⁃∙]|o(?=\s)|-(?=\s)|–(?=\s)|\*(?=\s))\s*")
_PAGE_RE = re.compile(
    r"^(?:side|page|s\.)\s*\d{1,3}(?:\s*(?:/|af|of|ud af)\s*\d{1,3})?$|^\d{1,3}\s*(?:/|af)\s*\d{1,3}$"
    # a running header or footer: "Teknisk Udvalg - 04-03-2025 Side 2 af 5"
    r"|^.{0,90}\S\s+(?:side|page)\s+\d{1,3}\s*(?:/|af|of)\s*\d{1,3}$",
    re.IGNORECASE,
)
_URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Letterhead contact lines ("Mail: x@y.dk", "Mobil: +45 5173 2858"): never content.
_CONTACT_RE = re.compile(
    r"^(?:e-?mail|mail|mobil|tlf\.?|telefon|lokaltlf\.?|direkte)\s*:?\s*(?:\S+@\S+|[+\d][\d ]{5,})\s*$",
    re.IGNORECASE,
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u00ad]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# A line that is a label ("Referat:", "Indstilling") or a numbered heading must never
# be glued onto the line before it.
_LABEL_START_RE = re.compile(
    r"^(?:indstilling|sagsfremstilling|referat|beslutning|bilag|notat efter|status efter|"
    r"mødetid|mødested|mødeleder|referent|deltagere|afbud|dato|sted|tid|punkt|pkt|ad)\b",
    re.IGNORECASE,
)
_BARE_LABEL_RE = re.compile(
    r"^(?:indstilling|sagsfremstilling|referat|beslutning|bilag|dagsorden)\s*:?$", re.IGNORECASE
)
_NUMBERED_START_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.):]?\s")
_SENTENCE_END = (".", ":", "?", "!", ";")
_LOWER_START_RE = re.compile(r"^[a-zæøåäöüé]")
# A hyphen at the end of a line after a lower-case letter splits one word ("adfærds-|ændringer");
# after a capital or digit it is part of a compound ("FGU-|erne", "LÆ-|blanketterne").
_SOFT_HYPHEN_END_RE = re.compile(r"(?<![-\w])[a-zæøå]+-$")


def normalise_line(line: str) -> str:
    """Fold spaces, drop control characters and turn a leading bullet glyph into "- "."""
    line = _CONTROL_RE.sub("", line)
    line = _SPACES_RE.sub(" ", line).strip()
    if not line:
        return ""
    match = _BULLET_RE.match(line)
    if match and match.end() < len(line):
        line = "- " + line[match.end() :]
    elif match:
        return ""  # a bullet glyph alone on a line
    return line


def is_bullet(line: str) -> bool:
    return line.startswith("- ")


_WEEKDAY_DATE_RE = re.compile(r"^(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s+(?:den\s+|d\.\s*)?\d")


def _can_continue(prev: str, line: str) -> bool:
    """Whether ``line`` continues ``prev``, a paragraph broken by the PDF's line wrapping."""
    if not prev or is_bullet(line) or prev.endswith(":") or _BARE_LABEL_RE.match(prev):
        return False
    if prev.count("(") > prev.count(")"):
        return True  # "…(Indsats \n 1.1) / Yelva …": an open parenthesis is never a line end
    if _NUMBERED_START_RE.match(line) or _WEEKDAY_DATE_RE.match(line):
        return False  # "onsdag den 8. oktober 2025 kl. 16.00" under a heading is the meeting's date
    if _LOWER_START_RE.match(line):
        return True  # "…om unge \n mennesker", "(60 \n min)"; labels are capitalised
    if _LABEL_START_RE.match(line):
        return False
    if line.startswith("(") and not prev.endswith(_SENTENCE_END):
        return True
    # "…(Eksisterende opgave B) / \n Jette Dalsgaard Andersen (10 min)"
    return prev.endswith(("/", "-", "–", ",")) and not prev.endswith(" -")


def _join(prev: str, line: str) -> str:
    if _SOFT_HYPHEN_END_RE.search(prev) and _LOWER_START_RE.match(line):
        return prev[:-1] + line
    if prev.endswith("-") and not prev.endswith(" -"):
        return prev + line
    return prev + " " + line


def clean_lines(raw: str) -> list[str]:
    """Logical lines without page furniture; one blank line ("") marks a paragraph break, none at either end."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    running = _running_headers(text)
    seen_urls: set[str] = set()
    out: list[str] = []
    pending_blank = False
    for raw_line in text.split("\n"):
        line = normalise_line(raw_line)
        if not line:
            pending_blank = True
            continue
        if _PAGE_RE.match(line) or _CONTACT_RE.match(line) or line in running:
            continue  # page furniture: neither content nor a paragraph break
        bare = line[2:] if is_bullet(line) else line
        if _URL_LINE_RE.match(bare):
            url = bare.rstrip("/").lower()
            if url in seen_urls:
                continue  # the PDF repeated a hyperlink's target where the link was drawn
            seen_urls.add(url)
        else:
            for url in re.findall(r"(?:https?://|www\.)\S+", line, re.IGNORECASE):
                seen_urls.add(url.rstrip("/.,)").lower())
        if out and _can_continue(out[-1], line):
            out[-1] = _join(out[-1], line)
            pending_blank = False
            continue
        if pending_blank and out and out[-1] != "":
            out.append("")
        pending_blank = False
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


def _running_headers(text: str) -> set[str]:
    """Lines a PDF repeats on every page ("Kultur- og Fritidsudvalget - Referat - 14-09-2022"):
    three times or more, with a date or a year, and no sentence, list entry or numbered heading."""
    counts: dict[str, int] = {}
    for raw_line in text.split("\n"):
        line = normalise_line(raw_line)
        if 10 <= len(line) <= 100 and " " in line:
            counts[line] = counts.get(line, 0) + 1
    return {
        line
        for line, count in counts.items()
        if count >= 3
        and re.search(r"\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}\b|\b(?:19|20)\d{2}\b", line)  # a date or a year
        and re.search(r"[^\W\d_]{3}", line)
        and not line.endswith((".", ":"))
        and not is_bullet(line)
        and not _NUMBERED_START_RE.match(line)
        and not _LABEL_START_RE.match(line)  # "Beslutning i Teknisk Udvalg den 04-03-2025" heads every item
    }


# --- sentences -------------------------------------------------------------------------

# Words a wrapped line can end with mid-sentence even before a capitalised word
# ("… i \n Lyngbjerg Kulturhus", "… og \n Region Syddanmark").
_CONTINUATION_WORDS = frozenset({
    "og", "i", "på", "til", "med", "for", "af", "fra", "om", "at", "en", "et", "den", "det", "de",
    "samt", "eller", "ved", "hos", "mellem", "under", "over", "efter", "før", "inden", "mod", "uden",
    "via", "som", "v", "ift", "vedr", "end", "men", "så", "hvor", "når", "da", "der", "kl", "d", "hvis",
    "fordi", "også", "ikke", "er", "var", "blev", "bliver", "har", "havde", "kan", "skal", "vil", "må",
    "bør", "man", "sin", "sit", "sine", "deres",
})  # fmt: skip  # a table kept compact
_ABBREVIATIONS = frozenset({
    "d", "kl", "ca", "bl.a", "f.eks", "fx", "jf", "jvf", "evt", "nr", "ift", "vedr", "inkl", "dvs",
    "pga", "mht", "hhv", "iflg", "tlf", "st", "s", "dr", "hr", "fr", "ang", "ex", "ml", "pkt", "bl",
    "mf", "mm", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
    "dec", "kvt", "mio", "mia", "ph.d", "cand", "mag", "att", "min",
})  # fmt: skip  # a table kept compact
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’)]*\s+(?=[A-ZÆØÅÄÖÜÉ\"”“'(])")
_WORD_BEFORE_RE = re.compile(r"([\w.]{1,12})[.!?]+[\"”’)]*\s+$")
_LINE_END_PUNCT = (".", "!", "?", ":", ";")


def _line_ends_unit(prev: str, line: str, *, paragraph: bool) -> bool:
    """Whether the break between two lines of a section ends a sentence or list entry (a PDF wraps at
    the page width, so the words on either side decide)."""
    prev = prev.rstrip()
    if is_bullet(line) or prev.endswith(_LINE_END_PUNCT):
        return True
    if _LOWER_START_RE.match(line):
        return False
    last = prev[-1:]
    last_word = prev.rsplit(None, 1)[-1].lower().rstrip(".") if prev else ""
    if last in ",-–(&/" or last_word in _CONTINUATION_WORDS:
        return False  # even over a blank line: some PDF exports put one after every line
    if paragraph:
        return True
    if line[:1].isdigit():
        return last.isdigit() or prev[:1].isdigit() or last == ")"
    if not (last.isalpha() and last.islower()):
        return True  # "… (300.000 kr.)", "… HEV": an entry ends, the next starts
    # A short line standing alone is a heading or a list entry ("Ideer til temaer",
    # "Christina Breddam, Randers Kommune"); a long one was wrapped at the page width.
    return len(prev.split()) <= 5


def split_sentences(text: str, *, bullets: bool = False) -> list[str]:
    """Cleaned section text as sentences and list entries, whitespace folded: "." "!" "?" before a
    capital ends one (not after "kl." or a number). ``bullets`` keeps a list entry's "- "."""
    units: list[str] = []
    prev = ""
    paragraph = False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            paragraph = True
            continue
        if units and not _line_ends_unit(prev, line, paragraph=paragraph):
            units[-1] = _join(units[-1], line)
        else:
            units.append(line)
        prev, paragraph = line, False
    out: list[str] = []
    for unit in units:
        marker = ""
        if is_bullet(unit):
            unit, marker = unit[2:], "- " if bullets else ""
        start = 0
        for match in _SENTENCE_END_RE.finditer(unit):
            before = _WORD_BEFORE_RE.search(unit, max(0, match.start() - 13), match.end())
            word = before.group(1).lower().rstrip(".") if before else ""
            if unit[match.start()] == "." and word in _ABBREVIATIONS:
                continue  # "kl. 9", "bl.a. Regionen"
            if re.fullmatch(r"[\d.]+", word or "x") and not unit[start : match.start() - len(word)].strip():
                continue  # "3.1. Samarbejde": a number opening the entry, not an end
            sentence = re.sub(r"\s+", " ", unit[start : match.end()]).strip()
            if sentence:
                out.append(marker + sentence)
            start = match.end()
        tail = re.sub(r"\s+", " ", unit[start:]).strip()
        if tail:
            out.append(marker + tail)
    return out
