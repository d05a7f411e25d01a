"""The raised-hands queue: first come, least talk so far (progressive stack), arranged."""

from __future__ import annotations

from companion.turns.queue import HandQueue, QueueOrder

TALK = {1: 300.0, 2: 0.0, 3: 120.0, 4: 0.0}


def make() -> HandQueue:
    queue = HandQueue(lambda member: TALK[member])
    for member in (1, 2, 3, 4):
        queue.raise_hand(member)
    return queue


def test_first_come_first_served() -> None:
    queue = make()
    assert queue.members() == (1, 2, 3, 4)
    assert not queue.raise_hand(3)  # already waiting: keeps their place
    assert queue.next() == 1
    assert queue.members() == (2, 3, 4)
    assert queue.place(4) == 3 and queue.place(1) is None


def test_least_talk_first_ties_by_arrival() -> None:
    queue = make()
    queue.set_order(QueueOrder.LEAST_TALK)
    assert queue.members() == (2, 4, 3, 1)
    assert queue.next() == 2
    queue.set_order(QueueOrder.FIRST_COME)
    assert queue.members() == (1, 3, 4)  # arrival order was kept all along


def test_facilitator_override_arranges_the_queue() -> None:
    queue = make()
    queue.set_order(QueueOrder.LEAST_TALK)
    assert queue.move(1, 0)  # the facilitator brings 1 forward
    assert queue.order is QueueOrder.ARRANGED
    assert queue.members() == (1, 2, 4, 3)
    queue.raise_hand(5)
    assert queue.members()[-1] == 5
    assert not queue.move(9, 0)
    queue.set_order(QueueOrder.FIRST_COME)
    assert queue.members() == (1, 2, 3, 4, 5)


def test_lower_clear_and_restore() -> None:
    queue = make()
    saved = queue.state()
    assert queue.lower_hand(2) and not queue.lower_hand(2)
    queue.clear()
    assert len(queue) == 0 and queue.next() is None
    queue.restore(saved)
    assert queue.members() == (1, 2, 3, 4)
    assert 3 in queue and 9 not in queue


def test_labels_name_each_order() -> None:
    assert QueueOrder.LEAST_TALK.label == "Least talk so far first"
    assert {o.label for o in QueueOrder} == {
        "First come, first served",
        "Least talk so far first",
        "As arranged",
    }
