"""The Home Assistant integration adds no HTTP stack of its own: the hub's others keep working."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest


def test_integration_uses_aiohttp_only() -> None:
    # A fresh interpreter: what importing the integration pulls in, nothing else loaded before.
    code = (
        "import sys, integrations.homeassistant as h\n"
        "bad = [m for m in ('homeassistant_api', 'niquests', 'requests', 'urllib3') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_real_urllib3_beside_influxdb_paho_and_aiohttp() -> None:
    # homeassistant-api -> niquests -> urllib3-future would shadow urllib3 in this venv.
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.distribution("urllib3-future")
    pytest.importorskip("influxdb_client")
    import aiohttp
    import paho.mqtt.client as mqtt
    import urllib3
    from influxdb_client import Point

    assert metadata.packages_distributions()["urllib3"] == ["urllib3"], urllib3.__file__
    assert Point("power").field("w", 1.0).to_line_protocol() == "power w=1"
    assert mqtt.Client(mqtt.CallbackAPIVersion.VERSION2) is not None
    assert aiohttp.ClientSession is not None
