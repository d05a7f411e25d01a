"""Each core question with every group's answers side by side, in the Lead area.

A read-only text view holding a table per question (a column per group),
which screen readers walk cell by cell; the same as the report's section.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from companion.notes.report_questions import Questions
from ui.widgets.a11y import name

EMPTY = "No shared notes under the questions yet: import the groups' bundles."


class QuestionsView(QWidget):
    """Every question of the programme (or chosen session), each group's answers beside."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lead_questions")
        self.text = name(
            QTextBrowser(self),
            "Questions across groups",
            "Each question with every group's answers side by side",
        )
        self.text.setObjectName("lead_questions_text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        self.show_questions(((), ()))

    def show_questions(self, questions: Questions) -> None:
        groups, found = questions
        if not found:
            self.text.setPlainText(EMPTY)
            return
        parts: list[str] = []
        session = None
        for item in found:
            if item.session != session:
                session = item.session
                parts.append(f"<h2>{escape(session)}</h2>")
            shown = [g for g in groups if g in item.answers]
            parts.append(f"<h3>{escape(item.question)}</h3><table border='1' cellpadding='4'>")
            parts.append("<tr>" + "".join(f"<th>{escape(g)}</th>" for g in shown) + "</tr><tr>")
            for group in shown:
                lines = "".join(f"<p>{escape(line)}</p>" for line in item.answers[group])
                parts.append(f"<td valign='top'>{lines}</td>")
            parts.append("</tr></table>")
        self.text.setHtml("".join(parts))

    def plain_text(self) -> str:
        return self.text.toPlainText()
