"""The plans Companion offers: the built-in ones and the user's own, broken ones too.

Built-in plans live in ``companion/assets/plans``; the user's in ``<data folder>/plans``.
A user plan that does not load is listed as broken with its reasons and never
stops anything else from loading. Names (file names without ``.toml``) are
unique: a user plan may not take a built-in plan's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from companion.errors import CompanionError
from companion.facilitation.deck import ASSETS, load_deck
from companion.facilitation.loader import load_plan
from companion.facilitation.model import Deck, Plan
from companion.facilitation.problems import PlanError, Problem
from companion.facilitation.writer import plan_to_toml
from companion.paths import data_dir, private_dir, write_private

BUILTIN_DIR = ASSETS / "plans"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def user_plans_dir() -> Path:
    """Where the user's own plans go (created, private)."""
    return private_dir(data_dir() / "plans")


@dataclass(frozen=True)
class PlanEntry:
    """One plan file: loaded (``plan``) or broken (``problems`` say why)."""

    name: str
    path: Path
    builtin: bool
    plan: Plan | None
    problems: tuple[Problem, ...] = ()

    @property
    def broken(self) -> bool:
        return self.plan is None

    @property
    def title(self) -> str:
        return self.plan.title if self.plan is not None else self.name

    @property
    def reason(self) -> str:
        """Why a broken plan is broken: its first problem, and how many more."""
        if not self.problems:
            return ""
        more = len(self.problems) - 1
        if not more:
            return str(self.problems[0])
        return str(self.problems[0]).rstrip(".") + f" (and {more} more problem{'s' * (more > 1)})."


@dataclass(frozen=True)
class PlanLibrary:
    """Every plan found, in the order to offer them: built-in series first."""

    entries: tuple[PlanEntry, ...]
    deck: Deck
    deck_problems: tuple[Problem, ...] = field(default=())

    @classmethod
    def load(
        cls,
        *,
        builtin_dir: Path | None = None,
        user_dir: Path | None = None,
        deck: Deck | None = None,
    ) -> PlanLibrary:
        """Read every plan; never raises for a broken plan (or a broken deck)."""
        deck_problems: tuple[Problem, ...] = ()
        if deck is None:
            try:
                deck = load_deck()
            except PlanError as error:
                deck, deck_problems = Deck("Prompt deck (broken)", ()), error.problems
        builtins = [_entry(p, deck, builtin=True) for p in _toml_files(builtin_dir or BUILTIN_DIR)]
        taken = {e.name for e in builtins}
        users = [
            _entry(p, deck, builtin=False, taken=taken)
            for p in _toml_files(user_dir if user_dir is not None else user_plans_dir())
        ]
        builtins.sort(key=_builtin_order)
        users.sort(key=lambda e: (e.broken, e.title.lower()))
        return cls(tuple(builtins + users), deck, deck_problems)

    def plans(self) -> list[PlanEntry]:
        """The plans that loaded."""
        return [e for e in self.entries if not e.broken]

    def broken(self) -> list[PlanEntry]:
        return [e for e in self.entries if e.broken]

    def find(self, name: str) -> PlanEntry:
        """The entry called ``name`` (or the one it uniquely starts); raises ``CompanionError``."""
        wanted = name.strip().removesuffix(".toml").lower()
        exact = [e for e in self.entries if e.name.lower() == wanted]
        if exact:
            return exact[0]
        titled = [e for e in self.entries if e.title.lower() == wanted]
        if len(titled) == 1:
            return titled[0]
        started = [e for e in self.entries if e.name.lower().startswith(wanted)] if wanted else []
        if len(started) == 1:
            return started[0]
        names = ", ".join(e.name for e in (started or self.entries))
        if started:
            raise CompanionError(
                f"More than one plan starts with {name!r}: {names}. Give more of the name."
            )
        raise CompanionError(f"There is no plan called {name!r}. The plans are: {names}.")


def save_user_plan(plan: Plan, directory: Path | None = None) -> Path:
    """Write ``plan`` as ``<name>.toml`` among the user's plans; returns the path.

    Raises ``CompanionError`` for a name that is not usable or belongs to a built-in plan.
    """
    check_user_plan_name(plan.name)
    path = (directory if directory is not None else user_plans_dir()) / f"{plan.name}.toml"
    write_private(path, plan_to_toml(plan))
    return path


def import_plan_file(path: Path, deck: Deck, directory: Path | None = None) -> Plan:
    """Check the plan file at ``path`` and keep it among the user's plans; the plan.

    A plan someone sends (the lead's plan with the programme's codebook, say)
    is read with every rule ``companion plans check`` applies, and saved
    under its file's name (a built-in plan's name gets "-shared"), replacing
    an own plan of that name. Raises
    ``CompanionError`` (``PlanError`` listing every problem) if it cannot be used.
    """
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(path).stem).strip("-_")[:64] or "plan"
    if BUILTIN_DIR.joinpath(f"{name}.toml").exists():  # a built-in plan, shared with themes
        name = f"{name[:57]}-shared"
    check_user_plan_name(name)
    plan = load_plan(Path(path), deck, name=name, file=Path(path).name)
    save_user_plan(plan, directory)
    return plan


def check_user_plan_name(name: str, builtin_dir: Path | None = None) -> None:
    """Raise ``CompanionError`` saying why ``name`` cannot name a user plan."""
    if not NAME_PATTERN.match(name):
        raise CompanionError(
            "A plan's name must start with a letter or digit and use only letters, digits, "
            "hyphens and underscores (at most 64), like team-check-in."
        )
    if (builtin_dir or BUILTIN_DIR).joinpath(f"{name}.toml").exists():
        raise CompanionError(f"{name!r} is the name of a built-in plan; choose another name.")


def _toml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.toml") if not p.name.startswith("."))


def _entry(path: Path, deck: Deck, *, builtin: bool, taken: set[str] | None = None) -> PlanEntry:
    name = path.stem
    if taken is not None and name in taken:
        why = f"has the same name as a built-in plan; rename it, e.g. to {name}-own.toml"
        return PlanEntry(name, path, builtin, None, (Problem(path.name, None, "", why),))
    try:
        return PlanEntry(name, path, builtin, load_plan(path, deck, file=path.name))
    except PlanError as error:
        return PlanEntry(name, path, builtin, None, error.problems)


def _builtin_order(entry: PlanEntry) -> tuple[int, str, int, str]:
    plan = entry.plan
    if plan is None:
        return (2, "", 0, entry.name)
    return (0 if plan.series else 1, plan.series, plan.order, plan.title.lower())
