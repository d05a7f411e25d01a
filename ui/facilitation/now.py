"""What is happening now: the segment, time left, the core question, what is next,
and the overrun offer when time is up."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.facilitation.events import RunState
from companion.facilitation.model import Segment
from companion.facilitation.status import RunStatus
from companion.timefmt import countdown as clock
from companion.timefmt import spoken
from ui.widgets.a11y import name


def _label(object_name: str, points: float = 0, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if points or bold:
        font = QFont(label.font())
        if points:
            font.setPointSizeF(points)
        font.setBold(bold)
        label.setFont(font)
    return label


def _set(label: QLabel, text: str, spoken_text: str | None = None) -> None:
    if label.text() != text:
        label.setText(text)
        label.setAccessibleName(spoken_text or text)
    label.setVisible(bool(text))


def session_text(status: RunStatus) -> str:
    """ "Session: 1:22:10 left · on plan" (or "· 4 min behind", "· 2 min ahead")."""
    behind = status.behind
    if abs(behind) < 60:
        drift = "on plan"
    else:
        drift = f"{abs(behind) / 60:.0f} min {'behind' if behind > 0 else 'ahead'}"
    return f"Session: {clock(status.session_left)} left · {drift}"


def upcoming_text(status: RunStatus) -> str:
    """ "Next prompt in 2:10: Who have we not heard from?" (or "when you move on")."""
    upcoming = status.next_prompt
    if upcoming is None:
        return ""
    if upcoming.segment_index != status.index and status.over:
        return f"Next prompt when you move on: {upcoming.title}"
    return f"Next prompt in {clock(upcoming.in_seconds)}: {upcoming.title}"


def next_text(status: RunStatus) -> str:
    parts: list[str] = []
    upcoming = status.next_prompt
    if upcoming is not None:
        parts.append(upcoming_text(status))
    if status.next_segment is not None:
        following = status.next_segment
        parts.append(f"Next segment: {following.title} ({following.minutes:g} min)")
    return "\n".join(parts)


class OverrunBox(QFrame):
    """Time is up: say so, and offer to take time from later, extend, or move on."""

    take = Signal()
    extend = Signal()
    move_on = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overrun_box")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(3)
        self.message = _label("overrun_message", 13, bold=True)
        self.take_button = QPushButton()
        self.extend_button = QPushButton()
        self.move_on_button = QPushButton("Move on")
        name(self.move_on_button, "Move on to the next segment", "Move on now (Ctrl+Shift+K)")
        self.take_button.clicked.connect(self.take)
        self.extend_button.clicked.connect(self.extend)
        self.move_on_button.clicked.connect(self.move_on)
        buttons = QHBoxLayout()
        for button in (self.take_button, self.extend_button, self.move_on_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.set_minutes(5)
        self.hide()

    def set_minutes(self, minutes: int) -> None:
        self.take_button.setText(f"Take {minutes} min from later")
        name(
            self.take_button,
            f"Take {minutes} minutes from later segments",
            "Make this segment longer; later ones get shorter, so the session ends on time "
            "(Ctrl+Shift+T)",
        )
        self.extend_button.setText(f"Extend by {minutes} min")
        name(
            self.extend_button,
            f"Extend by {minutes} minutes",
            "Make this segment longer; the session ends later (Ctrl+Shift+E)",
        )

    def show_over(self, title: str, over: float) -> None:
        text = f"Time is up for “{title}”: {clock(over)} over."
        _set(self.message, text, f"Time is up for {title}: {spoken(over)} over.")
        self.show()


class NowPanel(QWidget):
    """The current segment, its time, its core questions and guide, and what comes next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("now_panel")
        self.segment_label = _label("now_segment", 17, bold=True)
        self.time_label = _label("now_time", 26, bold=True)
        self.progress = QProgressBar()
        self.progress.setObjectName("segment_progress")
        name(self.progress, "Time used in this segment")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.session_label = _label("now_session")
        self.question_heading = _label("question_heading", 11, bold=True)
        self.question_label = _label("core_question", 19)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guide_label = _label("segment_guide", 12)
        self.next_label = _label("next_up")
        self.overrun = OverrunBox()
        # The session's time and what comes next sit apart (under the timeline), so the
        # question and the prompts keep the height beside it.
        self.side = QWidget()
        self.side.setObjectName("now_side")
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 4, 0, 0)
        side.addWidget(self.session_label)
        side.addWidget(self.next_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.segment_label, 1)
        top.addWidget(self.time_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addSpacing(4)
        layout.addWidget(self.question_heading)
        layout.addWidget(self.question_label)
        layout.addWidget(self.guide_label)
        layout.addWidget(self.overrun)
        layout.addStretch(1)  # any height to spare goes below, not between the lines
        self.show_idle("Choose a plan and a group, then press Start plan (Ctrl+Shift+G).")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Ask for the height the wrapped text needs at this width (layouts guess too low)."""
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def show_idle(self, text: str) -> None:
        _set(self.segment_label, text)
        for label in (self.time_label, self.session_label, self.next_label):
            _set(label, "")
        self.question_heading.hide()
        self.question_label.hide()
        self.guide_label.hide()
        self.progress.hide()
        self.overrun.hide()
        self._fit()

    def show_segment(self, segment: Segment) -> None:
        count = len(segment.questions)
        if count:
            heading = "Core question" if count == 1 else "Core questions"
            if count == 1:
                text = segment.questions[0]
            else:
                text = "\n".join(f"{n}. {q}" for n, q in enumerate(segment.questions, 1))
            _set(self.question_heading, heading)
            _set(self.question_label, text)
        else:
            self.question_heading.hide()
            self.question_label.hide()
            self.question_label.setText("")
        _set(self.guide_label, segment.guide)
        self._fit()

    def show_status(self, status: RunStatus) -> None:
        segment = status.segment
        finished = status.state == RunState.FINISHED
        if finished:
            _set(self.segment_label, "The run is finished. Its record is kept.")
            for label in (self.time_label, self.session_label, self.next_label):
                _set(label, "")
            self.progress.hide()
            self.overrun.hide()
            return
        paused = " (paused)" if status.state == RunState.PAUSED else ""
        _set(self.segment_label, f"▶ Now: {segment.title}{paused}")
        left = status.remaining
        if left >= 0:
            _set(self.time_label, f"{clock(left)} left", f"{spoken(left)} left")
        else:
            _set(self.time_label, f"{clock(-left)} over", f"{spoken(-left)} over")
        self.progress.show()
        self.progress.setRange(0, max(1, int(status.length)))
        self.progress.setValue(min(int(status.elapsed), int(status.length)))
        _set(self.session_label, session_text(status))
        _set(self.next_label, next_text(status))
        was_over = self.overrun.isVisible()
        if status.over and not finished:
            self.overrun.show_over(segment.title, -left)
        else:
            self.overrun.hide()
        if was_over != self.overrun.isVisible():
            self._fit()
