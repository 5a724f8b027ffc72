"""Simulated TVs and speakers: power, playback through a playlist, and volume."""

from __future__ import annotations

from collections.abc import Mapping

from hub.core import EntitySpec, IntegrationError, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot, flag, number

# (title, artist, seconds)
SONGS: tuple[tuple[str, str, float], ...] = (
    ("Clair de Lune", "Claude Debussy", 303.0),
    ("So What", "Miles Davis", 562.0),
    ("Teardrop", "Massive Attack", 330.0),
    ("Hoppípolla", "Sigur Rós", 268.0),
    ("Windowlicker", "Aphex Twin", 366.0),
    ("Jolene", "Dolly Parton", 161.0),
)
SHOWS: tuple[tuple[str, str, float], ...] = (
    ("Planet Earth: Mountains", "BBC", 2940.0),
    ("The Great British Bake Off", "Channel 4", 3600.0),
    ("Evening News", "Channel 1", 1800.0),
    ("Chef's Table", "Netflix", 2880.0),
)
VOLUME_STEP = 0.1  # Home Assistant's default volume_up / volume_down step


class MediaPlayer(Device):
    """A TV or a speaker: off, on/idle, playing or paused, with volume and mute."""

    SERVICES = frozenset(
        {
            "turn_on", "turn_off", "toggle", "media_play", "media_pause", "media_play_pause",
            "media_stop", "media_next_track", "media_previous_track", "volume_up", "volume_down",
            "volume_set", "volume_mute",
        }
    )  # fmt: skip

    def __init__(self, spec: EntitySpec, sim: Sim, *, tv: bool) -> None:
        super().__init__(spec, sim)
        self.tv = tv
        self.playlist = SHOWS if tv else SONGS
        self.track = sim.rng.randrange(len(self.playlist))
        self.position = 0.0
        self.volume = 0.2 if tv else 0.3
        self.muted = False
        self.state = "off" if tv else "idle"

    @property
    def ready(self) -> str:
        """The state when on but not playing: a TV shows a picture, a speaker waits."""
        return "on" if self.tv else "idle"

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        if service == "toggle":
            service = "turn_on" if self.state == "off" else "turn_off"
        if service == "media_play_pause":
            service = "media_pause" if self.state == "playing" else "media_play"
        if service == "turn_on":
            if self.state == "off":
                self.state = self.ready
        elif service == "turn_off":
            self.state = "off"
        elif service == "media_play":
            self.state = "playing"  # playing wakes a device that was off, as casting does
        elif service == "media_pause":
            if self.state == "playing":
                self.state = "paused"
        elif service == "media_stop":
            if self.state != "off":
                self.state, self.position = self.ready, 0.0
        elif service in {"media_next_track", "media_previous_track"}:
            self._need_on()
            step = 1 if service == "media_next_track" else -1
            self.track = (self.track + step) % len(self.playlist)
            self.position = 0.0
        else:
            self._volume(service, data)

    def _need_on(self) -> None:
        if self.state == "off":
            raise IntegrationError(f"{self.name} is off")

    def _volume(self, service: str, data: Mapping[str, JsonValue]) -> None:
        if service == "volume_mute":
            muted = flag(data, "is_volume_muted")
            self.muted = (not self.muted) if muted is None else muted
            return
        if service == "volume_set":
            level = number(data, "volume_level", 0, 1)
            if level is None:
                raise IntegrationError("volume_set needs a volume_level")
        else:
            delta = VOLUME_STEP if service == "volume_up" else -VOLUME_STEP
            level = min(1.0, max(0.0, self.volume + delta))
        self.volume = round(level, 2)

    def step(self, dt: float) -> None:
        if self.state != "playing":
            return
        self.position += dt
        while self.position >= self.playlist[self.track][2]:  # on to the next track
            self.position -= self.playlist[self.track][2]
            self.track = (self.track + 1) % len(self.playlist)

    def snapshot(self) -> Snapshot:
        attrs: dict[str, JsonValue] = {
            "device_class": "tv" if self.tv else "speaker",
            "volume_level": self.volume,
            "is_volume_muted": self.muted,
        }
        if self.state in {"playing", "paused"}:
            title, artist, seconds = self.playlist[self.track]
            attrs["media_content_type"] = "tvshow" if self.tv else "music"
            attrs["media_title"] = title
            attrs["media_artist"] = artist
            attrs["media_duration"] = seconds
        return self.state, attrs

    def watts(self) -> float:
        if self.tv:
            return 0.5 if self.state == "off" else 95.0
        if self.state == "off":
            return 1.0
        if self.state == "playing" and not self.muted:
            return 3.0 + 12.0 * self.volume
        return 2.5
