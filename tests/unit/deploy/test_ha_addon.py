"""The Home Assistant add-on: manifest, options, translations and run script are consistent."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from tests.unit.deploy.addon_rules import AddonConfig, option_errors, schema_errors

ADDON = Path(__file__).resolve().parents[3] / "deploy" / "ha-addon"


@pytest.fixture(scope="module")
def manifest() -> dict[str, object]:
    data = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_manifest_follows_the_addon_rules(manifest: dict[str, object]) -> None:
    config = AddonConfig.model_validate(manifest)
    assert {"aarch64", "armv7", "amd64"} <= set(config.arch)
    assert config.ingress and config.ingress_port == 8099
    assert config.homeassistant_api and config.services == ["mqtt:want"]
    assert config.startup == "application" and config.boot == "auto"
    assert not config.host_network and not config.full_access and config.hassio_role == "default"


def test_rules_catch_mistakes(manifest: dict[str, object]) -> None:
    for bad in ({"arch": ["x86"]}, {"startup": "later"}, {"services": ["mqtt:maybe"]},
                {"ingress": "yes"}, {"unknown_key": 1}, {"slug": "lam hub"}):  # fmt: skip
        with pytest.raises(ValidationError):
            AddonConfig.model_validate({**manifest, **bad})
    assert schema_errors({"a": "str=default"}) and schema_errors({"a": [["str"]]})
    assert option_errors({"a": "x"}, {"a": "int"}) and option_errors({}, {"a": "str"})
    assert option_errors({"b": 1}, {}) and not option_errors({}, {"a": "str?"})


def test_options_follow_their_schema(manifest: dict[str, object]) -> None:
    schema, options = manifest["schema"], manifest["options"]
    assert schema_errors(schema) == []
    assert option_errors(options, schema) == []


def test_every_option_is_translated_and_used(manifest: dict[str, object]) -> None:
    schema = manifest["schema"]
    assert isinstance(schema, dict)
    translations = yaml.safe_load((ADDON / "translations" / "en.yaml").read_text(encoding="utf-8"))
    assert set(translations["configuration"]) == set(schema)
    run = (ADDON / "rootfs" / "etc" / "services.d" / "lamhub" / "run").read_text(encoding="utf-8")
    for key in schema:
        assert key in run, f"option {key} is never read by the run script"
    assert "SUPERVISOR_TOKEN" in run or "http://supervisor/core" in run
    assert "bashio::services mqtt" in run


def test_files_and_scripts(manifest: dict[str, object]) -> None:
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert "ARG BUILD_FROM" in dockerfile and "FROM ${BUILD_FROM}" in dockerfile
    build = yaml.safe_load((ADDON / "build.yaml").read_text(encoding="utf-8"))
    assert set(build["build_from"]) == set(manifest["arch"])  # type: ignore[arg-type]
    assert all("ghcr.io/home-assistant/" in image for image in build["build_from"].values())
    assert f"## {manifest['version']}" in (ADDON / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (ADDON / "README.md").stat().st_size > 500
    for script in ("run", "finish"):
        path = ADDON / "rootfs" / "etc" / "services.d" / "lamhub" / script
        assert path.stat().st_mode & 0o111, f"{script} must be executable"
        subprocess.run(["bash", "-n", str(path)], check=True)
