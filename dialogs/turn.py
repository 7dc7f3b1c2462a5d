"""What a dialog gets: one user turn in our own terms, and the services it may use.

The activity handler (bot/teams/handler.py) builds a :class:`Turn` from a Bot Framework activity;
dialogs never see botbuilder types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.conversations import ConversationKey, Conversations
from bot.knowledge import Knowledge
from storage.conversations_repository import ConversationUser

DANISH = "da"
ENGLISH = "en"


def language_of(locale: str | None) -> str:
    """The reply language for a client locale: English for "en…" locales, otherwise Danish."""
    return ENGLISH if (locale or "").strip().lower().startswith("en") else DANISH


@dataclass(frozen=True, slots=True)
class Turn:
    """One thing a user said or pressed.

    Attributes:
        text: what the user wrote, with the bot's @mention removed and whitespace trimmed.
        language: "da" or "en", from the client's locale.
        key: the conversation (channel id, conversation id without thread suffix).
        conversation_type: "personal", "groupChat" or "channel" in Teams; None elsewhere.
        user: who wrote.
        committee: the committee the conversation is linked to, if any.
        received_at: when the bot received the turn (UTC instant, from the injected clock).
        value: the data of a pressed card button (Action.Submit or Action.Execute), if any.
    """

    text: str
    language: str
    key: ConversationKey
    conversation_type: str | None
    user: ConversationUser
    received_at: dt.datetime
    committee: str | None = None
    value: Mapping[str, Any] | None = None

    @property
    def english(self) -> bool:
        return self.language == ENGLISH


@dataclass(frozen=True, slots=True)
class Services:
    """What dialogs may call: answering and the conversation store."""

    knowledge: Knowledge
    conversations: Conversations
