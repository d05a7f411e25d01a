"""Exports opened back: Markdown has every note, python-docx reads the .docx, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from companion.lead import report
from companion.notes import demo
from companion.notes.model import Consent, NoteKind, NotesError
from companion.notes.notebook import Notebook
from companion.notes.outputs import write_outputs
from companion.notes.share import ShareOptions
from companion.store.database import open_database


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "data" / "companion.db"))
    yield book
    book.close()


def _group(notebook: Notebook) -> tuple[int, int]:
    session, group = demo.group_session(notebook, "Group A")
    first, second, _ = notebook.notes.sections(session, group)
    notebook.notes.add(first.id, NoteKind.NOTE, "Huddles start with a check-in")
    notebook.notes.add(
        first.id,
        NoteKind.QUOTE,
        "I was asked first, for once",
        speaker="Amira",
        consent=Consent.NAMED,
        origin="caption",
    )
    notebook.notes.add(first.id, NoteKind.QUOTE, "Nobody reads the chat", speaker="Sam")
    notebook.notes.add(
        second.id, NoteKind.ACTION, "Rotate who chairs", owner="Priya", due="2027-01-31"
    )
    notebook.notes.add(second.id, NoteKind.QUESTION, "Can juniors join the board walk?")
    notebook.notes.add(second.id, NoteKind.TRIO, "They never see the minutes", speaker="a porter")
    notebook.notes.add(second.id, NoteKind.NOTE, '=HYPERLINK("x")')
    private = notebook.notes.add(second.id, NoteKind.NOTE, "Not for sharing")
    notebook.notes.update(private.id, shared=False)
    programme = notebook.programme_id(session)
    theme = notebook.themes.create(programme, "Psychological safety")
    for note in notebook.notes.notes(session, group)[:2]:
        notebook.themes.tag(note.id, theme.id)
    notebook.evidence.add(
        session,
        group,
        demo.png(40, 30),
        "flipchart.png",
        alt_text="A flipchart with three ideas circled",
        caption="Flipchart",
    )
    notebook.evidence.add(session, group, b"\x00\x01binary", "recording.qqq")
    return session, group


def test_every_format_has_every_shared_note(notebook: Notebook, tmp_path: Path) -> None:
    session, group = _group(notebook)
    written = write_outputs(notebook, session, group, tmp_path / "out")
    by_suffix = {p.name.split(".", 1)[1]: p for p in written if "evidence" not in p.parent.name}
    assert set(by_suffix) == {"md", "docx", "csv", "json", "companion-notes.zip"}
    text = by_suffix["md"].read_text()
    for words in (
        "Huddles start with a check-in",
        "I was asked first, for once",
        "Amira",
        "Rotate who chairs",
        "Can juniors join the board walk?",
        "a porter",
        "A flipchart with three ideas circled",
        "recording.qqq",
    ):
        assert words in text
    assert "Not for sharing" not in text
    assert "Sam" not in text  # no consent asked: anonymous
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in written)
    image = [p for p in written if p.suffix == ".png"]
    assert len(image) == 1 and image[0].name in text

    document = docx.Document(str(by_suffix["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [f"{i}. {q}" for i, q in enumerate(demo.WEBINAR_2_QUESTIONS, 1)]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "“I was asked first, for once” — Amira" in body and "Not for sharing" not in body
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["Rotate who chairs", "Priya", "2027-01-31"]
    pictures = document.inline_shapes
    assert len(pictures) == 1
    assert pictures[0]._inline.docPr.get("descr") == "A flipchart with three ideas circled"

    rows = list(csv.DictReader(io.StringIO(by_suffix["csv"].read_text())))
    assert len(rows) == 7 and rows[0]["section"] == demo.WEBINAR_2_QUESTIONS[0]
    assert any(r["text"] == '\'=HYPERLINK("x")' for r in rows)  # never run as a formula
    data = json.loads(by_suffix["json"].read_text())
    assert len(data["notes"]) == 7 and data["themes"][0]["name"] == "Psychological safety"


def test_anonymised_export_has_no_names(notebook: Notebook, tmp_path: Path) -> None:
    session, group = _group(notebook)
    written = write_outputs(
        notebook, session, group, tmp_path, ["md", "json"], ShareOptions(anonymise=True)
    )
    for path in written[:1] + written[-1:]:
        text = path.read_text()
        assert "Amira" not in text and "Priya" not in text
    assert "Names have been removed" in written[0].read_text()


def test_chosen_kinds_only(notebook: Notebook, tmp_path: Path) -> None:
    session, group = _group(notebook)
    options = ShareOptions(kinds=frozenset({NoteKind.ACTION}), evidence=False)
    text = write_outputs(notebook, session, group, tmp_path, ["md"], options)[0].read_text()
    assert "Rotate who chairs" in text and "Huddles" not in text and "flipchart" not in text


def test_images_need_alt_text_before_export(notebook: Notebook, tmp_path: Path) -> None:
    session, group = _group(notebook)
    notebook.evidence.add(session, group, demo.png(), "photo.png")
    with pytest.raises(NotesError, match="alt text"):
        write_outputs(notebook, session, group, tmp_path, ["docx"])
    assert not list(tmp_path.glob("*.docx"))


def test_unknown_and_misnamed_types_are_kept_as_files(notebook: Notebook) -> None:
    session, group = _group(notebook)
    items = {e.filename: e for e in notebook.evidence.of_group(session, group)}
    assert items["recording.qqq"].media_type == "application/octet-stream"
    fake = notebook.evidence.add(session, group, b"not an image", "../../etc/x.png")
    assert fake.filename == "x.png" and not fake.is_image  # a name does not make an image
    assert notebook.evidence.path_for(fake.sha256).stat().st_mode & 0o777 == 0o600


def test_programme_report_has_chart_table_and_quote_wall(
    notebook: Notebook, tmp_path: Path
) -> None:
    session, _ = _group(notebook)
    _, other = demo.group_session(notebook, "Group B", session)
    demo.fill(notebook, session, other, 30)
    gathered = report.gather(notebook, notebook.programme_id(session))
    written = report.write_markdown(gathered, tmp_path / "report.md")
    text = written[0].read_text()
    assert "| Theme | Group A | Group B | All groups |" in text
    assert "“I was asked first, for once” — Amira (Group A)" in text
    assert written[1].read_bytes().startswith(b"\x89PNG")
    document = docx.Document(str(report.write_docx(gathered, tmp_path / "report.docx")))
    questions = gathered.questions[1]  # then a table per question, a column per group (#16)
    assert len(document.inline_shapes) == 1 and len(document.tables) == 1 + len(questions)
    assert document.tables[0].rows[0].cells[1].text == "Group A"
    assert [c.text for c in document.tables[1].rows[0].cells] == ["Group A", "Group B"]
