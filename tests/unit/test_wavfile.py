from __future__ import annotations

import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from companion.audio import wavfile
from companion.audio.resample import to_mono_16k
from companion.audio.source import EndOfAudio
from companion.audio.wavfile import WavSource, read_wav
from companion.errors import AudioError
from tests.speech_audio import make_speech_wav

PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE


def encode(samples: np.ndarray, code: int, bits: int) -> bytes:
    """Samples as floats in -1..1, shaped (n, channels), to raw little-endian bytes."""
    if code == FLOAT:
        return bytes(samples.astype("<f4" if bits == 32 else "<f8").tobytes())
    full = 2 ** (bits - 1)
    ints = np.clip(np.round(samples * full), -full, full - 1).astype(np.int64)
    if bits == 8:
        return bytes((ints + 128).astype(np.uint8).tobytes())
    if bits == 24:
        raw = ints.astype("<i4").reshape(-1).view(np.uint8).reshape(-1, 4)[:, :3]
        return bytes(raw.tobytes())
    return bytes(ints.astype(f"<i{bits // 8}").tobytes())


def write_wav(
    path: Path,
    samples: np.ndarray,
    rate: int,
    *,
    code: int = PCM,
    bits: int = 16,
    extensible: bool = False,
    data_size: int | None = None,
    extra_chunks: bytes = b"",
) -> Path:
    if samples.ndim == 1:
        samples = samples[:, None]
    channels = samples.shape[1]
    data = encode(samples, code, bits)
    align = channels * bits // 8
    if extensible:
        guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        fmt = struct.pack("<HHIIHH", EXTENSIBLE, channels, rate, rate * align, align, bits)
        fmt += struct.pack("<HHI", 22, bits, (1 << channels) - 1)
        fmt += struct.pack("<H", code) + guid_tail
    else:
        fmt = struct.pack("<HHIIHH", code, channels, rate, rate * align, align, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra_chunks
    body += b"data" + struct.pack("<I", len(data) if data_size is None else data_size) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def sine(rate: int, seconds: float, freq: float = 1000.0, amplitude: float = 0.5) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * freq * np.arange(round(rate * seconds)) / rate)


def expected_16k(seconds: float, freq: float = 1000.0, amplitude: float = 0.5) -> np.ndarray:
    return sine(16000, seconds, freq, amplitude) * 32768


def read_blocks(source: WavSource) -> list[np.ndarray]:
    blocks = []
    with pytest.raises(EndOfAudio):
        while True:
            block = source.read(1.0)
            assert block is not None
            blocks.append(block)
    return blocks


@pytest.mark.parametrize(
    ("code", "bits", "extensible", "tolerance"),
    [
        (PCM, 8, False, 300),
        (PCM, 16, False, 3),
        (PCM, 24, False, 3),
        (PCM, 32, False, 3),
        (FLOAT, 32, False, 3),
        (FLOAT, 64, False, 3),
        (PCM, 16, True, 3),
        (PCM, 24, True, 3),
        (FLOAT, 32, True, 3),
    ],
)
@pytest.mark.parametrize(("rate", "channels"), [(48000, 2), (22050, 1), (8000, 1)])
def test_sample_formats_rates_and_channels(
    tmp_path: Path, code: int, bits: int, extensible: bool, tolerance: int, rate: int, channels: int
) -> None:
    mono = sine(rate, 1.0)
    samples = np.stack([mono] * channels, axis=1)
    path = write_wav(tmp_path / "t.wav", samples, rate, code=code, bits=bits, extensible=extensible)
    got = read_wav(path)
    assert got.dtype == np.int16 and got.shape == (16000,)
    assert np.abs(got[100:-100] - expected_16k(1.0)[100:-100]).max() <= tolerance


def test_blocks_are_100_ms_and_end_raises_end_of_audio(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "speech.wav", sine(44100, 2.55), 44100)
    source = WavSource(path)
    assert source.name == "speech.wav" and source.live is False
    source.open()
    assert source.duration == pytest.approx(2.55, abs=1e-4)
    blocks = read_blocks(source)
    assert [len(b) for b in blocks] == [1600] * 25 + [800]
    assert source.position == pytest.approx(2.55)
    with pytest.raises(EndOfAudio):  # and again: it stays at the end
        source.read(0.0)
    source.close()
    source.close()


def test_reopening_starts_again(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.wav", sine(16000, 0.35), 16000)
    source = WavSource(path)
    source.open()
    first = np.concatenate(read_blocks(source))
    source.open()
    again = np.concatenate(read_blocks(source))
    np.testing.assert_array_equal(first, again)
    source.close()


def test_read_before_open_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        WavSource(tmp_path / "x.wav").read(0.1)


def test_espeak_file_matches_stdlib_wave(tmp_path: Path) -> None:
    path = make_speech_wav("Testing one two three.", tmp_path / "espeak.wav")
    with wave.open(str(path)) as reader:
        raw = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        expected = to_mono_16k(raw, reader.getframerate())
    np.testing.assert_array_equal(read_wav(path), expected)


def test_other_chunks_odd_sizes_and_unknown_data_size(tmp_path: Path) -> None:
    extra = b"LIST" + struct.pack("<I", 5) + b"abcde\x00" + b"fact" + struct.pack("<I", 4) + b"1234"
    path = write_wav(
        tmp_path / "streamed.wav", sine(16000, 0.5), 16000, extra_chunks=extra, data_size=0xFFFFFFFF
    )
    got = read_wav(path)
    assert len(got) == 8000
    assert np.abs(got - expected_16k(0.5)).max() <= 1


def test_recording_cut_off_mid_data_reads_what_is_there(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "cut.wav", sine(16000, 1.0), 16000)
    path.write_bytes(path.read_bytes()[:-10001])  # also leaves half a sample frame
    got = read_wav(path)
    assert len(got) == 16000 - 5001


def test_realtime_is_paced_by_the_injected_clock(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "paced.wav", sine(16000, 0.5), 16000)
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    source = WavSource(path, realtime=True, clock=lambda: now[0], sleep=sleep)
    source.open()
    # The first block is due 0.1 s after opening: a 0.05 s timeout gives nothing yet.
    assert source.read(0.05) is None
    assert now[0] == pytest.approx(100.05)
    block = source.read(1.0)
    assert block is not None and len(block) == 1600
    assert now[0] == pytest.approx(100.1)
    blocks = read_blocks(source)
    assert len(blocks) == 4
    assert now[0] == pytest.approx(100.5)  # the whole file took its own length
    assert sum(sleeps) == pytest.approx(0.5)
    # A slow reader is not made to wait: blocks already due come at once.
    source.open()
    now[0] += 10
    sleeps.clear()
    assert len(read_blocks(source)) == 5 and sleeps == []


def test_not_realtime_never_sleeps(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "fast.wav", sine(16000, 0.5), 16000)

    def sleep(seconds: float) -> None:
        raise AssertionError("slept")

    source = WavSource(path, sleep=sleep)
    source.open()
    assert len(read_blocks(source)) == 5


# -- errors a person can meet ----------------------------------------------------


def open_error(path: Path) -> str:
    with pytest.raises(AudioError) as caught:
        WavSource(path).open()
    message = str(caught.value)
    assert message.endswith(".") and (message[0].isupper() or message[0] == "'")
    return message


def test_mp3_says_convert_with_ffmpeg(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp3"
    path.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(500))
    assert open_error(path) == (
        "'notes.mp3' is not a WAV file Companion can read. Convert it to WAV "
        "(for example: ffmpeg -i notes.mp3 notes.wav) and try again."
    )


def test_not_really_a_wav_suggests_another_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("these are my notes, not sound\n" * 10)
    assert "ffmpeg -i notes.wav notes-converted.wav" in open_error(path)


def test_missing_file(tmp_path: Path) -> None:
    message = open_error(tmp_path / "gone.wav")
    assert "'gone.wav' was not found" in message and "Check the file name" in message


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "folder.wav").mkdir()
    assert "'folder.wav' is a folder, not a sound file" in open_error(tmp_path / "folder.wav")


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_wav(tmp_path / "locked.wav", sine(16000, 0.1), 16000)

    def refuse(path: Path) -> object:
        raise PermissionError(13, "Permission denied", str(path))

    # Tests run as root here, where chmod cannot lock a file: refuse the open instead.
    monkeypatch.setattr(wavfile, "_open_binary", refuse)
    assert "not allowed to read 'locked.wav'" in open_error(path)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    assert "'empty.wav' is empty (0 bytes)" in open_error(tmp_path / "empty.wav")


@pytest.mark.parametrize("keep", [12, 20, 30, 44])
def test_truncated_header(tmp_path: Path, keep: int) -> None:
    path = write_wav(tmp_path / "short.wav", sine(16000, 0.1), 16000)
    path.write_bytes(path.read_bytes()[:keep])
    assert "'short.wav' is cut short" in open_error(path)


def test_no_audio_in_it(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "silent.wav", np.zeros((0, 1)), 16000)
    assert "'silent.wav' has no sound in it" in open_error(path)


@pytest.mark.parametrize(
    ("code", "bits", "what"),
    [(2, 4, "compressed audio, WAV format code 0x0002"), (PCM, 12, "12-bit samples")],
)
def test_unsupported_encoding_says_how_to_convert(
    tmp_path: Path, code: int, bits: int, what: str
) -> None:
    path = tmp_path / "odd.wav"
    fmt = struct.pack("<HHIIHH", code, 1, 8000, 4000, 1, bits)
    body = (
        b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", 4) + b"\0" * 4
    )
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    message = open_error(path)
    assert what in message and "ffmpeg -i odd.wav -c:a pcm_s16le odd-16bit.wav" in message


def test_rf64_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "huge.wav"
    path.write_bytes(b"RF64" + b"\xff\xff\xff\xff" + b"WAVE" + bytes(100))
    assert "RF64" in open_error(path)
