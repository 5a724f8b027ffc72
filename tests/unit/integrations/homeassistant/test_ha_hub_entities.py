"""The hub's own entities as Home Assistant MQTT discovery configs."""

from __future__ import annotations

import json

from integrations.homeassistant.hub_entities import (
    MAX_STATE,
    hub_discovery,
    hub_removal,
    hub_state_messages,
)


def test_discovery_configs() -> None:
    configs = dict(hub_discovery("house", "ha", version="0.1.0"))
    assert set(configs) == {
        "ha/sensor/lamhub/last_command/config",
        "ha/sensor/lamhub/last_reply/config",
        "ha/binary_sensor/lamhub/pending_confirmation/config",
        "ha/sensor/lamhub/suggestions/config",
        "ha/text/lamhub/command/config",
    }
    text = configs["ha/text/lamhub/command/config"]
    assert text["command_topic"] == "house/command"  # the MQTT request topic takes plain text
    assert text["max"] == MAX_STATE
    for topic, payload in configs.items():
        assert payload["unique_id"] == f"lamhub_{topic.split('/')[3]}"
        assert payload["availability_topic"] == "house/status"
        assert payload["device"]["identifiers"] == ["lamhub"]  # type: ignore[index, call-overload]
        json.dumps(payload)  # JSON-serialisable as is
    assert all(p == "" for _, p in hub_removal("house", "ha"))


def test_state_messages() -> None:
    msgs = dict(
        hub_state_messages(
            "h", last_command="x" * 400, last_reply="Done", pending=[], suggestions=3
        )
    )
    assert len(msgs["h/hub/last_command"]) == MAX_STATE
    assert msgs["h/hub/last_reply"] == "Done" and msgs["h/hub/suggestions"] == "3"
    assert msgs["h/hub/pending"] == "OFF"
    call = {"service": "lock.unlock", "entity_id": ["lock.front_door"]}
    on = dict(hub_state_messages("h", pending=[call]))  # type: ignore[list-item]
    assert on["h/hub/pending"] == "ON"
    assert json.loads(on["h/hub/pending/attributes"])["calls"][0]["service"] == "lock.unlock"
    # The calls are published before ON, so whoever sees ON can read them at once.
    assert [t for t, _ in hub_state_messages("h", pending=[call])] == [  # type: ignore[list-item]
        "h/hub/pending/attributes", "h/hub/pending",
    ]  # fmt: skip
    assert hub_state_messages("h") == []
