"""Energy alerts, pure: appliances left drawing power too long, and standby draw when off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.core.events import HubEvent
from hub.energy.answers import device_phrase, format_minutes, format_power
from hub.energy.config import EnergyConfig

ALERT_KIND = "energy_alert"


@dataclass(slots=True)
class _Episode:
    since: datetime | None = None
    last_seen: datetime | None = None  # last time the condition held
    alerted: bool = False

    def reset(self) -> None:
        self.since, self.last_seen, self.alerted = None, None, False


class AlertWatcher:
    """Watches each device's draw; one HubEvent(kind="energy_alert") per episode.

    Fed with every reading and on every tick (a steady load sends no readings). A long run
    survives pauses shorter than the grace period, so a heater cycling on its thermostat is
    still one run; a standby episode ends as soon as the device is on or the draw drops.
    """

    def __init__(self, config: EnergyConfig) -> None:
        self.config = config
        self._runs: dict[str, _Episode] = {}
        self._standby: dict[str, _Episode] = {}

    def observe(
        self, device_id: str, name: str, watts: float | None, device_on: bool | None, now: datetime
    ) -> list[HubEvent]:
        """The alerts this reading raises (usually none)."""
        out: list[HubEvent] = []
        event = self._long_run(device_id, name, watts, now)
        if event is not None:
            out.append(event)
        event = self._standby_draw(device_id, name, watts, device_on, now)
        if event is not None:
            out.append(event)
        return out

    def _long_run(
        self, device_id: str, name: str, watts: float | None, now: datetime
    ) -> HubEvent | None:
        limit = self.config.long_run_limit(device_id, name)
        if limit is None:
            return None
        run = self._runs.setdefault(device_id, _Episode())
        if watts is not None and watts > self.config.on_watts:
            if run.since is None:
                run.since = now
            run.last_seen = now
        elif run.last_seen is not None:
            pause = (now - run.last_seen).total_seconds()
            if pause > self.config.long_run_grace_minutes * 60:
                run.reset()
            return None
        if run.since is None or run.alerted:
            return None
        minutes = (now - run.since).total_seconds() / 60
        if minutes < limit:
            return None
        run.alerted = True
        message = (
            f"{device_phrase(name)} has been drawing power for {format_minutes(minutes)}"
            f" (now {format_power(watts or 0.0)}); is it left on?"
        )
        return _event(now, "long_running", device_id, name, watts, minutes, limit, message)

    def _standby_draw(
        self, device_id: str, name: str, watts: float | None, on: bool | None, now: datetime
    ) -> HubEvent | None:
        rule = self.config.standby(device_id)
        episode = self._standby.setdefault(device_id, _Episode())
        if rule is None or on is not False or watts is None or watts <= rule[0]:
            episode.reset()
            return None
        if episode.since is None:
            episode.since = now
        episode.last_seen = now
        minutes = (now - episode.since).total_seconds() / 60
        if episode.alerted or minutes < rule[1]:
            return None
        episode.alerted = True
        message = (
            f"{device_phrase(name)} is off but still drawing {format_power(watts)}"
            f" (for {format_minutes(minutes)})."
        )
        return _event(now, "standby", device_id, name, watts, minutes, rule[1], message)


def _event(
    now: datetime,
    alert: str,
    device_id: str,
    name: str,
    watts: float | None,
    minutes: float,
    limit: float,
    message: str,
) -> HubEvent:
    return HubEvent(
        ts=now,
        kind=ALERT_KIND,
        data={
            "alert": alert,
            "entity_id": device_id,
            "name": name,
            "watts": round(watts, 1) if watts is not None else None,
            "minutes": round(minutes, 1),
            "limit_minutes": limit,
            "message": message,
        },
    )
