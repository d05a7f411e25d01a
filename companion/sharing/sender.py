"""``CaptionSender``: posts final captions to the call from its own worker thread.

What it promises:

- ``offer(caption)`` never waits on the network: it only queues text, so the
  local captions keep their latency whatever the call's server does. Partial
  captions are ignored; only final text is ever sent, and nothing else.
- Short finals are joined until a sentence ends, a pause of ``hold``
  seconds, or 4 s at most (``PhraseJoiner``), so a word or two is not a
  caption line of its own.
- Each chunk (``caption_chunks``) is one ``text/plain; charset=utf-8`` POST
  with ``&seq=N&lang=…``. ``seq`` grows by one for each new chunk and stays
  the same on a retry; for Zoom it resumes after the last number the meeting
  accepted (``GET …/closedcaption/seq``), so a restart does not go back.
- Every request has a timeout. Any failure (Zoom asks captioners to retry
  every code: 400 "meeting not started", 403, 405, 408, 5xx; and stalls and
  refused connections) is retried with growing back-off, keeping the text.
- The queue is bounded: when the call is unreachable for long, the oldest
  chunks are dropped and counted, and ``SharingFailed`` says so.
- States are events on ``events`` (worker thread): ``SharingStarted``,
  ``CaptionSent``, ``SharingFailed`` (delayed, retrying), ``SharingStopped``.
  None of them carries the secret URL.
- Audio the live captions skipped (#10, ``offer_gap``) becomes one short line
  of its own, "[12 s not captioned: the captioning computer fell behind]":
  people reading the call's captions cannot otherwise know they missed
  something. It says only that words are missing, never what was said.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from companion.events import Caption, CaptionGap
from companion.sharing.events import (
    CaptionSent,
    SharingEvent,
    SharingFailed,
    SharingStarted,
    SharingStopped,
)
from companion.sharing.lines import PhraseJoiner, caption_chunks
from companion.sharing.target import CaptionTarget
from companion.signal import Signal

TIMEOUT = 5.0  # seconds for one request; a stalled server is retried after this
BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds before retry 1, 2, …; the last repeats
MAX_PENDING = 200  # chunks kept while the call is unreachable (a few minutes of talk)
HOLD = 1.5  # seconds an unfinished sentence waits for the next final (a pause ends it)
LONGEST_HOLD = 4.0  # seconds an unfinished sentence may be held in all
CONTENT_TYPE = "text/plain; charset=utf-8"


@dataclass(slots=True)
class _Chunk:
    text: str
    offered: float  # clock time the final was offered


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: caption text goes only to the host the person pasted."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class CaptionSender:
    """Queues final captions and posts them to one caption URL on a worker thread."""

    def __init__(
        self,
        target: CaptionTarget,
        *,
        lang: str = "en-US",
        timeout: float = TIMEOUT,
        backoff: Sequence[float] = BACKOFF,
        max_pending: int = MAX_PENDING,
        hold: float = HOLD,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target = target
        self.lang = lang
        self.timeout = timeout
        self.backoff = tuple(backoff) or (1.0,)
        self.max_pending = max(1, max_pending)
        self.events: Signal[SharingEvent] = Signal()
        self._clock = clock
        self._opener = urllib.request.build_opener(_NoRedirect())
        self._pending: deque[_Chunk] = deque()
        self._joiner = PhraseJoiner(hold, min(LONGEST_HOLD, hold * 3))
        self._in_flight: _Chunk | None = None
        self._cond = threading.Condition()
        self._stopping = False
        self._stop_reason = "Sharing captions with the call stopped."
        self._thread: threading.Thread | None = None
        self._never_started_reported = False
        self._seq = 1
        self.sent = 0
        self.dropped = 0

    # -- the caption side (any thread, never blocks on the network) -------

    def offer(self, caption: Caption) -> None:
        """Queue a final caption's text for the call; partial captions are ignored."""
        if caption.kind != "final" or not caption.text.strip():
            return
        now = self._clock()
        with self._cond:
            if self._stopping:
                return
            self._enqueue(self._joiner.add(caption.text, now))
            self._cond.notify_all()

    def offer_gap(self, gap: CaptionGap) -> None:
        """Queue the line saying audio went uncaptioned, after any text held back."""
        now = self._clock()
        with self._cond:
            if self._stopping:
                return
            self._enqueue(self._joiner.flush())  # the words before the gap go first
            self._enqueue([(gap_line(gap), now)])
            self._cond.notify_all()

    def _enqueue(self, ready: list[tuple[str, float]]) -> None:
        for text, since in ready:
            for chunk in self._chunks(text):
                if len(self._pending) >= self.max_pending:
                    self._drop_oldest()
                self._pending.append(_Chunk(chunk, since))

    def _chunks(self, text: str) -> list[str]:
        chunks = caption_chunks(text)
        if self.target.platform == "teams":
            # Teams shows each POST as a line it never updates and wraps it itself.
            return [chunk.replace("\n", " ") for chunk in chunks]
        return chunks

    def _drop_oldest(self) -> None:
        # The chunk being posted stays: its seq is taken, and it may already have arrived.
        index = 1 if self._pending and self._pending[0] is self._in_flight else 0
        if index < len(self._pending):
            del self._pending[index]
            self.dropped += 1

    # -- starting and stopping --------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    def start(self) -> None:
        """Start the worker: it reads Zoom's last seq, says ``SharingStarted``, then posts."""
        if self._thread is not None or self._stopping:
            return
        self._thread = threading.Thread(target=self._run, name="caption-sender", daemon=True)
        self._thread.start()

    def stop(self, reason: str | None = None, *, drain: float = 0.0, wait: bool = True) -> None:
        """Stop posting, after waiting up to ``drain`` seconds for queued text to arrive.

        With ``wait`` it returns once the worker has finished (at most one request
        timeout later); without, at once (the GUI never waits on the network), and
        ``SharingStopped`` follows from the worker.
        """
        with self._cond:
            self._enqueue(self._joiner.flush())  # held words go too, or count as unsent
            if drain > 0 and self._thread is not None:
                self._cond.wait_for(lambda: not self._pending, timeout=drain)
            self._stopping = True
            if reason:
                self._stop_reason = reason
            self._cond.notify_all()
        thread = self._thread
        if thread is None:
            if not self._never_started_reported:  # report the stop once
                self._never_started_reported = True
                self.events.emit(self._stopped_event())
        elif wait and thread is not threading.current_thread():
            thread.join(self.timeout * 2 + 1)

    # -- the worker ---------------------------------------------------------

    def _run(self) -> None:
        self._seq = self._first_seq()
        self.events.emit(SharingStarted(self.target.platform, self.target.masked, self._seq))
        failures = 0
        while True:
            with self._cond:
                if not self._next_chunk():
                    break
                chunk = self._in_flight = self._pending[0]
            problem = self._post(chunk.text, self._seq)
            if problem is None:
                with self._cond:
                    if self._pending and self._pending[0] is chunk:
                        self._pending.popleft()
                    self._in_flight = None
                    self.sent += 1
                    self._cond.notify_all()
                delay = self._clock() - chunk.offered
                self.events.emit(CaptionSent(self._seq, chunk.text, failures + 1, delay))
                self._seq += 1  # only new text advances seq; a retry keeps it
                failures = 0
                continue
            retry_in = self.backoff[min(failures, len(self.backoff) - 1)]
            failures += 1
            with self._cond:
                pending, dropped = len(self._pending), self.dropped
            message = problem
            if dropped:
                message += f" {dropped} older caption lines were dropped while waiting."
            self.events.emit(SharingFailed(message, retry_in, pending, dropped))
            with self._cond:
                self._cond.wait_for(lambda: self._stopping, timeout=retry_in)
        self.events.emit(self._stopped_event())

    def _next_chunk(self) -> bool:
        """Wait (holding the lock) until a chunk is pending; False once stopping."""
        while not self._stopping and not self._pending:
            due = self._joiner.due(self._clock())
            if due is not None and due <= 0:
                self._enqueue(self._joiner.flush_due(self._clock()))
            else:
                self._cond.wait(due)
        return not self._stopping

    def _stopped_event(self) -> SharingStopped:
        with self._cond:
            unsent = len(self._pending)
        return SharingStopped(self._stop_reason, self.sent, unsent, self.dropped)

    def _first_seq(self) -> int:
        """One more than the last seq Zoom accepted for this meeting (1 when unknown)."""
        url = self.target.seq_url()
        if url is None:
            return 1
        try:
            with self._opener.open(url, timeout=self.timeout) as response:
                body = response.read(64).decode("ascii", "replace")
        except (OSError, ValueError):
            return 1  # meeting not started yet, or no answer: start from 1
        found = re.search(r"\d+", body)
        return int(found.group()) + 1 if found else 1

    def _post(self, text: str, seq: int) -> str | None:
        """POST one chunk; None when accepted, else a sentence saying what went wrong."""
        request = urllib.request.Request(
            self.target.post_url(seq, self.lang),
            data=text.encode("utf-8"),
            method="POST",
            headers={"Content-Type": CONTENT_TYPE},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
            return None
        except urllib.error.HTTPError as error:
            return _http_problem(error.code, self.target.platform_name)
        except TimeoutError:
            return _stalled(self.timeout)
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return _stalled(self.timeout)
            return (
                "The call's caption service cannot be reached; check the network. "
                "Companion keeps the captions and tries again."
            )
        except OSError:
            return (
                "The connection to the call's caption service broke; "
                "Companion keeps the captions and tries again."
            )


def gap_line(gap: CaptionGap) -> str:
    """The call's line for a gap: short (fits two caption lines), and honest from the
    reader's side, who cannot see whose computer fell behind."""
    return f"[{gap.missing} not captioned: the captioning computer fell behind]"


def _stalled(timeout: float) -> str:
    return (
        f"The call's caption service did not answer within {timeout:g} seconds; "
        "Companion keeps the captions and tries again."
    )


def _http_problem(code: int, platform: str) -> str:
    if code == 400:
        return (
            f"{platform} says the meeting has not started; captions go out once the "
            "host starts it, and Companion keeps trying."
        )
    if code in (401, 403):
        return (
            f"{platform} refused the caption link ({code}); if this goes on, ask the host "
            "for a new link. Companion keeps trying."
        )
    return (
        f"{platform}'s caption service answered {code}; "
        "Companion keeps the captions and tries again."
    )
