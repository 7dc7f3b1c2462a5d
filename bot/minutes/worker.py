"""Reading a document in a child process bounded in memory (``RLIMIT_AS``) and time (``ReadLimits.seconds``).

A file within the reader's own limits may still make a parser use gigabytes or minutes (XML inside a
.docx, a pathological PDF): over either bound it is an ``UnreadableDocument`` and the worker is replaced.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bot.minutes.errors import UnreadableDocument
from bot.minutes.limits import ReadLimits
from bot.minutes.model import Minutes

_MB = 1024 * 1024


def _cap_memory(megabytes: int) -> None:
    limit = megabytes * _MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _read(path: str, limits: ReadLimits) -> Minutes:
    from bot.minutes.read import read_minutes  # in the worker: the parent need not import the reader

    try:
        return read_minutes(Path(path), limits)
    except MemoryError:
        raise _over_memory(Path(path).name, limits) from None
    except RecursionError:  # an HTML page nested deeper than the parser recurses
        raise UnreadableDocument(
            Path(path).name, "dokumentet har for mange lag inde i hinanden og er ikke gemt."
        ) from None


def _over_memory(name: str, limits: ReadLimits) -> UnreadableDocument:
    return UnreadableDocument(
        name,
        f"dokumentet krævede mere end {limits.memory_mb} MB hukommelse at læse og er ikke gemt (READ_MAX_MEMORY_MB).",
    )


class BoundedReader:
    """One worker process per memory bound, started on first use and replaced after a file breaks it."""

    def __init__(self) -> None:
        self._pools: dict[int, ProcessPoolExecutor] = {}

    async def read(self, path: Path, limits: ReadLimits) -> Minutes:
        pool = self._pool(limits.memory_mb)
        future = asyncio.get_running_loop().run_in_executor(pool, _read, str(path), limits)
        try:
            return await asyncio.wait_for(future, limits.seconds)
        except TimeoutError:
            self._replace(limits.memory_mb)
            raise UnreadableDocument(
                path.name,
                f"det tog mere end {limits.seconds:g} sekunder at læse dokumentet, så det er ikke gemt "
                "(READ_TIMEOUT_SECONDS).",
            ) from None
        except BrokenProcessPool:  # the worker died: out of its address space in native code, or killed
            self._replace(limits.memory_mb)
            raise _over_memory(path.name, limits) from None

    def close(self) -> None:
        for memory_mb in list(self._pools):
            self._replace(memory_mb)

    def _pool(self, memory_mb: int) -> ProcessPoolExecutor:
        if memory_mb not in self._pools:
            # forkserver: a clean child, not a fork of a process with an event loop and threads.
            context = multiprocessing.get_context("forkserver")
            self._pools[memory_mb] = ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=_cap_memory, initargs=(memory_mb,)
            )
        return self._pools[memory_mb]

    def _replace(self, memory_mb: int) -> None:
        pool = self._pools.pop(memory_mb, None)
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):  # a stuck read is ended, not awaited
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


READER = BoundedReader()
"""The process's reader (its workers end with the process)."""


async def read_bounded(path: Path, limits: ReadLimits) -> Minutes:
    """Read ``path`` as minutes in the bounded worker (see the module docstring)."""
    return await READER.read(path, limits)
