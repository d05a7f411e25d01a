""" "Keep participation summary": what is kept, and who is anonymised in it.

Only per member totals are kept (talk time, share, turns, longest turn,
passes) and the group's figures; never who spoke when. Ticking a member
replaces their name with "Participant N" in what is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.timefmt import spoken
from companion.turns.session import TurnsSession
from ui.widgets.a11y import name

_MEMBER = Qt.ItemDataRole.UserRole + 1


def keep_choices(session: TurnsSession) -> list[tuple[int, str, str]]:
    """(id, label, figures in words) of each member, as of now, for choosing what to keep."""
    labels = session.roster.labels()
    return [
        (
            m.member,
            labels[m.member],
            f"{spoken(m.talk)}, {m.turns} turn{'' if m.turns == 1 else 's'}",
        )
        for m in session.tick().members
    ]


class KeepSummaryDialog(QDialog):
    """Choose who is anonymised, then keep (accept) or not (reject)."""

    def __init__(
        self, members: Sequence[tuple[int, str, str]], group: str, parent: QWidget | None = None
    ) -> None:
        """``members``: (id, label, figures in words) in roster order."""
        super().__init__(parent)
        self.setObjectName("turns_keep")
        self.setWindowTitle("Keep participation summary")
        self.setAccessibleName("Keep participation summary")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Keep a summary of {group or 'this group'}'s participation? Only each member's "
            "totals are kept — talk time, share, turns, longest turn and passes — with the "
            "group's equality figure. Who spoke when is never kept. Tick anyone who should "
            "appear as “Participant N” instead of their name."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("&Anonymise:")
        self.list = QListWidget()
        self.list.setObjectName("turns_keep_members")
        name(self.list, "Members to anonymise", "Tick a member to keep their totals without a name")
        label.setBuddy(self.list)
        for member, member_label, figures in members:
            item = QListWidgetItem(f"{member_label} — {figures}")
            item.setData(_MEMBER, member)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(member_label)
            self.list.addItem(item)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton("Anonymise &everyone")
        self.none_button = QPushButton("Anonymise &nobody")
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.keep_button = buttons.addButton(
            "&Keep summary", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setObjectName("turns_keep_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.resize(520, 460)

    def anonymised(self) -> set[int]:
        """The members ticked."""
        return {
            int(self.list.item(i).data(_MEMBER))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        }

    def set_anonymised(self, members: set[int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = int(item.data(_MEMBER)) in members
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _check_all(self, state: Qt.CheckState) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)
