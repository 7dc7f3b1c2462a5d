"""A small read-only, app-only Microsoft Graph client: shared files, folders, group calendars.

Every failure becomes a ``GraphError``; 429, 503 and 504 are retried a bounded number of times, waiting
as long as ``Retry-After`` says.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import json
import logging
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from bot.graph.config import DEFAULT_MAX_FILE_MB, GRAPH_BASE_URL, GRAPH_SCOPE
from bot.graph.errors import (
    BAD_RESPONSE,
    CALENDAR,
    FILE,
    FOLDER,
    FORBIDDEN,
    NOT_FOUND,
    SIGN_IN,
    THROTTLED,
    TIMEOUT,
    TOO_LARGE,
    UNAUTHORIZED,
    UNREACHABLE,
    GraphError,
)
from bot.graph.model import DownloadedFile, DriveItem, GroupEvent
from bot.tokens import TokenError, TokenSource, parse_retry_after

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)
# Downloads may take longer in total, but must keep flowing.
DEFAULT_DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=300, connect=10, sock_read=30)
USER_AGENT = "Moedeassistent (aiohttp; Microsoft Graph)"
_CHUNK = 64 * 1024
_STATUS_REASONS = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 410: NOT_FOUND, 429: THROTTLED}
_RETRIED = {429, 503, 504}
_MAX_RETRIES = 3
_MAX_RETRY_WAIT = 60.0
_ITEM_FIELDS = "id,name,eTag,cTag,size,lastModifiedDateTime,file,folder,parentReference,webUrl"


def encode_sharing_url(url: str) -> str:
    """A sharing URL as Graph's share id: ``u!`` + unpadded base64url of the URL (UTF-8)."""
    encoded = base64.urlsafe_b64encode(url.strip().encode("utf-8")).decode("ascii").rstrip("=")
    return "u!" + encoded


class GraphClient:
    """Reads Microsoft Graph over one reused ``aiohttp.ClientSession``; create it in the running loop."""

    def __init__(
        self,
        tokens: TokenSource,
        *,
        base_url: str = GRAPH_BASE_URL,
        ssl_context: ssl.SSLContext | None = None,
        timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
        max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1024 * 1024,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.tokens = tokens
        self.base_url = URL(base_url.rstrip("/"))
        self.max_file_bytes = max_file_bytes
        self._timeout = timeout
        self._sleep = sleep
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=20, keepalive_timeout=60, ssl=ssl_context or True),
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
        )

    async def close(self) -> None:
        await self._session.close()

    async def __aenter__(self) -> GraphClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- files -------------------------------------------------------------------------------

    async def shared_item(self, sharing_url: str, *, operation: str = FILE) -> DriveItem:
        """The driveItem a sharing or plain SharePoint/OneDrive URL points at."""
        data = await self._json(self._share_url(sharing_url, "driveItem"), operation, params={"$select": _ITEM_FIELDS})
        return _drive_item(data, operation)

    async def download_shared(self, sharing_url: str) -> DownloadedFile:
        """A file shared in a channel or group chat (the attachment's ``contentUrl``), read up to the size limit."""
        item = await self.shared_item(sharing_url)
        self._check_size(item)
        content = await self._content(self._share_url(sharing_url, "driveItem/content"), item)
        return DownloadedFile(item, content)

    async def download_item(self, drive_id: str, item_id: str) -> DownloadedFile:
        data = await self._json(self._item_url(drive_id, item_id), FILE, params={"$select": _ITEM_FIELDS})
        item = _drive_item(data, FILE)
        self._check_size(item)
        content = await self._content(self._item_url(drive_id, item_id, "content"), item)
        return DownloadedFile(item, content)

    # --- folders -----------------------------------------------------------------------------

    async def list_folder(self, drive_id: str, item_id: str) -> list[DriveItem]:
        """The files and folders directly in a folder, every page of them."""
        url = self._item_url(drive_id, item_id, "children")
        params = {"$select": _ITEM_FIELDS, "$top": "200"}
        return [_drive_item(value, FOLDER) async for value in self._pages(url, FOLDER, params=params)]

    async def list_shared_folder(self, sharing_url: str) -> tuple[DriveItem, list[DriveItem]]:
        folder = await self.shared_item(sharing_url, operation=FOLDER)
        if not folder.is_folder:
            raise GraphError(NOT_FOUND, FOLDER, detail=f"{folder.name} is a file, not a folder")
        return folder, await self.list_folder(folder.drive_id, folder.id)

    # --- group calendars ---------------------------------------------------------------------

    async def group_events(self, group_id: str, start: dt.datetime, end: dt.datetime) -> list[GroupEvent]:
        """The group calendar's events and occurrences between two aware instants, in UTC."""
        url = self.base_url / "groups" / group_id / "calendarView"
        params = {"startDateTime": _graph_instant(start), "endDateTime": _graph_instant(end), "$top": "100"}
        headers = {"Prefer": 'outlook.timezone="UTC"'}
        values = [value async for value in self._pages(url, CALENDAR, params=params, headers=headers)]
        return [event for event in map(_group_event, values) if event is not None]

    # --- HTTP --------------------------------------------------------------------------------

    def _share_url(self, sharing_url: str, tail: str) -> URL:
        return URL(f"{self.base_url}/shares/{encode_sharing_url(sharing_url)}/{tail}", encoded=True)

    def _item_url(self, drive_id: str, item_id: str, tail: str | None = None) -> URL:
        path = f"{self.base_url}/drives/{quote(drive_id, safe='!')}/items/{quote(item_id, safe='!')}"
        return URL(path + (f"/{tail}" if tail else ""), encoded=True)

    def _check_size(self, item: DriveItem) -> None:
        if item.is_folder:
            raise GraphError(NOT_FOUND, FILE, name=item.name, detail=f"{item.name} is a folder, not a file")
        if item.size is not None and item.size > self.max_file_bytes:
            raise GraphError(TOO_LARGE, FILE, name=item.name, size=item.size, limit=self.max_file_bytes)

    async def _pages(
        self, url: URL, operation: str, *, params: dict[str, str], headers: dict[str, str] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        next_url: URL | None = url
        first = True
        while next_url is not None:
            data = await self._json(next_url, operation, params=params if first else None, headers=headers)
            first = False
            values = data.get("value")
            if not isinstance(values, list):
                raise GraphError(BAD_RESPONSE, operation, detail="a collection without 'value'")
            for value in values:
                if isinstance(value, dict):
                    yield value
            link = data.get("@odata.nextLink")
            next_url = self._same_origin(link, operation) if link else None

    def _same_origin(self, link: Any, operation: str) -> URL:
        # The next page carries our token: follow it only to Graph itself.
        if not isinstance(link, str):
            raise GraphError(BAD_RESPONSE, operation, detail="@odata.nextLink is not a string")
        target = URL(link, encoded=True)
        if target.origin() != self.base_url.origin():
            raise GraphError(BAD_RESPONSE, operation, detail=f"@odata.nextLink leads to another host: {target.host}")
        return target

    async def _json(
        self,
        url: URL,
        operation: str,
        *,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        async with self._request(url, operation, params=params, headers=headers) as response:
            try:
                text = await response.text()
            except TimeoutError:
                raise GraphError(TIMEOUT, operation, detail="reading the answer timed out") from None
            except (aiohttp.ClientError, UnicodeDecodeError) as error:
                raise GraphError(UNREACHABLE, operation, detail=f"reading the answer failed: {error}") from None
        try:
            data = json.loads(text)
        except ValueError:
            raise GraphError(BAD_RESPONSE, operation, status=response.status, detail="the body is not JSON") from None
        if not isinstance(data, dict):
            raise GraphError(BAD_RESPONSE, operation, status=response.status, detail="the body is not a JSON object")
        return data

    async def _content(self, url: URL, item: DriveItem) -> bytes:
        """GET …/content: Graph answers 302 to a pre-authenticated download URL, fetched without our token."""
        try:
            async with self._request(url, FILE, allow_redirects=False, timeout=DEFAULT_DOWNLOAD_TIMEOUT) as response:
                if response.status not in (301, 302, 303, 307, 308):
                    return await self._read_limited(response, item)
                location = response.headers.get("Location")
                if not location:
                    raise GraphError(BAD_RESPONSE, FILE, status=response.status, detail="a redirect without Location")
                download = response.url.join(URL(location, encoded=True))
            async with self._session.get(download, timeout=DEFAULT_DOWNLOAD_TIMEOUT) as response:
                if response.status != 200:
                    raise _status_error(response.status, FILE, response.headers.get("Retry-After"), "download URL")
                return await self._read_limited(response, item)
        except TimeoutError:
            raise GraphError(TIMEOUT, FILE, name=item.name, detail="the download timed out") from None
        except aiohttp.ClientError as error:
            raise GraphError(UNREACHABLE, FILE, name=item.name, detail=f"the download failed: {error}") from None

    async def _read_limited(self, response: aiohttp.ClientResponse, item: DriveItem) -> bytes:
        # The metadata may be stale or wrong: stop reading as soon as the limit is passed.
        declared = response.content_length
        if declared is not None and declared > self.max_file_bytes:
            raise GraphError(TOO_LARGE, FILE, name=item.name, size=declared, limit=self.max_file_bytes)
        chunks: list[bytes] = []
        received = 0
        async for chunk in response.content.iter_chunked(_CHUNK):
            received += len(chunk)
            if received > self.max_file_bytes:
                raise GraphError(
                    TOO_LARGE, FILE, name=item.name, size=received, limit=self.max_file_bytes,
                    detail="the content grew past the limit",
                )  # fmt: skip  # keyword arguments grouped by meaning
            chunks.append(chunk)
        return b"".join(chunks)

    @contextlib.asynccontextmanager
    async def _request(
        self,
        url: URL,
        operation: str,
        *,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        allow_redirects: bool = True,
        timeout: aiohttp.ClientTimeout | None = None,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """One GET with retries on 429/503/504, giving a 2xx or 3xx response."""
        attempt = 0
        while True:
            try:
                token = await self.tokens.token(GRAPH_SCOPE)
            except TokenError as error:
                raise GraphError(SIGN_IN, operation, detail=str(error)) from error
            try:
                response = await self._session.get(
                    url,
                    params=params,
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json", **(headers or {})},
                    allow_redirects=allow_redirects,
                    timeout=timeout or self._timeout,
                )
            except TimeoutError:
                raise GraphError(TIMEOUT, operation, detail=f"GET {url.path} timed out") from None
            except aiohttp.ClientError as error:
                raise GraphError(UNREACHABLE, operation, detail=f"GET {url.path}: {error}") from None
            if response.status < 400:
                try:
                    yield response
                finally:
                    response.release()
                return
            body = await _error_body(response)
            response.release()
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            logger.warning(
                "Graph GET %s answered %s (retry after %s): %s", url.path, response.status, retry_after, body
            )
            if response.status in _RETRIED and attempt < _MAX_RETRIES:
                wait = retry_after if retry_after is not None else min(2.0**attempt, _MAX_RETRY_WAIT)
                if wait <= _MAX_RETRY_WAIT:  # a longer Retry-After is not waited for
                    attempt += 1
                    await self._sleep(wait)
                    continue
            raise _status_error(response.status, operation, response.headers.get("Retry-After"), body)


def _status_error(status: int, operation: str, retry_after_header: str | None, detail: str) -> GraphError:
    reason = _STATUS_REASONS.get(status)
    if reason is None:
        reason = UNREACHABLE if status >= 500 else BAD_RESPONSE
    if status in (503, 504) and retry_after_header is not None:
        reason = THROTTLED
    return GraphError(
        reason, operation, status=status, retry_after=parse_retry_after(retry_after_header), detail=detail
    )


async def _error_body(response: aiohttp.ClientResponse) -> str:
    """Graph's error code and message ({"error": {"code", "message"}}), for the log and the error's detail."""
    try:
        text = await response.text()
    except (TimeoutError, aiohttp.ClientError, UnicodeDecodeError):
        return ""
    try:
        error = json.loads(text).get("error", {})
        return f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
    except (ValueError, AttributeError):
        return text[:300]


# --- reading Graph JSON ---------------------------------------------------------------------------


def _drive_item(data: dict[str, Any], operation: str) -> DriveItem:
    try:
        parent = data.get("parentReference") or {}
        size = data.get("size")
        return DriveItem(
            drive_id=str(parent["driveId"]),
            id=str(data["id"]),
            name=str(data["name"]),
            etag=data.get("eTag"),
            ctag=data.get("cTag"),
            size=int(size) if size is not None else None,
            last_modified=_instant(data.get("lastModifiedDateTime")),
            is_folder="folder" in data,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise GraphError(BAD_RESPONSE, operation, detail=f"a driveItem without {error}") from None


def _instant(text: Any) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = dt.datetime.fromisoformat(_trim_fraction(text.replace("Z", "+00:00")))
    except ValueError:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _trim_fraction(text: str) -> str:
    # Graph writes seven fractional digits ("…T21:00:00.0000000"); Python reads at most six.
    head, dot, rest = text.partition(".")
    if not dot:
        return text
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return f"{head}.{rest[: min(digits, 6)]}{rest[digits:]}" if digits else head + rest


def _graph_instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _event_time(value: Any) -> tuple[dt.datetime, dt.date] | None:
    """A dateTimeTimeZone ({"dateTime", "timeZone"}), asked for in UTC: (instant, the day as written)."""
    if not isinstance(value, dict) or not isinstance(value.get("dateTime"), str):
        return None
    zone = str(value.get("timeZone") or "UTC")
    if zone not in ("UTC", "Etc/UTC", "tzone://Microsoft/Utc"):
        return None  # we asked for UTC; anything else we would have to guess at
    try:
        naive = dt.datetime.fromisoformat(_trim_fraction(value["dateTime"]))
    except ValueError:
        return None
    return naive.replace(tzinfo=dt.UTC), naive.date()


def _group_event(data: dict[str, Any]) -> GroupEvent | None:
    start, end = _event_time(data.get("start")), _event_time(data.get("end"))
    if start is None or not isinstance(data.get("id"), str):
        logger.warning("Graph event %r has no readable start in UTC; skipped", data.get("id"))
        return None
    all_day = bool(data.get("isAllDay"))
    location = (data.get("location") or {}).get("displayName") or None
    return GroupEvent(
        id=data["id"],
        ical_uid=data.get("iCalUId") or None,
        subject=str(data.get("subject") or ""),
        starts_at=start[0],
        ends_at=end[0] if end is not None else None,
        all_day=all_day,
        day=start[1] if all_day else None,
        location=location.strip() if isinstance(location, str) else None,
        cancelled=bool(data.get("isCancelled")),
    )
