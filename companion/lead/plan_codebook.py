"""The programme's codebook put inside a plan, for the lead to send to facilitators.

The plan keeps its segments and prompts; its ``themes`` become the
programme's themes (name, description, colour) and its ``series`` the
programme's name, so a facilitator who imports the plan and runs it gets
exactly these themes in Notes, in the same programme as the lead's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from companion.facilitation.model import Plan, PlanTheme
from companion.facilitation.writer import plan_to_toml
from companion.notes.model import NotesError, Theme
from companion.paths import write_private


def plan_with_codebook(plan: Plan, programme: str, themes: Sequence[Theme]) -> Plan:
    """``plan`` carrying ``themes`` as the codebook of the programme called ``programme``."""
    return replace(
        plan,
        series=programme,
        themes=tuple(PlanTheme(t.name, t.description, t.colour) for t in themes),
    )


def write_plan(path: Path, plan: Plan) -> Path:
    """Write the plan file (readable by ``companion plans check``); says why it could not."""
    path = Path(path)
    if path.suffix.lower() != ".toml":
        path = path.with_suffix(".toml")
    try:
        write_private(path, plan_to_toml(plan))
    except OSError as error:
        raise NotesError(
            f"Could not write {path.name} ({error.strerror or error}); choose another folder."
        ) from error
    return path
