"""The Notes area's dialogs and choices: which session and group, quotes, search, evidence.

Kept apart from ``notes_area`` so the area stays about showing and typing notes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from companion.notes.model import Consent, NotesError
from companion.notes.pages import current_page, group_pages, remember_page
from companion.workshop.events import ParticipationFiled, RunStarted, SegmentStarted
from ui.notes.dialogs import QuoteDialog, SearchDialog, StartSessionDialog
from ui.widgets.a11y import announce

if TYPE_CHECKING:
    from ui.notes.area import NotesArea
    from ui.notes.end_session import EndSessionWizard


class NotesSession:
    """Choices and dialogs for one ``NotesArea``."""

    def __init__(self, area: NotesArea) -> None:
        self.area = area
        self.notebook = area.notebook
        self.dialog: QDialog | None = None
        self.run: RunStarted | None = None  # the latest plan run started in Facilitate
        area.start_button.clicked.connect(self.open_start)
        area.section_button.clicked.connect(self.open_add_section)
        area.editor.new_theme_requested.connect(self.open_new_theme)
        area.switch.activated.connect(self._on_switch)
        area.evidence.add_files.connect(area.add_evidence_files)
        area.evidence.add_bytes.connect(self.add_evidence_bytes)
        area.evidence.describe.connect(self._on_describe)
        area.evidence.remove.connect(self._on_remove)

    # Which session and group.

    def restore(self) -> None:
        self.update_switch()
        remembered = current_page(self.notebook)
        if remembered is not None:
            try:
                self.choose(*remembered)
                return
            except NotesError:
                pass
        pages = group_pages(self.notebook)
        if pages:
            self.choose(pages[-1].session_id, pages[-1].group_id)
        else:
            self.area.setEnabled(True)

    def update_switch(self) -> None:
        combo = self.area.switch
        combo.blockSignals(True)
        combo.clear()
        for page in group_pages(self.notebook):
            combo.addItem(page.label, (page.session_id, page.group_id))
        index = combo.findData((self.area.session_id, self.area.group_id))
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def choose(self, session_id: int, group_id: int) -> None:
        self.area.show_group(session_id, group_id)
        remember_page(self.notebook, session_id, group_id)
        self.update_switch()

    def follow_run(self, started: RunStarted) -> None:
        """Open the page of a group whose plan run just started, its questions as
        sections; the keyboard focus stays where the facilitator is."""
        place = started.place
        self.run = started  # "New session…" offers this plan's questions
        self.notebook.add_sections(place.session_id, place.group_id, started.questions)
        self.choose(place.session_id, place.group_id)

    def follow_segment(self, started: SegmentStarted) -> None:
        """Open the section of the segment's first core question, on the run's page.

        A segment without questions (a check-in, a break) leaves the section as
        it is, so notes typed there stay with the question before.
        """
        place = started.place
        if not started.questions or (self.area.session_id, self.area.group_id) != (
            place.session_id,
            place.group_id,
        ):
            return
        self.select_section(started.questions[0])

    def follow_closing(self, filed: ParticipationFiled) -> None:
        """Show the group's new participation and attendance section."""
        place = filed.place
        self.choose(place.session_id, place.group_id)
        self.select_section(filed.section)

    def select_section(self, title: str) -> bool:
        """Make the section called ``title`` the current one; False if the page has none."""
        wanted = " ".join(title.split())
        sections = self.area.sections
        for row in range(sections.count()):
            if sections.item(row).text().split(". ", 1)[-1] == wanted:
                sections.setCurrentRow(row)
                return True
        return False

    def _on_switch(self, index: int) -> None:
        data = self.area.switch.itemData(index)
        if data:
            self.choose(*data)

    def open_start(self) -> StartSessionDialog:
        """The new page's names and sections: the latest plan run's, so groups line up."""
        run = self.run
        if run is None:
            dialog = StartSessionDialog(parent=self.area)
        else:
            dialog = StartSessionDialog(run.questions, parent=self.area)
            dialog.programme.setText(run.place.programme)
            dialog.session.setText(run.place.session)
            dialog.group.setText(run.place.group)
        dialog.accepted.connect(lambda: self.start(*dialog.values()))
        self._open(dialog)
        return dialog

    def start(
        self,
        programme: str,
        title: str,
        group: str,
        sections: list[str],
        *,
        session_id: int | None = None,
        question_keys: list[str] | None = None,
    ) -> None:
        """Start (or add a group to) a session; a plan's core questions become the sections."""
        session_id, group_id = self.notebook.start_session(
            programme, title, group, sections, session_id=session_id, question_keys=question_keys
        )
        self.choose(session_id, group_id)
        self.area.entry.setFocus()

    def open_add_section(self) -> None:
        if not self.area.session_id:
            return
        title, ok = QInputDialog.getText(self.area, "Add section", "Section title:")
        if ok and title.strip():
            section = self.notebook.notes.ensure_section(
                self.area.session_id, self.area.group_id, title
            )
            self.area.show_group(self.area.session_id, self.area.group_id)
            self.area.sections.setCurrentRow(section.position)

    def open_new_theme(self) -> None:
        if not self.area.session_id:
            return
        title, ok = QInputDialog.getText(self.area, "New theme", "Theme name:")
        if ok:
            self.add_theme(title)

    def add_theme(self, title: str) -> None:
        """Create a theme in the programme and tick it for the selected note."""
        programme = self.notebook.programme_id(self.area.session_id)
        try:
            theme = self.notebook.themes.create(programme, title)
        except NotesError as error:
            self.area._set_saved(f"Theme not added. {error}")
            return
        note = self.area.selected_note()
        if note is not None:
            self.notebook.themes.tag(note.id, theme.id)
        self.area._update_notes()

    # Quotes and search.

    def open_quote(self) -> QuoteDialog | None:
        if not self.area.session_id:
            return None
        dialog = QuoteDialog(
            self.area.finals(), self.area.member_names(), self.area, said_by=self.area.said_by()
        )

        def accepted() -> None:
            text, speaker, consent = dialog.values()
            self.area.add_quote(text, speaker, consent)

        dialog.accepted.connect(accepted)
        self._open(dialog)
        return dialog

    def open_search(self, text: str) -> SearchDialog | None:
        if not text.strip():
            self.area.search_box.setFocus()
            return None
        dialog = SearchDialog(self.area.search_results(text), text, self.area)
        dialog.accepted.connect(lambda: self.go_to(dialog.chosen()))
        self._open(dialog)
        return dialog

    def go_to(self, note: object) -> None:
        from companion.notes.model import Note

        if not isinstance(note, Note):
            return
        if (note.session_id, note.group_id) != (self.area.session_id, self.area.group_id):
            self.choose(note.session_id, note.group_id)
        for row in range(self.area.sections.count()):
            item = self.area.sections.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == note.section_id:
                self.area.sections.setCurrentRow(row)
        self.area._update_notes(note.id)
        self.area.list.setFocus()

    # Evidence.

    def add_evidence_files(self, paths: list[Path]) -> None:
        for path in paths:
            try:
                item = self.notebook.evidence.add_file(
                    self.area.session_id,
                    self.area.group_id,
                    path,
                    section_id=self.area.current_section(),
                )
            except NotesError as error:
                self.area._set_saved(f"Evidence not added. {error}")
                continue
            self._added(item.id, item.is_image)

    def add_evidence_bytes(self, data: bytes, filename: str) -> None:
        try:
            item = self.notebook.evidence.add(
                self.area.session_id,
                self.area.group_id,
                data,
                filename,
                section_id=self.area.current_section(),
            )
        except NotesError as error:
            self.area._set_saved(f"Evidence not added. {error}")
            return
        self._added(item.id, item.is_image)

    def _added(self, evidence_id: int, is_image: bool) -> None:
        self.area._update_evidence()
        self.area.evidence.select(evidence_id)
        self.area._set_saved("Notes: evidence saved")
        if is_image:
            announce(self.area.evidence, "Picture added. Describe it for people who cannot see it.")
            self.area.evidence.open_describe()

    def _on_describe(self, evidence_id: int, caption: str, alt_text: str) -> None:
        self.notebook.evidence.describe(evidence_id, caption=caption, alt_text=alt_text)
        self.area._update_evidence()

    def _on_remove(self, evidence_id: int) -> None:
        self.notebook.evidence.delete(evidence_id)
        self.area._update_evidence()

    # End of session.

    def open_end_session(self) -> EndSessionWizard | None:
        from ui.notes.end_session import EndSessionWizard

        if not self.area.session_id or not self.area.save_now():
            return None
        wizard = EndSessionWizard(
            self.notebook, self.area.session_id, self.area.group_id, self.area
        )
        wizard.describe_requested.connect(self._describe_from_wizard)
        self._open(wizard)
        # The run of this group ends too: its closing question comes on top, first.
        self.area.ending_session.emit(self.area.session_id, self.area.group_id)
        return wizard

    def _describe_from_wizard(self, evidence_id: int) -> None:
        self.area.evidence.select(evidence_id)
        self.area.evidence.open_describe()

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()


__all__ = ["Consent", "NotesSession"]
