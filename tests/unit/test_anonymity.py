"""Remove every name means every name: every field, every kind, every format (#12)."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.notes import analysis, demo
from companion.notes.bundle import write_bundle
from companion.notes.history import History
from companion.notes.importer import import_bundle
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.outputs import FORMATS, write_outputs
from companion.notes.share import ShareOptions
from companion.store.database import open_database
from companion.store.db import now

# Names no ordinary word or heading contains, so finding one means it leaked.
NAMES = ("Zephyrine Okonkwo", "Bartholomew", "Quillan Marchetti", "Ysolde", "Thaddeus Ng")
NAME_WORDS = {part for name in NAMES for part in name.split() if len(part) >= 3} | set(NAMES)


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "data" / "companion.db"))
    yield book
    book.close()


def test_a_kind_change_clears_the_fields_the_new_kind_does_not_show(notebook: Notebook) -> None:
    session, group = demo.group_session(notebook, "Group A")
    section = notebook.notes.sections(session, group)[0]
    quote = notebook.notes.add(
        section.id, NoteKind.QUOTE, "Words", speaker="Ysolde", consent=Consent.NAMED
    )
    action = notebook.notes.add(section.id, NoteKind.ACTION, "Do it", owner="Bartholomew")
    history = History(notebook.notes)
    before = quote
    now_note = notebook.notes.update(quote.id, kind=NoteKind.NOTE)
    history.record(before, now_note, "change kind", ("kind",))
    assert (now_note.speaker, now_note.consent) == ("", Consent.NOT_ASKED)
    decision = notebook.notes.update(action.id, kind=NoteKind.DECISION)
    assert (decision.owner, decision.due) == ("", "")
    # Edits saved together with the kind change (one autosave batch) are cleared too.
    batched = notebook.notes.update(decision.id, kind=NoteKind.QUESTION, owner="Bartholomew")
    assert batched.owner == ""
    undone = history.undo()  # undoing the kind change brings the speaker back
    assert undone is not None
    assert (undone.kind, undone.speaker, undone.consent) == (
        NoteKind.QUOTE,
        "Ysolde",
        Consent.NAMED,
    )


def test_fields_hidden_by_an_old_kind_change_are_never_exported(
    notebook: Notebook, tmp_path: Path
) -> None:
    session, group = demo.group_session(notebook, "Group A")
    section = notebook.notes.sections(session, group)[0]
    note = notebook.notes.add(section.id, NoteKind.NOTE, "A plain note")
    # A database written before #12 kept the speaker and owner across kind changes.
    notebook.db.execute(
        "UPDATE notes SET speaker = 'Ysolde', owner = 'Bartholomew' WHERE id = ?", [note.id]
    )
    written = write_outputs(notebook, session, group, tmp_path / "out", ["json", "csv"])
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "Ysolde" not in text and "Bartholomew" not in text


def test_an_anonymised_bundle_replaces_the_named_one_at_the_leads(
    notebook: Notebook, tmp_path: Path
) -> None:
    session, group = demo.group_session(notebook, "Group A")
    section = notebook.notes.sections(session, group)[0]
    notebook.notes.rename_section(section.id, "What Ysolde asked")
    notebook.notes.add(section.id, NoteKind.QUOTE, "Hi", speaker="Ysolde", consent=Consent.NAMED)
    notebook.notes.add(section.id, NoteKind.ACTION, "Ysolde books the room", owner="Bartholomew")
    named = write_bundle(notebook, session, group, tmp_path / "named.zip")
    anonymous = write_bundle(
        notebook, session, group, tmp_path / "anon.zip", ShareOptions(anonymise=True)
    )
    lead = Notebook(open_database(tmp_path / "lead" / "companion.db"))
    try:
        assert import_bundle(lead, named).added == 2
        result = import_bundle(lead, anonymous)
        assert result.updated == 2, result.sentence()
        stored = " ".join(
            " ".join(str(v) for v in row)
            for row in lead.db.execute("SELECT text, speaker, owner, due FROM notes").fetchall()
        )
        stored += " ".join(str(r[0]) for r in lead.db.execute("SELECT title FROM notes_sections"))
        assert "Ysolde" not in stored and "Bartholomew" not in stored
        assert import_bundle(lead, named).already  # the named one cannot bring names back
    finally:
        lead.close()


def _texts(path: Path) -> str:
    """Everything a person could read in an exported file."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        parts += [document.core_properties.title or "", document.core_properties.author or ""]
        return "\n".join(parts)
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
                if not n.startswith(("evidence/", "sources/")) or n.endswith((".txt", ".xml"))
            )
    return data.decode("utf-8", "replace")


def _leaks(text: str) -> list[str]:
    import re

    return [w for w in NAME_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


name = st.sampled_from(NAMES)
words = st.lists(st.sampled_from(["we", "agreed", "rounds", "next", "time", ","]), max_size=4)


@st.composite
def named_text(draw: st.DrawFn) -> str:
    """Words with a name somewhere in them, as people write "Ysolde suggested rounds"."""
    before, after = draw(words), draw(words)
    return " ".join([*before, draw(name), *after]) or "x"


note_spec = st.tuples(
    st.sampled_from(list(NoteKind)),  # kind it was written as
    st.sampled_from(list(NoteKind)),  # kind it is now
    named_text(),
    name,
    name,
    named_text(),
    st.sampled_from(list(Consent)),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    notes=st.lists(note_spec, min_size=1, max_size=8),
    title=named_text(),
    caption=named_text(),
)
def test_no_name_survives_anonymising_in_any_format(
    notes: list[tuple[NoteKind, NoteKind, str, str, str, str, Consent]],
    title: str,
    caption: str,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        book = Notebook(open_database(root / "data" / "companion.db"))
        try:
            session, group = book.start_session("Programme", "Session 1", "Group A", [title])
            for position, person in enumerate(NAMES):  # the group's roster
                book.db.execute(
                    "INSERT INTO members (group_id, position, name, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    [group, position, person, now()],
                )
            section = book.notes.sections(session, group)[0]
            theme = book.themes.create(book.programme_id(session), "Rounds")
            for was, kind, text, speaker, owner, due, consent in notes:
                note = book.notes.add(
                    section.id, was, text, speaker=speaker, owner=owner, due=due, consent=consent
                )
                book.themes.tag(note.id, theme.id)
                # As a database from before #12 may hold: fields kept across a kind change.
                book.db.execute("UPDATE notes SET kind = ? WHERE id = ?", [kind.value, note.id])
            book.evidence.add(
                session, group, demo.png(8, 8), "board.png", caption=caption, alt_text=caption
            )
            options = ShareOptions(anonymise=True)
            written = write_outputs(book, session, group, root / "out", FORMATS, options)
            programme = book.programme_id(session)
            for fmt in ("qdpx", "csv", "xlsx"):
                out = root / f"analysis.{fmt}"
                out.write_bytes(_bytes(analysis.render(book, programme, fmt, anonymise=True)))
                written.append(out)
            for path in written:
                leaks = _leaks(_texts(path))
                assert not leaks, f"{path.name} still names {leaks}"
            bundle = next(p for p in written if p.name.endswith(".companion-notes.zip"))
            data = json.loads(zipfile.ZipFile(bundle).read("notes.json"))
            assert data["anonymised"] is True
        finally:
            book.close()


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data
