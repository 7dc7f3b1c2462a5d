"""Read an uploaded file's bytes as minutes, storing nothing: as a file in a private temporary folder, so
they come out exactly as ``python -m bot ingest`` reads the same file."""

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
    with tempfile.TemporaryDirectory(prefix="moedeassistent-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


async def read_upload(name: str, data: bytes, limits: ReadLimits = DEFAULT_READ_LIMITS) -> Minutes:
    with as_file(name, data) as path:
        return await read_bounded(path, limits)
