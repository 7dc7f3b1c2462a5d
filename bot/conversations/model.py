"""The conversations the bot can reach, as plain types: no storage and no Bot Framework here."""

from __future__ import annotations

from dataclasses import dataclass

_THREAD_MARKER = ";messageid="


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Which conversation: the Bot Framework channel and the conversation's id in it.

    A Teams channel thread ("19:…@thread.tacv2;messageid=123") has the key of its channel, so a
    committee linked in one thread holds for the whole channel; use :func:`conversation_key`.
    """

    channel_id: str
    conversation_id: str


def conversation_key(channel_id: str, conversation_id: str) -> ConversationKey:
    """The key of a conversation, with a Teams thread suffix (";messageid=…") removed."""
    return ConversationKey(channel_id, conversation_id.split(_THREAD_MARKER, 1)[0])


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """What a proactive message needs to reach a conversation.

    Attributes:
        channel_id: the Bot Framework channel: "msteams", "emulator", "console".
        service_url: where the channel's connector for this conversation listens.
        conversation_id: the channel's id of the conversation.
        conversation_type: "personal", "groupChat" or "channel" (Teams); None elsewhere.
        tenant_id: the Microsoft Entra tenant, when known.
        team_id: Teams ``channelData.team.id`` for team channels.
        teams_channel_id: Teams ``channelData.channel.id`` for team channels.
        bot_id: the bot's own id in the conversation ("28:…").
        bot_name: the bot's display name, when known.
        locale: the locale last seen in the conversation, e.g. "da-DK", "en-US".
    """

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
    """Someone who wrote in a conversation.

    Attributes:
        user_id: the channel's user id (Teams "29:…"), stable per bot.
        aad_object_id: the user's Microsoft Entra object id, when known.
        name: the display name, when known.
    """

    user_id: str
    aad_object_id: str | None
    name: str | None
