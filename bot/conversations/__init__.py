"""The conversations the bot can reach; the service is imported lazily, as storage imports the types."""

from __future__ import annotations

from typing import Any

from bot.conversations.model import ConversationKey, ConversationRef, ConversationUser, conversation_key

__all__ = ["ConversationKey", "ConversationRef", "ConversationUser", "Conversations", "conversation_key"]


def __getattr__(name: str) -> Any:
    if name == "Conversations":
        from bot.conversations.service import Conversations

        return Conversations
    raise AttributeError(f"module 'bot.conversations' has no attribute {name!r}")
