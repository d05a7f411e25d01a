"""The Turns table's model: one row per member, in roster order, with words for every figure.

Rows carry the figures as text (what a screen reader reads, cell by cell) and,
for the talk column, the numbers the bar delegate draws. Only rows whose text
changed are announced to the view, so a tick with 30 members stays cheap.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from companion.timefmt import clock, spoken
from companion.turns.describe import Flag, Status, member_sentence, since_text
from companion.turns.metrics import MemberStats, percent
from companion.turns.roster import Member

Index = QModelIndex | QPersistentModelIndex

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1  # the member id
BAR_ROLE = Qt.ItemDataRole.UserRole + 2  # Bar for the talk column
QUIET_ROLE = Qt.ItemDataRole.UserRole + 3  # True when flagged as a quieter voice


class Column(enum.IntEnum):
    """The table's columns, left to right."""

    KEY = 0  # the member's key, 1–9 and 0
    MEMBER = 1  # their label (full name in the tooltip)
    TALK = 2  # the bar: share of talk against an equal share, and talk time
    TURNS = 3
    LONGEST = 4
    LAST = 5  # time since they last spoke
    STATUS = 6  # speaking, not heard yet, passed, far from equal, hand up, away


_COLUMNS = len(Column)

HEADERS = {
    Column.KEY: "Key",
    Column.MEMBER: "Member",
    Column.TALK: "Share of talk",
    Column.TURNS: "Turns",
    Column.LONGEST: "Longest",
    Column.LAST: "Last spoke",
    Column.STATUS: "Status",
}
HEADER_TIPS = {
    Column.KEY: "Press this key to mark the member as speaking",
    Column.MEMBER: "The member; hover for pronouns, how to say the name and access needs",
    Column.TALK: "Share of all talk so far; the dotted line marks an equal share",
    Column.TURNS: "Turns taken",
    Column.LONGEST: "Longest single turn",
    Column.LAST: "Time since they last spoke, in whole minutes",
    Column.STATUS: "What stands out, in words: speaking, not heard yet, passed, a low or "
    "high share (far below or above an equal share), hand up, away today",
}


@dataclass(frozen=True, slots=True)
class Bar:
    """What the bar delegate draws in the talk column."""

    share: float  # 0..1 of all talk
    talk: float  # seconds
    equal_share: float  # 0..1; 0 when the member is away
    scale: float  # the share at the bar's full width (same for every row)
    above: bool  # far above an equal share (drawn hatched as well as said in words)
    text: str  # "38% · 4:12"


@dataclass(frozen=True, slots=True)
class Row:
    """Everything one row shows."""

    member: int
    key: str
    label: str
    tooltip: str
    bar: Bar
    turns: str
    longest: str
    last: str
    status: str
    sentence: str  # the whole row in words, for screen readers
    speaking: bool
    quiet: bool


def make_row(
    member: Member, label: str, key: str | None, m: MemberStats, status: Status, scale: float
) -> Row:
    details = member.details
    # Pronouns beside the name, so the facilitator uses them without opening the roster.
    label = f"{label} ({details.pronouns})" if details.pronouns else label
    tip = [member.name]
    tip += [f"Call them: {details.call_me}"] if details.call_me else []
    tip += [f"Pronouns: {details.pronouns}"] if details.pronouns else []
    tip += [f"Say it: {details.pronunciation}"] if details.pronunciation else []
    tip += [f"Role or grade: {details.role}"] if details.role else []
    tip += [f"Access needs: {details.access_needs}"] if details.access_needs else []
    bar_text = f"{percent(m.share)} · {clock(m.talk)}"
    return Row(
        member=member.id,
        key=key or "",
        label=label,
        tooltip="\n".join(tip),
        # Shares in steps of 0.1%: finer than a pixel of the bar, so a row whose figures
        # have not visibly changed is not redrawn every tick.
        bar=Bar(
            round(m.share, 3),
            m.talk // 1,
            m.equal_share,
            round(scale, 3),
            Flag.ABOVE in status.flags,
            bar_text,
        ),
        turns=str(m.turns),
        longest=clock(m.longest_turn) if m.turns else "—",
        last=since_text(m),
        status=status.text("\n"),
        sentence=member_sentence(m, label, key, status),
        speaking=m.speaking,
        quiet=status.quiet,
    )


class TurnsModel(QAbstractTableModel):
    """Rows of member figures; ``set_rows`` replaces them, announcing only what changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def rows(self) -> list[Row]:
        return list(self._rows)

    def set_rows(self, rows: list[Row]) -> None:
        old = self._rows
        if [r.member for r in old] != [r.member for r in rows]:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        self._rows = list(rows)
        last = _COLUMNS - 1
        for index, (before, after) in enumerate(zip(old, rows, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(index, 0), self.index(index, last))

    def row_of(self, member: int) -> int | None:
        for index, row in enumerate(self._rows):
            if row.member == member:
                return index
        return None

    # -- Qt's model interface --------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[column]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Called for every role of every visible cell on each repaint: kept cheap.
        if role not in _ROLES or not index.isValid():
            return None
        row_number, column = index.row(), index.column()
        if not 0 <= row_number < len(self._rows):
            return None
        row = self._rows[row_number]
        if role == _DISPLAY:
            return _text(row, column)
        if role == _FONT:
            if row.speaking or (row.quiet and column == Column.STATUS):
                return _BOLD  # the speaker's row, and a quieter voice's flag
            return None
        if role == _ALIGN:
            return _CENTRED if column in _CENTRED_COLUMNS else None
        if role == _ACCESSIBLE_TEXT:
            return _spoken(row, column)
        if role == _ACCESSIBLE_DESCRIPTION:
            return row.sentence
        if role == _TOOLTIP:
            return row.tooltip if column == Column.MEMBER else row.sentence
        if role == MEMBER_ROLE:
            return row.member
        if role == BAR_ROLE:
            return row.bar if column == Column.TALK else None
        return row.quiet  # QUIET_ROLE


_DISPLAY = Qt.ItemDataRole.DisplayRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_ACCESSIBLE_TEXT = Qt.ItemDataRole.AccessibleTextRole
_ACCESSIBLE_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset(
    (
        _DISPLAY,
        _FONT,
        _ALIGN,
        _ACCESSIBLE_TEXT,
        _ACCESSIBLE_DESCRIPTION,
        _TOOLTIP,
        MEMBER_ROLE,
        BAR_ROLE,
        QUIET_ROLE,
    )
)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_CENTRED_COLUMNS = frozenset((Column.KEY, Column.TURNS, Column.LONGEST, Column.LAST))
_BOLD = QFont()
_BOLD.setBold(True)


def _text(row: Row, column: int) -> str:
    return (row.key, row.label, row.bar.text, row.turns, row.longest, row.last, row.status)[column]


def _spoken(row: Row, column: int) -> str:
    if column == Column.MEMBER:
        return row.label
    if column == Column.KEY:
        return f"key {row.key}" if row.key else "no key"
    if column == Column.TALK:
        bar = row.bar
        return (
            f"{percent(bar.share)} of the talk ({spoken(bar.talk)}); "
            f"an equal share is {percent(bar.equal_share)}"
        )
    if column == Column.LAST:
        if row.last in ("now", "—"):
            return row.last.replace("—", "never")
        return row.last.replace("<1", "under 1").replace("min", "minutes") + " ago"
    return _text(row, column) or "none"
