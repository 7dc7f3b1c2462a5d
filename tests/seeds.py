"""Seed 000 states no meeting date (the reader chooses none). Tests that need it dated give the
date as its secretary would, at ingest (``meeting_date``, ``--date``) or on the parsed minutes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.minutes.model import Minutes

SEED_DATES = {"000_ff41c34304ad259a.txt": dt.date(2021, 2, 4)}  # between the 28 January and 12 February it mentions
HOW = "Angivet af sekretariatet"


def seed_date(path: Path | str) -> dt.date | None:
    """The date a secretary gives the seed, or None for seeds that state their own."""
    return SEED_DATES.get(Path(path).name)


def dated(minutes: Minutes) -> Minutes:
    """The minutes with the secretary's date when they state none."""
    day = seed_date(minutes.source_name)
    if day is not None:
        minutes.date_meeting(day, HOW)
    return minutes
