"""How much one document may make the reader do (its own module: settings import it without the reader)."""

from __future__ import annotations

from dataclasses import dataclass

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """A file over a limit is refused before parsing; each is set by the environment variable named."""

    max_file_bytes: int = 50 * _MB  # READ_MAX_FILE_MB
    # Summed over the parts as the zip directory declares them; Python's zipfile stops at a part's
    # declared size (and then fails its CRC), so a part cannot expand past it. DOCX_MAX_UNCOMPRESSED_MB
    docx_max_uncompressed_bytes: int = 50 * _MB
    docx_max_ratio: int = 100  # declared size / file size (DOCX_MAX_RATIO); Word's own files are below 10
    pdf_max_pages: int = 500  # PDF_MAX_PAGES
    memory_mb: int = 1024  # the reading worker's address space (READ_MAX_MEMORY_MB)
    seconds: float = 120.0  # READ_TIMEOUT_SECONDS


DEFAULT_READ_LIMITS = ReadLimits()
