"""The core's observer holds a weak subscriber without keeping it alive (#10)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from companion.signal import Signal, weakly


class Listener:
    def __init__(self) -> None:
        self.heard: list[int] = []

    def on_value(self, value: int) -> None:
        self.heard.append(value)


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def test_a_weak_subscriber_hears_while_it_lives_and_is_not_kept_alive(
    no_cycle_collector: None,
) -> None:
    signal: Signal[int] = Signal()
    listener = Listener()
    signal.connect_weakly(listener.on_value)
    signal.emit(1)
    assert listener.heard == [1]
    gone = weakref.ref(listener)
    del listener
    assert gone() is None  # freed at once: the signal held no strong reference
    signal.emit(2)  # nobody to call now: no error


def test_a_weak_subscriber_can_unsubscribe() -> None:
    signal: Signal[int] = Signal()
    listener = Listener()
    disconnect = signal.connect_weakly(listener.on_value)
    disconnect()
    signal.emit(3)
    assert listener.heard == []


def test_weakly_passes_every_argument_and_holds_nothing(no_cycle_collector: None) -> None:
    seen: list[tuple[object, ...]] = []

    class Owner:
        def hook(self, *args: object, **kwargs: object) -> None:
            seen.append((*args, *kwargs.values()))

    owner = Owner()
    hook = weakly(owner.hook)
    hook(1, "a", key="b")
    assert seen == [(1, "a", "b")]
    gone = weakref.ref(owner)
    del owner
    assert gone() is None
    hook(2)
    assert seen == [(1, "a", "b")]
