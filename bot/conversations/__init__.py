"""The conversations the bot can reach: the plain types in ``model``, the service in ``service``.

The service is imported lazily (as in bot.proposals): storage imports the types, the service imports storage.
"""

from __future__ import annotations

from typing import Any

from bot.conversations.model import ConversationKey, ConversationRef, ConversationUser, conversation_key

__all__ = ["ConversationKey", "ConversationRef", "ConversationUser", "Conversations", "conversation_key"]


def __getattr__(name: str) -> Any:
    if name == "Conversations":
        from bot.conversations.service import Conversations

        return Conversations
    raise AttributeError(f"module 'bot.conversations' has no attribute {name!r}")
