"""Tests of `hub check-config` and `hub config-schema` through hub.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.cli import main

ROOT = Path(__file__).resolve().parents[4]


def test_check_config_ok(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "hub.yaml"
    assert main(["check-config", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: OK\n"


def test_check_config_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hub.yaml"
    path.write_text("api:\n  port: 99999\nvirtul: {}\n", encoding="utf-8")
    assert main(["check-config", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{path}:2: api.port: Input should be less than or equal to 65535"
    assert err[1].startswith(f"{path}:3: virtul: unknown key")
    assert err[2] == f"{path}: 2 problems"


def test_check_config_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(tmp_path / "nope.yaml")]) == 2
    assert "no such config file" in capsys.readouterr().err


def test_check_config_default_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hub.yaml").write_text("log: {level: debug}\n", encoding="utf-8")
    assert main(["check-config"]) == 0
    assert capsys.readouterr().out == "hub.yaml: OK\n"


def test_config_schema_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config-schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "mqtt" in schema["properties"]


def test_config_schema_out(tmp_path: Path) -> None:
    out = tmp_path / "hub.schema.json"
    assert main(["config-schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "object"
