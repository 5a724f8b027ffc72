"""Runs the real `hub run` daemon as a subprocess for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from tests.fixtures.ports import free_port


class HubProcess:
    """A `hub run` subprocess with its own config, data dir and port."""

    def __init__(self, tmp: Path, config: dict[str, Any] | None = None) -> None:
        self.tmp = tmp
        self.data_dir = tmp / "data"
        self.port = free_port()
        cfg: dict[str, Any] = {
            "home": {"name": "Test home", "timezone": "UTC"},
            # One trained model for every test hub (it is cached by a hash of the data).
            "nlu": {"cache_dir": str(Path(tempfile.gettempdir()) / "lamhub-e2e-nlu")},
        }
        cfg.update(config or {})
        self.config_path = tmp / "hub.yaml"
        self.config_path.write_text(yaml.safe_dump(cfg))
        self.proc: subprocess.Popen[str] | None = None
        self.log_path = tmp / "hub.log"
        self.token = ""
        self.ready_s = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> HubProcess:
        cmd = [sys.executable, "-m", "hub", "run", "--config", str(self.config_path)]
        cmd += ["--data-dir", str(self.data_dir), "--port", str(self.port)]
        t0 = time.monotonic()
        self._log = self.log_path.open("a")
        self.proc = subprocess.Popen(
            cmd, stdout=self._log, stderr=subprocess.STDOUT, text=True, env=os.environ.copy()
        )
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited with {self.proc.returncode}:\n{self.log()}")
            try:
                status, _ = self.request("GET", "/api/health", auth=False)
                if status == 200:
                    self.ready_s = time.monotonic() - t0
                    self.token = (self.data_dir / "api_token").read_text().strip()
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"hub not ready after {timeout} s:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> tuple[int, float]:
        """Signal the hub and wait; return its exit code and how long it took."""
        assert self.proc is not None
        t0 = time.monotonic()
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._log.close()
        return code, time.monotonic() - t0

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        auth: bool = True,
        raw: bytes | None = None,
    ) -> tuple[int, Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if auth:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            payload = err.read()
            try:
                return err.code, json.loads(payload or b"null")
            except json.JSONDecodeError:
                return err.code, payload.decode(errors="replace")

    def wait_state(self, entity_id: str, want: str, timeout: float = 10.0) -> dict[str, Any]:
        t0 = time.monotonic()
        last: Any = None
        while time.monotonic() - t0 < timeout:
            status, last = self.request("GET", f"/api/entities/{entity_id}")
            if status == 200 and last.get("state") == want:
                return dict(last)
            time.sleep(0.1)
        raise AssertionError(f"{entity_id} never became {want!r}; last: {last}")
