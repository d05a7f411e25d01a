"""The words to listen for: the glossary's written forms and the people in the call.

Whisper hears a name far better when it is told to expect it. The group's
roster gives, for each member, the name they want to be called and, often, how
to say it ("say it like": "shi-VAWN"). Whisper is given the full names, the
first names; when it writes a name the way it is said (the said-like form),
the spelling is put back to the written name afterwards. The said-like forms
are not given to whisper: measured, their odd spellings ("Ahdayyehmee") leak
into captions of speech without the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from companion.errors import CompanionError
from companion.speech.glossary import Entry


@dataclass(frozen=True)
class Vocabulary:
    """Words for whisper to expect, and spelling fixes for names written as said."""

    terms: tuple[str, ...] = ()  # given to whisper before its prompt
    heard: tuple[Entry, ...] = ()  # e.g. "shivawn" => "Siobhan"

    @classmethod
    def from_names(cls, names: Iterable[tuple[str, str]]) -> Vocabulary:
        """From (name, how to say it) pairs, as the roster keeps them."""
        terms: list[str] = []
        heard: list[Entry] = []
        for name, said in names:
            name = " ".join(name.split())
            if not name:
                continue
            words = name.split()
            terms += [name, words[0]] if len(words) > 1 else [name]
            like = said_like(said)
            if not like:
                continue
            spoken = like.split()  # not told to whisper: odd spellings leak into captions
            if len(spoken) == len(words):
                heard.append(Entry(like.casefold(), name))
            if len(spoken) >= 1 and spoken[0].casefold() != words[0].casefold():
                heard.append(Entry(spoken[0].casefold(), words[0]))
        return cls(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(heard)))


def read_names(path: Path) -> Vocabulary:
    """A names file: one person a line, ``Name | how to say it`` (``#`` starts a comment)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CompanionError(
            f"The names file '{path}' cannot be read ({error}). Give a UTF-8 text file "
            "with one name a line, optionally followed by '| how to say it'."
        ) from None
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        name, _bar, said = line.partition("|")
        if name.strip():
            pairs.append((name.strip(), said.strip()))
    return Vocabulary.from_names(pairs)


def said_like(hint: str) -> str:
    """A pronunciation hint as words whisper could write: "shi-VAWN" -> "Shivawn"."""
    hint = re.sub(r"(?i)^\s*(say it like|sounds like|said like|like)\s*:?\s*", "", hint)
    hint = re.sub(r"\(.*?\)|\[.*?\]", " ", hint)
    words = [re.sub(r"[^\w']", "", w) for w in re.split(r"\s+", hint.replace("-", ""))]
    return " ".join(w.capitalize() for w in words if w)
