"""The raised-hands queue: first come, least talk so far (progressive stack), or as arranged.

The facilitator raises hands for people who ask to speak. The queue shows them
in the chosen order; moving someone by hand switches the order to "as
arranged" until another order is chosen.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass


class QueueOrder(enum.Enum):
    """How the raised hands are ordered."""

    FIRST_COME = "first-come"  # in the order hands went up
    LEAST_TALK = "least-talk"  # least talk time so far first (progressive stack)
    ARRANGED = "arranged"  # as the facilitator arranged them

    @property
    def label(self) -> str:
        return {
            QueueOrder.FIRST_COME: "First come, first served",
            QueueOrder.LEAST_TALK: "Least talk so far first",
            QueueOrder.ARRANGED: "As arranged",
        }[self]


@dataclass(frozen=True, slots=True)
class QueueState:
    """The queue at one moment, for undo."""

    arrival: tuple[int, ...]
    arranged: tuple[int, ...]
    order: QueueOrder


class HandQueue:
    """Members waiting to speak; ``talk_of(member)`` gives talk seconds for least-talk order."""

    def __init__(self, talk_of: Callable[[int], float]) -> None:
        self._talk_of = talk_of
        self._arrival: list[int] = []  # in the order hands went up
        self._arranged: list[int] = []  # as the facilitator last arranged them
        self.order = QueueOrder.FIRST_COME

    def members(self) -> tuple[int, ...]:
        """Waiting members, first to speak first."""
        if self.order is QueueOrder.LEAST_TALK:
            arrival = {m: i for i, m in enumerate(self._arrival)}
            return tuple(sorted(self._arrival, key=lambda m: (self._talk_of(m), arrival[m])))
        if self.order is QueueOrder.ARRANGED:
            return tuple(self._arranged)
        return tuple(self._arrival)

    def __contains__(self, member: object) -> bool:
        return member in self._arrival

    def __len__(self) -> int:
        return len(self._arrival)

    def place(self, member: int) -> int | None:
        """The member's place in the queue from 1, or None if their hand is down."""
        shown = self.members()
        return shown.index(member) + 1 if member in shown else None

    def raise_hand(self, member: int) -> bool:
        """Add to the end of the queue; False if already waiting."""
        if member in self._arrival:
            return False
        self._arrival.append(member)
        self._arranged.append(member)
        return True

    def lower_hand(self, member: int) -> bool:
        if member not in self._arrival:
            return False
        self._arrival.remove(member)
        self._arranged.remove(member)
        return True

    def next(self) -> int | None:
        """Take the first member off the queue (None if empty)."""
        shown = self.members()
        if not shown:
            return None
        self.lower_hand(shown[0])
        return shown[0]

    def move(self, member: int, place: int) -> bool:
        """Put ``member`` at ``place`` (from 0) in the shown order; the order becomes arranged."""
        shown = list(self.members())
        if member not in shown:
            return False
        shown.remove(member)
        shown.insert(max(0, min(place, len(shown))), member)
        self._arranged = shown
        self.order = QueueOrder.ARRANGED
        return True

    def set_order(self, order: QueueOrder) -> None:
        if order is QueueOrder.ARRANGED and self.order is not QueueOrder.ARRANGED:
            self._arranged = list(self.members())  # arrange from what is shown now
        self.order = order

    def clear(self) -> None:
        self._arrival.clear()
        self._arranged.clear()

    def state(self) -> QueueState:
        return QueueState(tuple(self._arrival), tuple(self._arranged), self.order)

    def restore(self, state: QueueState) -> None:
        self._arrival = list(state.arrival)
        self._arranged = list(state.arranged)
        self.order = state.order
