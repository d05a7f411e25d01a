"""One whisper decode of a short window of audio, at the cost of that window.

faster-whisper's ``transcribe`` pads every input to whisper's 30 s and, with
word times, decodes the tail after the last word a second time. For live
captions the window is a few seconds long, so this decoder asks the encoder
for only the window (plus a little silence), runs one small beam search, and
aligns the words once: on two cores a pass costs about 0.15 s instead of
0.4–0.6 s, which is what lets the stream re-decode often enough for short
latency inside the cost target.

The words already committed that are still in the window are given as a
*prefix*: whisper is made to start with them, so it only writes what comes
next and never re-hears (or re-spells) what is already final.

``score`` weighs other texts against the audio of the last decode, reusing its
encoder output (teacher forcing: how likely whisper finds each text), so the
engine can ask whether a name fits what was said as well as the words
whisper wrote (see term_check).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from companion.audio.source import SAMPLE_RATE
from companion.errors import ModelError
from companion.speech.whisper_words import without_ellipsis

FRAMES_PER_SECOND = 100  # whisper's mel frames
HOP_SAMPLES = SAMPLE_RATE // FRAMES_PER_SECOND  # audio samples per mel frame
MARGIN_FRAMES = 100  # silence after the window, so the last word is heard to its end
MAX_FRAMES = 3000  # whisper's 30 s
BEAM = 3  # beam search: fewer misheard words than greedy, still cheap on a short window
NO_SPEECH = 0.6  # whisper's own thresholds for "this is not speech"
LOW_LOGPROB = -1.0
TOKENS_PER_SECOND = 6  # generously above fast speech (about 3 tokens a second)
UNHEARD = 0.8  # seconds of speech after whisper's last word that make it decode the rest
# The passes ``calibrate`` times, shaped like the app's (whisper_policy.Policy): a partial
# hears the last 2 s of the previous phrase and about 2 s of the phrase so far; a final
# hears up to 6 s of context, a phrase cut by 3 s and 1 s of lookahead.
PARTIAL_WINDOW = 4.0
FINAL_WINDOW = 10.0
PASS_TOKENS = 12  # about 3 s of new speech (speech runs at about 3 tokens a second)

OPENING = set("\"'([{")
SQUEEZED = 0.02  # seconds: a word this short was not heard, it was made up

Audio = npt.NDArray[np.float32]


@dataclass(frozen=True)
class PassCosts:
    """What one pass of each kind costs on this machine (seconds; ``calibrate``)."""

    partial: float  # a greedy partial pass over PARTIAL_WINDOW
    final: float  # a beam-3 final pass over FINAL_WINDOW


@dataclass(frozen=True)
class DecodedWord:
    """A word whisper wrote, with times in seconds from the window's start."""

    text: str
    start: float
    end: float
    probability: float


class WindowDecoder(Protocol):
    """Turns a window of 16 kHz float audio into the words after ``prefix``."""

    def decode(
        self,
        audio: Audio,
        *,
        prompt: str,
        prefix: str,
        prefix_end: float,
        speech_end: float,
    ) -> list[DecodedWord]:
        """The words after ``prefix``, which was said by ``prefix_end``; voice was last
        heard at ``speech_end`` (seconds from the window's start)."""
        ...


@runtime_checkable
class BeamChoosing(Protocol):
    """A decoder that can decode with another beam size on the same model."""

    def with_beam(self, beam: int) -> WindowDecoder:
        """This decoder, decoding with ``beam`` (1: greedy)."""
        ...


@runtime_checkable
class TextScorer(Protocol):
    """Weighs texts against the audio of the decoder's last ``decode``."""

    def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
        """The log-probability whisper gives each text after ``prefix``, in order."""
        ...


class FasterWhisperDecoder:
    """A ``WindowDecoder`` on a CTranslate2 whisper model (faster-whisper's loader)."""

    _encoded: tuple[Any, int, int] | None = None  # the last window encoded: output, frames, size
    _last: tuple[Any, int, int] | None = None  # the whole window of the last decode, for score

    def __init__(
        self,
        path: Path,
        *,
        threads: int = 2,
        beam: int = BEAM,
    ) -> None:
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
            from faster_whisper.transcribe import get_suppressed_tokens

            self._model = WhisperModel(
                str(path), device="cpu", compute_type="int8", cpu_threads=threads
            )
            self._tokenizer = Tokenizer(
                self._model.hf_tokenizer,
                self._model.model.is_multilingual,
                task="transcribe",
                language="en",
            )
            self._suppress = get_suppressed_tokens(self._tokenizer, (-1,))
        except Exception as error:  # ctranslate2 raises RuntimeError/ValueError variants
            raise ModelError(
                f"The whisper model in '{path}' could not be loaded ({error}). "
                "Run the set-up command from the README again to reinstall it."
            ) from error
        self._beam = beam

    @property
    def multilingual(self) -> bool:
        """Whether the model hears many languages (whisper base), not English only."""
        return bool(self._model.model.is_multilingual)

    def with_beam(self, beam: int) -> FasterWhisperDecoder:
        """The same loaded model decoding with another beam size (greedy partials)."""
        other = copy.copy(self)
        other._beam, other._encoded, other._last = beam, None, None
        return other

    def decode(
        self,
        audio: Audio,
        *,
        prompt: str,
        prefix: str,
        prefix_end: float,
        speech_end: float,
    ) -> list[DecodedWord]:
        words = self._decode_once(audio, prompt, prefix)
        self._last = self._encoded
        # Whisper sometimes ends its text at a comma with speech still to come: then
        # the rest is decoded on its own, as faster-whisper does with its next window.
        heard_to = words[-1].end if words else prefix_end
        if speech_end - heard_to >= UNHEARD:
            seek = int(heard_to * SAMPLE_RATE)
            before = " ".join(part for part in (prompt, prefix) if part.strip())
            said = " ".join([before, *(w.text for w in words)])
            rest = self._decode_once(audio[seek:], said, "")
            if not rest:  # whisper still thinks the text has ended: try without any text
                rest = self._decode_once(audio[seek:], "", "")
            words += [
                DecodedWord(w.text, w.start + heard_to, w.end + heard_to, w.probability)
                for w in rest
            ]
        return words

    def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
        if self._last is None:
            return [float("-inf")] * len(texts)
        encoded, frames, size = self._last
        start = self._start_sequence(prompt, self._tokens(prefix))
        scores: list[float] = []
        for text in texts:  # one at a time: a batch of copies of the encoding is no faster
            tokens = self._tokens(text)
            if not tokens:
                scores.append(0.0)
                continue
            result = self._model.model.align(encoded, start, [tokens], min(frames, size))[0]
            probs = np.maximum(np.asarray(result.text_token_probs, dtype=np.float64), 1e-12)
            scores.append(float(np.log(probs).sum()))
        return scores

    def calibrate(self, runs: int = 5) -> PassCosts:
        """Seconds this machine takes for the two passes the app runs (``PassCosts``):
        a greedy partial over ``PARTIAL_WINDOW`` and a beam-``BEAM`` final over
        ``FINAL_WINDOW``, each writing ``PASS_TOKENS`` tokens (medians of ``runs``)."""
        return PassCosts(
            partial=self._timed_pass(PARTIAL_WINDOW, beam=1, runs=runs),
            final=self._timed_pass(FINAL_WINDOW, beam=BEAM, runs=runs),
        )

    def _timed_pass(self, seconds: float, *, beam: int, runs: int) -> float:
        """The median seconds of encoding ``seconds`` of audio and writing ``PASS_TOKENS``
        tokens with ``beam`` (after one run that warms up). The median, not the fastest:
        the choice is remembered, so it should be what the machine usually does."""
        rng = np.random.default_rng(0)
        audio = (rng.standard_normal(int(seconds * SAMPLE_RATE)) * 0.05).astype(np.float32)
        tok = self._tokenizer
        times: list[float] = []
        for _ in range(runs + 1):
            began = time.perf_counter()
            encoded = self._encode(audio)[0]
            self._model.model.generate(
                encoded,
                [[*tok.sot_sequence, tok.no_timestamps]],
                beam_size=beam,
                max_length=len(tok.sot_sequence) + 1 + PASS_TOKENS,
                suppress_tokens=[*self._suppress, tok.eot],  # never stop early: fixed work
            )
            times.append(time.perf_counter() - began)
        return float(np.median(times[1:]))

    def _encode(self, audio: Audio) -> tuple[Any, int, int]:
        """The encoder's output for ``audio`` and a second of silence after it, with the
        audio's frames and the frames encoded. The silence is the features of zero
        samples, as whisper hears silence in training, not blank (zero) features."""
        frames = len(audio) // HOP_SAMPLES
        size = min(MAX_FRAMES, frames + MARGIN_FRAMES)
        silence = np.zeros((size - frames + 1) * HOP_SAMPLES, dtype=np.float32)
        features = self._model.feature_extractor(np.concatenate([audio, silence]))
        return self._model.encode(_pad_or_cut(features, size)), frames, size

    def _tokens(self, text: str) -> list[int]:
        return list(self._tokenizer.encode(" " + text.strip())) if text.strip() else []

    def _start_sequence(self, prompt: str, prefix_tokens: list[int]) -> list[int]:
        """What whisper is given before it writes: the prompt, then the forced prefix."""
        tok = self._tokenizer
        start = [*tok.sot_sequence, tok.no_timestamps, *prefix_tokens]
        if prompt.strip():
            context = tok.encode(" " + prompt.strip())[-(self._model.max_length // 2 - 1) :]
            start = [tok.sot_prev, *context, *start]
        return start

    def _decode_once(self, audio: Audio, prompt: str, prefix: str) -> list[DecodedWord]:
        self._encoded = None
        if len(audio) < SAMPLE_RATE // 10:
            return []
        self._encoded = encoded, frames, size = self._encode(audio)
        tok = self._tokenizer
        prefix_tokens = self._tokens(prefix)
        start = self._start_sequence(prompt, prefix_tokens)
        # Speech runs at about 3 tokens a second; a decode far longer is whisper looping.
        limit = len(prefix_tokens) + int(frames / FRAMES_PER_SECOND * TOKENS_PER_SECOND) + 8
        result = self._generate(encoded, start, limit)
        if result.no_speech_prob > NO_SPEECH and _average_logprob(result) < LOW_LOGPROB:
            return []
        tokens = [t for t in result.sequences_ids[0] if t < tok.eot]
        if tokens[: len(prefix_tokens)] == prefix_tokens:
            tokens = tokens[len(prefix_tokens) :]
        if not tokens:
            return []
        aligned = self._model.find_alignment(
            tok, [prefix_tokens + tokens], encoded, min(frames, size)
        )[0]
        skip = len(tok.split_to_word_tokens(prefix_tokens)[0]) if prefix_tokens else 0
        return _merge_punctuation(
            [
                DecodedWord(
                    str(w["word"]), float(w["start"]), float(w["end"]), float(w["probability"])
                )
                for w in aligned[skip:]
            ]
        )

    def _generate(self, encoded: Any, start: list[int], limit: int) -> Any:
        return self._model.model.generate(
            encoded,
            [start],
            beam_size=self._beam,
            max_length=min(self._model.max_length, len(start) + limit),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._suppress,
        )[0]


def _pad_or_cut(features: Any, size: int) -> Any:
    """Mel features made exactly ``size`` frames long (silence is zeros, as faster-whisper pads)."""
    if features.shape[-1] >= size:
        return features[:, :size]
    return np.pad(features, ((0, 0), (0, size - features.shape[-1])))


def _average_logprob(result: Any) -> float:
    tokens = len(result.sequences_ids[0])
    return float(result.scores[0]) * tokens / (tokens + 1)


def is_multilingual(decoder: object) -> bool:
    """Whether ``decoder`` says its model hears many languages (whisper base); one that
    does not say (a test's fake) is taken as English-only, as tiny.en is. The names
    check's margin and the prompt's list ending are each model's own (term_check,
    whisper_prompt)."""
    return getattr(decoder, "multilingual", False) is True


def _merge_punctuation(words: list[DecodedWord]) -> list[DecodedWord]:
    """Whole words as whisper wrote them: a piece without a leading space ("." or
    "-hearted") joins the word before it, an opening quote or bracket the next."""
    merged: list[DecodedWord] = []
    pending = ""  # an opening quote or bracket waiting for its word
    for word in words:
        text = word.text.strip()
        if not text:
            continue
        if text in OPENING:
            pending += text
        elif not merged and _is_punctuation(text):
            continue  # it closes the words before the window; they are already shown
        elif merged and not pending and (not word.text.startswith(" ") or _is_punctuation(text)):
            last = merged[-1]
            merged[-1] = DecodedWord(last.text + text, last.start, word.end, last.probability)
        else:
            merged.append(DecodedWord(pending + text, word.start, word.end, word.probability))
            pending = ""
    # Whisper trailing off ("forum...", "...or") is no part of a word (whisper_prompt).
    plain = [DecodedWord(without_ellipsis(w.text), w.start, w.end, w.probability) for w in merged]
    return _before_squeezed_run([w for w in plain if w.text])


def _is_punctuation(text: str) -> bool:
    return all(not ch.isalnum() for ch in text)


def _before_squeezed_run(words: list[DecodedWord]) -> list[DecodedWord]:
    """Cut where two words in a row take no time: whisper writing past the audio."""
    for index in range(len(words) - 1):
        if all(w.end - w.start < SQUEEZED for w in words[index : index + 2]):
            return words[:index]
    return words
