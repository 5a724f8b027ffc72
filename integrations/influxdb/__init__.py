"""InfluxDB export: power and energy points in batches, buffered on disk while the server is away."""

from integrations.influxdb.buffer import DiskBuffer
from integrations.influxdb.config import InfluxConfig
from integrations.influxdb.exporter import ExportStats, InfluxExporter
from integrations.influxdb.lineproto import encode, entity_tags, state_point

__all__ = [
    "DiskBuffer", "ExportStats", "InfluxConfig", "InfluxExporter", "encode", "entity_tags",
    "state_point",
]  # fmt: skip
