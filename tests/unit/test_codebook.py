"""The codebook out (.qdc, codebook.csv) and in: round trips, other tools' files, bad files."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.cli import main
from companion.notes import codebook, qdpx
from companion.notes.model import NotesError
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from companion.store.db import ensure_programme
from tests.unit import qda_programme
from tests.unit.refi_structure import GUID, RGB

CODEBOOK = "{urn:QDA-XML:codebook:1.0}"


@pytest.fixture
def book() -> Iterator[Notebook]:
    notebook = Notebook(open_database())
    qda_programme.build(notebook)
    yield notebook
    notebook.close()


def _themes(book: Notebook, programme: str) -> list[tuple[str, str, str]]:
    found = book.themes.in_programme(ensure_programme(book.db, programme))
    return [(t.name, t.description, t.colour) for t in found]


@pytest.mark.parametrize("suffix", [".qdc", ".csv"])
def test_the_codebook_round_trips_into_a_fresh_programme(
    book: Notebook, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"codebook{suffix}"
    assert main(["codebook", "export", "--output", str(out)]) == 0
    assert main(["codebook", "import", str(out), "--programme", "Next year"]) == 0
    book.db.execute("SELECT 1")  # the commands closed their own connections
    assert _themes(book, "Next year") == _themes(book, qda_programme.demo.PROGRAMME)
    assert main(["codebook", "import", str(out), "--programme", "Next year"]) == 0  # again
    assert len(_themes(book, "Next year")) == 3


def test_the_qdc_is_a_refi_codebook_with_the_projects_guids(book: Notebook) -> None:
    themes = book.themes.in_programme(book.programme_id(1))
    root = ET.fromstring(codebook.render_qdc(themes))
    assert root.tag == f"{CODEBOOK}CodeBook"
    codes = root.findall(f"{CODEBOOK}Codes/{CODEBOOK}Code")
    assert [c.get("name") for c in codes] == [t.name for t in themes]
    for code, theme in zip(codes, themes, strict=True):
        assert GUID.match(code.get("guid", "")) and RGB.match(code.get("color", ""))
        assert code.get("guid") == qdpx.guid(f"theme:{theme.uid}")
        assert code.get("isCodable") == "true"


def test_codes_from_another_tools_project_and_csv(book: Notebook, tmp_path: Path) -> None:
    project = tmp_path / "programme.qdpx"
    assert main(["report", "--format", "qdpx", "--output", str(project)]) == 0
    names = [c.name for c in codebook.read(project)]
    assert names[:3] == ["Hierarchy and power", "Psychological safety", "Unused theme"]
    assert "Companion note kinds" not in names  # a folder, not a code
    taguette = tmp_path / "taguette.csv"
    taguette.write_text("tag,description,number of highlights\nTrust,Being believed,3\n,,\n")
    assert codebook.read(taguette) == [codebook.Code("Trust", "Being believed", "")]
    nested = tmp_path / "nested.qdc"
    nested.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="00000000-0000-0000-0000-000000000001" name="Voice" isCodable="true" '
        'color="#112233"><Code guid="00000000-0000-0000-0000-000000000002" name="Silence" '
        'isCodable="true"><Description>Not heard</Description></Code></Code></Codes></CodeBook>'
    )
    assert codebook.read(nested) == [
        codebook.Code("Voice", "", "#112233"),
        codebook.Code("Silence", "Not heard", ""),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.qdc", "<CodeBook><Codes>"),
        ("other.qdc", "<html><body>not a codebook</body></html>"),
        ("bomb.qdc", '<!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook>&a;</CodeBook>'),
        ("sheet.csv", "colour,weight\nred,3\n"),
        ("empty.qdc", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'),
        ("fake.qdpx", "not a zip"),
    ],
)
def test_a_bad_codebook_is_one_sentence_and_a_non_zero_exit(
    tmp_path: Path, name: str, content: str
) -> None:
    bad = tmp_path / name
    bad.write_text(content)
    with pytest.raises(NotesError):
        codebook.read(bad)
    command = [sys.executable, "-m", "companion.cli", "codebook", "import", str(bad)]
    done = subprocess.run([*command, "--programme", "P"], capture_output=True, text=True)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(name), done.stderr
    book = Notebook(open_database())
    try:
        assert book.db.execute("SELECT count(*) FROM programmes").fetchone()[0] == 0
    finally:
        book.close()


def test_export_refuses_another_suffix(book: Notebook, tmp_path: Path) -> None:
    assert main(["codebook", "export", "--output", str(tmp_path / "codes.txt")]) == 2
