"""`hub listen FILE.wav`, `hub voice download URL --sha256 HEX`, `hub voice check`,
`hub voice enrol`."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add `hub listen` and `hub voice ...` to the `hub` parser."""
    listen: argparse.ArgumentParser = sub.add_parser("listen", help="recognise a WAV file")
    listen.add_argument("file", type=Path, help="a WAV file (any rate; mixed down to 16 kHz mono)")
    listen.add_argument("--area", help="the room it was heard in")
    _engine_args(listen)
    listen.set_defaults(func=run_listen)

    voice: argparse.ArgumentParser = sub.add_parser("voice", help="speech models and grammar")
    inner = voice.add_subparsers(dest="voice_command", metavar="ACTION", required=True)
    dl = inner.add_parser("download", help="fetch, verify and unpack a Vosk model")
    dl.add_argument("url")
    dl.add_argument("--sha256", required=True, help="expected SHA-256 of the archive (hex)")
    dl.add_argument("--dest", type=Path, default=Path("data/voice"), help="where to unpack")
    dl.set_defaults(func=run_download)
    check = inner.add_parser("check", help="list grammar words the model cannot hear")
    _engine_args(check)
    check.set_defaults(func=run_check)
    enrol = inner.add_parser(
        "enrol",
        help="adapt the speech model to the people of the home (each reads sentences aloud)",
        description="Each person reads the sentences shown (the same ones for everyone); the "
        "model is then adapted to all the voices enrolled so far and used from the next start. "
        "The recordings stay in DATA_DIR/voice/enrolment so the next person adds to them.",
    )
    enrol.add_argument("--config", type=Path, help="hub.yaml (default: ./hub.yaml if present)")
    enrol.add_argument("--data-dir", type=Path, help="the hub's data_dir (default: hub.yaml's)")
    enrol.add_argument("--count", type=int, default=50, help="sentences to read (default 50)")
    enrol.add_argument(
        "--wavs", type=Path, help="instead of the microphone: a folder of NAME.wav + NAME.txt"
    )
    enrol.add_argument("--device", help="microphone (PortAudio name or index); default input")
    enrol.add_argument("--rate", type=int, default=16000, help="the microphone's sample rate")
    enrol.add_argument("--forget", action="store_true", help="delete recordings and model")
    enrol.set_defaults(func=run_enrol)


def _engine_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", type=Path, help="home file: its names and aliases join the grammar")
    p.add_argument("--vosk-model", type=Path, help="Vosk model directory (default: pocketsphinx)")
    p.add_argument("--free", action="store_true", help="free-form, no grammar")
    p.add_argument(
        "--acoustic-model", type=Path, help="pocketsphinx model (e.g. data/voice/adapted)"
    )
    p.add_argument(
        "--accent",
        choices=["en-us", "en-gb"],
        default="en-us",
        help="voice.accent (en-gb: British)",
    )


def _config(args: argparse.Namespace) -> Any:
    from hub.voice import VoiceConfig

    return VoiceConfig(
        vosk_model=args.vosk_model,
        mode="free" if args.free else "grammar",
        acoustic_model=args.acoustic_model,
        accent=args.accent,
    )


def _snapshot(args: argparse.Namespace) -> Any:
    if args.home is None:
        return None
    from hub.commands.plan import load_snapshot

    return load_snapshot(args.home)


def run_listen(args: argparse.Namespace) -> int:
    """Print what was heard as JSON (exit 1 when nothing was)."""
    from hub.voice import make_recognizer, transcribe_file

    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    config = _config(args)
    rec = make_recognizer(config, _snapshot(args))
    heard = transcribe_file(args.file, rec, config.noise_suppression)
    out = {
        "heard": heard.text,
        "confidence": round(heard.confidence, 3),
        "complete": heard.complete,
        "area": args.area,
        "engine": heard.engine,
        "audio_s": round(heard.audio_s, 2),
        "decode_s": round(heard.decode_s, 3),
    }
    if heard.free_text:  # a doubtful hearing, heard again free-form (voice.free_fallback)
        out["free"] = heard.free_text
    print(json.dumps(out))
    return 0 if heard.text else 1


def run_check(args: argparse.Namespace) -> int:
    """Exit 0 when every grammar word is in the model's vocabulary, else 1 with the list."""
    from hub.voice import build_grammar, make_recognizer

    grammar = build_grammar(None, _snapshot(args))
    rec = make_recognizer(_config(args), grammar=grammar)
    missing = sorted(w for w in grammar.words() if not rec.vocabulary_has(w))
    print(f"{len(grammar.words())} grammar words; {rec.engine}")
    for word, phones in getattr(rec, "spelled", {}).items():
        print(f"spelled: {word} {phones}")  # from dictionary words it is made of
    for word in missing:
        print(f"missing: {word}")
    return 1 if missing else 0


def run_download(args: argparse.Namespace) -> int:
    """Download to a temp file, check SHA-256, unpack (zip or tar) safely into --dest."""
    want = args.sha256.strip().lower()
    args.dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dest) as tmp:
        archive = Path(tmp) / "model.archive"
        digest = hashlib.sha256()
        with urllib.request.urlopen(args.url, timeout=60) as resp, archive.open("wb") as f:
            while block := resp.read(1 << 20):
                digest.update(block)
                f.write(block)
        if digest.hexdigest() != want:
            print(f"sha256 mismatch: got {digest.hexdigest()}, want {want}", file=sys.stderr)
            return 1
        unpacked = Path(tmp) / "out"
        unpack(archive, unpacked)
        for item in unpacked.iterdir():
            target = args.dest / item.name
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            shutil.move(str(item), target)
            print(f"model unpacked to {target}")
    return 0


def unpack(archive: Path, dest: Path) -> None:
    """Unpack a zip or tar archive, refusing members that would land outside dest."""
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                if not (root / name).resolve().is_relative_to(root):
                    raise ValueError(f"unsafe path in archive: {name}")
            z.extractall(dest)
        return
    with tarfile.open(archive) as t:
        t.extractall(dest, filter="data")  # "data" refuses links and paths leaving dest


def run_enrol(args: argparse.Namespace) -> int:
    """Record (or take) sentences, keep them with the earlier ones, adapt the model to all."""
    from hub.config import load_config
    from hub.core import ConfigError
    from hub.voice.accent import ACCENT_FILE, write_learnt
    from hub.voice.audio import read_wav, write_wav
    from hub.voice.enrol import enrol

    try:  # the data_dir the daemon reads, and the noise suppression it hears through
        config = load_config(args.config)
    except ConfigError as exc:
        print("\n".join(exc.errors), file=sys.stderr)
        return 2
    voice_dir = (args.data_dir or config.data_dir) / "voice"
    kept, model = voice_dir / "enrolment", voice_dir / "adapted"
    if args.forget:
        for d in (kept, model):
            shutil.rmtree(d, ignore_errors=True)
        print(f"forgot the enrolment recordings and the adapted model in {voice_dir}")
        return 0
    kept.mkdir(parents=True, exist_ok=True)
    if args.wavs is not None:
        new = [(read_wav(w), w.with_suffix(".txt").read_text().strip())
               for w in sorted(args.wavs.glob("*.wav")) if w.with_suffix(".txt").is_file()]  # fmt: skip
    else:
        device = int(args.device) if args.device and args.device.isdigit() else args.device
        new = asyncio.run(_record(args.count, device, args.rate))
    if not new:
        where = f"no NAME.wav with a NAME.txt in {args.wavs}" if args.wavs else "nothing heard"
        print(f"no sentences to enrol: {where}", file=sys.stderr)
        return 1
    first = len(list(kept.glob("*.wav")))
    for n, (pcm, text) in enumerate(new, first):
        write_wav(kept / f"{n:05d}.wav", pcm)
        (kept / f"{n:05d}.txt").write_text(text + "\n")
    every = [(read_wav(w), w.with_suffix(".txt").read_text().strip())
             for w in sorted(kept.glob("*.wav"))]  # fmt: skip
    print(f"adapting to {len(every)} sentences ({len(new)} new)...")
    try:
        done = enrol(
            every,
            model,
            noise_suppression=config.voice.noise_suppression,
            accent=None if config.voice.accent == "auto" else config.voice.accent,
        )
    except ValueError as exc:
        print(f"enrolment failed: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(done.as_json()))
    print(f"adapted model written to {model}; the hub uses it from its next start")
    heard = done.accent.accent if done.accent is not None else None
    if heard is not None and config.voice.accent == "auto":
        assert done.accent is not None
        write_learnt(voice_dir, heard, done.accent)
        print(f"your words sounded {'British' if heard == 'en-gb' else 'American'}: the hub "
              f"hears you that way from its next start ({voice_dir / ACCENT_FILE})")  # fmt: skip
    elif heard is not None and heard != config.voice.accent:
        vote = done.accent
        assert vote is not None
        print(
            f"your words sounded {'British' if heard == 'en-gb' else 'American'} ({vote.british} "
            f"of {vote.british + vote.american} took their British pronunciation): set "
            f"voice.accent: {heard} in hub.yaml to be heard that way"
        )
    return 0


async def _record(count: int, device: str | int | None, rate: int) -> list[tuple[bytes, str]]:
    """Show each sentence and keep what the microphone hears next."""
    from hub.voice.audio import microphone_chunks
    from hub.voice.enrol import dictionary, prompts, record

    texts = prompts(count, knows=dictionary())
    print("Read each sentence aloud after it appears, as you would say a command.")
    mic = microphone_chunks(device, rate)
    try:
        return await record(texts, mic, lambda n, text: print(f"[{n}/{len(texts)}] {text}"))
    finally:
        await mic.aclose()  # type: ignore[attr-defined]
