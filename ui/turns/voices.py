"""Turns' voice recognition (#14): the watch's changes become suggestions or marked turns.

``VoiceRecognition`` belongs to the ``TurnsDriver``. While the facilitator has
chosen it (the setting ``voice_recognition``, off by default) and Turns is
voice-assisted, it feeds the caption audio to a ``VoiceWatch``. A change to a
voice nobody confirmed yet is offered as a suggestion (``suggested``: "New
speaker — who is it?"); marking a member while it is offered (their key, or
Enter on their row) confirms that voice as theirs. A change to a confirmed
voice marks that member's turn straight away and says so, so the facilitator
corrects (Last turn theirs, R) rather than records; a correction teaches the
voice again. Voices live only in the watch's memory: switching recognition
off, changing group or starting again forgets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from companion.turns.events import VoiceChange, VoiceWatchFailed
from companion.turns.voice_watch import VoiceWatch
from ui.adapter import CoreBridge, VoiceSignals

if TYPE_CHECKING:
    from ui.turns.driver import TurnsDriver


class VoiceRecognition(QObject):
    """Suggests who a new voice is, and marks turns for voices already confirmed."""

    suggested = Signal(object)  # a VoiceChange with no member: ask who it is
    settled = Signal()  # the suggestion was answered or dismissed: hide it
    stopped = Signal()  # recognition could not run and is off now

    def __init__(
        self,
        driver: TurnsDriver,
        bridge: CoreBridge | None,
        *,
        chosen: bool = False,
        watch: VoiceWatch | None = None,
    ) -> None:
        super().__init__(driver)
        self._driver = driver
        self._bridge = bridge
        self.chosen = chosen
        self.watch = watch or VoiceWatch()
        self.pending: VoiceChange | None = None  # the suggestion showing
        self.events = VoiceSignals(self.watch.events, parent=self)
        self.events.changed.connect(self._on_changed)
        self.events.failed.connect(self._on_failed)
        if bridge is not None:
            bridge.starting.connect(lambda _source: self.watch.restart())
        self.update_running()

    @property
    def active(self) -> bool:
        """Chosen, and Turns is voice-assisted: then the caption audio is listened to."""
        return self.chosen and self._driver.voice_assisted

    def choose(self, on: bool) -> None:
        """Switch recognition on or off (off forgets every voice)."""
        self.chosen = on
        if not on:
            self.watch.forget()
            self._settle()
        self.update_running()
        if not on:
            self._driver.say("Voice recognition is off; every voice it had heard is forgotten.")
        elif self.active:
            self._driver.say(
                "Voice recognition is on: a new voice in the captions' audio asks who it is. "
                "Voices stay in memory only and are forgotten when Companion closes."
            )
        else:
            self._driver.say("Voice recognition works in voice-assisted mode: switch that on too.")

    def update_running(self) -> None:
        """Listen to the caption audio exactly while ``active``."""
        if self.active:
            self.watch.start()
            if self._bridge is not None:
                self._bridge.audio_tap = self.watch.feed
        else:
            if self._bridge is not None and self._bridge.audio_tap == self.watch.feed:
                self._bridge.audio_tap = None
            self.watch.stop()
            self._settle()

    def marked(self, member: int) -> None:
        """The facilitator marked ``member``: the answer to a showing suggestion."""
        if self.pending is not None:
            self.watch.confirm(member)
            label = self._driver.label(member) or "them"
            self._settle()
            self._driver.say(f"{label}'s voice will be recognised from now on, in memory only.")

    def corrected(self, member: int) -> None:
        """The last turn was really ``member``'s: the voice heard now is theirs."""
        if self.active:
            self.watch.confirm(member)

    def dismiss(self) -> None:
        """Not now: the suggestion goes; the voice stays unnamed."""
        if self.pending is not None:
            self._settle()
            self._driver.say("Suggestion dismissed.")

    def forget(self) -> None:
        """Forget every voice (a new group, or starting again)."""
        self.watch.forget()
        self._settle()

    def shutdown(self) -> None:
        self.watch.stop()
        self.events.close()

    def _on_changed(self, change: VoiceChange) -> None:
        if not self.active:
            return
        label = self._driver.label(change.member)
        if change.member is not None and label is not None:
            self._settle()
            if self._driver.session.speaker != change.member:
                self._driver.session.speak(change.member)
                self._driver.say(
                    f"Recognised {label}'s voice: their turn is marked. If it is someone "
                    "else, press R on the right member (Last turn theirs)."
                )
            return
        self.pending = change
        self.suggested.emit(change)

    def _on_failed(self, failed: VoiceWatchFailed) -> None:
        self.chosen = False
        self.update_running()
        self.stopped.emit()
        self._driver.say(failed.message)

    def _settle(self) -> None:
        if self.pending is not None:
            self.pending = None
            self.settled.emit()
