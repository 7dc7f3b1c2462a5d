"""The shape an inbound activity must have before anything reads, authenticates or stores it.

Anything off the Bot Framework schema is refused here once, with a 4xx, not deep in a turn. Only what the
bot reads is checked; unknown fields pass, and card data (``value``) only has to be well-formed JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from bot.urls import is_loopback

# Teams' activities, card values and Action.Execute data nest a dozen levels at most; deeper JSON is refused
# before anything walks it recursively (msrest, copies, serialisers).
MAX_JSON_DEPTH = 64
# Teams' conversation, activity and user ids are a few hundred characters at most.
MAX_ID_LENGTH = 1000
MAX_URL_LENGTH = 2048
# A Teams message carries its files (ten at most in the client) and the message's own HTML.
MAX_ATTACHMENTS = 20
# Numbers in Teams' JSON are JavaScript's: integers beyond 2^53 do not exist there.
MAX_SAFE_INTEGER = 2**53 - 1
DELIVERY_MODES = frozenset({"normal", "notification", "expectReplies", "ephemeral"})

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TEXT_FIELDS = (
    "type", "id", "channelId", "serviceUrl", "text", "textFormat", "locale", "name", "replyToId",
    "deliveryMode", "action", "timestamp", "localTimestamp", "localTimezone", "inputHint", "summary",
)  # fmt: skip  # a table kept compact
_ACCOUNT_FIELDS = ("id", "name", "aadObjectId", "role")


class MalformedActivity(Exception):
    """The request body is not an activity the bot accepts: an English ``reason`` (never the text), a 4xx ``status``."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def check_activity(body: Mapping[str, Any], *, loopback_only: bool) -> None:
    """Raise MalformedActivity for an activity whose shape the bot cannot handle (``loopback_only``: local mode)."""
    check_json(body)
    for field in _TEXT_FIELDS:
        _optional(body, field, str)
    if not body.get("type"):
        raise MalformedActivity("activity has no type")
    if not body.get("channelId"):
        raise MalformedActivity("activity has no channelId")
    for field in ("id", "replyToId"):
        _length(body, field, MAX_ID_LENGTH)
    if body.get("deliveryMode") is not None and body["deliveryMode"] not in DELIVERY_MODES:
        raise MalformedActivity("unknown deliveryMode")
    check_service_url(body.get("serviceUrl"), loopback_only=loopback_only)

    conversation = body.get("conversation")
    if not isinstance(conversation, Mapping):
        raise MalformedActivity("activity has no conversation")
    if not isinstance(conversation.get("id"), str) or not conversation["id"]:
        raise MalformedActivity("conversation has no id")
    _length(conversation, "id", MAX_ID_LENGTH, "conversation.")
    for field in ("tenantId", "conversationType", "name"):
        _optional(conversation, field, str, "conversation.")
    _optional(conversation, "isGroup", bool, "conversation.")

    for field in ("from", "recipient"):
        _account(body.get(field), field)
    for field in ("membersAdded", "membersRemoved"):
        for member in _list_of_objects(body, field):
            _account(member, field)
    _entities(body)
    attachments = _list_of_objects(body, "attachments")
    if len(attachments) > MAX_ATTACHMENTS:
        raise MalformedActivity(f"more than {MAX_ATTACHMENTS} attachments", status=413)
    for attachment in attachments:
        for field in ("contentType", "contentUrl", "name"):
            _optional(attachment, field, str, "attachment.")
        _length(attachment, "contentUrl", MAX_URL_LENGTH, "attachment.")
    channel_data = _optional(body, "channelData", Mapping)
    if channel_data is not None:
        for field in ("tenant", "team", "channel"):
            part = _optional(channel_data, field, Mapping, "channelData.")
            if part is not None:
                _optional(part, "id", str, f"channelData.{field}.")


def check_json(value: Any) -> None:
    """Refuse JSON the Bot Framework never sends: deep nesting, lone surrogates, numbers JavaScript lacks.

    Walks the tree without recursion, so a deep body cannot exhaust the stack.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str:
            if _SURROGATE.search(item):
                raise MalformedActivity("body is not valid Unicode (lone surrogate)")
        elif kind is int:
            if abs(item) > MAX_SAFE_INTEGER:
                raise MalformedActivity("number out of range")
        elif kind is float:
            if not math.isfinite(item):
                raise MalformedActivity("number out of range")
        elif kind is dict or kind is list:
            if depth > MAX_JSON_DEPTH:
                raise MalformedActivity("body is nested too deeply")
            if kind is dict:
                stack.extend((key, depth) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def check_service_url(url: Any, *, loopback_only: bool) -> None:
    """An http(s) URL with a host and no user name or password; in local mode, on this machine only (else 403)."""
    if not isinstance(url, str) or not url:
        raise MalformedActivity("activity has no serviceUrl")
    if len(url) > MAX_URL_LENGTH:
        raise MalformedActivity("serviceUrl is too long")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number or out of range
    except ValueError:
        raise MalformedActivity("serviceUrl is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise MalformedActivity("serviceUrl is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise MalformedActivity("serviceUrl must not carry a user name or password")
    if loopback_only and not is_loopback(parts.hostname):
        raise MalformedActivity("local mode sends only to serviceUrls on loopback", status=403)


def _optional(where: Mapping[str, Any], field: str, kind: type, path: str = "") -> Any:
    value = where.get(field)
    if value is not None and not isinstance(value, kind):
        raise MalformedActivity(f"{path}{field} has the wrong type")
    return value


def _length(where: Mapping[str, Any], field: str, limit: int, path: str = "") -> None:
    value = where.get(field)
    if isinstance(value, str) and len(value) > limit:
        raise MalformedActivity(f"{path}{field} is longer than {limit} characters")


def _list_of_objects(where: Mapping[str, Any], field: str) -> list[Mapping[str, Any]]:
    value = _optional(where, field, list) or []
    if not all(isinstance(item, Mapping) for item in value):
        raise MalformedActivity(f"{field} must hold objects")
    return value


def _account(account: Any, field: str) -> None:
    if account is None:
        return
    if not isinstance(account, Mapping):
        raise MalformedActivity(f"{field} has the wrong type")
    for name in _ACCOUNT_FIELDS:
        _optional(account, name, str, f"{field}.")
    _length(account, "id", MAX_ID_LENGTH, f"{field}.")


def _entities(body: Mapping[str, Any]) -> None:
    for entity in _list_of_objects(body, "entities"):
        kind = (_optional(entity, "type", str, "entity.") or "").lower()
        if kind == "mention":
            _optional(entity, "text", str, "mention.")
            _account(entity.get("mentioned"), "mention.mentioned")
        elif kind == "clientinfo":
            _optional(entity, "locale", str, "clientInfo.")
