"""docs/benchmarks.md: one page, one section per benchmark, each between its markers.

Each benchmark rewrites only its own section (``<!-- NAME:start -->`` …
``<!-- NAME:end -->``), so they can be run separately and in any order.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

DEFAULT_PAGE = Path("docs/benchmarks.md")


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(output: Path, name: str, section: str) -> None:
    """Put ``section`` (which starts and ends with its markers) in place of the old one."""
    start_mark, end_mark = markers(name)
    if output.is_file():
        current = output.read_text(encoding="utf-8")
        start, end = current.find(start_mark), current.find(end_mark)
        if start != -1 and end > start:
            updated = current[:start] + section.rstrip("\n") + current[end + len(end_mark) :]
        else:
            updated = current.rstrip("\n") + "\n\n" + section
    else:
        updated = "# Benchmarks\n\n" + section
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(updated if updated.endswith("\n") else updated + "\n", encoding="utf-8")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except (OSError, ValueError):
        pass
    return 0.0


def machine_line() -> str:
    """One sentence naming the machine, for every section."""
    return (
        f"{cpu_model()}, {os.cpu_count()} cores, {ram_gib():.1f} GiB RAM; "
        f"Python {platform.python_version()} on {platform.platform()}"
    )
