"""Shared test set-up: no display, and a private Companion home per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests check behaviour, not speed: on a shared 2-core machine one
# example can take 0.5 s while another job runs, which is no fault of the code.
# Speed is measured by the benchmarks in bench/.
settings.register_profile("companion", deadline=None)
settings.load_profile("companion")


@pytest.fixture(autouse=True)
def companion_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own settings, data and models folders."""
    home = tmp_path / "companion-home"
    monkeypatch.setenv("COMPANION_HOME", str(home))
    yield home
