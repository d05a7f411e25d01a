"""``--share CAPTION-URL`` for ``companion captions`` and ``companion transcribe`` (#17).

``add_share_option`` adds the option; ``sharing(url, stream)`` checks the URL
before any audio is opened (a bad one is a ``SharingError``: a sentence and a
non-zero exit), hands every final caption of ``stream`` to a
``CaptionSender`` and says on stderr, in a sentence, when sharing starts,
when the call stops accepting captions and when it does again. At the end it
waits a little for queued lines to arrive and says if any did not. The URL
itself is never printed: only its masked form.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

from companion.events import Caption, CaptionGap, Event
from companion.sharing import (
    CaptionSender,
    CaptionSent,
    SharingEvent,
    SharingFailed,
    SharingStarted,
    SharingStopped,
    parse_caption_url,
)
from companion.signal import Signal

DRAIN_SECONDS = 10.0  # at the end, how long queued lines may still take to arrive


def add_share_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--share",
        default=None,
        metavar="CAPTION-URL",
        help="also send final captions to a Zoom caption API URL or a Teams CART link",
    )


class ShareReporter:
    """Says on stderr what sharing does, once per change (not once per retry)."""

    def __init__(self, err: TextIO | None = None) -> None:
        self.err = err or sys.stderr
        self._failing = False
        self._lock = threading.Lock()

    def __call__(self, event: SharingEvent) -> None:
        with self._lock:
            self._report(event)

    def _report(self, event: SharingEvent) -> None:
        if isinstance(event, SharingStarted):
            name = "Zoom" if event.platform == "zoom" else "Teams"
            self._say(f"Sharing final captions with the {name} call ({event.where}).")
        elif isinstance(event, SharingFailed) and not self._failing:
            self._failing = True
            self._say(event.message)
        elif isinstance(event, CaptionSent) and self._failing:
            self._failing = False
            self._say("The call accepts captions again.")
        elif isinstance(event, SharingStopped):
            self._say(_stopped_sentence(event))

    def _say(self, text: str) -> None:
        print(text, file=self.err, flush=True)


def _stopped_sentence(event: SharingStopped) -> str:
    text = f"Stopped sharing captions with the call: {event.sent} caption lines sent."
    if event.unsent:
        text += f" {event.unsent} lines did not reach the call."
    if event.dropped:
        text += f" {event.dropped} lines were dropped while it was unreachable."
    return text


@contextlib.contextmanager
def sharing(url: str | None, events: Signal[Event], err: TextIO | None = None) -> Iterator[None]:
    """While inside, post the finals that ``events`` carries to ``url`` (nothing if None)."""
    if not url:
        yield
        return
    sender = CaptionSender(parse_caption_url(url))
    sender.events.connect(ShareReporter(err))

    def offer(event: Event) -> None:
        if isinstance(event, Caption):
            sender.offer(event)  # queues only: the stream never waits on the network
        elif isinstance(event, CaptionGap):
            sender.offer_gap(event)  # readers in the call learn they missed something

    disconnect = events.connect(offer)
    sender.start()
    try:
        yield
    finally:
        disconnect()
        sender.stop(drain=DRAIN_SECONDS)
