"""Writing a plan as TOML: what the plan editor saves.

``plan_data`` turns a plan into the plain data a plan file holds and
``data_to_toml`` writes such data (also data still being edited, which may not
be valid yet) in the layout of the built-in plans. The output of
``plan_to_toml`` loads back to an equal plan.
"""

from __future__ import annotations

import json
from typing import Any

from companion.facilitation.model import Plan, PlanPrompt, PlanTheme, Segment


def plan_to_toml(plan: Plan) -> str:
    """The plan as a TOML document (its ``name`` is the file name, so it is not written)."""
    return data_to_toml(plan_data(plan))


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as the plain data of a plan file (optional fields only when set)."""
    data: dict[str, Any] = {"title": plan.title}
    if plan.description:
        data["description"] = plan.description
    if plan.series:
        data["series"] = plan.series
    if plan.order:
        data["order"] = plan.order
    if plan.break_every is not None:
        data["break_every"] = plan.break_every
    data["segments"] = [_segment_data(s) for s in plan.segments]
    if plan.themes:
        data["themes"] = [_theme_data(t) for t in plan.themes]
    return data


def _theme_data(theme: PlanTheme) -> dict[str, Any]:
    data: dict[str, Any] = {"name": theme.name}
    if theme.description:
        data["description"] = theme.description
    if theme.colour:
        data["colour"] = theme.colour
    return data


def _segment_data(segment: Segment) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": segment.title,
        "kind": segment.kind.value,
        "minutes": segment.minutes,
    }
    if segment.guide:
        data["guide"] = segment.guide
    if segment.questions:
        data["questions"] = list(segment.questions)
    if segment.prompts:
        data["prompts"] = [_prompt_data(p) for p in segment.prompts]
    return data


def _prompt_data(prompt: PlanPrompt) -> dict[str, Any]:
    if prompt.ref:
        return {"at": str(prompt.at), "prompt": prompt.ref}
    return {"at": str(prompt.at), "title": prompt.title, "text": prompt.text}


def data_to_toml(data: dict[str, Any]) -> str:
    """Plan data as TOML: top-level fields, then one ``[[segments]]`` table per segment,
    then one ``[[themes]]`` table per theme of the codebook."""
    tables = ("segments", "themes")
    lines = [f"{key} = {_value(value)}" for key, value in data.items() if key not in tables]
    for heading, item in [(t, item) for t in tables for item in data.get(t, [])]:
        lines.append("")
        lines.append(f"[[{heading}]]")
        if not isinstance(item, dict):  # a theme given by name only
            item = {"name": item}
        for key, value in item.items():
            if isinstance(value, list) and value:
                lines.append(f"{key} = [")
                lines.extend(f"    {_value(item)}," for item in value)
                lines.append("]")
            else:
                lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _string(str(value))


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, except DEL which TOML forbids raw)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
