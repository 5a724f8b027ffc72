#!/usr/bin/env bash
# Install lamhub on Raspberry Pi OS (or any Debian): a venv in /opt/lamhub, a `lamhub` system
# user, config in /etc/lamhub, state in /var/lib/lamhub, and the hardened systemd service.
#
#   sudo scripts/install-pi.sh                  install (or upgrade) and start the service
#   scripts/install-pi.sh --root DIR --no-systemd
#                                               dry run: everything into DIR, no apt, no user,
#                                               no systemctl (what CI checks)
# Options: --extras LIST (pip extras, e.g. influxdb,voice), --python PY (default python3),
#          --source DIR (the lamhub checkout; default: this script's repository).
set -euo pipefail

ROOT=""
SYSTEMD=1
EXTRAS=""
PYTHON="${PYTHON:-python3}"
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(realpath -m "$2")"; shift 2 ;;
    --no-systemd) SYSTEMD=0; shift ;;
    --extras) EXTRAS="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    --source) SOURCE="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

APP="$ROOT/opt/lamhub"
ETC="$ROOT/etc/lamhub"
STATE="$ROOT/var/lib/lamhub"
LOGS="$ROOT/var/log/lamhub"
UNIT="$ROOT/etc/systemd/system/lamhub.service"
log() { echo "[install-pi] $*"; }

if [ -z "$ROOT" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "run as root (sudo), or dry-run with --root DIR" >&2; exit 1; }
  if [ -r /etc/os-release ] && ! grep -qiE '^(ID|ID_LIKE)=.*(debian|raspbian)' /etc/os-release; then
    log "warning: not a Debian-like system; continuing"
  fi
  log "installing system packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-dev \
    build-essential libffi-dev libportaudio2
  if ! id lamhub >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/lamhub --shell /usr/sbin/nologin --user-group lamhub
    usermod -aG audio lamhub
    log "created system user lamhub"
  fi
fi

"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
  || { echo "lamhub needs Python >= 3.11 ($PYTHON is $("$PYTHON" --version 2>&1))" >&2; exit 1; }

mkdir -p "$APP" "$ETC" "$STATE" "$LOGS" "$(dirname "$UNIT")"
log "installing lamhub from $SOURCE into $APP/venv"
[ -x "$APP/venv/bin/python" ] || "$PYTHON" -m venv "$APP/venv"
"$APP/venv/bin/python" -m pip install -q --upgrade pip 2> >(grep -v "is ignored: it is neither" >&2)
spec="$SOURCE"; [ -n "$EXTRAS" ] && spec="$SOURCE[$EXTRAS]"
"$APP/venv/bin/python" -m pip install -q --upgrade "$spec" 2> >(grep -v "is ignored: it is neither" >&2)
cp "$SOURCE/README.md" "$APP/README.md" 2>/dev/null || true

if [ ! -f "$ETC/hub.yaml" ]; then
  # A first config; kept on upgrades. Secrets go to secrets.yaml beside it (!secret name).
  cat > "$ETC/hub.yaml" <<'YAML'
# lamhub configuration (check it: hub check-config /etc/lamhub/hub.yaml). Restart: sudo systemctl restart lamhub
home:
  name: Home
data_dir: /var/lib/lamhub
api:
  host: 127.0.0.1   # 0.0.0.0 to reach the API from other machines on your network
  port: 8321
virtual:
  enabled: false    # true: a simulated home, to try lamhub without devices
mqtt:
  enabled: false    # true with a broker (sudo apt install mosquitto) for MQTT devices
# homeassistant:
#   enabled: true
#   url: http://homeassistant.local:8123
#   token: !secret homeassistant_token
YAML
  log "wrote $ETC/hub.yaml"
fi
touch "$ETC/secrets.yaml"
chmod 0640 "$ETC/hub.yaml" "$ETC/secrets.yaml"
chmod 0750 "$STATE" "$LOGS"
install -m 0644 "$SOURCE/deploy/systemd/lamhub.service" "$UNIT"

if [ -z "$ROOT" ]; then
  chown -R root:lamhub "$ETC"
  chown -R lamhub:lamhub "$STATE" "$LOGS"
fi

if [ "$SYSTEMD" = 1 ] && [ -z "$ROOT" ]; then
  systemctl daemon-reload
  systemctl enable lamhub.service >/dev/null
  systemctl restart lamhub.service
  log "lamhub is running: systemctl status lamhub; journalctl -u lamhub -f"
else
  log "not touching systemd; to start: systemctl daemon-reload && systemctl enable --now lamhub"
fi
"$APP/venv/bin/hub" --help >/dev/null && log "installed: $APP/venv/bin/hub"
