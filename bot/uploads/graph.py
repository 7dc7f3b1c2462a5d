"""Files shared in channels and group chats, fetched through Microsoft Graph for the upload service.

The upload service takes a ``FetchShared`` (bot/uploads/service.py) and knows nothing of Graph; this
adapts ``GraphClient.download_shared`` to it, turning Graph's failures into the upload service's own
``UploadError`` with Graph's explanations (which name the missing permission, the wait, the limit).
"""

from __future__ import annotations

from bot.graph.client import GraphClient
from bot.graph.errors import GraphError
from bot.uploads.model import UploadError
from bot.uploads.service import FetchShared


def graph_fetcher(client: GraphClient) -> FetchShared:
    """A ``FetchShared`` that downloads a shared file by its SharePoint address through ``client``."""

    async def fetch(sharing_url: str) -> tuple[str, bytes]:
        try:
            downloaded = await client.download_shared(sharing_url)
        except GraphError as error:
            raise UploadError(error.reason, error.explain("da"), error.explain("en")) from error
        return downloaded.name, downloaded.content

    return fetch
