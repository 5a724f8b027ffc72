"""Tests of the YAML layer: lines, tags, secrets kept out of messages, duplicates, syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import REDACTED, load_config, load_yaml
from hub.core import ConfigError


def write(folder: Path, text: str, name: str = "hub.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.errors


def test_lines_of_keys_and_items(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "home:\n  name: x\nlist:\n  - a\n  - b: 1\n"))
    assert doc.problems == []
    assert doc.marks[("home", "name")].line == 2
    assert doc.marks[("list", 1)].line == 5
    assert doc.marks[("list", 1, "b")].line == 5


def test_keys_stay_text(tmp_path: Path) -> None:
    # YAML 1.1 would read `on:` as True; a key is a name.
    doc = load_yaml(write(tmp_path, "on: 1\n2: two\n"))
    assert doc.data == {"on": 1, "2": "two"}


def test_secret_found(tmp_path: Path) -> None:
    write(tmp_path, "mqtt_password: hunter22\n", "secrets.yaml")
    config = load_config(write(tmp_path, "mqtt:\n  password: !secret mqtt_password\n"))
    assert config.mqtt.secret() == "hunter22"
    assert "hunter22" not in repr(config)


def test_secret_from_named_secrets_file(tmp_path: Path) -> None:
    write(tmp_path, "tok: abcdefgh\n", "elsewhere.yaml")
    config = load_config(write(tmp_path, "secrets: elsewhere.yaml\napi:\n  token: !secret tok\n"))
    assert config.api.secret() == "abcdefgh"


def test_secret_missing_names_path_and_name(tmp_path: Path) -> None:
    write(tmp_path, "other: x\n", "secrets.yaml")
    errors = errors_of(write(tmp_path, "mqtt:\n  enabled: true\n  password: !secret mqtt_pw\n"))
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / 'hub.yaml'}:3: mqtt.password: ")
    assert "'mqtt_pw'" in errors[0]


def test_secret_without_secrets_file(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "mqtt:\n  password: !secret mqtt_pw\n"))
    assert "mqtt.password" in errors[0] and "no secrets file" in errors[0]


def test_secret_never_in_messages(tmp_path: Path) -> None:
    write(tmp_path, "port: s3cr3t-value\nzone: Mars/Secret_Base\n", "secrets.yaml")
    path = write(tmp_path, "mqtt:\n  port: !secret port\nhome:\n  timezone: !secret zone\n")
    errors = errors_of(path)
    assert len(errors) == 2
    text = "\n".join(errors)
    assert "s3cr3t-value" not in text and "Mars/Secret_Base" not in text
    assert REDACTED in text  # the time zone validator quoted its input, hidden
    assert "mqtt.port" in text and "home.timezone" in text


def test_env_with_and_without_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAMHUB_TEST_PORT", "1884")
    monkeypatch.delenv("LAMHUB_TEST_HOST", raising=False)
    path = write(
        tmp_path, "mqtt:\n  port: !env LAMHUB_TEST_PORT\n  host: !env LAMHUB_TEST_HOST broker.lan\n"
    )
    config = load_config(path)
    assert (config.mqtt.port, config.mqtt.host) == (1884, "broker.lan")


def test_env_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAMHUB_TEST_TOKEN", raising=False)
    errors = errors_of(write(tmp_path, "api:\n  token: !env LAMHUB_TEST_TOKEN\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:2: api.token: environment variable LAMHUB_TEST_TOKEN is not set"
    ]


def test_file_tag_relative_and_stripped(tmp_path: Path) -> None:
    (tmp_path / "keys").mkdir()
    write(tmp_path / "keys", "tok-from-file\n", "api_token")
    config = load_config(write(tmp_path, "api:\n  token: !file keys/api_token\n"))
    assert config.api.secret() == "tok-from-file"


def test_file_tag_missing(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "api:\n  token: !file nope.txt\n"))
    assert "api.token" in errors[0] and "nope.txt" in errors[0]


def test_include(tmp_path: Path) -> None:
    write(tmp_path, "enabled: true\nport: 99999\n", "mqtt.yaml")
    errors = errors_of(write(tmp_path, "mqtt: !include mqtt.yaml\n"))
    # The error points into the included file, at its own line.
    assert errors == [
        f"{tmp_path / 'mqtt.yaml'}:2: mqtt.port: Input should be less than or equal to 65535"
    ]


def test_include_cycle(tmp_path: Path) -> None:
    write(tmp_path, "x: !include b.yaml\n", "a.yaml")
    write(tmp_path, "y: !include a.yaml\n", "b.yaml")
    errors = errors_of(write(tmp_path, "virtual: !include a.yaml\n"))
    assert any("includes itself" in e for e in errors)


def test_unknown_tag(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "log:\n  level: !sekret x\n"))
    assert errors == [f"{tmp_path / 'hub.yaml'}:2: log.level: unknown tag !sekret"]


def test_duplicate_keys(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "api:\n  port: 1\n  host: x\n  port: 2\n"))
    assert errors == [f"{tmp_path / 'hub.yaml'}:4: api.port: duplicate key (first at line 2)"]


def test_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    text = "base: &b {host: a, port: 1}\nother:\n  <<: *b\n  port: 2\n"
    doc = load_yaml(write(tmp_path, text))
    assert doc.problems == []
    assert isinstance(doc.data, dict) and doc.data["other"] == {"host": "a", "port": 2}


def test_syntax_error_has_its_line(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "home:\n  name: x\n  bad: [1, 2\nlog: {}\n"))
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / 'hub.yaml'}:4: YAML syntax error")


def test_empty_file_is_all_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "# nothing\n")).api.port == 8321


def test_document_repr_hides_values(tmp_path: Path) -> None:
    write(tmp_path, "pw: topsecret\n", "secrets.yaml")
    doc = load_yaml(write(tmp_path, "mqtt:\n  password: !secret pw\n"))
    assert doc.secret_locs == {("mqtt", "password")}
    assert "topsecret" not in repr(doc)


def test_syntax_error_in_secrets_file_quotes_no_line(tmp_path: Path) -> None:
    write(tmp_path, "pw: topsecret\nother: [topsecret2\n", "secrets.yaml")
    errors = errors_of(write(tmp_path, "mqtt:\n  password: !secret pw\n"))
    assert errors and all("topsecret" not in e for e in errors)
    assert errors[0].endswith(f"mqtt.password: secret 'pw': {tmp_path / 'secrets.yaml'} has errors")
    assert errors[1].startswith(f"{tmp_path / 'secrets.yaml'}:3: YAML syntax error")


def test_control_character_has_its_line(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, "home:\n  name: a\x01b\n"))
    assert errors == [
        f"{tmp_path / 'hub.yaml'}:2: YAML syntax error: character '\\x01' is not allowed in YAML"
    ]
