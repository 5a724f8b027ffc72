"""Two rooms, one recogniser: does each room's hearing keep to its own acoustics?

    .venv/bin/python bench/voice_rooms.py [--rooms en-us,festival@10] [--limit N]

Each dev case is said in room A, then in room B, turn about, into two microphone streams that
run at once through the daemon's own VoicePipeline.listen with a pool of ONE recogniser (as a
Raspberry Pi serving two rooms would). A room is a voice, VOICE@SNR for steady pink noise
under it. Each command handed on is planned and judged as in bench/voice_bench.py. The peer,
in the same run: every room starting from the cepstral means the recogniser was last left in
by whichever room spoke (sphinx.ROOM_MEANS off), as before rooms kept their own.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.voice_bench import _Quiet, in_room, load_score, speak
from hub.commands.plan import Hearing, default_cache_dir, load_snapshot, plan_to_json
from hub.voice import RecognizerPool, VoiceCommand, VoicePipeline, make_recognizer, sphinx
from hub.voice.audio import chunked
from tests.fixtures.voice import in_room_noise, rms, silence

ROOT = Path(__file__).resolve().parents[1]


def rooms_at_once(
    clips: dict[str, list[tuple[bytes, int]]], snrs: dict[str, str], hearing: Hearing, tmp: Path
) -> dict[str, list[list[Any]]]:
    """Room A's turn, then room B's, each in its own stream (the other room only its own
    background meanwhile: silence, or its steady noise), both streams played at once into one
    pipeline with one recogniser: per room and turn, the hearings handed on while it was said."""
    names = list(clips)
    streams: dict[str, bytes] = {}
    spans: dict[str, list[tuple[int, int]]] = {n: [] for n in names}
    for name in names:
        parts, speech, at = [], [], 0
        for turn in range(len(clips[names[0]])):
            for other in names:
                pcm, end = clips[other][turn]
                if other == name:
                    spans[name].append((at, at + len(pcm)))
                    speech.append(pcm[32000:end])
                    parts.append(pcm)
                else:
                    parts.append(silence(len(pcm) / 32000))
                at += len(pcm)
        stream = b"".join(parts)
        if snrs[name]:  # one steady noise under the whole stream, at the SNR against its speech
            stream = in_room_noise(stream, float(snrs[name]), tmp, 0.0, rms(b"".join(speech)))
        streams[name] = stream
    got: dict[str, list[tuple[Any, int]]] = {n: [] for n in names}
    fed = dict.fromkeys(names, 0)

    async def source(name: str) -> AsyncIterator[bytes]:
        for chunk in chunked(streams[name]):
            fed[name] += len(chunk)
            yield chunk
            await asyncio.sleep(0)

    async def run() -> None:
        pool = RecognizerPool(lambda: hearing._recognizer, 1)

        def handler(name: str) -> Any:
            async def on_command(cmd: VoiceCommand) -> None:
                got[name].append((cmd.heard, fed[name]))

            return on_command

        try:
            await asyncio.gather(
                *(
                    VoicePipeline(pool, handler(n), hearing.config, speaker=_Quiet("none")).listen(
                        source(n), None, n
                    )
                    for n in names
                )
            )
        finally:
            pool.close()

    asyncio.run(run())
    return {
        n: [[h for h, pos in got[n] if start < pos <= end] for start, end in spans[n]]
        for n in names
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rooms", default="en-us,festival@10", help="room A's voice, room B's")
    ap.add_argument("--cases", type=Path, default=ROOT.parent / "shared/eval/commands.yaml")
    ap.add_argument("--home", type=Path, default=ROOT.parent / "shared/eval/home.yaml")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    import yaml

    from intents import Planner, train_embedded

    score = load_score(args.home)
    snap = load_snapshot(args.home)
    cases = yaml.safe_load(args.cases.read_text())["cases"]
    # Single turns with words: a follow-up's meaning depends on its own room's last turn.
    turns = [c for c in cases if not c.get("turns") and c["text"].strip()][: args.limit or None]
    planner = Planner(train_embedded(cache_dir=default_cache_dir()))
    ids = list(snap.entities)
    rooms = args.rooms.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        clips, snrs = {}, {}
        for room in rooms:
            voice, _, snrs[room] = room.partition("@")
            clips[room] = [
                in_room(speak(t["text"], voice, score, Path(tmp) / f"{room}-{i}"), "", Path(tmp))
                for i, t in enumerate(turns)
            ]
        print(f"{len(turns)} single-turn cases, said in {' then '.join(rooms)} turn about; "
              "exact actions per room (one recogniser)")  # fmt: skip
        for own in (False, True):
            sphinx.ROOM_MEANS = own
            hearing = Hearing(snap)
            hearing._recognizer = make_recognizer(hearing.config, snap)
            heard = rooms_at_once(clips, snrs, hearing, Path(tmp))
            row = []
            for room in rooms:
                exact = 0
                for i, turn in enumerate(turns):
                    calls: list[dict[str, Any]] = []
                    answer: dict[str, Any] = {"calls": [], "asks": [], "reply": ""}
                    for h in heard[room][i]:
                        plan = hearing.plan(planner, h, snap, turn.get("area"), f"{room}-{i}",
                                            datetime.now())  # fmt: skip
                        answer = plan_to_json(plan)
                        calls += answer["calls"]
                    answer["calls"] = calls
                    exact += not score.judge(turn["expect"], answer, ids)
                row.append(f"{room} {exact}/{len(turns)}")
            label = "each room its own means" if own else "one shared mean (peer)"
            print(f"  {label:26} " + "   ".join(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
