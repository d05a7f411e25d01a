"""The programme as a REFI-QDA project: structure, offsets, stable GUIDs, anonymity, CLI."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.cli import main
from companion.notes import qdpx
from companion.notes.notebook import Notebook
from companion.notes.programme_notes import gather
from companion.notes.qdpx_text import plain
from companion.store.database import open_database
from tests.unit import qda_programme
from tests.unit.refi_structure import NS, problems

Q = f"{{{NS}}}"


@pytest.fixture
def book() -> Iterator[Notebook]:
    notebook = Notebook(open_database())
    qda_programme.build(notebook)
    yield notebook
    notebook.close()


def _export(tmp_path: Path, *extra: str, name: str = "programme.qdpx") -> Path:
    out = tmp_path / name
    assert main(["report", "--format", "qdpx", "--output", str(out), *extra]) == 0
    return out


def _project(path: Path) -> tuple[ET.Element, zipfile.ZipFile]:
    archive = zipfile.ZipFile(path)
    return ET.fromstring(archive.read("project.qde")), archive


def test_the_project_keeps_the_schemas_structure(book: Notebook, tmp_path: Path) -> None:
    path = _export(tmp_path)
    archive = zipfile.ZipFile(path)
    assert problems(archive.read("project.qde")) == []
    names = archive.namelist()
    assert names[0] == "project.qde"
    assert all(n == "project.qde" or n.startswith("Sources/") for n in names)
    root = ET.fromstring(archive.read("project.qde"))
    assert root.tag == f"{Q}Project" and root.get("name") == qda_programme.demo.PROGRAMME
    for source in root.iter(f"{Q}TextSource"):
        assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
        assert f"Sources/{source.get('guid')}.txt" in names
    pictures = list(root.iter(f"{Q}PictureSource"))
    assert [p.get("name") for p in pictures] == ["poster.png"]  # the PDF is not a picture
    assert pictures[0].findtext(f"{Q}Description") == "A yellow poster by Priya"
    assert archive.read(f"Sources/{pictures[0].get('guid')}.png") == qda_programme.demo.png()
    pdfs = list(root.iter(f"{Q}PDFSource"))
    assert [p.get("name") for p in pdfs] == ["slides.pdf"]
    assert pdfs[0].get("path") == f"internal://{pdfs[0].get('guid')}.pdf"
    assert "scores.xyz" not in archive.read("project.qde").decode()  # no tool could open it


def test_every_shared_note_is_a_selection_over_exactly_its_words(
    book: Notebook, tmp_path: Path
) -> None:
    root, archive = _project(_export(tmp_path))
    shared = book.notes.query("n.shared = 1", [])
    by_guid = {qdpx.guid(f"note:{n.uid}"): n for n in shared}
    seen = set()
    for source in root.iter(f"{Q}TextSource"):
        text = archive.read(f"Sources/{source.get('guid')}.txt").decode("utf-8")
        assert "\r" not in text
        for selection in source.iter(f"{Q}PlainTextSelection"):
            note = by_guid[selection.get("guid", "")]
            start, end = (
                int(selection.get("startPosition", "")),
                int(selection.get("endPosition", "")),
            )
            assert text[start:end] == plain(note.text)
            seen.add(note.uid)
    assert seen == {n.uid for n in shared}  # every shared note, and the private one left out
    texts = [
        archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith((".txt", ".qde"))
    ]
    assert not [t for t in texts if "Private aside" in t]


def test_themes_are_codes_and_notes_are_coded_with_them(book: Notebook, tmp_path: Path) -> None:
    root, _ = _project(_export(tmp_path))
    codes = {c.get("name"): c for c in root.iter(f"{Q}Code")}
    programme = book.programme_id(1)
    for theme in book.themes.in_programme(programme):
        code = codes[theme.name]
        assert code.get("guid") == qdpx.guid(f"theme:{theme.uid}")
        assert code.get("color") == theme.colour and code.get("isCodable") == "true"
        assert (code.findtext(f"{Q}Description") or "") == theme.description
    assert codes["Companion note kinds"].get("isCodable") == "false"
    coded = {
        s.get("guid"): {c.find(f"{Q}CodeRef").get("targetGUID") for c in s.iter(f"{Q}Coding")}  # type: ignore[union-attr]
        for s in root.iter(f"{Q}PlainTextSelection")
    }
    for note in book.notes.query("n.shared = 1", []):
        themes = {qdpx.guid(f"theme:{book.themes.get(t).uid}") for t in note.theme_ids}
        kind = qdpx.guid(f"kind:{note.kind.value}")
        assert coded[qdpx.guid(f"note:{note.uid}")] == themes | {kind}


def test_cases_sets_variables_and_action_notes(book: Notebook, tmp_path: Path) -> None:
    root, _ = _project(_export(tmp_path))
    cases = {c.get("name"): c for c in root.iter(f"{Q}Case")}
    assert {"Group A", "Group B"} <= set(cases)
    assert len(cases["Group A"].findall(f"{Q}SourceRef")) == 2  # webinars 1 and 2
    sets = [s.get("name") for s in root.iter(f"{Q}Set")]
    assert sets == [qda_programme.WEBINAR_1, qda_programme.demo.WEBINAR_2]
    named = cases["Group A: Amira Haddad"]
    values = [v.findtext(f"{Q}TextValue") for v in named.iter(f"{Q}VariableValue")]
    assert values == ["Ward sister", "named"]
    assert len(named.findall(f"{Q}SelectionRef")) == 2
    anonymous = cases["Group A: anonymous"]
    assert [v.findtext(f"{Q}TextValue") for v in anonymous.iter(f"{Q}VariableValue")] == [
        "anonymous"
    ]
    trio = cases["Group B: a porter"]
    assert [v.findtext(f"{Q}TextValue") for v in trio.iter(f"{Q}VariableValue")] == [
        "a porter",
        "recorded by role",
    ]
    actions = list(root.iter(f"{Q}Note"))
    assert len(actions) == 4
    assert "Who: Kwame Mensah" in (actions[0].findtext(f"{Q}PlainTextContent") or "")


def test_a_second_export_is_the_same_file(book: Notebook, tmp_path: Path) -> None:
    first = _export(tmp_path, name="one.qdpx").read_bytes()
    second = _export(tmp_path, name="two.qdpx").read_bytes()
    assert first == second


def test_an_anonymised_export_holds_no_member_name(book: Notebook, tmp_path: Path) -> None:
    path = _export(tmp_path, "--anonymise")
    archive = zipfile.ZipFile(path)
    assert problems(archive.read("project.qde")) == []
    everything = "\n".join(
        archive.read(n).decode("utf-8") for n in archive.namelist() if not n.endswith(".png")
    )
    for person in qda_programme.PEOPLE:
        for part in person.split():
            assert part not in everything, part
    assert "a group member said rounds help" in everything.lower()
    assert "Ward sister" not in everything  # a member's role could tell who it was
    assert "a porter" in everything  # trio evidence is recorded by role by design
    named = _export(tmp_path, name="named.qdpx")
    assert {n for n in zipfile.ZipFile(named).namelist()} == set(archive.namelist())


def test_one_session_only(book: Notebook) -> None:
    programme = gather(book, book.programme_id(1), 1)
    assert {p.session_id for p in programme.parts} == {1}
    assert len(programme.parts) == 2


def test_unwritable_output_is_one_sentence(tmp_path: Path, book: Notebook) -> None:
    locked = tmp_path / "not-a-folder"
    locked.write_text("a file where a folder should be")  # fails even for root
    command = [sys.executable, "-m", "companion.cli", "report", "--format", "qdpx"]
    done = subprocess.run(
        [*command, "--output", str(locked / "p.qdpx")], capture_output=True, text=True
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Could not write") and "folder" in lines[0]


def test_a_programme_of_imported_bundles_exports(tmp_path: Path) -> None:
    from companion.notes.bundle import write_bundle
    from companion.notes.importer import import_bundle

    bundles = []
    for group in ("Group A", "Group B", "Group C"):
        book = Notebook(open_database(tmp_path / group / "companion.db"))
        try:
            session, group_id = qda_programme.demo.group_session(book, group)
            qda_programme.demo.fill(book, session, group_id, 20, seed=len(bundles))
            bundles.append(write_bundle(book, session, group_id, tmp_path / f"{group}.zip"))
        finally:
            book.close()
    lead = Notebook(open_database())
    try:
        for bundle in bundles:
            import_bundle(lead, bundle)
        shared = lead.notes.query("n.shared = 1", [])
        themes = lead.themes.in_programme(1)
    finally:
        lead.close()
    root, archive = _project(_export(tmp_path))
    assert problems(archive.read("project.qde")) == []
    selections = {s.get("guid") for s in root.iter(f"{Q}PlainTextSelection")}
    assert selections == {qdpx.guid(f"note:{n.uid}") for n in shared} and len(shared) == 60
    codes = {c.get("name") for c in root.iter(f"{Q}Code")}
    assert {t.name for t in themes} <= codes
    assert len(list(root.iter(f"{Q}TextSource"))) == 3


def test_anonymise_is_refused_for_the_document_report(
    book: Notebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.md"
    assert main(["report", "--format", "md", "--anonymise", "--output", str(out)]) == 2
    assert "--anonymise is for --format qdpx" in capsys.readouterr().err
    assert not out.exists()
