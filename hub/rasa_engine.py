"""A Rasa server as the understanding engine: its /model/parse feeds our resolver and planner."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from intents import EntitySpan, Parse

log = logging.getLogger(__name__)


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
        except (OSError, urllib.error.URLError, json.JSONDecodeError) as exc:
            raise RasaUnavailable(f"Rasa at {self.url} did not answer: {exc}") from exc
        return parse_rasa(text, raw)


def parse_rasa(text: str, raw: object) -> Parse:
    """Read Rasa's /model/parse answer into a Parse; unknown shapes become out-of-domain."""
    if not isinstance(raw, dict):
        raise RasaUnavailable("Rasa's answer is not a JSON object")
    intent = raw.get("intent") or {}
    name = intent.get("name") if isinstance(intent, dict) else None
    conf = intent.get("confidence") if isinstance(intent, dict) else None
    spans: list[EntitySpan] = []
    for ent in raw.get("entities") or []:
        if not isinstance(ent, dict):
            continue
        try:
            spans.append(
                EntitySpan(
                    str(ent["entity"]),
                    str(ent.get("value", "")),
                    int(ent["start"]),
                    int(ent["end"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    ranking = tuple(
        (str(r["name"]), float(r["confidence"]))
        for r in raw.get("intent_ranking") or []
        if isinstance(r, dict) and "name" in r and "confidence" in r
    )
    return Parse(
        text=text,
        intent=str(name) if name else "out_of_scope",
        confidence=float(conf) if isinstance(conf, int | float) else 0.0,
        entities=tuple(spans),
        ranking=ranking,
    )
