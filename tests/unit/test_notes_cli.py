"""The notes commands: export, import, report, search, backup, restore, retention, forget.

They are registered with ``add_notes_parsers``; until ``companion.cli`` calls
it these tests run them through a parser of their own with the same error
handling as ``companion.cli.commands``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import docx
import pytest

from companion.cli.notes import add_notes_parsers
from companion.errors import CompanionError
from companion.notes import demo
from companion.notes.notebook import Notebook
from companion.store.database import open_database


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="companion")
    add_notes_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    try:
        return int(args.handler(args))
    except CompanionError as error:
        print(error, file=sys.stderr)
        return 2


@pytest.fixture
def session() -> int:
    book = Notebook(open_database())
    try:
        session_id, group = demo.group_session(book, "Group A")
        demo.fill(book, session_id, group, 15)
        book.evidence.add(session_id, group, demo.png(), "flipchart.png")
        return session_id
    finally:
        book.close()


def test_export_every_format(
    session: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("export", str(session), "--group", "Group A", "--format", "docx") == 2
    assert "alt text" in capsys.readouterr().err
    book = Notebook(open_database())
    item = book.evidence.of_group(session, 1)[0]
    book.evidence.describe(item.id, alt_text="A flipchart")
    book.close()
    for fmt in ("md", "docx", "csv", "json", "bundle"):
        out = tmp_path / f"x.{fmt}"
        assert (
            run(
                "export",
                demo.WEBINAR_2,
                "--group",
                "group a",
                "--format",
                fmt,
                "--output",
                str(out),
            )
            == 0
        )
        assert out.exists()
    assert docx.Document(str(tmp_path / "x.docx")).paragraphs


def test_import_report_search(
    session: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "a.zip"
    run(
        "export",
        str(session),
        "--group",
        "1",
        "--format",
        "bundle",
        "--output",
        str(bundle),
        "--allow-missing-alt",
    )
    run("forget", "session", str(session))
    capsys.readouterr()
    assert run("import", str(bundle), str(bundle)) == 0
    out = capsys.readouterr().out
    assert "15 new notes" in out and "already imported" in out
    assert run("report", "--format", "docx", "--output", str(tmp_path / "r.docx")) == 0
    assert run("report", "--output", str(tmp_path / "r.md")) == 0
    assert (tmp_path / "r-chart.png").exists()
    assert run("search", "ward") == 0 and "Group A" in capsys.readouterr().out


def test_bad_input_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("backup") == 2
    assert "no database" in capsys.readouterr().err
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"nope")
    assert run("import", str(junk)) == 1
    err = capsys.readouterr().err
    assert "cannot be imported" in err and "Traceback" not in err
    assert run("export", "Nope", "--group", "x", "--format", "md") == 2
    assert "no session called" in capsys.readouterr().err
    assert run("restore", str(tmp_path / "missing.db")) == 2


def test_backup_restore_and_retention(session: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("backup") == 0
    made = capsys.readouterr().out.split("Backed up to ", 1)[1].strip()
    assert run("backup", "--list") == 0 and made in capsys.readouterr().out
    run("forget", "session", str(session))
    assert run("restore", Path(made).name) == 0
    book = Notebook(open_database())
    assert len(book.notes.notes(session, 1)) == 15
    book.close()
    assert run("retention", "set", "30") == 0 and "30 days" in capsys.readouterr().out
    assert run("retention", "apply") == 0 and "Deleted 0 sessions" in capsys.readouterr().out
    assert run("retention", "off") == 0 and "until deleted" in capsys.readouterr().out
    assert run("sessions") == 0 and demo.WEBINAR_2 in capsys.readouterr().out
