"""The Settings dialog: engine, source, caption text and the detached window.

Every field has a label that is its buddy (Alt+letter jumps to it) and an
explicit accessible name. Changes apply through ``SettingsStore.update`` on
OK or Apply; Restore defaults only fills the fields, so Cancel still undoes it.
"""

from __future__ import annotations

import itertools
from dataclasses import fields

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.errors import CompanionError
from companion.settings import (
    FONT_SIZE_RANGE,
    LINE_WIDTH_RANGE,
    LINES_RANGE,
    THEMES,
    Settings,
)
from companion.speech import models
from ui.adapter.threaded import ThreadedJob
from ui.settings.store import SettingsStore
from ui.widgets.a11y import name

ENGINE_LABELS = {
    "auto": "Automatic",
    "vosk": "Vosk (fastest)",
    "whisper": "Whisper",
}
ENGINE_HELP = (
    "Which speech recogniser writes the captions. Automatic uses vosk when a vosk model "
    "is installed, else whisper; whisper works offline straight away."
)
WHISPER_LABELS = {
    "": "Chosen for this computer",
    "tiny.en": "tiny.en (fast, built in)",
    "whisper-base": "base (larger, slower)",
}
WHISPER_HELP = (
    "Which whisper model writes the captions. Chosen for this computer uses tiny.en: "
    "captioning live it was as accurate as base, and faster (the user guide has the figures)"
)

THEME_LABELS = {
    "system": "Follow the system",
    "light": "Dark on light",
    "dark": "Light on dark",
    "yellow-on-black": "Yellow on black",
    "white-on-black": "White on black",
    "black-on-white": "Black on white",
}
THEME_HELP = (
    "Caption colours. Follow the system uses light or dark as the computer does; yellow on "
    "black, white on black and black on white are high contrast (7:1 or more)."
)

FONT_LABELS = {"system": "System font", "atkinson": "Atkinson Hyperlegible"}

SOURCE_LABELS = {
    "system": "System audio (the call)",
    "mic": "Microphone",
    "system+mic": "Call and my microphone",
}

NO_DEVICES = (
    "No other audio input devices were found. Connect a microphone or headset and "
    "open Settings again; if one is connected, check that the computer's sound settings "
    "show it."
)


def source_label(source: str) -> str:
    """How a source setting reads to a person: "System audio", "Microphone" or the device."""
    return {"system": "System audio", "mic": "Microphone"}.get(source, source)


def input_device_names() -> tuple[list[str], str | None]:
    """Names of the audio input devices, and a sentence if there are none or they cannot
    be listed. Slow (PortAudio looks for devices again): call it off the GUI thread."""
    try:
        from companion.audio.devices import list_input_devices

        devices = list_input_devices()
    except (CompanionError, OSError, ImportError) as error:
        return [], f"{error} {NO_DEVICES}" if isinstance(error, CompanionError) else NO_DEVICES
    found = list(dict.fromkeys(str(getattr(device, "name", device)) for device in devices))
    return found, (None if found else NO_DEVICES)


class DeviceLister(ThreadedJob):
    """Lists the input devices on a thread; ``listed`` arrives on the GUI thread."""

    listed = Signal(list, object)  # device names, and a sentence (str) or None

    def __init__(self) -> None:
        super().__init__("companion-devices")

    def work(self) -> None:
        names, note = input_device_names()
        self.listed.emit(names, note)


class SettingsDialog(QDialog):
    """Edits the person's settings; applies them through the settings store."""

    sources_listed = Signal()  # the device list arrived and the Source field is complete

    def __init__(self, store: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setObjectName("settings_dialog")
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")

        self.mode = self._combo(
            "What are you here for",
            "Captions for me: large captions on top, nothing else in the way. "
            "The whole workshop: the plan, turn-taking and notes too",
        )
        self.mode.addItem("The whole workshop (facilitate, take notes, lead)", "facilitate")
        self.mode.addItem("Captions for me (participant mode)", "captions")
        self._build_speech_fields()
        self._build_text_fields()
        self._build_window_fields()
        self._build_buttons()
        self._lay_out()
        self._tab_order()
        self.load(store.current)

    # The form.

    def _build_speech_fields(self) -> None:
        self.engine = self._combo("Speech engine", ENGINE_HELP)
        for key, label in ENGINE_LABELS.items():
            self.engine.addItem(label, key)
        self.vosk_model = self._combo(
            "Vosk model", "The vosk model to use; install more under Tools, Speech models"
        )
        self.whisper_model = self._combo("Whisper model", WHISPER_HELP)
        self.source = self._combo("Audio source", "Whose speech is captioned")
        self.source_note = QLabel()
        self.source_note.setObjectName("source_note")
        self.source_note.setWordWrap(True)
        self.source_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_text_fields(self) -> None:
        self.font_size = self._spin(
            "Text size", "Caption text size in points, 12 to 96", FONT_SIZE_RANGE, " pt"
        )
        self.lines = self._spin("Lines shown", "How many caption lines show at once", LINES_RANGE)
        self.line_width = self._spin(
            "Line width",
            "The most characters on one caption line before it wraps",
            LINE_WIDTH_RANGE,
            " characters",
        )
        self.theme = self._combo("Colours", THEME_HELP)
        for key in THEMES:
            self.theme.addItem(THEME_LABELS.get(key, key.replace("-", " ").capitalize()), key)
        self.font_choice = self._combo(
            "Font", "The caption font; Atkinson Hyperlegible is designed for low vision"
        )
        for key, label in FONT_LABELS.items():
            self.font_choice.addItem(label, key)
        self.announce = self._check(
            "Announce finished &captions to screen readers",
            "Screen readers read each finished caption aloud, politely; never partial ones",
        )
        self.speaker_labels = self._check(
            "Start lines with the speaker's &name",
            "While Turns tracks who speaks, a caption line starts with their name when the "
            "speaker changes",
        )

    def _build_window_fields(self) -> None:
        self.frameless = self._check(
            "Fr&ameless (no title bar)", "The detached caption window has no frame or title bar"
        )
        self.on_top = self._check(
            "Stay on &top of other windows", "The detached caption window floats over the call"
        )
        self.translucent = self._check(
            "Semi-transparent bac&kground",
            "The detached caption window lets what is behind it show through",
        )

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._on_button)

    def _lay_out(self) -> None:
        speech = QGroupBox("Speech")
        speech_form = self._form(speech)
        self._row(speech_form, "&Engine:", self.engine)
        self._row(speech_form, "Vosk &model:", self.vosk_model)
        self._row(speech_form, "Whis&per model:", self.whisper_model)
        self._row(speech_form, "&Source:", self.source)
        speech_form.addRow(self.source_note)

        text = QGroupBox("Caption text")
        text_form = self._form(text)
        self._row(text_form, "Text si&ze:", self.font_size)
        self._row(text_form, "&Lines shown:", self.lines)
        self._row(text_form, "Line &width:", self.line_width)
        self._row(text_form, "C&olours:", self.theme)
        self._row(text_form, "&Font:", self.font_choice)
        text_form.addRow(self.announce)
        text_form.addRow(self.speaker_labels)

        detached = QGroupBox("Detached caption window")
        detached_layout = QVBoxLayout(detached)
        for box in (self.frameless, self.on_top, self.translucent):
            detached_layout.addWidget(box)

        left = QVBoxLayout()
        left.addWidget(speech)
        left.addWidget(detached)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(text)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        here = QFormLayout()
        self._row(here, "I'm &here for:", self.mode)
        layout.addLayout(here)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

    # Public API.

    def load(self, settings: Settings) -> None:
        """Fill the fields from ``settings`` (and list the models and devices afresh)."""
        self._fill_models(settings.vosk_model)
        self._fill_whisper_models(settings.whisper_model)
        self._fill_sources(settings.source)
        _select(self.engine, settings.engine)
        self.font_size.setValue(settings.font_size)
        self.lines.setValue(settings.lines)
        self.line_width.setValue(settings.line_width)
        _select(self.theme, settings.theme)
        _select(self.font_choice, settings.font)
        self.announce.setChecked(settings.announce_finals)
        self.speaker_labels.setChecked(settings.speaker_labels)
        self.frameless.setChecked(settings.detached_frameless)
        self.on_top.setChecked(settings.detached_on_top)
        self.translucent.setChecked(settings.detached_translucent)
        _select(self.mode, settings.mode or "facilitate")

    def values(self) -> dict[str, object]:
        """The settings the fields say, as keyword arguments for ``store.update``."""
        return {
            "engine": self.engine.currentData(),
            "vosk_model": self.vosk_model.currentData(),
            "whisper_model": self.whisper_model.currentData(),
            "source": self.source.currentData(),
            "font_size": self.font_size.value(),
            "lines": self.lines.value(),
            "line_width": self.line_width.value(),
            "theme": self.theme.currentData(),
            "font": self.font_choice.currentData(),
            "announce_finals": self.announce.isChecked(),
            "speaker_labels": self.speaker_labels.isChecked(),
            "detached_frameless": self.frameless.isChecked(),
            "detached_on_top": self.on_top.isChecked(),
            "detached_translucent": self.translucent.isChecked(),
            "mode": self.mode.currentData(),
        }

    def apply(self) -> None:
        self._store.update(**self.values())

    def restore_defaults(self) -> None:
        """Fill the fields with the defaults; nothing changes until OK or Apply."""
        defaults = Settings()
        kept = {f.name: getattr(self._store.current, f.name) for f in fields(Settings)}
        kept.update({key: getattr(defaults, key) for key in self.values()})
        if self._store.captions_only:  # the size and on-top fields are participant mode's own
            kept["font_size"] = defaults.participant_font_size
            kept["detached_on_top"] = defaults.participant_on_top
        self.load(Settings(**kept))

    def accept(self) -> None:
        self.apply()
        super().accept()

    # Building.

    def _fill_models(self, chosen: str) -> None:
        self.vosk_model.clear()
        self.vosk_model.addItem("The first installed model", "")
        try:
            installed = [model.name for model in models.installed_vosk_models()]
        except (CompanionError, OSError):
            installed = []
        for model_name in installed:
            self.vosk_model.addItem(model_name, model_name)
        if chosen and chosen not in installed:
            self.vosk_model.addItem(f"{chosen} (not installed)", chosen)
        _select(self.vosk_model, chosen)

    def _fill_whisper_models(self, chosen: str) -> None:
        self.whisper_model.clear()
        try:  # installed, or joined from its packages the first time it is used
            base = models.installed_whisper_base() is not None or bool(
                models.whisper_base.package_parts()
            )
        except (CompanionError, OSError):
            base = False
        for key, label in WHISPER_LABELS.items():
            missing = key == "whisper-base" and not base
            self.whisper_model.addItem(f"{label} (not installed)" if missing else label, key)
        _select(self.whisper_model, chosen)

    def _fill_sources(self, chosen: str) -> None:
        """The two usual sources (and the chosen device) now; the devices when listed."""
        self.source.clear()
        for key, label in SOURCE_LABELS.items():
            self.source.addItem(label, key)
        if chosen not in SOURCE_LABELS:
            self.source.addItem(f"Device: {chosen}", chosen)
        _select(self.source, chosen)
        self._show_source_note("Looking for audio devices…")
        # No parent, and not kept here: it may outlive a dialog closed meanwhile, and it
        # keeps itself until its thread ends (a dialog holding it would hand it to the
        # cycle collector with the dialog, #10).
        lister = DeviceLister()
        lister.listed.connect(self._on_devices_listed)
        lister.start()

    def _on_devices_listed(self, devices: list[str], note: str | None) -> None:
        chosen = self.source.currentData()
        known = {self.source.itemData(i) for i in range(self.source.count())}
        for device in devices:
            if device not in known:
                self.source.addItem(f"Device: {device}", device)
        if chosen not in SOURCE_LABELS and chosen not in devices:
            index = self.source.findData(chosen)
            self.source.setItemText(index, f"Device: {chosen} (not connected now)")
        _select(self.source, chosen)
        self._show_source_note(note or "")
        self.sources_listed.emit()

    def _show_source_note(self, note: str) -> None:
        self.source_note.setText(note)
        self.source_note.setVisible(bool(note))

    def _combo(self, accessible: str, tooltip: str) -> QComboBox:
        combo = name(QComboBox(), accessible, tooltip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        return combo

    def _spin(
        self, accessible: str, tooltip: str, bounds: tuple[int, int], suffix: str = ""
    ) -> QSpinBox:
        spin = name(QSpinBox(), accessible, tooltip)
        spin.setRange(*bounds)
        spin.setSuffix(suffix)
        spin.setAccelerated(True)
        return spin

    def _check(self, text: str, tooltip: str) -> QCheckBox:
        return name(QCheckBox(text), text.replace("&", ""), tooltip)

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _row(self, form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            self.mode,
            self.engine,
            self.vosk_model,
            self.whisper_model,
            self.source,
            self.frameless,
            self.on_top,
            self.translucent,
            self.font_size,
            self.lines,
            self.line_width,
            self.theme,
            self.font_choice,
            self.announce,
            self.speaker_labels,
            *self.buttons.buttons(),
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def _on_button(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()
        elif role == QDialogButtonBox.ButtonRole.ResetRole:
            self.restore_defaults()


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
