"""The "Share captions with the call" dialog: paste a Zoom or Teams caption link.

The link is masked as it is typed or pasted (it is a secret: whoever has it
can caption the meeting), can be shown on purpose, and is recognised as it
changes: a line says which platform it is for and where its host finds it,
or in a sentence why it cannot be used. Share is enabled only for a link
Companion accepts. The link lives for this session only unless the person
ticks "Remember this link on this computer" (off by default).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.sharing import CaptionTarget, SharingError, parse_caption_url
from companion.sharing.target import WHERE_TO_FIND
from ui.widgets.a11y import name

INTRO = (
    "While sharing is on, Companion sends its final caption text to the call's own "
    "captions, so everyone in the meeting or breakout room can read them. Audio, "
    "unfinished words, notes and names never leave this computer."
)


class ShareCaptionsDialog(QDialog):
    """Takes a caption link; ``target`` is the recognised link once accepted."""

    def __init__(self, parent: QWidget | None = None, remembered: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Share captions with the call")
        self.setObjectName("share_captions_dialog")
        self.target: CaptionTarget | None = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.url_edit = name(
            QLineEdit(),
            "Caption link",
            "Paste the caption link from Zoom (Copy the API token) or Teams (CART caption link)",
        )
        self.url_edit.setEchoMode(QLineEdit.EchoMode.Password)  # a secret, like a password
        self.url_edit.setPlaceholderText("https://…")
        label = QLabel("Caption &link:")
        label.setBuddy(self.url_edit)
        self.show_check = name(
            QCheckBox("Sho&w the link"), "Show the link", "Show the pasted link in full"
        )
        self.remember_check = name(
            QCheckBox("&Remember this link on this computer"),
            "Remember this link on this computer",
            "Keep the link in your private settings for next time; off, it is forgotten "
            "when Companion closes",
        )
        self.platform_label = QLabel()
        self.platform_label.setWordWrap(True)
        self.platform_label.setObjectName("share_platform")
        self.platform_label.setAccessibleName("Which call the link is for")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.share_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.share_button.setText("&Share")
        name(self.share_button, "Share", "Start sending final captions to this call")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        name(cancel, "Cancel", "Close without sharing")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url_edit.textChanged.connect(self._update_target)
        self.show_check.toggled.connect(self._on_show_toggled)

        layout = QVBoxLayout(self)
        for widget in (intro, label, self.url_edit, self.show_check, self.platform_label):
            layout.addWidget(widget)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.buttons)
        self._update_target("")
        if remembered:
            self.url_edit.setText(remembered)
            self.remember_check.setChecked(True)
        self.url_edit.setFocus()

    def _on_show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.url_edit.setEchoMode(mode)

    def _update_target(self, text: str) -> None:
        self.target = None
        if not text.strip():
            explanation = "\n".join(WHERE_TO_FIND.values())
        else:
            try:
                self.target = parse_caption_url(text)
            except SharingError as error:
                explanation = str(error)
            else:
                explanation = _recognised(self.target)
        self.platform_label.setText(explanation)
        self.share_button.setEnabled(self.target is not None)

    def accept(self) -> None:
        if self.target is not None:
            super().accept()


def _recognised(target: CaptionTarget) -> str:
    if target.platform == "zoom":
        where = "a Zoom breakout room" if target.breakout else "a Zoom meeting"
    else:
        where = "a Teams meeting"
    return f"A caption link for {where}. {WHERE_TO_FIND[target.platform]}"
