"""`companion plans list | show NAME [--format text|json] | check FILE`.

``companion.cli`` registers it with ``add_plans_parser(subparsers)``; the parser
sets ``handler`` to ``run_plans``, which returns the exit code. Errors are
sentences on stderr and a non-zero exit, never a traceback. It also runs on
its own: ``python -m companion.cli.plans list``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from companion.errors import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CompanionError
from companion.facilitation.library import PlanLibrary, user_plans_dir
from companion.facilitation.loader import load_plan
from companion.facilitation.problems import PlanError
from companion.facilitation.render import plan_as_dict, plan_as_text
from companion.timefmt import minutes_text

EXIT_PROBLEMS = EXIT_ERROR  # a plan file has problems


def add_plans_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``plans`` subcommand to the ``companion`` command line."""
    parser = subparsers.add_parser(
        "plans",
        help="list, show or check facilitation plans",
        description="List the session plans, show one, or check a plan file you wrote.",
    )
    actions = parser.add_subparsers(dest="plans_action", metavar="ACTION")
    actions.add_parser("list", help="the built-in plans and yours, broken ones with the reason")
    show = actions.add_parser("show", help="one plan: segments, questions and prompts")
    show.add_argument("name", metavar="NAME", help="a plan's name from `plans list` (or its start)")
    show.add_argument("--format", default="text", choices=("text", "json"))
    check = actions.add_parser("check", help="check a plan file and say what is wrong and where")
    check.add_argument("file", metavar="FILE", type=Path, help="a plan file (.toml)")
    parser.set_defaults(handler=run_plans, plans_action=None)


def run_plans(
    args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run ``companion plans ...``; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    action = getattr(args, "plans_action", None) or "list"
    try:
        library = PlanLibrary.load()
        if library.deck_problems:
            for problem in library.deck_problems:
                print(f"The prompt deck is broken: {problem}", file=err)
        if action == "list":
            return _list(library, out)
        if action == "show":
            return _show(library, args.name, args.format, out, err)
        if action == "check":
            return _check(library, args.file, out, err)
    except CompanionError as error:
        print(error, file=err)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # the reader went away (`| head`): not an error
        return EXIT_OK
    print(f"Unknown plans action {action!r}; use list, show or check.", file=err)
    return EXIT_USAGE


def _list(library: PlanLibrary, out: TextIO) -> int:
    width = max((len(e.name) for e in library.entries), default=4)
    for entry in library.entries:
        where = "built-in" if entry.builtin else "yours"
        if entry.plan is not None:
            length = minutes_text(entry.plan.total_minutes)
            print(f"{entry.name:<{width}}  {length:>8}  {where:<8}  {entry.title}", file=out)
        else:
            print(f"{entry.name:<{width}}  {'broken':>8}  {where:<8}  {entry.reason}", file=out)
    print(f"\nYour own plans go in {user_plans_dir()}.", file=out)
    return EXIT_OK


def _show(library: PlanLibrary, name: str, fmt: str, out: TextIO, err: TextIO) -> int:
    entry = library.find(name)
    if entry.plan is None:
        print(f"The plan {entry.name!r} is broken:", file=err)
        for problem in entry.problems:
            print(f"  {problem}", file=err)
        return EXIT_PROBLEMS
    if fmt == "json":
        record = plan_as_dict(entry.plan)
        record["builtin"] = entry.builtin
        record["path"] = str(entry.path)
        print(json.dumps(record, ensure_ascii=False, indent=2), file=out)
    else:
        out.write(plan_as_text(entry.plan))
    return EXIT_OK


def _check(library: PlanLibrary, path: Path, out: TextIO, err: TextIO) -> int:
    try:
        plan = load_plan(path, library.deck, file=str(path))
    except PlanError as error:
        count = len(error.problems)
        print(
            f"{path} is not a usable plan ({count} problem{'s' if count != 1 else ''}):", file=err
        )
        for problem in error.problems:
            print(f"  {problem}", file=err)
        return EXIT_PROBLEMS
    prompts = sum(len(s.prompts) for s in plan.segments)
    print(
        f"{path} is a good plan: {plan.title!r}, {len(plan.segments)} segments, "
        f"{minutes_text(plan.total_minutes)}, {prompts} prompts.",
        file=out,
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m companion.cli.plans ACTION …`` (the same as ``companion plans``)."""
    parser = argparse.ArgumentParser(prog="companion")
    add_plans_parser(parser.add_subparsers(dest="command", metavar="COMMAND"))
    args = parser.parse_args(["plans", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
