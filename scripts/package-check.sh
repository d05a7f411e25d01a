#!/usr/bin/env bash
# Checks a standalone Companion folder the way a machine with no Python would
# run it: every command with an empty environment (env -i: no PATH, no
# PYTHONPATH, no HOME), so nothing outside the folder can help.
#
#   scripts/package-check.sh [dist/Companion] [WAV]
#
# Prints the folder's size and the start times (version, window shown) for
# docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(cd "${1:-dist/Companion}" && pwd)
exe=$app/companion
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAILED: $*" >&2; exit 1; }

wav=${2:-}
if [ -z "$wav" ]; then
  wav=$work/speech.wav
  espeak-ng -w "$wav" "Good morning everyone, thank you for joining the workshop." \
    || fail "espeak-ng is needed to make a test recording (or pass a WAV)"
fi

start=$(date +%s%N)
version=$(env -i "$exe" --version) || fail "--version"
version_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "version: $version (${version_ms} ms)"

env -i "$exe" plans list > "$work/plans.txt" || fail "plans list"
for plan in webinar-1-introduction webinar-5-shared-findings breakout-30 trio-debrief; do
  grep -q "$plan" "$work/plans.txt" || fail "plans list lacks $plan"
done
echo "plans list: $(grep -c . "$work/plans.txt") lines, every built-in plan"

start=$(date +%s%N)
text=$(env -i "$exe" transcribe --engine whisper "$wav") || fail "transcribe"
transcribe_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "transcribe (${transcribe_ms} ms): $text"
echo "$text" | grep -qi "morning" || fail "transcribe did not hear 'morning'"

# The window, offscreen: wait until it says it is shown, then close it.
env -i QT_QPA_PLATFORM=offscreen COMPANION_TIMING=1 "$exe" 2> "$work/window.err" &
window_pid=$!
for _ in $(seq 1 120); do
  grep -q "^window-shown" "$work/window.err" && break
  kill -0 "$window_pid" 2>/dev/null || break
  sleep 0.5
done
shown=$(grep "^window-shown" "$work/window.err" | cut -d' ' -f2 || true)
kill "$window_pid" 2>/dev/null || true
wait "$window_pid" 2>/dev/null || true
[ -n "$shown" ] || { cat "$work/window.err" >&2; fail "the window did not open"; }
echo "window shown after ${shown}s (offscreen)"

echo "size: $(du -sh "$app" | cut -f1) ($(du -sb "$app" | cut -f1) bytes)"
echo "All checks passed for $app"
