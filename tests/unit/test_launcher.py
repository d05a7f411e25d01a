"""``companion`` with no desktop says so in a sentence instead of Qt aborting."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X and Wayland are Linux")
def test_no_desktop_is_a_clear_sentence_and_a_non_zero_exit() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    assert "needs a desktop" in result.stderr and "Traceback" not in result.stderr


def test_commands_still_work_without_a_desktop() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("companion ")
