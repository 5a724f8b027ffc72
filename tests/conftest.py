"""Shared pytest setup: fixtures that start real servers live in tests/fixtures."""

pytest_plugins = ["tests.fixtures.mosquitto", "tests.fixtures.voice"]
