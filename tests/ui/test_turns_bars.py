"""The bar view: bars to scale with an equal-share mark, and the same figures in words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from companion.turns.describe import member_status
from companion.turns.nudges import NudgeRules
from companion.turns.roster import MemberDetails, Roster
from companion.turns.session import TurnsSession
from ui.turns.bars import draw_bar
from ui.turns.model import BAR_ROLE, MEMBER_ROLE, Bar, Column, TurnsModel, make_row


def _model(seconds: dict[str, int], elapsed_rules: NudgeRules | None = None) -> TurnsModel:
    roster = Roster()
    roster.add_many([MemberDetails(n, pronouns="they/them") for n in seconds])
    clock = ManualClock()
    session = TurnsSession(roster, clock)
    for member, (_name, talk) in zip(roster.ids, seconds.items(), strict=True):
        if talk:
            session.speak(member)
            for _ in range(talk):
                clock.advance(1)
                session.tick()
    session.nobody()
    stats = session.stats
    rules = elapsed_rules or NudgeRules(share_after=0)
    labels = roster.labels()
    rows = [
        make_row(member, labels[member.id], str(i + 1), m, member_status(m, stats, rules), 0.8)
        for i, (member, m) in enumerate(zip(roster.members, stats.members, strict=True))
    ]
    model = TurnsModel()
    model.set_rows(rows)
    return model


def test_every_figure_is_in_words_and_nothing_by_colour_alone() -> None:
    model = _model({"Aisha": 600, "Bartosz": 60, "Kwame": 0})

    def text(row: int, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> str:
        return str(model.index(row, column).data(role))

    assert text(0, Column.TALK) == "91% · 10:00"
    assert text(0, Column.STATUS) == "↑ High share"
    assert text(1, Column.STATUS) == "↓ Low share"
    assert text(2, Column.STATUS) == "○ Not heard yet"
    assert text(2, Column.LONGEST) == "—" and text(0, Column.LONGEST) == "10:00"
    assert text(0, Column.TURNS) == "1" and text(2, Column.LAST) == "—"
    spoken = text(0, Column.TALK, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "91% of the talk (10 minutes); an equal share is 33%"
    sentence = text(0, Column.MEMBER, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert sentence.startswith(
        "Aisha (they/them), key 1. High share. 10 minutes of talk, 91% of all talk"
    )
    assert text(2, Column.LAST, Qt.ItemDataRole.AccessibleTextRole) == "never"
    assert text(0, Column.MEMBER, Qt.ItemDataRole.ToolTipRole) == "Aisha\nPronouns: they/them"
    assert model.index(1, Column.KEY).data(MEMBER_ROLE) == 2
    bar = model.index(0, Column.TALK).data(BAR_ROLE)
    assert isinstance(bar, Bar) and bar.above and bar.equal_share == 1 / 3


def test_only_changed_rows_are_announced() -> None:
    model = _model({"A": 10, "B": 0})
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    rows = model.rows()
    model.set_rows(rows)
    assert changed == []
    from dataclasses import replace

    model.set_rows([rows[0], replace(rows[1], status="▶ Speaking")])
    assert changed == [1]


def test_headers_say_what_the_columns_mean() -> None:
    model = TurnsModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Key", "Member", "Share of talk", "Turns", "Longest", "Last spoke", "Status"]
    tip = model.headerData(Column.TALK, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "equal share" in str(tip)
    assert model.data(QModelIndex()) is None


def _paint(bar: Bar, width: int = 300, height: int = 44) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    widget = QWidget()
    option = QStyleOptionViewItem()
    option.initFrom(widget)
    option.rect = QRect(0, 0, width, height)
    palette = QPalette(option.palette)
    palette.setColor(QPalette.ColorRole.Highlight, QColor(0, 0, 255))
    palette.setColor(QPalette.ColorRole.Text, QColor(0, 0, 0))
    option.palette = palette
    painter = QPainter(image)
    draw_bar(painter, option, bar, bar.text)
    painter.end()
    return image


def _blue_run(image: QImage) -> int:
    """The longest run of the bar's blue on any row of the image."""
    best = 0
    for y in range(image.height()):
        run = 0
        for x in range(image.width()):
            run = run + 1 if image.pixelColor(x, y) == QColor(0, 0, 255) else 0
            best = max(best, run)
    return best


def test_bars_are_drawn_to_one_scale(qtbot: QtBot) -> None:
    full = _blue_run(_paint(Bar(0.8, 100.0, 0.25, 0.8, False, "80% · 1:40")))
    half = _blue_run(_paint(Bar(0.4, 50.0, 0.25, 0.8, False, "40% · 0:50")))
    none = _blue_run(_paint(Bar(0.0, 0.0, 0.25, 0.8, False, "0% · 0:00")))
    assert full > 250 and abs(half - full / 2) <= 3 and none == 0


def test_the_equal_share_line_and_hatching_are_drawn(qtbot: QtBot) -> None:
    image = _paint(Bar(0.0, 0.0, 0.25, 1.0, False, ""))
    track_left = 8
    x = track_left + round((300 - 16) * 0.25)
    dark = [image.pixelColor(px, y).lightness() < 100 for px in (x - 1, x, x + 1) for y in range(5)]
    assert any(dark)  # the notch above the track marks an equal share
    hatched = _paint(Bar(0.9, 90.0, 0.25, 1.0, True, ""))
    plain = _paint(Bar(0.9, 90.0, 0.25, 1.0, False, ""))
    assert _blue_run(hatched) < _blue_run(plain)  # the hatch breaks up the fill
