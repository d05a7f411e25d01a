"""What screen readers are told about a run, in short sentences (said politely)."""

from __future__ import annotations

from companion.facilitation.events import (
    FacilitationEvent,
    Overrun,
    PromptDue,
    RunState,
    RunStateChanged,
    SegmentAdjusted,
    SegmentChanged,
)
from companion.facilitation.model import Plan

_STATES = {
    RunState.RUNNING: "Plan running.",
    RunState.PAUSED: "Plan paused.",
    RunState.FINISHED: "Run finished.",
}


def announcement(event: FacilitationEvent, plan: Plan) -> str:
    """The sentence to announce for ``event`` ("" for events not worth interrupting for)."""
    if isinstance(event, PromptDue):
        return f"Prompt: {event.title}"
    if isinstance(event, SegmentChanged):
        segment = plan.segments[event.index]
        return f"Now: {segment.title}, {segment.minutes:g} minutes."
    if isinstance(event, Overrun):
        return f"Time is up for {plan.segments[event.index].title}."
    if isinstance(event, RunStateChanged):
        return _STATES.get(event.state, "")
    if isinstance(event, SegmentAdjusted):
        return adjusted_text(event, plan)
    return ""


def adjusted_text(event: SegmentAdjusted, plan: Plan) -> str:
    """ "Discussion is 5 minutes longer. 3 minutes came from later segments. …"."""
    text = f"{plan.segments[event.index].title} is {event.added / 60:g} minutes longer."
    taken = sum(seconds for _index, seconds in event.taken)
    if taken:
        text += f" {taken / 60:g} minutes came from later segments."
    if event.shortfall >= 1:
        text += f" The session now ends {event.shortfall / 60:g} minutes later."
    return text
