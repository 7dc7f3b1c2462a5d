"""Microsoft Graph for the bot: app-only tokens, shared files, folders and group calendars (no botbuilder here).

The names below are loaded on first use (PEP 562): ``bot.settings`` imports ``bot.graph.config``,
and the command line's ``ask`` and ``ingest`` should not pay for aiohttp and the sync with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.graph.client import GraphClient, encode_sharing_url
    from bot.graph.config import GRAPH_SCOPE, GraphSettings, build_graph_token_source
    from bot.graph.errors import GraphError
    from bot.graph.model import CalendarLink, DownloadedFile, DriveItem, FolderLink, GroupEvent
    from bot.graph.sync import CalendarSync, FolderSync, GraphSyncReport, OfferedFile, run_graph_sync

_HOMES = {
    "GraphClient": "client",
    "encode_sharing_url": "client",
    "GRAPH_SCOPE": "config",
    "GraphSettings": "config",
    "build_graph_token_source": "config",
    "GraphError": "errors",
    "CalendarLink": "model",
    "DownloadedFile": "model",
    "DriveItem": "model",
    "FolderLink": "model",
    "GroupEvent": "model",
    "CalendarSync": "sync",
    "FolderSync": "sync",
    "GraphSyncReport": "sync",
    "OfferedFile": "sync",
    "run_graph_sync": "sync",
}

__all__ = [
    "GRAPH_SCOPE",
    "CalendarLink",
    "CalendarSync",
    "DownloadedFile",
    "DriveItem",
    "FolderLink",
    "FolderSync",
    "GraphClient",
    "GraphError",
    "GraphSettings",
    "GraphSyncReport",
    "GroupEvent",
    "OfferedFile",
    "build_graph_token_source",
    "encode_sharing_url",
    "run_graph_sync",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bot.graph' has no attribute {name!r}")
    return getattr(importlib.import_module(f"bot.graph.{home}"), name)
