"""GRAPH_SYNC_MINUTES: how often the committees' folders and group calendars are read."""

from __future__ import annotations

import pytest

from bot.errors import ConfigurationError
from bot.settings import Settings


def minutes_of(env: dict[str, str]) -> int:
    return Settings.from_env(env, database_url="x.db").graph_sync_minutes


def test_every_quarter_of_an_hour_unless_told_otherwise() -> None:
    assert minutes_of({}) == 15
    assert minutes_of({"GRAPH_SYNC_MINUTES": " 5 "}) == 5


@pytest.mark.parametrize("value", ["0", "1441", "kvarter"])
def test_a_wrong_interval_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigurationError, match="GRAPH_SYNC_MINUTES"):
        minutes_of({"GRAPH_SYNC_MINUTES": value})
