#!/usr/bin/python3
"""List what a screen reader sees of Companion: the AT-SPI tree, one line per object.

Run it with the system Python (it needs PyGObject and the Atspi typelib:
``apt-get install python3-gi gir1.2-atspi-2.0 at-spi2-core``) inside the same
D-Bus session as the app. The simplest way starts everything itself, on a
virtual display, and stops the app afterwards:

    xvfb-run -a dbus-run-session -- python3 scripts/atspi-dump.py \\
        --run /work/venv/bin/companion

``--press NAME`` presses an accessible action (for example a menu item such
as "Settings…") before the dump, so dialogs can be listed too; repeat it to
press several in turn. ``--check`` exits with status 1 when a control a person
operates (button, box, field, slider, tab, table) has no name.

Each line is ``role: "name"`` indented by depth, with ``[description]`` and
states such as ``focusable`` or ``disabled`` when present.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# Roles a person operates: each must have a name a screen reader can say. (Scroll
# bars are left out: they are parts of a text or table, moved by its own keys.)
OPERATED = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "spin button",
    "text",
    "entry",
    "password text",
    "slider",
    "page tab",
    "page tab list",
    "table",
    "tree",
    "tree table",
    "list",
    "menu item",
    "check menu item",
    "progress bar",
}
SHOWN_STATES = {
    Atspi.StateType.FOCUSABLE: "focusable",
    Atspi.StateType.FOCUSED: "focused",
    Atspi.StateType.CHECKED: "checked",
    Atspi.StateType.EDITABLE: "editable",
}


def find_app(name: str, timeout: float) -> Atspi.Accessible | None:
    """The accessible application called ``name``, waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        desktop = Atspi.get_desktop(0)
        for index in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(index)
            if app is not None and (app.get_name() or "") == name:
                return app
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.25)


def describe(node: Atspi.Accessible) -> tuple[str, str, str]:
    role = node.get_role_name() or "unknown"
    name = node.get_name() or ""
    states = node.get_state_set()
    extras = [label for state, label in SHOWN_STATES.items() if states.contains(state)]
    if not states.contains(Atspi.StateType.ENABLED):
        extras.append("disabled")
    if not states.contains(Atspi.StateType.SHOWING):
        extras.append("hidden")
    detail = node.get_description() or ""
    suffix = f" [{detail}]" if detail else ""
    labels = _labelled_by(node)
    if labels:
        suffix += f" labelled by {labels}"
    suffix += f" ({', '.join(extras)})" if extras else ""
    return role, name, suffix


def _labelled_by(node: Atspi.Accessible) -> str:
    """The names of the labels a screen reader reads with ``node`` (Qt's label buddies)."""
    names: list[str] = []
    for relation in node.get_relation_set() or []:
        if relation.get_relation_type() != Atspi.RelationType.LABELLED_BY:
            continue
        for index in range(relation.get_n_targets()):
            target = relation.get_target(index)
            if target is not None:
                names.append(f'"{target.get_name() or ""}"')
    return ", ".join(names)


def walk(
    node: Atspi.Accessible, depth: int, limit: int, out: list[str], nameless: list[str]
) -> None:
    try:
        role, name, suffix = describe(node)
    except gi.repository.GLib.Error as error:  # the object went away meanwhile
        out.append("  " * depth + f"(gone: {error.message})")
        return
    out.append("  " * depth + f'{role}: "{name}"{suffix}')
    showing = node.get_state_set().contains(Atspi.StateType.SHOWING)
    if role in OPERATED and not (name.strip() or _labelled_by(node)) and showing:
        nameless.append(f"{role} at depth {depth} (under {_parent_label(node)})")
    if depth >= limit:
        return
    for index in range(node.get_child_count()):
        child = node.get_child_at_index(index)
        if child is not None:
            walk(child, depth + 1, limit, out, nameless)


def _parent_label(node: Atspi.Accessible) -> str:
    parent = node.get_parent()
    if parent is None:
        return "nothing"
    return f'{parent.get_role_name()} "{parent.get_name() or ""}"'


def press(app: Atspi.Accessible, name: str, timeout: float) -> bool:
    """Do the first action of the object called ``name`` (a menu item, a button)."""
    wanted = name.replace("&", "")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = _find(app, wanted, 0)
        if match is not None:
            Atspi.Action.do_action(match, 0)
            time.sleep(1.0)  # let the dialog open and register its objects
            return True
        time.sleep(0.25)
    return False


def _find(node: Atspi.Accessible, name: str, depth: int) -> Atspi.Accessible | None:
    if (node.get_name() or "").replace("&", "") == name and _has_action(node):
        return node
    if depth > 40:
        return None
    for index in range(node.get_child_count()):
        child = node.get_child_at_index(index)
        found = _find(child, name, depth + 1) if child is not None else None
        if found is not None:
            return found
    return None


def _has_action(node: Atspi.Accessible) -> bool:
    return "Action" in (node.get_interfaces() or []) and Atspi.Action.get_n_actions(node) > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="Companion", help="the application name to list")
    parser.add_argument("--run", nargs=argparse.REMAINDER, help="start this command first")
    parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait for the app")
    parser.add_argument("--depth", type=int, default=60, help="deepest level to list")
    parser.add_argument("--press", action="append", default=[], metavar="NAME")
    parser.add_argument("--check", action="store_true", help="fail on nameless controls")
    args = parser.parse_args()

    child = None
    if args.run:
        env = dict(os.environ, QT_ACCESSIBILITY="1", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        child = subprocess.Popen(args.run, env=env)
    try:
        app = find_app(args.app, args.wait)
        if app is None:
            print(
                f"No accessible application called {args.app!r} appeared within {args.wait:g} s. "
                "Check that it runs in this D-Bus session with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1.",
                file=sys.stderr,
            )
            return 2
        time.sleep(1.0)  # the window registers its children just after the app appears
        for name in args.press:
            if not press(app, name, args.wait):
                print(f"Nothing called {name!r} with an action was found.", file=sys.stderr)
                return 2
        lines: list[str] = []
        nameless: list[str] = []
        walk(app, 0, args.depth, lines, nameless)
        print("\n".join(lines))
        if nameless:
            print(f"\n{len(nameless)} operated object(s) without a name:", file=sys.stderr)
            for entry in nameless:
                print(f"  {entry}", file=sys.stderr)
        return 1 if args.check and nameless else 0
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())
