"""Fixtures of the service tests: a fresh SQLite database per test, tokens per role, a client.

Processing is run by calling the Celery task as a function (the worker tests start real
processes). Tests that need PostgreSQL or Redis are marked and skip without them, except on
CI where they fail.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.db.session import dispose_engines, session_scope, utcnow
from api.db.tables import Petition, Transition
from api.db.tables import PetitionStatus as S
from api.services import intake
from api.services.routing_state import decision_fields, replace_coordinators
from api.services.tokens import Caller, create_token
from api.settings import get_settings

SERVICE_ENV = (
    "DATABASE_URL",
    "DONTHU_BROKER_URL",
    "DONTHU_DATA_DIR",
    "DONTHU_QUEUE",
    "DONTHU_SWEEP_INTERVAL",
    "DONTHU_REQUEUE_AFTER",
    "DONTHU_TASK_TIME_LIMIT",
)

UNIT_A = "UBND-CAU-GIAY"
UNIT_B = "UBND-DONG-DA"
UNIT_C = "STNMT"


def running_in_ci() -> bool:
    """CI sets CI=true: required services must be there."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(host: str, port: int, what: str) -> None:
    """Skip when a service is unreachable, but fail on CI where it must run."""
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        if running_in_ci():
            pytest.fail(f"{what} at {host}:{port} is required on CI but unreachable")
        pytest.skip(f"{what} at {host}:{port} is not reachable")


def reset_settings() -> None:
    """Forget cached settings and engines after the environment changed."""
    get_settings.cache_clear()
    dispose_engines()


@pytest.fixture
def service_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder and SQLite database, embedded broker, no sweep thread."""
    for name in SERVICE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONTHU_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DONTHU_SWEEP_INTERVAL", "0")
    reset_settings()
    from api.migrate import upgrade

    upgrade()
    yield tmp_path / "var"
    reset_settings()


@dataclass
class Tokens:
    """Clear tokens by name: intake, reviewer, admin, unit_a, unit_b, unit_c."""

    values: dict[str, str]

    def header(self, name: str) -> dict[str, str]:
        """The Authorization header of token `name`."""
        return {"Authorization": f"Bearer {self.values[name]}"}


@pytest.fixture
def tokens(service_env: Path) -> Tokens:
    """One token per role, three unit tokens."""
    specs = {
        "intake": ("intake", None),
        "reviewer": ("reviewer", None),
        "admin": ("admin", None),
        "unit_a": ("unit", UNIT_A),
        "unit_b": ("unit", UNIT_B),
        "unit_c": ("unit", UNIT_C),
    }
    values = {}
    with session_scope() as session:
        for name, (role, unit) in specs.items():
            values[name] = create_token(session=session, role=role, unit_code=unit)[1]
    return Tokens(values)


@pytest.fixture
def client(service_env: Path) -> Iterator[TestClient]:
    """A client of a fresh app on the fresh database."""
    from api.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def make_routed(
    *,
    text: str,
    unit: str,
    coordinators: tuple[str, ...] = (),
    kind: str = "khieu_nai",
    provisional: bool = False,
) -> int:
    """A petition put straight into `routed` (for scope tests that need no pipeline)."""
    admin = Caller(token_id=None, role="test")
    with session_scope() as session:
        petition = intake.create_petition(
            session=session,
            files=[intake.UploadedFile("don.txt", text.encode())],
            caller=admin,
            received_at=date(2025, 3, 3),
        )
        labels = {
            "kind": kind,
            "domains": [],
            "signers": 1,
            "district": None,
            "flags": [],
            "needs_review": provisional,
        }
        decision = {
            "unit": unit,
            "coordinators": list(coordinators),
            "priority": "P3",
            "provisional": provisional,
            "deadlines": {"processing": "2025-03-17"},
        }
        for key, value in decision_fields(labels, decision).items():
            setattr(petition, key, value)
        petition.text = text
        petition.status = S.routed
        session.flush()
        replace_coordinators(session=session, petition_id=petition.id, codes=list(coordinators))
        session.add(
            Transition(
                petition_id=petition.id,
                at=utcnow(),
                actor="test",
                from_status=S.received,
                to_status=S.routed,
            )
        )
        return petition.id


def status_of(petition_id: int) -> str:
    """The stored status of a petition."""
    with session_scope() as session:
        petition = session.get(Petition, petition_id)
        assert petition is not None
        return petition.status


@pytest.fixture
def routed(service_env: Path):
    """Factory: a petition put straight into `routed` (scope tests need no pipeline)."""
    return make_routed


@pytest.fixture
def status(service_env: Path):
    """Function: the stored status of a petition."""
    return status_of


VENV_BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`donthu serve` (and optionally `donthu worker`) as real processes, for end-to-end tests."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        import subprocess  # noqa: F401 - used by the methods

        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        base = {k: v for k, v in os.environ.items() if k not in SERVICE_ENV}
        self.env = {**base, "DONTHU_DATA_DIR": str(data_dir), "OMP_THREAD_LIMIT": "1", **env}
        self.procs: list = []
        self.logs: list[Path] = []

    def _spawn(self, *args: str, name: str):
        import subprocess

        log = self.data_dir.parent / f"{name}-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("wb") as out:  # the child keeps its own descriptor
            proc = subprocess.Popen(
                [str(VENV_BIN / "donthu"), *args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs.append(proc)
        return proc

    def cli(self, *args: str) -> str:
        """Run a donthu command with this server's environment; its stdout."""
        import subprocess

        done = subprocess.run(
            [str(VENV_BIN / "donthu"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.stdout

    def token(self, role: str, unit: str | None = None) -> dict[str, str]:
        """A new token's Authorization header (the token is alone on the last stdout line)."""
        args = ["token", "create", "--role", role] + (["--unit", unit] if unit else [])
        token = self.cli(*args).strip().splitlines()[-1]
        return {"Authorization": f"Bearer {token}"}

    def start(self, timeout: float = 60) -> None:
        """Start `donthu serve` and wait for /api/health."""
        import time

        import httpx

        self.serve = self._spawn("serve", "--port", str(self.port), name="serve")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.serve.poll() is not None:
                raise RuntimeError(f"serve exited:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"serve did not answer:\n{self.log_tail()}")

    def start_worker(self):
        """Start a separate `donthu worker` process."""
        return self._spawn("worker", name="worker")

    def log_tail(self, chars: int = 4000) -> str:
        """The end of every log, for failure messages."""
        return "\n".join(
            f"== {p.name}\n{p.read_text(errors='replace')[-chars:]}"
            for p in self.logs
            if p.exists()
        )

    def stop(self) -> None:
        """SIGTERM every process (warm shutdown), then SIGKILL what is left of its group."""
        import signal
        import subprocess

        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(40)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of its group


def wait_for(predicate, timeout: float, interval: float = 0.5):
    """Poll `predicate` until it returns something truthy; that value, or the last one."""
    import time

    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value
