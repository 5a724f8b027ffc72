"""The event log: batched SQLite writes, flush, queries, the JSONL export and its CLI."""

from __future__ import annotations

import asyncio
import io
import json
import re
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from hub.cli import main as cli_main
from hub.core import CallDone, CallRequested, HubEvent, Origin, ServiceCall
from hub.eventlog import EventLog, export_file

from .fakes import make_home

KEYS = ["ts", "entity_id", "service", "data", "state", "origin"]
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


async def test_every_event_is_on_disk_after_a_clean_exit(tmp_path: Path) -> None:
    bus, clock, reg = make_home()
    db = tmp_path / "events.sqlite"
    async with EventLog(db, bus):
        assert any(t.get_name() == "eventlog.writer" for t in asyncio.all_tasks())
        for i in range(3000):
            clock.advance(1)
            reg.report_state("sensor.kitchen_temp", str(20 + i / 100))
        # No flush: leaving must write what is still queued.
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (3000,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    row = conn.execute("SELECT ts, type, entity_id, origin, json FROM events LIMIT 1").fetchone()
    assert row[1:4] == ("state_changed", "sensor.kitchen_temp", "sensor")
    assert row[0] == "2025-01-06T08:00:01+00:00" and json.loads(row[4])["new_state"] == "20.0"
    assert EventLog(db, bus).count() == 3000  # readable again without a running writer


async def test_flush_then_query_by_type_entity_time_and_limit(tmp_path: Path) -> None:
    bus, clock, reg = make_home()
    async with EventLog(tmp_path / "e.sqlite", bus) as elog:
        start = clock.now()
        for i in range(10):
            clock.advance(60)
            reg.report_state("light.kitchen", "on" if i % 2 == 0 else "off")
            reg.report_state("sensor.kitchen_temp", str(i))
        bus.publish(HubEvent(clock.now(), "energy_alert", {"w": 3000}))
        await elog.flush()
        assert elog.count() == 21
        lights = elog.query(entity_id="light.kitchen")
        assert [e["new_state"] for e in lights] == ["on", "off"] * 5
        assert [e["kind"] for e in elog.query(types=["hub_event"])] == ["energy_alert"]
        window = elog.query(since=start + timedelta(minutes=3), until=start + timedelta(minutes=5))
        assert [e["entity_id"] for e in window] == ["light.kitchen", "sensor.kitchen_temp"] * 2
        assert len(elog.query(limit=4)) == 4
        newest = elog.query(types=["state_changed"], limit=2, newest=True)
        assert [e["new_state"] for e in newest] == ["off", "9"]
        assert isinstance(newest[0]["id"], int)


async def test_flush_waits_for_events_published_while_writing(tmp_path: Path) -> None:
    bus, _, reg = make_home()
    async with EventLog(tmp_path / "e.sqlite", bus) as elog:
        for i in range(5):
            reg.report_state("sensor.kitchen_temp", str(i))
            await asyncio.sleep(0)
        await elog.flush()
        assert elog.count() == 5
        await elog.flush()  # nothing pending: returns at once
        assert await asyncio.to_thread(elog.count) == 5  # reads are safe from a thread


async def test_export_writes_the_learners_jsonl_format(tmp_path: Path) -> None:
    bus, clock, reg = make_home()
    db = tmp_path / "events.sqlite"
    async with EventLog(db, bus) as elog:
        call = ServiceCall("light.turn_on", ("light.kitchen",), {"brightness_pct": 40})
        bus.publish(CallRequested(clock.now(), "c1", call, Origin.VOICE))
        reg.expect("c1", ["light.kitchen"], Origin.VOICE, "light.turn_on")
        reg.report_state("light.kitchen", "on", {"brightness": 102}, call_id="c1")
        reg.report_state("light.kitchen", "on", {"color_temp_kelvin": 2700}, call_id="c1")
        bus.publish(CallDone(clock.now(), "c1", call, Origin.VOICE, {"light.kitchen": "on"}))
        clock.advance(600)
        reg.report_state("switch.coffee", "on")  # by hand
        reg.report_state("sensor.kitchen_temp", "21.5")
        reg.report_state("climate.thermostat", "heat", {"temperature": 19})  # dial turned
        reg.report_state("cover.blind", "opening", {"current_position": 30})
        reg.report_state("cover.blind", "open", {"current_position": 60})
        reg.set_available("switch.coffee", False)  # an outage is nobody's action
        reg.set_available("switch.coffee", True)
        clock.advance(60)
        reg.report_state("light.kitchen", "off")
        await elog.flush()
        buf = io.StringIO()
        assert elog.export_jsonl(buf) == 6
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert all(list(line) == KEYS and TS.match(line["ts"]) for line in lines)
    assert [line["ts"] for line in lines] == sorted(line["ts"] for line in lines)
    simple = [(x["entity_id"], x["service"], x["data"], x["state"], x["origin"]) for x in lines]
    assert simple == [
        ("light.kitchen", "light.turn_on", {"brightness_pct": 40}, "on", "voice"),
        ("switch.coffee", "switch.turn_on", {}, "on", "manual"),
        ("sensor.kitchen_temp", None, {}, "21.5", "sensor"),
        ("climate.thermostat", "climate.set_temperature", {"temperature": 19.0}, "heat", "manual"),
        ("cover.blind", "cover.set_cover_position", {"position": 60}, "open", "manual"),
        ("light.kitchen", "light.turn_off", {}, "off", "manual"),
    ]
    # The file export and `hub events export` give the same lines, without a running hub.
    out = tmp_path / "out.jsonl"
    assert export_file(db, out) == 6
    assert out.read_text() == buf.getvalue()
    cli_out = tmp_path / "cli.jsonl"
    assert cli_main(["events", "export", str(cli_out), "--data-dir", str(tmp_path)]) == 0
    assert cli_out.read_text() == buf.getvalue()
    assert cli_main(["events", "export", str(cli_out), "--data-dir", str(tmp_path / "x")]) == 2


async def test_ingest_throughput_registry_and_eventlog(tmp_path: Path) -> None:
    """Not a benchmark gate: prints the rate so a regression is visible in -s runs."""
    bus, _, reg = make_home()
    n = 20_000
    async with EventLog(tmp_path / "e.sqlite", bus) as elog:
        t0 = time.perf_counter()
        for i in range(n):
            reg.report_state("sensor.kitchen_temp", str(i), {"unit": "°C"})
            if i % 1000 == 0:
                await asyncio.sleep(0)  # as a real source would yield between messages
        t_registry = time.perf_counter() - t0
        await elog.flush()
        total = time.perf_counter() - t0
        assert elog.count() == n
    print(
        f"\ningest {n} reports: registry {n / t_registry:,.0f}/s, "
        f"registry+eventlog {n / total:,.0f}/s"
    )
