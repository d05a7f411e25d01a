"""The lead's hand-over to analysis tools: export the programme, import a codebook.

**Export for analysis tools…** (Ctrl+Shift+X) writes the programme (or the
chosen session) as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA and
QualCoder, as a table of notes (.xlsx or .csv), or its codebook (.qdc or
.csv); **Anonymise** removes every name first. **Import codebook…** starts
the programme's themes from a codebook (a new programme if there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QInputDialog, QPushButton

from companion.notes import codebook
from companion.notes.analysis import DEFAULT_NAMES, AnalysisFormat, write_analysis
from companion.notes.model import NotesError
from companion.store.db import ensure_programme
from ui.widgets.a11y import announce, make_action, name

if TYPE_CHECKING:
    from ui.lead.area import LeadArea

# File-dialog filters, in the order offered, and the export each one writes.
FILTERS: dict[str, AnalysisFormat] = {
    "REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder (*.qdpx)": "qdpx",
    "Table of notes, one row per note, Excel (*.xlsx)": "xlsx",
    "Table of notes, one row per note, CSV (*.csv)": "csv",
    "Codebook, REFI-QDA (*.qdc)": "qdc",
    "Codebook, CSV (*.csv)": "codebook-csv",
}
CODEBOOK_FILTER = "Codebooks (*.qdc *.qdpx *.csv);;All files (*)"


class LeadAnalysis:
    """The export and codebook buttons of the Lead area, and what they do."""

    def __init__(self, area: LeadArea) -> None:
        self.area = area
        self.export_chooser: Callable[[], tuple[str, str]] = self._ask_for_export
        self.codebook_chooser: Callable[[], str] = self._ask_for_codebook
        self.programme_namer: Callable[[], str] = self._ask_for_programme
        self.export_button = QPushButton("E&xport for analysis tools…", area)
        self.export_button.setObjectName("lead_export_analysis")
        self.anonymise = name(
            QCheckBox("Anon&ymise", area),
            "Anonymise",
            "Leave every member's name out of the project and the table",
        )
        self.anonymise.setObjectName("lead_anonymise")
        self.codebook_button = name(
            QPushButton("Import code&book…", area),
            "Import codebook",
            "Start the programme's themes from a codebook (.qdc, .qdpx or .csv)",
        )
        self.codebook_button.setObjectName("lead_import_codebook")
        self.export_action = make_action(
            area,
            "E&xport for analysis tools…",
            "Export the programme for NVivo, ATLAS.ti, MAXQDA or QualCoder, or as a table",
            shortcut="Ctrl+Shift+X",
            triggered=self.choose_export,
            object_name="lead_export_analysis_action",
        )
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        area.addAction(self.export_action)
        self.export_button.setToolTip(self.export_action.toolTip())
        self.export_button.clicked.connect(self.choose_export)
        self.codebook_button.clicked.connect(self.choose_codebook)
        self.row = QHBoxLayout()
        for widget in (self.export_button, self.anonymise, self.codebook_button):
            self.row.addWidget(widget)
        self.row.addStretch(1)

    def update_buttons(self) -> None:
        self.export_button.setEnabled(self.area.programme_id() is not None)

    # Export.

    def _ask_for_export(self) -> tuple[str, str]:
        return QFileDialog.getSaveFileName(
            self.area, "Export for analysis tools", DEFAULT_NAMES["qdpx"], ";;".join(FILTERS)
        )

    def choose_export(self) -> None:
        path, chosen = self.export_chooser()
        if path:
            fmt = FILTERS.get(chosen) or _format_of(Path(path))
            self.export(Path(path), fmt)

    def export(self, path: Path, fmt: AnalysisFormat) -> Path | None:
        """Write one analysis export of the programme shown; says what happened."""
        programme = self.area.programme_id()
        if programme is None:
            return None
        try:
            written = write_analysis(
                self.area.notebook,
                programme,
                fmt,
                path,
                session_id=self.area.session_id(),
                anonymise=self.anonymise.isChecked(),
            )
        except NotesError as error:
            self._say(str(error))
            return None
        self._say(f"Wrote {written}.")
        return written

    # Codebook in.

    def _ask_for_codebook(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.area, "Import codebook", "", CODEBOOK_FILTER)
        return path

    def _ask_for_programme(self) -> str:
        text, ok = QInputDialog.getText(
            self.area, "New programme", "Name of the programme the codebook starts:"
        )
        return text.strip() if ok else ""

    def choose_codebook(self) -> None:
        path = self.codebook_chooser()
        if path:
            self.import_codebook(Path(path))

    def import_codebook(self, path: Path) -> codebook.CodebookImport | None:
        """Add the codebook's codes to the programme shown (or to a new one)."""
        try:
            codes = codebook.read(path)
        except NotesError as error:
            self._say(str(error))
            return None
        programme = self.area.programme_id()
        if programme is None:
            title = self.programme_namer()
            if not title:
                return None
            programme = ensure_programme(self.area.notebook.db, title)
        done = codebook.import_codes(self.area.notebook, programme, codes)
        self.area.show_programme(programme)
        self._say(done.sentence())
        return done

    def _say(self, text: str) -> None:
        self.area.status.setText(text)
        announce(self.area.status, text)


def _format_of(path: Path) -> AnalysisFormat:
    """The export a typed file name asks for, when the dialog gave no filter."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".qdc":
        return "qdc"
    if suffix == ".csv":
        return "codebook-csv" if "codebook" in path.name.lower() else "csv"
    return "qdpx"
