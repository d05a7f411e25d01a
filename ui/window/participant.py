"""Participant mode: just captions, large, in their own window on top of the call.

For the person who is here to read the captions (a deaf or hard-of-hearing
participant), not to run the workshop: the facilitator's areas, their menus
and their Ctrl+digit keys are put out of the way, the captions open detached
and on top, and the text is participant mode's own remembered size
(``Settings.participant_font_size``, ``LARGE_TEXT`` points at first). The
size chosen for the whole app is never overwritten: a person who makes the
captions smaller or larger here gets that size here next time, and the
facilitator's view keeps its own. The status line says which size is in use.
The first start asks which of the two a person wants (``FirstStartDialog``);
Settings changes it, and ``companion --captions`` opens this way once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.a11y import name

if TYPE_CHECKING:
    from companion.settings import Settings
    from ui.main_window import MainWindow

LARGE_TEXT = 48  # points: readable across a room, or beside a video call
CAPTIONS = "captions"  # Settings.mode: captions for me
FACILITATE = "facilitate"  # Settings.mode: I run or support the workshop


def set_participant_mode(window: MainWindow, on: bool) -> None:
    """Show just the captions (large, detached on top), or every area again."""
    tabs = window.tabs
    for index in range(tabs.count()):
        area = tabs.widget(index)
        if area is not None and area is not window.captions:
            tabs.setTabVisible(index, not on)
            action = window.area_actions.get(area)
            if action is not None:
                action.setEnabled(not on)  # Ctrl+2… would show a hidden area
    tabs.tabBar().setVisible(not on and tabs.count() > 1)
    for menu in window.feature_menus:
        menu.menuAction().setVisible(not on)
    window.participant_action.setChecked(on)
    store = window.settings_store
    store.set_captions_only(on)
    fit_to_content(window, on)
    if not on:
        return
    window.show_area(window.captions)
    window.show_message(size_note(store.saved), 30_000)
    window.captions.set_detached(True)


def size_note(saved: Settings) -> str:
    """What participant mode's text size is, and that the app's own size is kept."""
    return (
        f"Just captions: text at {saved.participant_font_size} pt, this mode's own size "
        f"(Ctrl+= and Ctrl+- change it and it is remembered); the full app keeps "
        f"{saved.font_size} pt."
    )


def fit_to_content(window: MainWindow, on: bool) -> None:
    """Participant mode's small window is as wide as its controls: no scroll bar.

    Only the captions ask for room (the window sizes to the area showing); the
    window may then not be made narrower than their controls (nor wider than
    the screen).
    """
    if not on:
        window.setMinimumWidth(0)
        return
    scroller = window.scroller
    inner = scroller.widget()
    if inner is None:
        return
    inner.adjustSize()
    frame = window.width() - scroller.viewport().width()  # the window's edges
    # The controls, and the status line's words (engine, source, level) unclipped.
    wanted = max(frame + inner.minimumSizeHint().width(), window.statusBar().sizeHint().width())
    screen = window.screen()
    if screen is not None:
        wanted = min(wanted, screen.availableGeometry().width())
    window.setMinimumWidth(wanted)
    if window.width() < wanted:
        window.resize(wanted, window.height())


class FirstStartDialog(QDialog):
    """ "What are you here for?": captions for me, or the whole workshop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_start")
        self.setWindowTitle("Welcome to Companion")
        self.setAccessibleName("What are you here for?")
        self.choice = ""
        layout = QVBoxLayout(self)
        question = QLabel("<b>What are you here for?</b>")
        question.setObjectName("first_start_question")
        layout.addWidget(question)
        note = QLabel("You can change this later in Settings (Ctrl+,).")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.captions_button = QPushButton("&Captions for me")
        name(
            self.captions_button,
            "Captions for me",
            "Large captions of the call in their own window on top; nothing else in the way",
        )
        self.captions_button.setObjectName("first_start_captions")
        self.facilitate_button = QPushButton("I &run or support the workshop")
        name(
            self.facilitate_button,
            "I run or support the workshop",
            "Captions with the plan, turn-taking and notes: facilitators, note-takers, leads",
        )
        self.facilitate_button.setObjectName("first_start_facilitate")
        for button in (self.captions_button, self.facilitate_button):
            button.setMinimumHeight(48)
            layout.addWidget(button)
        self.captions_button.clicked.connect(lambda: self._choose(CAPTIONS))
        self.facilitate_button.clicked.connect(lambda: self._choose(FACILITATE))
        self.captions_button.setDefault(True)

    def _choose(self, mode: str) -> None:
        self.choice = mode
        self.accept()
