"""The service's one typed configuration, read and validated once at start."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigurationError
from bot.teams.auth import BotCredentials
from storage.database import DEFAULT_DATABASE_URL, DatabaseUrlError, normalise_url

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = PROJECT_ROOT / "examples"

__all__ = ["EXAMPLES_DIR", "ConfigurationError", "Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the service is configured with.

    Attributes:
        database_url: async SQLAlchemy URL (SQLite file by default, or PostgreSQL).
        port: the HTTP port of /api/messages.
        credentials: the Bot Framework app registration; none set means local mode (Emulator).
        allowed_tenants: Entra tenant ids whose activities are accepted; empty accepts all.
        max_body_bytes: the largest /api/messages body accepted (Teams activities are a few KB).
        load_examples: load the sample minutes into an empty database at start.
        secretaries: committee name to the Entra object ids of its secretaries, from configuration
            (more can be added with `python -m bot secretary add`).
    """

    database_url: str
    port: int = 3978
    credentials: BotCredentials = BotCredentials()
    allowed_tenants: frozenset[str] = frozenset()
    max_body_bytes: int = 256 * 1024
    load_examples: bool = True
    secretaries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, database_url: str | None = None) -> Settings:
        """Read and validate settings from the environment; an explicit database_url (from --db) wins.

        Raises:
            ConfigurationError: a setting is wrong; the message names the variable.
        """
        env = os.environ if env is None else env
        try:
            url = normalise_url(database_url or env.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
        except DatabaseUrlError as error:
            raise ConfigurationError(f"DATABASE_URL: {error}") from None
        tenants = frozenset(t.strip().lower() for t in env.get("ALLOWED_TENANTS", "").split(",") if t.strip())
        return cls(
            database_url=url,
            port=_int(env, "PORT", 3978, 1, 65535),
            credentials=BotCredentials.from_env(env),
            allowed_tenants=tenants,
            max_body_bytes=_int(env, "MAX_BODY_BYTES", 256 * 1024, 1024, 64 * 1024 * 1024),
            load_examples=env.get("LOAD_EXAMPLES", "1").strip().lower() not in {"0", "false", "nej", "no"},
            secretaries=_secretaries(env.get("SECRETARIES", "")),
        )


_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _secretaries(text: str) -> dict[str, tuple[str, ...]]:
    """Parse SECRETARIES: "Udvalg A=oid1,oid2; Udvalg B=oid3" (committee names as in the minutes)."""
    result: dict[str, tuple[str, ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        committee, sep, ids = part.partition("=")
        oids = tuple(i.strip() for i in ids.split(",") if i.strip())
        if not sep or not committee.strip() or not oids:
            raise ConfigurationError(f"SECRETARIES: {part!r} skal have formen 'Udvalgets navn=objekt-id,objekt-id'")
        bad = [oid for oid in oids if not _GUID_RE.match(oid)]
        if bad:
            raise ConfigurationError(f"SECRETARIES: {', '.join(bad)} er ikke Entra-objekt-id'er (GUID)")
        result[committee.strip()] = oids
    return result


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigurationError(f"{name} skal være et helt tal, ikke {text!r}") from None
    if not low <= value <= high:
        raise ConfigurationError(f"{name} skal ligge mellem {low} og {high}, ikke {value}")
    return value
