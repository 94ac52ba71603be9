"""The embedded worker that `donthu serve` starts, restarts if it dies, and stops with itself."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time

from api.settings import Settings

log = logging.getLogger(__name__)


class EmbeddedWorker:
    """A `donthu worker` subprocess in its own process group, kept alive until stop()."""

    def __init__(self, settings: Settings) -> None:
        self.pid_file = settings.data_path / "worker.pid"
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    def _spawn(self) -> None:
        env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "worker"], env=env, start_new_session=True
        )
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.write_text(str(self._proc.pid))
        log.info("embedded worker started, pid %s", self._proc.pid)

    def _watch(self) -> None:
        while not self._stopping.wait(1.0):
            proc = self._proc
            if proc is not None and proc.poll() is not None:
                log.warning("embedded worker exited (%s); restarting", proc.returncode)
                time.sleep(0.5)
                if not self._stopping.is_set():
                    self._spawn()

    def start(self) -> None:
        """Start the worker and the thread that restarts it."""
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="worker-watch")
        self._watcher.start()

    def stop(self, timeout: float = 25.0) -> None:
        """Stop the worker: warm shutdown (SIGTERM to its main process; the prefork pool
        takes ~9 s to close), then SIGKILL of the whole group after `timeout`."""
        self._stopping.set()
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            # Only the main process: SIGTERM to the children too makes the pool hang.
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # no orphaned pool child survives
        self.pid_file.unlink(missing_ok=True)
