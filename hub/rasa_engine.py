"""A Rasa server as the understanding engine: its /model/parse feeds our resolver and planner."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from intents import EntitySpan, Parse

log = logging.getLogger(__name__)

# Rasa's FallbackClassifier renames a low-confidence intent to this and keeps the real ranking.
FALLBACK = "nlu_fallback"


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer (down, slow, or not a Rasa server)."""


class RasaEngine:
    """An NluEngine over HTTP. Blocking: the conversation calls it from a worker thread."""

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        # Proxies never see home commands.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def parse(self, text: str) -> Parse:
        body = json.dumps({"text": text}).encode()
        req = urllib.request.Request(
            self.url + "/model/parse",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with self._opener.open(req, timeout=self.timeout_s) as resp:
                raw = json.loads(resp.read())
        except urllib.error.HTTPError as exc:  # a server, but not answering parses (no model?)
            raise RasaUnavailable(f"Rasa at {self.url} answered HTTP {exc.code}") from exc
        except (OSError, ValueError) as exc:  # refused, timed out, reset; not JSON
            raise RasaUnavailable(f"Rasa at {self.url} did not answer: {exc}") from exc
        return parse_rasa(text, raw)


def parse_rasa(text: str, raw: object) -> Parse:
    """Read Rasa's /model/parse answer into a Parse; unknown shapes become out-of-domain."""
    if not isinstance(raw, dict):
        raise RasaUnavailable("Rasa's answer is not a JSON object")
    intent = raw.get("intent") or {}
    name = intent.get("name") if isinstance(intent, dict) else None
    conf = intent.get("confidence") if isinstance(intent, dict) else None
    rows = raw.get("intent_ranking")
    ranking = tuple(
        (str(r["name"]), float(r["confidence"]))
        for r in (rows if isinstance(rows, list) else [])
        if isinstance(r, dict)
        and isinstance(r.get("name"), str)
        and isinstance(r.get("confidence"), int | float)
        and r["name"] != FALLBACK
    )
    if name == FALLBACK:
        # The planner owns the "too unsure to act" threshold, the same one for both engines:
        # hand it Rasa's best real guess with its own (low) confidence.
        name, conf = ranking[0] if ranking else ("out_of_scope", 1.0)
    return Parse(
        text=text,
        intent=str(name) if name else "out_of_scope",
        confidence=float(conf) if isinstance(conf, int | float) else 0.0,
        entities=_entities(raw.get("entities")),
        ranking=ranking,
    )


def _entities(rows: object) -> tuple[EntitySpan, ...]:
    # DIET and the RegexEntityExtractor often find the same span: keep it once, in text order.
    spans: dict[tuple[str, int, int], EntitySpan] = {}
    for ent in rows if isinstance(rows, list) else []:
        if not isinstance(ent, dict):
            continue
        try:
            span = EntitySpan(
                str(ent["entity"]), str(ent.get("value", "")), int(ent["start"]), int(ent["end"])
            )
        except (KeyError, TypeError, ValueError):
            continue
        spans.setdefault((span.entity, span.start, span.end), span)
    return tuple(sorted(spans.values(), key=lambda s: (s.start, s.end)))
