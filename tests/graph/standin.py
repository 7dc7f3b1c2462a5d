"""Local HTTPS stand-ins for Microsoft Entra ID (msal's client-credential flow) and Microsoft Graph.

``EntraStandIn`` extends the Teams tests' ``LoginStandIn``: it issues a new token per request, checks
the client secret or the certificate assertion (JWT header x5t, signature against the app's public
certificate, audience and issuer) as Entra does, and can refuse with Entra's error JSON.

``GraphStandIn`` answers the Graph calls the bot makes with the real response shapes: shared
driveItems by encoded sharing URL, ``…/content`` as a 302 to a pre-authenticated download URL,
folder children and group calendar views with ``@odata.nextLink`` paging, and Graph's error JSON
for scripted failures (401, 403, 404, 429 with Retry-After, a hang for timeouts).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import itertools
import ssl
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jwt
from aiohttp import web
from cryptography import x509

from tests.teams.connector_standin import HOST, LoginStandIn


@dataclass
class AppCertificate:
    """The app registration's certificate: an RSA key (msal signs RS256 with an SHA-1 thumbprint)."""

    key_path: Path
    certificate: x509.Certificate

    @property
    def thumbprint(self) -> str:
        """SHA-1 of the DER certificate, hex: what the Entra portal shows."""
        from cryptography.hazmat.primitives import serialization

        return hashlib.sha1(self.certificate.public_bytes(serialization.Encoding.DER)).hexdigest().upper()

    @classmethod
    def make(cls, folder: Path) -> AppCertificate:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "moedeassistent graph")])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256())
        )
        key_path = folder / "app-key.pem"
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return cls(key_path, certificate)


@dataclass
class EntraStandIn(LoginStandIn):
    """Entra ID's discovery and token endpoints; every token request gets a new token ``graph-token-N``."""

    client_id: str = "11111111-2222-3333-4444-555555555555"
    client_secret: str | None = None
    app_certificate: AppCertificate | None = None
    refuse_with: str | None = None  # e.g. "invalid_client": answer 401 with Entra's error JSON
    issued: list[str] = field(default_factory=list)
    assertion_headers: list[dict[str, Any]] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def accepts(self, token: str) -> bool:
        return token in self.issued

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.token_requests.append(form)
        problem = self.refuse_with or self._check_client(form, str(request.url.with_query(None)))
        if problem:
            return web.json_response(
                {"error": "invalid_client", "error_description": f"AADSTS7000215: {problem}", "error_codes": [7000215]},
                status=401,
            )
        token = f"graph-token-{next(self._numbers)}"
        self.issued.append(token)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": self.expires_in,
                "ext_expires_in": self.expires_in,
                "access_token": token,
            }
        )

    def _check_client(self, form: dict[str, str], token_endpoint: str) -> str | None:
        if form.get("grant_type") != "client_credentials" or form.get("client_id") != self.client_id:
            return "wrong grant or client"
        if self.app_certificate is None:
            return None if form.get("client_secret") == self.client_secret else "invalid client secret"
        if "client_secret" in form:
            return "a secret was sent for a certificate credential"
        if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            return "no client assertion"
        assertion = form.get("client_assertion", "")
        header = jwt.get_unverified_header(assertion)
        self.assertion_headers.append(header)
        der_sha1 = bytes.fromhex(self.app_certificate.thumbprint)
        if str(header.get("x5t", "")).rstrip("=") != base64.urlsafe_b64encode(der_sha1).decode().rstrip("="):
            return "unknown certificate thumbprint"
        try:
            claims = jwt.decode(
                assertion,
                self.app_certificate.certificate.public_key(),
                algorithms=["RS256"],
                audience=token_endpoint,
                issuer=self.client_id,
            )
        except jwt.PyJWTError as error:
            return f"bad assertion: {error}"
        return None if claims.get("sub") == self.client_id else "wrong subject"


@dataclass
class Failure:
    status: int
    headers: dict[str, str]
    code: str
    hang: float = 0.0


@dataclass
class GraphRequest:
    path: str
    query: dict[str, str]
    authorization: str | None
    prefer: str | None


@dataclass
class GraphStandIn:
    """Microsoft Graph v1.0 for the calls the bot makes, over HTTPS on 127.0.0.1.

    Fill ``files`` (sharing URL → driveItem JSON and content), ``folders`` ((drive id, item id) →
    children JSON), ``groups`` (group id → events JSON); script failures with ``fail``.
    """

    certificate: Path
    private_key: Path
    entra: EntraStandIn
    page_size: int = 2
    files: dict[str, tuple[dict[str, Any], bytes]] = field(default_factory=dict)
    folders: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    groups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[GraphRequest] = field(default_factory=list)
    downloads: list[GraphRequest] = field(default_factory=list)
    oversize_downloads: int = 0  # serve this many bytes more than the metadata says
    _failures: deque[tuple[str, Failure]] = field(default_factory=deque)
    _downloads: dict[str, bytes] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1.0"

    def fail(
        self, path_part: str, status: int, *, times: int = 1, retry_after: str | None = None, hang: float = 0.0
    ) -> None:
        """The next ``times`` requests whose path contains ``path_part`` fail (or hang ``hang`` seconds)."""
        codes = {401: "InvalidAuthenticationToken", 403: "accessDenied", 404: "itemNotFound", 429: "TooManyRequests"}
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        for _ in range(times):
            self._failures.append((path_part, Failure(status, headers, codes.get(status, "generalException"), hang)))

    def add_file(self, url: str, item: dict[str, Any], content: bytes) -> None:
        self.files[url] = (item, content)
        drive = item["parentReference"]["driveId"]
        self.files[f"{drive}/{item['id']}"] = (item, content)

    async def start(self) -> GraphStandIn:
        app = web.Application()
        app.router.add_get("/v1.0/{tail:.*}", self._graph)
        app.router.add_get("/download/{token}", self._download)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.private_key)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, 0, ssl_context=context).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _graph(self, request: web.Request) -> web.StreamResponse:
        path = request.raw_path.split("?", 1)[0]
        self.requests.append(
            GraphRequest(path, dict(request.query), request.headers.get("Authorization"), request.headers.get("Prefer"))
        )
        for index, (part, failure) in enumerate(self._failures):
            if part in path:
                del self._failures[index]
                if failure.hang:
                    await asyncio.sleep(failure.hang)
                return _error(failure.status, failure.code, failure.headers)
        authorization = request.headers.get("Authorization", "")
        if not authorization.startswith("Bearer ") or not self.entra.accepts(authorization.removeprefix("Bearer ")):
            return _error(401, "InvalidAuthenticationToken", {})
        segments = [unquote(s) for s in path.removeprefix("/v1.0/").split("/")]
        match segments:
            case ["shares", share_id, "driveItem"]:
                return self._item(self.files.get(_decode_share(share_id)))
            case ["shares", share_id, "driveItem", "content"]:
                return self._redirect(self.files.get(_decode_share(share_id)))
            case ["drives", drive, "items", item_id]:
                return self._item(self.files.get(f"{drive}/{item_id}"))
            case ["drives", drive, "items", item_id, "content"]:
                return self._redirect(self.files.get(f"{drive}/{item_id}"))
            case ["drives", drive, "items", item_id, "children"]:
                children = self.folders.get((drive, item_id))
                if children is None:
                    return _error(404, "itemNotFound", {})
                return self._page(request, children, f"/v1.0/drives/{drive}/items/{item_id}/children")
            case ["groups", group_id, "calendarView"]:
                return self._calendar_view(request, group_id)
        return _error(404, "itemNotFound", {})

    def _item(self, found: tuple[dict[str, Any], bytes] | None) -> web.Response:
        if found is None:
            return _error(404, "itemNotFound", {})
        return web.json_response({"@odata.context": f"{self.base_url}/$metadata#driveItem", **found[0]})

    def _redirect(self, found: tuple[dict[str, Any], bytes] | None) -> web.Response:
        if found is None:
            return _error(404, "itemNotFound", {})
        token = uuid.uuid4().hex
        self._downloads[token] = found[1] + b"x" * self.oversize_downloads
        # A pre-authenticated URL, as SharePoint's tempauth download links are.
        return web.Response(status=302, headers={"Location": f"{self.origin}/download/{token}?tempauth=standin"})

    async def _download(self, request: web.Request) -> web.StreamResponse:
        self.downloads.append(
            GraphRequest(request.path, dict(request.query), request.headers.get("Authorization"), None)
        )
        content = self._downloads.pop(request.match_info["token"], None)
        if content is None:
            return web.Response(status=404)
        # Streamed without Content-Length, so only the reader's own count can stop it.
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(content), 16 * 1024):
            await response.write(content[start : start + 16 * 1024])
        await response.write_eof()
        return response

    def _page(self, request: web.Request, values: list[dict[str, Any]], path: str, **query: str) -> web.Response:
        skip = int(request.query.get("$skiptoken", "0"))
        page = values[skip : skip + self.page_size]
        body: dict[str, Any] = {"@odata.context": f"{self.base_url}/$metadata#Collection", "value": page}
        if skip + self.page_size < len(values):
            extra = "".join(f"&{k}={v}" for k, v in query.items())
            body["@odata.nextLink"] = f"{self.origin}{path}?$skiptoken={skip + self.page_size}{extra}"
        return web.json_response(body)

    def _calendar_view(self, request: web.Request, group_id: str) -> web.Response:
        events = self.groups.get(group_id)
        if events is None:
            return _error(404, "ErrorItemNotFound", {})
        try:
            start = _instant(request.query["startDateTime"])
            end = _instant(request.query["endDateTime"])
        except (KeyError, ValueError):
            return _error(400, "ErrorInvalidParameter", {})
        inside = [
            e
            for e in events
            if _instant(e["start"]["dateTime"] + "Z") < end and _instant(e["end"]["dateTime"] + "Z") > start
        ]
        query = {"startDateTime": request.query["startDateTime"], "endDateTime": request.query["endDateTime"]}
        return self._page(request, inside, f"/v1.0/groups/{group_id}/calendarView", **query)


def _instant(text: str) -> dt.datetime:
    head, _, _rest = text.replace("Z", "").partition(".")
    return dt.datetime.fromisoformat(head).replace(tzinfo=dt.UTC)


def _decode_share(share_id: str) -> str:
    token = share_id.removeprefix("u!")
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


def _error(status: int, code: str, headers: dict[str, str]) -> web.Response:
    body = {
        "error": {
            "code": code,
            "message": "scripted by the Graph stand-in",
            "innerError": {
                "date": "2026-11-23T10:00:00",
                "request-id": str(uuid.uuid4()),
                "client-request-id": str(uuid.uuid4()),
            },
        }
    }
    return web.json_response(body, status=status, headers=headers)


def drive_item(
    name: str,
    *,
    drive_id: str = "b!standin-drive",
    item_id: str,
    etag_version: int = 1,
    ctag_version: int | None = None,
    size: int = 0,
    folder: bool = False,
    modified: str = "2026-11-10T09:12:03Z",
) -> dict[str, Any]:
    """A driveItem as Graph returns it (fields the bot selects, with real shapes).

    The cTag follows the eTag unless ``ctag_version`` says otherwise (a rename changes the eTag only).
    """
    guid = uuid.uuid5(uuid.NAMESPACE_URL, f"{drive_id}/{item_id}")
    item: dict[str, Any] = {
        "id": item_id,
        "name": name,
        "eTag": f'"{{{str(guid).upper()}}},{etag_version}"',
        "cTag": f'"c:{{{str(guid).upper()}}},{etag_version if ctag_version is None else ctag_version}"',
        "size": size,
        "lastModifiedDateTime": modified,
        "webUrl": f"https://contoso.sharepoint.com/sites/sundhed/Delte%20dokumenter/{name}",
        "parentReference": {
            "driveType": "documentLibrary",
            "driveId": drive_id,
            "id": "01PARENT",
            "path": f"/drives/{drive_id}/root:",
        },
    }
    if folder:
        item["folder"] = {"childCount": 0}
    else:
        mime = {".pdf": "application/pdf", ".txt": "text/plain"}.get(
            Path(name).suffix.lower(), "application/octet-stream"
        )
        item["file"] = {"mimeType": mime, "hashes": {"quickXorHash": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}}
    return item


def group_event(
    subject: str,
    start: str,
    end: str,
    *,
    uid: str,
    location: str | None = None,
    cancelled: bool = False,
    all_day: bool = False,
) -> dict[str, Any]:
    """An event as GET /groups/{id}/calendarView returns it with Prefer: outlook.timezone="UTC"."""
    return {
        "@odata.etag": 'W/"xPZF2y46pEiVBni87OnrpgAAFq78Xw=="',
        "id": f"AAMkAGI5MW{uid}",
        "createdDateTime": "2026-09-01T08:00:00.0000000Z",
        "lastModifiedDateTime": "2026-09-01T08:00:00.0000000Z",
        "iCalUId": f"040000008200E00074C5B7101A82E008{uid}",
        "subject": subject,
        "isAllDay": all_day,
        "isCancelled": cancelled,
        "type": "singleInstance",
        "start": {"dateTime": start, "timeZone": "UTC"},
        "end": {"dateTime": end, "timeZone": "UTC"},
        "location": {"displayName": location or "", "locationType": "default"},
        "organizer": {"emailAddress": {"name": "Følgegruppen", "address": "foelgegruppen@contoso.com"}},
    }
