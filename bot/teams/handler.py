"""The Teams activity handler: Bot Framework activities in, our dialogs' replies out (the only place a Turn is made)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, InvokeResponse

from bot import logs
from bot.clock import Clock
from bot.conversations import (
    ConversationKey,
    ConversationRef,
    ConversationUser,
    conversation_key,
)
from bot.limits import MAX_MESSAGE_CHARS
from bot.teams.connector import ConnectorError
from bot.teams.files import (
    DECLINE,
    FILE_CONSENT_INVOKE,
    MalformedConsent,
    OneDriveUploads,
    UploadError,
    read_consent,
)
from bot.teams.files import WORDS as FILE_WORDS
from bot.teams.render import (
    file_info_activity,
    invoke_message,
    invoke_response,
    render,
    supports_cards,
)
from bot.uploads.model import FileAttachment
from bot.words import DANISH, ENGLISH, language_of
from dialogs import draft_agenda, personal_data, welcome
from dialogs.replies import ACTION_EXPORT_AGENDA, FileReply, Reply, TextReply
from dialogs.router import ACTION_ROUTES, ROUTES, Handler, Route, handle, route
from dialogs.turn import Services, Turn

logger = logging.getLogger(__name__)

_SORRY = {
    DANISH: "Beklager, noget gik galt hos mig. Prøv igen om lidt.",
    ENGLISH: "Sorry, something went wrong on my side. Please try again in a moment.",
}
_UNKNOWN_ACTION = {
    DANISH: "Den knap kan jeg ikke bruge længere. Skriv »hjælp« for at se, hvad jeg kan.",
    ENGLISH: "I can no longer use that button. Type “hjælp” (help) to see what I can do.",
}
_TOO_LONG = {
    DANISH: (
        "Den besked er for lang til mig: jeg læser højst {limit} tegn. "
        "Skriv dit spørgsmål kortere, fx »Hvornår er næste møde?«."
    ),
    ENGLISH: (
        "That message is too long for me: I read at most {limit} characters. "
        "Please write your question more briefly, e.g. “When is the next meeting?”."
    ),
}
# The dialogs that make a file again once the user accepted it, by the "action" of the offer's context.
_FILE_SOURCES: Mapping[str, Handler] = {
    ACTION_EXPORT_AGENDA: draft_agenda.consented_file,
    personal_data.ACTION_EXPORT_PERSON: personal_data.consented_file,
}
# An <at>Name</at> mention tag. The name may not hold another tag, so each "<at" is looked at once
# and scanning ends at the next "<" (linear, whatever the text repeats).
_AT_RE = re.compile(r"<at(?:\s[^<>]*+)?>([^<]*+)</at>", re.IGNORECASE)


class MoedeassistentBot(ActivityHandler):
    """Answers messages, card buttons, installs and removals in Teams (and the Emulator, Web Chat)."""

    def __init__(
        self,
        services: Services,
        clock: Clock,
        *,
        routes: tuple[Route, ...] = ROUTES,
        files: OneDriveUploads | None = None,
    ) -> None:
        self._services = services
        self._conversations = services.conversations
        self._clock = clock
        self._routes = routes
        self._files = files

    async def on_turn(self, turn_context: TurnContext) -> None:
        """Every activity: its ids go on the turn's log lines (never its text), then ActivityHandler dispatches."""
        activity = turn_context.activity
        conversation = activity.conversation
        logs.identify_turn(
            activity_type=activity.type,
            activity_id=activity.id,
            conversation_id=conversation.id if conversation is not None else None,
            tenant_id=(conversation.tenant_id if conversation is not None else None)
            or _id_in(_channel_data(activity), "tenant"),
        )
        await super().on_turn(turn_context)

    # ------------------------------------------------------------------ messages and buttons

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """A message, or an Action.Submit button (a message with ``value``): route and reply."""
        activity = turn_context.activity
        if len(activity.text or "") > MAX_MESSAGE_CHARS:
            # Cut before any parsing: nothing of the text is read, the member is told why.
            turn = await self._turn(activity, text="", value=None)
            limit = f"{MAX_MESSAGE_CHARS:,}"  # "4,000"; Danish writes "4.000"
            reply = _TOO_LONG[turn.language].format(limit=limit if turn.english else limit.replace(",", "."))
            await self._send(turn_context, [TextReply(reply)], turn.language)
            return
        value = activity.value if isinstance(activity.value, Mapping) else None
        turn = await self._turn(
            activity, text=strip_bot_mention(activity), value=value, attachments=file_attachments(activity)
        )
        replies = await handle(turn, self._services, self._routes)
        await self._send(turn_context, replies, turn.language)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """An Action.Execute button or a file consent answer; any other invoke gets 400 (nothing remembered)."""
        activity = turn_context.activity
        if activity.name == FILE_CONSENT_INVOKE:
            return await self._file_consent(turn_context)
        if activity.name != "adaptiveCard/action":
            logger.info("unsupported invoke %r in %s", (activity.name or "")[:100], activity.conversation.id)
            return _invoke_error(400, "NotSupported", "this bot handles no such invoke")
        value = activity.value if isinstance(activity.value, Mapping) else {}
        action = value.get("action")
        if not isinstance(action, Mapping) or action.get("type") != "Action.Execute":
            return _invoke_error(400, "BadRequest", "the card action is not an Action.Execute")
        return InvokeResponse(status=200, body=await self._card_action(turn_context, action))

    async def _card_action(self, turn_context: TurnContext, action: Mapping[str, Any]) -> dict[str, Any]:
        # Real Action.Execute payloads need not have a "verb"; the data says what to do.
        activity = turn_context.activity
        data = action.get("data")
        turn = await self._turn(activity, text="", value=data if isinstance(data, Mapping) else None)
        routed = route(turn, ACTION_ROUTES)
        if routed is None:
            # The action's name only: the rest of a card's data is what the user typed.
            name = action.get("verb") or (data.get("action") if isinstance(data, Mapping) else None)
            logger.info("unknown card action %.64r in conversation %s", name, turn.key.conversation_id)
            return invoke_message(_UNKNOWN_ACTION[turn.language])
        replies = await routed.run(turn, self._services)
        # The invoke response shows one thing in place of (or under) the pressed card; anything
        # more (an exported agenda, a file) follows as messages in the conversation.
        await self._send(turn_context, replies[1:], turn.language)
        return invoke_response(replies, language=turn.language)

    async def _file_consent(self, turn_context: TurnContext) -> InvokeResponse:
        """The answer to a FileConsentCard: on accept, make the file again and upload it (200 unless malformed)."""
        activity = turn_context.activity
        try:
            consent = read_consent(activity.value)
        except MalformedConsent as error:
            logger.warning("malformed file consent %s in %s: %s", activity.id, activity.conversation.id, error)
            return InvokeResponse(status=400, body={"error": str(error)})
        turn = await self._turn(activity, text="", value=consent.context)
        words = FILE_WORDS[turn.language]
        if consent.action == DECLINE:
            await self._send(turn_context, [TextReply(words["declined"])], turn.language)
            return InvokeResponse(status=200)
        source = _FILE_SOURCES.get(consent.context.get("action"))
        if source is None:
            await self._send(turn_context, [TextReply(_UNKNOWN_ACTION[turn.language])], turn.language)
            return InvokeResponse(status=200)
        replies = await source(turn, {"value": consent.context}, self._services)
        files = [reply for reply in replies if isinstance(reply, FileReply)]
        if not files or consent.upload is None:  # the dialog says why there is no file
            await self._send(turn_context, replies, turn.language)
            return InvokeResponse(status=200)
        try:
            if self._files is None:
                raise UploadError("this bot was started without file uploads")
            await self._files.put(consent.upload.upload_url, files[0].data)
        except (UploadError, ValueError) as error:  # ValueError: empty, or too large for one request
            # Not the file's name: a personal-data export is named after the person.
            logger.warning("could not upload an accepted file in %s: %s", turn.key.conversation_id, error)
            await self._send(turn_context, [TextReply(words["upload_failed"])], turn.language)
            return InvokeResponse(status=200)
        await turn_context.send_activity(file_info_activity(consent.upload, words["uploaded"]))
        return InvokeResponse(status=200)

    # ------------------------------------------------------------------ install and removal

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """Keep the reference current; the bot added is welcomed (once), the bot removed forgets the conversation."""
        activity = turn_context.activity
        if _includes_bot(activity.members_removed or [], activity):
            await self._forget(activity)
            return
        is_new = await self._remember(activity, always=True)
        if is_new and _includes_bot(activity.members_added or [], activity):
            await self._send(turn_context, welcome.run(), language_of(locale_of(activity)))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        # Teams announces one install twice (installationUpdate and conversationUpdate), and an
        # upgrade again: greet only a conversation the bot did not know.
        if await self._remember(activity, always=True):
            await self._send(turn_context, welcome.run(), language_of(locale_of(activity)))

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self._forget(turn_context.activity)

    async def on_unrecognized_activity_type(self, turn_context: TurnContext) -> None:
        logger.debug("ignored a %r activity", turn_context.activity.type)

    # ------------------------------------------------------------------ helpers

    async def _turn(
        self,
        activity: Activity,
        *,
        text: str,
        value: Mapping[str, Any] | None,
        attachments: tuple[FileAttachment, ...] = (),
    ) -> Turn:
        await self._remember(activity)
        key, tenant = key_of(activity), tenant_of(activity)
        committee = await self._conversations.committee_for(key)
        if committee is not None and not await self._services.access.sees(committee, tenant):
            committee = None  # linked before the committee was another tenant's: not this tenant's to see
        return Turn(
            tenant=tenant,
            text=text,
            language=language_of(locale_of(activity)),
            key=key,
            conversation_type=activity.conversation.conversation_type,
            user=conversation_user(activity) or ConversationUser(user_id="", aad_object_id=None, name=None),
            received_at=self._clock.now(),
            committee=committee,
            value=value,
            activity_id=activity.id,
            attachments=attachments,
        )

    async def _remember(self, activity: Activity, *, always: bool = False) -> bool:
        """Save the conversation reference and the sender; True when the conversation was new."""
        return await self._conversations.remember(
            conversation_ref(activity), conversation_user(activity), always=always
        )

    async def _forget(self, activity: Activity) -> None:
        await self._conversations.forget(key_of(activity))
        logger.info("removed from conversation %s (%s)", activity.conversation.id, activity.channel_id)

    async def _send(self, turn_context: TurnContext, replies: list[Reply], language: str) -> None:
        if not replies:
            return
        with_cards = supports_cards(turn_context.activity.channel_id)
        # Sent from the turn, so botbuilder sets reply_to_id: in a channel thread the reply stays in the thread.
        await turn_context.send_activities(render(replies, language=language, with_cards=with_cards))


def _invoke_error(status: int, code: str, message: str) -> InvokeResponse:
    # The Universal Actions error shape, serialised here: botbuilder's own fails on its Exception value.
    return InvokeResponse(
        status=status,
        body={
            "statusCode": status,
            "type": "application/vnd.microsoft.error",
            "value": {"code": code, "message": message},
        },
    )


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    """The adapter's error boundary: log with ids (a defect with its traceback), tell the user briefly."""
    logs.turn_failed()
    activity = context.activity
    conversation = activity.conversation.id if activity.conversation else None
    unreachable = isinstance(error, (ConnectorError, aiohttp.ClientError, TimeoutError))
    logger.log(
        logging.WARNING if unreachable else logging.ERROR,
        "turn failed: %s activity %s in conversation %s on %s: %s",
        activity.type,
        activity.id,
        conversation,
        activity.channel_id,
        f"{type(error).__name__}: {error}" if unreachable else type(error).__name__,
        exc_info=None if unreachable else error,
    )
    if unreachable or activity.type not in (ActivityTypes.message, ActivityTypes.invoke):
        return  # the apology would go the same way; nobody is waiting for an answer to an install or update
    try:
        text = _SORRY[language_of(locale_of(activity))]
        await context.send_activity(Activity(type=ActivityTypes.message, text=text, text_format="plain"))
    except Exception:  # the connector itself may be what failed; the turn is over either way
        logger.warning("could not tell the user about the failed turn %s", activity.id, exc_info=True)


# ---------------------------------------------------------------------- activity → our types


def strip_bot_mention(activity: Activity) -> str:
    """The message text without the bot's @mention (entity or bare ``<at>`` tag); others' mentions become names."""
    text = activity.text or ""
    bot = activity.recipient
    for entity in activity.entities or []:
        if (entity.type or "").lower() != "mention":
            continue
        properties = entity.additional_properties or {}
        mentioned = properties.get("mentioned") or {}
        mention_text = properties.get("text")
        if (
            bot is not None
            and isinstance(mentioned, Mapping)
            and mentioned.get("id") == bot.id
            and isinstance(mention_text, str)
            and mention_text
        ):
            text = text.replace(mention_text, " ")
    name = bot.name.strip().casefold() if bot is not None and bot.name else None
    # A tag naming the bot goes; other people's mentions become their names.
    text = _AT_RE.sub(lambda tag: " " if name and tag.group(1).strip().casefold() == name else tag.group(1), text)
    return " ".join(text.split())


# Teams' announcement of a file sent in a personal chat, with a pre-authorised downloadUrl.
FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
# Documents that the Emulator and Web Chat attach as plain links.
_DOCUMENT_TYPES = frozenset({
    "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain", "text/markdown", "text/html",
})  # fmt: skip  # a table kept compact


def file_attachments(activity: Activity) -> tuple[FileAttachment, ...]:
    """The files a message carries, in our own terms; cards and the message's own HTML are not files.

    Teams personal chat: ``file.download.info`` with a ``downloadUrl``. Channels and group chats: a
    SharePoint reference (``reference``, or any attachment whose contentUrl is on SharePoint), fetched
    through Graph. The Emulator and Web Chat: a document type with a plain link.
    """
    found: list[FileAttachment] = []
    for attachment in activity.attachments or []:
        kind = (attachment.content_type or "").lower()
        content = attachment.content if isinstance(attachment.content, Mapping) else {}
        url = _str(attachment.content_url)
        name = attachment.name or (url or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if kind == FILE_DOWNLOAD_INFO:
            found.append(FileAttachment(
                name, download_url=_str(content.get("downloadUrl")), content_url=url,
                file_type=_str(content.get("fileType")), unique_id=_str(content.get("uniqueId")),
            ))  # fmt: skip  # keyword arguments grouped by meaning
        elif url and (kind == "reference" or ".sharepoint." in (urlsplit(url).hostname or "")):
            found.append(FileAttachment(name, content_url=url))
        elif url and kind in _DOCUMENT_TYPES and activity.channel_id != "msteams" and url.startswith("http"):
            found.append(FileAttachment(name, download_url=url))
    return tuple(found)


def locale_of(activity: Activity) -> str | None:
    """The client's locale: the activity's, else the clientInfo entity's."""
    if activity.locale:
        return activity.locale
    for entity in activity.entities or []:
        if (entity.type or "").lower() == "clientinfo":
            locale = (entity.additional_properties or {}).get("locale")
            if isinstance(locale, str):
                return locale
    return None


def key_of(activity: Activity) -> ConversationKey:
    return conversation_key(activity.channel_id or "", activity.conversation.id)


def tenant_of(activity: Activity) -> str | None:
    """The Microsoft Entra tenant the activity comes from (Teams names it; the Emulator does not)."""
    return activity.conversation.tenant_id or _id_in(_channel_data(activity), "tenant")


def conversation_ref(activity: Activity) -> ConversationRef:
    """What a later proactive message needs to reach this conversation."""
    channel_data = _channel_data(activity)
    conversation = activity.conversation
    tenant = tenant_of(activity)
    bot = activity.recipient
    return ConversationRef(
        channel_id=activity.channel_id or "",
        service_url=activity.service_url or "",
        conversation_id=key_of(activity).conversation_id,
        conversation_type=conversation.conversation_type,
        tenant_id=tenant,
        team_id=_id_in(channel_data, "team") or _str(channel_data.get("teamsTeamId")),
        teams_channel_id=_id_in(channel_data, "channel") or _str(channel_data.get("teamsChannelId")),
        bot_id=bot.id if bot is not None and bot.id else "",
        bot_name=bot.name if bot is not None else None,
        locale=locale_of(activity),
    )


def conversation_user(activity: Activity) -> ConversationUser | None:
    sender = activity.from_property
    if sender is None or not sender.id:
        return None
    return ConversationUser(user_id=sender.id, aad_object_id=sender.aad_object_id, name=sender.name)


def _includes_bot(members: list[ChannelAccount], activity: Activity) -> bool:
    bot_id = activity.recipient.id if activity.recipient is not None else None
    return bot_id is not None and any(member.id == bot_id for member in members)


def _channel_data(activity: Activity) -> Mapping[str, Any]:
    return activity.channel_data if isinstance(activity.channel_data, Mapping) else {}


def _id_in(channel_data: Mapping[str, Any], name: str) -> str | None:
    value = channel_data.get(name)
    return _str(value.get("id")) if isinstance(value, Mapping) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
