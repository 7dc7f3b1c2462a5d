"""A small real file server on 127.0.0.1 standing in for the pre-authorised download links Teams gives.

Teams' ``downloadUrl`` is a plain GET without a token; this server answers such GETs and records
them, so tests see whether (and how often) the bot downloaded. It can also answer with an error
status, stream without a Content-Length, or never answer (for timeouts).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

HOST = "127.0.0.1"


@dataclass
class FileServer:
    """Serves ``files`` at ``/files/<name>``; ``/status/<code>/<name>``, ``/chunked/<name>``, ``/hang/<name>``,
    and ``/redirect?to=<url>`` (a 302 to ``url``)."""

    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    base_url: str = ""

    def url(self, name: str, *, how: str = "files") -> str:
        return f"{self.base_url}/{how}/{name}"

    async def __aenter__(self) -> FileServer:
        app = web.Application()
        app.router.add_get("/files/{name}", self._file)
        app.router.add_get("/status/{code}/{name}", self._status)
        app.router.add_get("/chunked/{name}", self._chunked)
        app.router.add_get("/hang/{name}", self._hang)
        app.router.add_get("/redirect", self._redirect)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self.base_url = f"http://{HOST}:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()
        assert self._runner is not None
        await self._runner.cleanup()

    async def _file(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        name = request.match_info["name"]
        if name not in self.files:
            raise web.HTTPNotFound()
        return web.Response(body=self.files[name], content_type="application/octet-stream")

    async def _status(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        return web.Response(status=int(request.match_info["code"]), text="nej")

    async def _chunked(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path)
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        data = self.files[request.match_info["name"]]
        for start in range(0, len(data), 64 * 1024):
            await response.write(data[start : start + 64 * 1024])
        await response.write_eof()
        return response

    async def _redirect(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        raise web.HTTPFound(request.query["to"])

    async def _hang(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        await self._release.wait()
        return web.Response(body=b"")
