#!/usr/bin/env bash
# Installs what the tests need and runs every check: ruff, mypy (strict on
# companion/ and ui/), the import contracts (lint-imports), the Qt-free core
# check and the whole pytest suite, including the end-to-end tests through a
# private PulseAudio null sink.
set -euo pipefail
cd "$(dirname "$0")/.."

COMPANION_EXTRAS="[test]" scripts/setup.sh
. scripts/apt-need.sh
apt_need pulseaudio pulseaudio-utils espeak-ng sox xvfb xauth

export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check companion ui tests bench
.venv/bin/ruff format --check companion ui tests bench
.venv/bin/mypy companion ui
.venv/bin/lint-imports  # the import contracts in pyproject.toml
.venv/bin/python -m pytest "$@"
