"""Sharing final captions with the call's own caption display (issue 17).

``parse_caption_url`` recognises a Zoom caption API URL or a Teams CART link
(and refuses anything else), ``caption_chunks`` cuts final text into readable
lines, and ``CaptionSender`` posts them from its own worker thread. Nothing
here touches audio or partial captions: only final text ever leaves.
"""

from companion.sharing.events import (
    CaptionSent,
    SharingEvent,
    SharingFailed,
    SharingStarted,
    SharingStopped,
)
from companion.sharing.lines import caption_chunks
from companion.sharing.sender import CaptionSender
from companion.sharing.target import CaptionTarget, SharingError, parse_caption_url

__all__ = [
    "CaptionSender",
    "CaptionSent",
    "CaptionTarget",
    "SharingError",
    "SharingEvent",
    "SharingFailed",
    "SharingStarted",
    "SharingStopped",
    "caption_chunks",
    "parse_caption_url",
]
