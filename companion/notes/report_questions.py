"""The report's "Each question across groups": a table per question, a column per group."""

from __future__ import annotations

from typing import Any

from companion.notes.by_question import QuestionAnswers
from companion.notes.export_md import md

Questions = tuple[tuple[str, ...], tuple[QuestionAnswers, ...]]  # groups, questions


def markdown(questions: Questions) -> str:
    groups, found = questions
    if not found:
        return ""
    out = ["\n## Each question across groups\n"]
    session = None
    for item in found:
        if item.session != session:
            session = item.session
            out.append(f"\n### {md(session)}\n")
        shown = [g for g in groups if g in item.answers]
        out.append(f"\n#### {md(item.question)}\n\n")
        out.append("| " + " | ".join(md(g) for g in shown) + " |\n")
        out.append("|" + "---|" * len(shown) + "\n")
        cells = [
            "<br>".join(md(line).replace("  \n", " ") for line in item.answers[g]) for g in shown
        ]
        out.append("| " + " | ".join(cells) + " |\n")
    return "".join(out)


def add_to_docx(document: Any, questions: Questions) -> None:
    from companion.notes import export_docx

    groups, found = questions
    if not found:
        return
    document.add_heading("Each question across groups", level=1)
    session = None
    for item in found:
        if item.session != session:
            session = item.session
            document.add_heading(session, level=2)
        document.add_heading(item.question, level=3)
        shown = [g for g in groups if g in item.answers]
        export_docx.add_table(document, shown, [["\n".join(item.answers[g]) for g in shown]])
