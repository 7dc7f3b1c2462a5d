"""Microsoft Graph for the bot: app-only tokens, shared files, folders and group calendars (no botbuilder here)."""

from bot.graph.client import GraphClient, encode_sharing_url
from bot.graph.config import GRAPH_SCOPE, GraphSettings, build_graph_token_source
from bot.graph.errors import GraphError
from bot.graph.model import CalendarLink, DownloadedFile, DriveItem, FolderLink, GroupEvent
from bot.graph.sync import CalendarSync, FolderSync, GraphSyncReport, OfferedFile, run_graph_sync

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
