"""Text of HTML: one line per block element, list entries and table rows as lines.

Used for portal pages saved from a browser and for the HTML fields of committee-system
exports (FirstAgenda's item text).
"""

from __future__ import annotations

from html.parser import HTMLParser


def html_to_text(markup: str) -> str:
    """The text of an HTML document or fragment, one line per block; see `_TextExtractor`."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser.text()


def row_line(cells: list[str]) -> str:
    """A two-column "Mødetid | Onsdag …" row becomes the header line "Mødetid: Onsdag …"."""
    if not cells:
        return ""
    if len(cells) == 2 and cells[0].endswith(":"):
        return f"{cells[0]} {cells[1]}"
    if len(cells) == 2 and len(cells[0]) <= 30:
        return f"{cells[0]}: {cells[1]}"
    return " | ".join(cells)


class _TextExtractor(HTMLParser):
    """Text of an HTML export, one line per block element, list entries as "- ".

    Entries of an ordered list get their number ("1. "), as a browser or a PDF export shows
    them: agenda items and tables of contents are often such lists. Table rows become one
    line like Word tables (see `row_line`).
    """

    _BLOCK = {
        "p", "div", "section", "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "table", "ul", "ol", "br", "hr", "dt", "dd", "blockquote", "pre", "title",
    }  # fmt: skip
    _SKIP = {"script", "style", "head", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skip = 0
        self._row: list[list[str]] | None = None  # cells of the open <tr>
        self._lists: list[list[int] | None] = []  # open <ol> (its last number) and <ul> (None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._row.append([])
        elif tag in self._BLOCK and self._row is None:
            self._parts.append("\n\n" if tag.startswith("h") and len(tag) == 2 else "\n")
            if tag == "ol":
                start = dict(attrs).get("start") or "1"
                self._lists.append([int(start) - 1 if start.isdigit() else 0])
            elif tag == "ul":
                self._lists.append(None)
            elif tag == "li":
                counter = self._lists[-1] if self._lists else None
                if counter is None:
                    self._parts.append("- ")
                else:
                    counter[0] += 1
                    self._parts.append(f"{counter[0]}. ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "tr" and self._row is not None:
            cells = [" ".join("".join(c).split()) for c in self._row]
            line = row_line([c for c in cells if c])
            self._parts.append("\n" + line + "\n" if line else "\n")
            self._row = None
        elif tag in self._BLOCK and self._row is None:
            if tag in ("ol", "ul") and self._lists:
                self._lists.pop()
            self._parts.append("\n\n" if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p") else "\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._row is not None:
            if not self._row:
                self._row.append([])
            self._row[-1].append(data)
        else:
            self._parts.append(data.replace("\n", " "))

    def text(self) -> str:
        return "".join(self._parts)
