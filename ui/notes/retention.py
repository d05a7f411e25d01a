"""The "Data and retention…" dialog of the Notes area.

How long sessions are kept (saved and applied through the same core functions
as ``companion retention``), deleting a whole session with its evidence files,
and forgetting a member (``companion forget``). Every deletion is confirmed
with a sentence saying what goes, and reported in words afterwards.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.errors import CompanionError
from companion.notes.deletion_preview import (
    MemberData,
    forgettable_members,
    member_data,
    session_data,
)
from companion.notes.model import plural
from companion.notes.notebook import Notebook
from companion.notes.retention import (
    apply_retention,
    delete_session,
    forget_member,
    keep_days,
    sessions_older_than,
    set_keep_days,
)
from companion.timefmt import local_time
from ui.widgets.a11y import announce, name

DEFAULT_DAYS = 90
MAX_DAYS = 3650
FAILURES = (CompanionError, sqlite3.Error, OSError)
NO_MEMBER = MemberData("", "", 0, 0)  # chosen, then gone (deleted elsewhere): nothing to count


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class RetentionDialog(QDialog):
    """How long sessions are kept; delete a session; forget a member."""

    reported = Signal(str)  # a sentence saying what was done, for the status line

    def __init__(self, notebook: Notebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook = notebook
        self.setObjectName("notes_retention_dialog")
        self.setWindowTitle("Data and retention")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_keep_box())
        layout.addWidget(self._build_session_box())
        layout.addWidget(self._build_member_box())
        self.status = QLabel("", self)
        self.status.setObjectName("notes_retention_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self._build_buttons())
        self.sessions.currentIndexChanged.connect(lambda _i: self._update_session_summary())
        self.members.currentIndexChanged.connect(lambda _i: self._update_member_summary())
        self.delete_button.clicked.connect(self.delete_chosen_session)
        self.forget_button.clicked.connect(self.forget_chosen_member)
        self.refresh()

    # Building.

    def _build_keep_box(self) -> QGroupBox:
        """How long sessions are kept."""
        keep_box = QGroupBox("How long sessions are kept", self)
        keep_form = QFormLayout(keep_box)
        self.keep_forever = name(
            QCheckBox("&Keep sessions until I delete them", keep_box),
            "Keep sessions until I delete them",
            "Never delete sessions by age; only when you delete them yourself",
        )
        self.days = name(
            QSpinBox(keep_box),
            "Days to keep sessions",
            "Sessions older than this many days are deleted, with their evidence files",
        )
        self.days.setRange(1, MAX_DAYS)
        self.days.setSuffix(" days")
        stored = keep_days(self.notebook)
        self.days.setValue(stored or DEFAULT_DAYS)
        self.keep_forever.setChecked(stored is None)
        self.days.setEnabled(stored is not None)
        self.keep_forever.toggled.connect(lambda on: self.days.setEnabled(not on))
        keep_form.addRow(self.keep_forever)
        keep_form.addRow(_buddy("Keep sessions &for:", self.days), self.days)
        keep_note = QLabel(
            "Older sessions are deleted with their notes and evidence files when you press "
            "Save and apply, and checked again every six hours.",
            keep_box,
        )
        keep_note.setWordWrap(True)
        keep_form.addRow(keep_note)
        return keep_box

    def _build_session_box(self) -> QGroupBox:
        """Delete a whole session."""
        session_box = QGroupBox("Delete a whole session", self)
        session_form = QFormLayout(session_box)
        self.sessions = name(
            QComboBox(session_box),
            "Session to delete",
            "Programme, session title and the date it was started",
        )
        self.session_summary = QLabel(session_box)
        self.session_summary.setWordWrap(True)
        self.delete_button = name(
            QPushButton("&Delete session…", session_box),
            "Delete session",
            "Delete the chosen session, its notes and its evidence files, after asking",
        )
        session_form.addRow(_buddy("&Session:", self.sessions), self.sessions)
        session_form.addRow(self.session_summary)
        session_form.addRow(self.delete_button)
        return session_box

    def _build_member_box(self) -> QGroupBox:
        """Forget a member."""
        member_box = QGroupBox("Forget a member", self)
        member_form = QFormLayout(member_box)
        self.members = name(
            QComboBox(member_box),
            "Member to forget",
            "A member of a group's roster: name, group and programme",
        )
        self.member_summary = QLabel(member_box)
        self.member_summary.setWordWrap(True)
        self.forget_button = name(
            QPushButton("F&orget member…", member_box),
            "Forget member",
            "Delete the member's quotes, take their name off actions and remove them "
            "from the roster, after asking",
        )
        member_form.addRow(_buddy("&Member:", self.members), self.members)
        member_form.addRow(self.member_summary)
        member_form.addRow(self.forget_button)
        return member_box

    def _build_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        assert ok is not None and close is not None
        ok.setText("Save and &apply")
        name(ok, "Save and apply", "Save how long sessions are kept and delete older ones now")
        name(close, "Close", "Close without changing how long sessions are kept")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    # Lists.

    def refresh(self) -> None:
        """Fill the session and member lists from the database."""
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for session in self.notebook.list_sessions():
            created = session["created_at"]
            day = local_time(str(created), date=True)[:10] if created else ""
            label = f"{session['programme']} — {session['title']} — {day}"
            if session.get("groups"):
                label += f" ({session['groups']})"
            self.sessions.addItem(label, int(str(session["id"])))
        self.sessions.blockSignals(False)
        self.members.blockSignals(True)
        self.members.clear()
        for member in forgettable_members(self.notebook):
            self.members.addItem(member.label, member.id)
        self.members.blockSignals(False)
        self._update_session_summary()
        self._update_member_summary()

    def _update_session_summary(self) -> None:
        session_id = self.sessions.currentData()
        self.sessions.setEnabled(session_id is not None)
        self.delete_button.setEnabled(session_id is not None)
        if session_id is None:
            self.session_summary.setText("There are no sessions on this computer.")
            return
        notes, files = session_data(self.notebook, session_id)
        self.session_summary.setText(
            f"It holds {plural(notes, 'note')} and {plural(files, 'evidence file')}."
        )

    def _update_member_summary(self) -> None:
        member_id = self.members.currentData()
        self.members.setEnabled(member_id is not None)
        self.forget_button.setEnabled(member_id is not None)
        if member_id is None:
            self.member_summary.setText("No group has a roster with names on this computer.")
            return
        data = member_data(self.notebook, member_id) or NO_MEMBER
        self.member_summary.setText(
            f"{plural(data.notes, 'quote or note', 'quotes or notes')} to delete, "
            f"{plural(data.owned, 'action')} to take their name off."
        )

    # Doing.

    def _confirm(self, title: str, sentence: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            sentence,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def say(self, sentence: str, *, error: bool = False) -> None:
        """Show (and announce) what happened, or what went wrong, in words."""
        self.status.setText(sentence)
        self.status.setAccessibleName(sentence)
        announce(self.status, sentence, assertive=error)
        if not error:
            self.reported.emit(sentence)

    def delete_chosen_session(self) -> bool:
        session_id = self.sessions.currentData()
        if session_id is None:
            return False
        label = self.sessions.currentText()
        notes, files = session_data(self.notebook, session_id)
        if not self._confirm(
            "Delete session",
            f"Delete the session “{label}” for good? Its {plural(notes, 'note')} and "
            f"{plural(files, 'evidence file')} will be deleted from this computer. "
            "This cannot be undone.",
        ):
            return False
        try:
            done = delete_session(self.notebook, session_id)
        except FAILURES as error:
            self.say(f"The session was not deleted. {error}", error=True)
            return False
        self.refresh()
        self.say(
            f"Deleted the session “{label}”: {plural(done.notes, 'note')} and "
            f"{plural(done.evidence_files, 'evidence file')}."
        )
        return True

    def forget_chosen_member(self) -> bool:
        member_id = self.members.currentData()
        if member_id is None:
            return False
        data = member_data(self.notebook, member_id) or NO_MEMBER
        person, group, owned = data.name, data.group, data.owned
        deleted = plural(data.notes, "quote or note", "quotes or notes")
        if not self._confirm(
            "Forget member",
            f"Forget {person} of {group} for good? {deleted} "
            f"linked to them will be deleted, their name will be taken off "
            f"{plural(owned, 'action')}, and they will be removed from the roster. "
            "This cannot be undone.",
        ):
            return False
        try:
            done = forget_member(self.notebook, member_id)
        except FAILURES as error:
            self.say(f"{person} was not forgotten. {error}", error=True)
            return False
        self.refresh()
        self.say(
            f"Forgot {person} of {group}: deleted {plural(done.notes, 'note')} and took "
            f"their name off {plural(owned, 'action')}."
        )
        return True

    def chosen_days(self) -> int | None:
        return None if self.keep_forever.isChecked() else self.days.value()

    def accept(self) -> None:
        """Save how long sessions are kept and delete older ones now (after asking)."""
        days = self.chosen_days()
        try:
            doomed = sessions_older_than(self.notebook, days)
            if doomed:
                titles = ", ".join(f"“{self.notebook.session(i)['title']}”" for i in doomed[:3]) + (
                    " and others" if len(doomed) > 3 else ""
                )
                if not self._confirm(
                    "Delete older sessions",
                    f"Keep sessions for {plural(days or 0, 'day')}? "
                    f"{plural(len(doomed), 'session')} older than that will be deleted now, "
                    f"with their notes and evidence files: {titles}. This cannot be undone.",
                ):
                    return
            set_keep_days(self.notebook, days)
            done = apply_retention(self.notebook) if days is not None else None
        except FAILURES as error:
            self.say(f"How long sessions are kept was not saved. {error}", error=True)
            return
        if done is None:
            self.say("Sessions are kept until you delete them.")
        else:
            self.say(
                f"Sessions are kept for {plural(days or 0, 'day')}; "
                f"{plural(done.sessions, 'older session')} deleted "
                f"({plural(done.notes, 'note')}, "
                f"{plural(done.evidence_files, 'evidence file')})."
            )
        super().accept()
