"""What the service counts, shown in Prometheus' text format (GET /metrics).

Each process counts for itself; Prometheus sums the replicas. One ``Metrics`` per app rather than
prometheus_client's process-wide registry: tests run several apps (replicas) in one process.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence

# Teams gives up on an answer after 15 s; most turns take well under a second.
TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 30.0)
# A job starts within milliseconds of its due time unless the event loop is held up.
LAG_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 60.0, 300.0)

# Activity types counted by name; any other (a stranger may send anything) counts as "other", so a
# label never takes more than these values.
ACTIVITY_TYPES = frozenset({
    "message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "messageUpdate",
    "messageDelete", "event", "typing", "endOfConversation",
})  # fmt: skip  # a set kept compact

Labels = tuple[str, ...]


class Counter:
    """A count that only goes up, per combination of label values."""

    kind = "counter"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        self.name, self.help, self.labels = name, help_text, tuple(labels)
        self._values: dict[Labels, float] = {} if self.labels else {(): 0.0}

    def inc(self, *values: str, amount: float = 1.0) -> None:
        self._values[values] = self._values.get(values, 0.0) + amount

    def samples(self) -> Iterator[str]:
        for values, count in sorted(self._values.items()):
            yield f"{self.name}{_labels(self.labels, values)} {_number(count)}"


class Gauge(Counter):
    """A value that is set (the process's start time)."""

    kind = "gauge"

    def set(self, value: float) -> None:
        self._values[()] = value


class Histogram:
    """How many observations fell at or below each bucket bound, with their sum, per label values."""

    kind = "histogram"

    def __init__(self, name: str, help_text: str, buckets: Sequence[float], labels: Sequence[str] = ()) -> None:
        self.name, self.help, self.labels = name, help_text, tuple(labels)
        self.buckets = tuple(sorted(buckets))
        self._series: dict[Labels, tuple[list[int], list[float]]] = {}  # bucket counts (+Inf last), [sum]
        if not self.labels:
            self._series[()] = ([0] * (len(self.buckets) + 1), [0.0])

    def observe(self, value: float, *values: str) -> None:
        counts, total = self._series.setdefault(values, ([0] * (len(self.buckets) + 1), [0.0]))
        for index, bound in enumerate(self.buckets):
            if value <= bound:
                counts[index] += 1
        counts[-1] += 1
        total[0] += value

    def samples(self) -> Iterator[str]:
        for values, (counts, total) in sorted(self._series.items()):
            for bound, count in zip((*self.buckets, math.inf), counts, strict=True):
                le = "+Inf" if bound == math.inf else repr(float(bound))
                yield f"{self.name}_bucket{_labels((*self.labels, 'le'), (*values, le))} {count}"
            yield f"{self.name}_sum{_labels(self.labels, values)} {_number(total[0])}"
            yield f"{self.name}_count{_labels(self.labels, values)} {counts[-1]}"


class Metrics:
    """The service's metrics, with a method for each thing that happens."""

    def __init__(self, *, started_at: float | None = None) -> None:
        self.turns = Counter(
            "moedeassistent_turns_total",
            "Activities the bot ran, by activity type and outcome (ok, error).",
            ("type", "outcome"),
        )
        self.turn_seconds = Histogram(
            "moedeassistent_turn_duration_seconds",
            "Seconds from a request to /api/messages to its answer, for activities the bot ran.",
            TURN_BUCKETS,
        )
        self.rejected = Counter(
            "moedeassistent_requests_rejected_total",
            "Requests to /api/messages refused before the bot ran (bad body, token or tenant), by HTTP status.",
            ("status",),
        )
        self.answers = Counter(
            "moedeassistent_answers_total",
            "Questions answered from the minutes, by intent and outcome (answered, abstained).",
            ("intent", "outcome"),
        )
        self.reminders = Counter(
            "moedeassistent_reminders_total",
            "Reminder deliveries, by outcome (sent, retried, failed, missed: not sent within the grace time).",
            ("outcome",),
        )
        for outcome in ("sent", "retried", "failed", "missed"):
            self.reminders.inc(outcome, amount=0)
        self.scheduler_lag = Histogram(
            "moedeassistent_scheduler_lag_seconds",
            "Seconds between a scheduled job's due time and its start, by job.",
            LAG_BUCKETS,
            ("job",),
        )
        self.jobs_missed = Counter(
            "moedeassistent_scheduler_jobs_missed_total",
            "Scheduled job runs skipped because they started later than their grace time, by job.",
            ("job",),
        )
        self.key_fetch_failures = Counter(
            "moedeassistent_signing_key_fetch_failures_total",
            "Fetches of Microsoft's token-signing keys (OpenID metadata or key set) that failed or timed out.",
        )
        self.start_time = Gauge("process_start_time_seconds", "Start time of the process since the Unix epoch.")
        self.start_time.set(time.time() if started_at is None else started_at)

    def turn(self, activity_type: str | None, outcome: str, seconds: float) -> None:
        """An activity the bot ran (``outcome`` "ok" or "error") and how long the request took."""
        kind = activity_type if activity_type in ACTIVITY_TYPES else ("unknown" if not activity_type else "other")
        self.turns.inc(kind, outcome)
        self.turn_seconds.observe(seconds)

    def request_rejected(self, status: int) -> None:
        self.rejected.inc(str(status))

    def answer(self, intent: str, *, answered: bool) -> None:
        self.answers.inc(intent, "answered" if answered else "abstained")

    def reminder_outcomes(self, *, sent: int, retried: int, failed: int, missed: int) -> None:
        for outcome, count in (("sent", sent), ("retried", retried), ("failed", failed), ("missed", missed)):
            if count:
                self.reminders.inc(outcome, amount=count)

    def job_started(self, job: str, lag_seconds: float) -> None:
        self.scheduler_lag.observe(max(lag_seconds, 0.0), job)

    def job_missed(self, job: str) -> None:
        self.jobs_missed.inc(job)

    def key_fetch_failed(self) -> None:
        self.key_fetch_failures.inc()

    def render(self) -> str:
        """All metrics in Prometheus' text exposition format 0.0.4."""
        lines: list[str] = []
        for metric in (
            self.turns, self.turn_seconds, self.rejected, self.answers, self.reminders, self.scheduler_lag,
            self.jobs_missed, self.key_fetch_failures, self.start_time,
        ):  # fmt: skip  # one list, not one line each
            lines.append(f"# HELP {metric.name} {_escape_help(metric.help)}")
            lines.append(f"# TYPE {metric.name} {metric.kind}")
            lines.extend(metric.samples())
        return "\n".join(lines) + "\n"


def _labels(names: Sequence[str], values: Sequence[str]) -> str:
    if not names:
        return ""
    pairs = ",".join(f'{name}="{_escape_label(value)}"' for name, value in zip(names, values, strict=True))
    return "{" + pairs + "}"


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
