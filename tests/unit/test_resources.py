"""Shipped assets are found through the package, never relative to a checkout."""

from __future__ import annotations

import ast
from pathlib import Path

import companion
from companion import resources
from companion.facilitation.deck import DECK_PATH
from companion.facilitation.library import BUILTIN_DIR
from companion.notes.chart import FONT

ROOT = Path(__file__).resolve().parents[2]


def test_assets_live_inside_the_package() -> None:
    package = Path(companion.__file__).resolve().parent
    assert resources.assets_dir() == package / "assets"
    for shipped in (DECK_PATH, BUILTIN_DIR, FONT, resources.asset("user-guide.md")):
        assert shipped.exists(), shipped
        assert shipped.is_relative_to(package / "assets")


def test_every_asset_is_package_data() -> None:
    # The wheel carries what pyproject's package-data names; a new kind of asset
    # in a new folder is covered by the recursive glob.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "assets/**/*" in config["tool"]["setuptools"]["package-data"]["companion"]


def test_no_module_finds_files_relative_to_the_source_tree() -> None:
    allowed = {"companion/paths.py"}  # the models/ folder of a checkout, by design
    offenders = []
    for folder in ("companion", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            names = {
                node.id
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Name)
            }
            if "__file__" in names and relative not in allowed:
                offenders.append(relative)
    assert offenders == []


def test_a_zipped_package_gets_its_assets_copied_out_once(tmp_path: Path) -> None:
    import zipfile
    from importlib.resources import files

    archive = tmp_path / "assets.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("pkg/__init__.py", "")
        zipped.writestr("pkg/assets/plans/a.toml", "title = 'A'\n")
    import sys

    sys.path.insert(0, str(archive))
    try:
        root = files("pkg").joinpath("assets")
        copied = resources._extract(root)
        assert (copied / "plans" / "a.toml").read_text() == "title = 'A'\n"
    finally:
        sys.path.remove(str(archive))
        sys.modules.pop("pkg", None)
        resources._extracted = None
