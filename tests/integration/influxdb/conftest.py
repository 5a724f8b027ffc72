"""The VictoriaMetrics fixture for the InfluxDB export tests."""

from tests.fixtures.victoria import victoria

__all__ = ["victoria"]
