"""Tests of HubConfig through load_config: defaults, typos, types, ranges, paths, JSON schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hub.config import HubConfig, config_json_schema, load_config, system_timezone
from hub.core import ConfigError

ROOT = Path(__file__).resolve().parents[4]


def write(folder: Path, text: str) -> Path:
    path = folder / "hub.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.errors


def test_default_hub_yaml_loads_alone(tmp_path: Path) -> None:
    # Copied away from the repo: it must need no secrets.yaml or any other file.
    path = tmp_path / "hub.yaml"
    shutil.copy(ROOT / "hub.yaml", path)
    config = load_config(path)
    assert config.virtual.enabled and not config.mqtt.enabled
    assert (config.api.host, config.api.port) == ("127.0.0.1", 8321)
    assert config.data_dir == tmp_path / "data"
    assert (config.log.level, config.log.format) == ("info", "text")


def test_no_file_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None)
    assert config.data_dir == tmp_path / "data"
    assert config.home.timezone == system_timezone()
    assert config.scheduler.misfire_grace_s == 3600
    assert config.api.max_body_bytes == 64 * 1024 and config.api.cors_origins == []


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "absent.yaml")


def test_typo_names_path_line_and_suggests(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "mqtt:\n  enabled: false\n  prot: 1884\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:3: mqtt.prot: unknown key 'prot'; did you mean 'port'?"
    ]


def test_unknown_top_level_section(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "virtul: {}\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:1: virtul: unknown key 'virtul'; did you mean 'virtual'?"
    ]


def test_wrong_type(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "virtual:\n  speed: fast\n"))
    assert len(errors) == 1 and ":2: virtual.speed: Input should be a valid number" in errors[0]


def test_out_of_range(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "\n\nmqtt:\n  port: 65536\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:4: mqtt.port: Input should be less than or equal to 65535"
    ]


def test_every_error_at_once_in_file_order(tmp_path: Path) -> None:
    text = (
        "home:\n  timezone: Nowhere/Land\n  latitude: 91\n"
        "log:\n  level: loud\n"
        "api:\n  port: 0\n  cors_origins: not-a-list\n"
        "mqtt:\n  password: x\n  password_file: y\n"
    )
    errors = errors_of(write(tmp_path, text))
    located = [e.split(": ", 2)[:2] for e in errors]
    lines = [int(where.rsplit(":", 1)[1]) for where, _ in located]
    assert [path for _, path in located] == [
        "home.timezone", "home.latitude", "log.level", "api.port", "api.cors_origins", "mqtt",
    ]  # fmt: skip
    assert lines == sorted(lines)
    assert errors[-1].endswith("mqtt: set either password or password_file, not both")


def test_missing_field_points_at_its_section(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "log: {}\nhome:\n  latitude: 10\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:2: home: set both latitude and longitude, or neither"
    ]


def test_list_items_are_located(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "api:\n  cors_origins:\n    - a\n    - [b]\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:4: api.cors_origins[1]: Input should be a valid string"
    ]


def test_root_must_be_a_map(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "- a\n- b\n"))
    assert "(top level)" in errors[0]


def test_relative_paths_resolved_against_the_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    text = (
        "data_dir: state\nvirtual:\n  home: homes/mine.yaml\n"
        "mqtt:\n  tls:\n    ca_certs: certs/ca.crt\n    certfile: /abs/c.crt\n"
        "api:\n  token_file: ~/tok\n"
    )
    config = load_config(write(folder, text))
    assert config.data_dir == folder / "state"
    assert config.virtual.home == folder / "homes" / "mine.yaml"
    assert config.mqtt.tls.ca_certs == folder / "certs" / "ca.crt"
    assert config.mqtt.tls.certfile == Path("/abs/c.crt")
    assert config.api.token_file == Path("~/tok").expanduser()


def test_timezone_and_location(tmp_path: Path) -> None:
    text = "home:\n  timezone: Europe/Paris\n  latitude: 48.85\n  longitude: 2.35\n"
    home = load_config(write(tmp_path, text)).home
    assert home.zone().key == "Europe/Paris" and home.elevation == 0.0


def test_json_schema_for_editors() -> None:
    schema = json.loads(json.dumps(config_json_schema()))
    assert schema["title"] == "lamhub hub.yaml"
    assert schema["additionalProperties"] is False
    assert {"home", "data_dir", "log", "api", "virtual", "mqtt", "scheduler"} <= set(
        schema["properties"]
    )
    assert HubConfig.model_fields["api"].description


def test_union_member_tags_are_not_shown_as_keys() -> None:
    from pydantic import BaseModel, ConfigDict, ValidationError

    from hub.config import Document
    from hub.config.report import validation_problems

    class Model(BaseModel):
        model_config = ConfigDict(extra="forbid")
        value: int | list[int] = 0

    doc = Document("x.yaml", data={"value": {"a": 1}})
    with pytest.raises(ValidationError) as info:
        Model.model_validate(doc.data)
    messages = [str(p) for p in validation_problems(info.value, doc, Model)]
    assert messages and all(m.startswith("x.yaml:1: value: ") for m in messages)


def test_scalar_where_a_section_belongs(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "home: my house\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:1: home: should be a map (indented `key: value` lines), not a single value or a list"
    ]


def test_microphone_names_must_be_unique(tmp_path: Path) -> None:
    text = "voice:\n  microphones:\n    - {name: kitchen}\n    - {name: kitchen, area: hall}\n"
    errors = errors_of(write(tmp_path, text))
    assert len(errors) == 1 and errors[0].endswith(
        "voice: microphone names must be unique: kitchen"
    ), errors


def test_an_accent_is_one_the_hub_knows(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "voice:\n  accent: en-gb\n")).voice.accent == "en-gb"
    errors = errors_of(write(tmp_path, "voice:\n  accent: scouse\n"))
    assert (
        len(errors) == 1
        and ":2: voice.accent: Input should be 'auto', 'en-us' or 'en-gb'" in errors[0]
    )
    assert load_config(write(tmp_path, "voice: {}\n")).voice.accent == "auto"  # learnt
