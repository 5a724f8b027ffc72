"""Home Assistant ingress: a trusted proxy that authenticated the person needs no token."""

from __future__ import annotations

import aiohttp

from .api_fakes import running_api

INGRESS = {"X-Ingress-Path": "/api/hassio_ingress/abc"}


async def _status(url: str, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as resp:
        return resp.status


async def test_trusted_proxy_with_ingress_header_needs_no_token() -> None:
    async with running_api(trusted=frozenset({"127.0.0.1"})) as api:
        assert await _status(api.url + "/api/areas", INGRESS) == 200
        assert await _status(api.url + "/api/areas", {}) == 401  # not through ingress
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(api.url + "/api/ws", headers=INGRESS) as ws,
        ):
            assert (await ws.receive_json())["type"] == "auth_ok"


async def test_other_addresses_are_not_trusted() -> None:
    async with running_api(trusted=frozenset({"172.30.32.2"})) as api:
        assert await _status(api.url + "/api/areas", INGRESS) == 401
    async with running_api() as api:  # nothing trusted by default
        assert await _status(api.url + "/api/areas", INGRESS) == 401
