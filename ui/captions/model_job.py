"""One model install or removal on a worker thread, reported through Qt signals.

``ModelJob`` runs the backend's work with a progress callback (thinned to at
most one update per step, or ten a second), a status callback and a cancel
event, on a ``ThreadedJob``'s thread (the job is let go on the GUI thread);
the backend's error sentences are rewritten to name the dialog's buttons
instead of command-line options.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Signal

from companion.errors import CompanionError
from companion.speech import models
from companion.speech.archive import Cancelled
from ui.adapter.threaded import ThreadedJob

Work = Callable[[models.Progress, models.Status, threading.Event], object]
"""What a job runs on its thread: ``work(progress, status, cancel)``."""

PROGRESS_STEPS = 1000  # the bar counts per mille, so sizes beyond 2 GB fit an int

# The backend's sentences name the command line; here the same steps are buttons.
_IN_THIS_DIALOG = (
    ("from a file with --file", "from a file with Install from file…"),
    ("or use --engine whisper", "or choose the Whisper engine in Settings"),
    ("give one with --name, using", "rename the archive file, using"),
    ("`companion models list` shows", "the list above shows"),
)
_REMOVE_COMMAND = re.compile(r"first run `companion models remove [^`]*`")


def for_dialog(message: str) -> str:
    """A backend sentence with its command-line advice turned into this dialog's buttons."""
    for cli, here in _IN_THIS_DIALOG:
        message = message.replace(cli, here)
    return _REMOVE_COMMAND.sub("first remove it with Remove…", message)


class ModelJob(ThreadedJob):
    """Runs one install or removal on a thread and reports back through signals."""

    progress = Signal(object, object)  # done, total (total 0 when unknown)
    status = Signal(str)  # a sentence for each step
    finished = Signal(object)  # whatever the work returned
    failed = Signal(str)  # the backend's sentence
    cancelled = Signal(str)

    def __init__(self, work: Work) -> None:
        super().__init__("companion-models")
        self.cancel = threading.Event()
        self._work = work
        self._shown = (-1, 0.0)

    def _report(self, done: int, total: int) -> None:
        step = done * PROGRESS_STEPS // total if total else -1
        now = time.monotonic()
        last_step, last_time = self._shown
        if step == last_step and now - last_time < 0.1 and done != total:
            return  # at most one update per step, or ten a second when the total is unknown
        self._shown = (step, now)
        self.progress.emit(done, total)

    def work(self) -> None:
        try:
            result = self._work(self._report, self.status.emit, self.cancel)
        except Cancelled as error:
            self.cancelled.emit(str(error))
        except CompanionError as error:
            self.failed.emit(for_dialog(str(error)))
        except OSError as error:
            self.failed.emit(f"A file operation failed ({error}); check the folders and try again.")
        else:
            self.finished.emit(result)
