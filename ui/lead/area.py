"""The lead facilitator's view: import groups' bundles, compare themes, write the report.

Drop several bundles (or Ctrl+Shift+I); the theme board shows notes and
quotes per theme per group; choose a cell for the notes behind it and recode
them; rename and merge themes; read a theme's quote wall; write the
programme report as Word or Markdown (Ctrl+Shift+R); export the programme
for analysis tools and import a codebook (``ui.lead.analysis``); put the
codebook inside a plan for facilitators (``ui.lead.plan_share``); join
look-alike theme names once confirmed (``ui.lead.alike``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion.lead import report
from companion.notes.by_question import by_question
from companion.notes.events import NotesChanged
from companion.notes.importer import ImportResult, import_bundle
from companion.notes.listings import group_names, programme_sessions, programmes
from companion.notes.model import NotesError, plural
from companion.notes.notebook import Notebook
from companion.turns.trend import programme_trend
from ui.adapter import NotebookSignals
from ui.lead.alike import AlikeThemes
from ui.lead.analysis import LeadAnalysis
from ui.lead.participation import ParticipationView
from ui.lead.plan_share import PlanShare
from ui.lead.questions import QuestionsView
from ui.lead.quote_wall import QuoteWall
from ui.lead.senders import SendersView
from ui.lead.theme_board import ALL_GROUPS, UNCODED_ROW, ThemeBoard
from ui.lead.themes import LeadThemes
from ui.widgets.a11y import announce, make_action, name


class LeadArea(QWidget):
    """Bundles in, the theme board, notes behind a cell, the quote wall, the report out."""

    imported = Signal(list)  # ImportResult for each bundle accepted

    def __init__(self, notebook: Notebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lead_area")
        self.notebook = notebook
        self.setAcceptDrops(True)
        self.notebook_signals = NotebookSignals(notebook.events, self)
        self.bundle_chooser: Callable[[], list[str]] = self._ask_for_bundles
        self.import_button = QPushButton("&Import bundles…", self)
        self.programme = name(QComboBox(self), "Programme", "The programme to compare")
        self.session = name(QComboBox(self), "Session", "One session, or all of them")
        for combo in (self.programme, self.session):  # long titles must not widen the area
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        self.report_button = QPushButton("Programme &report…", self)
        self.status = QLabel("Drop the groups' bundles here, or choose Import bundles.", self)
        self.status.setObjectName("lead_status")
        self.status.setWordWrap(True)
        self.board = ThemeBoard(self)
        self.cell_title = QLabel(self)
        self.cell_notes = name(
            QListWidget(self),
            "Notes in the chosen cell",
            "The notes behind the chosen cell; recode them with Recode",
        )
        self.cell_notes.setWordWrap(True)
        self.wall = QuoteWall(self)
        self.participation = ParticipationView(self)
        self.questions = QuestionsView(self)
        self.senders = SendersView(notebook.db, self)
        self.themes = LeadThemes(self)
        self.analysis = LeadAnalysis(self)
        self.alike = AlikeThemes(self)
        self.plan_share = PlanShare(self)
        # Beside the theme buttons: the codebook is the programme's themes.
        self.themes.theme_buttons.insertWidget(3, self.plan_share.button)
        self._build()
        self.import_action = make_action(
            self,
            "&Import bundles…",
            "Import groups' notes bundles",
            shortcut="Ctrl+Shift+I",
            triggered=self.choose_bundles,
            object_name="lead_import",
        )
        self.report_action = make_action(
            self,
            "Programme &report…",
            "Write the programme report as Word or Markdown",
            shortcut="Ctrl+Shift+R",
            triggered=self.choose_report,
            object_name="lead_report",
        )
        for action in (self.import_action, self.report_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.import_button.setToolTip(self.import_action.toolTip())
        self.report_button.setToolTip(self.report_action.toolTip())
        self.import_button.clicked.connect(self.choose_bundles)
        self.report_button.clicked.connect(self.choose_report)
        self.programme.activated.connect(lambda _i: self._update_sessions())
        self.session.activated.connect(lambda _i: self.refresh())
        self.board.cell_chosen.connect(self._on_cell)
        self.notebook_signals.notes_changed.connect(self._on_notes_changed)
        self._update_programmes()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        for text, combo in (("Pro&gramme:", self.programme), ("&Session:", self.session)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            top.addWidget(label)
            top.addWidget(combo, 1)
        # The report goes first on the row below, so the top row fits a small screen.
        self.analysis.row.insertWidget(0, self.report_button)
        cell = QWidget(self)
        cell_layout = QVBoxLayout(cell)
        cell_layout.addWidget(self.cell_title)
        cell_layout.addWidget(self.cell_notes, 1)
        cell_layout.addLayout(self.themes.note_buttons)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("lead_tabs")
        name(
            self.tabs,
            "Details",
            "The notes behind the chosen cell, the theme's quotes, the questions, participation",
        )
        name(
            self.tabs.tabBar(),
            "Details",
            "Switch between the cell's notes, the quote wall, the questions and participation",
        )
        self.tabs.addTab(cell, "Notes in the ce&ll")
        self.tabs.addTab(self.wall, "&Quote wall")
        self.tabs.addTab(self.questions, "Questi&ons across groups")
        self.tabs.addTab(self.participation, "&Participation across sessions")
        self.tabs.addTab(self.senders, "Who has sent notes")
        board = QWidget(self)
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.addWidget(self.board, 1)
        board_layout.addLayout(self.alike.row)
        board_layout.addLayout(self.themes.theme_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(board)
        splitter.addWidget(self.tabs)
        splitter.setSizes([330, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addLayout(self.analysis.row)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    # Programme and session.

    def programme_id(self) -> int | None:
        data = self.programme.currentData()
        return int(data) if data is not None else None

    def session_id(self) -> int | None:
        data = self.session.currentData()
        return int(data) if data else None

    def _update_programmes(self) -> None:
        keep = self.programme.currentData()
        self.programme.clear()
        for programme_id, programme_name in programmes(self.notebook):
            self.programme.addItem(programme_name, programme_id)
        index = self.programme.findData(keep)
        self.programme.setCurrentIndex(index if index >= 0 else self.programme.count() - 1)
        self._update_sessions()

    def _update_sessions(self) -> None:
        keep = self.session.currentData()
        self.session.clear()
        self.session.addItem("All sessions", 0)
        programme = self.programme_id()
        if programme is not None:
            for session_id, title in programme_sessions(self.notebook, programme):
                self.session.addItem(title, session_id)
        self.session.setCurrentIndex(max(self.session.findData(keep), 0))
        self.refresh()

    def show_programme(self, programme_id: int) -> None:
        """List the programmes again (one may be new) and show ``programme_id``."""
        self._update_programmes()
        self.programme.setCurrentIndex(max(self.programme.findData(programme_id), 0))
        self._update_sessions()

    def refresh(self) -> None:
        programme = self.programme_id()
        self.report_button.setEnabled(programme is not None)
        self.analysis.update_buttons()
        self.plan_share.update_buttons()
        self.alike.update(programme)
        if programme is None:
            self.board.setRowCount(0)
            self.participation.show_trend(None)
            self.questions.show_questions(((), ()))
            self.senders.show_session(None, None)
            return
        self.board.show_board(self.notebook.themes.board(programme, self.session_id()))
        self.participation.show_trend(
            programme_trend(self.notebook.db, programme, self.session_id())
        )
        self.questions.show_questions(by_question(self.notebook, programme, self.session_id()))
        self.senders.show_session(programme, self.session_id())
        self.themes.update_buttons()

    def group_names(self) -> dict[int, str]:
        return group_names(self.notebook)

    def _on_cell(self, theme_id: int, group_id: int) -> None:
        board = self.board.board
        if board is None:
            return
        theme = next((t for t in (*board.themes, UNCODED_ROW) if t.id == theme_id), None)
        if group_id == ALL_GROUPS:
            ids = [i for g, _ in board.groups for i in board.cell(theme_id, g).note_ids]
            where = "all groups"
        else:
            ids = list(board.cell(theme_id, group_id).note_ids)
            where = dict(board.groups).get(group_id, "")
        groups = self.group_names()
        self.cell_title.setText(
            f"{theme.name if theme else ''}, {where}: {plural(len(ids), 'note')}"
        )
        self.cell_notes.clear()
        marks = ",".join("?" * len(ids))
        found = self.notebook.notes.query(f"n.id IN ({marks})", ids) if ids else []
        for note in found:
            item = QListWidgetItem(
                f"{note.kind.label}: {note.text} ({groups.get(note.group_id)})", self.cell_notes
            )
            item.setData(Qt.ItemDataRole.UserRole, note)
        quotes = self.notebook.themes.quotes(self.notebook.notes, theme_id)
        session = self.session_id()
        if session:
            quotes = [q for q in quotes if q.session_id == session]
        self.wall.show_quotes(theme, [q for q in quotes if q.shared], groups)
        self.themes.update_buttons()

    def _on_notes_changed(self, _event: NotesChanged) -> None:
        self.refresh()

    # Import and report.

    def _ask_for_bundles(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import bundles", "", "Companion notes bundles (*.zip);;All files (*)"
        )
        return list(paths)

    def choose_bundles(self) -> None:
        paths = self.bundle_chooser()
        if paths:
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, paths: list[Path]) -> list[ImportResult]:
        """Import each bundle; a refused one is reported and the others still come in."""
        results: list[ImportResult] = []
        lines: list[str] = []
        for path in paths:
            try:
                result = import_bundle(self.notebook, path)
            except NotesError as error:
                lines.append(f"{path.name}: {error}")
                continue
            results.append(result)
            lines.append(result.sentence())
        self.status.setText("\n".join(lines))
        announce(self.status, " ".join(lines))
        self._update_programmes()
        if results:
            index = self.programme.findText(results[-1].programme)
            if index >= 0:
                self.programme.setCurrentIndex(index)
                self._update_sessions()
        self.imported.emit(results)
        return results

    def choose_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Programme report",
            "programme-report.docx",
            "Word document (*.docx);;Markdown (*.md)",
        )
        if path:
            self.write_report(Path(path))

    def write_report(self, path: Path) -> list[Path]:
        programme = self.programme_id()
        if programme is None:
            return []
        gathered = report.gather(self.notebook, programme, self.session_id())
        try:
            if path.suffix.lower() == ".md":
                written = report.write_markdown(gathered, path)
            else:
                written = [report.write_docx(gathered, path.with_suffix(".docx"))]
        except (OSError, NotesError) as error:
            self.status.setText(f"Could not write the report: {error}")
            return []
        self.status.setText("Wrote the programme report: " + ", ".join(str(p) for p in written))
        announce(self.status, self.status.text())
        return written

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_bundles(paths)
