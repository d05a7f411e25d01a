"""``companion turns list`` and ``companion turns export``: output, and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli.turns import main
from companion.clock import ManualClock
from companion.store import db as store
from companion.store.database import open_database
from companion.turns.roster import MemberDetails
from companion.turns.roster_store import load_roster
from companion.turns.session import TurnsSession
from companion.turns.summary import keep_summary


def _kept_session() -> int:
    """A session in the user's own database (this test's COMPANION_HOME) with a summary."""
    db = open_database()
    try:
        programme = store.ensure_programme(db, "Programme")
        group = store.ensure_group(db, programme, "Group 1")
        session_id = store.create_session(db, programme, "Webinar 1")
        roster = load_roster(db, group)
        roster.add_many([MemberDetails("Aisha"), MemberDetails("Kwame")])
        clock = ManualClock()
        turns = TurnsSession(roster, clock)
        turns.speak(roster.ids[0])
        clock.advance(12)
        keep_summary(db, session_id, group, turns.summary(group="Group 1"))
        store.create_session(db, programme, "Webinar 2")  # nothing kept for this one
        return session_id
    finally:
        db.close()


def test_export_csv_to_the_screen(capsys: pytest.CaptureFixture[str]) -> None:
    session_id = _kept_session()
    assert main(["turns", "export", str(session_id), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["member"], r["talk_seconds"]) for r in rows] == [("Aisha", "12.0"), ("Kwame", "0.0")]


def test_export_json_to_a_private_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session_id = _kept_session()
    target = tmp_path / "out" / "turns.json"
    target.parent.mkdir()
    code = main(["turns", "export", str(session_id), "--format", "json", "-o", str(target)])
    assert code == 0
    assert target.stat().st_mode & 0o777 == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["groups"][0]["members"][0]["member"] == "Aisha"
    assert "Wrote the participation summary" in capsys.readouterr().err


def test_export_anonymised(capsys: pytest.CaptureFixture[str]) -> None:
    session_id = _kept_session()
    assert main(["turns", "export", str(session_id), "--format", "json", "--anonymise"]) == 0
    out = capsys.readouterr().out
    assert "Aisha" not in out and "Participant 1" in out


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    session_id = _kept_session()
    assert main(["turns", "list"]) == 0
    assert capsys.readouterr().out.startswith(f"{session_id}\tWebinar 1\t")


def test_list_with_nothing_kept_says_how_to_keep(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["turns", "list"]) == 0
    assert "Keep participation summary" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["turns", "export", "abc"], "'abc' is not a session number"),
        (["turns", "export", "0"], "'0' is not a session number"),
        (["turns", "export", "77"], "There is no session 77"),
        (["turns", "export", "2"], "has no kept participation summary"),
        (["turns", "export", "1", "--database", "/nonexistent/x.db"], "no Companion database"),
        (["turns", "export", "1", "--output", "/"], "is a folder"),
        (["turns", "export", "1", "--output", "/proc/nope/x.csv"], "could not write"),
    ],
)
def test_bad_input_gives_a_sentence_and_a_non_zero_exit(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _kept_session()
    assert main(args) == 2
    captured = capsys.readouterr()
    assert says in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_a_wrong_format_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["turns", "export", "1", "--format", "xlsx"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_runs_as_a_module() -> None:
    _kept_session()
    result = subprocess.run(
        [sys.executable, "-m", "companion.cli.turns", "turns", "export", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("session_id,session,group")
