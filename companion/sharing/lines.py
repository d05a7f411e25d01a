"""Cutting final caption text into readable caption lines.

Broadcast captioning keeps a caption to about two lines of 32–42 characters
and breaks lines at phrase boundaries. ``caption_chunks`` turns one final
into chunks of at most ``max_lines`` lines of at most ``width`` characters,
breaking after punctuation where it can and between words otherwise (a
single word longer than a line is cut). Zoom shows a chunk's lines as sent
(``\\n`` breaks a line); Teams shows each POST as a line it cannot update,
so each chunk must already be finished text. ``PhraseJoiner`` joins short
finals first, so a word or two is not a caption line of its own.
"""

from __future__ import annotations

import re

from companion.transcript import ends_sentence

LINE_WIDTH = 42
MAX_LINES = 2
_SENTENCE_BREAK = re.compile(r"[.!?…][\"')”’]*\s+")
_PHRASE_ENDS = (",", ";", ":", ".", "?", "!", "—", "–")


def caption_chunks(text: str, width: int = LINE_WIDTH, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` as chunks of at most ``max_lines`` lines (joined by ``\\n``) of ``width``."""
    lines = wrap_at_phrases(text, width)
    return ["\n".join(lines[i : i + max_lines]) for i in range(0, len(lines), max_lines)]


def wrap_at_phrases(text: str, width: int = LINE_WIDTH) -> list[str]:
    """Lines of at most ``width`` characters, preferring a break after a phrase's end."""
    words = [w for word in text.split() for w in _cut(word, width)]
    lines: list[str] = []
    while words:
        taken = _fits(words, width)
        # Prefer ending the line after punctuation, if that keeps it over half full.
        for end in range(taken, 0, -1):
            if words[end - 1].endswith(_PHRASE_ENDS) and len(" ".join(words[:end])) > width // 2:
                taken = end
                break
        lines.append(" ".join(words[:taken]))
        words = words[taken:]
    return lines


def _fits(words: list[str], width: int) -> int:
    """How many of the leading ``words`` fit on one line (at least one)."""
    length = len(words[0])
    count = 1
    while count < len(words) and length + 1 + len(words[count]) <= width:
        length += 1 + len(words[count])
        count += 1
    return count


def _cut(word: str, width: int) -> list[str]:
    return [word[i : i + width] for i in range(0, len(word), width)] or [word]


class PhraseJoiner:
    """Joins short finals into one caption so the call shows readable lines.

    A final can be a word or two; posted alone, each would be its own line on
    Teams (which cannot update a line). Text is held until it ends a
    sentence, fills the lines, no final has come for ``hold`` seconds (a
    pause), or it is ``longest`` seconds old, whichever is first; then whole
    sentences (or, in a long sentence, full lines) go and a trailing fragment
    ("… everyone. Let") waits once more for the rest of its sentence.
    ``hold`` 0 sends every final at once. Time is passed in.
    """

    def __init__(
        self, hold: float, longest: float | None = None, full: int = LINE_WIDTH * MAX_LINES
    ) -> None:
        self.hold = hold
        self.longest = longest if longest is not None else hold * 3
        self.full = full
        self.text = ""
        self.since = 0.0  # when the first final of the held text came (for the delay)
        self.deadline = 0.0  # when the held text must go
        self._waited = False  # the held text is a fragment that already waited once

    def add(self, text: str, now: float) -> list[tuple[str, float]]:
        """Add a final; returns the text now ready to go, with when it was first offered."""
        if not self.text:
            self.since, self._waited = now, False
        self.deadline = min(now + self.hold, self.since + self.longest)
        self.text = f"{self.text} {text.strip()}".strip()
        if self.hold <= 0 or ends_sentence(self.text) or len(self.text) >= self.full:
            return self.flush()
        return []

    def due(self, now: float) -> float | None:
        """Seconds until the held text must go (0 or less: now); None when nothing is held."""
        return self.deadline - now if self.text else None

    def flush_due(self, now: float) -> list[tuple[str, float]]:
        """The held text whose time is up: whole sentences, then (next time) the rest."""
        if self._waited:
            return self.flush()
        cut = _last_sentence_end(self.text)
        if cut is not None:
            head, rest = self.text[:cut], self.text[cut:]
        else:  # no sentence ends: full lines go, the unfinished last line waits
            lines = wrap_at_phrases(self.text)
            head, rest = " ".join(lines[:-1]), lines[-1]
        if not head.strip() or not rest.strip():
            return self.flush()
        self.text = rest.strip()
        self.deadline, self._waited = now + self.hold, True
        return [(head.rstrip(), self.since)]

    def flush(self) -> list[tuple[str, float]]:
        ready = [(self.text, self.since)] if self.text else []
        self.text = ""
        return ready


def _last_sentence_end(text: str) -> int | None:
    """Where the text after the last complete sentence begins (None if no sentence ends)."""
    ends = list(_SENTENCE_BREAK.finditer(text))
    return ends[-1].end() if ends else None
