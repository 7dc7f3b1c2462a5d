"""Log lines for a person at the console, or one JSON object per line for a log collector (LOG_FORMAT=json).

A JSON line carries the ids of the turn in progress, kept in a context variable so no log call has to pass
them. Log messages carry ids, never what users wrote.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from dataclasses import dataclass

from bot.errors import ConfigurationError

TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"
LOG_FORMATS = ("text", "json")


@dataclass(slots=True)
class TurnIds:
    """What is known about the activity being handled: its ids, and whether its turn failed."""

    activity_type: str | None = None
    activity_id: str | None = None
    conversation_id: str | None = None
    tenant_id: str | None = None
    failed: bool = False


_TURN: contextvars.ContextVar[TurnIds | None] = contextvars.ContextVar("turn", default=None)


def begin_turn() -> TurnIds:
    """Start describing a new request's turn (in the request's own task); the handler fills it in."""
    ids = TurnIds()
    _TURN.set(ids)
    return ids


def identify_turn(
    *, activity_type: str | None, activity_id: str | None, conversation_id: str | None, tenant_id: str | None
) -> None:
    ids = _TURN.get()
    if ids is None:  # a turn outside a request (the console)
        ids = begin_turn()
    ids.activity_type, ids.activity_id = activity_type, activity_id
    ids.conversation_id, ids.tenant_id, ids.failed = conversation_id, tenant_id, False


def turn_failed() -> None:
    """The turn in progress ended in an error (the adapter's error boundary caught it)."""
    ids = _TURN.get()
    if ids is not None:
        ids.failed = True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines in messages and tracebacks are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        ids = _TURN.get()
        if ids is not None:
            for name in ("activity_id", "conversation_id", "tenant_id"):
                value = getattr(ids, name)
                if value:
                    entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(log_format: str | None, *, verbose: bool) -> None:
    """Log to stderr as text (warnings and up unless ``verbose``) or JSON (INFO and up, for a log collector)."""
    chosen = (log_format or "text").strip().lower() or "text"
    if chosen not in LOG_FORMATS:
        raise ConfigurationError(f"LOG_FORMAT skal være text eller json, ikke {log_format!r}")
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if chosen == "json" else logging.Formatter(TEXT_FORMAT))
    level = logging.INFO if verbose or chosen == "json" else logging.WARNING
    logging.basicConfig(level=level, handlers=[handler])
