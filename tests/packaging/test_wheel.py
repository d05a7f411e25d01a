"""The built wheel works anywhere: installed into a fresh virtual environment
outside the checkout, ``companion`` lists every built-in plan and transcribes.

Slow (it builds the wheel and installs every dependency): about a minute with
a warm pip cache, several on a fresh machine. ``COMPANION_WHEELHOUSE=DIR``
installs the dependencies from a folder of wheels (``pip download -d DIR -c
constraints.txt .``) with no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.speech_audio import make_speech_wav

ROOT = Path(__file__).resolve().parents[2]
BUILT_IN_PLANS = (
    "webinar-1-introduction",
    "webinar-5-shared-findings",
    "breakout-30",
    "one-two-four-all",
    "trio-debrief",
)
# What a wheel is built from; everything else in the checkout must not matter.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "companion", "ui")

pytestmark = pytest.mark.slow


def _run(
    command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A virtual environment outside the checkout with only the built wheel in it."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["COMPANION_HOME"] = str(work / "home")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", work / "dist", source], work, env
    )
    wheel = next((work / "dist").glob("companion-*.whl"))

    venv = work / "venv"
    _run([sys.executable, "-m", "venv", venv], work, env)
    python = venv / "bin" / "python"
    install: list[str | Path] = [python, "-m", "pip", "install", "-c", ROOT / "constraints.txt"]
    wheelhouse = os.environ.get("COMPANION_WHEELHOUSE")
    if wheelhouse:
        install += ["--no-index", "--find-links", wheelhouse]
    _run([*install, wheel], work, env)
    return venv, env


def test_the_wheel_carries_its_assets(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    where = _run(
        [
            venv / "bin" / "python",
            "-c",
            "from companion.resources import assets_dir as a; print(a())",
        ],
        venv.parent,
        env,
    ).stdout.strip()
    assets = Path(where)
    assert assets.is_relative_to(venv)
    assert (assets / "prompts" / "inclusive.toml").is_file()
    assert (assets / "user-guide.md").is_file()
    assert len(list((assets / "fonts" / "atkinson-hyperlegible").glob("*.ttf"))) == 4


def test_plans_list_shows_every_built_in_plan(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    listing = _run([venv / "bin" / "companion", "plans", "list"], venv.parent, env).stdout
    for plan in BUILT_IN_PLANS:
        assert plan in listing


def test_transcribe_works_from_the_installed_wheel(
    installed: tuple[Path, dict[str, str]],
) -> None:
    venv, env = installed
    wav = make_speech_wav("Good morning everyone, thank you for joining the workshop.")
    text = _run([venv / "bin" / "companion", "transcribe", wav], venv.parent, env).stdout
    assert "morning" in text.lower()
