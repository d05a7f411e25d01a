"""Schedule arithmetic for a run: who gives time when a segment takes some, and what is next.

Pure functions over a plan and the segments' current lengths, so the run
stays about state and events.
"""

from __future__ import annotations

from companion.facilitation.model import Plan, SegmentKind
from companion.facilitation.status import UpcomingPrompt

MIN_SEGMENT_SECONDS = 60.0  # taking time from a segment leaves it at least this long
# Time is taken from the talk first, then from anything but breaks and the close.
FLEXIBLE = frozenset(
    {
        SegmentKind.DISCUSSION,
        SegmentKind.ROUND,
        SegmentKind.PAIRS,
        SegmentKind.TRIOS,
        SegmentKind.REFLECT,
    }
)
NEVER_TAKEN = frozenset({SegmentKind.BREAK, SegmentKind.CLOSE})


def take_time(
    plan: Plan, lengths: list[float], index: int, seconds: float
) -> tuple[tuple[int, float], ...]:
    """Shorten segments after ``index`` (in ``lengths``, in place) by up to ``seconds`` in all.

    Returns (segment, seconds taken) pairs in plan order; less than ``seconds``
    in all when later segments cannot spare it.
    """
    later = range(index + 1, len(plan.segments))
    kinds = {j: plan.segments[j].kind for j in later}
    order = [j for j in later if kinds[j] in FLEXIBLE]
    order += [j for j in later if kinds[j] not in FLEXIBLE | NEVER_TAKEN]
    taken: list[tuple[int, float]] = []
    for j in order:
        wanted = seconds - sum(amount for _j, amount in taken)
        amount = min(lengths[j] - MIN_SEGMENT_SECONDS, wanted)
        if amount > 0:
            lengths[j] -= amount
            taken.append((j, amount))
    return tuple(sorted(taken))


def upcoming_prompt(
    plan: Plan,
    lengths: list[float],
    fired: set[tuple[int, int]],
    index: int,
    elapsed: float,
) -> UpcomingPrompt | None:
    """The next prompt to fall due: in this segment, else the first of the next one."""
    length = lengths[index]
    waits = [
        (max(prompt.at.seconds_into(length) - elapsed, 0.0), prompt.title)
        for number, prompt in enumerate(plan.segments[index].prompts)
        if (index, number) not in fired
    ]
    if waits:
        wait, title = min(waits)
        return UpcomingPrompt(title, index, wait)
    if index + 1 >= len(plan.segments):
        return None
    following = plan.segments[index + 1]
    if not following.prompts:
        return None
    next_length = lengths[index + 1]
    first = min(following.prompts, key=lambda p: p.at.seconds_into(next_length))
    offset = min(max(first.at.seconds_into(next_length), 0.0), next_length)
    return UpcomingPrompt(first.title, index + 1, max(length - elapsed, 0.0) + offset)
