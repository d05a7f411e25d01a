"""The table of notes for NVivo and others: one row per shared note, CSV and .xlsx."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from companion.cli import main
from companion.notes.notebook import Notebook
from companion.notes.nvivo_table import COLUMNS
from companion.store.database import open_database
from tests.unit import qda_programme


@pytest.fixture
def book() -> Iterator[Notebook]:
    notebook = Notebook(open_database())
    qda_programme.build(notebook)
    yield notebook
    notebook.close()


def _shared(book: Notebook) -> int:
    return len(book.notes.query("n.shared = 1", []))


def test_csv_has_one_row_per_shared_note(book: Notebook, tmp_path: Path) -> None:
    out = tmp_path / "notes.csv"
    assert main(["report", "--format", "csv", "--output", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(table[0]) == COLUMNS
    assert len(table) - 1 == _shared(book)
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in table[1:]]
    quote = next(r for r in rows if r["Said by"] == "Amira Haddad")
    assert quote["Kind"] == "Quote" and quote["Themes"] == "Psychological safety"
    assert quote["Speaker role"] == "Ward sister" and quote["Consent"] == "named"
    assert quote["Question"] == "What brought you here?" and quote["Group"] == "Group A"
    assert {r["Session"] for r in rows} == {qda_programme.WEBINAR_1, qda_programme.demo.WEBINAR_2}
    assert not any(r["Text"].startswith("=") for r in rows)


def test_xlsx_opens_as_a_sheet_with_one_row_per_note(book: Notebook, tmp_path: Path) -> None:
    out = tmp_path / "notes.xlsx"
    assert main(["report", "--format", "xlsx", "--output", str(out), "--anonymise"]) == 0
    assert zipfile.is_zipfile(out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert tuple(values[0]) == COLUMNS
    assert len(values) - 1 == _shared(book)
    tricky = next(str(r[0]) for r in values[1:] if "SUM" in str(r[0]))
    assert "=SUM(A1)" in tricky  # kept as words, not run as a formula
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, sheet.max_row + 1))
    text = " ".join(str(v) for row in values for v in row if v is not None)
    for person in qda_programme.PEOPLE:
        assert person.split()[0] not in text
