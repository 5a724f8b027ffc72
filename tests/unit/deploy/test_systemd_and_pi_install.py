"""The systemd unit is hardened, and the Pi installer's dry run installs a working hub."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
UNIT = REPO / "deploy" / "systemd" / "lamhub.service"
INSTALLER = REPO / "scripts" / "install-pi.sh"


def unit_keys(text: str) -> dict[str, list[str]]:
    """systemd's key=value lines (a key may repeat), sections ignored."""
    keys: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def test_unit_is_hardened() -> None:
    keys = unit_keys(UNIT.read_text(encoding="utf-8"))
    one = {k: v[-1] for k, v in keys.items()}
    assert one["User"] == "lamhub" and one["Group"] == "lamhub"
    assert one["StateDirectory"] == "lamhub" and "/var/lib/lamhub" in one["ReadWritePaths"]
    for key, want in {"ProtectSystem": "strict", "ProtectHome": "yes", "NoNewPrivileges": "yes",
                      "PrivateTmp": "yes", "RestrictNamespaces": "yes", "RestrictSUIDSGID": "yes",
                      "ProtectKernelModules": "yes", "ProtectKernelTunables": "yes",
                      "LockPersonality": "yes", "CapabilityBoundingSet": ""}.items():  # fmt: skip
        assert one.get(key) == want, f"{key}={one.get(key)!r}, want {want!r}"
    assert set(one["RestrictAddressFamilies"].split()) <= {
        "AF_UNIX",
        "AF_INET",
        "AF_INET6",
        "AF_NETLINK",
    }
    assert one["ExecStart"].startswith("/opt/lamhub/venv/bin/hub run --config /etc/lamhub/hub.yaml")
    assert one["Restart"] == "on-failure" and one["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_unit_exposure_score() -> None:
    out = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(UNIT)], capture_output=True, text=True
    )
    score = re.search(
        r"Overall exposure level for lamhub.service: ([\d.]+)", out.stdout + out.stderr
    )
    assert score is not None, out.stdout + out.stderr
    assert float(score.group(1)) < 3.0  # systemd's scale: 0 (locked down) to 10 (exposed)


@pytest.mark.timeout(600)
def test_installer_dry_run_into_a_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    cmd = [str(INSTALLER), "--root", str(root), "--no-systemd", "--python", sys.executable]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    hub = root / "opt" / "lamhub" / "venv" / "bin" / "hub"
    config = root / "etc" / "lamhub" / "hub.yaml"
    assert (root / "etc" / "systemd" / "system" / "lamhub.service").read_text() == UNIT.read_text()
    check = subprocess.run([str(hub), "check-config", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert config.stat().st_mode & 0o777 == 0o640
    for state in ("var/lib/lamhub", "var/log/lamhub"):
        assert (root / state).is_dir() and (root / state).stat().st_mode & 0o777 == 0o750
    # An upgrade keeps the person's config.
    config.write_text(config.read_text() + "# mine\n")
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert config.read_text().endswith("# mine\n")
    assert "not touching systemd" in again.stdout


def test_installer_refuses_unknown_options() -> None:
    out = subprocess.run([str(INSTALLER), "--bogus"], capture_output=True, text=True)
    assert out.returncode == 2 and "unknown option" in out.stderr
