"""The one adapter between the core and the widgets.

Core events arrive on worker threads; ``CoreBridge`` (captions) and one
``EventAdapter`` subclass per event family (``RunSignals`` for a plan run,
``NotebookSignals`` for notes) re-emit each as a typed Qt signal, which Qt
queues onto the GUI thread because the adapter lives there. Widgets connect
to these signals and never subscribe to the core or touch audio directly.
"""

from ui.adapter.bridge import CoreBridge
from ui.adapter.caption_status import CaptionStatusFeed
from ui.adapter.events import (
    EventAdapter,
    NotebookSignals,
    RunSignals,
    SharingSignals,
    SpeakerSignals,
    TurnsSignals,
    VoiceSignals,
    WorkshopSignals,
)

__all__ = [
    "CaptionStatusFeed",
    "CoreBridge",
    "EventAdapter",
    "NotebookSignals",
    "RunSignals",
    "SharingSignals",
    "SpeakerSignals",
    "TurnsSignals",
    "VoiceSignals",
    "WorkshopSignals",
]
