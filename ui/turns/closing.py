"""The end of a plan run: keep the participation summary named, anonymised, or not at all.

Asked when the run of the group Turns tracks finishes (or is replaced). Whatever
is chosen, the facilitator's name and the attendance go into the group's notes;
the per member totals only as chosen. "Decide later" files nothing: the
figures stay on screen, frozen, and "Keep participation summary" still works.

Quitting the app while a run goes on asks the same question first
(``quitting=True``): "Put in the notes and quit", or Cancel to keep the app
open with the run and its figures as they were. So does quitting after
"Decide later" (``later=True``), since the figures go with the app.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from companion.workshop.closing import Keep
from ui.widgets.a11y import name

_CHOICES = (
    (Keep.NAMED, "With names: each member's totals under their name"),
    (Keep.ANONYMISED, "Anonymised: the same totals as Participant 1, 2, …"),
    (Keep.NONE, "Not at all: the notes get the attendance only"),
)


class ClosingDialog(QDialog):
    """Choose what of the participation is kept, and who facilitated; accept files it."""

    def __init__(
        self,
        group: str,
        facilitator: str,
        present: int,
        parent: QWidget | None = None,
        *,
        quitting: bool = False,
        later: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("turns_quit_closing" if quitting else "turns_closing")
        title = "Quit: the run is still going" if quitting else "End of session: participation"
        title = "Quit: participation not decided" if later else title
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        where = (
            f"The plan run for {group} is still going: quitting finishes it and stops "
            "turn tracking. "
            if quitting
            else f"The plan run for {group} has ended and turn tracking has stopped. "
        )
        if later:  # "Decide later" was chosen at the run's end; quitting would lose it
            where = f"You chose to decide later about {group}'s participation. "
        intro = QLabel(
            where + f"{present} {'person was' if present == 1 else 'people were'} here. "
            "Keep the participation summary? Only totals are kept — talk time, turns — "
            "never who spoke when. The attendance and your name go into the group's "
            "notes whatever you choose."
        )
        intro.setObjectName("turns_closing_intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.choice = QComboBox()
        self.choice.setObjectName("turns_closing_keep")
        name(self.choice, "Keep the participation summary", "Named, anonymised or not at all")
        for keep, text in _CHOICES:
            self.choice.addItem(text, keep.value)
        self.set_keep(Keep.ANONYMISED)  # the careful default
        choice_label = QLabel("&Keep the summary:")
        choice_label.setBuddy(self.choice)
        form.addRow(choice_label, self.choice)
        self.facilitator = QLineEdit(facilitator)
        self.facilitator.setObjectName("turns_closing_facilitator")
        self.facilitator.setPlaceholderText("Your name as the notes should credit you")
        name(self.facilitator, "Facilitator", "Your name, credited in the group's notes")
        label = QLabel("&Facilitator:")
        label.setBuddy(self.facilitator)
        form.addRow(label, self.facilitator)
        layout.addLayout(form)
        box = QDialogButtonBox()
        file_text = "Put in the notes and &quit" if quitting else "Put in the note&s"
        self.file_button = box.addButton(file_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.file_button.setObjectName("turns_closing_file")
        name(
            self.file_button,
            file_text.replace("&", ""),
            "Add attendance and the chosen summary"
            + (", finish the run and quit" if quitting else ""),
        )
        if quitting:
            self.later_button = box.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
            name(self.later_button, "Cancel", "Do not quit: the run and its figures go on")
        else:
            self.later_button = box.addButton(
                "Decide &later", QDialogButtonBox.ButtonRole.RejectRole
            )
            name(self.later_button, "Decide later", "File nothing now; the figures stay on screen")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.file_button.setDefault(True)

    def keep(self) -> Keep:
        """The choice made."""
        return Keep(self.choice.currentData())

    def set_keep(self, keep: Keep) -> None:
        self.choice.setCurrentIndex(self.choice.findData(keep.value))


def ask_start_again(parent: QWidget, reset: Callable[[], None]) -> QMessageBox:
    """Ask before clearing figures that were not kept; Yes calls ``reset``."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Start again",
        "Clear the figures and start again? They are not kept unless you chose "
        "Keep participation summary.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("turns_reset_question")
    box.setAccessibleName("Start again")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.button(QMessageBox.StandardButton.Yes).clicked.connect(reset)
    box.open()
    return box
