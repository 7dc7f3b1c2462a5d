"""A small real server on 127.0.0.1 that plays a OneDrive upload session, for the FileConsentCard flow.

When a user accepts a file in Teams, Teams opens an upload session in the user's OneDrive and hands the
bot its URL. The bot PUTs the bytes there with a Content-Range; OneDrive answers 201 with the new drive
item once it holds the whole file. The stand-in records every request (path with query, headers, bytes)
and can answer with a scripted status or not answer at all until it is closed.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Upload:
    """One request the stand-in received."""

    method: str
    path_qs: str  # as sent, percent-encoding and query kept
    headers: dict[str, str]
    body: bytes


@dataclass
class OneDriveStandIn:
    """Upload sessions on 127.0.0.1: use :meth:`upload_url`, read ``uploads``."""

    uploads: list[Upload] = field(default_factory=list)
    port: int = 0
    _script: list[int] = field(default_factory=list)
    _holding: bool = False
    _released: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    def upload_url(self, user: str = "sanne_contoso_com") -> str:
        """A URL shaped like a real upload session's (a SharePoint path, a quoted guid, a tempauth query)."""
        number = next(self._ids)
        return (
            f"http://{HOST}:{self.port}/personal/{user}/_api/v2.0/drive/items/01STANDIN{number}/uploadSession"
            f"?guid='5c1d2e3f-0000-4000-8000-00000000000{number}'&overwrite=False&rename=True&dc=0"
            f"&tempauth=eyJ0eXAiOiJKV1Qi.standin{number}"
        )

    def fail_next(self, status: int) -> None:
        """Answer the next upload with ``status`` instead of 201."""
        self._script.append(status)

    def hold(self) -> None:
        """Take uploads in but answer none of them until the stand-in is closed (a OneDrive that hangs)."""
        self._holding = True

    async def start(self) -> OneDriveStandIn:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> OneDriveStandIn:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.uploads.append(Upload(request.method, request.raw_path, dict(request.headers), body))
        if self._holding:
            await self._released.wait()
        if request.method != "PUT":
            return web.json_response({"error": {"code": "invalidRequest"}}, status=405)
        if self._script:
            status = self._script.pop(0)
            return web.json_response({"error": {"code": "generalException", "message": "scripted"}}, status=status)
        item: dict[str, Any] = {"id": "01STANDINITEM", "name": "uploaded.docx", "size": len(body)}
        return web.json_response(item, status=201)
