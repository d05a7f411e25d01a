from __future__ import annotations

import numpy as np
import pytest

from companion.audio.resample import Resampler, as_float_mono, to_mono_16k

RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000]


def sine(rate: int, freq: float, seconds: float, amplitude: float = 10000.0) -> np.ndarray:
    t = np.arange(round(rate * seconds)) / rate
    return amplitude * np.sin(2 * np.pi * freq * t)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.asarray(x, dtype=np.float64) ** 2)))


@pytest.mark.parametrize("rate", RATES)
def test_tone_keeps_its_frequency_amplitude_and_timing(rate: int) -> None:
    x = sine(rate, 1000.0, 1.0).astype(np.int16)
    y = to_mono_16k(x, rate)
    assert y.dtype == np.int16
    assert y.shape == (16000,)
    expected = sine(16000, 1000.0, 1.0)
    # No delay and no gain change: sample for sample within a couple of LSBs
    # (away from the very edges, where the filter sees the silence outside).
    assert np.abs(y[100:-100] - expected[100:-100]).max() <= 2.0


@pytest.mark.parametrize("rate", RATES)
def test_output_length_is_ceil_of_scaled_input(rate: int) -> None:
    for n in (0, 1, 2, 3, 479, rate // 10 + 7):
        y = to_mono_16k(np.zeros(n, dtype=np.int16), rate)
        assert len(y) == -(-n * 16000 // rate)


@pytest.mark.parametrize(("rate", "freq"), [(48000, 12000.0), (44100, 10000.0), (96000, 20000.0)])
def test_frequencies_above_8k_are_removed_not_folded_back(rate: int, freq: float) -> None:
    y = to_mono_16k(sine(rate, freq, 1.0, 20000.0).astype(np.int16), rate)
    # An alias would land at 16 kHz - freq, in the speech band; it must be < -60 dB.
    assert rms(y[200:-200]) < 20000.0 / np.sqrt(2) * 10 ** (-60 / 20)


def test_passband_is_flat_for_speech_frequencies() -> None:
    for freq in (100.0, 300.0, 3000.0, 6000.0):
        y = to_mono_16k(sine(48000, freq, 1.0).astype(np.int16), 48000)
        gain_db = 20 * np.log10(rms(y[500:-500]) / (10000.0 / np.sqrt(2)))
        assert abs(gain_db) < 0.2, (freq, gain_db)


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_streaming_in_any_blocks_equals_one_shot(rate: int) -> None:
    rng = np.random.default_rng(rate)
    x = (rng.normal(0, 3000, rate * 2) + sine(rate, 440.0, 2.0)).astype(np.int16)
    whole = to_mono_16k(x, rate)
    resampler = Resampler(rate)
    parts = []
    i = 0
    while i < len(x):
        size = int(rng.integers(0, 2500))
        parts.append(resampler.process(x[i : i + size]))
        i += size
    parts.append(resampler.flush())
    streamed = np.concatenate(parts)
    # Same samples exactly, so block boundaries cannot click.
    np.testing.assert_array_equal(streamed, whole)


def test_streaming_output_keeps_up_with_input() -> None:
    resampler = Resampler(44100)
    out = [len(resampler.process(np.zeros(4410, dtype=np.int16))) for _ in range(50)]
    # After the first block, every 100 ms in gives 100 ms (1600 samples) out.
    assert all(abs(n - 1600) <= 1 for n in out[1:])
    assert sum(out) + len(resampler.flush()) == 50 * 1600


def test_stereo_and_multichannel_are_mixed_to_mono() -> None:
    left = sine(48000, 1000.0, 0.5)
    stereo = np.stack([left, -left], axis=1).astype(np.int16)
    assert np.abs(to_mono_16k(stereo, 48000)).max() <= 1
    same = np.stack([left] * 6, axis=1).astype(np.int16)
    mono = to_mono_16k(left.astype(np.int16), 48000)
    np.testing.assert_array_equal(to_mono_16k(same, 48000), mono)


def test_16k_mono_passes_through_unchanged() -> None:
    x = np.random.default_rng(1).integers(-32768, 32767, 5000, dtype=np.int16)
    np.testing.assert_array_equal(to_mono_16k(x, 16000), x)
    np.testing.assert_array_equal(to_mono_16k(x.reshape(-1, 1), 16000), x)


def test_output_is_clipped_not_wrapped() -> None:
    # A full-scale square wave overshoots after low-pass filtering (Gibbs).
    square = np.where(np.sin(2 * np.pi * 500 * np.arange(48000) / 48000) >= 0, 32767, -32768)
    y = to_mono_16k(square.astype(np.int16), 48000)
    assert y.dtype == np.int16
    assert y.max() == 32767 and y.min() == -32768
    # Wrapping would put large negative values next to the positive peaks.
    assert not np.any((y[:-1] > 30000) & (y[1:] < -30000))


def test_sample_formats_are_scaled_to_int16_range() -> None:
    ones = np.ones(4)
    assert as_float_mono((ones * 0.5).astype(np.float32))[0] == pytest.approx(16384.0)
    assert as_float_mono((ones * 255).astype(np.uint8))[0] == pytest.approx(127 * 256.0)
    assert as_float_mono((ones * -(2**31)).astype(np.int32))[0] == pytest.approx(-32768.0)
    assert as_float_mono((ones * 1000).astype(np.int16))[0] == 1000.0
    loud = to_mono_16k(np.full(1000, 4.0, dtype=np.float64), 16000)  # out of range floats
    assert loud.max() == 32767


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        Resampler(0)
    with pytest.raises(ValueError):
        to_mono_16k(np.zeros((2, 2, 2)), 16000)
    with pytest.raises(ValueError):
        to_mono_16k(np.array(["a"]), 16000)


def test_odd_rate_works() -> None:
    y = to_mono_16k(sine(12345, 440.0, 1.0).astype(np.int16), 12345)
    assert len(y) == 16000
    expected = sine(16000, 440.0, 1.0)
    assert np.abs(y[100:-100] - expected[100:-100]).max() <= 2.0
