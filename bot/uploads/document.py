"""Read an uploaded file's bytes as minutes with the knowledge core's reader, storing nothing.

``bot.minutes.read`` reads files by path and names them by their file name; an upload becomes such
a file in a private temporary folder for as long as it is read, so the minutes come out exactly as
``python -m bot ingest`` would read the same file.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.minutes.limits import DEFAULT_READ_LIMITS, ReadLimits
from bot.minutes.model import Minutes
from bot.minutes.worker import read_bounded


@contextlib.contextmanager
def as_file(name: str, data: bytes) -> Iterator[Path]:
    """The bytes as a file called ``name`` (a bare file name) in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="moedeassistent-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


async def read_upload(name: str, data: bytes, limits: ReadLimits = DEFAULT_READ_LIMITS) -> Minutes:
    """Parse an uploaded file as minutes, in the bounded reading worker (``bot.minutes.worker``).

    Raises:
        UnreadableDocument: as ``bot.minutes.read.read_minutes``, or over the worker's bounds; it names the file.
    """
    with as_file(name, data) as path:
        return await read_bounded(path, limits)
