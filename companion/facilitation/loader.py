"""Reading and checking a plan file (TOML) against the prompt deck.

A plan has a ``title``, an optional ``description``, ``series`` and ``order``,
an optional ``break_every`` (minutes) and ``[[segments]]``; each segment has a
``title``, a ``kind``, ``minutes``, optional ``questions`` and ``guide``, and
``prompts``: tables with ``at`` (when) and either ``prompt`` (a deck id) or
``text`` (the plan's own words, with an optional ``title``). An optional
``themes`` list carries the programme's codebook: each a name in quotes, or
a table with ``name`` and optional ``description`` and ``colour``.

Every problem is collected, not just the first, each naming the file, line
and field. See ``docs/facilitation.md`` for the format with examples.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

from companion.facilitation.model import Deck, Plan, PlanPrompt, PlanTheme, Segment, SegmentKind
from companion.facilitation.offsets import Offset
from companion.facilitation.problems import FieldPath, PlanError, Problem
from companion.facilitation.tomlsource import TomlSource, parse_toml, read_toml

MAX_MINUTES = 600.0  # one segment; ten hours is surely a typing slip
PLAN_FIELDS = ("title", "description", "series", "order", "break_every", "segments", "themes")
THEME_FIELDS = ("name", "description", "colour")
MAX_THEMES = 300  # a codebook; thousands is a file that is not one
MAX_THEME_NAME = 100  # characters
MAX_THEME_DESCRIPTION = 2_000  # characters
SEGMENT_FIELDS = ("title", "kind", "minutes", "questions", "guide", "prompts")
PROMPT_FIELDS = ("at", "prompt", "text", "title")
KINDS = ", ".join(k.value for k in SegmentKind)


def load_plan(path: Path, deck: Deck, *, name: str | None = None, file: str | None = None) -> Plan:
    """The plan in the file at ``path``; raises ``PlanError`` listing every problem."""
    source = read_toml(path, file or str(path))
    return plan_from_source(source, deck, name or path.stem)


def parse_plan(text: str, deck: Deck, *, name: str, file: str = "plan") -> Plan:
    """The plan in ``text``; raises ``PlanError`` listing every problem."""
    return plan_from_source(parse_toml(text, file), deck, name)


def plan_from_source(source: TomlSource, deck: Deck, name: str) -> Plan:
    checker = _Checker(source, deck)
    plan = checker.plan(name)
    if checker.problems or plan is None:
        raise PlanError(sorted(checker.problems, key=lambda p: p.line or 0))
    return plan


class _Checker:
    def __init__(self, source: TomlSource, deck: Deck) -> None:
        self.source = source
        self.deck = deck
        self.problems: list[Problem] = []
        self.misspelt: set[FieldPath] = set()  # fields already reported as a misspelling

    def add(self, path: FieldPath, why: str) -> None:
        self.problems.append(self.source.problem(path, why))

    def missing(self, path: FieldPath, why: str) -> None:
        """Report a missing field, unless a misspelling of it was reported already."""
        if path not in self.misspelt:
            self.add(path, why)

    def unknown_fields(self, table: dict[str, Any], known: tuple[str, ...], at: FieldPath) -> None:
        for key in table:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f'did you mean "{close[0]}"?' if close else "use " + ", ".join(known)
            if close:
                self.misspelt.add((*at, close[0]))
            self.add((*at, key), f"is not a field Companion knows; {hint}")

    def text(self, table: dict[str, Any], key: str, at: FieldPath, *, required: bool) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.missing((*at, key), f'is missing; add {key} = "…"')
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add((*at, key), "must be some text in quotes")
            return ""
        return value.strip()

    def minutes(self, value: object, at: FieldPath, what: str) -> float | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            self.add(at, f"must be a number of minutes, like 10 or 2.5 ({what})")
            return None
        if value <= 0:
            self.add(at, f"must be more than 0 minutes, not {value:g}")
            return None
        if value > MAX_MINUTES:
            self.add(at, f"must be at most {MAX_MINUTES:g} minutes, not {value:g}")
            return None
        return float(value)

    # The plan.

    def plan(self, name: str) -> Plan | None:
        data = self.source.data
        if not data:
            why = 'the file is empty; a plan needs title = "…" and at least one [[segments]] table'
            self.add((), why)
            return None
        self.unknown_fields(data, PLAN_FIELDS, ())
        title = self.text(data, "title", (), required=True)
        description = self.text(data, "description", (), required=False)
        series = self.text(data, "series", (), required=False)
        order = data.get("order", 0)
        if isinstance(order, bool) or not isinstance(order, int) or abs(order) > 1_000_000:
            self.add(("order",), "must be a whole number, like 2")
            order = 0
        break_every = None
        if "break_every" in data:
            break_every = self.minutes(data["break_every"], ("break_every",), "time between breaks")
        raw = data.get("segments")
        if not isinstance(raw, list) or not raw or not all(isinstance(s, dict) for s in raw):
            why = "needs at least one segment: add [[segments]] tables with title, kind, minutes"
            self.add(("segments",), why)
            return None
        segments = [self.segment(index, table) for index, table in enumerate(raw)]
        themes = self.themes(data.get("themes", []))
        if self.problems:
            return None
        return Plan(
            name=name,
            title=title,
            segments=tuple(s for s in segments if s is not None),
            description=description,
            series=series,
            order=order,
            break_every=break_every,
            themes=themes,
        )

    def segment(self, index: int, table: dict[str, Any]) -> Segment | None:
        at: FieldPath = ("segments", index)
        before = len(self.problems)
        self.unknown_fields(table, SEGMENT_FIELDS, at)
        title = self.text(table, "title", at, required=True)
        guide = self.text(table, "guide", at, required=False)
        kind = self.kind(table.get("kind"), (*at, "kind"))
        minutes = None
        if "minutes" not in table:
            self.missing((*at, "minutes"), "is missing; add minutes = 10 (how long it lasts)")
        else:
            minutes = self.minutes(table["minutes"], (*at, "minutes"), "how long it lasts")
        questions = self.questions(table.get("questions", []), (*at, "questions"))
        raw = table.get("prompts", [])
        prompts: list[PlanPrompt | None] = []
        if not isinstance(raw, list):
            self.add(
                (*at, "prompts"), 'must be a list of tables like { at = "start", prompt = "names" }'
            )
        else:
            prompts = [self.prompt(at, i, item, minutes) for i, item in enumerate(raw)]
        if len(self.problems) > before or kind is None or minutes is None:
            return None
        return Segment(
            title=title,
            kind=kind,
            minutes=minutes,
            questions=questions,
            guide=guide,
            prompts=tuple(p for p in prompts if p is not None),
        )

    def themes(self, value: object) -> tuple[PlanTheme, ...]:
        """The programme's codebook: names in quotes, or tables with a name."""
        at: FieldPath = ("themes",)
        if not isinstance(value, list):
            self.add(at, 'must be a list of theme names, like ["Voice and inclusion", "Trust"]')
            return ()
        if len(value) > MAX_THEMES:
            self.add(at, f"has {len(value)} themes; a plan carries at most {MAX_THEMES}")
            return ()
        found: list[PlanTheme] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            theme = self.theme(item, (*at, index))
            if theme is None:
                continue
            key = theme.name.casefold()
            if key in seen:
                self.add((*at, index), f'"{theme.name}" is already theme {seen[key] + 1}')
                continue
            seen[key] = index
            found.append(theme)
        return tuple(found)

    def theme(self, item: object, at: FieldPath) -> PlanTheme | None:
        table = {"name": item} if isinstance(item, str) else item
        if not isinstance(table, dict):
            self.add(at, 'must be a theme name in quotes, or { name = "…", description = "…" }')
            return None
        before = len(self.problems)
        self.unknown_fields(table, THEME_FIELDS, at)
        name = " ".join(self.text(table, "name", at, required=True).split())
        description = self.text(table, "description", at, required=False)
        colour = self.text(table, "colour", at, required=False)
        if len(name) > MAX_THEME_NAME:
            self.add((*at, "name"), f"is {len(name)} characters; use at most {MAX_THEME_NAME}")
        if any(ord(c) < 32 or ord(c) == 127 for c in name):
            self.add((*at, "name"), "must be plain text, without control characters")
        if len(description) > MAX_THEME_DESCRIPTION:
            why = f"is {len(description)} characters; use at most {MAX_THEME_DESCRIPTION}"
            self.add((*at, "description"), why)
        if colour and not _is_colour(colour):
            self.add((*at, "colour"), f'"{colour}" is not a colour; use one like "#1f77b4"')
        if len(self.problems) > before or not name:
            return None
        return PlanTheme(name, description, colour)

    def kind(self, value: object, at: FieldPath) -> SegmentKind | None:
        if value is None:
            self.missing(at, f'is missing; add kind = "discussion" (or one of: {KINDS})')
            return None
        if isinstance(value, str) and value.strip().lower() in {k.value for k in SegmentKind}:
            return SegmentKind(value.strip().lower())
        self.add(at, f'"{value}" is not a kind of segment; use one of: {KINDS}')
        return None

    def questions(self, value: object, at: FieldPath) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(at, 'must be a list of questions in quotes, like ["What …?", "Why …?"]')
            return ()
        found: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add((*at, index), "must be a question in quotes")
            else:
                found.append(item.strip())
        return tuple(found)

    def prompt(
        self, segment_at: FieldPath, index: int, item: object, minutes: float | None
    ) -> PlanPrompt | None:
        at: FieldPath = (*segment_at, "prompts", index)
        if not isinstance(item, dict):
            self.add(at, 'must be a table like { at = "start", prompt = "names" }')
            return None
        before = len(self.problems)
        self.unknown_fields(item, PROMPT_FIELDS, at)
        offset = self.offset(item.get("at"), (*at, "at"), minutes)
        before_words = len(self.problems)
        ref = self.text(item, "prompt", at, required=False)
        own_text = self.text(item, "text", at, required=False)
        own_title = self.text(item, "title", at, required=False)
        if ref and own_text:
            self.add(at, 'give either prompt = "a deck id" or text = "your own words", not both')
        elif not ref and not own_text and len(self.problems) == before_words:
            why = 'needs prompt = "a deck id" (from the prompt deck) or text = "your own words"'
            self.add(at, why)
        if ref:
            deck_prompt = self.deck.get(ref)
            if deck_prompt is None:
                close = difflib.get_close_matches(ref, self.deck.ids(), n=1)
                hint = f'did you mean "{close[0]}"?' if close else "see the ids in the prompt deck"
                self.add((*at, "prompt"), f'there is no prompt "{ref}" in the prompt deck; {hint}')
            elif offset is not None and len(self.problems) == before:
                title = own_title or deck_prompt.title
                return PlanPrompt(offset, title, deck_prompt.text, ref, deck_prompt.moment)
        if offset is None or len(self.problems) > before or not own_text:
            return None
        return PlanPrompt(offset, own_title or _title_from(own_text), own_text)

    def offset(self, value: object, at: FieldPath, minutes: float | None) -> Offset | None:
        if value is None:
            self.missing(at, 'is missing; say when the prompt is due, e.g. at = "start" or "end-2"')
            return None
        try:
            offset = Offset.parse(value)
        except ValueError as error:
            self.add(at, str(error))
            return None
        if minutes is None:
            return offset
        seconds = offset.seconds_into(minutes * 60)
        if seconds > minutes * 60 + 1e-6:
            why = f'"{offset}" is after the end of this {minutes:g}-minute segment'
            self.add(at, f"{why}; use a time between start and end")
            return None
        if seconds < -1e-6:
            why = f'"{offset}" is before the start of this {minutes:g}-minute segment'
            self.add(at, f"{why}; use a time between start and end")
            return None
        return offset


def _is_colour(value: str) -> bool:
    digits = value[1:]
    return (
        value.startswith("#")
        and len(digits) in (3, 6)
        and all(c in "0123456789abcdefABCDEF" for c in digits)
    )


def _title_from(text: str) -> str:
    """A short title for a prompt written without one: its first sentence, shortened."""
    first = text.split(". ")[0].strip().rstrip(".")
    return first if len(first) <= 60 else first[:57].rstrip() + "…"
