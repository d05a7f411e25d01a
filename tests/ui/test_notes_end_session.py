"""End session: check the notes, mark anonymity, choose what to share, files written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from pytestqt.qtbot import QtBot

from companion.notes import demo
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from ui.notes.area import NotesArea
from ui.notes.end_session import EndSessionWizard


@pytest.fixture
def notebook(companion_home: Path) -> Iterator[Notebook]:
    book = Notebook(open_database())
    yield book
    book.close()


@pytest.fixture
def area(qtbot: QtBot, notebook: Notebook) -> NotesArea:
    widget = NotesArea(notebook, finals=lambda: ["We never get the agenda in advance."])
    qtbot.addWidget(widget)
    widget.show()
    widget.session.start(demo.PROGRAMME, demo.WEBINAR_2, "Group A", list(demo.WEBINAR_2_QUESTIONS))
    section = notebook.notes.sections(widget.session_id, widget.group_id)[0]
    notebook.notes.add(
        section.id,
        NoteKind.QUOTE,
        "We never get the agenda in advance.",
        speaker="Amira",
        consent=Consent.NAMED,
        origin="caption",
    )
    notebook.notes.add(
        section.id, NoteKind.ACTION, "Send agendas a week ahead", owner="Sam", due="2027-01-15"
    )
    notebook.evidence.add(widget.session_id, widget.group_id, demo.png(30, 20), "flipchart.png")
    widget.show_group(widget.session_id, widget.group_id)
    return widget


def test_walk_through_refuses_missing_alt_text_then_writes_everything(
    qtbot: QtBot,
    area: NotesArea,
    notebook: Notebook,
    tmp_path: Path,
    a11y: Callable[..., None],
) -> None:
    wizard = area.open_end_session()
    assert isinstance(wizard, EndSessionWizard)
    texts = [wizard.problems.item(i).text() for i in range(wizard.problems.count())]
    assert any("flipchart.png" in t and "alt text" in t for t in texts)
    a11y(wizard)
    with qtbot.waitSignal(wizard.describe_requested) as asked:
        wizard.problems.setCurrentRow(0)
        wizard.describe_button.click()
    assert asked.args is not None
    wizard.next()
    assert wizard.named.count() == 1  # Amira agreed to be named
    wizard.next()
    wizard.folder.setText(str(tmp_path / "out"))
    for fmt, box in wizard.formats.items():
        box.setChecked(fmt in ("docx", "bundle", "md"))
    wizard.next()
    assert wizard.currentId() == 2 and "Add alt text to flipchart.png" in wizard.share_error.text()
    area.evidence.dialog.alt_text.setPlainText("The group's flipchart: three ideas")
    area.evidence.dialog.accept()
    with qtbot.waitSignal(wizard.written) as done:
        wizard.next()
    names = sorted(Path(p).name for p in done.args[0] if Path(p).parent == tmp_path / "out")
    base = "webinar-2-what-inclusive-and-collective-group-a"
    assert names == [base + ext for ext in (".companion-notes.zip", ".docx", ".md")]
    document = docx.Document(str(next(p for p in done.args[0] if p.suffix == ".docx")))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Amira" in body and document.tables[0].cell(1, 0).text == "Send agendas a week ahead"
    assert notebook.session(area.session_id)["ended_at"]
    wizard.close()


def test_anonymise_and_leave_out_kinds(
    qtbot: QtBot, area: NotesArea, notebook: Notebook, tmp_path: Path
) -> None:
    evidence = notebook.evidence.of_group(area.session_id, area.group_id)[0]
    notebook.evidence.describe(evidence.id, alt_text="A flipchart")
    wizard = area.open_end_session()
    assert isinstance(wizard, EndSessionWizard)
    wizard.next()
    wizard.anonymise.setChecked(True)
    wizard.next()
    wizard.kinds[NoteKind.ACTION].setChecked(False)
    wizard.folder.setText(str(tmp_path))
    for fmt, box in wizard.formats.items():
        box.setChecked(fmt == "md")
    wizard.next()
    [markdown] = [p for p in wizard.paths if p.suffix == ".md"]
    assert wizard.files_written.count() == len(wizard.paths)
    assert wizard.share_options().anonymise
    text = markdown.read_text()
    assert "Amira" not in text and "Send agendas" not in text and "agenda in advance" in text
    wizard.close()
