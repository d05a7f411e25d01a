#!/usr/bin/env bash
# Measure live captions and write today's figures into docs/benchmarks.md.
#
#   bench/run_captions.sh [extra options for `companion bench captions`]
#
# Builds the labelled set in bench/corpus/ first if it is missing (espeak-ng
# passages, plus freely licensed recordings fetched with pip). Every engine
# captions the files paced in real time, so a run takes about the length of the
# audio per engine plus a minute: about 5 minutes with whisper alone on 2 cores.
# Uses .venv/bin/python when it exists, else $PYTHON, else python3.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${PYTHON:-}" ]]; then
  python="$PYTHON"
elif [[ -x .venv/bin/python ]]; then
  python=.venv/bin/python
else
  python=python3
fi

if [[ ! -f bench/corpus/manifest.json ]]; then
  "$python" bench/build_corpus.py --out bench/corpus
fi
exec "$python" -m companion.cli bench captions bench/corpus --output docs/benchmarks.md "$@"
