"""How much one document may make the reader do (its own module: settings import it without the reader)."""

from __future__ import annotations

from dataclasses import dataclass

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How much one document may make the reader do; a file over a limit is refused before parsing.

    Attributes:
        max_file_bytes: the largest file read at all (READ_MAX_FILE_MB, default 50 MiB).
        docx_max_uncompressed_bytes: the most a .docx may unpack to, summed over its parts as its zip
            directory declares them (DOCX_MAX_UNCOMPRESSED_MB, default 50 MiB). Python's zipfile stops
            at a part's declared size (and then fails its CRC), so a part cannot expand past what it declares.
        docx_max_ratio: the largest ratio of a .docx's declared uncompressed size to its file size
            (DOCX_MAX_RATIO, default 100; Word's own files are below 10).
        pdf_max_pages: the most pages a PDF may have (PDF_MAX_PAGES, default 500).
        memory_mb: the address space of the worker that reads (READ_MAX_MEMORY_MB, default 1,024 MiB).
        seconds: how long reading one document may take (READ_TIMEOUT_SECONDS, default 120).
    """

    max_file_bytes: int = 50 * _MB
    docx_max_uncompressed_bytes: int = 50 * _MB
    docx_max_ratio: int = 100
    pdf_max_pages: int = 500
    memory_mb: int = 1024
    seconds: float = 120.0


DEFAULT_READ_LIMITS = ReadLimits()
