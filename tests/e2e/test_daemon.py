"""The whole daemon, as a person runs it: start, act on the virtual home, stop, restart."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.hubproc import HubProcess

pytestmark = pytest.mark.e2e

FAST_HOME = {"virtual": {"speed": 60, "tick_s": 0.2, "seed": 1}}


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    proc = HubProcess(tmp_path, FAST_HOME).start()
    yield proc
    if proc.proc is not None and proc.proc.poll() is None:
        proc.stop()


def test_health_needs_no_token_but_everything_else_does(hub: HubProcess) -> None:
    assert hub.request("GET", "/api/health", auth=False)[0] == 200
    status, body = hub.request("GET", "/api/entities", auth=False)
    assert status == 401
    assert "error" in body
    status, entities = hub.request("GET", "/api/entities")
    assert status == 200
    assert len(entities) == 60


def test_call_changes_the_virtual_home_and_is_logged(hub: HubProcess) -> None:
    status, body = hub.request(
        "POST",
        "/api/call",
        {"service": "light.turn_on", "entity_id": "light.kitchen", "data": {"brightness_pct": 40}},
    )
    assert status == 200, body
    assert body["ok"] is True
    state = hub.wait_state("light.kitchen", "on")
    assert state["attributes"]["brightness"] == 102
    time.sleep(0.5)  # the event log writes in batches
    status, events = hub.request("GET", "/api/events?entity_id=light.kitchen&type=state_changed")
    assert status == 200
    assert any(e["origin"] == "hub" and e["new_state"] == "on" for e in events)


def test_bad_calls_are_refused_clearly_and_the_hub_keeps_running(hub: HubProcess) -> None:
    cases = [
        ({"service": "light.turn_on", "entity_id": "light.sauna"}, 404),
        ({"service": "light.fly", "entity_id": "light.kitchen"}, 400),
        (
            {
                "service": "light.turn_on",
                "entity_id": "light.kitchen",
                "data": {"brightness_pct": 250},
            },
            400,
        ),
        ({"service": "climate.set_temperature", "entity_id": "climate.thermostat",
          "data": {"temperature": 45}}, 400),
        ({"entity_id": "light.kitchen"}, 400),
    ]  # fmt: skip
    for body, want in cases:
        status, answer = hub.request("POST", "/api/call", body)
        assert status == want, (body, answer)
        assert answer["ok"] is False and answer["error"]
    status, answer = hub.request("POST", "/api/call", raw=b"{not json")
    assert status == 400
    status, answer = hub.request("POST", "/api/call", raw=b"x" * (2 * 1024 * 1024))
    assert status == 413
    assert hub.request("GET", "/api/health", auth=False)[0] == 200


def test_sigterm_stops_cleanly_within_five_seconds(tmp_path: Path) -> None:
    proc = HubProcess(tmp_path, FAST_HOME).start()
    code, took = proc.stop(signal.SIGTERM)
    assert code == 0, proc.log()
    assert took < 5.0


def test_sigint_stops_cleanly(tmp_path: Path) -> None:
    proc = HubProcess(tmp_path, FAST_HOME).start()
    code, took = proc.stop(signal.SIGINT)
    assert code == 0, proc.log()
    assert took < 5.0


def test_delayed_call_survives_a_restart(tmp_path: Path) -> None:
    proc = HubProcess(tmp_path, FAST_HOME).start()
    status, body = proc.request(
        "POST",
        "/api/call",
        {"service": "switch.turn_on", "entity_id": "switch.kettle", "delay_s": 4},
    )
    assert status == 200, body
    assert body["scheduled_for"]
    assert proc.stop()[0] == 0
    again = HubProcess(tmp_path, FAST_HOME)
    again.port = proc.port
    again.start()
    try:
        again.wait_state("switch.kettle", "on", timeout=15)
    finally:
        again.stop()


def test_events_export_writes_the_learning_jsonl(tmp_path: Path) -> None:
    proc = HubProcess(tmp_path, FAST_HOME).start()
    proc.request("POST", "/api/call", {"service": "light.turn_on", "entity_id": "light.porch"})
    proc.wait_state("light.porch", "on")
    assert proc.stop()[0] == 0
    out = tmp_path / "events.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hub",
            "events",
            "export",
            str(out),
            "--data-dir",
            str(proc.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    porch = [r for r in rows if r["entity_id"] == "light.porch" and r["state"] == "on"]
    assert porch and porch[0]["service"] == "light.turn_on"
    assert set(porch[0]) >= {"ts", "entity_id", "service", "data", "state", "origin"}


def test_invalid_config_names_the_path_and_exits_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "hub.yaml"
    bad.write_text("api:\n  port: 99999\nvirtul: {}\n")
    done = subprocess.run(
        [sys.executable, "-m", "hub", "run", "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1
    assert "api.port" in done.stderr and ":2" in done.stderr
    assert "virtul" in done.stderr


def test_text_commands_over_http_and_the_cli(hub: HubProcess) -> None:
    status, body = hub.request(
        "POST", "/api/command", {"text": "turn on the lights", "area": "office"}
    )
    assert status == 200, body
    assert body["calls"][0]["entity_id"] == ["light.desk_lamp"]
    hub.wait_state("light.desk_lamp", "on")
    done = subprocess.run(
        [sys.executable, "-m", "hub", "say", "unlock the front door",
         "--url", hub.url, f"--token={hub.token}"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "unlock the front door?" in done.stdout.lower()
    state = hub.request("GET", "/api/entities/lock.front_door")[1]
    assert state["state"] == "locked"  # held until yes
