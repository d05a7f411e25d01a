"""Importing a plan file someone sent: checked, kept among the user's plans, chosen.

A plan from the lead may carry the programme's codebook (``themes``): they
go into Notes' theme picker at once, so the group tags with the lead's names.
A file that is not a usable plan is refused in a sentence naming what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from companion.errors import CompanionError
from companion.facilitation.library import import_plan_file
from companion.facilitation.model import Plan

if TYPE_CHECKING:
    from ui.facilitation.area import FacilitateArea

PLAN_FILTER = "Plans (*.toml);;All files (*)"


def ask_for_plan_file(area: FacilitateArea) -> str:
    path, _ = QFileDialog.getOpenFileName(area, "Import plan file", "", PLAN_FILTER)
    return path


def import_plan(
    area: FacilitateArea, chooser: Callable[[], str] | None = None, path: Path | None = None
) -> Plan | None:
    """Ask for a plan file (or use ``path``), keep it, choose it and share its themes."""
    if path is None:
        chosen = (chooser or (lambda: ask_for_plan_file(area)))()
        if not chosen:
            return None
        path = Path(chosen)
    try:
        plan = import_plan_file(path, area.library.deck)
    except CompanionError as error:
        area.show_notice(f"{path.name} was not imported: {error}")
        return None
    area.reload_plans(select=plan.name)
    added = area.driver.share_themes(plan)
    said = f"Imported the plan “{plan.title}”; it is chosen above."
    if added:
        said += (
            f" Its codebook added {len(added)} {'theme' if len(added) == 1 else 'themes'} "
            f"to Notes: {', '.join(added)}."
        )
    elif plan.themes:
        said += " Its themes were already in Notes."
    area.show_notice(said)  # in place of the driver's own notice: one sentence says it all
    return plan
