"""Small real servers on 127.0.0.1 that stand in for Microsoft's cloud in tests and benchmarks.

``ConnectorStandIn`` speaks the Bot Connector v3 REST wire format (reply, send, update, delete,
create conversation) and records what it receives, including which TCP connection each request came
on. It can answer after a delay, hold every answer until released (a stalled connector) and play
scripted failures (500, 429 with Retry-After).

``LoginStandIn`` answers msal's tenant discovery and client-credential token requests over HTTPS
with a self-signed certificate made on the spot, trusted only by whoever is given its path.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import itertools
import json
import ssl
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import web

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Received:
    """One request the stand-in connector received."""

    method: str
    path: str
    base_path: str  # the service URL's own path, e.g. /amer/<tenant>
    conversation_id: str | None
    activity_id: str | None
    body: Any
    authorization: str | None
    peer: tuple[str, int]

    @property
    def kind(self) -> str:
        """reply, send, update, delete or create_conversation."""
        if self.conversation_id is None:
            return "create_conversation"
        if self.method == "PUT":
            return "update"
        if self.method == "DELETE":
            return "delete"
        return "reply" if self.activity_id is not None else "send"


@dataclass(slots=True)
class _Scripted:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class ConnectorStandIn:
    """A Bot Connector stand-in: start() it, point serviceUrl at ``service_url``, read ``received``.

    Args:
        delay: Seconds to wait before answering each request (simulates a slow connector).
        required_token: When set, requests without ``Authorization: Bearer <required_token>`` get 401.
        record: Keep every request in ``received`` (benchmarks turn this off to save memory).
    """

    delay: float = 0.0
    required_token: str | None = None
    record: bool = True
    received: list[Received] = field(default_factory=list)
    peers: set[tuple[str, int]] = field(default_factory=set)
    count: int = 0
    _script: deque[_Scripted] = field(default_factory=deque)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0
    _gate: asyncio.Event | None = None

    def hold(self) -> None:
        """Answer nothing until ``release()``: a stalled connector (requests are received and counted)."""
        self._gate = asyncio.Event()

    def release(self) -> None:
        """Answer the held requests and those that follow."""
        if self._gate is not None:
            self._gate.set()

    @property
    def service_url(self) -> str:
        """A service URL shaped like Teams' (with a region and tenant path and a trailing slash)."""
        return f"http://{HOST}:{self.port}/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/"

    def fail_next(self, status: int, *, retry_after: str | None = None, body: str | None = None) -> None:
        """Answer the next request with ``status`` (queued; later requests answer normally again)."""
        headers = {"Content-Type": "application/json"}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        payload = (
            body if body is not None else json.dumps({"error": {"code": f"Status{status}", "message": "scripted"}})
        )
        self._script.append(_Scripted(status, headers, payload))

    def of_kind(self, kind: str) -> list[Received]:
        """The recorded requests of one kind (reply, send, update, delete, create_conversation)."""
        return [r for r in self.received if r.kind == kind]

    async def start(self) -> ConnectorStandIn:
        """Listen on an ephemeral port on 127.0.0.1."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, self.port or 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        """Stop listening and close open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> ConnectorStandIn:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.count += 1
        peer = request.transport.get_extra_info("peername") if request.transport else ("?", 0)
        self.peers.add((peer[0], peer[1]))
        # raw_path keeps the percent-encoding, so ids containing '/' or ';' split correctly.
        raw = request.raw_path.split("?", 1)[0]
        base, marker, rest = raw.partition("/v3/conversations")
        if not marker:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        segments = [unquote(s) for s in rest.split("/") if s]
        conversation_id = activity_id = None
        if segments:
            if len(segments) < 2 or segments[1] != "activities" or len(segments) > 3:
                return web.json_response({"error": {"code": "NotFound"}}, status=404)
            conversation_id = segments[0]
            activity_id = segments[2] if len(segments) == 3 else None
        body = await request.json() if request.can_read_body else None
        authorization = request.headers.get("Authorization")
        if self.record:
            self.received.append(
                Received(
                    request.method, raw, base, conversation_id, activity_id, body, authorization, (peer[0], peer[1])
                )
            )
        if self.delay:
            await asyncio.sleep(self.delay)
        if self._gate is not None:
            await self._gate.wait()
        if self.required_token is not None and authorization != f"Bearer {self.required_token}":
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        if self._script:
            scripted = self._script.popleft()
            return web.Response(status=scripted.status, text=scripted.body, headers=scripted.headers)
        return self._answer(request.method, conversation_id, activity_id)

    def _answer(self, method: str, conversation_id: str | None, activity_id: str | None) -> web.Response:
        if conversation_id is None:
            if method != "POST":
                return web.Response(status=405)
            number = next(self._ids)
            return web.json_response(
                {
                    "id": f"a:standin-conversation-{number}",
                    "activityId": f"standin-activity-{number}",
                    "serviceUrl": self.service_url,
                },
                status=201,
            )
        if method == "DELETE":
            return web.Response(status=200)
        if method == "PUT":
            return web.json_response({"id": activity_id}, status=200)
        if method == "POST":
            return web.json_response({"id": f"standin-activity-{next(self._ids)}"}, status=201)
        return web.Response(status=405)


def make_self_signed_certificate(folder: Path, host: str = HOST) -> tuple[Path, Path]:
    """Write a throw-away certificate and key for ``host`` (an IP address) into ``folder``.

    The certificate signs itself and is its own CA, so a client trusts it by being given its path
    (``verify=cert_path`` for requests/msal); nothing is added to any system trust store.

    Returns:
        (certificate path, private key path), both PEM.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "login stand-in")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = folder / "standin-cert.pem"
    key_path = folder / "standin-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@dataclass
class LoginStandIn:
    """An Entra ID stand-in for msal's client-credential flow, over HTTPS on 127.0.0.1.

    Answers ``GET /{tenant}/v2.0/.well-known/openid-configuration`` and
    ``POST /{tenant}/oauth2/v2.0/token``; records each token request's form fields.
    """

    certificate: Path
    private_key: Path
    access_token: str = "standin-access-token"
    expires_in: int = 3600
    token_requests: list[dict[str, str]] = field(default_factory=list)
    discovery_requests: int = 0
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def login_host(self) -> str:
        """The https origin to use in place of https://login.microsoftonline.com."""
        return f"https://{HOST}:{self.port}"

    async def start(self) -> LoginStandIn:
        """Listen with TLS on an ephemeral port."""
        app = web.Application()
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._discovery)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.private_key)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0, ssl_context=context)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _discovery(self, request: web.Request) -> web.Response:
        self.discovery_requests += 1
        tenant = request.match_info["tenant"]
        base = f"{self.login_host}/{tenant}"
        return web.json_response(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.token_requests.append({k: str(v) for k, v in form.items()})
        return web.json_response(
            {"token_type": "Bearer", "expires_in": self.expires_in, "access_token": self.access_token}
        )
