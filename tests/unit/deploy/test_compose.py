"""deploy/compose: the services, volumes, files and variables fit together (docker cannot run here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[3] / "deploy" / "compose"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((COMPOSE / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_services_and_profiles(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"mosquitto", "influxdb", "grafana", "hub", "rasa"}
    assert services["rasa"]["profiles"] == ["rasa"]  # optional: only with --profile rasa
    assert all("profiles" not in s for n, s in services.items() if n != "rasa")
    assert services["influxdb"]["image"].startswith("influxdb:2")
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        for dep in service.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
            cond = service["depends_on"][dep] if isinstance(service["depends_on"], dict) else {}
            if cond.get("condition") == "service_healthy":
                assert "healthcheck" in services[dep], f"{dep} has no healthcheck"


def test_volumes_files_and_build(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (COMPOSE / source).exists(), f"{name}: {source} missing"
            else:
                assert source in declared, f"{name}: volume {source} not declared"
        for port in service.get("ports", []):
            assert isinstance(port, str) and re.fullmatch(r"([\d.]+:)?\d+:\d+", port), port
    build = compose["services"]["hub"]["build"]
    assert (COMPOSE / build["context"] / build["dockerfile"]).is_file()


def test_variables_have_examples(compose: dict[str, Any]) -> None:
    text = (COMPOSE / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{(\w+)", text))
    example = {
        line.split("=", 1)[0]
        for line in (COMPOSE / ".env.example").read_text().splitlines()
        if "=" in line
    }
    assert used <= example, f"not in .env.example: {used - example}"


def test_hub_config_is_valid() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "hub", "check-config", str(COMPOSE / "hub.yaml")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
