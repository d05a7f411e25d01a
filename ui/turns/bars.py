"""The bar in the Turns table's talk column: readable at a glance, never colour alone.

Each bar's length is the member's share of all talk so far, on the same
scale in every row; a dotted line with a small notch marks an equal share, so
"well short of the line" and "far past it" read without any sums. Bars far
above an equal share are hatched as well as filled, and the share and time are
written beside the bar. The words in the status column say the same again.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.turns.model import BAR_ROLE, Bar

TEXT_SPACE = "100% · 88:88"  # the widest text beside a bar
MARGIN = 4


class BarDelegate(QStyledItemDelegate):
    """Draws the talk column's bar, equal-share line and text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        bar = index.data(BAR_ROLE)
        if not isinstance(bar, Bar):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        painter.save()
        try:
            draw_bar(painter, option, bar, text)
        finally:
            painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        metrics = option.fontMetrics
        wide = metrics.horizontalAdvance(TEXT_SPACE) + 40
        return QSize(max(base.width(), wide), max(base.height(), metrics.height() + 10))


def draw_bar(painter: QPainter, option: QStyleOptionViewItem, bar: Bar, text: str) -> None:
    """Paint ``bar`` across the top half of the cell and ``text`` under it."""
    rect: QRect = option.rect
    palette: QPalette = option.palette
    metrics = option.fontMetrics
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    ink = palette.color(text_role)

    line = metrics.lineSpacing()
    two_lines = rect.height() >= 2 * line + 4
    bar_height = max(8.0, min(14.0, (rect.height() - line) * 0.45 if two_lines else line * 0.6))
    top = rect.top() + (rect.height() - line - bar_height) / 2 if two_lines else rect.center().y()
    text_width = 0 if two_lines else metrics.horizontalAdvance(TEXT_SPACE) + 2 * MARGIN
    track = QRectF(
        rect.left() + MARGIN + 4,
        top if two_lines else top - bar_height / 2,
        max(10.0, rect.width() - text_width - 2 * MARGIN - 8),
        bar_height,
    )
    scale = bar.scale if bar.scale > 0 else 1.0

    # The track: a thin outline, so an empty bar still shows where it would be.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    outline = QColor(ink)
    outline.setAlphaF(0.5)
    painter.setPen(QPen(outline, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(track)

    # The bar: filled, and hatched too when far above an equal share.
    length = track.width() * min(1.0, bar.share / scale)
    if length > 0:
        filled = QRectF(track.left(), track.top(), max(2.0, length), track.height())
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(role))
        painter.drawRect(filled)
        if bar.above:
            base = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
            painter.setBrush(QBrush(palette.color(base), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(filled)

    # The equal share: a dotted line through the track with a notch above it.
    if bar.equal_share > 0:
        x = track.left() + track.width() * min(1.0, bar.equal_share / scale)
        painter.setPen(QPen(ink, 2, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(x, track.top() - 3), QPointF(x, track.bottom() + 3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        notch = track.top() - 3
        painter.drawPolygon(
            QPolygonF([QPointF(x - 4, notch - 4), QPointF(x + 4, notch - 4), QPointF(x, notch + 1)])
        )

    # The words: share and talk time, under the bar (or beside it in a one-line row).
    painter.setPen(ink)
    if two_lines:
        area = QRect(int(track.left()), int(track.bottom()) + 2, rect.width() - 2 * MARGIN, line)
    else:
        area = QRect(int(track.right()) + 2 * MARGIN, rect.top(), text_width, rect.height())
    painter.drawText(area, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
