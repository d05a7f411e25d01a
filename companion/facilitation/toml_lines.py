"""Where each value sits in a TOML file: field paths mapped to line numbers.

``tomllib`` gives values but not where they came from, so after a file has
parsed, ``value_lines(text)`` scans the source once more and records the line
of every key, table header, array item and inline table. It handles tables,
arrays of tables (also nested ones), dotted keys, inline tables, arrays over
several lines, the four kinds of string and comments. ``line_of`` falls back
to the nearest enclosing field, so a missing field is reported at its table.
"""

from __future__ import annotations

import bisect
import contextlib
import sys

from companion.facilitation.problems import FieldPath

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def value_lines(text: str) -> dict[FieldPath, int]:
    """The 1-based line of each field path in ``text`` (a TOML document that parses)."""
    scanner = _Scanner(text)
    # On a surprise, keep what was found: a line for most fields beats none.
    with contextlib.suppress(IndexError, ValueError):
        scanner.document()
    return scanner.found


def line_of(lines: dict[FieldPath, int], path: FieldPath) -> int | None:
    """The line of ``path``, or of the nearest enclosing field that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.found: dict[FieldPath, int] = {}
        self._table: FieldPath = ()
        self._arrays: dict[FieldPath, int] = {}  # array-of-tables path -> items so far
        self._newlines = [i for i, char in enumerate(text) if char == "\n"]

    # Positions.

    def _line(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos) + 1

    def _record(self, path: FieldPath, pos: int) -> None:
        self.found.setdefault(path, self._line(pos))

    def _peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def _skip_blank(self, newlines: bool = True) -> None:
        """Skip spaces, comments and (if ``newlines``) line ends."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t" or (newlines and char in "\r\n"):
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def _expect(self, token: str) -> None:
        if not self.text.startswith(token, self.pos):
            raise ValueError(f"expected {token!r} at {self.pos}")
        self.pos += len(token)

    # Grammar.

    def document(self) -> None:
        while True:
            self._skip_blank()
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self._peek(2) == "[[":
                self.pos += 2
                self._header(start, array=True)
            elif self._peek() == "[":
                self.pos += 1
                self._header(start, array=False)
            else:
                self._key_value(self._table)
            if self.pos == start:
                raise ValueError("no progress")

    def _header(self, start: int, *, array: bool) -> None:
        self._skip_blank(newlines=False)
        keys = self._key()
        self._skip_blank(newlines=False)
        self._expect("]]" if array else "]")
        base = (*self._resolve(keys[:-1]), keys[-1])
        if array:
            self._record(base, start)
            count = self._arrays.get(base, 0)
            self._arrays[base] = count + 1
            path: FieldPath = (*base, count)
        else:
            path = base
        self._record(path, start)
        self._table = path

    def _resolve(self, keys: list[str]) -> FieldPath:
        """A header's parent keys as a path, entering the latest item of arrays of tables."""
        path: FieldPath = ()
        for key in keys:
            path = (*path, key)
            if path in self._arrays:
                path = (*path, self._arrays[path] - 1)
        return path

    def _key_value(self, table: FieldPath) -> None:
        start = self.pos
        keys = self._key()
        path: FieldPath = (*table, *keys)
        for depth in range(len(table) + 1, len(path) + 1):
            self._record(path[:depth], start)
        self._skip_blank(newlines=False)
        self._expect("=")
        self._skip_blank(newlines=False)
        self._value(path)

    def _key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            char = self._peek()
            if char in ('"', "'"):
                start = self.pos
                self._string()
                raw = self.text[start : self.pos]
                keys.append(str(tomllib.loads(f"k = {raw}")["k"]))
            else:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] in _BARE_KEY:
                    self.pos += 1
                if self.pos == start:
                    raise ValueError(f"no key at {start}")
                keys.append(self.text[start : self.pos])
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return keys
            self.pos += 1

    def _value(self, path: FieldPath) -> None:
        char = self._peek()
        if char in ('"', "'"):
            self._string()
        elif char == "[":
            self._array(path)
        elif char == "{":
            self._inline_table(path)
        else:
            text = self.text
            while self.pos < len(text) and text[self.pos] not in ",]}\n#":
                self.pos += 1

    def _array(self, path: FieldPath) -> None:
        self._expect("[")
        index = 0
        while True:
            self._skip_blank()
            if self._peek() == "]":
                self.pos += 1
                return
            self._record((*path, index), self.pos)
            self._value((*path, index))
            index += 1
            self._skip_blank()
            if self._peek() == ",":
                self.pos += 1
            elif self._peek() != "]":
                raise ValueError(f"bad array at {self.pos}")

    def _inline_table(self, path: FieldPath) -> None:
        self._expect("{")
        while True:
            self._skip_blank()
            if self._peek() == "}":
                self.pos += 1
                return
            self._key_value(path)
            self._skip_blank()
            if self._peek() == ",":
                self.pos += 1
            elif self._peek() != "}":
                raise ValueError(f"bad inline table at {self.pos}")

    def _string(self) -> None:
        text = self.text
        for fence in ('"""', "'''"):
            if text.startswith(fence, self.pos):
                self.pos += 3
                while True:
                    if fence == '"""' and text[self.pos] == "\\":
                        self.pos += 2
                    elif text.startswith(fence, self.pos):
                        run = 3
                        while (
                            run < 5
                            and self.pos + run < len(text)
                            and text[self.pos + run] == fence[0]
                        ):
                            run += 1
                        self.pos += run
                        return
                    else:
                        self.pos += 1
        quote = text[self.pos]
        self.pos += 1
        while text[self.pos] != quote:
            if quote == '"' and text[self.pos] == "\\":
                self.pos += 1
            self.pos += 1
        self.pos += 1
