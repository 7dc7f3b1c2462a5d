"""Fetch an uploaded file's bytes from the pre-authorised link (no token) Teams gives in a personal chat."""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.uploads.model import UploadError
from bot.urls import is_loopback

logger = logging.getLogger(__name__)

MEBIBYTE = 1024 * 1024
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5


async def download(url: str, *, name: str, max_bytes: int, timeout: float, loopback_only: bool = False) -> bytes:
    """GET a file, refused as soon as it is known to be over ``max_bytes``; every failure is an UploadError.

    ``loopback_only`` is local mode, where anyone can claim to be a secretary: only this machine, and no
    redirect to another host.
    """
    if not _usable(url, loopback_only=loopback_only):
        raise _unusable(name)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:
            for _hop in range(_MAX_REDIRECTS + 1):
                async with http.get(url, allow_redirects=not loopback_only) as response:
                    if loopback_only and response.status in _REDIRECTS:
                        target = urljoin(url, response.headers.get("Location", ""))
                        if urlsplit(target).netloc.lower() != urlsplit(url).netloc.lower():
                            logger.warning("not following a redirect of %s to another host in local mode", name)
                            raise _unusable(name)
                        url = target
                        continue
                    return await _body(response, name, max_bytes)
            raise _unusable(name)  # redirected in a circle
    except TimeoutError:
        logger.warning("downloading %s timed out after %s s", name, timeout)
        raise UploadError(
            "timeout",
            f"Det tog for lang tid at hente »{name}« (over {timeout:g} sekunder). Prøv at sende filen igen om lidt.",
            f"Fetching “{name}” took too long (over {timeout:g} seconds). Please send the file again in a moment.",
        ) from None
    except aiohttp.ClientError as error:
        logger.warning("downloading %s failed: %s", name, error)
        raise UploadError(
            "unreachable",
            f"Jeg kunne ikke få forbindelse til Teams for at hente »{name}«. Prøv at sende filen igen om lidt.",
            f"I could not connect to Teams to fetch “{name}”. Please send the file again in a moment.",
        ) from None


async def _body(response: aiohttp.ClientResponse, name: str, max_bytes: int) -> bytes:
    if response.status != 200:
        raise status_error(response.status, name)
    if response.content_length is not None and response.content_length > max_bytes:
        raise too_large(name, max_bytes, size=response.content_length)
    data = bytearray()
    async for chunk in response.content.iter_chunked(_CHUNK):
        data.extend(chunk)
        if len(data) > max_bytes:  # a server that did not say the length, or said too little
            raise too_large(name, max_bytes)
    return bytes(data)


def _usable(url: str, *, loopback_only: bool) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    return not loopback_only or (is_loopback(host) and parts.username is None and parts.password is None)


def _unusable(name: str) -> UploadError:
    return UploadError(
        "unreachable",
        f"Teams gav ikke et brugbart link til »{name}«. Send filen igen.",
        f"Teams gave no usable link to “{name}”. Please send the file again.",
    )


def status_error(status: int, name: str) -> UploadError:
    if status in (404, 410):
        return UploadError(
            "not_found",
            f"Filen »{name}« findes ikke længere hos Teams (HTTP {status}); linket kan være udløbet. Send filen igen.",
            f"The file “{name}” is no longer there (HTTP {status}); the link may have expired. "
            "Please send the file again.",
        )
    if status in (401, 403):
        return UploadError(
            "forbidden",
            f"Jeg fik ikke adgang til »{name}« (HTTP {status}); linket kan være udløbet. Send filen igen.",
            f"I was not allowed to fetch “{name}” (HTTP {status}); the link may have expired. "
            "Please send the file again.",
        )
    if status >= 500:
        return UploadError(
            "server",
            f"Teams svarede med en fejl (HTTP {status}), da jeg hentede »{name}«. Prøv at sende filen igen om lidt.",
            f"Teams answered with an error (HTTP {status}) when I fetched “{name}”. "
            "Please send the file again in a moment.",
        )
    return UploadError(
        "server",
        f"Teams svarede uventet (HTTP {status}), da jeg hentede »{name}«. Send filen igen.",
        f"Teams answered unexpectedly (HTTP {status}) when I fetched “{name}”. Please send the file again.",
    )


def too_large(name: str, max_bytes: int, *, size: int | None = None) -> UploadError:
    limit_da, limit_en = _mb(max_bytes, "da"), _mb(max_bytes, "en")
    size_da = f"fylder {_mb(size, 'da')} MB" if size is not None else f"fylder over {limit_da} MB"
    size_en = f"is {_mb(size, 'en')} MB" if size is not None else f"is over {limit_en} MB"
    return UploadError(
        "too_large",
        f"»{name}« {size_da}, og jeg tager kun imod referater på op til {limit_da} MB. "
        "Gem referatet uden billeder (fx som PDF direkte fra Word) og send det igen.",
        f"“{name}” {size_en}, and I only take minutes of up to {limit_en} MB. "
        "Save the minutes without images (e.g. as PDF straight from Word) and send them again.",
    )


def _mb(size: int, language: str) -> str:
    text = f"{size / MEBIBYTE:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language == "da" else text
