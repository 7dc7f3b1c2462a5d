"""A botbuilder CloudAdapter whose outbound calls go through one shared, non-blocking BotConnector.

The stock ConnectorFactory builds a new msrest client with new msal credentials per turn and sends
with ``requests`` in a thread pool; ours hands each turn a view of the shared aiohttp ``BotConnector``
(other operations fall back to a stock client built on demand). Inbound JSON is read with
``deserialize_model`` and outgoing activities copied with ``copy_activity``, not ``copy.deepcopy``.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from botbuilder.core import Bot, TurnContext, serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ConversationParameters,
    ConversationResourceResponse,
    DeliveryModes,
    ResourceResponse,
)
from botframework.connector.auth import (
    AuthenticateRequestResult,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.token_api.models import TokenExchangeRequest
from msrest.serialization import Model

from bot.teams import signing_keys
from bot.teams.activity_shape import MAX_ATTACHMENTS, MalformedActivity, check_activity
from bot.teams.connector import BOT_CONNECTOR_AUDIENCE, BotConnector, deserialize_model
from bot.teams.signing_keys import KeySource

logger = logging.getLogger(__name__)


class _SharedConversations:
    """The ``conversations`` operations CloudAdapterBase calls, sent through the shared BotConnector."""

    def __init__(self, client: SharedConnectorClient) -> None:
        self._client = client

    async def reply_to_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **_options: Any
    ) -> ResourceResponse:
        c = self._client
        return await c.connector.reply_to_activity(
            c.service_url, conversation_id, activity_id, activity, audience=c.audience
        )

    async def send_to_conversation(self, conversation_id: str, activity: Activity, **_options: Any) -> ResourceResponse:
        c = self._client
        return await c.connector.send_to_conversation(c.service_url, conversation_id, activity, audience=c.audience)

    async def update_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **_options: Any
    ) -> ResourceResponse:
        c = self._client
        return await c.connector.update_activity(
            c.service_url, conversation_id, activity_id, activity, audience=c.audience
        )

    async def delete_activity(self, conversation_id: str, activity_id: str, **_options: Any) -> None:
        c = self._client
        await c.connector.delete_activity(c.service_url, conversation_id, activity_id, audience=c.audience)

    async def create_conversation(
        self, parameters: ConversationParameters, **_options: Any
    ) -> ConversationResourceResponse:
        c = self._client
        return await c.connector.create_conversation(c.service_url, parameters, audience=c.audience)

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        # Rarely used operations (members, attachments, history) go through a stock client.
        async def call(*args: Any, **kwargs: Any) -> Any:
            stock = await self._client.stock_client()
            return await getattr(stock.conversations, name)(*args, **kwargs)

        return call


class SharedConnectorClient:
    """What one turn sees as its ConnectorClient: the shared connector, bound to a service URL and audience."""

    def __init__(
        self, connector: BotConnector, service_url: str, audience: str, fallback: ConnectorFactory | None
    ) -> None:
        self.connector = connector
        self.service_url = service_url
        self.audience = audience
        self._fallback = fallback
        self._stock: Any = None
        self.conversations = _SharedConversations(self)

    async def stock_client(self) -> Any:
        """A botbuilder ConnectorClient for the same service URL, built on first use."""
        if self._stock is None:
            if self._fallback is None:
                raise NotImplementedError("this operation needs botbuilder's ConnectorClient, and none is available")
            self._stock = await self._fallback.create(self.service_url, self.audience)
        return self._stock


class SharedConnectorFactory(ConnectorFactory):
    """Hands every turn a view of the one shared BotConnector instead of a new msrest client."""

    def __init__(self, connector: BotConnector, default_audience: str, fallback: ConnectorFactory | None) -> None:
        self._connector = connector
        self._default_audience = default_audience
        self._fallback = fallback

    async def create(self, service_url: str, audience: str | None = None) -> SharedConnectorClient:  # type: ignore[override]  # botbuilder's factory declares its own client type
        return SharedConnectorClient(self._connector, service_url, audience or self._default_audience, self._fallback)


class _LazyUserTokenClient(UserTokenClient):
    """Defers botbuilder's costly per-turn UserTokenClient to first use (the bot has no OAuth sign-in)."""

    def __init__(self, make: Callable[[], Awaitable[UserTokenClient]]) -> None:
        self._make = make
        self._inner: UserTokenClient | None = None

    async def _get(self) -> UserTokenClient:
        if self._inner is None:
            self._inner = await self._make()
        return self._inner

    async def get_user_token(self, user_id: str, connection_name: str, channel_id: str, magic_code: str) -> Any:
        return await (await self._get()).get_user_token(user_id, connection_name, channel_id, magic_code)

    async def get_sign_in_resource(self, connection_name: str, activity: Activity, final_redirect: str) -> Any:
        return await (await self._get()).get_sign_in_resource(connection_name, activity, final_redirect)

    async def sign_out_user(self, user_id: str, connection_name: str, channel_id: str) -> Any:
        return await (await self._get()).sign_out_user(user_id, connection_name, channel_id)

    async def get_token_status(self, user_id: str, channel_id: str, include_filter: str) -> Any:
        return await (await self._get()).get_token_status(user_id, channel_id, include_filter)

    async def get_aad_tokens(
        self, user_id: str, connection_name: str, resource_urls: list[str], channel_id: str
    ) -> Any:
        return await (await self._get()).get_aad_tokens(user_id, connection_name, resource_urls, channel_id)

    async def exchange_token(
        self, user_id: str, connection_name: str, channel_id: str, exchange_request: TokenExchangeRequest
    ) -> Any:
        return await (await self._get()).exchange_token(user_id, connection_name, channel_id, exchange_request)


class SharedConnectorAuthentication(BotFrameworkAuthentication):
    """botbuilder's BotFrameworkAuthentication with the outbound connector factory swapped for ours."""

    def __init__(self, inner: BotFrameworkAuthentication, connector: BotConnector) -> None:
        self.inner = inner
        self.connector = connector
        try:
            self._audience = inner.get_originating_audience() or BOT_CONNECTOR_AUDIENCE
        except Exception:  # the abstract base raises for implementations that do not say
            self._audience = BOT_CONNECTOR_AUDIENCE

    def _factory(self, stock: ConnectorFactory | None) -> SharedConnectorFactory:
        return SharedConnectorFactory(self.connector, self._audience, stock)

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self.inner.authenticate_request(activity, auth_header)
        result.connector_factory = self._factory(result.connector_factory)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        # Streaming (Direct Line ASE) sends over its own socket; leave its factory alone.
        return await self.inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._factory(self.inner.create_connector_factory(claims_identity))

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return _LazyUserTokenClient(lambda: self.inner.create_user_token_client(claims_identity))

    def create_bot_framework_client(self) -> Any:
        return self.inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self.inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self.inner.authenticate_channel_request(auth_header)


def copy_activity(value: Any) -> Any:
    """Copy an outgoing activity for sending: msrest models and lists are rebuilt, JSON objects shared.

    Addressing sets only model attributes, and JSON objects (card content) are only read from here on,
    so sharing them is safe; deep-copying an answer card cost as much as serialising it.
    """
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float or kind is dict:
        return value
    if isinstance(value, Model):
        clone = kind.__new__(kind)
        clone.__dict__.update({key: copy_activity(item) for key, item in value.__dict__.items()})
        return clone
    if kind is list:
        return [copy_activity(item) for item in value]
    return copy.deepcopy(value)


class _TurnContext(TurnContext):
    """botbuilder's TurnContext with a cheaper copy of outgoing activities."""

    async def send_activities(self, activities: list[Activity]) -> list[ResourceResponse]:
        # The body of botbuilder 4.17's TurnContext.send_activities, with copy_activity for deepcopy.
        sent_non_trace_activity = False
        ref = TurnContext.get_conversation_reference(self.activity)

        def activity_validator(activity: Activity) -> Activity:
            nonlocal sent_non_trace_activity
            if not getattr(activity, "type", None):
                activity.type = ActivityTypes.message
            if activity.type != ActivityTypes.trace:
                sent_non_trace_activity = True
            if not activity.input_hint:
                activity.input_hint = "acceptingInput"
            activity.id = None
            return activity

        output = [
            activity_validator(TurnContext.apply_conversation_reference(copy_activity(act), ref)) for act in activities
        ]

        async def logic() -> list[ResourceResponse]:
            if self.activity.delivery_mode == DeliveryModes.expect_replies:
                responses = []
                for activity in output:
                    self.buffered_reply_activities.append(activity)
                    if activity.type == ActivityTypes.invoke_response:
                        self.turn_state[TurnContext._INVOKE_RESPONSE_KEY] = activity
                    responses.append(ResourceResponse())
                if sent_non_trace_activity:
                    self.responded = True
                return responses
            responses = await self.adapter.send_activities(self, output)
            if sent_non_trace_activity:
                self.responded = True
            return responses

        return await self._emit(self._on_send_activities, output, logic())


async def activity_json(request: web.Request, *, loopback_only: bool) -> dict[str, Any]:
    """The request body as an activity of a shape the bot handles (bot.teams.activity_shape), else a 4xx."""
    if "application/json" not in request.headers.get("Content-Type", ""):
        raise web.HTTPUnsupportedMediaType()
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # the json scanner gives up on very deep nesting
        raise web.HTTPBadRequest(text="body is not JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body is not an activity")
    try:
        check_activity(body, loopback_only=loopback_only)
    except MalformedActivity as refused:
        logger.info("refused a malformed activity on %s: %s", request.path, refused.reason)
        raise _REFUSALS[refused.status](text=refused.reason) from None
    return body


_REFUSALS: dict[int, Callable[..., web.HTTPClientError]] = {
    400: web.HTTPBadRequest,
    403: web.HTTPForbidden,
    413: lambda text: web.HTTPRequestEntityTooLarge(max_size=MAX_ATTACHMENTS, text=text),
}


def tenant_of(activity: dict[str, Any]) -> str | None:
    """The Entra tenant an activity names (conversation.tenantId, else channelData.tenant.id)."""
    conversation = activity.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("tenantId"), str):
        return conversation["tenantId"]
    channel_data = activity.get("channelData")
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return tenant["id"]
    return None


class SharedConnectorAdapter(CloudAdapter):
    """botbuilder's aiohttp CloudAdapter, sending through one shared BotConnector."""

    def __init__(
        self,
        authentication: BotFrameworkAuthentication,
        connector: BotConnector,
        *,
        allowed_tenants: frozenset[str] = frozenset(),
        key_source: KeySource | None = None,
    ) -> None:
        """``allowed_tenants``: lower-case tenant ids accepted (empty accepts all)."""
        super().__init__(SharedConnectorAuthentication(authentication, connector))
        self.connector = connector
        self.allowed_tenants = allowed_tenants
        self.key_source = key_source or KeySource()
        signing_keys.install()

    def _create_turn_context(
        self,
        activity: Activity,
        claims_identity: ClaimsIdentity,
        oauth_scope: str,
        connector_client: Any,
        user_token_client: UserTokenClient,
        logic: Callable[[TurnContext], Awaitable],
        connector_factory: ConnectorFactory,
    ) -> TurnContext:
        # As CloudAdapterBase._create_turn_context, with our TurnContext subclass.
        context = _TurnContext(self, activity)
        context.turn_state[self.BOT_IDENTITY_KEY] = claims_identity
        context.turn_state[self.BOT_CONNECTOR_CLIENT_KEY] = connector_client
        context.turn_state[self.USER_TOKEN_CLIENT_KEY] = user_token_client
        context.turn_state[self.BOT_CALLBACK_HANDLER_KEY] = logic
        context.turn_state[self.CONNECTOR_FACTORY_KEY] = connector_factory
        context.turn_state[self.BOT_OAUTH_SCOPE_KEY] = oauth_scope
        return context

    async def process(
        self, request: web.Request, bot: Bot, ws_response: web.WebSocketResponse | None = None
    ) -> web.Response | None:
        """Handle POST /api/messages: authenticate, check the tenant, run the turn, answer 201 or the invoke response.

        Every authentication failure answers 401 before the bot runs (the stock one gives 500 for tokens
        that fail to parse); the tenant is checked only after it, so a stranger learns nothing about the
        allow-list.
        """
        if request.method != "POST":
            return await super().process(request, bot, ws_response)  # web socket streaming, or 405
        body = await activity_json(request, loopback_only=self.connector.tokens is None)
        try:
            activity: Activity = deserialize_model(Activity, body)
        except Exception:  # msrest raises several types for fields of the wrong shape (e.g. a timestamp)
            raise web.HTTPBadRequest(text="body is not an activity") from None

        auth_header = request.headers.get("Authorization", "")
        source = signing_keys.KEY_SOURCE.set(self.key_source)
        try:
            authentication = await self.bot_framework_authentication.authenticate_request(activity, auth_header)
        except Exception as error:
            # PermissionError for a refused token, jwt/ValueError for one that does not parse, and
            # anything else that stops validation: in every case the request is not trusted.
            logger.warning("refused an activity on %s: %s: %s", request.path, type(error).__name__, error)
            raise web.HTTPUnauthorized() from None
        finally:
            signing_keys.KEY_SOURCE.reset(source)
        if self.allowed_tenants:
            tenant = tenant_of(body)
            if tenant is None or tenant.lower() not in self.allowed_tenants:
                logger.warning("refused an activity from tenant %s", tenant)
                raise web.HTTPForbidden(text="tenant not allowed")

        invoke_response = await self.process_activity(authentication, activity, bot.on_turn)
        if invoke_response:
            body = invoke_response.body
            # ActivityHandler hands over bodies already serialised to dicts; the stock process runs
            # them through msrest again and fails, so only msrest models are serialised here.
            if isinstance(body, Model):
                body = serializer_helper(body)
            return web.json_response(data=body, status=invoke_response.status)
        return web.Response(status=201)
