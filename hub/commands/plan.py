"""`hub plan`: understand text against a home file (a dry run), once or as the JSONL planner protocol."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from hub.core import HomeSnapshot, Plan
    from hub.voice import Heard, Recognizer
    from hub.voice.accent import AccentLearner
    from hub.voice.variants import AccentSetting
    from intents import NluEngine, Planner


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("plan", help="understand a command against a home file (dry run)")
    p.add_argument("--home", type=Path, required=True, help="home file (areas and entities)")
    p.add_argument(
        "--jsonl", action="store_true", help="speak the planner protocol on stdin/stdout"
    )
    p.add_argument("--area", help="the room the command was heard in")
    p.add_argument("--engine", choices=["embedded", "rasa"], default="embedded")
    p.add_argument(
        "--rasa-url", default="http://127.0.0.1:5005", help="Rasa server (--engine rasa)"
    )
    p.add_argument("--cache-dir", type=Path, default=None, help="where the trained model is cached")
    p.add_argument(
        "--acoustic-model",
        type=Path,
        help="hear audio with this pocketsphinx model (`hub voice enrol` writes data/voice/adapted)",
    )
    p.add_argument(
        "--accent",
        choices=["auto", "en-us", "en-gb"],
        default="auto",
        help="how the speakers of audio requests speak English (voice.accent; auto: learnt "
        "from the requests heard)",
    )
    p.add_argument("text", nargs="?", help="what was said (one-off use)")
    p.set_defaults(func=run)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lamhub"


def make_engine(args: argparse.Namespace) -> NluEngine:
    """The understanding engine named on the command line (the seam for the Rasa backend)."""
    if args.engine == "rasa":
        from hub.rasa_engine import RasaEngine, RasaUnavailable

        engine = RasaEngine(args.rasa_url)
        try:  # fail at start with the cause, not on the first request of a JSONL session
            engine.parse("hello")
        except RasaUnavailable as exc:
            raise SystemExit(f"hub plan: {exc} (start one with scripts/rasa.sh start)") from None
        return engine
    from intents import train_embedded

    return train_embedded(cache_dir=args.cache_dir or default_cache_dir())


def load_snapshot(path: Path) -> HomeSnapshot:
    from hub.core import Entity, EntityState, HomeSnapshot
    from integrations.virtual import load_home

    home = load_home(path)
    return HomeSnapshot(
        areas={a.id: a for a in home.areas},
        entities={s.entity_id: Entity(s, EntityState("unknown")) for s in home.entities},
    )


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "calls": [c.to_json() for c in plan.calls],
        "asks": [a.to_json() for a in plan.asks],
        "reply": plan.reply,
    }


class Hearing:
    """Speech for the planner protocol: recognised like the daemon does, built on first use."""

    def __init__(self, snapshot: HomeSnapshot) -> None:
        from hub.voice import VoiceConfig

        self.snapshot = snapshot
        self.config = VoiceConfig()
        self._recognizer: Recognizer | None = None
        self._learner: AccentLearner | None = None

    def hear(self, path: str) -> Heard:
        from hub.voice import make_recognizer, transcribe_file
        from hub.voice.accent import AccentLearner

        if self._recognizer is None:
            self._recognizer = make_recognizer(self.config, self.snapshot)
        if self._learner is None and self.config.learns_accent():
            self._learner = AccentLearner()
        return transcribe_file(path, self._recognizer, self.config.noise_suppression)

    def learn(self, heard: Heard) -> None:
        """voice.accent auto: a hearing acted on teaches the accent, as VoicePipeline.handle
        does; once told, the requests after are heard that way."""
        if self._learner is None:
            return
        told = self._learner.learn(heard, self.config.min_confidence)
        if told is not None and told != self.config.spoken_accent():
            self.config = self.config.model_copy(update={"accent": told})
            self._recognizer = None  # built again, that way, for the next request

    def plan(
        self,
        planner: Planner,
        heard: Heard,
        snapshot: HomeSnapshot,
        area: str | None,
        session: str | None,
        now: datetime,
    ) -> Plan:
        """The daemon's rule (VoicePipeline.handle, then Conversation): a doubtful hearing is
        asked again, or offered back held when it was heard free-form; a sensitive command
        needs a clear hearing. A doubtful hearing never reaches the planner's session."""
        from hub.conversation import DOUBTFUL
        from hub.core import Plan
        from hub.core.services import needs_confirmation
        from hub.voice.pipeline import rest_missed

        cfg = self.config
        if heard.doubtful(cfg.min_confidence):
            if heard.free_text:
                return planner.plan(heard.free_text, snapshot, area, session, now, hold=True)
            return Plan(reply=DOUBTFUL)
        plan = planner.plan(heard.text, snapshot, area, session, now)
        sensitive = any(
            needs_confirmation(c.service, e.spec.sensitive)
            for c in plan.calls
            if not c.confirm
            for i in c.entity_ids
            if (e := snapshot.entities.get(i)) is not None
        )
        if sensitive and heard.confidence < cfg.sensitive_confidence:
            return Plan(reply=DOUBTFUL)
        return replace(plan, reply=rest_missed(plan.reply)) if heard.left_out else plan


def serve_jsonl(
    planner: Planner,
    snapshot: HomeSnapshot,
    stdin: TextIO,
    stdout: TextIO,
    acoustic_model: Path | None = None,
    accent: AccentSetting = "auto",
) -> None:
    """One JSON request per line in, one JSON answer per line out, flushed (dry run).

    A request may carry {"audio": "PATH.wav"} instead of text; the answer then says what was
    "heard", so speech is scored exactly like text.
    """
    from hub.rasa_engine import RasaUnavailable

    hearing = Hearing(snapshot)
    hearing.config = hearing.config.model_copy(
        update={"acoustic_model": acoustic_model, "accent": accent}
    )
    for line in stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            stdout.write(json.dumps({"id": None, "calls": [], "asks": [], "reply": "bad request"}))
            stdout.write("\n")
            stdout.flush()
            continue
        text = request.get("text")
        answer: dict[str, Any]
        heard = None
        if isinstance(request.get("audio"), str):
            heard = hearing.hear(request["audio"])
        if heard is None and not isinstance(text, str):
            answer = {"calls": [], "asks": [], "reply": "I can only read text here."}
        else:
            area, session, now = request.get("area"), request.get("session"), datetime.now()
            try:
                if heard is not None:
                    plan = hearing.plan(planner, heard, snapshot, area, session, now)
                    hearing.learn(heard)
                else:
                    plan = planner.plan(str(text), snapshot, area, session, now)
            except RasaUnavailable as exc:  # a dead server is an answer, not the end
                answer = {"calls": [], "asks": [], "reply": str(exc)}
            else:
                answer = plan_to_json(plan)
        if heard is not None:
            answer["heard"] = heard.text
        stdout.write(json.dumps({"id": request.get("id"), **answer}) + "\n")
        stdout.flush()


def run(args: argparse.Namespace) -> int:
    from intents import Planner

    snapshot = load_snapshot(args.home)
    planner = Planner(make_engine(args))
    if args.jsonl:
        serve_jsonl(planner, snapshot, sys.stdin, sys.stdout, args.acoustic_model, args.accent)
        return 0
    if args.text is None:
        print("hub plan: give the text to understand, or --jsonl", file=sys.stderr)
        return 2
    plan = planner.plan(args.text, snapshot, args.area, None, datetime.now())
    print(json.dumps(plan_to_json(plan), indent=2))
    return 0
