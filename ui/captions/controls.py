"""Start/stop, source and engine pickers, the level meter and a plain state line.

The state line always says, in words, what captioning is doing: starting,
listening, no speech heard yet, the source lost and being retried, an engine
error with what to do, or stopped. Problems are also announced to screen
readers, politely, or assertively when captioning has stopped by itself.
What to say is worked out once, by the bridge's ``CaptionStatusFeed``; the
status line reads the same status.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from companion.captions_status import Alert, CaptionState, CaptionStatus
from companion.events import LevelChanged
from companion.settings import Settings
from companion.speech.factory import chosen_model
from ui.adapter import CoreBridge
from ui.settings.store import SettingsStore
from ui.widgets.a11y import announce

ENGINE_CHOICES = (("auto", "Automatic"), ("vosk", "Vosk (fast)"), ("whisper", "Whisper"))
BASE_SOURCES = (
    ("system", "System audio (the call)"),
    ("mic", "Microphone"),
    ("system+mic", "Call and my microphone"),  # both, each phrase given to its side (#14)
)


def input_device_names() -> list[str]:
    """Names of the audio input devices, or none if they cannot be listed."""
    try:
        from companion.audio.devices import list_input_devices

        devices = list_input_devices()
    except Exception:  # no audio system at all must never break the view
        return []
    names: list[str] = []
    for device in devices:
        name = device if isinstance(device, str) else getattr(device, "name", "")
        if name and name not in names:
            names.append(str(name))
    return names


class SourceCombo(QComboBox):
    """Lists system audio, the microphone and each input device, fresh on every open."""

    def showPopup(self) -> None:
        self.refresh()
        super().showPopup()

    def refresh(self) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for value, label in BASE_SOURCES:
            self.addItem(label, value)
        for name in input_device_names():
            self.addItem(f"Device: {name}", name)
        self.select(current)
        self.blockSignals(False)

    def select(self, value: object) -> None:
        index = self.findData(value)
        if index < 0 and isinstance(value, str) and value:
            self.addItem(f"Device: {value}", value)  # remembered, even if unplugged now
            index = self.count() - 1
        self.setCurrentIndex(max(0, index))


class CaptionControls(QWidget):
    """The controls above the captions; drives the bridge and shows its state."""

    running_changed = Signal(bool)  # captioning started (True) or ended (False)
    state_changed = Signal(str)  # the state line's new text
    run_started = Signal()  # a new stream is starting (its audio clock starts at 0)

    def __init__(
        self, bridge: CoreBridge, store: SettingsStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._status = bridge.caption_status
        self._store = store
        self._running = False
        self._build()
        self._status.changed.connect(self._on_status)
        self._status.level.connect(self._on_level)
        store.changed.connect(self._update_from_settings)
        self._update_from_settings(store.current)
        self._show_status(self._status.current, announce_it=False)

    def _build(self) -> None:
        self._build_pickers()
        self._build_state()
        self._lay_out()

    def _build_pickers(self) -> None:
        """Start, and what to caption with which engine."""
        self.start_button = QPushButton("Start captions")
        self.start_button.setAccessibleName("Start captions")
        self.start_button.setToolTip("Start or stop live captions (F5)")
        self.start_button.clicked.connect(self.toggle)

        self.source_combo = SourceCombo()
        self.source_combo.setAccessibleName("Audio source")
        self.source_combo.setToolTip(
            "What to caption: the call's sound (system audio), your microphone, or a device"
        )
        self.source_combo.refresh()
        self.source_combo.currentIndexChanged.connect(self._on_source_picked)

        self.engine_combo = QComboBox()
        for value, label in ENGINE_CHOICES:
            self.engine_combo.addItem(label, value)
        self.engine_combo.setAccessibleName("Speech engine")
        self.engine_combo.setToolTip(
            "Automatic uses Vosk when a Vosk model is installed, otherwise Whisper "
            "(the whisper model in Settings)"
        )
        self.engine_combo.currentIndexChanged.connect(self._on_engine_picked)

    def _build_state(self) -> None:
        """The level meter and the state line, with its offer of the embedded engine."""
        self.level_meter = QProgressBar()
        self.level_meter.setRange(0, 100)
        self.level_meter.setTextVisible(True)
        self.level_meter.setAccessibleName("Audio level")
        self.level_meter.setToolTip(
            "How loud the audio being captioned is, and whether it is voice"
        )
        self._reset_meter()

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName("Caption status")
        self.state_label.setToolTip("What captioning is doing now")
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = self.state_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.state_label.setFont(font)

        self.embedded_button = QPushButton("Use the embedded engine")
        self.embedded_button.setAccessibleName("Use the embedded engine")
        self.embedded_button.setToolTip("Start again with Whisper, which is built into Companion")
        self.embedded_button.clicked.connect(self.use_embedded_engine)
        self.embedded_button.hide()

    def _lay_out(self) -> None:
        source_label = QLabel("&Source:")
        source_label.setBuddy(self.source_combo)
        engine_label = QLabel("&Engine:")
        engine_label.setBuddy(self.engine_combo)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.start_button, 0, 0)
        pickers = QHBoxLayout()
        pickers.setSpacing(6)
        pickers.addWidget(source_label)
        pickers.addWidget(self.source_combo, 1)
        pickers.addSpacing(8)
        pickers.addWidget(engine_label)
        pickers.addWidget(self.engine_combo)
        grid.addLayout(pickers, 0, 1)
        grid.addWidget(self.level_meter, 1, 0, 1, 2)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_label, 1)
        state_row.addWidget(self.embedded_button)
        grid.addLayout(state_row, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)

    # -- commands --------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def toggle(self) -> None:
        if self._running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Start captioning with the chosen source and engine."""
        settings = self._store.current
        self.embedded_button.hide()
        self._status.press_start()
        self.run_started.emit()
        model = chosen_model(settings.engine, settings.vosk_model, settings.whisper_model)
        self._bridge.start(settings.source, settings.engine, model)

    def stop(self) -> None:
        self._bridge.stop()
        self._status.press_stop()

    def use_embedded_engine(self) -> None:
        """After a model failure: switch to Whisper and start again."""
        self._store.update(engine="whisper")
        self.start()

    @property
    def state(self) -> CaptionState:
        return self._status.current.state

    def state_text(self) -> str:
        return self.state_label.text()

    # -- the caption status ----------------------------------------------

    def _on_status(self, status: CaptionStatus) -> None:
        self._show_status(status)

    def _show_status(self, status: CaptionStatus, announce_it: bool = True) -> None:
        if status.state == CaptionState.FAILED:
            # Vosk model and engine failures name vosk; the embedded Whisper may still work.
            offer = "vosk" in status.message.lower() and self._store.current.engine != "whisper"
            self.embedded_button.setVisible(offer)
        if status.level_line is not None:
            self._reset_meter()
        self._set_running(status.running)
        self.state_label.setText(status.sentence)
        if announce_it and status.alert != Alert.NONE:
            announce(self.state_label, status.sentence, assertive=status.alert == Alert.ASSERTIVE)
        self.state_changed.emit(status.sentence)

    def _on_level(self, event: LevelChanged) -> None:
        kind = "voice" if event.voice else "no voice"
        self.level_meter.setValue(round(max(0.0, min(1.0, event.level)) * 100))
        self.level_meter.setFormat(f"Level: {event.dbfs:.0f} dB, {kind}")

    # -- helpers ---------------------------------------------------------

    def _reset_meter(self) -> None:
        self.level_meter.setValue(0)
        self.level_meter.setFormat("Level: no audio")

    def _set_running(self, running: bool) -> None:
        if running == self._running:
            return
        self._running = running
        label = "Stop captions" if running else "Start captions"
        self.start_button.setText(label)
        self.start_button.setAccessibleName(label)
        self.running_changed.emit(running)

    def _on_source_picked(self, _index: int) -> None:
        value = self.source_combo.currentData()
        if isinstance(value, str):
            self._store.update(source=value)

    def _on_engine_picked(self, _index: int) -> None:
        value = self.engine_combo.currentData()
        if isinstance(value, str):
            self._store.update(engine=value)

    def _update_from_settings(self, settings: Settings) -> None:
        self.source_combo.blockSignals(True)
        self.source_combo.select(settings.source)
        self.source_combo.blockSignals(False)
        self.engine_combo.blockSignals(True)
        self.engine_combo.setCurrentIndex(max(0, self.engine_combo.findData(settings.engine)))
        self.engine_combo.blockSignals(False)
