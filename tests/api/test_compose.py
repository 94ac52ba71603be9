"""docker-compose.yml, checked without Docker: commands exist, variables are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
OURS = {
    name: svc
    for name, svc in SERVICES.items()
    if "build" in svc or str(svc.get("image", "")).startswith("donthu")
}
DOCS = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")


def _commands(svc: dict) -> list[list[str]]:
    found = [svc["command"]]
    test = svc.get("healthcheck", {}).get("test")
    if test:
        found.append(test[1:] if test[0] in ("CMD", "CMD-SHELL") else test)
    return found


def test_the_expected_services_are_there() -> None:
    assert {"postgres", "redis", "migrate", "api", "worker"} <= set(SERVICES)
    assert set(OURS) == {"migrate", "api", "worker"}
    for name in ("postgres", "redis", "api", "worker"):
        assert "healthcheck" in SERVICES[name], name
    assert COMPOSE["volumes"].keys() >= {"pgdata", "redisdata"}


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_command_exists_in_the_package(name: str) -> None:
    for command in _commands(OURS[name]):
        assert isinstance(command, list) and command[0] == "donthu", command
        result = CliRunner().invoke(app, [*command[1:], "--help"])
        assert result.exit_code == 0, (command, result.output)
        # and every option it passes is one the command declares
        for option in [part for part in command[1:] if part.startswith("--")]:
            assert option in result.output, (command, option)


def test_migrations_run_before_the_api_and_workers() -> None:
    assert OURS["migrate"]["command"] == ["donthu", "db", "upgrade"]
    for name in ("api", "worker"):
        depends = OURS[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_variable_is_documented() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    environment = {key for svc in OURS.values() for key in svc.get("environment", {})}
    assert interpolated and environment
    for variable in sorted(interpolated | environment):
        assert f"`{variable}`" in DOCS, f"{variable} is not documented in docs/service.md"


def test_the_services_read_the_broker_and_database_from_the_environment() -> None:
    for name in ("api", "worker", "migrate"):
        env = OURS[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql")
        assert env["DONTHU_BROKER_URL"].startswith("redis://")
