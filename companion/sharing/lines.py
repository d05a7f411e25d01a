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

from companion.transcript import ends_sentence

LINE_WIDTH = 42
MAX_LINES = 2
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
    sentence, fills the lines, or has waited ``hold`` seconds, whichever is
    first; ``hold`` 0 sends every final at once. Time is passed in.
    """

    def __init__(self, hold: float, full: int = LINE_WIDTH * MAX_LINES) -> None:
        self.hold = hold
        self.full = full
        self.text = ""
        self.since = 0.0  # when the first final of the held text came

    def add(self, text: str, now: float) -> list[tuple[str, float]]:
        """Add a final; returns the text now ready to go, with when it was first offered."""
        if not self.text:
            self.since = now
        self.text = f"{self.text} {text.strip()}".strip()
        if self.hold <= 0 or ends_sentence(self.text) or len(self.text) >= self.full:
            return self.flush()
        return []

    def due(self, now: float) -> float | None:
        """Seconds until the held text must go (0 or less: now); None when nothing is held."""
        return self.since + self.hold - now if self.text else None

    def flush(self) -> list[tuple[str, float]]:
        ready = [(self.text, self.since)] if self.text else []
        self.text = ""
        return ready
