"""Count the Qt objects each GUI test leaves to Python's cycle collector (#10).

    QT_GARBAGE_OUT=garbage.json QT_QPA_PLATFORM=offscreen \\
        python -m pytest -m gui -p bench.qt_garbage tests/ui

A pytest plugin. Automatic collection is off for the run; after each test's
teardown it collects by hand, keeping what it found (``gc.DEBUG_SAVEALL``),
and writes per test: how many QObjects were found only in reference cycles,
of which types, and which of them the collector itself would delete (still
alive in C++ and owned by Python: in the app, deleted on whatever thread
collects). The UI conftest's own ``gc.collect()`` after each test hides all
of it: take that line out for a measurement. Written into docs/benchmarks.md
by hand.
"""

from __future__ import annotations

import gc
import json
import os
from collections import Counter
from collections.abc import Iterator

import pytest

found: dict[str, dict[str, object]] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    gc.collect()
    gc.disable()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    import shiboken6
    from PySide6.QtCore import QObject

    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    gc.set_debug(0)
    qobjects = [o for o in gc.garbage if isinstance(o, QObject)]
    doomed = [o for o in qobjects if shiboken6.isValid(o) and shiboken6.ownedByPython(o)]
    if qobjects:
        found[item.nodeid] = {
            "qobjects": len(qobjects),
            "types": dict(Counter(type(o).__name__ for o in qobjects)),
            "deleted_by_collector": dict(Counter(type(o).__name__ for o in doomed)),
        }
    del qobjects, doomed
    gc.garbage.clear()
    gc.collect()  # on this (the main) thread


def pytest_sessionfinish(session: pytest.Session) -> None:
    with open(os.environ.get("QT_GARBAGE_OUT", "qt-garbage.json"), "w") as out:
        json.dump(found, out, indent=1)
