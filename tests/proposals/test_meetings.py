"""Which meetings a committee has, from what its minutes say."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.proposals.meetings import KnownMeeting, calendar_place, merge_meeting_sources
from storage.proposals_repository import MeetingSource


@pytest.mark.parametrize(
    ("sentence", "text", "place"),
    [
        ("Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)", "Torsdag d 11. februar 2021 kl 8.30-12.00", "HEV"),
        ("Onsdag d 8. december kl 12.30-16.00 (Lemvig)", "Onsdag d 8. december kl 12.30-16.00", "Lemvig"),
        ("Den 3. marts 2022 kl. 9-12, Regionshuset Vejle", "3. marts 2022", "Regionshuset Vejle"),
        ("Mandag den 2. maj 2022 kl. 13.00 – sted: Rådhuset, Lemvig", "2. maj 2022", "Rådhuset, Lemvig"),
        ("Tirsdag d 7. september 2021 kl 8.30-12.00", "Tirsdag d 7. september 2021 kl 8.30-12.00", None),
        # Two dates on one line: the second is not a place.
        ("11. februar 2021, 27. maj 2021", "11. februar 2021", None),
        ("Den 3. marts 2022 kl. 9-12", "3. marts 2023", None),  # the text is not in the sentence
    ],
)
def test_calendar_place(sentence: str, text: str, place: str | None) -> None:
    assert calendar_place(sentence, text) == place


def source(day: dt.date, kind: str, **fields: object) -> MeetingSource:
    values: dict[str, object] = {
        "start_time": None,
        "end_time": None,
        "place": None,
        "sentence": None,
        "text": None,
        "written_on": None,
    }
    values.update(fields)
    return MeetingSource(date=day, kind=kind, **values)  # type: ignore[arg-type]  # keyword arguments from a test's dict


def test_one_meeting_per_day_with_the_most_reliable_time_and_place() -> None:
    feb = dt.date(2021, 2, 11)
    apr = dt.date(2021, 4, 13)
    sources = [
        source(
            apr,
            "next_meeting",
            sentence="næste møde den 13. april kl. 10",
            text="13. april",
            start_time=dt.time(10),
            written_on=dt.date(2021, 2, 4),
        ),
        source(
            feb,
            "calendar",
            sentence="Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)",
            text="Torsdag d 11. februar 2021 kl 8.30-12.00",
            start_time=dt.time(8, 30),
            written_on=dt.date(2020, 9, 2),
        ),
        source(feb, "minutes", start_time=None, place="Byrådssalen, Lemvig", written_on=feb),
        # A newer calendar line for the same day wins over an older one.
        source(
            apr,
            "calendar",
            sentence="13. april 2021 kl. 9.00 (Vejle)",
            text="13. april 2021",
            start_time=dt.time(9),
            written_on=dt.date(2021, 1, 5),
        ),
        source(
            apr,
            "calendar",
            sentence="13. april 2021 kl. 9.30 (Kolding)",
            text="13. april 2021",
            start_time=dt.time(9, 30),
            written_on=dt.date(2021, 2, 4),
        ),
    ]

    assert merge_meeting_sources(sources) == [
        # The minutes of the meeting give the place; the calendar line fills in the time.
        KnownMeeting(feb, dt.time(8, 30), "Byrådssalen, Lemvig"),
        KnownMeeting(apr, dt.time(9, 30), "Kolding"),
    ]
