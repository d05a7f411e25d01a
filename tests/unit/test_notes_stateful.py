"""Hypothesis drives random add / edit / delete / undo / redo against a plain model."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from companion.notes import demo
from companion.notes.history import History
from companion.notes.model import NoteKind
from companion.notes.notebook import Notebook
from companion.store.database import open_database

texts = st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t)
kinds = st.sampled_from(list(NoteKind))


class NotesMachine(RuleBasedStateMachine):
    """The store (with undo) must always hold exactly what the model says."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.book = Notebook(open_database(self.folder / "c.db"))
        self.session, self.group = demo.group_session(self.book, "Group A")
        self.sections = [s.id for s in self.book.notes.sections(self.session, self.group)]
        self.history = History(self.book.notes)
        self.model: dict[str, tuple[str, str, int]] = {}  # uid → (kind, text, section)
        self.undo_models: list[dict[str, tuple[str, str, int]]] = []
        self.redo_models: list[dict[str, tuple[str, str, int]]] = []

    def _did(self) -> None:
        self.redo_models.clear()

    def _snapshot(self) -> dict[str, tuple[str, str, int]]:
        return dict(self.model)

    @rule(kind=kinds, text=texts, index=st.integers(0, 2))
    def add(self, kind: NoteKind, text: str, index: int) -> None:
        before = self._snapshot()
        note = self.book.notes.add(self.sections[index], kind, text)
        self.history.record(None, note, "add")
        self.undo_models.append(before)
        self.model[note.uid] = (kind.value, text, self.sections[index])
        self._did()

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), text=texts)
    def edit(self, data: st.DataObject, text: str) -> None:
        uid = data.draw(st.sampled_from(sorted(self.model)))
        note = self.book.notes.query("n.uid = ?", [uid])[0]
        before = self._snapshot()
        after = self.book.notes.update(note.id, text=text, kind=NoteKind.NOTE)
        self.history.record(note, after, "edit", ("kind", "text"))
        self.undo_models.append(before)
        self.model[uid] = ("note", text, note.section_id)
        self._did()

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        uid = data.draw(st.sampled_from(sorted(self.model)))
        note = self.book.notes.query("n.uid = ?", [uid])[0]
        before = self._snapshot()
        self.history.record(self.book.notes.delete(note.id), None, "delete")
        self.undo_models.append(before)
        del self.model[uid]
        self._did()

    @precondition(lambda self: bool(self.undo_models))
    @rule()
    def undo(self) -> None:
        self.history.undo()
        self.redo_models.append(self._snapshot())
        self.model = self.undo_models.pop()

    @precondition(lambda self: bool(self.redo_models))
    @rule()
    def redo(self) -> None:
        self.history.redo()
        self.undo_models.append(self._snapshot())
        self.model = self.redo_models.pop()

    @invariant()
    def store_matches_model(self) -> None:
        stored = {
            n.uid: (n.kind.value, n.text, n.section_id)
            for n in self.book.notes.notes(self.session, self.group)
        }
        assert stored == self.model

    def teardown(self) -> None:
        self.book.close()
        shutil.rmtree(self.folder, ignore_errors=True)


NotesMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
TestNotesCrud = NotesMachine.TestCase
