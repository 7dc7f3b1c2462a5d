"""The conversations the bot can reach, as plain types: no storage and no Bot Framework here."""

from __future__ import annotations

from dataclasses import dataclass

_THREAD_MARKER = ";messageid="


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Which conversation; made by :func:`conversation_key`, so a channel thread has its channel's key and a
    committee linked in one thread holds for the whole channel."""

    channel_id: str
    conversation_id: str


def conversation_key(channel_id: str, conversation_id: str) -> ConversationKey:
    """The key of a conversation, with a Teams thread suffix (";messageid=…") removed."""
    return ConversationKey(channel_id, conversation_id.split(_THREAD_MARKER, 1)[0])


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """What a proactive message needs to reach a conversation; ``locale`` is the last one seen there."""

    channel_id: str
    service_url: str
    conversation_id: str
    conversation_type: str | None
    tenant_id: str | None
    team_id: str | None
    teams_channel_id: str | None
    bot_id: str
    bot_name: str | None = None
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class ConversationUser:
    """Someone who wrote in a conversation; ``user_id`` (Teams "29:…") is stable per bot."""

    user_id: str
    aad_object_id: str | None
    name: str | None
