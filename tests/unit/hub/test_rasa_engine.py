"""RasaEngine: Rasa's /model/parse answer read into a Parse; a down or odd server is a clear error."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from hub.rasa_engine import RasaEngine, RasaUnavailable, parse_rasa
from intents import EntitySpan

# The shape Rasa 3.6.21 answers (measured), trimmed.
ANSWER = {
    "text": "dim the bedroom light to 20 percent",
    "intent": {"name": "set_brightness", "confidence": 0.993},
    "entities": [
        {"entity": "number", "start": 25, "end": 27, "value": "20", "extractor": "DIETClassifier"},
        {"entity": "device", "start": 8, "end": 21, "value": "bedroom light"},
        {"entity": "number", "start": 25, "end": 27, "value": "20", "extractor": "RegexEntity"},
    ],
    "intent_ranking": [
        {"name": "set_brightness", "confidence": 0.993},
        {"name": "turn_on", "confidence": 0.0049},
    ],
}


def test_intent_confidence_ranking_and_entities_once_in_text_order() -> None:
    parse = parse_rasa(ANSWER["text"], ANSWER)  # type: ignore[arg-type]
    assert (parse.intent, parse.confidence) == ("set_brightness", 0.993)
    assert parse.ranking == (("set_brightness", 0.993), ("turn_on", 0.0049))
    assert parse.entities == (
        EntitySpan("device", "bedroom light", 8, 21),
        EntitySpan("number", "20", 25, 27),
    )


def test_fallback_hands_the_planner_rasas_best_guess_with_its_low_confidence() -> None:
    raw = {
        "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.5},
            {"name": "turn_on", "confidence": 0.31},
            {"name": "out_of_scope", "confidence": 0.3},
        ],
    }
    parse = parse_rasa("blorp the thing", raw)
    assert (parse.intent, parse.confidence) == ("turn_on", 0.31)
    assert [name for name, _ in parse.ranking] == ["turn_on", "out_of_scope"]
    assert parse_rasa("x", {"intent": {"name": "nlu_fallback"}}).intent == "out_of_scope"


def test_odd_shapes_become_out_of_domain_not_crashes() -> None:
    parse = parse_rasa(
        "hm", {"intent": None, "entities": [1, {"entity": "x"}], "intent_ranking": 3}
    )
    assert (parse.intent, parse.confidence, parse.entities, parse.ranking) == (
        "out_of_scope",
        0.0,
        (),
        (),
    )
    with pytest.raises(RasaUnavailable):
        parse_rasa("hm", ["not", "an", "object"])


class _Stub(BaseHTTPRequestHandler):
    status = 200
    body = json.dumps(ANSWER).encode()
    seen: ClassVar[list[object]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Stub.seen.append((self.path, json.loads(self.rfile.read(length))))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.status, _Stub.body, _Stub.seen = 200, json.dumps(ANSWER).encode(), []
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_posts_the_text_to_model_parse(stub: str) -> None:
    parse = RasaEngine(stub).parse("dim the bedroom light to 20 percent")
    assert parse.intent == "set_brightness"
    assert _Stub.seen == [("/model/parse", {"text": "dim the bedroom light to 20 percent"})]


def test_a_server_error_or_garbage_is_unavailable(stub: str) -> None:
    _Stub.status = 500
    with pytest.raises(RasaUnavailable, match="HTTP 500"):
        RasaEngine(stub).parse("turn on the fan")
    _Stub.status, _Stub.body = 200, b"<html>not rasa</html>"
    with pytest.raises(RasaUnavailable, match="did not answer"):
        RasaEngine(stub).parse("turn on the fan")


def test_a_server_that_is_down_is_unavailable_quickly() -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(RasaUnavailable, match=f"127.0.0.1:{port} did not answer"):
        RasaEngine(f"http://127.0.0.1:{port}", timeout_s=1).parse("turn on the fan")
