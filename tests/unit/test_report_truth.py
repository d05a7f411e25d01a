"""The programme report tells the whole truth: every shared note, counts that match (#12)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from companion.lead import report
from companion.notes import demo
from companion.notes.bundle import write_bundle
from companion.notes.importer import import_bundle
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.themes import UNCODED
from companion.store.database import open_database


@pytest.fixture
def lead(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "lead" / "companion.db"))
    yield book
    book.close()


def _three_groups(lead: Notebook, tmp_path: Path) -> int:
    """Three groups' bundles imported, some notes coded, some not: 10 shared notes."""
    for index, group in enumerate(("Group A", "Group B", "Group C")):
        book = Notebook(open_database(tmp_path / group / "companion.db"))
        try:
            session, gid = demo.group_session(book, group)
            section = book.notes.sections(session, gid)[0]
            theme = book.themes.create(book.programme_id(session), "Rounds")
            coded = book.notes.add(section.id, NoteKind.NOTE, f"{group} coded note")
            book.themes.tag(coded.id, theme.id)
            book.notes.add(section.id, NoteKind.DECISION, f"{group} uncoded decision")
            book.notes.add(
                section.id, NoteKind.QUOTE, f"{group} uncoded quote", consent=Consent.NOT_ASKED
            )
            if index == 0:
                book.notes.add(
                    section.id, NoteKind.ACTION, "Book the room", owner="Priya", due="2027-01-31"
                )
            hidden = book.notes.add(section.id, NoteKind.NOTE, "Not for sharing")
            book.notes.update(hidden.id, shared=False)
            path = write_bundle(book, session, gid, tmp_path / f"{index}.zip")
        finally:
            book.close()
        import_bundle(lead, path)
    return int(lead.db.execute("SELECT id FROM programmes").fetchone()[0])


def test_every_shared_note_is_in_the_report_and_the_counts_match(
    lead: Notebook, tmp_path: Path
) -> None:
    programme = _three_groups(lead, tmp_path)
    gathered = report.gather(lead, programme)
    text = report.write_markdown(gathered, tmp_path / "report.md")[0].read_text()
    stated = re.search(r"(\d+) shared notes from (\d+) groups, (\d+) not yet coded", text)
    assert stated is not None, text
    shared, groups, uncoded = (int(x) for x in stated.groups())
    shown = [n for n in gathered.notes if n.text in text]
    assert len(shown) == shared == 10 and groups == 3  # every shared note, none hidden
    assert "Not for sharing" not in text
    assert "## Not yet coded" in text and uncoded == len(gathered.uncoded_notes()) == 7
    table_row = next(line for line in text.splitlines() if line.startswith("| Not yet coded"))
    assert table_row.endswith(f"| {uncoded} |")  # the table's total is the list's length
    assert "Action: Book the room — Priya; by 2027-01-31 (Group A)" in text
    board_total = sum(gathered.board.total(t.id) for t in gathered.board.themes)
    assert board_total + gathered.board.total(UNCODED) == shared
    document = docx.Document(str(report.write_docx(gathered, tmp_path / "report.docx")))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Not yet coded" in paragraphs
    assert all(n.text in paragraphs for n in gathered.notes)
    assert "Book the room — Priya; by 2027-01-31" in paragraphs
