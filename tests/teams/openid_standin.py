"""A stand-in for the Bot Framework's token-signing key endpoints, and tokens signed as the channel signs them.

It answers ``GET /v1/.well-known/openidconfiguration`` (the channel's metadata; any path ending in
``openid-configuration`` too, the emulator's) with the fields Microsoft publishes, and ``GET
/v1/.well-known/keys`` with a JWK set whose keys carry ``endorsements`` as Microsoft's do. The key set
can be held back: ``hold()`` makes the key request wait until ``release()`` answers it (a slow endpoint)
or ``drop()`` closes its connection unanswered (a stalled endpoint giving up); ``keys_requested`` is set
when a held request has arrived.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.teams.connector_standin import HOST

CHANNEL_ISSUER = "https://api.botframework.com"


class OpenIdStandIn:
    """Publishes one RSA signing key (``key_id``) and signs channel tokens with it."""

    def __init__(self, key_id: str | None = None) -> None:
        # Unique per stand-in: signing keys are cached per URL for the process, and a later stand-in may
        # get an earlier one's port.
        self.key_id = key_id or f"standin-key-{uuid.uuid4().hex[:12]}"
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.metadata_requests = 0
        self.key_requests = 0
        self.keys_requested = asyncio.Event()
        self._release: asyncio.Event | None = None
        self._dropping = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def origin(self) -> str:
        """The origin to use in place of https://login.botframework.com."""
        return f"http://{HOST}:{self.port}"

    def hold(self) -> None:
        """Hold back the next key-set answers until ``release`` (or for good)."""
        self._release = asyncio.Event()
        self.keys_requested.clear()

    def release(self) -> None:
        """Answer the held key requests."""
        if self._release is not None:
            self._release.set()
            self._release = None

    def drop(self) -> None:
        """Close the held key requests' connections without an answer."""
        self._dropping = True
        self.release()

    def token(self, *, app_id: str, service_url: str, key_id: str | None = None, signer: Any = None) -> str:
        """A channel token as the Bot Framework sends it (RS256, ``kid`` header, serviceurl claim)."""
        now = int(time.time())
        claims = {
            "iss": CHANNEL_ISSUER,
            "aud": app_id,
            "serviceurl": service_url,
            "nbf": now - 60,
            "exp": now + 3600,
        }
        key = signer or self._private_key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": key_id or self.key_id})

    async def start(self) -> OpenIdStandIn:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/{path:.*}openid-configuration", self._metadata)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> OpenIdStandIn:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _metadata(self, request: web.Request) -> web.Response:
        self.metadata_requests += 1
        return web.json_response(
            {
                "issuer": CHANNEL_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{self.origin}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self.key_requests += 1
        release = self._release
        if release is not None:
            self.keys_requested.set()
            await release.wait()
            if self._dropping and request.transport is not None:
                request.transport.abort()
                return web.Response(status=204)
        key = json.loads(RSAAlgorithm.to_jwk(self._private_key.public_key()))
        key.update({"kid": self.key_id, "use": "sig", "endorsements": ["msteams", "webchat"]})
        return web.json_response({"keys": [key]})
