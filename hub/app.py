"""The running hub: wires config, registry, bus, event log, executor, integrations and the API."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Self
from zoneinfo import ZoneInfo

from hub.answers import LiveAnswerer
from hub.api import ApiContext, ApiServer
from hub.api.context import Route
from hub.api.energy import routes as energy_routes
from hub.bus import Bus
from hub.clock import SystemClock
from hub.config import HubConfig
from hub.conversation import Conversation
from hub.core import Clock, EntitySpec, Integration, JsonObject, Origin
from hub.energy import EnergySample, EnergyTracker
from hub.eventlog import EventLog
from hub.executor import Executor
from hub.registry import Registry
from hub.requests import RequestRouter
from hub.scheduler import Scheduler
from intents import NluEngine, Planner, train_embedded

log = logging.getLogger("hub")

SHUTDOWN_S = 5.0


@dataclass(frozen=True, slots=True)
class Overrides:
    """Command-line overrides of hub.yaml."""

    data_dir: Path | None = None
    port: int | None = None


def api_token(config: HubConfig, data_dir: Path) -> str:
    """The API token: from config, its file, or generated once into <data_dir>/api_token."""
    if config.api.token is not None:
        return config.api.token.get_secret_value()
    if config.api.token_file is not None:
        return config.api.token_file.read_text(encoding="utf-8").strip()
    path = data_dir / "api_token"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    token = secrets.token_urlsafe(32)
    while token.startswith("-"):  # a leading dash reads as an option on command lines
        token = secrets.token_urlsafe(32)
    # Created private from the start: no window in which others could read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    log.info("generated an API token in %s", path)
    return token


class Hub:
    """The whole daemon as one async context manager; `async with Hub(cfg) as hub: ...`."""

    def __init__(
        self, config: HubConfig, overrides: Overrides | None = None, clock: Clock | None = None
    ) -> None:
        self.config = config
        over = overrides or Overrides()
        self.data_dir = (over.data_dir or config.data_dir).resolve()
        self.port = over.port if over.port is not None else config.api.port
        self.clock: Clock = clock or SystemClock(_zone(config))
        self.bus = Bus()
        self.registry = Registry(self.bus, self.clock)
        self.integrations: dict[str, Integration] = {}
        self.ready = asyncio.Event()
        self._stack = AsyncExitStack()
        self.api: ApiServer | None = None

    async def __aenter__(self) -> Self:
        try:
            await self._start()
        except BaseException:
            await self._stack.aclose()
            raise
        return self

    async def _start(self) -> None:
        cfg = self.config
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.eventlog = await self._stack.enter_async_context(
            EventLog(self.data_dir / "events.sqlite", self.bus)
        )
        self.scheduler = Scheduler(self.data_dir / "schedule.sqlite", self.clock)
        self.executor = Executor(
            self.registry, self.bus, self.clock, self.integrations, self.scheduler
        )
        self.router = RequestRouter(self.executor)
        self.conversation = await self._make_conversation()
        self.router.set_command_handler(self.conversation.handle)
        for integration in self._make_integrations():
            self.integrations[integration.name] = integration
            await self._stack.enter_async_context(integration)
        self.scheduler.bind(self.executor.execute)
        await self._stack.enter_async_context(self.scheduler)
        self.energy = await self._stack.enter_async_context(
            EnergyTracker(cfg.energy, self.data_dir, self.bus, self.registry, self.clock)
        )
        self.conversation.ask = self.energy.answer
        extra_routes = list(energy_routes(self.energy))
        if cfg.influxdb.enabled:
            await self._start_influx()
        if cfg.voice.enabled:
            extra_routes += await self._start_voice()
        if cfg.automations.enabled:
            extra_routes += await self._start_automations()
        mqtt = self.integrations.get("mqtt")
        if mqtt is not None:  # the hub's entities, energy, alerts, suggestions in Home Assistant
            from hub.mqtt_bridge import MqttBridge
            from integrations.mqtt import MqttIntegration

            assert isinstance(mqtt, MqttIntegration)
            bridge = MqttBridge(
                mqtt,
                self.bus,
                self.registry,
                base_topic=cfg.mqtt.base_topic,
                discovery_prefix=cfg.mqtt.discovery_prefix,
                conversation=self.conversation,
                energy=self.energy,
                suggestions=getattr(self, "suggestions", None),
            )
            await self._stack.enter_async_context(bridge)
        ctx = ApiContext(
            registry=self.registry,
            bus=self.bus,
            eventlog=self.eventlog,
            handler=self.router,
            token=api_token(cfg, self.data_dir),
            ready=self.ready,
            trusted_proxies=frozenset(str(a) for a in cfg.api.trusted_proxies),
        )
        self.api = await self._stack.enter_async_context(
            ApiServer(
                ctx,
                cfg.api.host,
                self.port,
                cfg.api.max_body_bytes,
                cors_origins=tuple(cfg.api.cors_origins),
                extra_routes=tuple(extra_routes),
            )
        )
        self.ready.set()
        log.info(
            "hub ready: %d entities in %d areas; API on http://%s:%d",
            len(self.registry.entities()),
            len(self.registry.areas()),
            cfg.api.host,
            self.api.port,
        )

    async def _start_automations(self) -> tuple[Route, ...]:
        """YAML automations on the scheduler, and suggestions learned from the event log."""
        from hub.api.routes.automations import routes as automation_routes
        from hub.automation_runner import AutomationRunner
        from hub.offers import SuggestionOffers
        from hub.suggestions import Suggestions

        cfg = self.config
        runner = await self._stack.enter_async_context(
            AutomationRunner(
                cfg.automations,
                cfg.home,
                self.bus,
                self.registry,
                self.executor,
                self.clock,
                self.scheduler,
            )
        )
        self.suggestions = await self._stack.enter_async_context(
            Suggestions(
                cfg.automations,
                self.data_dir,
                self.eventlog,
                self.bus,
                self.registry,
                self.clock,
                runner,
            )
        )
        offers = SuggestionOffers(self.suggestions, self.conversation.engine)
        self.conversation.before.append(offers.before)
        self.conversation.hooks.append(offers.after)
        return automation_routes(runner, self.suggestions)

    async def _start_voice(self) -> tuple[Route, ...]:
        """Microphones and satellites: what is heard goes the way of text, with its room."""
        from hub.api.voice import routes as voice_routes
        from hub.voice import VoiceCommand, VoiceService

        async def on_voice(cmd: VoiceCommand) -> str | None:
            request: JsonObject = {
                "text": cmd.text,
                "area": cmd.area,
                "session": cmd.session,
                "confidence": cmd.confidence,
            }
            if cmd.hold:
                request["hold"] = True
            answer = await self.router.handle("command", request, Origin.VOICE)
            reply = answer.get("reply")
            return reply if isinstance(reply, str) else None

        from hub.voice.enrol import with_adapted_model

        voice = with_adapted_model(self.config.voice, self.data_dir)
        self.voice = await self._stack.enter_async_context(
            VoiceService(voice, self.registry.snapshot, on_voice, voice_dir=self.data_dir / "voice")
        )
        return voice_routes(self.voice)

    async def _start_influx(self) -> None:
        """Export power and energy points to InfluxDB, buffered on disk while it is away."""
        from integrations.influxdb import InfluxExporter

        cfg = self.config.influxdb

        def describe(entity_id: str) -> EntitySpec | None:
            entity = self.registry.get(entity_id)
            return entity.spec if entity is not None else None

        exporter = await self._stack.enter_async_context(
            InfluxExporter(cfg, cfg.buffer_path(self.data_dir), describe=describe)
        )
        self.bus.add_listener(exporter.on_event)
        self._stack.callback(self.bus.remove_listener, exporter.on_event)

        def on_sample(sample: EnergySample) -> None:
            tags = {"entity_id": sample.entity_id, "sensor": sample.sensor}
            exporter.add_point(cfg.measurement_energy, tags, {"kwh": sample.total_kwh}, sample.ts)

        self.energy.on_sample = on_sample

    async def _make_conversation(self) -> Conversation:
        """The planner over the configured engine; training runs off the loop (cached)."""
        nlu = self.config.nlu
        engine: NluEngine
        if nlu.engine == "rasa":
            from hub.rasa_engine import RasaEngine

            engine = RasaEngine(nlu.rasa_url, nlu.rasa_timeout_s)
        else:
            cache = nlu.cache_dir or self.data_dir / "nlu"
            engine = await asyncio.to_thread(train_embedded, cache_dir=cache)
        planner = Planner(
            engine,
            answerer=LiveAnswerer(),
            session_ttl=timedelta(seconds=nlu.session_ttl_s),
        )
        voice = self.config.voice
        return Conversation(
            planner,
            self.registry,
            self.executor,
            self.clock,
            blocking_engine=nlu.engine == "rasa",
            min_confidence=voice.min_confidence,
            sensitive_confidence=voice.sensitive_confidence,
        )

    def _make_integrations(self) -> list[Integration]:
        cfg = self.config
        out: list[Integration] = []
        if cfg.virtual.enabled:
            from integrations.virtual import VirtualHome

            out.append(VirtualHome(cfg.virtual, self.registry, self.clock))
        if cfg.mqtt.enabled:
            from integrations.mqtt import MqttIntegration

            out.append(MqttIntegration(cfg.mqtt, self.registry, self.clock, self.router))
        if cfg.homeassistant.enabled:
            from integrations.homeassistant import HomeAssistantIntegration

            out.append(HomeAssistantIntegration(cfg.homeassistant, self.registry, self.clock))
        return out

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.ready.clear()
        try:
            async with asyncio.timeout(SHUTDOWN_S):
                await self._stack.aclose()
        except TimeoutError:
            log.error("shutdown took longer than %.0f s; leaving the rest behind", SHUTDOWN_S)


def _zone(config: HubConfig) -> tzinfo | None:
    tz = config.home.timezone
    return ZoneInfo(tz) if tz else None


async def serve(config: HubConfig, overrides: Overrides, stop: asyncio.Event) -> None:
    """Run the hub until `stop` is set (SIGINT/SIGTERM)."""
    async with Hub(config, overrides):
        await stop.wait()
        log.info("stopping")
