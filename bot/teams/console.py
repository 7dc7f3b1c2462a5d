"""A console channel for ``python -m bot chat``: the same handler and dialogs, plain text in and out."""

from __future__ import annotations

import asyncio
import itertools
import sys
from typing import Any, TextIO

from botbuilder.core import Bot, BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)

from bot.teams.handler import on_turn_error

CHANNEL_ID = "console"
SERVICE_URL = "console:"
BOT = ChannelAccount(id="moedeassistent", name="Mødeassistent")
# Whoever runs the console runs the installation: its user is an administrator (python -m bot chat adds it).
CONSOLE_ADMIN = "00000000-0000-4000-8000-000000000001"
USER = ChannelAccount(id="console-user", name="Konsol", aad_object_id=CONSOLE_ADMIN)
CONVERSATION = ConversationAccount(id="console", conversation_type="personal", is_group=False)


class ConsoleAdapter(BotAdapter):
    """Runs turns in-process and prints the bot's messages to ``out`` (stdout by default)."""

    def __init__(self, out: TextIO | None = None, *, locale: str = "da-DK") -> None:
        super().__init__(on_turn_error=on_turn_error)
        self.out = out or sys.stdout
        self.locale = locale
        self._ids = itertools.count(1)

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        """Print each message activity; other activity types (typing, invoke responses) are skipped."""
        responses = []
        for activity in activities:
            if activity.type == ActivityTypes.message:
                print(console_text(activity), file=self.out, flush=True)
                print(file=self.out, flush=True)
            responses.append(ResourceResponse(id=f"console-{next(self._ids)}"))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        """A console cannot change what it printed: print the new version."""
        print(console_text(activity), file=self.out, flush=True)
        return ResourceResponse(id=activity.id)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Nothing printed can be taken back; deleting is a no-op."""

    async def say(self, text: str, bot: Bot) -> None:
        """Run one turn for a line the console user typed."""
        await self._run(self._activity(ActivityTypes.message, text=text), bot)

    async def join(self, bot: Bot) -> None:
        """Run the turn Teams sends when the bot is added to a conversation (it greets once)."""
        await self._run(self._activity(ActivityTypes.conversation_update, members_added=[BOT]), bot)

    async def _run(self, activity: Activity, bot: Bot) -> None:
        await self.run_pipeline(TurnContext(self, activity), bot.on_turn)

    def _activity(self, kind: str, **fields: Any) -> Activity:
        return Activity(
            type=kind,
            id=f"console-in-{next(self._ids)}",
            channel_id=CHANNEL_ID,
            service_url=SERVICE_URL,
            from_property=USER,
            recipient=BOT,
            conversation=CONVERSATION,
            locale=self.locale,
            **fields,
        )


def console_text(activity: Activity) -> str:
    """What a console shows for a message: its text, else each attachment's fallback text."""
    if activity.text:
        return activity.text
    parts = []
    for attachment in activity.attachments or []:
        content = attachment.content if isinstance(attachment.content, dict) else {}
        parts.append(str(content.get("fallbackText") or attachment.content_type))
    return "\n".join(parts)


async def run_console(
    bot: Bot, *, locale: str = "da-DK", stdin: TextIO | None = None, out: TextIO | None = None
) -> None:
    """Chat with the bot on the console until an empty line or end of input."""
    source = stdin or sys.stdin
    adapter = ConsoleAdapter(out, locale=locale)
    await adapter.join(bot)
    while True:
        line = await asyncio.to_thread(source.readline)
        if not line or not line.strip():
            break
        await adapter.say(line.strip(), bot)
