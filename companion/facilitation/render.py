"""A plan for people (text) and for programs (JSON-ready dicts): ``companion plans show``."""

from __future__ import annotations

import textwrap
from typing import Any

from companion.facilitation.model import Plan
from companion.timefmt import hours_minutes, minutes_text

WIDTH = 78


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """Everything in the plan, with each segment's start and each prompt's due minute."""
    segments: list[dict[str, Any]] = []
    for segment, start in zip(plan.segments, plan.starts(), strict=True):
        prompts = [
            {
                "at": str(p.at),
                "due_minute": round(start + p.at.seconds_into(segment.seconds) / 60, 3),
                "prompt": p.ref or None,
                "moment": p.moment.value if p.moment else None,
                "title": p.title,
                "text": p.text,
            }
            for p in segment.prompts
        ]
        segments.append(
            {
                "title": segment.title,
                "kind": segment.kind.value,
                "minutes": segment.minutes,
                "start_minute": start,
                "questions": list(segment.questions),
                "guide": segment.guide,
                "prompts": prompts,
            }
        )
    return {
        "name": plan.name,
        "title": plan.title,
        "description": plan.description,
        "series": plan.series,
        "order": plan.order,
        "break_every": plan.break_every,
        "total_minutes": plan.total_minutes,
        "segments": segments,
        "themes": [
            {"name": t.name, "description": t.description, "colour": t.colour} for t in plan.themes
        ],
    }


def plan_as_text(plan: Plan) -> str:
    """The plan as an agenda a facilitator can read or print."""
    out: list[str] = [plan.title, "=" * min(len(plan.title), WIDTH)]
    facts = [f"{minutes_text(plan.total_minutes)}, {len(plan.segments)} segments"]
    if plan.series:
        facts.append(f"{plan.series}, session {plan.order}" if plan.order else plan.series)
    if plan.break_every:
        facts.append(f"offers a break after {minutes_text(plan.break_every)} without one")
    out.append("; ".join(facts) + ".")
    if plan.description:
        out += ["", *textwrap.wrap(plan.description, WIDTH)]
    for segment, start in zip(plan.segments, plan.starts(), strict=True):
        out += [
            "",
            f"{hours_minutes(start):>5}  {segment.title} ({segment.kind.value}, "
            f"{minutes_text(segment.minutes)})",
        ]
        indent = " " * 7
        if segment.guide:
            out += textwrap.wrap(
                segment.guide, WIDTH, initial_indent=indent, subsequent_indent=indent
            )
        if segment.questions:
            out.append(f"{indent}Core questions:")
            for number, question in enumerate(segment.questions, 1):
                out += textwrap.wrap(
                    question,
                    WIDTH,
                    initial_indent=f"{indent}  {number}. ",
                    subsequent_indent=indent + "     ",
                )
        for prompt in segment.prompts:
            due = start + prompt.at.seconds_into(segment.seconds) / 60
            source = f" [{prompt.ref}]" if prompt.ref else ""
            out.append(
                f"{indent}{hours_minutes(due):>5} {prompt.title}{source} ({prompt.at.describe()})"
            )
    if plan.themes:
        out += ["", "Programme themes (the codebook groups tag their notes with):"]
        out += [
            f"  - {t.name}" + (f": {t.description}" if t.description else "") for t in plan.themes
        ]
    return "\n".join(out) + "\n"
