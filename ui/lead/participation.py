"""Participation across sessions in the Lead area: the chart and, beside it, the same figures.

The chart is a picture with an accessible description; the tables are in a
read-only text view that screen readers walk cell by cell. Both come from
``companion.turns.trend`` (kept summaries only) and
``companion.lead.report_participation`` (the same tables as the report).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from companion.lead.report_participation import CHART_ALT, INTRO, chart_png, tables
from companion.turns.trend import ParticipationTrend
from ui.widgets.a11y import describe, name
from ui.widgets.stacking import stack_when_narrow

EMPTY = (
    "No group of this programme kept a participation summary yet. At the end of a session, "
    "the facilitator can choose 'Keep participation summary' in the Turns area."
)


class ParticipationView(QWidget):
    """The programme's participation trend: a chart, and its figures as tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lead_participation")
        self.chart = QLabel(self)
        self.chart.setObjectName("lead_participation_chart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        name(self.chart, "Participation chart", CHART_ALT)
        describe(self.chart, CHART_ALT + ".")
        scroller = QScrollArea(self)
        scroller.setWidget(self.chart)
        scroller.setWidgetResizable(False)
        name(scroller, "Participation chart", "Scroll the participation chart")
        self.figures = name(
            QTextBrowser(self),
            "Participation figures",
            "The chart's figures as tables: across groups per session, then per group",
        )
        self.figures.setObjectName("lead_participation_figures")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scroller)
        splitter.addWidget(self.figures)
        scroller.setMinimumWidth(320)
        splitter.setSizes([560, 440])  # the chart and its figures get about half each
        self.stacking = stack_when_narrow(splitter)  # narrow: the chart, its figures under it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        self.show_trend(None)

    def show_trend(self, trend: ParticipationTrend | None) -> None:
        if trend is None or trend.empty:
            self.chart.clear()
            self.chart.setText("No chart yet.")
            self.figures.setPlainText(EMPTY)
            return
        png = chart_png(trend)
        pixmap = QPixmap()
        if png is not None and pixmap.loadFromData(png, "PNG"):
            self.chart.setPixmap(pixmap)
            self.chart.resize(pixmap.size())
        else:
            self.chart.setText("The chart needs Pillow; the figures are in the tables.")
        self.figures.setHtml(_html(trend))

    def tables_text(self) -> str:
        return self.figures.toPlainText()


def _html(trend: ParticipationTrend) -> str:
    parts = [f"<p>{escape(INTRO)}</p>"]
    for title, header, body in tables(trend):
        parts.append(f"<h3>{escape(title)}</h3><table border='1' cellpadding='4'>")
        parts.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>")
        for row in body:
            parts.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>")
        parts.append("</table>")
    return "".join(parts)
