"""Evidence for the group's notes: add files (button, drag and drop, paste), describe them.

Images ask for alt text at once and are marked "needs alt text" until they
have it; nothing is shared before every image has words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QImageWriter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.notes.model import Evidence
from ui.widgets.a11y import announce, name


def evidence_label(item: Evidence) -> str:
    state = "needs alt text" if item.needs_alt_text else (item.alt_text or item.caption or "")
    size = f"{item.size / 1024:.0f} KB" if item.size >= 1024 else f"{item.size} bytes"
    return f"{item.filename} — {item.media_type}, {size}" + (f" — {state}" if state else "")


class DescribeDialog(QDialog):
    """Caption and alt text for one evidence item; images cannot be saved without alt text."""

    def __init__(self, item: Evidence, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("describe_evidence")
        self.setWindowTitle(f"Describe {item.filename}")
        self.item = item
        layout = QVBoxLayout(self)
        prompt = (
            "Say in a sentence or two what the picture shows, for people who cannot see it. "
            "Alt text is needed before the notes are shared."
            if item.is_image
            else "Add a caption so others know what this file is."
        )
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.caption = name(QLineEdit(item.caption, self), "Caption", "A short title for the file")
        self.alt_text = name(
            QPlainTextEdit(item.alt_text, self), "Alt text", "What the picture shows, in words"
        )
        self.alt_text.setTabChangesFocus(True)
        form.addRow(_buddy("&Caption:", self.caption), self.caption)
        form.addRow(_buddy("&Alt text:", self.alt_text), self.alt_text)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.alt_text.textChanged.connect(self._update_save)
        self._update_save()

    def _update_save(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(not self.item.is_image or bool(self.alt_text.toPlainText().strip()))


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class EvidencePanel(QWidget):
    """The list of evidence with Add, Paste and Describe; accepts dropped files."""

    add_files = Signal(list)  # paths to add
    add_bytes = Signal(bytes, str)  # data and a file name (pasted screenshots)
    describe = Signal(int, str, str)  # evidence id, caption, alt text
    remove = Signal(int)  # evidence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence_panel")
        self.setAcceptDrops(True)
        self.list = name(
            QListWidget(self),
            "Evidence files",
            "Files added as evidence; drop files here to add them",
        )
        self.list.setMaximumHeight(96)
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(lambda _i: self.open_describe())
        self.add_button = QPushButton("Add fi&le…", self)
        self.add_button.setToolTip("Add photos, sound, PDFs or slides as evidence")
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton("&Paste", self)
        self.paste_button.setToolTip("Add a screenshot or files from the clipboard (Ctrl+Shift+V)")
        self.paste_button.clicked.connect(self.paste)
        self.describe_button = QPushButton("Describe…", self)
        self.describe_button.setToolTip("Caption and alt text for the selected file")
        self.describe_button.clicked.connect(self.open_describe)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Remove the selected evidence file")
        self.remove_button.clicked.connect(self._remove_selected)
        self.dialog: DescribeDialog | None = None
        self.file_chooser: Callable[[], list[str]] = self._ask_for_files

        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.paste_button,
            self.describe_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)

    def show_items(self, items: list[Evidence]) -> None:
        current = self.selected()
        self.list.clear()
        for item in items:
            entry = QListWidgetItem(evidence_label(item), self.list)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            if current is not None and item.id == current.id:
                self.list.setCurrentItem(entry)

    def items(self) -> list[Evidence]:
        found = []
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry is not None:
                found.append(entry.data(Qt.ItemDataRole.UserRole))
        return found

    def selected(self) -> Evidence | None:
        entry = self.list.currentItem()
        item = entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None
        return item if isinstance(item, Evidence) else None

    def select(self, evidence_id: int) -> None:
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry is not None and entry.data(Qt.ItemDataRole.UserRole).id == evidence_id:
                self.list.setCurrentItem(entry)

    def open_describe(self, item: Evidence | None = None) -> DescribeDialog | None:
        item = item or self.selected()
        if item is None:
            return None
        dialog = DescribeDialog(item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.describe.emit(
                item.id, dialog.caption.text(), dialog.alt_text.toPlainText().strip()
            )
        )
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def choose_files(self) -> None:
        paths = self.file_chooser()
        if paths:
            self.add_files.emit(paths)

    def _ask_for_files(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add evidence files")
        return list(paths)

    def paste(self) -> None:
        self.take_mime(QGuiApplication.clipboard().mimeData())

    def take_mime(self, mime: QMimeData | None) -> bool:
        """Add files or an image from dropped or pasted data; False if there was none."""
        if mime is None:
            return False
        if mime.hasUrls():
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.add_files.emit(paths)
                return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                data = QByteArray()
                buffer = QBuffer(data)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                QImageWriter(buffer, QByteArray(b"png")).write(image)
                stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
                self.add_bytes.emit(bytes(data.data()), f"Screenshot {stamp}.png")
                return True
        announce(self, "There was no file or picture to add.")
        return False

    def _remove_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.remove.emit(item.id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take_mime(event.mimeData()):
            event.acceptProposedAction()


def paths_of(values: list[object]) -> list[Path]:
    return [Path(str(v)) for v in values]
