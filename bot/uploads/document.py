"""Read an uploaded file's bytes as minutes with the knowledge core's reader, storing nothing.

``bot.minutes.read`` reads files by path and names them by their file name; an upload becomes such
a file in a private temporary folder for as long as it is read, so the minutes come out exactly as
``python -m bot ingest`` would read the same file.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.minutes.model import Minutes
from bot.minutes.read import read_minutes


@contextlib.contextmanager
def as_file(name: str, data: bytes) -> Iterator[Path]:
    """The bytes as a file called ``name`` (a bare file name) in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="moedeassistent-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


async def read_upload(name: str, data: bytes) -> Minutes:
    """Parse an uploaded file as minutes (in a worker thread: PDFs take a moment).

    Raises:
        UnreadableDocument: as ``bot.minutes.read.read_minutes``; the message names the file.
    """
    return await asyncio.to_thread(_read, name, data)


def _read(name: str, data: bytes) -> Minutes:
    with as_file(name, data) as path:
        return read_minutes(path)
