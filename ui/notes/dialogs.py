"""Dialogs of the Notes area: start a session's notes, quote from captions, search."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.notes.demo import PROGRAMME, WEBINAR_2, WEBINAR_2_QUESTIONS
from companion.notes.model import Consent, Note
from ui.notes.editor import CONSENT_LABELS
from ui.widgets.a11y import name

RECENT_FINALS = 20  # caption lines offered to quote


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok is not None:
        ok.setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class StartSessionDialog(QDialog):
    """Programme, session and group names, and the questions as sections (one a line)."""

    def __init__(
        self, questions: Sequence[str] = WEBINAR_2_QUESTIONS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("start_notes_dialog")
        self.setWindowTitle("Start notes for a session")
        self.programme = name(QLineEdit(PROGRAMME, self), "Programme")
        self.session = name(QLineEdit(WEBINAR_2, self), "Session")
        self.group = name(QLineEdit("Group 1", self), "Group")
        self.sections = name(
            QPlainTextEdit("\n".join(questions), self),
            "Sections",
            "The core questions, one a line; each becomes a section",
        )
        self.sections.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(_buddy("&Programme:", self.programme), self.programme)
        form.addRow(_buddy("&Session:", self.session), self.session)
        form.addRow(_buddy("&Group:", self.group), self.group)
        form.addRow(_buddy("&Questions:", self.sections), self.sections)
        form.addRow(_buttons(self, "Start notes"))
        self.resize(640, 360)

    def values(self) -> tuple[str, str, str, list[str]]:
        lines = [line.strip() for line in self.sections.toPlainText().splitlines()]
        return (
            self.programme.text().strip(),
            self.session.text().strip(),
            self.group.text().strip(),
            [line for line in lines if line] or ["Notes"],
        )


class QuoteDialog(QDialog):
    """Pick recent caption lines, say who said them and what they agreed to: one quote."""

    def __init__(
        self,
        finals: Sequence[str],
        speakers: Sequence[str],
        parent: QWidget | None = None,
        *,
        said_by: Sequence[str | None] = (),  # each final's speaker when captions knew it
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quote_dialog")
        self.setWindowTitle("Quote from captions")
        recent = list(finals)[-RECENT_FINALS:][::-1]  # newest first
        labels = list(said_by) if len(said_by) == len(finals) else [None] * len(finals)
        self._said_by = labels[-RECENT_FINALS:][::-1]
        self.lines = name(
            QListWidget(self),
            "Recent caption lines",
            "Newest first; select one or more lines to quote",
        )
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for text in recent:
            QListWidgetItem(text, self.lines)
        self.text = name(QPlainTextEdit(self), "Quote text", "The quote; correct it if needed")
        self.text.setTabChangesFocus(True)
        self.speaker = name(QComboBox(self), "Said by", "Who said it")
        self.speaker.setEditable(True)
        self.speaker.addItems(["", *speakers])
        self.consent = name(QComboBox(self), "Consent", "Did the speaker agree to be named?")
        for consent, label in CONSENT_LABELS.items():
            self.consent.addItem(label, consent)
        # Nobody is named until someone says they agreed, even when the captions say who spoke.
        self.consent.setCurrentIndex(self.consent.findData(Consent.NOT_ASKED))
        layout = QVBoxLayout(self)
        if not recent:
            layout.addWidget(QLabel("No finished caption lines yet: type the quote below.", self))
        form = QFormLayout()
        form.addRow(_buddy("&Lines:", self.lines), self.lines)
        form.addRow(_buddy("&Quote:", self.text), self.text)
        form.addRow(_buddy("Said &by:", self.speaker), self.speaker)
        form.addRow(_buddy("&Consent:", self.consent), self.consent)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Add quote"))
        self.lines.itemSelectionChanged.connect(self._on_lines_chosen)
        if recent:
            self.lines.setCurrentRow(0)
        self.resize(640, 460)

    def _on_lines_chosen(self) -> None:
        rows = sorted(self.lines.row(i) for i in self.lines.selectedItems())
        texts = [self.lines.item(r).text() for r in reversed(rows)]  # back in spoken order
        self.text.setPlainText(" ".join(texts))
        # The captions' speaker label fills "Said by" when every chosen line has the same one;
        # consent is still asked (it stays "Not asked yet" until the facilitator says).
        said = {self._said_by[r] for r in rows if r < len(self._said_by)}
        if len(said) == 1 and (speaker := said.pop()):
            self.speaker.setCurrentText(speaker)

    def values(self) -> tuple[str, str, Consent]:
        return (
            self.text.toPlainText().strip(),
            self.speaker.currentText().strip(),
            Consent(self.consent.currentData()),
        )


class SearchDialog(QDialog):
    """Results of a search across the programme; Enter on one goes to it."""

    def __init__(
        self, results: list[tuple[Note, str]], query: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("search_dialog")
        self.setWindowTitle(f"Notes matching “{query}”")
        self.results = name(
            QListWidget(self), "Search results", "Notes that match; press Enter to go to one"
        )
        for note, where in results:
            item = QListWidgetItem(f"{note.kind.label}: {note.text}  — {where}", self.results)
            item.setData(Qt.ItemDataRole.UserRole, note)
        self.results.itemActivated.connect(lambda _i: self.accept())
        if results:
            self.results.setCurrentRow(0)
        layout = QVBoxLayout(self)
        count = f"{len(results)} notes match." if results else "No notes match."
        layout.addWidget(QLabel(count, self))
        layout.addWidget(self.results)
        layout.addWidget(_buttons(self, "Go to note"))
        self.resize(640, 400)

    def chosen(self) -> Note | None:
        item = self.results.currentItem()
        note = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return note if isinstance(note, Note) else None
