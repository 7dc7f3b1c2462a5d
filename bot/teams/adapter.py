"""A botbuilder CloudAdapter whose outbound calls go through one shared, non-blocking BotConnector.

What stays botbuilder's: inbound authentication (``BotFrameworkAuthentication.authenticate_request``,
i.e. ConfigurationBotFrameworkAuthentication), the TurnContext, ActivityHandler dispatch, invoke
responses, ``continue_conversation`` and ``create_conversation``.

What changes is one seam: the ConnectorFactory that CloudAdapterBase asks for a ConnectorClient on
every turn. The stock factory builds a new msrest ConnectorClient with new msal credentials per turn
and sends with ``requests`` in a thread pool. Ours hands out a light per-turn view of the shared
``BotConnector`` that answers the calls CloudAdapterBase makes (reply, send, update, delete, create
conversation) over aiohttp. Any other ConnectorClient operation (e.g. TeamsInfo's member look-ups) is
passed on to a stock ConnectorClient built on demand, so it still works, just the slow way.

Two smaller changes keep botbuilder's CPU cost per turn near a bare aiohttp handler's: inbound JSON
is read with ``deserialize_model`` (msrest's result, faster), and the TurnContext copies outgoing
activities with ``copy_activity`` (models copied, JSON objects shared) instead of ``copy.deepcopy`` (the
only method it overrides).
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
    """The ``conversations`` operations of a ConnectorClient, sent through the shared BotConnector.

    Signatures mirror botframework-connector's async ConversationsOperations, which is what
    CloudAdapterBase calls.
    """

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
        """A botbuilder ConnectorClient for the same service URL, built on first use.

        Raises:
            NotImplementedError: There is no stock factory to fall back on.
        """
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
        """Return the shared connector bound to ``service_url`` (no I/O, no per-turn credentials)."""
        return SharedConnectorClient(self._connector, service_url, audience or self._default_audience, self._fallback)


class _LazyUserTokenClient(UserTokenClient):
    """Defers botbuilder's per-turn UserTokenClient (new credentials and msrest client) to first use.

    The bot does not use OAuth sign-in, so most turns never need it.
    """

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
    """botbuilder's BotFrameworkAuthentication with the outbound connector factory swapped for ours.

    Inbound validation, caller ids, skills and streaming are all the inner object's.
    """

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

    botbuilder's TurnContext deep-copies every outgoing activity with ``copy.deepcopy``, so that
    addressing it (conversation, from, recipient, reply id, input hint: attributes of the models) leaves
    the caller's activity as it was. Copying the models does that. A JSON object inside one (a card's
    content, channel data, a value) is only read from here on (serialised into a new tree), so it is
    shared, not walked: for an answer card that walk was as costly as the serialisation itself.
    Any other object is still handed to ``copy.deepcopy``.
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
    """botbuilder's TurnContext with a cheaper copy of outgoing activities; behaviour is unchanged."""

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
    """The request body as an activity of a shape the bot handles (bot.teams.activity_shape).

    aiohttp keeps the body, so it can be read again.

    Raises:
        web.HTTPUnsupportedMediaType: the body is not declared as JSON.
        web.HTTPRequestEntityTooLarge: the body is over the app's ``client_max_size``, or has too many
            attachments.
        web.HTTPBadRequest: the body is not JSON or not an activity (activity_shape says why).
        web.HTTPForbidden: local mode, and the serviceUrl is not on loopback.
    """
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
    """botbuilder's aiohttp CloudAdapter, sending through one shared BotConnector.

    Use it exactly like CloudAdapter: ``await adapter.process(request, bot)`` in the POST
    /api/messages handler, ``adapter.on_turn_error = …``, ``await adapter.continue_conversation(…)``.
    """

    def __init__(
        self,
        authentication: BotFrameworkAuthentication,
        connector: BotConnector,
        *,
        allowed_tenants: frozenset[str] = frozenset(),
        key_source: KeySource | None = None,
    ) -> None:
        """Wrap botbuilder's authentication so outbound calls use ``connector``.

        Args:
            authentication: Inbound authentication, e.g. from ``bot.teams.auth.build_authentication``.
            connector: The shared outbound client; its lifetime is the app's, not the adapter's.
            allowed_tenants: lower-case tenant ids whose authenticated activities are accepted; empty
                accepts all.
            key_source: how Microsoft's signing keys are fetched (bot.teams.signing_keys); None for the
                defaults. Keys are always fetched asynchronously, with a time-out.
        """
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

        Unlike the stock ``process``, every authentication failure (a missing header when credentials
        are set, a malformed or forged token) answers 401 before the bot runs, rather than 500 for
        tokens that fail to parse; a missing Content-Type answers 415, a body that is not an activity of a
        shape the bot handles 400 (413 for too many attachments, 403 for a serviceUrl off loopback in local
        mode; see bot.teams.activity_shape), and a tenant outside ``allowed_tenants`` 403, only after
        authentication, so a stranger learns nothing about the allow-list.

        Raises:
            web.HTTPException: 400, 401, 403, 405, 413 or 415 as above.
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
