"""What is wrong with a plan or deck file, and where: file, line, field and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from companion.errors import CompanionError

FieldPath = tuple[str | int, ...]  # e.g. ("segments", 2, "prompts", 0, "at"), 0-based

_SINGULAR = {"segments": "segment", "prompts": "prompt", "questions": "question"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, said so that a person can fix it."""

    file: str  # as shown to the person: a name or a path
    line: int | None  # 1-based; None when the file has no lines (empty, unreadable)
    where: str  # the field in words: 'segment 3 "Discussion", field "minutes"'
    why: str  # a sentence (without its full stop) saying what is wrong and what to do
    path: FieldPath = ()  # the field as a path, for tests and tools

    def __str__(self) -> str:
        place = f"{self.file}, line {self.line}" if self.line is not None else self.file
        where = f" {self.where}:" if self.where else ""
        end = "" if self.why.endswith(("?", ".", "!")) else "."
        return f"{place}:{where} {self.why}{end}"


class PlanError(CompanionError):
    """A plan or deck file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def describe_path(path: FieldPath, data: object) -> str:
    """A field path in words, naming tables by their title or id where they have one."""
    words: list[str] = []
    node: object = data
    index = 0
    while index < len(path):
        key = path[index]
        following = path[index + 1] if index + 1 < len(path) else None
        if isinstance(key, str) and isinstance(following, int):
            node = _child(_child(node, key), following)
            label = f"{_SINGULAR.get(key, key)} {following + 1}"
            named = _name_of(node)
            words.append(f'{label} "{named}"' if named else label)
            index += 2
            continue
        if isinstance(key, str):
            words.append(f'field "{key}"')
        node = _child(node, key)
        index += 1
    return ", ".join(words)


def _child(node: object, key: str | int) -> object:
    if isinstance(key, str) and isinstance(node, dict):
        return node.get(key)
    if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
        return node[key]
    return None


def _name_of(node: object) -> str:
    if isinstance(node, dict):
        for key in ("title", "id", "prompt"):
            value = node.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:40]
    return ""
