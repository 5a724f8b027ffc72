"""The Home Assistant integration: import areas and entities, follow states, make calls."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import aiohttp

from hub.core import (
    UNAVAILABLE,
    Clock,
    EntitySink,
    EntitySpec,
    EntityState,
    HubEvent,
    IntegrationError,
    ServiceCall,
)
from hub.core.supervisor import supervise
from integrations.homeassistant.config import HomeAssistantConfig
from integrations.homeassistant.contexts import ContextTracker
from integrations.homeassistant.mapping import (
    Registries,
    build_spec,
    context_id,
    parse_areas,
    parse_device_areas,
    parse_exposed,
    state_of,
)
from integrations.homeassistant.wsclient import (
    HaWebsocket,
    HomeAssistantAuthError,
    HomeAssistantCommandError,
)

log = logging.getLogger(__name__)
# Registry edits come in bursts (a device moved with its entities): resync once after a pause.
_RESYNC_DEBOUNCE_S = 1.0
_REGISTRY_EVENTS = ("area_registry_updated", "device_registry_updated", "entity_registry_updated")


class HomeAssistantIntegration:
    """Entities of a Home Assistant server, followed over its websocket API."""

    name = "homeassistant"

    def __init__(self, config: HomeAssistantConfig, sink: EntitySink, clock: Clock) -> None:
        self._config = config
        self._sink = sink
        self._clock = clock
        self._ws: HaWebsocket | None = None
        self._connected = asyncio.Event()
        self._contexts = ContextTracker(self._apply, clock.monotonic)
        self._specs: dict[str, EntitySpec] = {}  # imported (allowed) entities
        self._regs = Registries()
        self._resync = asyncio.Event()
        self._auth_failed_at: float | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._seen: set[str] = set()  # every entity id Home Assistant had at the last sync
        self._live = False  # state events are applied (not buffered for the snapshot)
        self.last_error: str | None = None  # why the last connection failed (health, tests)
        self.syncs = 0  # completed imports (first sync and each resync)

    # -- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        loop = supervise(
            f"Home Assistant at {self._config.url}",
            self._serve,
            logger=log,
            on_down=self._on_down,
            on_up=self._on_up,
            min_backoff=self._config.reconnect_min_s,
            max_backoff=self._config.reconnect_max_s,
        )
        # Never wait for Home Assistant here: a server that is down must not hold up the hub.
        self._tasks = [asyncio.create_task(loop, name="homeassistant.connection")]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=2.0)
        self._tasks = []

    async def wait_connected(self) -> None:
        """Wait until connected and imported (wrap in asyncio.timeout to bound it)."""
        await self._connected.wait()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def entity_ids(self) -> frozenset[str]:
        return frozenset(self._specs)

    # -- connection -----------------------------------------------------------------------

    async def _serve(self, up: Callable[[], None]) -> None:
        await self._auth_backoff()
        token = self._config.secret()
        if not token:
            self._auth_failed_at = self._clock.monotonic()
            raise HomeAssistantAuthError(
                "no access token: set homeassistant.token or token_file (or run as the add-on)"
            )
        timeout = aiohttp.ClientTimeout(total=None, connect=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            ws = HaWebsocket(
                session, self._config.websocket_url, token, verify_ssl=self._config.verify_ssl
            )
            try:
                await self._connect(ws)
                self._auth_failed_at = None
                self.last_error = None
                reader = asyncio.create_task(ws.run(), name="homeassistant.reader")
                try:
                    await self._sync(ws, await self._subscribe(ws))
                    self._ws = ws
                    self._connected.set()
                    up()
                    log.info(
                        "Home Assistant %s: %d entities imported", ws.ha_version, len(self._specs)
                    )
                    await self._until_closed(ws, reader)
                finally:
                    reader.cancel()
                    with contextlib.suppress(BaseException):
                        await reader
            finally:
                self._ws = None
                self._connected.clear()
                self._contexts.clear()
                await ws.close()

    async def _connect(self, ws: HaWebsocket) -> None:
        try:
            await ws.connect()
        except HomeAssistantAuthError as exc:
            # A refused token will not heal by retrying quickly, and every attempt raises a
            # "login attempt failed" notification in HA: say it once, retry rarely.
            self._auth_failed_at = self._clock.monotonic()
            self.last_error = (
                f"Home Assistant refused the access token ({exc}); check homeassistant.token "
                f"(retrying every {self._config.auth_retry_s:.0f} s)"
            )
            raise HomeAssistantAuthError(self.last_error) from None
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            raise

    async def _auth_backoff(self) -> None:
        if self._auth_failed_at is None:
            return
        wait = self._auth_failed_at + self._config.auth_retry_s - self._clock.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def _until_closed(self, ws: HaWebsocket, reader: asyncio.Task[None]) -> None:
        while True:
            resync = asyncio.create_task(self._resync.wait())
            done, _ = await asyncio.wait({reader, resync}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                resync.cancel()
                reader.result()  # raises why the connection ended
                return
            await asyncio.sleep(_RESYNC_DEBOUNCE_S)
            self._resync.clear()
            await self._sync(ws)

    async def _subscribe(self, ws: HaWebsocket) -> list[dict[str, Any]]:
        """Subscribe before the first read, so no change slips between snapshot and events."""
        buffered: list[dict[str, Any]] = []
        self._live = False

        def on_state(event: dict[str, Any]) -> None:
            if self._live:
                self._on_state_event(event)
            else:
                buffered.append(event)  # replayed once the snapshot is in

        t = self._config.call_timeout_s
        await ws.subscribe("state_changed", on_state, t)
        for event_type in _REGISTRY_EVENTS:
            await ws.subscribe(event_type, lambda _e: self._resync.set(), t)
        return buffered

    async def _sync(self, ws: HaWebsocket, buffered: list[dict[str, Any]] | None = None) -> None:
        """Import registries and states; events seen meanwhile are replayed after."""
        t = self._config.call_timeout_s
        areas, devices, entries, exposed, states = await asyncio.gather(
            ws.command({"type": "config/area_registry/list"}, t),
            ws.command({"type": "config/device_registry/list"}, t),
            ws.command({"type": "config/entity_registry/list"}, t),
            ws.command({"type": "homeassistant/expose_entity/list"}, t),
            ws.command({"type": "get_states"}, t),
        )
        regs = Registries(parse_areas(areas), parse_device_areas(devices))
        regs.entries = {str(e["entity_id"]): e for e in entries}
        regs.exposed = parse_exposed(exposed)
        by_id = {str(s["entity_id"]): s for s in states}
        allowed = [
            eid for eid in by_id if self._config.allows(eid, regs.area_of(eid), eid in regs.exposed)
        ]
        # Aliases and capabilities are only in the extended entries (not in the list answer).
        registered = [eid for eid in allowed if eid in regs.entries]
        if registered:
            ext = await ws.command(
                {"type": "config/entity_registry/get_entries", "entity_ids": registered}, t
            )
            regs.entries.update({eid: entry for eid, entry in (ext or {}).items() if entry})
        self._import(regs, allowed, by_id)
        self._seen = set(by_id)
        self.syncs += 1
        if buffered is not None:
            self._live = True
            for event in buffered:
                self._on_state_event(event)

    def _import(
        self, regs: Registries, allowed: list[str], states: dict[str, dict[str, Any]]
    ) -> None:
        for area in regs.areas.values():
            self._sink.upsert_area(area)
        for entity_id in set(self._specs) - set(allowed):
            del self._specs[entity_id]
            self._sink.remove_entity(entity_id)
        for entity_id in allowed:
            state, attrs, ts = state_of(states[entity_id])
            spec = build_spec(entity_id, attrs, regs, self.name)
            available = state != UNAVAILABLE
            if entity_id not in self._specs:
                # First sight: a restore by the hub, not anyone's action.
                self._sink.upsert_entity(spec, EntityState(state, attrs, ts, available=available))
            else:
                # Back after a reconnect: what changed meanwhile is reported as seen, and the
                # registry attributes it (the context tells when it was one of our calls).
                self._sink.upsert_entity(spec)
                self._sink.set_available(entity_id, available)
                if available:
                    call_id = self._contexts.call_id(context_id(states[entity_id]))
                    self._sink.report_state(entity_id, state, attrs, call_id=call_id, ts=ts)
            self._specs[entity_id] = spec
        self._regs = regs

    # -- events ---------------------------------------------------------------------------

    def _on_state_event(self, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        new = data.get("new_state")
        ctx = context_id(new) if isinstance(new, dict) else None
        self._contexts.event(data, ctx)

    def _apply(self, data: dict[str, Any], call_id: str | None) -> None:
        entity_id = str(data.get("entity_id", ""))
        new = data.get("new_state")
        if entity_id not in self._specs:
            if new is not None and entity_id not in self._seen:
                self._seen.add(entity_id)
                self._resync.set()  # a new entity: import it with its registry data
            return
        if new is None:  # removed from Home Assistant
            self._resync.set()
            return
        state, attrs, ts = state_of(new)
        if state == UNAVAILABLE:
            self._sink.set_available(entity_id, False)
            return
        self._sink.report_state(entity_id, state, attrs, call_id=call_id, ts=ts)

    def _on_down(self) -> None:
        for entity_id in self._specs:
            self._sink.set_available(entity_id, False)
        data: dict[str, Any] = {"integration": self.name}
        if self.last_error:
            data["error"] = self.last_error
        self._sink.emit(HubEvent(self._clock.now(), "integration_unavailable", data))

    def _on_up(self) -> None:
        self._sink.emit(
            HubEvent(self._clock.now(), "integration_available", {"integration": self.name})
        )

    # -- commands -------------------------------------------------------------------------

    async def call(self, call: ServiceCall, call_id: str) -> None:
        """Send `call_service` with the call's entities as target; tag its state changes."""
        ws = self._ws
        if ws is None or not self._connected.is_set():
            raise IntegrationError("Home Assistant is unreachable; try again later")
        unknown = [e for e in call.entity_ids if e not in self._specs]
        if unknown:
            raise IntegrationError(f"{', '.join(unknown)} not controlled through Home Assistant")
        message = {
            "type": "call_service",
            "domain": call.domain,
            "service": call.name,
            "service_data": dict(call.data),
            "target": {"entity_id": list(call.entity_ids)},
            "return_response": False,
        }
        token = self._contexts.begin(call_id, call.entity_ids)

        def resolved(result: Any) -> None:
            ctx = result.get("context") if isinstance(result, dict) else None
            self._contexts.resolve(token, context_id({"context": ctx}))

        try:
            await ws.command(message, self._config.call_timeout_s, on_result=resolved)
        except HomeAssistantCommandError as exc:
            raise IntegrationError(f"Home Assistant refused {call.service}: {exc}") from None
        except TimeoutError:
            raise IntegrationError(
                f"Home Assistant did not answer {call.service} in time"
            ) from None
        except (ConnectionError, aiohttp.ClientError) as exc:
            raise IntegrationError(f"Home Assistant connection lost: {exc}") from None
        finally:
            self._contexts.abort(token)  # no-op when resolved
