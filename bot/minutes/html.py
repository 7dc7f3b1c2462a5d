"""Text of HTML: one line per block element, list entries and table rows as lines.

Used for portal pages saved from a browser and for the HTML fields of committee-system
exports (FirstAgenda's item text). The page is parsed into a small tree first, so a table
used for layout (an agenda as rows of number | title-with-details | menu) can be told from a
table of data, and a portal's controls (navigation, menus, buttons, hidden parts) left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


def html_to_text(markup: str) -> str:
    """One line per block; ordered-list entries get their number ("1. "), data rows become one line
    (`row_line`), a layout row "1" | "<h2>Title</h2>…" becomes "1. Title" and its blocks."""
    parser = _TreeBuilder()
    parser.feed(markup)
    parser.close()
    out = _Lines()
    _render(parser.root, out)
    return out.text()


def row_line(cells: list[str]) -> str:
    """A two-column "Mødetid | Onsdag …" row becomes the header line "Mødetid: Onsdag …"."""
    if not cells:
        return ""
    if len(cells) == 2 and cells[0].endswith(":"):
        return f"{cells[0]} {cells[1]}"
    if len(cells) == 2 and len(cells[0]) <= 30:
        return f"{cells[0]}: {cells[1]}"
    return " | ".join(cells)


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK = _HEADINGS | {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "li", "ul", "ol", "dl",
    "dt", "dd", "table", "tr", "blockquote", "pre", "title", "figure", "figcaption", "address", "details", "summary",
}  # fmt: skip  # a table kept compact
_NEVER_TEXT = {"script", "style", "head", "noscript", "template", "svg", "select", "option", "textarea", "iframe"}
# Portal furniture: navigation, a menu's "Hent som PDF", dialogs ("Tip en ven"), buttons.
_FURNITURE_ROLES = {
    "navigation",
    "menu",
    "menubar",
    "menuitem",
    "toolbar",
    "dialog",
    "alertdialog",
    "search",
    "tablist",
}
# A new <li> closes the open one, and so on: the end tags HTML lets authors leave out.
_CLOSED_BY = {
    "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "p": {"p"},
    "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
}  # fmt: skip  # a table kept compact
_SCOPE = {"ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "div", "td", "th"}
_NUMBER_CELL = re.compile(r"^(?:punkt\s*)?(\d{1,3}[a-z]?)\.?$", re.IGNORECASE)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self._open: list[_Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        closes = _CLOSED_BY.get(tag)
        if closes:
            for depth in range(len(self._open) - 1, 0, -1):
                open_tag = self._open[depth].tag
                if open_tag in closes:
                    del self._open[depth:]
                    break
                if open_tag in _SCOPE and not (tag in ("tr", "td", "th") and open_tag in ("td", "th")):
                    break
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(node)
        if tag not in _VOID:
            self._open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


class _Lines:
    """Text gathered line by line; whitespace collapses as a browser shows it."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._current: list[str] = []
        self._prefix = ""  # a list or item number waiting for the text it leads

    def add(self, text: str) -> None:
        self._current.append(text)

    def prefix(self, text: str) -> None:
        self.end_line()
        self._prefix = text

    def end_line(self, blank: bool = False) -> None:
        line = " ".join("".join(self._current).split())
        self._current = []
        if line:
            self._lines.append(self._prefix + line)
            self._prefix = ""
        if blank and self._lines and self._lines[-1] != "":
            self._lines.append("")

    def text(self) -> str:
        self.end_line()
        return "\n".join(self._lines).strip() + "\n"


def _is_control(node: _Node) -> bool:
    attrs = node.attrs
    classes = attrs.get("class", "").split()
    role = attrs.get("role", "")
    if (
        "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or "display:none" in attrs.get("style", "").replace(" ", "")
    ):
        return True
    if node.tag in ("nav", "dialog") or role in _FURNITURE_ROLES or {"modal", "dropdown-menu"} & set(classes):
        return True
    # An accordion's heading sits in a button: the title is content, not a control.
    is_button = node.tag == "button" or role == "button" or "btn" in classes
    return is_button and not _has(node, _HEADINGS)


def _has(node: _Node, tags: set[str]) -> bool:
    return any(isinstance(c, _Node) and (c.tag in tags or _has(c, tags)) for c in node.children)


def _render(node: _Node, out: _Lines) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.add(child)
            continue
        tag = child.tag
        if tag in _NEVER_TEXT or _is_control(child):
            continue
        if tag == "br":
            out.end_line()
        elif tag == "table":
            out.end_line()
            _render_table(child, out)
            out.end_line(blank=True)
        elif tag in ("ul", "ol"):
            _render_list(child, out)
        elif tag == "pre":
            out.end_line()
            for line in _inline_text(child).splitlines():
                out.add(line)
                out.end_line()
        elif tag in _BLOCK:
            out.end_line(blank=tag in _HEADINGS)
            _render(child, out)
            out.end_line(blank=tag in _HEADINGS or tag == "p")
        else:
            _render(child, out)


def _render_list(node: _Node, out: _Lines) -> None:
    out.end_line()
    start = node.attrs.get("start", "1")
    number = int(start) - 1 if start.isdigit() else 0
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                out.add(child)
            continue
        if child.tag != "li" or _is_control(child):
            _render(_Node("div", children=[child]), out)
            continue
        number += 1
        out.prefix(f"{number}. " if node.tag == "ol" else "- ")
        _render(child, out)
        out.end_line()
    out.end_line()


def _render_table(table: _Node, out: _Lines) -> None:
    for row in _rows(table):
        cells = [c for c in row.children if isinstance(c, _Node) and c.tag in ("td", "th") and not _is_control(c)]
        if any(_has(cell, _BLOCK) for cell in cells):
            _render_layout_row(cells, out)
            continue
        texts = [t for t in (" ".join(_inline_text(cell).split()) for cell in cells) if t]
        # A row of column headings is no "Field: value" pair.
        line = " | ".join(texts) if all(cell.tag == "th" for cell in cells) else row_line(texts)
        if line:
            out.add(line)
            out.end_line()


def _render_layout_row(cells: list[_Node], out: _Lines) -> None:
    """A row that lays out blocks: "1" | title and details | menu. The number leads the title."""
    first = " ".join(_inline_text(cells[0]).split()) if cells else ""
    number = _NUMBER_CELL.match(first)
    if number and len(cells) > 1:
        out.prefix(f"{number.group(1)}. ")
        cells = cells[1:]
    for cell in cells:
        if any(ch.isalpha() for ch in _inline_text(cell)):  # not a count or an icon
            _render(cell, out)
            out.end_line()


def _rows(table: _Node) -> list[_Node]:
    rows: list[_Node] = []
    for child in table.children:
        if isinstance(child, _Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(_rows(child))
    return rows


def _inline_text(node: _Node) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n" if node.tag == "pre" else " ")
        elif child.tag not in _NEVER_TEXT and not _is_control(child):
            parts.append(_inline_text(child))
    return "".join(parts)
