"""Line protocol encoding and the disk buffer's order, durability and size bound."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hub.core import EntitySpec
from integrations.influxdb import DiskBuffer, InfluxConfig, encode, state_point

TS = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def test_encoding_escapes_and_types() -> None:
    line = encode("power", {"name": "Tom's, lamp", "area": "", "x=y": "a b"}, {"watts": 2.5}, 7)
    assert line == "power,name=Tom's\\,\\ lamp,x\\=y=a\\ b watts=2.5 7"
    assert encode("m", {}, {"n": 3, "ok": True, "s": 'say "hi"'}, 1) == (
        'm n=3i,ok=true,s="say \\"hi\\"" 1'
    )


def test_state_points_convert_units_and_skip_non_values() -> None:
    kw = EntitySpec("sensor.ev", "EV", area="garage", device_class="power", unit="kW")
    assert state_point(kw, "7.2", TS) == (
        f"power,area=garage,domain=sensor,entity_id=sensor.ev,name=EV watts=7200.0 "
        f"{int(TS.timestamp() * 1000)}"
    )
    wh = EntitySpec("sensor.grid", "Grid", device_class="energy", unit="Wh")
    assert state_point(wh, "1500", TS, measurement_energy="e") is not None
    assert "kwh=1.5" in str(state_point(wh, "1500", TS))
    assert state_point(wh, "unavailable", TS) is None
    assert state_point(EntitySpec("light.a", "A"), "on", TS) is None


def test_buffer_keeps_order_across_reopen(tmp_path: Path) -> None:
    buf = DiskBuffer(tmp_path / "b.sqlite", 10_000_000)
    buf.append([f"l{i}" for i in range(10)])
    rows = buf.peek(4)
    assert [line for _, line in rows] == ["l0", "l1", "l2", "l3"]
    buf.delete_through(rows[-1][0])
    buf.close()
    again = DiskBuffer(tmp_path / "b.sqlite", 10_000_000)
    assert again.count == 6
    assert [line for _, line in again.peek(100)] == [f"l{i}" for i in range(4, 10)]


def test_buffer_bound_drops_oldest_and_counts(tmp_path: Path) -> None:
    max_bytes = 1024 * 1024
    buf = DiskBuffer(tmp_path / "b.sqlite", max_bytes)
    line = "power,entity_id=sensor.x watts=1234.5 " + "0" * 13
    dropped = 0
    for batch in range(100):
        dropped += buf.append([f"{line}{batch:05d}{i:05d}" for i in range(500)])
    assert dropped > 0
    assert buf.count + dropped == 50_000
    assert buf.bytes <= max_bytes
    newest = buf.peek(buf.count)[-1][1]
    assert newest.endswith("0009900499")  # the newest survive
    # The file itself stays near the bound (SQLite pages + WAL).
    assert buf.file_bytes() < 2.5 * max_bytes + 1024 * 1024
    buf.close()
    assert os.path.getsize(tmp_path / "b.sqlite") < 2 * max_bytes


def test_config_tokens(tmp_path: Path) -> None:
    token_file = tmp_path / "t"
    token_file.write_text("user:pass\n")
    cfg = InfluxConfig(token_file=token_file, bucket="home/autogen")
    assert cfg.secret() == "user:pass"
    assert InfluxConfig().secret() == ""
    assert cfg.buffer_path(tmp_path) == tmp_path / "influxdb"
    with pytest.raises(ValueError, match="either token or token_file"):
        InfluxConfig.model_validate({"token": "a", "token_file": str(token_file)})
