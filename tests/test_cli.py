"""The command-line contract (`python -m bot ingest|ask`), run as a real subprocess on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.calendar.service import Calendar
from bot.clock import COMMITTEE_TZ, FixedClock
from storage.database import create_engine, session_factory

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_000 = SEEDS / "000_ff41c34304ad259a.txt"
SEED_002 = SEEDS / "002_d275c62a07e34f7d.txt"


def run_bot(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args[:1], "--db", str(db), *args[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def test_ingest_prints_one_json_line_per_document(db: Path, tmp_path: Path) -> None:
    result = run_bot("ingest", str(SEED_000), str(SEED_002), db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = json_lines(result.stdout)
    assert [line["document"] for line in lines] == [SEED_000.name, SEED_002.name]
    for line in lines:
        assert {"document", "meeting_date", "committee", "items", "dates"} <= set(line)
    first, second = lines
    assert first["committee"] == "Følgegruppen for uddannelse og arbejde"
    assert first["meeting_date"] is None  # seed 000 states no meeting date, and none is made up
    assert first["items"] == 14
    assert second["committee"] == "Fokusgruppen Sundhed & Beskæftigelse"
    assert second["meeting_date"] == "2020-09-02"
    assert second["items"] == 11
    assert second["dates"] >= 15


def test_ingest_takes_the_date_of_minutes_that_state_none(db: Path, tmp_path: Path) -> None:
    result = run_bot("ingest", "--date", "2021-02-04", str(SEED_000), str(SEED_002), db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = json_lines(result.stdout)
    assert first["meeting_date"] == "2021-02-04"
    assert second["meeting_date"] == "2020-09-02"  # a date the document states stands


def test_ingesting_again_changes_nothing(db: Path, tmp_path: Path) -> None:
    run_bot("ingest", str(SEED_002), db=db, cwd=tmp_path)
    before = db.read_bytes()
    again = run_bot("ingest", str(SEED_002), db=db, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json_lines(again.stdout)[0]["status"] == "unchanged"
    assert db.read_bytes() == before


def test_a_bad_file_names_itself_and_stores_nothing(db: Path, tmp_path: Path) -> None:
    run_bot("ingest", str(SEED_002), db=db, cwd=tmp_path)
    corrupt = tmp_path / "referat_ødelagt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n this is not really a pdf \x00\x01")
    before = db.read_bytes()
    result = run_bot("ingest", str(corrupt), db=db, cwd=tmp_path)
    assert result.returncode == 1
    assert "referat_ødelagt.pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == ""
    assert db.read_bytes() == before


def test_good_files_are_kept_when_one_in_the_batch_is_bad(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text("")
    result = run_bot("ingest", str(empty), str(SEED_000), db=db, cwd=tmp_path)
    assert result.returncode == 1
    assert "tom.txt" in result.stderr
    assert [line["document"] for line in json_lines(result.stdout)] == [SEED_000.name]


def test_ask_json_has_the_contract_shape(db: Path, tmp_path: Path) -> None:
    run_bot("ingest", str(SEED_000), str(SEED_002), db=db, cwd=tmp_path)
    result = run_bot("ask", "--json", "Hvornår er fristen for besvarelse af spørgeskemaerne?", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "intent", "answered", "answer", "confidence", "sources", "dates"}
    assert answer["answered"] is True
    assert 0.0 <= answer["confidence"] <= 1.0
    top = answer["sources"][0]
    assert set(top) == {"document", "committee", "meeting_date", "item_number", "item_title", "quote"}
    assert top["document"] == SEED_000.name
    assert top["item_number"] == "6.2"
    assert "2021-02-22" in [d["date"] for d in answer["dates"]]


def test_ask_says_plainly_when_the_minutes_do_not_hold_the_answer(db: Path, tmp_path: Path) -> None:
    run_bot("ingest", str(SEED_000), str(SEED_002), db=db, cwd=tmp_path)
    result = run_bot("ask", "--json", "Hvad blev besluttet om parkeringspladserne ved rådhuset?", db=db, cwd=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["answered"] is False
    assert answer["answer"]


async def test_ask_next_meeting_follows_a_secretarys_change_with_the_same_json_shape(db: Path, tmp_path: Path) -> None:
    run_bot("ingest", str(SEED_000), str(SEED_002), db=db, cwd=tmp_path)
    question = [
        "ask",
        "--json",
        "--today",
        "2021-02-15",
        "--committee",
        "Følgegruppen for uddannelse og arbejde",
        "Hvornår er næste møde?",
    ]
    before = json.loads(run_bot(*question, db=db, cwd=tmp_path).stdout)
    assert [d["date"] for d in before["dates"]] == ["2021-04-13"]
    assert before["sources"][0]["document"] == SEED_000.name

    # The secretary moves the meeting (as the bot does on "flyt møde 13. april 2021 til 20. april 2021").
    async def is_secretary(committee: str, aad_object_id: str | None) -> bool:
        return aad_object_id == "secretary"

    engine = create_engine(str(db))
    try:
        calendar = Calendar(
            session_factory(engine),
            FixedClock(dt.datetime(2021, 2, 15, 12, tzinfo=COMMITTEE_TZ)),
            is_secretary=is_secretary,
        )
        await calendar.move(
            "Følgegruppen for uddannelse og arbejde", dt.date(2021, 4, 13), dt.date(2021, 4, 20), by="secretary"
        )
    finally:
        await engine.dispose()

    after = json.loads(run_bot(*question, db=db, cwd=tmp_path).stdout)
    assert set(after) == set(before)
    assert [set(source) for source in after["sources"]] == [set(before["sources"][0])]
    assert [d["date"] for d in after["dates"]] == ["2021-04-20"]
    assert "20. april 2021" in after["answer"] and "ændret af sekretariatet" in after["answer"]
    assert after["sources"][0]["meeting_date"] == "2021-04-20"


def test_database_url_from_the_environment(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{tmp_path / 'env.db'}")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(SEED_002)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()


def test_ingest_refuses_files_over_the_limits_and_stores_nothing(db: Path, tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    big = tmp_path / "stor.txt"
    big.write_text(SEED_000.read_text(encoding="utf-8") + "\n" + " " * (2 * 1024 * 1024), encoding="utf-8")
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (60 * 1024 * 1024) + "</w:document>")
    env_limit = {"READ_MAX_FILE_MB": "1"}
    os.environ.update(env_limit)
    try:
        result = run_bot("ingest", str(big), str(bomb), db=db, cwd=tmp_path)
    finally:
        for name in env_limit:
            os.environ.pop(name)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "stor.txt: Filen er for stor" in result.stderr
    assert "bombe.docx: Word-filen pakker ud til 60,0 MB" in result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("select count(*) from meetings").fetchone() == (0,)


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Region//Mødekalender//DA\r
BEGIN:VEVENT\r
UID:fg-2021-05-18@region.example\r
DTSTAMP:20210301T120000Z\r
DTSTART;TZID=Europe/Copenhagen:20210518T100000\r
DTEND;TZID=Europe/Copenhagen:20210518T120000\r
SUMMARY:Følgegruppemøde\r
LOCATION:Regionshuset\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_calendar_import_puts_an_ics_files_meetings_in_the_committees_calendar_once(db: Path, tmp_path: Path) -> None:
    committee = "Følgegruppen for uddannelse og arbejde"
    run_bot("ingest", str(SEED_000), str(SEED_002), db=db, cwd=tmp_path)
    good, bad = tmp_path / "moeder.ics", tmp_path / "noter.ics"
    good.write_text(ICS, encoding="utf-8")
    bad.write_text("Mødeplan 2021: 18. maj\n", encoding="utf-8")

    refused = run_bot("calendar", "import", str(bad), "--committee", committee, db=db, cwd=tmp_path)
    first = run_bot("calendar", "import", str(good), "--committee", committee, db=db, cwd=tmp_path)
    again = run_bot("calendar", "import", str(good), "--committee", committee, db=db, cwd=tmp_path)
    asked = run_bot("ask", "--json", "--today", "2021-04-20", "--committee", committee, "Hvornår er næste møde?",
                    db=db, cwd=tmp_path)  # fmt: skip  # one command line

    assert refused.returncode == 1 and "noter.ics" in refused.stderr and "iCalendar" in refused.stderr
    assert first.returncode == 0, first.stderr
    assert "1 møder tilføjet, 0 ændret, 0 uændret" in first.stdout
    assert "0 møder tilføjet, 0 ændret, 1 uændret" in again.stdout
    answer = json.loads(asked.stdout)
    assert [d["date"] for d in answer["dates"]] == ["2021-05-18"]
    assert "Regionshuset" in answer["answer"]
