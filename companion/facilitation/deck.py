"""The prompt deck: inclusive-facilitation prompts by moment, read from TOML.

A deck file has a ``title`` and ``[[prompts]]`` tables, each with an ``id``,
a ``moment`` (opening, during, closing, break), a ``title`` and a ``text``.
"""

from __future__ import annotations

import re
from pathlib import Path

from companion.facilitation.model import Deck, DeckPrompt, Moment
from companion.facilitation.problems import PlanError, Problem
from companion.facilitation.tomlsource import TomlSource, read_toml
from companion.resources import assets_dir

ASSETS = assets_dir()
DECK_PATH = ASSETS / "prompts" / "inclusive.toml"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PROMPT_FIELDS = frozenset({"id", "moment", "title", "text"})
_MOMENTS = ", ".join(m.value for m in Moment)


def load_deck(path: Path | None = None) -> Deck:
    """The deck at ``path`` (default: the built-in one); raises ``PlanError`` if broken."""
    path = path or DECK_PATH
    source = read_toml(path, path.name)
    return deck_from_source(source)


def deck_from_source(source: TomlSource) -> Deck:
    """Validate a parsed deck; raises ``PlanError`` listing every problem."""
    problems: list[Problem] = []
    data = source.data
    for key in sorted(set(data) - {"title", "prompts"}):
        problems.append(source.problem((key,), "is not a deck field; use title and [[prompts]]"))
    title = data.get("title", "Prompt deck")
    if not isinstance(title, str):
        problems.append(source.problem(("title",), "must be text in quotes"))
        title = "Prompt deck"
    raw = data.get("prompts")
    if not isinstance(raw, list) or not raw:
        problems.append(source.problem(("prompts",), "needs at least one [[prompts]] table"))
        raise PlanError(problems)
    prompts: list[DeckPrompt] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        prompt = _prompt(source, index, item, seen, problems)
        if prompt is not None:
            prompts.append(prompt)
    if problems:
        raise PlanError(problems)
    return Deck(title, tuple(prompts))


def _prompt(
    source: TomlSource, index: int, item: object, seen: set[str], problems: list[Problem]
) -> DeckPrompt | None:
    at = ("prompts", index)
    if not isinstance(item, dict):
        problems.append(source.problem(at, "must be a table with id, moment, title and text"))
        return None
    before = len(problems)
    for key in sorted(set(item) - _PROMPT_FIELDS):
        problems.append(
            source.problem((*at, key), "is not a prompt field; use id, moment, title, text")
        )
    values: dict[str, str] = {}
    for key in ("id", "moment", "title", "text"):
        value = item.get(key)
        if value is None:
            problems.append(source.problem((*at, key), f"is missing: every prompt needs a {key}"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(source.problem((*at, key), "must be some text in quotes"))
        else:
            values[key] = value.strip()
    prompt_id = values.get("id", "")
    if prompt_id and not ID_PATTERN.match(prompt_id):
        why = f'"{prompt_id}" is not a usable id; use lower-case words joined by hyphens'
        problems.append(source.problem((*at, "id"), why))
    elif prompt_id in seen:
        problems.append(source.problem((*at, "id"), f'"{prompt_id}" is used by an earlier prompt'))
    seen.add(prompt_id)
    moment = values.get("moment", "")
    if moment and moment not in {m.value for m in Moment}:
        why = f'"{moment}" is not a moment; use one of: {_MOMENTS}'
        problems.append(source.problem((*at, "moment"), why))
    if len(problems) > before:
        return None
    return DeckPrompt(prompt_id, Moment(moment), values["title"], values["text"])
