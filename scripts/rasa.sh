#!/usr/bin/env bash
# A real Rasa Open Source 3.6 NLU server on loopback, trained on intents/data, for lamhub's
# Rasa backend (integration tests, bench, `nlu: {engine: rasa}`).
#
#   scripts/rasa.sh install   create the Rasa venv if missing (exit 3: cannot install here)
#   scripts/rasa.sh train     install, then `rasa train nlu` on intents/data unless a model for
#                             the same data (hash) is cached; prints RASA_MODEL=...
#   scripts/rasa.sh start     install, train, serve on 127.0.0.1 and wait until /model/parse
#                             answers; prints RASA_URL=..., RASA_PORT=..., RASA_PID=..., RASA_MODEL=...
#   scripts/rasa.sh stop      stop the server started with this run dir (by its PID file)
#   scripts/rasa.sh status|env
#
# Knobs (environment): RASA_HOME (default /tmp/lamhub-rasa: venv/ and models/ live there),
# RASA_RUN (run dir with PID, port and log; default $RASA_HOME/run), RASA_PORT (port to use;
# default: a free one), RASA_DATA (training data dir, default intents/data), RASA_EPOCHS (DIET
# epochs; default: the value in the data's config.yml), PYTHON (interpreter for the venv).
# Recipe (measured in the team's research notes): rasa 3.6.21 declares Requires-Python <3.11,
# so it is installed with --ignore-requires-python plus constraints that restore the pins its
# markers drop on 3.11; matplotlib 3.5.3 is built from sdist against system freetype/qhull.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
DEPLOY="$ROOT/deploy/rasa"
RASA_VERSION="3.6.21"
RASA_HOME="${RASA_HOME:-/tmp/lamhub-rasa}"
VENV="$RASA_HOME/venv"
MODELS="$RASA_HOME/models"
RUN="${RASA_RUN:-$RASA_HOME/run}"
DATA="${RASA_DATA:-$ROOT/intents/data}"
# Rasa 3.6 runs on Python 3.8-3.11: the first such interpreter found, unless PYTHON is set.
fits() { "$1" -c 'import sys; assert (3, 8) <= sys.version_info[:2] <= (3, 11)' 2>/dev/null; }
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  for candidate in python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && fits "$candidate"; then PYTHON="$candidate"; break; fi
  done
fi
PIDFILE="$RUN/rasa.pid"
PORTFILE="$RUN/rasa.port"
MODELFILE="$RUN/rasa.model"
LOG="$RUN/rasa.log"
CANNOT_INSTALL=3
APT_DEPS=(libfreetype-dev libqhull-dev pkg-config build-essential)

export RASA_TELEMETRY_ENABLED=false  # no consent prompt, no network calls home
export TF_CPP_MIN_LOG_LEVEL=2        # TensorFlow's CPU-feature banners are noise here
# Rasa's own training cache (default ~/.rasa/cache) lives beside the venv: one dir to wipe.
export RASA_CACHE_DIRECTORY="${RASA_CACHE_DIRECTORY:-$RASA_HOME/cache}"

log() { echo "[rasa.sh] $*" >&2; }
cannot_install() { log "cannot install Rasa $RASA_VERSION: $*"; exit "$CANNOT_INSTALL"; }
# This machine's pip names local mirrors that may not exist: drop that noise only.
pip_q() { "$VENV/bin/pip" "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

venv_ok() {
  [ -x "$VENV/bin/rasa" ] && "$VENV/bin/python" - "$RASA_VERSION" <<'EOF' 2>/dev/null
import sys
import dask  # noqa: F401  (marker-dropped on 3.11; `rasa train` needs it)
from rasa.version import __version__
sys.exit(0 if __version__ == sys.argv[1] else 1)
EOF
}

apt_deps() {
  # matplotlib 3.5.3 has no cp311 wheel; its sdist needs these instead of downloading freetype.
  dpkg -s "${APT_DEPS[@]}" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || cannot_install "no apt-get; please install ${APT_DEPS[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || cannot_install "not root and no sudo for: ${APT_DEPS[*]}"
    sudo="sudo"
  fi
  log "installing build deps: ${APT_DEPS[*]}"
  for attempt in 1 2 3; do
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      -o DPkg::Lock::Timeout=120 "${APT_DEPS[@]}" >/dev/null && return 0
    log "apt-get failed (attempt $attempt); retrying"; sleep 5
  done
  cannot_install "apt-get install ${APT_DEPS[*]} failed"
}

install() {
  venv_ok && return 0
  fits "$PYTHON" || cannot_install \
    "Rasa $RASA_VERSION needs Python 3.8-3.11 (PYTHON=$PYTHON is $("$PYTHON" --version 2>&1 | head -1))"
  apt_deps
  log "creating $VENV with rasa==$RASA_VERSION (~3-4 min, ~2.5 GB)"
  local t0=$SECONDS
  rm -rf "$VENV"; mkdir -p "$RASA_HOME"
  "$PYTHON" -m venv "$VENV" || cannot_install "python -m venv failed (apt-get install python3-venv)"
  # Any failure from here on means "cannot install" (no index, no disk): the fixture skips.
  if ! {
    pip_q install -q --upgrade pip wheel &&
    MPLSETUPCFG="$DEPLOY/mplsetup.cfg" pip_q install -q "rasa==$RASA_VERSION" "dask==2022.10.2" \
      --ignore-requires-python -c "$DEPLOY/constraints-py311.txt" &&
    pip_q check >/dev/null
  }; then
    rm -rf "$VENV"; cannot_install "pip failed (see above)"
  fi
  venv_ok || { rm -rf "$VENV"; cannot_install "the new venv does not import rasa $RASA_VERSION"; }
  log "venv ready in $((SECONDS - t0)) s ($(du -sh "$VENV" | cut -f1))"
}

# The config actually trained: the data's config.yml, with DIET's epochs replaced when
# RASA_EPOCHS is set (the only knob; the data itself is used unchanged).
write_config() {
  "$VENV/bin/python" - "$DATA/config.yml" "${RASA_EPOCHS:-}" "$1" <<'EOF'
import sys
import yaml
src, epochs, out = sys.argv[1:]
config = yaml.safe_load(open(src))
if epochs:
    for step in config["pipeline"]:
        if step["name"] == "DIETClassifier":
            step["epochs"] = int(epochs)
yaml.safe_dump(config, open(out, "w"), sort_keys=False)
EOF
}

data_hash() {
  # Everything that changes the model: data, pipeline (with the epochs knob), Rasa version.
  { cat "$DATA/nlu.yml" "$DATA/domain.yml" "$1"; echo "rasa $RASA_VERSION"; } \
    | sha256sum | cut -c1-16
}

train() {
  install
  mkdir -p "$MODELS"
  local config hash model t0=$SECONDS
  config="$(mktemp "$MODELS/config.XXXXXX.yml")"
  write_config "$config"
  hash="$(data_hash "$config")"
  model="$MODELS/nlu-$hash.tar.gz"
  if [ -f "$model" ]; then
    log "model for this data is cached: $model"
  else
    log "training $model (rasa train nlu on $DATA, epochs ${RASA_EPOCHS:-from config.yml})"
    # Trained into its own dir and moved when complete: an interrupted run leaves no "cached"
    # half model, and two runs at once do not write the same file.
    local out="$MODELS/training-$hash-$$"
    rm -rf "$out"
    if ! (cd "$RASA_HOME" && "$VENV/bin/rasa" train nlu --config "$config" \
          --nlu "$DATA/nlu.yml" --domain "$DATA/domain.yml" --out "$out" \
          --fixed-model-name "nlu-$hash" >"$MODELS/train-$hash.log" 2>&1) \
       || [ ! -f "$out/nlu-$hash.tar.gz" ]; then
      log "rasa train nlu failed; see $MODELS/train-$hash.log"; tail -30 "$MODELS/train-$hash.log" >&2
      rm -rf "$config" "$out"; exit 1
    fi
    mv "$out/nlu-$hash.tar.gz" "$model"; rm -rf "$out"
    log "trained in $((SECONDS - t0)) s ($(du -h "$model" | cut -f1))"
  fi
  rm -f "$config"
  echo "RASA_MODEL=$model"
}

is_running() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "rasa run"
}

free_port() {
  if [ -n "${RASA_PORT:-}" ]; then echo "$RASA_PORT"; return; fi
  "$PYTHON" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"
}

print_env() {
  local port; port="$(cat "$PORTFILE")"
  echo "RASA_URL=http://127.0.0.1:$port"
  echo "RASA_PORT=$port"
  echo "RASA_PID=$(cat "$PIDFILE")"
  echo "RASA_MODEL=$(cat "$MODELFILE")"
}

# Ready means /model/parse answers (the HTTP server is up ~10 s before the model is loaded).
wait_ready() {
  "$PYTHON" - "$1" "$2" <<'EOF'
import json, os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/model/parse", data=json.dumps({"text": "turn on the fan"}).encode(),
    headers={"Content-Type": "application/json"}, method="POST")
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    if not os.path.exists(f"/proc/{pid}"):
        sys.exit("rasa exited")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            if "intent" in json.loads(response.read()):
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.5)
sys.exit("rasa did not answer /model/parse within 300 s")
EOF
}

start() {
  local model
  model="$(train | sed -n 's/^RASA_MODEL=//p')"
  [ -n "$model" ] || exit 1
  mkdir -p "$RUN"
  if is_running && [ "$(cat "$MODELFILE" 2>/dev/null)" = "$model" ]; then
    log "already running (pid $(cat "$PIDFILE"))"; print_env; return 0
  fi
  is_running && stop
  local port t0=$SECONDS; port="$(free_port)"
  log "starting rasa on 127.0.0.1:$port (model $model, log $LOG)"
  # `&` on the rasa command alone, so $! is rasa itself (not a subshell) and stop reaches it.
  (cd "$RUN" || exit 1
   setsid nohup "$VENV/bin/rasa" run --enable-api -i 127.0.0.1 -p "$port" \
     --model "$model" >"$LOG" 2>&1 </dev/null &
   echo $! >"$PIDFILE")
  echo "$port" >"$PORTFILE"; echo "$model" >"$MODELFILE"
  if ! wait_ready "$port" "$(cat "$PIDFILE")"; then
    log "rasa did not come up; see $LOG"; tail -30 "$LOG" >&2 || true
    stop; exit 1
  fi
  log "answering /model/parse after $((SECONDS - t0)) s (rss $(awk '/VmRSS/{print $2}' "/proc/$(cat "$PIDFILE")/status") kB)"
  print_env
}

stop() {
  if ! is_running; then rm -f "$PIDFILE"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  log "stopping pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then log "still alive, SIGKILL $pid"; kill -KILL "$pid"; fi
  rm -f "$PIDFILE"
}

status() {
  is_running || { echo "stopped"; return 1; }
  local pid; pid="$(cat "$PIDFILE")"
  echo "running pid=$pid port=$(cat "$PORTFILE") rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")"
}

case "${1:-start}" in
  install) install ;;
  train) train ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) is_running && print_env ;;
  *) echo "usage: $0 [install|train|start|stop|status|env]" >&2; exit 2 ;;
esac
