"""Speech bench: the eval cases spoken in several voices, heard, planned and scored as actions.

Usage: .venv/bin/python bench/voice_bench.py [--voices en-us,en-gb+f3,festival,en-us@20]
         [--limit N] [--cases FILE] [--home FILE] [--mode grammar|free]
         [--room [--stream | --cold] [--pause S]] [--enrol N] [--model DIR | --vosk-model DIR]
         [--accent en-us|en-gb] [--heard FILE]
A voice is an espeak-ng voice, "festival", or VOICE@SNR for a copy mixed with pink noise.
Each turn goes the `hub plan --jsonl` way (Hearing, then the planner, then the daemon's
confidence rule) and is judged with shared/eval/score.py's own rules, so the figures match
`score.py --speak`. Prints per voice: exact actions, wrong actions (sensitive ones apart), WER,
RTF, end of speech to action (p50 / p95 over the turns acted on) and to the reply (p95 over
all turns: asking again and offering back too), and once: load time and RSS, each beside its target,
and a peer for the machine's speed: stock pocketsphinx and the hub's recogniser over the same
first turns of the first voice, from files (the same code's RTF moved by 0.02 between runs).

--room streams each turn the way a microphone in a room delivers it instead: a second of the
room (silence, or the pink noise of VOICE@SNR) before the speech and after it, in 0.1 s chunks
through the daemon's own VoicePipeline.listen (noise suppression, end-pointer, quick end). End
of speech to action is then the audio a person waits through after their last word until the
command is handed on, plus the decoding and planning after that chunk. Each turn is a new
stream there, like a microphone's first utterance: no level known, a noise suppressor that has
not heard the room. --stream plays all of a voice's turns in one stream instead, two seconds of
the room apart, as one microphone hears a day of commands. Either way the recogniser is one,
and carries its cepstral mean from turn to turn; --cold makes a new one for each turn instead,
as a microphone's first command after a start meets it (it takes a second more per turn).
--pause S says every turn of three
words or more in two halves with S seconds of the room between them, as a person looking for a
word does ("turn on the ... kitchen light"); then everything handed on during a turn is planned
in order and judged together (a command may come as two: "turn off the TV", "and close the
blinds").
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# score.py's sox dithers its 16-bit output at random: the same case then sounds a little
# different in each run, and a hearing near a tie moved with it (en-us at 10 dB in one stream:
# 86 to 89 exact of 98 over four runs of the same code). Repeatable mode seeds the dither.
os.environ.setdefault("SOX_OPTS", "-R")

from hub.commands.plan import Hearing, default_cache_dir, load_snapshot, plan_to_json  # noqa: E402
from hub.core.services import needs_confirmation  # noqa: E402
from hub.voice import (  # noqa: E402
    Heard,
    RecognizerPool,
    VoiceCommand,
    VoicePipeline,
    make_recognizer,
)
from hub.voice.accent import AccentLearner  # noqa: E402
from hub.voice.audio import chunked, read_wav, write_wav  # noqa: E402
from hub.voice.engines import ready  # noqa: E402  (as the daemon's pool readies its recogniser)
from hub.voice.numbers import normalise  # noqa: E402
from hub.voice.tts import Speaker  # noqa: E402
from hub.voice.variants import Accent  # noqa: E402
from tests.fixtures.voice import (  # noqa: E402
    add_noise,
    in_room_noise,
    loud_frames,
    rms,
    silence,
    trimmed,
)

# Turns of the first voice also decoded by stock pocketsphinx, for the machine's speed (peer_rtf).
PEER_TURNS = 20
TARGETS = {"exact": ">= 0.95", "wrong_sensitive": "0", "rtf": "< 0.1", "latency_ms": "< 400"}


def wer(ref: str, hyp: str) -> float:
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)] / max(1, len(r))


def speak(text: str, voice: str, score: Any, stem: Path) -> Path:
    """The text in a voice ("festival", an espeak-ng voice, VOICE@SNR with noise) as a WAV."""
    name, _, snr = voice.partition("@")
    wav = stem.with_suffix(".wav")
    if name == "festival" and not text.strip():  # text2wave writes no WAV for silence
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(wav),
                        "trim", "0", "1"], check=True)  # fmt: skip
    else:
        wav = Path(score.speak(text, name, stem.parent, stem.name))
    if snr:
        add_noise(wav, float(snr))
    return wav


class _Quiet(Speaker):
    """Replies are not printed in the bench."""

    async def say(self, text: str, area: str | None = None) -> None:
        return None


def in_room(wav: Path, snr: str, folder: Path) -> tuple[bytes, int]:
    """The clip as a microphone in a room hears it, and where its speech ends (bytes)."""
    pcm = read_wav(wav)
    speech = trimmed(pcm) if loud_frames(pcm) else b""  # the empty case is a second of silence
    if snr and speech:
        return in_room_noise(speech, float(snr), folder), 32000 + len(speech)
    return silence(1.0) + speech + silence(1.0), 32000 + len(speech)


def in_one_room(wavs: list[Path], snr: str, folder: Path) -> list[tuple[bytes, int]]:
    """The clips as one microphone hears them one after another, each with a second of the room
    before and after it; with VOICE@SNR one steady pink noise runs under all of them, at the
    SNR against their speech's RMS (a room's noise does not follow each sentence's loudness)."""
    clips = [in_room(wav, "", folder) for wav in wavs]
    if not snr:
        return clips
    speech = b"".join(pcm[32000:end] for pcm, end in clips)
    noisy = in_room_noise(b"".join(pcm for pcm, _ in clips), float(snr), folder, 0.0, rms(speech))
    out, at = [], 0
    for pcm, end in clips:
        out.append((noisy[at : at + len(pcm)], end))
        at += len(pcm)
    return out


def hear_in_room(pcm: bytes, end: int, ctx: dict[str, Any]) -> list[tuple[Heard, float]]:
    """Stream the room through the daemon's pipeline: the commands it hands on (none if it
    asked again instead), each with the seconds from the end of speech until it was."""
    return hear_in_one_stream([(pcm, end)], ctx)[0]


def said_with_a_pause(text: str, voice: str, score: Any, stem: Path, pause_s: float) -> Path:
    """The text said in two halves with `pause_s` of silence between (three words or more)."""
    words = text.split()
    if len(words) < 3:
        return speak(text, voice, score, stem)
    half = len(words) // 2
    parts = [
        trimmed(read_wav(speak(" ".join(w), voice, score, stem.with_name(f"{stem.name}-{i}"))))
        for i, w in enumerate((words[:half], words[half:]))
    ]
    wav = stem.with_suffix(".wav")
    write_wav(wav, parts[0] + silence(pause_s) + parts[1])
    return wav


def hear_in_one_stream(
    clips: list[tuple[bytes, int]], ctx: dict[str, Any]
) -> list[list[tuple[Heard, float]]]:
    """The clips one after another in one stream, as one microphone hears a day of commands
    (its noise suppressor, level and cepstral mean carry on): per clip, the commands handed on
    while it played, each with the seconds from its end of speech until then (less than 0 for
    one handed on at a pause before the end)."""
    got: list[tuple[Heard, int, float]] = []
    fed = 0

    async def source() -> AsyncIterator[bytes]:
        nonlocal fed
        for pcm, _ in clips:
            for chunk in chunked(pcm):
                fed += len(chunk)
                yield chunk
                await asyncio.sleep(0)

    async def listen() -> None:
        pool = RecognizerPool(ctx["recognizer"], 1)

        async def on_command(cmd: VoiceCommand) -> None:
            got.append((cmd.heard, fed, pipeline.last_latency_s or 0.0))
            ctx["acted"] += 1

        async def on_accent(accent: Accent) -> None:  # as VoiceService does, but for the bench
            hearing = ctx["hearing"]
            hearing.config = hearing.config.model_copy(update={"accent": accent})
            if accent != "en-us":

                def build() -> Any:  # the voice's later turns (a pool per turn) take it too
                    # readied by pool.renew, as the daemon's
                    hearing._recognizer = make_recognizer(hearing.config, ctx["snapshot"])
                    return hearing._recognizer

                await pool.renew(build)
            ctx["accent_at"] = ctx["acted"]

        pipeline = VoicePipeline(
            pool, on_command, ctx["hearing"].config, speaker=_Quiet("none"), on_accent=on_accent
        )
        pipeline.learner = ctx["learner"]  # the household's, across its turns' pipelines
        await pipeline.listen(source(), None, "bench")
        pool.close()

    asyncio.run(listen())
    out: list[list[tuple[Heard, float]]] = []
    start = 0
    for pcm, end in clips:
        out.append(
            [
                (h, (at - start - end) / 32000 + s)
                for h, at, s in got
                if start < at <= start + len(pcm)
            ]
        )
        start += len(pcm)
    return out


def run_voice(
    voice: str, cases: list[dict[str, Any]], ctx: dict[str, Any], tmp: Path
) -> dict[str, Any]:
    """Speak, hear, plan and judge every case in one voice."""
    score, planner, hearing, snap = ctx["score"], ctx["planner"], ctx["hearing"], ctx["snapshot"]
    passed = wrong = wrong_sensitive = 0
    wers: list[float] = []
    latencies: list[float] = []  # to the action, of the turns the hub acted on
    replies: list[float] = []  # to the reply, of every turn (asking again, offering back too)
    decode = audio = 0.0
    # All speech is synthesised first, so the speaking processes do not share the CPU with
    # (and slow down) the recogniser being measured.
    said_as = voice.partition("@")[0] if ctx["room"] else voice  # the room adds its own noise
    if ctx["learner"] is not None:  # voice.accent auto: each voice a household, learnt anew
        hearing.config = hearing.config.model_copy(update={"accent": "auto"})
        hearing._recognizer = ready(make_recognizer(hearing.config, snap))
        ctx["learner"], ctx["acted"], ctx["accent_at"] = AccentLearner(), 0, None
    pause_s = ctx["pause"]
    wavs = {
        (number, index): said_with_a_pause(
            turn["text"], said_as, score, tmp / f"{voice}-{number}.{index}", pause_s
        )
        if pause_s
        else speak(turn["text"], said_as, score, tmp / f"{voice}-{number}.{index}")
        for number, case in enumerate(cases, 1)
        for index, turn in enumerate(case.get("turns") or [case])
    }
    snr = voice.partition("@")[2]
    streamed = {}
    if ctx["stream"]:
        keys = list(wavs)
        clips = in_one_room([wavs[k] for k in keys], snr, tmp)
        streamed = dict(zip(keys, hear_in_one_stream(clips, ctx), strict=True))
    for number, case in enumerate(cases, 1):
        ok = True
        for index, turn in enumerate(case.get("turns") or [case]):
            text, wav = turn["text"], wavs[(number, index)]
            if ctx["stream"]:
                handed = streamed[(number, index)]
            elif ctx["room"]:
                handed = hear_in_room(*in_room(wav, snr, tmp), ctx)
            else:
                heard = hearing.hear(str(wav))
                handed = [(heard, ctx["final_s"](heard))]
            # Asked again: nothing handed on. Said with a pause, a turn may come as two.
            handed = handed or [(Heard("", 0.0), 0.0)]
            area = turn.get("area", case.get("area"))
            calls: list[dict[str, Any]] = []
            for heard, _ in handed:
                t0 = time.perf_counter()  # the recogniser's end-of-utterance work is in decode_s
                plan = hearing.plan(planner, heard, snap, area, f"{voice}-{number}", datetime.now())
                answer = plan_to_json(plan)
                calls += answer["calls"]
                decode, audio = decode + heard.decode_s, audio + heard.audio_s
            answer["calls"] = calls
            # The last thing handed on is the one the person waits for after their last word.
            replies.append(time.perf_counter() - t0 + max(0.0, handed[-1][1]))
            if any(not c.get("confirm") for c in calls):
                latencies.append(replies[-1])
            heard_text = " ".join(h.text for h, _ in handed)
            wers.append(wer(normalise(text), normalise(heard_text)))
            if ctx["heard"] is not None:  # to compare two runs turn by turn
                with ctx["heard"].open("a", encoding="utf-8") as log:
                    sure = ",".join(f"{h.confidence:.2f}" for h, _ in handed)
                    log.write(f"{voice}\t{wers[-1]:.2f}\t{text}\t{heard_text}\t{sure}"
                              f"\t{replies[-1] * 1000:.0f}\n")  # fmt: skip
            missed = score.judge(turn["expect"], answer, ctx["ids"])
            ok &= not missed
            if missed and not score.acted_wrongly(turn["expect"], answer, ctx["ids"]):
                print(f"  miss  [{voice}] {text!r} heard {said(handed)}")
            if score.acted_wrongly(turn["expect"], answer, ctx["ids"]):
                wrong += 1
                # Sensitive as the hub defines it (what waits for a yes): unlocking, opening a
                # garage door, disarming; not opening the blinds.
                wrong_sensitive += any(
                    needs_confirmation(c["service"], e.spec.sensitive)
                    for c in answer["calls"]
                    if not c.get("confirm")
                    for i in c.get("entity_id") or ()
                    if (e := snap.entities.get(i)) is not None
                )
                print(f"  wrong [{voice}] {text!r} heard {said(handed)}")
        passed += ok
    latencies.sort()
    replies.sort()
    if ctx["learner"] is not None:
        vote, told = ctx["learner"].vote, ctx["learner"].accent
        print(f"  accent [{voice}] {told} ({vote.british} of {vote.british + vote.american} "
              f"words British), told after {ctx['accent_at']} commands acted on")  # fmt: skip
    return {
        "voice": voice,
        "exact": f"{passed}/{len(cases)}",
        "exact_rate": round(passed / len(cases), 3),
        "wrong": wrong,
        "wrong_sensitive": wrong_sensitive,
        "wer": round(sum(wers) / len(wers), 3),
        "rtf": round(decode / max(audio, 1e-9), 3),
        "latency_ms_p50": percentile_ms(latencies, 0.5),
        "latency_ms_p95": percentile_ms(latencies, 0.95),
        "reply_ms_p95": percentile_ms(replies, 0.95),
    }


def peer_rtf(texts: list[str], voice: str, ctx: dict[str, Any], tmp: Path) -> tuple[float, float]:
    """RTF of stock pocketsphinx (its en-us model and LM, default settings) and of the hub's
    recogniser over the same clips, in this run: the machine's speed, which moves from run to
    run, moves both alike."""
    import pocketsphinx

    stock = pocketsphinx.Decoder(loglevel="FATAL")
    stock_s = stock_audio = ours_s = ours_audio = 0.0
    for i, text in enumerate(texts):
        wav = speak(text, voice, ctx["score"], tmp / f"peer-{i}")
        pcm = read_wav(wav)
        t0 = time.perf_counter()
        stock.start_utt()
        stock.process_raw(pcm, False, True)
        stock.end_utt()
        stock_s += time.perf_counter() - t0
        stock_audio += len(pcm) / 32000
        heard = ctx["hearing"].hear(str(wav))
        ours_s, ours_audio = ours_s + heard.decode_s, ours_audio + heard.audio_s
    return stock_s / stock_audio, ours_s / ours_audio


def said(handed: list[tuple[Heard, float]]) -> str:
    """What was heard, for a miss: each hearing handed on during the turn with its confidence."""
    return " then ".join(f"{h.text!r} conf={h.confidence:.2f}" for h, _ in handed)


def percentile_ms(sorted_s: list[float], q: float) -> int | None:
    return round(1000 * sorted_s[int(q * (len(sorted_s) - 1))]) if sorted_s else None


def load_score(home: Path) -> Any:
    """../shared/eval/score.py, which sits beside the reference home (the cases may be
    elsewhere: not_for_the_home.yaml)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", home.with_name("score.py"))
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def resident_mb() -> float:
    """The process's resident memory now (not its peak: an enrolment before the recogniser is
    built would otherwise leave nothing to measure)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def enrol_voices(
    args: argparse.Namespace, cases: list[dict[str, Any]], score: Any, noise_suppression: int
) -> tuple[Path, str]:
    """An acoustic model adapted to every voice of the run (`hub voice enrol`'s way): each
    reads the same N training sentences, clean (a voice under noise is the same person)."""
    from hub.voice.enrol import dictionary, enrol, prompts

    said = {normalise(t["text"]) for c in cases for t in c.get("turns") or [c]}
    texts = [t for t in prompts(args.enrol + len(said), knows=dictionary()) if t not in said][
        : args.enrol
    ]
    voices = sorted({v.partition("@")[0] for v in args.voices.split(",")})
    if args.model is None:
        kept = tempfile.mkdtemp(prefix="enrolled-")
        atexit.register(shutil.rmtree, kept, True)
    model = args.model or Path(kept) / "model"
    with tempfile.TemporaryDirectory() as tmp:
        sentences = [
            (read_wav(speak(text, voice, score, Path(tmp) / f"{voice}-{n}")), text)
            for voice in voices
            for n, text in enumerate(texts)
        ]
    t0 = time.perf_counter()
    done = enrol(sentences, model, noise_suppression=noise_suppression, accent=args.accent)
    summary = (
        f"enrolled {', '.join(voices)}: {args.enrol} sentences each, {done.aligned} of "
        f"{done.sentences} aligned, {done.frames / 100:.0f} s of speech, "
        f"adapted in {time.perf_counter() - t0:.0f} s; accent heard: "
        f"{done.accent.as_json() if done.accent else None}\n"
    )
    return model, summary


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voices", default="en-us,en-gb+f3,festival,en-us@10")
    ap.add_argument("--cases", type=Path, default=ROOT.parent / "shared/eval/commands.yaml")
    ap.add_argument("--home", type=Path, default=ROOT.parent / "shared/eval/home.yaml")
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases")
    ap.add_argument("--mode", choices=("grammar", "free"), default="grammar",
                    help="grammar: the home's command language; free: any words (pocketsphinx's trigram LM, Vosk's own graph)")  # fmt: skip
    ap.add_argument("--room", action="store_true",
                    help="stream each turn with a second of the room around it, as a microphone")  # fmt: skip
    ap.add_argument("--stream", action="store_true",
                    help="with --room: all of a voice's turns in one stream")  # fmt: skip
    ap.add_argument("--cold", action="store_true",
                    help="with --room: a new recogniser for each turn, as after a start")  # fmt: skip
    ap.add_argument("--pause", type=float, default=0.0, metavar="S",
                    help="with --room: say each turn in two halves, S seconds apart")  # fmt: skip
    ap.add_argument("--enrol", type=int, default=0, metavar="N",
                    help="first enrol each voice (noise apart) with N training sentences, none "
                         "of them a case, and hear with the model adapted to all of them")  # fmt: skip
    ap.add_argument("--model", type=Path, metavar="DIR",
                    help="hear with this acoustic model (`hub voice enrol`'s); with --enrol, "
                         "where the enrolled model is kept")  # fmt: skip
    ap.add_argument("--vosk-model", type=Path, metavar="DIR",
                    help="hear with Vosk over this model (an English one, as `hub voice "
                         "download` fetches; bench/vosk_bench.py measures the Korean one)")  # fmt: skip
    ap.add_argument("--accent", choices=("en-us", "en-gb", "auto"), default="en-us",
                    help="voice.accent: how the voices speak English (en-gb: hear British too; auto: "
                         "learn it from each voice's commands, as from nothing, needs --room)")  # fmt: skip
    ap.add_argument("--heard", type=Path, metavar="FILE",
                    help="append each turn (voice, WER, said, heard, confidence, ms to the reply) to FILE, tab-separated")  # fmt: skip
    args = ap.parse_args()
    if args.vosk_model and (args.enrol or args.model):
        ap.error("--enrol and --model adapt pocketsphinx's model, not Vosk's")
    if args.pause and not (args.room or args.stream):
        ap.error("--pause needs --room: a pause is heard by the end-pointer")
    if args.accent == "auto" and not (args.room or args.stream):
        ap.error("--accent auto needs --room: the accent is learnt from the commands heard")
    if args.cold and (args.stream or not args.room):
        ap.error("--cold needs --room, and a stream per turn (not --stream)")
    import yaml

    from intents import Planner, train_embedded

    score = load_score(args.home)
    snap = load_snapshot(args.home)
    cases = yaml.safe_load(args.cases.read_text())["cases"]
    cases = cases[: args.limit] if args.limit else cases
    hearing = Hearing(snap)
    hearing.config = hearing.config.model_copy(update={"mode": args.mode, "accent": args.accent})
    enrolled, model = "", args.model
    if args.enrol:
        model, enrolled = enrol_voices(args, cases, score, hearing.config.noise_suppression)
    elif model is not None:
        enrolled = f"acoustic model {model}: {(model / 'enrolment.json').read_text().strip()}\n"
    hearing.config = hearing.config.model_copy(
        update={"acoustic_model": model, "vosk_model": args.vosk_model}
    )
    rss0 = resident_mb()
    t0 = time.perf_counter()
    hearing._recognizer = ready(make_recognizer(hearing.config, snap))
    load_s = time.perf_counter() - t0
    rss_asr = resident_mb() - rss0
    ctx = {
        "score": score,
        "planner": Planner(train_embedded(cache_dir=default_cache_dir())),
        "hearing": hearing,
        "snapshot": snap,
        "ids": list(snap.entities),
        # end of speech -> text: the work final() does after the last chunk
        "final_s": lambda h: getattr(hearing._recognizer, "last_final_s", 0.0),
        "room": args.room or args.stream,
        "stream": args.stream,
        # what the pipeline's pool lends for each stream: the one recogniser, or a new one
        "recognizer": (lambda: ready(make_recognizer(hearing.config, snap)))  # as learnt (auto)
        if args.cold
        else (lambda: hearing._recognizer),
        "pause": args.pause,
        "heard": args.heard,
        # voice.accent auto: the household's learner; None when the accent is given
        "learner": AccentLearner() if args.accent == "auto" else None,
        "acted": 0,
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for voice in args.voices.split(","):
            rows.append(run_voice(voice, cases, ctx, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the peer's
        peer = None
        if hearing._recognizer.engine == "pocketsphinx":
            first = args.voices.split(",")[0]
            texts = [t["text"] for c in cases for t in (c.get("turns") or [c])][:PEER_TURNS]
            peer = (first, len(texts), *peer_rtf(texts, first, ctx, Path(tmp)))
    engine = hearing._recognizer.engine
    missing = len(getattr(hearing._recognizer, "missing", ()))
    print(f"\n{enrolled}engine {engine}{f' ({missing} grammar words missing)' if missing else ''}, {args.mode} mode{f', accent {args.accent}' if args.accent != 'en-us' else ''}{', in a room' if args.room or args.stream else ''}{' (one stream)' if args.stream else ''}{' (a new recogniser per turn)' if args.cold else ''}{f', a {args.pause:g} s pause mid-turn' if args.pause else ''}; load {load_s:.2f} s; recogniser RSS "
          f"{rss_asr:.0f} MB; process peak RSS "
          f"{peak_mb:.0f} MB")  # fmt: skip
    print(
        f"{'voice':14} {'exact':>7} {'wrong':>5} {'sens':>4} {'WER':>6} {'RTF':>6} {'p50ms':>6} {'p95ms':>6} {'reply95':>7}"
    )
    for r in rows:
        r = {k: "-" if v is None else v for k, v in r.items()}  # no turn acted on: no latency
        print(f"{r['voice']:14} {r['exact']:>7} {r['wrong']:>5} {r['wrong_sensitive']:>4} "
              f"{r['wer']:>6} {r['rtf']:>6} {r['latency_ms_p50']:>6} {r['latency_ms_p95']:>6} {r['reply_ms_p95']:>7}")  # fmt: skip
    print(
        f"{'target':14} {'>=95%':>7} {'min':>5} {'0':>4} {'':>6} {'<0.1':>6} {'<400':>6} {'<400':>6}"
    )
    if peer is not None:
        voice, n, stock, ours = peer
        print(f"peer, same run, first {n} turns in {voice} from files: stock pocketsphinx (en-us LM) "
              f"RTF {stock:.3f}; the hub's grammar decoding {ours:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
