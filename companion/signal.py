"""A tiny Qt-free observer: the core emits, subscribers are called in order.

``connect_weakly`` subscribes a bound method without keeping its object alive
(``weakly`` makes such a callback for any other hook). The app's Qt objects
subscribe that way: a core object that held one would tie the two in a
reference cycle, and a cycle is freed by Python's cycle collector on whichever
thread allocates next, often a speech worker, where freeing a Qt object
crashes the app later. Held weakly, the Qt object is freed by reference
counting, on its own thread, when its owner lets it go.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


class Signal(Generic[T]):
    """Calls each subscriber with every emitted value, on the emitting thread."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[T], None]] = []
        self._lock = threading.Lock()

    def connect(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Subscribe; returns a function that unsubscribes."""
        with self._lock:
            self._subscribers.append(callback)

        def disconnect() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return disconnect

    def connect_weakly(self, method: Callable[[T], None]) -> Callable[[], None]:
        """Subscribe the bound ``method`` without keeping its object alive; once the
        object is gone, emits skip it. Returns a function that unsubscribes."""
        return self.connect(weakly(method))

    def emit(self, value: T) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            callback(value)


def weakly(method: Callable[P, Any]) -> Callable[P, None]:
    """A callback that calls the bound ``method`` while its object lives, and does
    nothing after: handing it to a core object keeps the method's object out of it."""
    ref: weakref.WeakMethod[Callable[P, Any]] = weakref.WeakMethod(method)

    def call(*args: P.args, **kwargs: P.kwargs) -> None:
        bound = ref()
        if bound is not None:
            bound(*args, **kwargs)

    return call
