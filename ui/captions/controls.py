"""Start/stop, source and engine pickers, the level meter and a plain state line.

The state line always says, in words, what captioning is doing: starting,
listening, no speech heard yet, the source lost and being retried, an engine
error with what to do, or stopped. Problems are also announced to screen
readers, politely, or assertively when captioning has stopped by itself.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt, QTimer, Signal
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

from companion.events import EngineReady, LevelChanged, SourceLost, SourceRestored, StreamStopped
from companion.settings import Settings
from ui.adapter import CoreBridge
from ui.settings.store import SettingsStore
from ui.widgets.a11y import announce

NO_SPEECH_AFTER_MS = 10_000  # listening this long without a voice says "No speech heard yet"
ENGINE_CHOICES = (("auto", "Automatic"), ("vosk", "Vosk (fast)"), ("whisper", "Whisper (embedded)"))
BASE_SOURCES = (("system", "System audio (the call)"), ("mic", "Microphone"))


class CaptionState(enum.Enum):
    """What captioning is doing, as shown on the state line."""

    IDLE = "idle"  # never started
    STARTING = "starting"  # Start pressed, engine loading
    LISTENING = "listening"  # engine ready, audio arriving
    NO_SPEECH = "no speech"  # listening, but no voice for a while since start
    SOURCE_LOST = "source lost"  # the device stopped; the stream retries
    FAILED = "failed"  # stopped by an error the person must act on
    STOPPED = "stopped"  # stopped by the person or at the end of the audio


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
        self._store = store
        self._running = False
        self._heard_voice = False
        self.state = CaptionState.IDLE
        self._build()
        self.no_speech_timer = QTimer(self)
        self.no_speech_timer.setSingleShot(True)
        self.no_speech_timer.setInterval(NO_SPEECH_AFTER_MS)
        self.no_speech_timer.timeout.connect(self._on_no_speech)
        bridge.starting.connect(self._on_starting)
        bridge.engine_ready.connect(self._on_engine_ready)
        bridge.level.connect(self._on_level)
        bridge.source_lost.connect(self._on_source_lost)
        bridge.source_restored.connect(self._on_source_restored)
        bridge.failed.connect(self._on_failed)
        bridge.stopped.connect(self._on_stopped)
        store.changed.connect(self._update_from_settings)
        self._update_from_settings(store.current)
        self._set_state(CaptionState.IDLE, "Not captioning. Press Start captions to begin.")

    def _build(self) -> None:
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
        source_label = QLabel("&Source:")
        source_label.setBuddy(self.source_combo)

        self.engine_combo = QComboBox()
        for value, label in ENGINE_CHOICES:
            self.engine_combo.addItem(label, value)
        self.engine_combo.setAccessibleName("Speech engine")
        self.engine_combo.setToolTip(
            "Automatic uses Vosk when a Vosk model is installed, otherwise the embedded Whisper"
        )
        self.engine_combo.currentIndexChanged.connect(self._on_engine_picked)
        engine_label = QLabel("&Engine:")
        engine_label.setBuddy(self.engine_combo)

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
        self._heard_voice = False
        self._set_running(True)
        self._set_state(CaptionState.STARTING, "Starting… loading the speech engine.")
        self.run_started.emit()
        self._bridge.start(settings.source, settings.engine, settings.vosk_model or None)

    def stop(self) -> None:
        self._bridge.stop()
        self._finish(CaptionState.STOPPED, "Stopped. Press Start captions to begin again.")

    def use_embedded_engine(self) -> None:
        """After a model failure: switch to Whisper and start again."""
        self._store.update(engine="whisper")
        self.start()

    def state_text(self) -> str:
        return self.state_label.text()

    # -- bridge events ---------------------------------------------------

    def _on_starting(self, source: str) -> None:
        self._set_state(CaptionState.STARTING, f"Starting… loading the speech engine for {source}.")

    def _on_engine_ready(self, event: EngineReady) -> None:
        if not self._running:
            return
        self._set_state(CaptionState.LISTENING, f"Listening (engine: {event.engine}).")
        self._arm_no_speech()

    def _on_level(self, event: LevelChanged) -> None:
        if not self._running or self.state == CaptionState.STARTING:
            return
        kind = "voice" if event.voice else "no voice"
        self.level_meter.setValue(round(max(0.0, min(1.0, event.level)) * 100))
        self.level_meter.setFormat(f"Level: {event.dbfs:.0f} dB, {kind}")
        if event.voice:
            self._heard_voice = True
            self.no_speech_timer.stop()
            if self.state == CaptionState.NO_SPEECH:
                self._set_state(CaptionState.LISTENING, "Listening: speech heard.")

    def _on_no_speech(self) -> None:
        if self.state == CaptionState.LISTENING and not self._heard_voice:
            self._set_state(
                CaptionState.NO_SPEECH,
                "No speech heard yet. Check that the call's sound is playing on this computer, "
                "or choose another source.",
                announce_it=True,
            )

    def _on_source_lost(self, event: SourceLost) -> None:
        if self.state not in (CaptionState.LISTENING, CaptionState.NO_SPEECH):
            return
        self.no_speech_timer.stop()
        self._reset_meter()
        self._set_state(
            CaptionState.SOURCE_LOST,
            f"{event.source} lost — retrying. Captions carry on when the sound comes back.",
            announce_it=True,
        )

    def _on_source_restored(self, event: SourceRestored) -> None:
        if self.state != CaptionState.SOURCE_LOST:
            return
        self._set_state(CaptionState.LISTENING, f"Listening: {event.source} is back.", True)
        self._arm_no_speech()

    def _on_failed(self, message: str) -> None:
        engine = self._store.current.engine
        # Vosk model and engine failures name vosk; the embedded Whisper may still work.
        self.embedded_button.setVisible("vosk" in message.lower() and engine != "whisper")
        self._finish(CaptionState.FAILED, f"Captions stopped: {message}", assertive=True)

    def _on_stopped(self, event: StreamStopped) -> None:
        # A stop queued by the previous stream can arrive just after Start: ignore it.
        if self.state in (CaptionState.STARTING, CaptionState.FAILED, CaptionState.STOPPED):
            return
        if event.reason == "end of audio":
            self._finish(CaptionState.STOPPED, "Stopped: the audio ended.")
        else:
            self._finish(CaptionState.STOPPED, "Stopped. Press Start captions to begin again.")

    # -- helpers ---------------------------------------------------------

    def _finish(self, state: CaptionState, text: str, assertive: bool = False) -> None:
        self.no_speech_timer.stop()
        self._reset_meter()
        self._set_running(False)
        self._set_state(state, text, announce_it=state == CaptionState.FAILED, assertive=assertive)

    def _arm_no_speech(self) -> None:
        if not self._heard_voice:
            self.no_speech_timer.start()

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

    def _set_state(
        self, state: CaptionState, text: str, announce_it: bool = False, assertive: bool = False
    ) -> None:
        self.state = state
        self.state_label.setText(text)
        if announce_it:
            announce(self.state_label, text, assertive=assertive)
        self.state_changed.emit(text)

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
