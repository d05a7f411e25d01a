"""Speaker changes noticed, and confirmed voices recognised again (#14, in memory only).

``VoiceBook`` reads a stream of voice prints (unit vectors, one per 0.8 s of
voice, from ``companion.audio.voice_encoder``) and keeps the voice of the
current stretch (the mean of its prints). A print unlike that voice is a
candidate; two candidates in a row that are alike each other are a change,
reported as ``VoiceChange`` at the middle of the first one (where the new
voice is most likely to have begun). A single odd print (a cough, a laugh)
is dropped. A new voice that its first print does not match to anyone is
compared again over its first few prints, and reported ``again`` if that
finds a confirmed voice.

Voices the facilitator confirms (``confirm``: "this stretch is Aisha") are
kept as the mean of the prints of her confirmed stretches, so a later change
to a voice close enough to one of them, and clearly closer to it than to any
other, comes back with her member id. Everything is in memory: ``forget``
drops it all, and nothing here is ever written anywhere.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from companion.turns.events import VoiceChange

KEEP_PRINTS = 12  # the prints a stretch's voice is the mean of (it follows a voice's drift)
KEEP_MEMBER_PRINTS = 40  # the prints a confirmed member's voice is the mean of
LATE_LOOK = 4  # an unknown stretch is compared with the confirmed voices until it has this many


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


class VoiceBook:
    """Finds changes of voice in a stream of prints; recognises confirmed members."""

    def __init__(
        self,
        *,
        threshold: float = 0.75,  # a print less like the stretch's voice than this: a candidate
        recognise: float = 0.80,  # a new voice at least this like a member's is theirs ...
        margin: float = 0.05,  # ... when no other member's comes within this
        # naming a voice late asks for this much more of both: without it, similar
        # synthetic voices were named wrongly (docs/benchmarks.md)
        late_strictness: float = 0.05,
    ) -> None:
        self.threshold = threshold
        self.recognise = recognise
        self.margin = margin
        self.late_strictness = late_strictness
        self._stretch: deque[np.ndarray] = deque(maxlen=KEEP_PRINTS)
        self._candidates: list[tuple[float, np.ndarray]] = []
        self._members: dict[int, deque[np.ndarray]] = {}
        self.current: int | None = None  # whose the current stretch is, when known
        self._began = 0.0  # when the current stretch began (audio seconds)

    @property
    def known(self) -> set[int]:
        """Members whose voices are confirmed."""
        return set(self._members)

    def add(self, start: float, end: float, vector: np.ndarray) -> VoiceChange | None:
        """One print of the voice heard from ``start`` to ``end``; a change when one is found."""
        vector = _unit(vector)
        if not self._stretch:
            self._stretch.append(vector)
            return self._changed(start, vector)  # the first voice: somebody began
        voice = _unit(np.mean(self._stretch, axis=0))
        if float(voice @ vector) >= self.threshold:
            self._keep(vector)
            self._candidates.clear()
            return self._late()
        middle = (start + end) / 2
        if self._candidates and float(self._candidates[-1][1] @ vector) < self.threshold:
            self._candidates.clear()  # two odd prints unlike each other: noise, not a voice
        self._candidates.append((middle, vector))
        if len(self._candidates) < 2:
            return None
        began = self._candidates[0][0]
        self._stretch.clear()
        self._stretch.append(vector)  # the first candidate straddles the change: left out
        self._candidates.clear()
        return self._changed(began, vector)

    def confirm(self, member: int) -> None:
        """The current stretch is ``member``'s voice (the facilitator said so)."""
        for other in self._members.values():  # a correction: the stretch was not theirs
            for vector in self._stretch:
                for i, kept in enumerate(other):
                    if kept is vector:
                        del other[i]
                        break
        prints = self._members.setdefault(member, deque(maxlen=KEEP_MEMBER_PRINTS))
        prints.extend(self._stretch)
        self._members = {m: p for m, p in self._members.items() if p}
        self.current = member

    def forget(self, member: int | None = None) -> None:
        """Drop one member's voice, or (None) every voice and the stretch heard so far."""
        if member is not None:
            self._members.pop(member, None)
            return
        self._members.clear()
        self._stretch.clear()
        self._candidates.clear()
        self.current = None

    def forget_stretch(self) -> None:
        """A new audio stream: the voice heard so far is over (confirmed voices stay)."""
        self._stretch.clear()
        self._candidates.clear()
        self.current = None

    def _keep(self, vector: np.ndarray) -> None:
        self._stretch.append(vector)
        if self.current is not None and self.current in self._members:
            self._members[self.current].append(vector)

    def _changed(self, time: float, vector: np.ndarray) -> VoiceChange:
        member, likeness = self._recognised(vector)
        self.current, self._began = member, time
        if member is not None:
            self._members[member].append(vector)
        return VoiceChange(time, member, likeness)

    def _late(self) -> VoiceChange | None:
        """An unknown stretch's first few prints together may match a confirmed voice that
        its first print alone did not: then it is reported again, with the member."""
        if self.current is not None or not self._members or len(self._stretch) > LATE_LOOK:
            return None
        member, likeness = self._recognised(
            _unit(np.mean(self._stretch, axis=0)), self.late_strictness
        )
        if member is None:
            return None
        self.current = member
        self._members[member].extend(self._stretch)
        return VoiceChange(self._began, member, likeness, again=True)

    def _recognised(self, vector: np.ndarray, stricter: float = 0.0) -> tuple[int | None, float]:
        scores = sorted(
            ((float(_unit(np.mean(p, axis=0)) @ vector), m) for m, p in self._members.items()),
            reverse=True,
        )
        if not scores:
            return None, 0.0
        best, member = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else -1.0
        if best >= self.recognise + stricter and best - runner_up >= self.margin + stricter:
            return member, best
        return None, best
