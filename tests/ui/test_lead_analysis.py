"""The Lead area's hand-over to analysis tools: export the programme, import a codebook."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from companion.notes import codebook
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from tests.unit import qda_programme
from tests.unit.refi_structure import problems
from ui.lead.analysis import FILTERS
from ui.lead.area import LeadArea

FILTER_OF = {fmt: text for text, fmt in FILTERS.items()}


@pytest.fixture
def lead(qtbot: QtBot, companion_home: Path) -> Iterator[LeadArea]:
    book = Notebook(open_database())
    area = LeadArea(book)
    qtbot.addWidget(area)
    area.resize(1000, 700)
    area.show()
    yield area
    book.close()


def test_export_the_programme_for_analysis_tools(
    lead: LeadArea, tmp_path: Path, a11y: Callable[..., None]
) -> None:
    assert not lead.analysis.export_button.isEnabled()  # nothing to export yet
    qda_programme.build(lead.notebook)
    lead.show_programme(1)
    assert lead.analysis.export_button.isEnabled()
    a11y(lead)
    project = tmp_path / "programme.qdpx"
    lead.analysis.export_chooser = lambda: (str(project), FILTER_OF["qdpx"])
    lead.analysis.anonymise.setChecked(True)
    lead.analysis.export_button.click()
    assert lead.status.text() == f"Wrote {project}."
    archive = zipfile.ZipFile(project)
    assert problems(archive.read("project.qde")) == []
    assert b"Amira" not in archive.read("project.qde")
    table = tmp_path / "notes.xlsx"
    lead.analysis.export_chooser = lambda: (str(table), "")  # typed name, no filter
    lead.analysis.export_action.trigger()
    assert zipfile.is_zipfile(table)
    lead.analysis.export(tmp_path / "missing" / "x" / "codebook.qdc", "qdc")
    assert (tmp_path / "missing" / "x" / "codebook.qdc").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert lead.analysis.export(blocker / "p.qdpx", "qdpx") is None
    assert lead.status.text().startswith("Could not write")


def test_import_a_codebook_to_start_a_programme(lead: LeadArea, tmp_path: Path) -> None:
    source = tmp_path / "framework.csv"
    source.write_text("name,description\nVoice,Who is heard\nPower,Who decides\n")
    lead.analysis.codebook_chooser = lambda: str(source)
    lead.analysis.programme_namer = lambda: "Next programme"
    lead.analysis.codebook_button.click()
    assert lead.status.text() == "Added 2 themes."
    assert lead.programme.currentText() == "Next programme"
    assert lead.board.rowCount() == 2
    bad = tmp_path / "bad.qdc"
    bad.write_text("<nope")
    assert lead.analysis.import_codebook(bad) is None
    assert "is not a codebook" in lead.status.text()
    again = lead.analysis.import_codebook(source)
    assert again == codebook.CodebookImport((), ("Voice", "Power"))


def test_participation_across_sessions_has_its_figures_beside_the_chart(
    lead: LeadArea, a11y: Callable[..., None]
) -> None:
    from companion.turns.summary import keep_summary
    from tests.unit.qda_programme import kept_summary

    book = lead.notebook
    first, group_a = book.start_session("Leading together", "Webinar 1", "Group A", ["Q"])
    second, _ = book.start_session("Leading together", "Webinar 5", "Group A", ["Q"])
    lead.show_programme(1)
    assert "No group of this programme" in lead.participation.tables_text()
    labels = ["Participant 1", "Participant 2"]
    keep_summary(book.db, first, group_a, kept_summary([0.9, 0.1], labels, 0.4))
    keep_summary(book.db, second, group_a, kept_summary([0.55, 0.45], labels, 0.05))
    lead.refresh()
    lead.tabs.setCurrentWidget(lead.participation)
    text = lead.participation.tables_text()
    assert "Group A: share of the talk against an equal share" in text
    assert "90% (equal 50%)" in text and "55% (equal 50%)" in text
    assert lead.participation.chart.pixmap() is not None
    assert not lead.participation.chart.pixmap().isNull()
    a11y(lead)


def test_each_question_with_every_groups_answers_side_by_side(
    lead: LeadArea, tmp_path: Path, a11y: Callable[..., None]
) -> None:
    qda_programme.build(lead.notebook)
    lead.show_programme(1)
    lead.tabs.setCurrentWidget(lead.questions)
    text = lead.questions.plain_text()
    assert "What brought you here?" in text  # webinar 1
    assert qda_programme.demo.WEBINAR_2_QUESTIONS[0] in text  # webinar 2
    assert qda_programme.demo.WEBINAR_2_QUESTIONS[1] not in text  # no notes under it
    assert "Group A" in text and "Group B" in text
    assert "“I could say no here” — Amira Haddad" in text
    assert "“Nobody asked me before” — anonymous" in text
    assert "Private aside" not in text
    a11y(lead)
    written = lead.write_report(tmp_path / "report.md")
    markdown = written[0].read_text()
    assert "## Each question across groups" in markdown
    assert "| Group A | Group B |" in markdown
