"""The glossary: fixes the spelling and case of names and acronyms in final text.

It is a plain text file the person can edit (``glossary.txt`` in the config
folder), one entry per line:

    NHS                     # any case of "nhs" becomes "NHS"
    n h s => NHS            # a heard form on the left, the right form on the right
    # comments and blank lines are ignored

Entries match whole words, ignoring case. Longer heard forms win over shorter
ones, so "Microsoft Teams" is tried before "Teams".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from companion.paths import config_dir, write_private

SEED = """\
# Companion glossary: one entry per line. "heard => Written" fixes what the
# speech engine hears; a single word or phrase fixes its spelling and case.
NHS
n h s => NHS
EDI
e d i => EDI
BAME
b a m e => BAME
bame => BAME
CQC
c q c => CQC
Zoom
# "teams" is also an ordinary word, so only phrases that name the app are fixed.
Microsoft Teams
on teams => on Teams
a teams call => a Teams call
the teams call => the Teams call
teams meeting => Teams meeting
teams chat => Teams chat
"""


@dataclass(frozen=True)
class Entry:
    heard: str
    written: str


class Glossary:
    """An ordered set of corrections applied to final captions."""

    def __init__(self, entries: list[Entry]) -> None:
        # Longest heard form first, so phrases win over the words inside them.
        self.entries = sorted(entries, key=lambda e: len(e.heard), reverse=True)
        if self.entries:
            alternatives = "|".join(re.escape(e.heard) for e in self.entries)
            self._pattern: re.Pattern[str] | None = re.compile(
                rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE
            )
        else:
            self._pattern = None
        self._lookup = {e.heard.casefold(): e.written for e in self.entries}

    @classmethod
    def parse(cls, text: str) -> Glossary:
        entries: list[Entry] = []
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if "=>" in line:
                heard, written = (part.strip() for part in line.split("=>", 1))
            else:
                heard = written = line
            if heard and written:
                entries.append(Entry(" ".join(heard.split()), written))
        return cls(entries)

    @classmethod
    def load(cls, path: Path | None = None) -> Glossary:
        """The person's glossary, created from the seed the first time."""
        path = path or glossary_path()
        if not path.exists():
            write_private(path, SEED)
        try:
            return cls.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return cls.parse(SEED)

    def terms(self) -> list[str]:
        """The written forms, each once, in the file's order of length (longest first)."""
        return list(dict.fromkeys(entry.written for entry in self.entries))

    def apply(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        heard = " ".join(match.group(0).split()).casefold()
        return self._lookup.get(heard, match.group(0))


def glossary_path() -> Path:
    return config_dir() / "glossary.txt"


def sentence_case(text: str) -> str:
    """Capitalise the first letter and a lone "i", and end with a full stop (for vosk)."""
    text = " ".join(text.split())
    if not text:
        return text
    text = re.sub(r"(?<![\w'])i(?=$|[\s'])", "I", text)
    text = text[0].upper() + text[1:]
    if text[-1] not in ".?!":
        text += "."
    return text
