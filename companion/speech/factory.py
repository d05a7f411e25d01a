"""Choosing and building an engine by name: ``auto``, ``vosk`` or ``whisper``.

``--model`` takes ``tiny.en`` (built in), ``whisper-base`` (joined from its two
packages, see ``models.whisper_base``), or a folder: a vosk model or a
CTranslate2 whisper model (one with ``model.bin``). Without a model, ``auto``
uses an installed vosk model, else the whisper model this machine runs inside
the caption targets (``speech.choice``).

An engine that runs whisper base (alone, or for the two-pass finals) offers
tiny.en as the way down when decoding falls behind (``EngineBuilder.faster``,
used by the caption stream; see ``keeping_up``), whether ``auto`` or the
person chose base.
"""

from __future__ import annotations

from pathlib import Path

from companion.errors import ModelError
from companion.speech.choice import BASE, TINY, TWO_PASS_MODEL, Choice, choose_model
from companion.speech.engine import Engine
from companion.speech.glossary import Glossary
from companion.speech.keeping_up import StepDown
from companion.speech.models import find_vosk_model, whisper_base_ready

WHISPER_AUTO = "auto"  # the whisper model is chosen for the machine when the engine loads


def _whisper_folder(model: str) -> Path | None:
    """The whisper model ``--model`` names, WHISPER_AUTO-free; None if it names none."""
    if model == TWO_PASS_MODEL:  # the partials' model; the finals' is added on load
        return _whisper_folder(TINY)
    if model in (TINY, "whisper-tiny.en"):
        from companion.speech.whisper_engine import embedded_model_path

        return embedded_model_path()
    if model in (BASE, "base"):
        folder = whisper_base_ready()
        if folder is None:
            raise ModelError(
                "whisper base is not installed. Run the set-up command from the README, or "
                "'companion models install whisper-base'."
            )
        return folder
    folder = Path(model).expanduser()
    if (folder / "model.bin").is_file() and (folder / "config.json").is_file():
        return folder.resolve()
    return None


def resolve_engine(name: str, model: str | None = None) -> tuple[str, Path | None]:
    """The engine ``name`` means here, and its model folder (None: whisper chosen on load)."""
    if name not in ("auto", "vosk", "whisper"):
        raise ModelError(f"'{name}' is not an engine Companion knows. Use auto, vosk or whisper.")
    if model and name != "vosk":
        whisper = _whisper_folder(model)
        if whisper is not None:
            return "whisper", whisper
        if name == "whisper":
            raise ModelError(
                f"'{model}' is not a whisper model. Use tiny.en, whisper-base or a folder "
                "holding a CTranslate2 whisper model (model.bin and config.json)."
            )
    if name == "whisper":
        return "whisper", None
    folder = find_vosk_model(model or None)
    if folder is not None:
        return "vosk", folder
    if name == "vosk" or model:
        wanted = (
            f"The vosk model '{model}' is not installed"
            if model
            else ("No vosk speech model is installed")
        )
        raise ModelError(
            f"{wanted}. Install one with "
            "'companion models install vosk-model-small-en-us-0.15' (or from a file with "
            "'companion models install --file ARCHIVE'), or use --engine whisper "
            "(--model tiny.en or whisper-base)."
        )
    return "whisper", None


def chosen_model(engine: str, vosk_model: str, whisper_model: str) -> str | None:
    """The ``--model`` the app's settings mean (None: the engine picks).

    ``auto`` keeps its promise of vosk when a vosk model is installed; otherwise
    the whisper model chosen in Settings, or (empty) the one measured to fit.
    """
    if engine == "vosk":
        return vosk_model or None
    if engine == "whisper":
        return whisper_model or None
    if vosk_model or find_vosk_model(None) is not None:
        return vosk_model or None
    return whisper_model or None


def _model_label(folder: Path) -> str:
    """The model's name and why it runs, for the status line."""
    from companion.speech.whisper_engine import embedded_model_path

    if folder == embedded_model_path():
        name = TINY
    elif (folder / "companion-model.json").is_file() and folder.name == BASE:
        name = BASE
    else:
        name = folder.name
    return f"{name} — the model you chose"


def auto_whisper_choice() -> Choice:
    """Measure (once) and pick the whisper model for this machine."""
    from companion.speech.whisper_decoder import FasterWhisperDecoder, PassCosts
    from companion.speech.whisper_engine import embedded_model_path

    def measure(folder: Path) -> PassCosts:
        return FasterWhisperDecoder(folder).calibrate()

    return choose_model(embedded_model_path(), whisper_base_ready(), measure)


def _two_pass(choice: Choice, words: Glossary) -> Engine:
    """The engine for an ``auto`` choice: one model, or tiny.en partials and base finals."""
    from companion.speech.whisper_decoder import FasterWhisperDecoder
    from companion.speech.whisper_engine import WhisperEngine

    label = f"{choice.model} — {choice.reason}"
    if choice.final_path is None:
        return WhisperEngine(choice.path, glossary=words, model_name=label)
    # Two cores: partials and finals share them, one decode at a time.
    partials = FasterWhisperDecoder(choice.path)
    finals = FasterWhisperDecoder(choice.final_path)
    return WhisperEngine(glossary=words, decoder=partials, final_decoder=finals, model_name=label)


class EngineBuilder:
    """Loads the chosen engine when called (on a worker thread); then ``faster``
    offers tiny.en, with the same glossary, when that engine runs whisper base."""

    def __init__(self, chosen: str, folder: Path | None, model: str | None, words: Glossary):
        self._chosen = chosen
        self._folder = folder
        self._model = model
        self._words = words
        self.runs_base = False  # the engine last built decodes with whisper base

    def __call__(self) -> Engine:
        self.runs_base = False
        if self._chosen == "vosk":
            from companion.speech.vosk_engine import VoskEngine

            assert self._folder is not None
            return VoskEngine(self._folder, self._words)
        from companion.speech.whisper_engine import WhisperEngine

        folder = self._folder
        if folder is not None and self._model == TWO_PASS_MODEL:
            choice = Choice(TWO_PASS_MODEL, folder, "asked for", _whisper_folder(BASE))
        elif folder is not None:
            base = whisper_base_ready()
            self.runs_base = base is not None and folder.resolve() == base.resolve()
            return WhisperEngine(folder, glossary=self._words, model_name=_model_label(folder))
        else:
            choice = auto_whisper_choice()
        self.runs_base = choice.model == BASE or choice.final_path is not None
        return _two_pass(choice, self._words)

    def faster(self) -> StepDown | None:
        """tiny.en as the way down from whisper base; None for any other engine."""
        if not self.runs_base:
            return None
        return StepDown(self._tiny, slow="whisper base", fast=TINY)

    def _tiny(self) -> Engine:
        from companion.speech.whisper_engine import WhisperEngine, embedded_model_path

        label = f"{TINY} — whisper base could not keep up on this computer"
        return WhisperEngine(embedded_model_path(), glossary=self._words, model_name=label)


def engine_factory(
    name: str, model: str | None = None, glossary: Glossary | None = None
) -> EngineBuilder:
    """A callable that loads the chosen engine; call it on a worker thread."""
    chosen, folder = resolve_engine(name, model)
    return EngineBuilder(
        chosen, folder, model, glossary if glossary is not None else Glossary.load()
    )
