"""The numbers Word draws in front of auto-numbered paragraphs (Acadre, eDoc number agenda items so):
they are computed from numbering.xml, not in the text python-docx gives, so ``ListNumbers`` counts as Word does.
"""

from __future__ import annotations

import re
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ListNumbers:
    """Labels of a document's numbered paragraphs, in reading order (call ``label`` for each)."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        self._counters: dict[str, list[int]] = {}  # abstract list -> counter per level
        self._abstract_of: dict[str, str] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is auto-numbered
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                start = _val(lvl.find(f"{_W}start"))
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (fmt, text, int(start) if start and start.isdigit() else 1)
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.iter(f"{_W}num"):
            abstract_id = _val(num.find(f"{_W}abstractNumId")) or ""
            self._abstract_of[num.get(f"{_W}numId", "")] = abstract_id
            self._levels[num.get(f"{_W}numId", "")] = abstract.get(abstract_id, {})

    def label(self, paragraph: Any) -> str:
        """ "3. ", "2.1 ", "- " for a numbered paragraph, "" for any other."""
        num_id, level = _numbering_of(paragraph)
        if num_id is None or num_id == "0" or num_id not in self._levels:
            return ""
        fmt, text, _ = self._levels[num_id].get(level, ("decimal", f"%{level + 1}.", 1))
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""
        key = self._abstract_of.get(num_id, num_id)  # lists sharing a definition count on together
        counters = self._counters.setdefault(key, [])
        while len(counters) <= level:
            counters.append(self._levels[num_id].get(len(counters), ("", "", 1))[2] - 1)
        counters[level] += 1
        del counters[level + 1 :]
        label = re.sub(r"%(\d)", lambda m: _number(counters, int(m.group(1)) - 1), text)
        return f"{label} " if label.strip() else ""


def _number(counters: list[int], level: int) -> str:
    return str(counters[level]) if level < len(counters) else "1"


def _val(node: Any) -> str | None:
    return None if node is None else node.get(f"{_W}val")


def _numbering_of(paragraph: Any) -> tuple[str | None, int]:
    """(numId, level) from the paragraph's own properties, else from its style's."""
    for properties in (paragraph._p.pPr, _style_properties(paragraph)):
        num_pr = None if properties is None else properties.find(f"{_W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{_W}numId"))
            level = _val(num_pr.find(f"{_W}ilvl"))
            return num_id, int(level) if level and level.isdigit() else 0
    return None, 0


def _style_properties(paragraph: Any) -> Any:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    while style is not None:
        properties = style.element.pPr
        if properties is not None and properties.find(f"{_W}numPr") is not None:
            return properties
        style = style.base_style
    return None
