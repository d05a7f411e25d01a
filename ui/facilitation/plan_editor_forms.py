"""The plan editor's forms: one segment, and one prompt in it.

Each form edits a plain dict (the data of a plan file) in place and says
``changed`` after every edit; the dialog checks the whole plan each time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.facilitation.model import Deck, SegmentKind
from ui.widgets.a11y import name

OWN_WORDS = ""  # the source combo's data for "my own words"


def prompt_line(prompt: dict[str, Any], deck: Deck) -> str:
    """A prompt in the list: "start+5 · Who have we not heard from?"."""
    ref = prompt.get("prompt")
    found = deck.get(ref) if isinstance(ref, str) else None
    title = (
        found.title if found is not None else str(prompt.get("title") or prompt.get("text") or "")
    )
    return f"{prompt.get('at', '?')} · {title or '(no words yet)'}"


class PromptForm(QGroupBox):
    """When a prompt is due, and its words: from the deck or the plan's own."""

    changed = Signal()

    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__("Prompt", parent)
        self.setObjectName("prompt_form")
        self._prompt: dict[str, Any] | None = None
        self._deck = deck
        self.at_edit = name(
            QLineEdit(), "When", "When it is due: start, halfway, end, start+5 or end-2 (minutes)"
        )
        self.at_edit.setPlaceholderText("start, halfway, end, start+5, end-2")
        self.source_combo = name(QComboBox(), "Words from", "A prompt from the deck, or your own")
        self.source_combo.addItem("My own words", OWN_WORDS)
        for prompt in deck.prompts:
            self.source_combo.addItem(f"{prompt.title} ({prompt.moment.value})", prompt.id)
        self.title_edit = name(QLineEdit(), "Prompt title", "A short title, read at a glance")
        self.text_edit = name(QLineEdit(), "Prompt text", "What to do or say")
        form = QFormLayout(self)
        form.addRow("&When:", self.at_edit)
        form.addRow("Words fr&om:", self.source_combo)
        form.addRow("T&itle:", self.title_edit)
        form.addRow("Te&xt:", self.text_edit)
        self.at_edit.textEdited.connect(self._edited)
        self.source_combo.currentIndexChanged.connect(self._edited)
        self.title_edit.textEdited.connect(self._edited)
        self.text_edit.textEdited.connect(self._edited)
        self.load(None)

    def load(self, prompt: dict[str, Any] | None) -> None:
        self._prompt = None  # no writing back while filling in
        self.setEnabled(prompt is not None)
        prompt = prompt or {}
        self.at_edit.setText(str(prompt.get("at", "")))
        ref = prompt.get("prompt", OWN_WORDS)
        index = self.source_combo.findData(ref if isinstance(ref, str) else OWN_WORDS)
        self.source_combo.setCurrentIndex(max(index, 0))
        self.title_edit.setText(str(prompt.get("title", "")))
        self.text_edit.setText(str(prompt.get("text", "")))
        self.text_edit.setCursorPosition(0)
        self._update_own()
        self._prompt = prompt if self.isEnabled() else None

    def _update_own(self) -> None:
        """Own words can be edited; a deck prompt's words are shown, greyed, to read."""
        ref = self.source_combo.currentData()
        own = ref == OWN_WORDS
        self.title_edit.setEnabled(own)
        self.text_edit.setEnabled(own)
        found = self._deck.get(ref) if not own else None
        if found is not None:
            self.title_edit.setText(found.title)
            self.text_edit.setText(found.text)
            self.text_edit.setCursorPosition(0)

    def _edited(self) -> None:
        self._update_own()
        prompt = self._prompt
        if prompt is None:
            return
        prompt.clear()
        prompt["at"] = self.at_edit.text().strip()
        ref = self.source_combo.currentData()
        if ref:
            prompt["prompt"] = ref
        else:
            if self.title_edit.text().strip():
                prompt["title"] = self.title_edit.text().strip()
            prompt["text"] = self.text_edit.text().strip()
        self.changed.emit()


class SegmentForm(QGroupBox):
    """A segment's title, kind, length, guide, questions and prompts."""

    changed = Signal()

    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__("Segment", parent)
        self.setObjectName("segment_form")
        self._deck = deck
        self._segment: dict[str, Any] | None = None
        self.title_edit = name(QLineEdit(), "Segment title")
        self.kind_combo = name(QComboBox(), "Kind", "What the group does in this segment")
        for kind in SegmentKind:
            self.kind_combo.addItem(kind.value, kind.value)
        self.minutes_spin = name(QDoubleSpinBox(), "Minutes", "How long the segment lasts")
        self.minutes_spin.setRange(0.5, 600)
        self.minutes_spin.setDecimals(1)
        self.minutes_spin.setSuffix(" min")
        self.guide_edit = name(QLineEdit(), "Guide", "A short note to yourself about this segment")
        self.questions_edit = name(
            QPlainTextEdit(), "Core questions", "The core questions, one on each line"
        )
        self.questions_edit.setTabChangesFocus(True)
        self.questions_edit.setMaximumHeight(70)
        self.prompt_list = name(QListWidget(), "Prompts", "This segment's prompts")
        self.prompt_list.setObjectName("prompt_list")
        self.prompt_list.setMaximumHeight(110)
        self.add_prompt_button = name(QPushButton("Add prompt"), "Add prompt")
        self.remove_prompt_button = name(QPushButton("Remove prompt"), "Remove prompt")
        self.prompt_form = PromptForm(deck)
        prompt_buttons = QVBoxLayout()
        prompt_buttons.addWidget(self.add_prompt_button)
        prompt_buttons.addWidget(self.remove_prompt_button)
        prompt_buttons.addStretch(1)
        prompts = QHBoxLayout()
        prompts.addWidget(self.prompt_list, 1)
        prompts.addLayout(prompt_buttons)
        form = QFormLayout(self)
        form.addRow("Se&gment title:", self.title_edit)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Minutes:", self.minutes_spin)
        form.addRow("G&uide:", self.guide_edit)
        form.addRow("&Questions:", self.questions_edit)
        prompts_label = QLabel("&Prompts:")
        prompts_label.setBuddy(self.prompt_list)
        form.addRow(prompts_label, prompts)
        form.addRow(self.prompt_form)
        self.title_edit.textEdited.connect(self._edited)
        self.kind_combo.currentIndexChanged.connect(self._edited)
        self.minutes_spin.valueChanged.connect(self._edited)
        self.guide_edit.textEdited.connect(self._edited)
        self.questions_edit.textChanged.connect(self._edited)
        self.prompt_list.currentRowChanged.connect(self._on_prompt_chosen)
        self.add_prompt_button.clicked.connect(self.add_prompt)
        self.remove_prompt_button.clicked.connect(self.remove_prompt)
        self.prompt_form.changed.connect(self._on_prompt_changed)
        self.load(None)

    def load(self, segment: dict[str, Any] | None) -> None:
        self._segment = None
        self.setEnabled(segment is not None)
        data = segment or {}
        self.title_edit.setText(str(data.get("title", "")))
        index = self.kind_combo.findData(data.get("kind", SegmentKind.DISCUSSION.value))
        self.kind_combo.setCurrentIndex(max(index, 0))
        minutes = data.get("minutes", 10)
        self.minutes_spin.setValue(float(minutes) if isinstance(minutes, (int, float)) else 10.0)
        self.guide_edit.setText(str(data.get("guide", "")))
        self.guide_edit.setCursorPosition(0)
        questions = data.get("questions", [])
        self.questions_edit.setPlainText("\n".join(str(q) for q in questions))
        self._segment = segment
        self._fill_prompts(0)

    def _prompts(self) -> list[dict[str, Any]]:
        if self._segment is None:
            return []
        prompts = self._segment.setdefault("prompts", [])
        assert isinstance(prompts, list)
        return prompts

    def _fill_prompts(self, row: int) -> None:
        self.prompt_list.blockSignals(True)
        self.prompt_list.clear()
        for prompt in self._prompts():
            self.prompt_list.addItem(prompt_line(prompt, self._deck))
        self.prompt_list.blockSignals(False)
        row = min(row, self.prompt_list.count() - 1)
        self.prompt_list.setCurrentRow(row)
        self._on_prompt_chosen(row)
        self.remove_prompt_button.setEnabled(row >= 0)

    def _on_prompt_chosen(self, row: int) -> None:
        prompts = self._prompts()
        self.prompt_form.load(prompts[row] if 0 <= row < len(prompts) else None)
        self.remove_prompt_button.setEnabled(row >= 0)

    def add_prompt(self) -> None:
        if self._segment is None:
            return
        self._prompts().append({"at": "start", "prompt": "not-heard"})
        self._fill_prompts(len(self._prompts()) - 1)
        self.prompt_form.at_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def remove_prompt(self) -> None:
        row = self.prompt_list.currentRow()
        prompts = self._prompts()
        if 0 <= row < len(prompts):
            del prompts[row]
            self._fill_prompts(row)
            self.changed.emit()

    def _on_prompt_changed(self) -> None:
        row = self.prompt_list.currentRow()
        prompts = self._prompts()
        if 0 <= row < len(prompts):
            item = self.prompt_list.item(row)
            if item is not None:
                item.setText(prompt_line(prompts[row], self._deck))
        self.changed.emit()

    def _edited(self) -> None:
        segment = self._segment
        if segment is None:
            return
        segment["title"] = self.title_edit.text().strip()
        segment["kind"] = self.kind_combo.currentData()
        segment["minutes"] = self.minutes_spin.value()
        guide = self.guide_edit.text().strip()
        if guide:
            segment["guide"] = guide
        else:
            segment.pop("guide", None)
        lines = [q.strip() for q in self.questions_edit.toPlainText().splitlines() if q.strip()]
        if lines:
            segment["questions"] = lines
        else:
            segment.pop("questions", None)
        self.changed.emit()
