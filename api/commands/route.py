"""CLI commands for routing: ``donthu route --jsonl FILE``.

Routes already-labelled records (LABELS.md fields plus optional ``received_at`` and
``channel``) so that a reviewer's corrected labels re-route exactly as the service does.
Only typer and the standard library are imported at module level; ``routing`` is imported
inside the command so ``donthu --help`` stays instant.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import typer


def _records(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON or the JSONDecodeError) for each non-blank line."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, exc


def _error(record_id: Any, code: str, message: str) -> dict[str, Any]:
    """The output line for a record that could not be routed."""
    return {"id": record_id, "error": {"code": code, "message": message}}


def route_record(number: int, record: Any, ruleset: Any) -> dict[str, Any]:
    """Route one parsed JSONL record; never raises for a bad record."""
    from routing import RoutingError, route

    if isinstance(record, json.JSONDecodeError):
        return _error(None, "bad_json", f"Dòng {number}: không phải JSON hợp lệ ({record.msg}).")
    if not isinstance(record, dict):
        return _error(None, "bad_record", f"Dòng {number}: mỗi dòng phải là một đối tượng JSON.")
    record_id = record.get("id")
    try:
        decision = route(
            record,
            received_at=record.get("received_at"),
            channel=record.get("channel"),
            text=record.get("text"),
            ruleset=ruleset,
        )
    except RoutingError as exc:
        return _error(record_id, exc.code, f"Dòng {number}: {exc.message}")
    return {"id": record_id, **decision}


def register(app: typer.Typer) -> None:
    """Add this module's commands to the donthu CLI."""

    @app.command("route")
    def route_command(
        jsonl: str = typer.Option(
            ..., "--jsonl", help="Tệp JSONL đã gán nhãn (mỗi dòng một đơn); '-' là stdin."
        ),
        rules_dir: Path | None = typer.Option(
            None, "--rules-dir", help="Thư mục quy tắc YAML (mặc định routing/data)."
        ),
    ) -> None:
        """Chuyển các đơn đã gán nhãn: mỗi dòng vào cho một dòng JSON ra, cùng thứ tự."""
        from routing import RuleError, load_ruleset

        try:
            ruleset = load_ruleset(rules_dir)
        except RuleError as exc:
            typer.echo(f"[{exc.code}] {exc.message}", err=True)
            raise typer.Exit(code=2) from exc
        try:
            stream = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            typer.echo(f"Không mở được tệp {jsonl}: {exc.strerror}", err=True)
            raise typer.Exit(code=2) from exc
        routed = failed = 0
        with stream:
            for number, record in _records(stream):
                line = route_record(number, record, ruleset)
                failed += "error" in line
                routed += "error" not in line
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        typer.echo(f"Đã chuyển {routed} đơn, {failed} đơn lỗi.", err=True)
