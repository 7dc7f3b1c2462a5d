"""Files shared in channels and group chats, fetched through Microsoft Graph for the upload service."""

from __future__ import annotations

from bot.graph.client import GraphClient
from bot.graph.errors import GraphError
from bot.uploads.model import UploadError
from bot.uploads.service import FetchShared


def graph_fetcher(client: GraphClient) -> FetchShared:
    """Graph's failures become UploadErrors with Graph's explanations."""

    async def fetch(sharing_url: str) -> tuple[str, bytes]:
        try:
            downloaded = await client.download_shared(sharing_url)
        except GraphError as error:
            raise UploadError(error.reason, error.explain("da"), error.explain("en")) from error
        return downloaded.name, downloaded.content

    return fetch
