""" "End session": check the notes, mark anonymity, choose what to share, then write.

Writes Markdown and Word documents, CSV and JSON, and the bundle for the lead
facilitator into one folder, and says where. Images without alt text stop
the walk-through with a clear prompt and a button to describe them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from companion.notes.model import Consent, NoteKind, NotesError
from companion.notes.notebook import Notebook
from companion.notes.outputs import FORMATS, Format, missing_alt_text, write_outputs
from companion.notes.share import ShareOptions, prepare, slug
from ui.widgets.a11y import announce, name

FORMAT_LABELS: dict[Format, str] = {
    "docx": "Word document (.docx)",
    "md": "Markdown document (.md)",
    "csv": "Table for spreadsheets (.csv)",
    "json": "Data for analysis (.json)",
    "bundle": "Bundle for the lead facilitator (.zip)",
}


def default_folder(session: str, group: str) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Companion" / f"{slug(session)}-{slug(group)}"


class EndSessionWizard(QWizard):
    """Four steps: check, anonymity, what to share, written."""

    describe_requested = Signal(int)  # evidence id whose alt text is missing
    written = Signal(list)  # the paths written

    def __init__(
        self, notebook: Notebook, session_id: int, group_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("end_session_wizard")
        self.setWindowTitle("End session")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.notebook, self.session_id, self.group_id = notebook, session_id, group_id
        self.paths: list[Path] = []
        notes = notebook.group_notes(session_id, group_id)
        self._build_check_page()
        self._build_anonymity_page()
        self._build_share_page(default_folder(notes.session, notes.group))
        self._build_done_page()
        self.refresh_check()
        self.resize(720, 520)

    def _page(
        self, title: str, intro: str, validate: Callable[[], bool] | None = None
    ) -> tuple[QWizardPage, QVBoxLayout]:
        page = _Page(self, validate)
        page.setTitle(title)
        layout = QVBoxLayout(page)
        label = QLabel(intro, page)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.addPage(page)
        return page, layout

    def _build_check_page(self) -> None:
        page, layout = self._page(
            "1. Check the notes",
            "Agree as a group what goes in the notes. Things to look at before sharing:",
        )
        self.summary = QLabel(page)
        self.summary.setWordWrap(True)
        self.problems = name(
            QListWidget(page),
            "Things to check",
            "Problems to fix before sharing; Enter on a picture describes it",
        )
        self.problems.itemActivated.connect(self._on_problem_activated)
        self.describe_button = QPushButton("&Describe the picture…", page)
        self.describe_button.setToolTip("Add alt text to the selected picture")
        self.describe_button.clicked.connect(
            lambda: self._on_problem_activated(self.problems.currentItem())
        )
        self.recheck_button = QPushButton("Check &again", page)
        self.recheck_button.setToolTip("Look again after changing the notes")
        self.recheck_button.clicked.connect(self.refresh_check)
        row = QHBoxLayout()
        row.addWidget(self.describe_button)
        row.addWidget(self.recheck_button)
        row.addStretch(1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(row)

    def _build_anonymity_page(self) -> None:
        page, layout = self._page(
            "2. Mark anonymity",
            "Quotes keep a name only where the speaker agreed. You can also remove every name.",
        )
        self.keep_names = QRadioButton("&Keep names where people agreed to be named", page)
        self.anonymise = QRadioButton("&Remove every name (quotes and action owners)", page)
        self.keep_names.setChecked(True)
        self.named = name(QListWidget(page), "Named quotes", "Quotes shared with a name")
        for widget in (
            self.keep_names,
            self.anonymise,
            QLabel("Quotes that will carry a name:"),
            self.named,
        ):
            layout.addWidget(widget)

    def _build_share_page(self, folder: Path) -> None:
        page, layout = self._page(
            "3. Choose what to share",
            "Untick anything the group wants to keep out. Notes marked not shared are left out.",
            validate=self._write,  # Next writes the files, or stays with a sentence why not
        )
        self.kinds: dict[NoteKind, QCheckBox] = {}
        for kind in NoteKind:
            box = QCheckBox(f"{kind.label}s" if kind != NoteKind.TRIO else kind.label, page)
            box.setChecked(True)
            self.kinds[kind] = box
            layout.addWidget(box)
        self.include_evidence = QCheckBox("&Evidence files, with their alt text", page)
        self.include_evidence.setChecked(True)
        layout.addWidget(self.include_evidence)
        layout.addWidget(QLabel("Write:", page))
        self.formats: dict[Format, QCheckBox] = {}
        for fmt in FORMATS:
            box = QCheckBox(FORMAT_LABELS[fmt], page)
            box.setChecked(fmt in ("docx", "md", "bundle"))
            self.formats[fmt] = box
            layout.addWidget(box)
        self.folder = name(QLineEdit(str(folder), page), "Folder", "Where the files are written")
        browse = QPushButton("Bro&wse…", page)
        browse.setToolTip("Choose the folder")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        label = QLabel("&Folder:", page)
        label.setBuddy(self.folder)
        row.addWidget(label)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.share_error = QLabel(page)
        self.share_error.setWordWrap(True)
        layout.addWidget(self.share_error)

    def _build_done_page(self) -> None:
        page, layout = self._page(
            "4. Written",
            "Send the bundle to the lead facilitator; share the documents with the group.",
        )
        self.files_written = name(QListWidget(page), "Files written", "The files written")
        self.open_button = QPushButton("&Open the folder", page)
        self.open_button.setToolTip("Show the files in the file manager")
        self.open_button.clicked.connect(self._open_folder)
        layout.addWidget(self.files_written, 1)
        layout.addWidget(self.open_button)

    # Behaviour.

    def share_options(self) -> ShareOptions:
        """What the ticks on the share page say to leave out or anonymise."""
        return ShareOptions(
            kinds=frozenset(k for k, box in self.kinds.items() if box.isChecked()),
            anonymise=self.anonymise.isChecked(),
            evidence=self.include_evidence.isChecked(),
        )

    def refresh_check(self) -> None:
        notes = self.notebook.group_notes(self.session_id, self.group_id, shared_only=False)
        shared = sum(1 for n in notes.notes if n.shared)
        self.summary.setText(
            f"{len(notes.notes)} notes in {len(notes.sections)} sections "
            f"({shared} to share), {len(notes.evidence)} evidence files."
        )
        self.problems.clear()
        for item in notes.evidence:
            if item.needs_alt_text:
                entry = QListWidgetItem(
                    f"Picture “{item.filename}” has no alt text yet: describe it before sharing.",
                    self.problems,
                )
                entry.setData(Qt.ItemDataRole.UserRole, item.id)
        for section in notes.sections:
            if not notes.notes_in(section.id):
                QListWidgetItem(f"“{section.title}” has no notes.", self.problems)
        unasked = [
            n for n in notes.notes if n.kind == NoteKind.QUOTE and n.consent == Consent.NOT_ASKED
        ]
        if unasked:
            QListWidgetItem(
                f"{len(unasked)} quotes have no consent recorded: they will be "
                "shared without a name.",
                self.problems,
            )
        if not self.problems.count():
            QListWidgetItem("Nothing to fix.", self.problems)
        self.named.clear()
        for note in notes.notes:
            if note.kind == NoteKind.QUOTE and note.consent == Consent.NAMED and note.shared:
                QListWidgetItem(f"“{note.text}” — {note.speaker}", self.named)

    def _on_problem_activated(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            self.describe_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Where to write", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _write(self) -> bool:
        formats = [f for f, box in self.formats.items() if box.isChecked()]
        if not formats:
            return self._refuse("Choose at least one thing to write.")
        options = self.share_options()
        notes = prepare(self.notebook.group_notes(self.session_id, self.group_id), options)
        missing = missing_alt_text(notes)
        if missing:
            self.refresh_check()
            return self._refuse(
                f"Add alt text to {', '.join(missing)} first (go back to step 1),"
                " or untick Evidence files."
            )
        try:
            self.paths = write_outputs(
                self.notebook,
                self.session_id,
                self.group_id,
                Path(self.folder.text()),
                formats,
                options,
            )
        except NotesError as error:
            return self._refuse(str(error))
        self.notebook.end_session(self.session_id)
        self.files_written.clear()
        for path in self.paths:
            QListWidgetItem(str(path), self.files_written)
        self.share_error.clear()
        self.written.emit(self.paths)
        announce(self, f"Wrote {len(self.paths)} files.")
        return True

    def _refuse(self, text: str) -> bool:
        self.share_error.setText(text)
        announce(self.share_error, text, assertive=True)
        return False

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))


class _Page(QWizardPage):
    """A wizard page whose Next first asks ``validate`` (False keeps the page showing)."""

    def __init__(self, parent: QWidget, validate: Callable[[], bool] | None) -> None:
        super().__init__(parent)
        self._validate = validate

    def validatePage(self) -> bool:
        return self._validate() if self._validate is not None else True
