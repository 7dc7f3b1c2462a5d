"""What dialogs answer with: our own reply types, rendered for Teams by bot/teams/render.py.

Replies carry content, not layout: the renderer picks an Adaptive Card or plain text for the
channel, and the turn's language picks the words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.answering.answer import Answer
from bot.minutes.model import AgendaItem


@dataclass(frozen=True, slots=True)
class TextReply:
    """A short message written by a dialog, already in the turn's language."""

    text: str


@dataclass(frozen=True, slots=True)
class HelpReply:
    """What the bot can do."""


@dataclass(frozen=True, slots=True)
class WelcomeReply:
    """The greeting after the bot was installed or added."""


@dataclass(frozen=True, slots=True)
class AnswerReply:
    """An answer to a question; ``item`` is the whole agenda item of its first source, if found."""

    answer: Answer
    item: AgendaItem | None = None


@dataclass(frozen=True, slots=True)
class ItemReply:
    """A whole agenda item. ``meeting_date`` is the local date of the meeting."""

    item: AgendaItem
    committee: str | None
    meeting_date: dt.date | None


Reply = TextReply | HelpReply | WelcomeReply | AnswerReply | ItemReply
