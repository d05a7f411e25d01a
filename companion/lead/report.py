"""The programme report: themes across groups, ready to change the next session.

Markdown and Word. A chart of notes per theme per group (a picture, where
Pillow is installed) with the same figures as a text table beside it, then
for each theme its quotes (the quote wall) and notes by group, the notes no
theme holds yet ("Not yet coded"), then actions (with owner and date)
and questions to raise.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from companion.lead import report_participation
from companion.notes import export_docx, report_questions
from companion.notes.by_question import by_question
from companion.notes.chart import chart_png
from companion.notes.export_md import cell, md
from companion.notes.model import Note, NoteKind, plural
from companion.notes.notebook import Notebook
from companion.notes.store import rows
from companion.notes.themes import UNCODED, UNCODED_THEME, Board
from companion.paths import write_private
from companion.turns.trend import ParticipationTrend, programme_trend

UNCODED_TITLE = UNCODED_THEME.name


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the report shows, gathered once for both formats."""

    programme: str
    scope: str  # "all sessions" or the session's title
    board: Board
    notes: tuple[Note, ...]
    group_names: dict[int, str]
    chart: bytes | None
    participation: ParticipationTrend | None = None  # kept participation summaries, if any
    participation_chart: bytes | None = None
    questions: report_questions.Questions = ((), ())  # each question across groups

    def theme_notes(self, theme_id: int, kind: NoteKind | None = None) -> list[Note]:
        return [
            n for n in self.notes if theme_id in n.theme_ids and (kind is None or n.kind == kind)
        ]

    def uncoded_notes(self) -> list[Note]:
        """Shared notes no theme holds yet: shown in their own section, never dropped."""
        coded = {t.id for t in self.board.themes}
        return [n for n in self.notes if not coded.intersection(n.theme_ids)]

    def table(self) -> tuple[list[str], list[list[str]]]:
        header = ["Theme", *[name for _, name in self.board.groups], "All groups"]
        body = [
            [t.name if t.id == UNCODED else f"{t.symbol} {t.name}"]
            + [
                _cell(self.board.cell(t.id, g).notes, self.board.cell(t.id, g).quotes)
                for g, _ in self.board.groups
            ]
            + [str(self.board.total(t.id))]
            for t in self.board.rows()
        ]
        return header, body


def _cell(notes: int, quotes: int) -> str:
    return f"{notes} ({plural(quotes, 'quote')})"


def gather(notebook: Notebook, programme_id: int, session_id: int | None = None) -> Report:
    name = rows(notebook.db, "SELECT name FROM programmes WHERE id = ?", [programme_id])
    board = notebook.themes.board(programme_id, session_id, shared_only=True)
    where = "n.session_id IN (SELECT id FROM sessions WHERE programme_id = ?) AND n.shared = 1"
    params: list[object] = [programme_id]
    if session_id is not None:
        where += " AND n.session_id = ?"
        params.append(session_id)
    scope = str(notebook.session(session_id)["title"]) if session_id else "all sessions"
    notes = notebook.notes.query(where, params)
    names = {
        int(r["id"]): str(r["name"])
        for r in rows(
            notebook.db, "SELECT id, name FROM groups WHERE programme_id = ?", [programme_id]
        )
    }
    trend = programme_trend(notebook.db, programme_id, session_id)
    return Report(
        str(name[0]["name"]) if name else "Programme",
        scope,
        board,
        tuple(notes),
        names,
        chart_png(dataclasses.replace(board, themes=board.rows())),  # same rows as the table
        trend,
        report_participation.chart_png(trend),
        by_question(notebook, programme_id, session_id),
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(report: Report) -> str:
    notes = _count(len(report.notes), "shared note")
    uncoded = len(report.uncoded_notes())
    return f"{notes} from {_count(len(report.board.groups), 'group')}" + (
        f", {uncoded} not yet coded." if uncoded else "."
    )


def _line(report: Report, note: Note) -> str:
    group = report.group_names.get(note.group_id, "")
    if note.kind == NoteKind.QUOTE:
        return f"“{note.text}” — {note.attribution()} ({group})"
    if note.kind == NoteKind.ACTION:
        who = "; ".join(part for part in (note.owner, f"by {note.due}" if note.due else "") if part)
        return f"{note.kind.label}: {note.text}" + (f" — {who}" if who else "") + f" ({group})"
    return f"{note.kind.label}: {note.text} ({group})"


# The lists that close the report, after the themes, in this order.
_CLOSING = (
    (NoteKind.ACTION, "Actions and commitments"),
    (NoteKind.QUESTION, "Questions to raise"),
)


def _closing_lists(report: Report) -> list[tuple[str, list[Note]]]:
    """Each closing list's title and notes, leaving out the empty ones."""
    chosen = [(title, [n for n in report.notes if n.kind == kind]) for kind, title in _CLOSING]
    return [(title, notes) for title, notes in chosen if notes]


def render_markdown(
    report: Report,
    chart_name: str | None = "chart.png",
    participation_chart_name: str | None = "participation.png",
) -> str:
    out = [
        f"# {md(report.programme)}: themes across groups\n\n",
        f"Scope: {md(report.scope)}. Written {date.today().isoformat()}. {_summary(report)}\n\n",
        "## Notes per theme per group\n\n",
    ]
    if report.chart is not None and chart_name:
        out.append(
            f"![Bar chart of notes per theme per group; the table below gives the same "
            f"figures]({chart_name})\n\n"
        )
    header, body = report.table()
    out.append("| " + " | ".join(cell(h) for h in header) + " |\n")
    out.append("|" + "---|" * len(header) + "\n")
    out.extend("| " + " | ".join(cell(v) for v in row) + " |\n" for row in body)
    for theme in report.board.themes:
        out.append(f"\n## {theme.symbol} {md(theme.name)}\n\n")
        if theme.description:
            out.append(f"{md(theme.description)}\n\n")
        quotes = report.theme_notes(theme.id, NoteKind.QUOTE)
        others = [n for n in report.theme_notes(theme.id) if n.kind != NoteKind.QUOTE]
        out.extend(f"> {md(_line(report, q))}\n\n" for q in quotes)
        out.extend(f"- {md(_line(report, n))}\n" for n in others)
        if not quotes and not others:
            out.append("_No notes yet._\n")
    uncoded = report.uncoded_notes()
    if uncoded:
        out.append(f"\n## {UNCODED_TITLE}\n\n")
        out.extend(f"- {md(_line(report, n))}\n" for n in uncoded)
    for title, chosen in _closing_lists(report):
        out.append(f"\n## {title}\n\n")
        out.extend(f"- {md(_line(report, n))}\n" for n in chosen)
    out.append(report_questions.markdown(report.questions))
    if report.participation is not None:
        shown = participation_chart_name if report.participation_chart is not None else None
        out.append(report_participation.markdown(report.participation, shown))
    return "".join(out)


def write_markdown(report: Report, path: Path) -> list[Path]:
    """The report and (if drawn) its chart beside it; returns the files written."""
    path = Path(path)
    chart_path = path.with_name(path.stem + "-chart.png")
    participation_path = path.with_name(path.stem + "-participation.png")
    written = [path]
    text = render_markdown(report, chart_path.name, participation_path.name)
    write_private(path, text)
    if report.chart is not None:
        write_private(chart_path, report.chart)
        written.append(chart_path)
    if report.participation_chart is not None:
        write_private(participation_path, report.participation_chart)
        written.append(participation_path)
    return written


def write_docx(report: Report, path: Path) -> Path:
    document = export_docx.new_document(f"{report.programme}: themes across groups")
    document.add_heading(f"{report.programme}: themes across groups", level=0)
    document.add_paragraph(
        f"Scope: {report.scope}. Written {date.today().isoformat()}. {_summary(report)}"
    )
    document.add_heading("Notes per theme per group", level=1)
    if report.chart is not None:
        export_docx.add_picture(
            document,
            report.chart,
            "Bar chart of notes per theme per group; the table below gives the same figures.",
            width=6.0,
        )
    header, body = report.table()
    export_docx.add_table(document, header, body)
    for theme in report.board.themes:
        document.add_heading(f"{theme.symbol} {theme.name}", level=1)
        if theme.description:
            document.add_paragraph(theme.description)
        for note in report.theme_notes(theme.id):
            style = "Quote" if note.kind == NoteKind.QUOTE else "List Bullet"
            document.add_paragraph(_line(report, note), style=style)
    uncoded = report.uncoded_notes()
    if uncoded:
        document.add_heading(UNCODED_TITLE, level=1)
        for note in uncoded:
            style = "Quote" if note.kind == NoteKind.QUOTE else "List Bullet"
            document.add_paragraph(_line(report, note), style=style)
    for title, chosen in _closing_lists(report):
        document.add_heading(title, level=1)
        for note in chosen:
            document.add_paragraph(_line(report, note), style="List Bullet")
    report_questions.add_to_docx(document, report.questions)
    if report.participation is not None:
        report_participation.add_to_docx(document, report.participation, report.participation_chart)
    document.save(str(path))
    os.chmod(path, 0o600)
    return Path(path)
