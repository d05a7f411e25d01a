"""Participant mode: just captions, large, in their own window on top of the call.

For the person who is here to read the captions (a deaf or hard-of-hearing
participant), not to run the workshop: the facilitator's areas, their menus
and their Ctrl+digit keys are put out of the way, the caption text is at
least ``LARGE_TEXT`` points, and the captions open detached and on top.
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
    if not on:
        return
    window.show_area(window.captions)
    store = window.settings_store
    if store.current.font_size < LARGE_TEXT:
        store.update(font_size=LARGE_TEXT)
    if not store.current.detached_on_top:
        store.update(detached_on_top=True)
    window.captions.set_detached(True)


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
