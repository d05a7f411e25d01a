"""The captions of a session, kept in memory and written only when the person saves.

Only final captions are kept. Each stream run starts its audio clock at zero,
so ``new_run`` shifts the next run's times to follow the previous one and the
saved file reads as one continuous session.

Formats: plain text with ``[hh:mm:ss]`` times, WebVTT and SRT. A caption's
speaker, when known (#14), is a WebVTT voice tag (``<v Aisha Rahman>``) on its
cue, and starts an SRT or text cue ("Aisha Rahman: ") when the speaker changes. Audio
that live captions skipped (#10, a ``CaptionGap``) is kept as a cue of its own over
the missing time, "[12 s not captioned: this computer fell behind]", so a reader of
the file knows words are missing there. Files are written private to the person
(mode 0600), atomically.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from companion.events import Caption, CaptionGap
from companion.paths import write_private

TranscriptFormat = Literal["txt", "vtt", "srt"]
FORMATS: tuple[TranscriptFormat, ...] = ("txt", "vtt", "srt")

CUE_LINE_WIDTH = 42  # characters per subtitle line, the usual broadcast limit
MIN_CUE_SECONDS = 0.5  # a cue shorter than this (or with end <= start) is stretched
RUN_GAP_SECONDS = 1.0  # put between one run's last caption and the next run's first
CUE_MAX_SECONDS = 6.0  # captions are joined into one cue for at most this long
CUE_MAX_CHARS = 2 * CUE_LINE_WIDTH  # ...or two subtitle lines
CUE_GAP_SECONDS = 1.0  # a longer pause between captions always starts a new cue
SENTENCE_ENDS = (".", "?", "!", "…")


@dataclass(frozen=True, slots=True)
class Entry:
    """One final caption placed on the session's timeline."""

    start: float  # seconds since the transcript began
    end: float
    text: str
    speaker: str | None = None  # who said it, when known
    raw: tuple[float, float] = (0.0, 0.0)  # the caption's own audio times (names it in its run)
    gap: bool = False  # not words said: audio that was never captioned (``text`` says so)


class Transcript:
    """Final captions in the order they came; nothing touches the disk until ``write``."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._offset = 0.0  # added to the current run's caption times
        self._run_pending = False
        self._run_begins = 0  # index of the current run's first entry

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def is_empty(self) -> bool:
        return not self._entries

    def new_run(self) -> None:
        """The next caption comes from a new stream whose audio clock starts again at 0."""
        self._run_pending = bool(self._entries)

    def append(self, caption: Caption) -> bool:
        """Keep ``caption`` if it is a non-empty final; True when it was kept."""
        text = " ".join(caption.text.split())
        if caption.kind != "final" or not text:
            return False
        start, end = self._placed(caption.start, caption.end)
        raw = (caption.start, caption.end)
        self._entries.append(Entry(start, end, text, caption.speaker, raw))
        return True

    def add_gap(self, gap: CaptionGap) -> None:
        """Keep the mark of audio that was never captioned, over the time it took."""
        start, end = self._placed(gap.start, gap.end)
        text = f"[{gap.missing} not captioned: this computer fell behind]"
        self._entries.append(Entry(start, end, text, None, (gap.start, gap.end), gap=True))

    def _placed(self, start: float, end: float) -> tuple[float, float]:
        """Audio times of the current run on the transcript's timeline."""
        if self._run_pending:
            self._run_begins = len(self._entries)
            self._offset = self._entries[-1].end + RUN_GAP_SECONDS - max(0.0, start)
            self._run_pending = False
        placed = max(0.0, start + self._offset)
        return placed, max(placed, end + self._offset)

    def relabel(self, start: float, end: float, speaker: str | None) -> bool:
        """The current run's final at audio ``start``..``end`` was ``speaker``'s; True if kept."""
        for index in range(len(self._entries) - 1, self._run_begins - 1, -1):
            entry = self._entries[index]
            if entry.raw == (start, end) and not entry.gap:
                self._entries[index] = replace(entry, speaker=speaker)
                return True
        return False

    def cues(self) -> list[Entry]:
        """The finals joined into readable cues: an engine that makes a few words
        final at a time would otherwise give a cue for every word or two. A cue
        ends with a sentence, at a pause, or at two lines or six seconds."""
        cues: list[Entry] = []
        for entry in self._entries:
            last = cues[-1] if cues else None
            if (
                last is not None
                and not (last.gap or entry.gap)  # a gap is a cue of its own
                and last.speaker == entry.speaker
                and not ends_sentence(last.text)
                and entry.start - last.end <= CUE_GAP_SECONDS
                and entry.end - last.start <= CUE_MAX_SECONDS
                and len(last.text) + 1 + len(entry.text) <= CUE_MAX_CHARS
            ):
                joined = f"{last.text} {entry.text}"
                cues[-1] = replace(last, end=max(last.end, entry.end), text=joined)
            else:
                cues.append(entry)
        return cues

    def clear(self) -> None:
        """Forget everything (times start again at zero)."""
        self._entries.clear()
        self._offset = 0.0
        self._run_pending = False
        self._run_begins = 0

    def render(self, format: TranscriptFormat) -> str:
        """The whole transcript as text in ``format``."""
        if format == "txt":
            return render_text(self.cues())
        if format == "vtt":
            return render_webvtt(self.cues())
        if format == "srt":
            return render_srt(self.cues())
        raise ValueError(f"'{format}' is not a transcript format; use txt, vtt or srt")

    def write(self, path: Path, format: TranscriptFormat) -> None:
        """Save to ``path`` (mode 0600), replacing it atomically."""
        write_private(Path(path), self.render(format))


def ends_sentence(text: str) -> bool:
    """Whether caption text ends a sentence ("…fine." or "…fine?" or '…fine."')."""
    return text.rstrip().rstrip("\"')”’").endswith(SENTENCE_ENDS)


def format_for_path(path: Path) -> TranscriptFormat | None:
    """The format a file name's extension asks for, if it names one."""
    suffix = Path(path).suffix.lower().lstrip(".")
    aliases: dict[str, TranscriptFormat] = {
        "txt": "txt",
        "text": "txt",
        "vtt": "vtt",
        "webvtt": "vtt",
        "srt": "srt",
    }
    return aliases.get(suffix)


def clock(seconds: float, separator: str = ".", millis: bool = True) -> str:
    """``hh:mm:ss.mmm`` (or ``,mmm`` for SRT, or plain ``hh:mm:ss``)."""
    total_ms = max(0, round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{text}{separator}{ms:03d}" if millis else text


def _cue_times(entries: list[Entry], index: int) -> tuple[float, float]:
    """A cue's times: stretched to be readable, but never into the next cue."""
    entry = entries[index]
    end = max(entry.end, entry.start + MIN_CUE_SECONDS)
    if index + 1 < len(entries) and entries[index + 1].start > entry.start:
        end = min(end, max(entry.end, entries[index + 1].start))
    if end <= entry.start:  # the next cue starts at the same moment
        end = entry.start + MIN_CUE_SECONDS
    return entry.start, end


def _cue_lines(text: str) -> str:
    return "\n".join(textwrap.wrap(text, CUE_LINE_WIDTH, break_long_words=False)) or text


def speaker_starts(entries: list[Entry]) -> list[str]:
    """Each cue's opening: "Aisha Rahman: " where the speaker changes to someone known."""
    openings: list[str] = []
    previous: str | None = None
    for entry in entries:
        changed = entry.speaker is not None and entry.speaker != previous
        openings.append(f"{entry.speaker}: " if changed else "")
        previous = entry.speaker
    return openings


def render_text(entries: list[Entry]) -> str:
    """One line per caption: ``[hh:mm:ss] text`` (with the speaker when it changes)."""
    starts = speaker_starts(entries)
    return "".join(
        f"[{clock(e.start, millis=False)}] {lead}{e.text}\n"
        for e, lead in zip(entries, starts, strict=True)
    )


def _vtt_escape(text: str) -> str:
    # Escaping ">" also keeps "-->" out of cue text, where it would end the cue.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_webvtt(entries: list[Entry]) -> str:
    """A WebVTT file: the header, then one cue per caption."""
    parts = ["WEBVTT\n"]
    for index, entry in enumerate(entries):
        start, end = _cue_times(entries, index)
        text = _cue_lines(_vtt_escape(entry.text))
        if entry.speaker:
            # A voice span names the speaker; its annotation cannot hold ">" or "&".
            text = f"<v {_vtt_escape(entry.speaker)}>{text}"
        parts.append(f"\n{clock(start)} --> {clock(end)}\n{text}\n")
    return "".join(parts)


def render_srt(entries: list[Entry]) -> str:
    """An SRT file: numbered cues, times with a comma before the milliseconds."""
    parts = []
    starts = speaker_starts(entries)
    for index, entry in enumerate(entries):
        start, end = _cue_times(entries, index)
        text = _cue_lines(starts[index] + entry.text)
        parts.append(f"{index + 1}\n{clock(start, ',')} --> {clock(end, ',')}\n{text}\n")
    return "\n".join(parts)
