"""The outbound half of the Bot Framework edge: one shared aiohttp client for the Bot Connector REST API.

Keep-alive connections and the token cache outlive the turn (botbuilder's stock client is rebuilt per
turn and sends with blocking ``requests``); the JSON is exactly botbuilder-schema's.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

import aiohttp
import botbuilder.schema
import botbuilder.schema.teams
from botbuilder.schema import (
    Activity,
    ConversationParameters,
    ConversationResourceResponse,
    ResourceResponse,
)
from msrest.serialization import Deserializer, Model, SerializationError, Serializer
from yarl import URL

# Tokens live in bot.tokens, apart from botbuilder, so the Microsoft Graph client shares them.
from bot.tokens import TokenSource, parse_retry_after
from bot.urls import is_loopback

logger = logging.getLogger(__name__)

#: The audience the public-cloud Bot Connector accepts tokens for.
BOT_CONNECTOR_AUDIENCE = "https://api.botframework.com"

# A send is a few KB; Teams itself gives the inbound request 15 s. Short limits, and at most half the pool
# for any one host, keep one slow or stalled connector from holding every connection and every turn: its
# sends wait for their own host's connections (``connect`` covers that wait) and fail after ``total``, while
# the other half serves other hosts. A region's Teams connector is one host, so its share stays 100 (the
# whole pool before), enough for reminders at Teams' own rate limits.
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=10, connect=5)
CONNECTION_LIMIT = 200
PER_HOST_LIMIT = 100
USER_AGENT = "Moedeassistent (aiohttp; Bot Framework Connector v3)"
_MAX_ERROR_BODY = 4000


class ConnectorError(Exception):
    """The Bot Connector answered a request with a non-2xx status (``retry_after``: its Retry-After, seconds)."""

    def __init__(self, status: int, retry_after: float | None, body: str) -> None:
        self.status = status
        self.retry_after = retry_after
        self.body = body
        wait = f", retry after {retry_after:g} s" if retry_after is not None else ""
        super().__init__(f"Bot Connector answered {status}{wait}: {body[:300]}")

    @property
    def is_throttled(self) -> bool:
        return self.status == 429


# msrest's serialize()/deserialize() cost 100-250 µs per short activity, the largest costs of a turn.
# serialize_model() and deserialize_model() give the same results (tests compare them on every recorded
# Teams activity) by walking each class's _attribute_map, handing what they do not recognise to msrest.


def _schema_classes() -> dict[str, type]:
    classes: dict[str, type] = {}
    for module in (botbuilder.schema, botbuilder.schema.teams):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Model):
                classes[name] = value
    return classes


_CLASSES = _schema_classes()
_MSREST = Serializer(_CLASSES)
_MSREST_IN = Deserializer(_CLASSES)
_PLANS: dict[type, tuple[tuple[str, str, str], ...] | None] = {}
_IN_PLANS: dict[type, tuple[tuple[tuple[str, str, str], ...], frozenset[str], tuple[str, ...]] | None] = {}
_BASIC = {"str": str, "bool": bool, "int": int, "float": float}


def _plan(cls: type) -> tuple[tuple[str, str, str], ...] | None:
    """(attribute, JSON key, type) per attribute, or None when the class needs msrest's full path."""
    plan = _PLANS.get(cls, ())
    if plan != ():
        return plan
    attributes = getattr(cls, "_attribute_map", {})
    validation = getattr(cls, "_validation", {})
    flattened = any("." in d["key"] or d["key"] == "" for d in attributes.values())
    if flattened or getattr(cls, "_subtype_map", None) or getattr(cls, "is_xml_model", lambda: False)():
        _PLANS[cls] = None
        return None
    built = tuple(
        (name, d["key"], d["type"]) for name, d in attributes.items() if not validation.get(name, {}).get("readonly")
    )
    _PLANS[cls] = built
    return built


def serialize_model(model: Model) -> dict[str, Any]:
    """Serialise a botbuilder-schema model to Bot Framework JSON, as ``model.serialize()`` does, faster."""
    plan = _plan(type(model))
    if plan is None:
        return model.serialize()
    out: dict[str, Any] = {}
    for name, key, kind in plan:
        value = getattr(model, name, None)
        if value is None:
            continue
        try:
            out[key] = _serialize_value(value, kind)
        except SerializationError:
            raise
        except ValueError:
            continue  # msrest leaves out attributes it cannot serialise in the same way
    return out


def _serialize_value(value: Any, kind: str) -> Any:
    basic = _BASIC.get(kind)
    if basic is not None:
        if type(value) is basic:
            return value
    elif kind == "object":
        return _serialize_object(value)
    elif kind[0] == "[" and type(value) is list and None not in value:
        inner = kind[1:-1]
        return [_serialize_value(item, inner) for item in value]
    elif kind in _MSREST.dependencies and isinstance(value, Model):
        return serialize_model(value)
    return _MSREST.serialize_data(value, kind)


def _in_plan(cls: type) -> tuple[tuple[tuple[str, str, str], ...], frozenset[str], tuple[str, ...]] | None:
    """(attributes, known JSON keys, read-only attributes) for deserialising, or None for msrest's path."""
    if cls in _IN_PLANS:
        return _IN_PLANS[cls]
    attributes = getattr(cls, "_attribute_map", None)
    validation = getattr(cls, "_validation", {})
    plan = None
    if (
        attributes is not None
        and not getattr(cls, "_subtype_map", None)
        and not any("." in d["key"] or d["key"] == "" for d in attributes.values())
        and not any(v.get("constant") for v in validation.values())
    ):
        readonly = tuple(name for name, v in validation.items() if v.get("readonly"))
        plan = (
            tuple((name, d["key"], d["type"]) for name, d in attributes.items()),
            frozenset(d["key"] for d in attributes.values()),
            readonly,
        )
    _IN_PLANS[cls] = plan
    return plan


def deserialize_model(cls: type[Model], data: Any) -> Any:
    """Read Bot Framework JSON into a botbuilder-schema model, as ``cls().deserialize(data)`` does, faster."""
    plan = _in_plan(cls) if type(data) is dict else None
    if plan is None:
        return _MSREST_IN._deserialize(cls.__name__, data)
    attributes, known, readonly = plan
    values: dict[str, Any] = {}
    for name, key, kind in attributes:
        raw = data.get(key)
        values[name] = None if raw is None else _deserialize_value(raw, kind)
    model = cls(**{k: v for k, v in values.items() if k not in readonly})
    for name in readonly:
        setattr(model, name, values.get(name))
    extra = data.keys() - known
    if extra:
        model.additional_properties = {key: data[key] for key in extra}
    return model


def _deserialize_value(value: Any, kind: str) -> Any:
    basic = _BASIC.get(kind)
    if basic is not None:
        if type(value) is basic:
            return value
    elif kind == "object":
        return _plain_copy(value)
    elif kind[0] == "[" and type(value) is list:
        inner = kind[1:-1]
        return [None if item is None else _deserialize_value(item, inner) for item in value]
    elif type(value) is dict:
        target = _MSREST_IN.dependencies.get(kind)
        if isinstance(target, type) and issubclass(target, Model):
            return deserialize_model(target, value)
    return _MSREST_IN.deserialize_data(value, kind)


def _plain_copy(value: Any) -> Any:
    # msrest's deserialize_object copies JSON containers and keeps scalars.
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is dict:
        return {key: _plain_copy(item) for key, item in value.items()}
    if kind is list:
        return [_plain_copy(item) for item in value]
    return _MSREST_IN.deserialize_object(value)


def _serialize_object(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is dict and all(type(k) is str for k in value):
        return {k: _serialize_object(v) for k, v in value.items()}
    if kind is list:
        return [_serialize_object(item) for item in value]
    if isinstance(value, Model):
        return serialize_model(value)
    return _MSREST.serialize_object(value)


def activities_url(service_url: str, conversation_id: str, activity_id: str | None = None) -> URL:
    """A conversation's activities URL; ids (Teams' hold ``:;=@``) are fully percent-encoded, as botbuilder does."""
    path = service_url.rstrip("/") + "/v3/conversations/" + quote(conversation_id, safe="") + "/activities"
    if activity_id is not None:
        path += "/" + quote(activity_id, safe="")
    return URL(path, encoded=True)


class BotConnector:
    """Sends activities to the Bot Connector service over one shared ``aiohttp.ClientSession``.

    Without a token source it sends no Authorization header, and only to loopback (local mode).
    """

    def __init__(
        self,
        tokens: TokenSource | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
        connection_limit: int = CONNECTION_LIMIT,
        per_host_limit: int = PER_HOST_LIMIT,
    ) -> None:
        self.tokens = tokens
        self._owns_session = session is None
        self._session = session or aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=connection_limit, limit_per_host=per_host_limit, keepalive_timeout=60),
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
        )

    @property
    def local_mode(self) -> bool:
        return self.tokens is None

    @property
    def session(self) -> aiohttp.ClientSession:
        return self._session

    async def close(self) -> None:
        if self._owns_session and not self._session.closed:
            await self._session.close()

    async def __aenter__(self) -> BotConnector:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def reply_to_activity(
        self,
        service_url: str,
        conversation_id: str,
        reply_to_id: str,
        activity: Activity,
        *,
        audience: str = BOT_CONNECTOR_AUDIENCE,
    ) -> ResourceResponse:
        """Reply in a thread; raises ConnectorError (non-2xx), TokenError, aiohttp.ClientError or TimeoutError."""
        return await self._send_activity(
            "POST", activities_url(service_url, conversation_id, reply_to_id), audience, activity
        )

    async def send_to_conversation(
        self, service_url: str, conversation_id: str, activity: Activity, *, audience: str = BOT_CONNECTOR_AUDIENCE
    ) -> ResourceResponse:
        """A new message (e.g. a proactive reminder)."""
        return await self._send_activity("POST", activities_url(service_url, conversation_id), audience, activity)

    async def update_activity(
        self,
        service_url: str,
        conversation_id: str,
        activity_id: str,
        activity: Activity,
        *,
        audience: str = BOT_CONNECTOR_AUDIENCE,
    ) -> ResourceResponse:
        """Replace a sent message or card."""
        return await self._send_activity(
            "PUT", activities_url(service_url, conversation_id, activity_id), audience, activity
        )

    async def delete_activity(
        self, service_url: str, conversation_id: str, activity_id: str, *, audience: str = BOT_CONNECTOR_AUDIENCE
    ) -> None:
        await self._call("DELETE", activities_url(service_url, conversation_id, activity_id), audience, None)

    async def create_conversation(
        self, service_url: str, parameters: ConversationParameters, *, audience: str = BOT_CONNECTOR_AUDIENCE
    ) -> ConversationResourceResponse:
        """Start a conversation (e.g. a 1:1 chat with a member)."""
        url = URL(service_url.rstrip("/") + "/v3/conversations", encoded=True)
        data = await self._call("POST", url, audience, serialize_model(parameters))
        return ConversationResourceResponse().deserialize(data or {})

    async def _send_activity(self, method: str, url: URL, audience: str, activity: Activity) -> ResourceResponse:
        return _resource_response(await self._call(method, url, audience, serialize_model(activity)))

    async def _call(self, method: str, url: URL, audience: str, payload: dict[str, Any] | None) -> Any:
        if url.user is not None or url.password is not None or (self.local_mode and not is_loopback(url.host or "")):
            # A reference stored before the rule, or a caller's mistake: nothing leaves the machine.
            logger.warning("Bot Connector %s refused before sending: a URL with credentials, or off loopback", method)
            raise ConnectorError(403, None, "not sent: a URL with credentials, or off loopback in local mode")
        headers = {"Accept": "application/json"}
        if self.tokens is not None:
            headers["Authorization"] = "Bearer " + await self.tokens.token(audience)
        body = None
        if payload is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
            body = json.dumps(payload, ensure_ascii=False).encode()
        try:
            return await self._send(method, url, body, headers)
        except aiohttp.ServerDisconnectedError:
            # A kept-alive connection the server closed as we reused it (Node's servers, such as the
            # Agents Playground's connector, drop idle ones after 5 s): the request never got an
            # answer, so it is sent once more, on a new connection.
            logger.info("Bot Connector %s %s: connection closed by the server, sending again", method, url.path)
            return await self._send(method, url, body, headers)

    async def _send(self, method: str, url: URL, body: bytes | None, headers: dict[str, str]) -> Any:
        async with self._session.request(method, url, data=body, headers=headers) as response:
            text = await response.text()
            if not 200 <= response.status < 300:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                logger.warning(
                    "Bot Connector %s %s answered %s (retry after %s)", method, url.path, response.status, retry_after
                )
                raise ConnectorError(response.status, retry_after, text[:_MAX_ERROR_BODY])
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except ValueError:
            # A 2xx with a non-JSON body still delivered the activity; there is just no id to return.
            logger.warning(
                "Bot Connector %s %s answered %s with a body that is not JSON", method, url.path, response.status
            )
            return None


def _resource_response(data: Any) -> ResourceResponse:
    # ResourceResponse has a single field; msrest's deserialiser costs more than the send's parsing.
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return ResourceResponse(id=data["id"])
    return ResourceResponse()
