"""Who has sent notes, in the Lead area: each expected group of the chosen session.

The expected groups start as every group the programme has known; the lead
may type the list instead (one a line, or separated by commas), saved in the
store for each session as it is typed and shown again after a restart
(emptied, it goes back to every group). Each group says in words whether its notes
have come ("✓ notes received" / "○ not yet"), never by colour alone.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from companion.lead.senders import (
    expected_from_text,
    programme_group_names,
    save_expected,
    senders,
    typed_expected,
)
from ui.widgets.a11y import name

CHOOSE = "Choose one session above to see which groups have sent notes."


class SendersView(QWidget):
    """Expected groups of one session and whether each has sent notes."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lead_senders")
        self.db = db
        self._session: int | None = None
        self._programme: int | None = None
        self.summary = QLabel(CHOOSE)
        self.summary.setObjectName("lead_senders_summary")
        self.summary.setWordWrap(True)
        self.list = name(
            QListWidget(self),
            "Groups and their notes",
            "Each expected group: notes received, or not yet",
        )
        self.list.setObjectName("lead_senders_list")
        self.expected = name(
            QPlainTextEdit(self),
            "Expected groups",
            "The groups expected to send notes for this session, one a line or with commas",
        )
        self.expected.setObjectName("lead_senders_expected")
        self.expected.setTabChangesFocus(True)
        self.expected.setMaximumHeight(70)
        label = QLabel("Expected groups (one a line, or with commas):")
        label.setBuddy(self.expected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(label)
        layout.addWidget(self.expected)
        self.expected.textChanged.connect(self._on_expected_typed)

    def show_session(self, programme_id: int | None, session_id: int | None) -> None:
        """Show the chosen session (None: all sessions, where there is nothing to count)."""
        self._programme, self._session = programme_id, session_id
        enabled = programme_id is not None and bool(session_id)
        self.expected.setEnabled(enabled)
        self.expected.blockSignals(True)
        if enabled and session_id is not None and programme_id is not None:
            default = "\n".join(programme_group_names(self.db, programme_id))
            typed = typed_expected(self.db, session_id)
            self.expected.setPlainText(default if typed is None else typed)
        else:
            self.expected.clear()
        self.expected.blockSignals(False)
        self._update()

    def _on_expected_typed(self) -> None:
        if self._session:
            try:
                save_expected(self.db, self._session, self.expected.toPlainText())
            except sqlite3.Error as error:
                self.summary.setText(
                    f"The list could not be saved ({error}); check there is free disk space."
                )
                return
        self._update()

    def _update(self) -> None:
        self.list.clear()
        if not self._session or self._programme is None:
            self.summary.setText(CHOOSE)
            return
        found = senders(self.db, self._session, expected_from_text(self.expected.toPlainText()))
        for group in found.received:
            self.list.addItem(f"✓ {group}: notes received")
        for group in found.missing:
            self.list.addItem(f"○ {group}: not yet")
        for group in found.unexpected:
            self.list.addItem(f"✓ {group}: notes received (not on the list)")
        self.summary.setText(found.summary)
        self.summary.setAccessibleName(found.summary)
