"""The notes feature tried as a new user would, start to finish, with screenshots.

Two groups each take notes on webinar 2's questions in the Notes area: typed
notes, a quote promoted from the captions with consent, an action, a photo of
a flipchart with alt text. Each ends its session with the walk-through and
gets a .docx and a bundle. The lead imports both bundles, looks at the theme
board across the two groups and writes the programme report.

    QT_QPA_PLATFORM=offscreen python bench/notes_walkthrough.py [OUT]

Writes the screenshots to docs/screenshots/ and everything else under OUT
(default: a temporary folder), and prints what it did.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from companion.notes import demo
from companion.notes.model import Consent
from companion.notes.notebook import Notebook
from companion.store.database import open_database

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
GROUPS = {
    "Group A": {
        "finals": [
            "In our ward the consultant speaks first and everyone else nods.",
            "When the sister asked the healthcare assistants first, we heard "
            "things nobody had said.",
        ],
        "notes": [
            "Huddles where the most junior person speaks first",
            "?: Can the programme share how other trusts run rounds?",
        ],
        "second": [
            "The same three voices in every governance meeting",
            "d: We will rotate who chairs our team meeting",
        ],
        "action": (
            "a: Try a round at the start of every huddle for a month",
            "Priya",
            "2027-01-31",
        ),
        "speaker": "Amira",
        "flipchart": [
            "Where we saw it:",
            "- huddle rounds",
            "- reverse mentoring",
            "- chat read aloud",
        ],
        # Notes in the order taken: 0, 1 first question; 2 the quote; 3, 4 second; 5 action.
        "themes": {
            "Psychological safety": (0, 2, 5),
            "Hierarchy and power": (3, 4),
            "Shared decisions": (1,),
        },
    },
    "Group B": {
        "finals": [
            "Decisions are made in the corridor before the meeting starts.",
            "Being asked what I thought, as a band five, changed how I felt about the whole team.",
        ],
        "notes": [
            "Reverse mentoring between board members and junior staff",
            "t: A porter said nobody ever asks them about patient flow",
        ],
        "second": [
            "Agendas arrive too late for people who need time to read",
            "?: Who decides which voices reach the board?",
        ],
        "action": ("a: Send agendas a week ahead with captions booked", "Sam", "2027-02-14"),
        "speaker": "Jo",
        "flipchart": ["Missing voices:", "- night staff", "- porters", "- bank staff"],
        "themes": {
            "Hierarchy and power": (0, 1, 4),
            "Psychological safety": (2,),
            "Access and adjustments": (3, 5),
        },
    },
}


def flipchart(lines: list[str]) -> bytes:
    """A photo-like picture of a flipchart page with handwriting-sized words."""
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#d9d4c7"))
    painter = QPainter(image)
    painter.fillRect(QRect(90, 20, 460, 440), QColor("#fbfbf7"))
    painter.setPen(QPen(QColor("#1a3a8a")))
    font = QFont("DejaVu Sans", 26)
    painter.setFont(font)
    for index, line in enumerate(lines):
        painter.drawText(120, 90 + index * 60, line)
    painter.setPen(QPen(QColor("#c0392b"), 5))
    painter.drawEllipse(QRect(110, 110, 330, 60))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def grab(widget: QWidget, name: str, app: QApplication) -> Path:
    widget.resize(1000, 700)
    settle(app)
    path = SHOTS / name
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path), "PNG")
    return path


def take_notes(
    app: QApplication, home: Path, group: str, spec: dict[str, object], out: Path
) -> list[Path]:
    """One group's facilitator, on their own machine (own COMPANION_HOME)."""
    from ui.notes.area import NotesArea

    os.environ["COMPANION_HOME"] = str(home)
    book = Notebook(open_database())
    finals = list(spec["finals"])  # type: ignore[call-overload]
    area = NotesArea(book, finals=lambda: finals)
    area.show()
    area.session.start(demo.PROGRAMME, demo.WEBINAR_2, group, list(demo.WEBINAR_2_QUESTIONS))
    programme = book.programme_id(area.session_id)
    for theme, description in demo.THEMES:
        book.themes.ensure(programme, theme, description=description)
    for line in spec["notes"]:  # type: ignore[attr-defined]
        area.entry.setText(line)
        area.add_from_entry()
    dialog = area.open_quote()  # promote the newest caption line, with consent
    assert dialog is not None
    dialog.speaker.setCurrentText(str(spec["speaker"]))
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.NAMED))
    dialog.accept()
    area.sections.setCurrentRow(1)
    for line in spec["second"]:  # type: ignore[attr-defined]
        area.entry.setText(line)
        area.add_from_entry()
    text, owner, due = spec["action"]  # type: ignore[misc]
    area.entry.setText(text)
    note = area.add_from_entry()
    assert note is not None
    area.list.setCurrentRow(area.list.count() - 1)
    area.editor.owner.setText(owner)
    area.editor.owner.textEdited.emit(owner)
    area.editor.due.setText(due)
    area.editor.due.textEdited.emit(due)
    area.save_now()
    notes = book.notes.notes(area.session_id, area.group_id)
    themes = {t.name: t.id for t in book.themes.in_programme(programme)}
    for theme, indexes in spec["themes"].items():  # type: ignore[attr-defined]
        for index in indexes:
            book.themes.tag(notes[index].id, themes[theme])
    area.evidence.add_bytes.emit(flipchart(spec["flipchart"]), "flipchart.png")  # type: ignore[arg-type]
    describe = area.evidence.dialog
    assert describe is not None
    describe.caption.setText("Our flipchart")
    describe.alt_text.setPlainText(
        f"A flipchart page headed “{spec['flipchart'][0]}” "  # type: ignore[index]
        f"listing {', '.join(x[2:] for x in spec['flipchart'][1:])}."
    )  # type: ignore[index]
    describe.accept()
    area.sections.setCurrentRow(0)
    area.list.setCurrentRow(2)
    shots = (
        [grab(area, f"notes-{group.lower().replace(' ', '-')}.png", app)]
        if group == "Group A"
        else []
    )
    wizard = area.open_end_session()
    assert wizard is not None
    wizard.next()
    wizard.next()
    wizard.folder.setText(str(out / group))
    for fmt, box in wizard.formats.items():
        box.setChecked(fmt in ("docx", "md", "bundle"))
    wizard.next()
    written = list(wizard.paths)
    wizard.close()
    area.close()
    book.close()
    print(
        f"{group}: {len(notes)} notes; wrote "
        + ", ".join(p.name for p in written[:1] + written[-2:])
    )
    return [*written, *shots]


def lead_view(app: QApplication, home: Path, bundles: list[Path], out: Path) -> list[Path]:
    from ui.lead.area import LeadArea

    os.environ["COMPANION_HOME"] = str(home)
    book = Notebook(open_database())
    lead = LeadArea(book)
    lead.show()
    results = lead.import_bundles(bundles)
    print("Lead imported:", "; ".join(r.sentence() for r in results))
    rows = [lead.board.item(r, 0).text() for r in range(lead.board.rowCount())]
    safety = next(i for i, text in enumerate(rows) if "Psychological safety" in text)
    lead.board.setCurrentCell(safety, 1)
    shots = [grab(lead, "theme_board.png", app)]
    lead.tabs.setCurrentIndex(1)
    shots.append(grab(lead, "theme_board-quote-wall.png", app))
    lead.import_bundles(bundles)  # the same bundles again: nothing duplicated
    print("Again:", lead.status.text().replace("\n", "; "))
    report = lead.write_report(out / "programme-report.docx")
    report += lead.write_report(out / "programme-report.md")
    print("Report:", ", ".join(str(p) for p in report))
    lead.close()
    book.close()
    return shots + report


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="notes-walk-"))
    app = QApplication.instance() or QApplication(argv[:1])
    assert isinstance(app, QApplication)
    bundles = []
    for group, spec in GROUPS.items():
        written = take_notes(app, out / f"home-{group[-1]}", group, spec, out)
        bundles += [p for p in written if p.name.endswith(".companion-notes.zip")]
    for path in lead_view(app, out / "home-lead", bundles, out):
        print("  ", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
