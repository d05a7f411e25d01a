"""The frozen events a caption sender emits, on its worker thread.

They never carry the caption URL itself, only its masked form, so a
subscriber that logs or shows them cannot leak the meeting's token.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.sharing.target import Platform


@dataclass(frozen=True, slots=True)
class SharingStarted:
    """The sender is running and will post every final caption to the call."""

    platform: Platform
    where: str  # the URL with every secret masked, safe to show
    first_seq: int  # the sequence number the next caption gets (Zoom; 1 elsewhere)


@dataclass(frozen=True, slots=True)
class CaptionSent:
    """The call accepted one chunk of caption text."""

    seq: int
    text: str
    attempts: int  # 1 when the first POST was accepted
    delay: float  # seconds from the final being offered to the POST being accepted


@dataclass(frozen=True, slots=True)
class SharingFailed:
    """A POST failed; the sender keeps the text and retries after ``retry_in`` seconds."""

    message: str  # a sentence saying what happened and what to do
    retry_in: float  # seconds until the next try
    pending: int  # chunks waiting, the failed one included
    dropped: int  # chunks dropped so far because the queue was full


@dataclass(frozen=True, slots=True)
class SharingStopped:
    """The sender stopped; nothing more is posted."""

    reason: str  # a sentence: stopped by the person, or what went wrong
    sent: int  # chunks accepted by the call
    unsent: int  # chunks still waiting when it stopped (not delivered)
    dropped: int  # chunks dropped because the queue was full


SharingEvent = SharingStarted | CaptionSent | SharingFailed | SharingStopped
