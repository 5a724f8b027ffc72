"""The remote CLI (`hub call`, `entities`, `state`, `say`) against a real ApiServer over fakes."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub.commands import remote
from hub.core import Origin
from tests.fixtures.ports import free_port
from tests.unit.hub.api.api_fakes import TOKEN, Fakes, running_api


@pytest.fixture
async def api() -> AsyncIterator[Fakes]:
    async with running_api() as fakes:
        yield fakes


@pytest.fixture(autouse=True)
def _no_env_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LAMHUB_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray ./hub.yaml


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hub")
    remote.register(p.add_subparsers(dest="command"))
    return p


async def hub(*argv: str) -> int:
    """Run one CLI command in a thread, as a person would while the hub serves on the loop."""
    args = parser().parse_args(list(argv))
    return int(await asyncio.to_thread(args.func, args))


async def test_call_sends_typed_data_and_prints_states(
    api: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await hub(
        "call", "light.turn_on", "light.kitchen", "brightness_pct=40", "color_name=red",
        "light.sofa", "rgb_color=[255,0,0]", "--url", api.url, "--token", TOKEN,
    )  # fmt: skip
    assert code == 0
    kind, request, origin = api.handler.requests[-1]
    assert (kind, origin) == ("call", Origin.HUB)
    assert request == {
        "service": "light.turn_on",
        "entity_id": ["light.kitchen", "light.sofa"],
        "data": {"brightness_pct": 40, "color_name": "red", "rgb_color": [255, 0, 0]},
        "delay_s": None,
        "at": None,
    }
    out = capsys.readouterr().out
    assert "light.turn_on: done" in out and "light.kitchen  on" in out


@pytest.mark.parametrize(
    ("option", "field", "value"), [("--in=1h30m", "delay_s", 5400.0), ("--at=7:30", "at", "07:30")]
)
async def test_call_later(
    api: Fakes, capsys: pytest.CaptureFixture[str], option: str, field: str, value: object
) -> None:
    code = await hub(
        "call", "switch.turn_off", "switch.kettle", option, "--url", api.url, "--token", TOKEN
    )
    assert code == 0
    assert api.handler.requests[-1][1][field] == value
    assert "scheduled for 2025-01-06T19:00" in capsys.readouterr().out


async def test_call_refused_exits_1_with_the_reason(
    api: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await hub("call", "light.turn_on", "light.nope", "--url", api.url, "--token", TOKEN)
    assert code == 1
    assert "unknown entity: light.nope" in capsys.readouterr().err


async def test_call_needs_an_entity(api: Fakes, capsys: pytest.CaptureFixture[str]) -> None:
    assert await hub("call", "light.turn_on", "brightness_pct=3", "--url", api.url) == 2
    assert "at least one entity" in capsys.readouterr().err


async def test_entities_table_filters_and_json(
    api: Fakes, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAMHUB_TOKEN", TOKEN)
    assert await hub("entities", "--url", api.url) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ENTITY", "NAME", "AREA", "STATE"]
    assert lines[1].split() == ["light.kitchen", "Kitchen", "light", "kitchen", "off"]
    assert len(lines) == 4
    assert await hub("entities", "--domain", "switch", "--json", "--url", api.url) == 0
    assert [e["entity_id"] for e in json.loads(capsys.readouterr().out)] == ["switch.kettle"]


async def test_state_shows_attributes(api: Fakes, capsys: pytest.CaptureFixture[str]) -> None:
    assert await hub("state", "light.sofa", "--url", api.url, "--token", TOKEN) == 0
    out = capsys.readouterr().out
    assert out.startswith("light.sofa (Sofa lamp): on")
    assert "brightness    120" in out and "living_room" in out
    assert await hub("state", "light.nope", "--url", api.url, "--token", TOKEN) == 1
    assert "unknown entity: light.nope" in capsys.readouterr().err


async def test_say_prints_the_reply(api: Fakes, capsys: pytest.CaptureFixture[str]) -> None:
    code = await hub(
        "say",
        "turn",
        "on",
        "the",
        "kettle",
        "--area",
        "kitchen",
        "--url",
        api.url,
        "--token",
        TOKEN,
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == "Done: turn on the kettle"
    assert api.handler.requests[-1] == (
        "command",
        {"text": "turn on the kettle", "area": "kitchen", "session": None},
        Origin.TEXT,
    )


async def test_wrong_token_is_explained(api: Fakes, capsys: pytest.CaptureFixture[str]) -> None:
    assert await hub("entities", "--url", api.url, "--token", "nope") == 2
    assert "wants its API token" in capsys.readouterr().err


async def test_no_hub_running(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert await hub("entities", "--url", url, "--token", TOKEN) == 3
    assert f"no hub answering at {url}: is `hub run` running?" in capsys.readouterr().err


async def test_url_and_token_from_config(
    api: Fakes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "api_token").write_text(TOKEN + "\n")
    config = tmp_path / "hub.yaml"
    config.write_text(f"data_dir: data\napi:\n  host: 0.0.0.0\n  port: {api.server.port}\n")
    assert await hub("state", "switch.kettle", "--config", str(config)) == 0
    assert capsys.readouterr().out.startswith("switch.kettle (Kettle): off")


def test_durations_and_times() -> None:
    assert [remote.parse_duration(t) for t in ("90", "90s", "30m", "1h30m", "1.5h")] == [
        90, 90, 1800, 5400, 5400,
    ]  # fmt: skip
    assert remote.parse_hhmm("19:00") == "19:00"
    for bad in ("", "soon", "-5m"):
        with pytest.raises(argparse.ArgumentTypeError):
            remote.parse_duration(bad)
    with pytest.raises(argparse.ArgumentTypeError):
        remote.parse_hhmm("24:00")
