"""Fixtures for the upload tests: the storage suite's migrated database per backend, and a file server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.storage.conftest import engine, sessions
from tests.uploads.file_server import FileServer

__all__ = ["engine", "file_server", "sessions"]


@pytest.fixture
async def file_server() -> AsyncIterator[FileServer]:
    async with FileServer() as server:
        yield server
