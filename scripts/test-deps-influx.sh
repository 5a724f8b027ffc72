#!/usr/bin/env bash
# Install VictoriaMetrics (the stand-in for InfluxDB's v2 write API in tests) when missing.
# Called from scripts/test-deps.sh; safe to run again.
set -euo pipefail
if command -v victoria-metrics >/dev/null 2>&1 || [ -x /usr/bin/victoria-metrics ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "please install victoria-metrics (https://docs.victoriametrics.com/)" >&2; exit 1
fi
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing test server: victoria-metrics"
for attempt in 1 2 3; do
  # The package enables a system service; tests start their own instance on a free port.
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    -o DPkg::Lock::Timeout=120 victoria-metrics && exit 0
  echo "apt-get failed (attempt $attempt); retrying" >&2; sleep 5
done
exit 1
