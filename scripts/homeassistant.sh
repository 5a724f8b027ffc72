#!/usr/bin/env bash
# A real Home Assistant Core on loopback, for lamhub's integration tests and benchmarks.
#
#   scripts/homeassistant.sh install   create the HA venv if missing (exit 3: cannot install here)
#   scripts/homeassistant.sh start     install, write the config, start HA in the background, wait
#                                      for RUNNING, onboard, mint a long-lived token, apply the
#                                      demo fixture (areas, Assist exposure); prints HA_URL=...,
#                                      HA_PORT=..., HA_TOKEN=..., HA_PID=...
#   scripts/homeassistant.sh stop      stop the HA started with this config (by its PID file)
#   scripts/homeassistant.sh status|env|reset
#
# Knobs (environment): HA_HOME (default /tmp/lamhub-ha; the venv lives in $HA_HOME/venv),
# HA_CONFIG (config dir, default $HA_HOME/config), HA_PORT (port to use; default: the stored
# one, else 18123, else a free one), HA_VERSION (2024.3.3: the newest release that runs on
# Python 3.11), PYTHON (interpreter for the venv), HA_FIXTURE (1: expose every entity to Assist
# and put demo devices into areas; 0: HA's defaults).
# Adapted from the measured recipe in the team's research notes: cold install ~50-80 s and
# ~710 MB, fresh-config start ~6-8 s, warm restart ~3-4 s, ~160 MB RSS.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HA_VERSION="${HA_VERSION:-2024.3.3}"
HA_HOME="${HA_HOME:-/tmp/lamhub-ha}"
VENV="$HA_HOME/venv"
CONF="${HA_CONFIG:-$HA_HOME/config}"
PYTHON="${PYTHON:-python3}"
FIXTURE="${HA_FIXTURE:-1}"
PIDFILE="$CONF/hass.pid"
PORTFILE="$CONF/.peer_port"
TOKFILE="$CONF/.peer_token"
PEER="$HA_HOME/peer.py"
CANNOT_INSTALL=3

# What HA 2024.3.3 would pip-install at its first start with this config; pre-installing makes
# the venv complete before HA runs (HA installs nothing at runtime, so no network while testing).
RUNTIME_REQS=(SQLAlchemy==2.0.27 fnv-hash-fast==0.5.0 psutil-home-assistant==0.0.1
  Pillow==10.2.0 janus==1.0.0 home-assistant-frontend==20240307.0 hassil==1.6.1
  home-assistant-intents==2024.3.12 securetar==2024.2.1 PyTurboJPEG==1.7.1
  ha-ffmpeg==3.1.0 mutagen==1.47.0)

log() { echo "[homeassistant.sh] $*" >&2; }
cannot_install() { log "cannot install Home Assistant Core: $*"; exit "$CANNOT_INSTALL"; }
# This machine's pip names two local mirrors that may not exist: drop that noise only.
pip_q() { "$VENV/bin/pip" "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

is_running() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "hass" "/proc/$pid/cmdline" 2>/dev/null
}

venv_ok() {
  [ -x "$VENV/bin/hass" ] && "$VENV/bin/python" - "$HA_VERSION" <<'EOF' 2>/dev/null
import sys
from homeassistant.const import __version__
import acme.client  # breaks if josepy>=2 slipped in (see below)
sys.exit(0 if __version__ == sys.argv[1] else 1)
EOF
}

install() {
  venv_ok && return 0
  "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null \
    || cannot_install "HA $HA_VERSION needs Python 3.11 (PYTHON=$PYTHON is $("$PYTHON" --version 2>&1))"
  log "creating $VENV with homeassistant==$HA_VERSION (about a minute, ~710 MB)"
  local t0=$SECONDS tmp
  rm -rf "$VENV"; mkdir -p "$HA_HOME"
  "$PYTHON" -m venv "$VENV" || cannot_install "python -m venv failed (apt-get install python3-venv)"
  tmp="$(mktemp -d)"
  # Any failure from here on means "cannot install" (no index, no disk): the fixture skips.
  if ! {
    pip_q install -q --upgrade pip wheel &&
    pip_q download -q --no-deps "homeassistant==$HA_VERSION" -d "$tmp" &&
    # HA's own pin file pins the transitive deps to what this release was tested with.
    # hass-nabucasa 0.78 -> acme imports josepy.ComparableX509, which josepy 2 removed.
    "$VENV/bin/python" - "$tmp" "$VENV/ha-constraints.txt" <<'EOF' &&
import glob, sys, zipfile
whl = glob.glob(sys.argv[1] + "/homeassistant-*.whl")[0]
txt = zipfile.ZipFile(whl).read("homeassistant/package_constraints.txt").decode()
open(sys.argv[2], "w").write(txt + "\njosepy<2\n")
EOF
    pip_q install -q "$tmp"/homeassistant-*.whl "josepy<2" -c "$VENV/ha-constraints.txt" &&
    pip_q install -q "${RUNTIME_REQS[@]}" -c "$VENV/ha-constraints.txt"
  }; then
    rm -rf "$tmp" "$VENV"; cannot_install "pip failed (see above)"
  fi
  rm -rf "$tmp"
  venv_ok || cannot_install "the new venv does not import homeassistant $HA_VERSION"
  log "venv ready in $((SECONDS - t0)) s ($(du -sh "$VENV" | cut -f1))"
}

port_free() {
  # SO_REUSEADDR like HA's own listener, so a port in TIME_WAIT after a stop counts as free.
  "$VENV/bin/python" -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$1" 2>/dev/null
}

choose_port() {
  if [ -n "${HA_PORT:-}" ]; then echo "$HA_PORT"; return; fi
  local p=""
  [ -f "$PORTFILE" ] && p="$(cat "$PORTFILE")"
  if [ -n "$p" ] && port_free "$p"; then echo "$p"; return; fi
  if port_free 18123; then echo 18123; return; fi
  "$VENV/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"
}

write_config() {
  mkdir -p "$CONF"
  # No default_config on purpose: it loads zeroconf, ssdp, dhcp, bluetooth, cloud... which talk
  # to the network. A fixed location/units means HA never runs location detection either.
  cat > "$CONF/configuration.yaml" <<EOF
# Generated by lamhub scripts/homeassistant.sh: a loopback-only test peer.
homeassistant:
  name: lamhub test home
  latitude: 52.37
  longitude: 4.89
  elevation: 0
  unit_system: metric
  time_zone: UTC
  country: US
  currency: USD
  internal_url: "http://127.0.0.1:$1"
http:
  server_host: 127.0.0.1
  server_port: $1
logger:
  default: warning
api:
websocket_api:
auth:
onboarding:
config:
conversation:
intent:
demo:
EOF
  echo "$1" > "$PORTFILE"
}

current_port() {
  if [ -f "$PORTFILE" ]; then cat "$PORTFILE"
  else sed -n 's/^ *server_port: *\([0-9]*\).*/\1/p' "$CONF/configuration.yaml" 2>/dev/null | head -1; fi
}

print_env() {
  local port; port="$(current_port)"
  echo "HA_URL=http://127.0.0.1:$port"
  echo "HA_PORT=$port"
  echo "HA_TOKEN=$(cat "$TOKFILE")"
  echo "HA_PID=$(cat "$PIDFILE")"
  echo "HA_CONFIG=$CONF"
}

# The onboarding/token/fixture helper, run on the HA venv's python (aiohttp ships with HA).
# Kept inside this script so the script alone sets everything up.
write_peer() {
  mkdir -p "$HA_HOME"
  cat > "$PEER.tmp" <<'PEER_EOF'
"""Onboard a fresh Home Assistant, mint a long-lived token, apply the demo test fixture."""
import argparse, asyncio, json, os, sys, time
import aiohttp

USER, PASSWORD = "lamhub", "lamhub-test-password"
# Demo devices get no area; this fixed map makes area sentences and area imports testable.
AREAS = {"Kitchen Lights": "Kitchen", "Kitchen Window": "Kitchen",
         "Living Room RGBWW Lights": "Living Room", "Living Room Window": "Living Room",
         "Ecobee": "Living Room", "Bed Light": "Bedroom", "HeatPump": "Bedroom",
         "Office RGBW Lights": "Office", "Hvac": "Office"}


def cid(url):
    return url.rstrip("/") + "/"


async def exchange(s, url, code):
    data = {"grant_type": "authorization_code", "code": code, "client_id": cid(url)}
    async with s.post(f"{url}/auth/token", data=data) as r:
        body = await r.json()
        if r.status != 200:
            raise RuntimeError(f"/auth/token -> {r.status} {body}")
        return body["access_token"]


async def onboard(s, url):
    # /auth/providers: 400 onboarding_required until an owner exists, then 200.
    for _ in range(240):
        async with s.get(f"{url}/auth/providers") as r:
            if r.status in (200, 400):
                need_user = r.status == 400
                break
        await asyncio.sleep(0.5)
    else:
        raise RuntimeError("auth views never came up")
    async with s.get(f"{url}/api/onboarding") as r:  # 404 once onboarding is complete
        steps = {x["step"]: x["done"] for x in await r.json()} if r.status == 200 else {}
    if need_user:
        user = {"client_id": cid(url), "name": "lamhub", "username": USER,
                "password": PASSWORD, "language": "en"}
        async with s.post(f"{url}/api/onboarding/users", json=user) as r:
            body = await r.json()
            if r.status != 200:
                raise RuntimeError(f"/api/onboarding/users -> {r.status} {body}")
        access = await exchange(s, url, body["auth_code"])
    else:  # owner exists but the token file is gone: log in
        flow_req = {"client_id": cid(url), "handler": ["homeassistant", None],
                    "redirect_uri": cid(url) + "?auth_callback=1"}
        async with s.post(f"{url}/auth/login_flow", json=flow_req) as r:
            flow = await r.json()
        async with s.post(f"{url}/auth/login_flow/{flow['flow_id']}", json={
                "client_id": cid(url), "username": USER, "password": PASSWORD}) as r:
            res = await r.json()
            if res.get("type") != "create_entry":
                raise RuntimeError(f"login failed: {res}")
        access = await exchange(s, url, res["result"])
    hdr = {"Authorization": f"Bearer {access}"}
    # "core_config" is deliberately never posted: in 2024.3 it creates met/radio_browser
    # entries that reach out to the internet from a peer that must stay on loopback.
    if steps and not steps.get("analytics"):
        async with s.post(f"{url}/api/onboarding/analytics", headers=hdr) as r:
            await r.read()
    if steps and not steps.get("integration"):
        async with s.post(f"{url}/api/onboarding/integration", headers=hdr, json={
                "client_id": cid(url), "redirect_uri": cid(url) + "?auth_callback=1"}) as r:
            await r.read()
    return access


async def ws(s, url, token, msgs):
    out = []
    async with s.ws_connect(url.replace("http", "ws", 1) + "/api/websocket") as w:
        await w.receive_json()
        await w.send_json({"type": "auth", "access_token": token})
        if (await w.receive_json())["type"] != "auth_ok":
            raise RuntimeError("websocket auth failed")
        for i, m in enumerate(msgs, 1):
            await w.send_json({"id": i, **m})
            while (reply := await w.receive_json()).get("id") != i:
                pass
            out.append(reply)
    return out


def read(path):
    return open(path).read().strip() if os.path.exists(path) else ""


async def main(a):
    hdr = {"Authorization": f"Bearer {read(a.token_file)}"}
    async with aiohttp.ClientSession() as s:
        if a.cmd == "up":  # any answer from /auth/providers: the HTTP server is up
            deadline = time.monotonic() + a.timeout
            while time.monotonic() < deadline:
                if a.pid and not os.path.exists(f"/proc/{a.pid}"):
                    raise RuntimeError("hass exited")
                try:
                    async with s.get(f"{a.url}/auth/providers") as r:
                        if r.status != 404:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.3)
            raise RuntimeError("timeout waiting for HTTP")
        if a.cmd == "token":
            if hdr["Authorization"] != "Bearer ":
                async with s.get(f"{a.url}/api/", headers=hdr) as r:
                    if r.status == 200:
                        return
            access = await onboard(s, a.url)
            (res,) = await ws(s, a.url, access, [{
                "type": "auth/long_lived_access_token", "lifespan": 3650,
                # must be unique per user (a duplicate answers 'unknown_error')
                "client_name": f"lamhub-tests-{int(time.time() * 1000)}"}])
            if not res.get("success"):
                raise RuntimeError(f"long_lived_access_token failed: {res}")
            fd = os.open(a.token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(res["result"] + "\n")
        elif a.cmd == "wait":  # core state RUNNING: every integration is set up
            deadline = time.monotonic() + a.timeout
            while time.monotonic() < deadline:
                try:
                    async with s.get(f"{a.url}/api/config", headers=hdr) as r:
                        if r.status == 200 and (await r.json()).get("state") == "RUNNING":
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.3)
            raise RuntimeError("timeout waiting for state RUNNING")
        elif a.cmd == "expose":  # 2024.3 exposes only some domains to Assist by default
            async with s.get(f"{a.url}/api/states", headers=hdr) as r:
                ids = [st["entity_id"] for st in await r.json()]
            await ws(s, a.url, hdr["Authorization"][7:], [{
                "type": "homeassistant/expose_entity", "assistants": ["conversation"],
                "entity_ids": ids, "should_expose": True}])
        elif a.cmd == "areas":
            tok = hdr["Authorization"][7:]
            areas, devices = await ws(s, a.url, tok, [
                {"type": "config/area_registry/list"}, {"type": "config/device_registry/list"}])
            ids = {x["name"]: x["area_id"] for x in areas["result"]}
            new = sorted(set(AREAS.values()) - set(ids))
            for res in await ws(s, a.url, tok, [
                    {"type": "config/area_registry/create", "name": n} for n in new]):
                ids[res["result"]["name"]] = res["result"]["area_id"]
            await ws(s, a.url, tok, [
                {"type": "config/device_registry/update", "device_id": d["id"],
                 "area_id": ids[AREAS[d["name"]]]}
                for d in devices["result"]
                if d["name"] in AREAS and d["area_id"] != ids[AREAS[d["name"]]]])


p = argparse.ArgumentParser()
p.add_argument("cmd", choices=["up", "token", "wait", "expose", "areas"])
p.add_argument("--url", required=True)
p.add_argument("--token-file", required=True)
p.add_argument("--timeout", type=float, default=300)
p.add_argument("--pid", type=int, default=0)
try:
    asyncio.run(main(p.parse_args()))
except Exception as e:
    sys.exit(f"peer.py: {type(e).__name__}: {e}")
PEER_EOF
  mv "$PEER.tmp" "$PEER"
}

peer() { "$VENV/bin/python" "$PEER" "$@" --url "http://127.0.0.1:$(current_port)" --token-file "$TOKFILE"; }

start() {
  install
  write_peer
  local t0=$SECONDS
  if is_running; then
    log "already running (pid $(cat "$PIDFILE"))"
  else
    local port; port="$(choose_port)"
    write_config "$port"
    log "starting hass on 127.0.0.1:$port (config $CONF)"
    setsid nohup "$VENV/bin/hass" -c "$CONF" --log-file "$CONF/home-assistant.log" \
      >"$CONF/hass.stdout" 2>&1 </dev/null &
    echo $! > "$PIDFILE"
    # Any HTTP answer on /auth/providers means the server is up (it needs no token, unlike
    # /api/, which would log a failed login and raise a notification).
    if ! peer up --timeout 600 --pid "$(cat "$PIDFILE")"; then
      log "hass did not come up; see $CONF/hass.stdout"; tail -20 "$CONF/hass.stdout" >&2 || true
      stop; exit 1
    fi
  fi
  peer token >/dev/null
  peer wait --timeout 600
  if [ "$FIXTURE" = 1 ]; then peer expose >/dev/null; peer areas >/dev/null; fi
  log "RUNNING after $((SECONDS - t0)) s"
  print_env
}

stop() {
  if ! is_running; then rm -f "$PIDFILE"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  log "stopping pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "still alive, SIGKILL $pid"; kill -KILL "$pid"; fi
  rm -f "$PIDFILE"
}

status() {
  is_running || { echo "stopped"; return 1; }
  local pid; pid="$(cat "$PIDFILE")"
  echo "running pid=$pid port=$(current_port) rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")"
}

case "${1:-start}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) is_running && print_env ;;
  reset) stop; rm -rf "$CONF"; log "wiped $CONF" ;;
  *) echo "usage: $0 [install|start|stop|status|env|reset]" >&2; exit 2 ;;
esac
