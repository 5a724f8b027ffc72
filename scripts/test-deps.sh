#!/usr/bin/env bash
# Install the real servers and tools the test suite runs against (Debian / Raspberry Pi OS).
set -euo pipefail
missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
have mosquitto || missing+=(mosquitto)
have mosquitto_pub || missing+=(mosquitto-clients)
have openssl || missing+=(openssl)
have victoria-metrics || missing+=(victoria-metrics)
# Speech tests synthesise real audio and feed it through a virtual ALSA microphone.
have espeak-ng || missing+=(espeak-ng)
have sox || missing+=(sox libsox-fmt-all)
have text2wave || missing+=(festival)
[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ] || missing+=(festvox-us-slt-hts)
have arecord || missing+=(alsa-utils)
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || missing+=(libportaudio2)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "please install: ${missing[*]}" >&2; exit 1
  fi
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing test servers: ${missing[*]}"
  for attempt in 1 2 3; do
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      -o DPkg::Lock::Timeout=120 "${missing[@]}" && break
    echo "apt-get failed (attempt $attempt); retrying" >&2; sleep 5
  done
fi
# A real Home Assistant Core 2024.3.3 in its own venv (~70 s and ~710 MB the first time).
"$(dirname "$0")/homeassistant.sh" install
# Rasa 3.6.21 in its own venv (~2.5 min and ~2.5 GB the first time); the rasa tests train and serve it.
"$(dirname "$0")/rasa.sh" install
