"""Cutting final caption text into readable caption lines.

Broadcast captioning keeps a caption to about two lines of 32–42 characters
and breaks lines at phrase boundaries. ``caption_chunks`` turns one final
into chunks of at most ``max_lines`` lines of at most ``width`` characters,
breaking after punctuation where it can and between words otherwise (a
single word longer than a line is cut). Zoom shows a chunk's lines as sent
(``\\n`` breaks a line); Teams shows each POST as a line it cannot update,
so each chunk must already be finished text.
"""

from __future__ import annotations

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
