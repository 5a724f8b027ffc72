"""Speech bench: per engine and mode, exact text and WER over synthesised commands, speed, memory.

Usage: .venv/bin/python bench/voice_bench.py [--engine pocketsphinx|vosk] [--mode grammar|free]
         [--voices us170,gb140,usf150,slt] [--noise 20,10] [--limit N] [--home FILE] [--vosk-model DIR]
Commands are those of shared/research/voice/make_wavs.sh; numbers are spoken as words.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.voice import VoiceConfig, build_grammar, make_recognizer
from hub.voice.audio import chunked, read_wav
from tests.fixtures.voice import synth, voices

COMMANDS = [
    "turn on the kitchen light", "turn off the kitchen light", "switch off the floor lamp",
    "turn off all the lights in the bedroom", "turn on the porch light", "toggle the desk lamp",
    "set the kitchen light to seventy five percent", "dim the floor lamp to thirty percent",
    "turn the tv backlight blue", "change the garden lights to red",
    "set the thermostat to twenty one degrees", "open the garage door", "close the garage door",
    "close the living room blinds", "lock the front door", "unlock the back door",
    "turn on the coffee maker", "turn off the space heater", "turn on the christmas tree",
    "what is the temperature in the bedroom",
]  # fmt: skip
SENSITIVE = ("unlock", "open the garage", "disarm")
TARGETS = {"exact_clean_grammar": 0.95, "rtf": 0.1, "latency_s": 0.4}


def wer(ref: str, hyp: str) -> float:
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)] / max(1, len(r))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default="pocketsphinx", choices=["pocketsphinx", "vosk"])
    ap.add_argument("--mode", default="grammar", choices=["grammar", "free"])
    ap.add_argument("--voices", default=",".join(voices()))
    ap.add_argument("--noise", default="20,10", help="SNRs (dB) for noisy us170 copies; '' none")
    ap.add_argument("--limit", type=int, default=len(COMMANDS))
    ap.add_argument("--home", type=Path, default=Path("../shared/eval/home.yaml"))
    ap.add_argument("--vosk-model", type=Path)
    args = ap.parse_args()
    snapshot = None
    if args.home.is_file():
        from hub.commands.plan import load_snapshot

        snapshot = load_snapshot(args.home)
    cfg = VoiceConfig(engine=args.engine, mode=args.mode, vosk_model=args.vosk_model)
    t0 = time.perf_counter()
    rec = make_recognizer(
        cfg, grammar=build_grammar(None, snapshot) if args.mode == "grammar" else None
    )
    load_s = time.perf_counter() - t0
    rss_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cases = [(c, v, None) for c in COMMANDS[: args.limit] for v in args.voices.split(",") if v]
    cases += [
        (c, "us170", float(s))
        for c in COMMANDS[: args.limit : 3]
        for s in args.noise.split(",")
        if s
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (text, voice, snr) in enumerate(cases):
            wav = synth(text, Path(tmp) / f"{i}.wav", voice, snr)
            rec.start()
            for chunk in chunked(read_wav(wav)):
                rec.accept_waveform(chunk)
            t1 = time.perf_counter()
            heard = rec.final()
            latency = time.perf_counter() - t1
            hyp = heard.text
            acted = heard.complete and heard.confidence >= cfg.min_confidence
            wrong_sensitive = acted and hyp != text and hyp.startswith(SENSITIVE)
            rows.append({"text": text, "voice": voice, "snr": snr, "heard": hyp,
                         "exact": hyp == text, "wer": wer(text, hyp), "conf": heard.confidence,
                         "acted": acted, "wrong_acted": acted and hyp != text,
                         "wrong_sensitive": wrong_sensitive, "rtf": heard.decode_s / heard.audio_s,
                         "latency_s": latency})  # fmt: skip
            print(f"{'OK ' if hyp == text else 'ERR'} {voice:6} {snr or '':4} {text!r} -> {hyp!r} "
                  f"conf={heard.confidence:.2f}", flush=True)  # fmt: skip
    by: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        key = str(r["voice"]) + ("" if r["snr"] is None else f"-snr{r['snr']:.0f}")
        by.setdefault(key, []).append(r)
    summary = {
        "engine": args.engine, "mode": args.mode, "files": len(rows), "load_s": round(load_s, 2),
        "rss_after_load_mb": round(rss_load), "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "exact": round(sum(r["exact"] for r in rows) / len(rows), 3),
        "wer": round(sum(r["wer"] for r in rows) / len(rows), 3),  # type: ignore[misc]
        "wrong_acted": sum(bool(r["wrong_acted"]) for r in rows),
        "wrong_sensitive": sum(bool(r["wrong_sensitive"]) for r in rows),
        "rtf": round(sum(r["rtf"] for r in rows) / len(rows), 3),  # type: ignore[misc]
        "latency_s_mean": round(sum(r["latency_s"] for r in rows) / len(rows), 3),  # type: ignore[misc]
        "per_voice": {k: {"exact": f"{sum(r['exact'] for r in v)}/{len(v)}",
                          "wer": round(sum(r["wer"] for r in v) / len(v), 3)}  # type: ignore[misc]
                      for k, v in by.items()},
        "targets": TARGETS,
    }  # fmt: skip
    print("SUMMARY " + json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
