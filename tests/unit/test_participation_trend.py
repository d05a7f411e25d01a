"""Participation across a programme: the trend, the report section, turns export --programme."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from companion.cli import main
from companion.lead import report
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from companion.turns.summary import keep_summary
from companion.turns.trend import programme_trend
from tests.unit.qda_programme import kept_summary

PROGRAMME = "Leading together"


@pytest.fixture
def book() -> Iterator[Notebook]:
    notebook = Notebook(open_database())
    first, group_a = notebook.start_session(PROGRAMME, "Webinar 1", "Group A", ["Q"])
    _, group_b = notebook.start_session(PROGRAMME, "Webinar 1", "Group B", ["Q"], session_id=first)
    second, _ = notebook.start_session(PROGRAMME, "Webinar 5", "Group A", ["Q"])
    notebook.start_session(PROGRAMME, "Webinar 5", "Group B", ["Q"], session_id=second)
    named = ["Amira", "Tomasz", "Participant 3"]  # Participant 3 did not agree to be named
    anonymous = ["Participant 1", "Participant 2", "Participant 3"]
    keep_summary(notebook.db, first, group_a, kept_summary([0.7, 0.3, 0.0], named, 0.47))
    keep_summary(notebook.db, second, group_a, kept_summary([0.4, 0.35, 0.25], named, 0.1))
    keep_summary(notebook.db, first, group_b, kept_summary([0.5, 0.5, 0.0], anonymous, 0.33))
    yield notebook
    notebook.close()


def test_the_trend_per_group_and_across_groups(book: Notebook) -> None:
    trend = programme_trend(book.db, 1)
    assert [t for _, t in trend.sessions] == ["Webinar 1", "Webinar 5"]
    assert trend.groups == ("Group A", "Group B")
    rows = dict(trend.member_rows("Group A"))
    assert rows["Amira"] == ["70% (equal 33%)", "40% (equal 33%)"]
    assert rows["Participant 3"] == ["0% (equal 33%)", "25% (equal 33%)"]
    assert dict(trend.group_rows("Group A"))["People not heard"] == ["1", "0"]
    assert dict(trend.group_rows("Group B"))["Gini (0 = equal)"] == ["0.33", "-"]
    first, last = trend.by_session()
    assert (first.groups, first.not_heard, round(first.mean_gini, 2)) == (2, 2, 0.4)
    assert (last.groups, last.not_heard) == (1, 0)
    hidden = programme_trend(book.db, 1, anonymise=True)
    assert "Amira" not in str(hidden.member_rows("Group A"))


def test_the_report_has_the_trend_as_chart_and_tables(book: Notebook, tmp_path: Path) -> None:
    gathered = report.gather(book, 1)
    written = report.write_markdown(gathered, tmp_path / "report.md")
    assert [p.name for p in written][-1] == "report-participation.png"
    text = written[0].read_text()
    assert "## Participation across sessions" in text
    assert "![Bar chart of each group's Gini" in text
    assert "| Amira | 70% (equal 33%) | 40% (equal 33%) |" in text
    assert "| Webinar 1 | 2 | 0.40 | 2 | 6 |" in text
    document = docx.Document(str(report.write_docx(gathered, tmp_path / "report.docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Participation across sessions" in headings
    assert "Group A: share of the talk against an equal share" in headings


def test_turns_export_gains_the_programme_view(
    book: Notebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trend.csv"
    assert main(["turns", "export", "--programme", PROGRAMME, "--output", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 9  # three members in three kept summaries
    assert [r["session"] for r in rows].count("Webinar 5") == 3
    assert (
        main(["turns", "export", "--programme", PROGRAMME, "--format", "json", "--anonymise"]) == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert [s["groups"] for s in document["across_groups"]] == [2, 1]
    assert "Amira" not in json.dumps(document)
    assert main(["turns", "export", "--programme", "Nope"]) == 2
    assert "no programme called 'Nope'" in capsys.readouterr().err
    assert main(["turns", "export"]) == 2
