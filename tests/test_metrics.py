"""The metrics text and the log configuration, without a server (the server's are in tests/e2e/test_operations.py)."""

from __future__ import annotations

import pytest

from bot.__main__ import main
from bot.metrics import Metrics
from tests.e2e.test_operations import parse_exposition, value


def test_label_values_are_escaped_and_the_text_parses() -> None:
    metrics = Metrics(started_at=1_700_000_000.5)
    metrics.answer('say "hej"\\\nagain', answered=True)
    metrics.job_started("reminders-cycle", -0.5)  # a clock step back counts as no lag
    metrics.job_started("reminders-cycle", 42.0)
    types, samples = parse_exposition(metrics.render())
    assert types["moedeassistent_answers_total"] == "counter"
    assert value(samples, "moedeassistent_answers_total", intent='say \\"hej\\"\\\\\\nagain') == 1
    assert value(samples, "moedeassistent_scheduler_lag_seconds_bucket", job="reminders-cycle", le="0.01") == 1
    assert value(samples, "moedeassistent_scheduler_lag_seconds_bucket", job="reminders-cycle", le="30.0") == 1
    assert value(samples, "moedeassistent_scheduler_lag_seconds_bucket", job="reminders-cycle", le="60.0") == 2
    assert value(samples, "moedeassistent_scheduler_lag_seconds_sum", job="reminders-cycle") == 42.0
    assert value(samples, "process_start_time_seconds") == 1_700_000_000.5


def test_activity_types_are_a_bounded_label() -> None:
    metrics = Metrics()
    for kind in ("message", "invoke", "x-" + "a" * 1000, "", None):
        metrics.turn(kind, "ok", 0.01)
    _, samples = parse_exposition(metrics.render())
    kinds = {dict(labels)["type"] for name, labels in samples if name == "moedeassistent_turns_total"}
    assert kinds == {"message", "invoke", "other", "unknown"}
    assert value(samples, "moedeassistent_turn_duration_seconds_count") == 5


def test_an_unknown_log_format_is_refused_in_danish(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")
    assert main(["ask", "hvornår er næste møde?"]) == 2
    assert "LOG_FORMAT skal være text eller json, ikke 'xml'" in capsys.readouterr().err
