"""The Agents Playground's web page as a member uses it: pick a chat or channel, write, press a
card's button, read what the bot answered.

Selectors are the page's accessible names and roles: the chat list's tree items ("Personal
Chat", "Group Chat", "My Team - General"), the editor (a contenteditable textbox), the @mention
menu ("#typeahead-menu"), card buttons by their titles. Chats and channel threads lay messages
out differently, so a reply is found as what the page added since the message was sent, and
its end by the playground's log panel (a line per activity the bot sent) and a quiet page.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PERSONAL = "Personal Chat"
GROUP = "Group Chat"
CHANNEL = "My Team - General"

# The log panel's line for each activity the bot sent.
_SENT_RE = re.compile(r"User Application\W+Microsoft 365 Agents Playground\W+message")
_LOG_LINE_RE = re.compile(r"^\[\d+:\d+:\d+ [AP]M\]")

# A reply is complete when the page has not changed for this long (the bot sends several
# activities for some turns, e.g. a receipt and a notice).
_QUIET_SECONDS = 1.5
_TIMEOUT_SECONDS = 30


@dataclass
class Reply:
    """What the page shows since the message was sent or the button pressed: the lines that were
    not there before (the member's own message too), in page order."""

    text: str

    def __contains__(self, words: str) -> bool:
        return words in self.text


class TeamsPage:
    def __init__(self, page: Any, screenshots: Path, bot_name: str):
        self.page = page
        self.screenshots = screenshots
        self.bot_name = bot_name
        self.where = PERSONAL

    def open(self, conversation: str) -> None:
        """Select a chat or channel in the left rail."""
        self.page.locator(f'[role=treeitem][aria-label="{conversation}"]').click()
        self.where = conversation
        self.page.locator("[role=textbox][contenteditable=true]").first.wait_for(state="visible")
        self.wait_quiet()

    def sent(self) -> int:
        """How many activities the bot has sent, by the playground's log panel."""
        return len(_SENT_RE.findall(self.page.locator("body").inner_text()))

    def wait_quiet(self, *, sent_before: int | None = None, timeout: float = _TIMEOUT_SECONDS) -> None:
        """Wait until the bot sent more than ``sent_before`` activities (if given) and the page is quiet."""
        deadline = time.monotonic() + timeout
        last, quiet_since = None, time.monotonic()
        while time.monotonic() < deadline:
            text = self.page.locator("body").inner_text()
            if text != last:
                last, quiet_since = text, time.monotonic()
            grown = sent_before is None or len(_SENT_RE.findall(text)) > sent_before
            if grown and time.monotonic() - quiet_since >= _QUIET_SECONDS:
                return
            time.sleep(0.2)
        raise AssertionError(f"no reply from the bot within {timeout} s in {self.where}; page shows:\n{last}")

    def _lines(self) -> list[str]:
        lines = (line.strip() for line in self.page.locator("body").inner_text().splitlines())
        return [line for line in lines if line and not _LOG_LINE_RE.match(line)]

    def _mark(self) -> int:
        self._before = Counter(self._lines())
        return self.sent()

    def _fresh(self) -> Reply:
        """The page's lines less those it showed before (a re-rendered message shows the same lines)."""
        seen, new = Counter(self._before), []
        for line in self._lines():
            if seen[line]:
                seen[line] -= 1
            else:
                new.append(line)
        reply = Reply("\n".join(new))
        with (self.screenshots / "transcript.txt").open("a", encoding="utf-8") as transcript:
            transcript.write(f"----- {self.where}\n{reply.text}\n")
        return reply

    def say(self, text: str, *, mention: bool = False) -> Reply:
        """Write a message (with an @mention of the bot first when ``mention``) and wait for the reply."""
        before = self._mark()
        box = self.page.locator("[role=textbox][contenteditable=true]").first
        box.click()
        if mention:
            self.page.keyboard.type("@" + self.bot_name[:3])
            self.page.locator("#typeahead-menu [role=menuitem]", has_text=self.bot_name).click()
            self.page.keyboard.type(" ")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        self.wait_quiet(sent_before=before)
        return self._fresh()

    def press(self, title: str, *, within: Any = None, new_message: bool = True) -> Reply:
        """Press a card's button (by its title), in ``within`` or the last one on the page; wait for
        the bot's new message, or, for a button whose answer replaces its own card
        (Action.Execute), for the page to change and settle."""
        before = self._mark()
        scope = within if within is not None else self.page
        scope.get_by_role("button", name=title, exact=True).last.click()
        if new_message:
            self.wait_quiet(sent_before=before)
        else:
            time.sleep(_QUIET_SECONDS)
            self.wait_quiet()
        return self._fresh()

    def shot(self, name: str) -> Path:
        path = self.screenshots / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
