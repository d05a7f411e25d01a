"""Nudge settings: on or off, and when each nudge comes; the silence that ends a turn."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.turns.nudges import NudgeRules
from ui.widgets.a11y import name


def _spin(low: int, high: int, value: float, suffix: str, accessible: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(round(value))
    box.setSuffix(suffix)
    name(box, accessible)
    return box


class NudgeRulesDialog(QDialog):
    """Edit the nudge rules; ``rules()`` and ``silence_end()`` read the result."""

    def __init__(
        self, rules: NudgeRules, silence_end: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("turns_rules")
        self.setWindowTitle("Nudge settings")
        self.setAccessibleName("Nudge settings")
        self._base = rules
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Nudges are gentle suggestions for your eyes only, with words you could use. "
            "Dismissed nudges stay away for a while."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.enabled = QCheckBox("&Show nudges")
        self.enabled.setChecked(rules.enabled)
        layout.addWidget(self.enabled)
        form = QFormLayout()
        self.not_heard = _spin(
            1, 120, rules.not_heard_after / 60, " min", "Not heard for this many minutes"
        )
        self.share_after = _spin(
            1, 180, rules.share_after / 60, " min", "Share nudges after this many minutes"
        )
        self.low = _spin(5, 95, rules.low_share * 100, " %", "Far below: under this percent")
        self.high = _spin(110, 1000, rules.high_share * 100, " %", "Far above: over this percent")
        self.long_turn = _spin(1, 60, rules.long_turn / 60, " min", "One turn longer than")
        self.snooze = _spin(1, 120, rules.snooze / 60, " min", "Dismissed nudges stay away for")
        self.silence = _spin(1, 120, silence_end, " s", "Silence that ends a turn")
        form.addRow("Someone has not spoken for &more than:", self.not_heard)
        form.addRow("Compare shares after th&e first:", self.share_after)
        form.addRow("Far &below: under this much of an equal share:", self.low)
        form.addRow("Far &above: over this much of an equal share:", self.high)
        form.addRow("One &turn longer than:", self.long_turn)
        form.addRow("&Dismissed nudges stay away for:", self.snooze)
        form.addRow("Voice-assisted: a silence this long e&nds a turn:", self.silence)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.enabled.toggled.connect(self._update_enabled)
        self._update_enabled(rules.enabled)

    def rules(self) -> NudgeRules:
        return replace(
            self._base,
            enabled=self.enabled.isChecked(),
            not_heard_after=self.not_heard.value() * 60.0,
            share_after=self.share_after.value() * 60.0,
            low_share=self.low.value() / 100.0,
            high_share=self.high.value() / 100.0,
            long_turn=self.long_turn.value() * 60.0,
            snooze=self.snooze.value() * 60.0,
        )

    def silence_end(self) -> float:
        return float(self.silence.value())

    def _update_enabled(self, on: bool) -> None:
        for box in (
            self.not_heard,
            self.share_after,
            self.low,
            self.high,
            self.long_turn,
            self.snooze,
        ):
            box.setEnabled(on)
