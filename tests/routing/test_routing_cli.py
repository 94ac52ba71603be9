"""``donthu route --jsonl FILE``: one output line per input line, errors do not stop the run."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

RECORDS = [
    {
        "id": "r1",
        "kind": "khieu_nai",
        "domains": ["land", "mass_complaint"],
        "signers": 12,
        "flags": ["backlog"],
        "district": "Hoàng Mai",
        "received_at": "2026-02-13",
        "channel": "mail",
        "text": "Kính gửi: UBND quận Hoàng Mai; Thanh tra Thành phố\nChúng tôi",
    },
    "this is not json",
    {"id": "r3", "kind": "to_cao", "domains": ["spaceships"], "flags": []},
    {
        "id": "r4",
        "kind": "kien_nghi",
        "domains": [],
        "flags": [],
        "district": None,
        "received_at": "2026-03-11",
        "channel": "in_person",
        "needs_review": True,
    },
    {"id": "r5", "kind": "kien_nghi", "domains": [], "flags": [], "channel": "pigeon"},
    {"id": "r6", "kind": "kien_nghi", "domains": [], "flags": [], "received_at": "13/02/2026"},
]


def _jsonl() -> str:
    return (
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in RECORDS)
        + "\n\n"
    )


def _check(lines: list[dict]) -> None:
    assert [line.get("id") for line in lines] == ["r1", None, "r3", "r4", "r5", "r6"]
    first = lines[0]
    assert (first["unit"], first["priority"]) == ("UBND-HOANG-MAI", "P1")
    assert first["coordinators"] == ["STNMT", "BTCD", "TTTP"]
    assert first["deadlines"][0] == {
        "name": "processing",
        "due": "2026-03-06",
        "basis": first["deadlines"][0]["basis"],
    }
    assert [a["unit"] for a in first["addressees"]] == ["UBND-HOANG-MAI", "TTTP"]
    assert set(first) == {
        "id",
        "unit",
        "coordinators",
        "priority",
        "provisional",
        "actions",
        "deadlines",
        "why",
        "addressees",
    }
    assert lines[1]["error"]["code"] == "bad_json"
    assert lines[2]["error"]["code"] == "labels_invalid"
    assert "spaceships" in lines[2]["error"]["message"]
    assert lines[3]["provisional"] is True and lines[3]["unit"] == "BTCD"
    assert [d["name"] for d in lines[3]["deadlines"]] == ["processing", "resolution"]
    assert lines[4]["error"]["code"] == "labels_invalid"
    assert lines[5]["error"]["code"] == "labels_invalid"


def test_route_file(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(_jsonl(), encoding="utf-8")
    result = CliRunner().invoke(app, ["route", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    _check([json.loads(line) for line in result.stdout.splitlines()])


def test_route_stdin() -> None:
    result = CliRunner().invoke(app, ["route", "--jsonl", "-"], input=_jsonl())
    assert result.exit_code == 0, result.output
    _check([json.loads(line) for line in result.stdout.splitlines()])


def test_bad_rules_refuse_to_run(tmp_path: Path) -> None:
    (tmp_path / "units.yaml").write_text("units:\n  - code: x\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["route", "--jsonl", "-", "--rules-dir", str(tmp_path)], input="{}\n"
    )
    assert result.exit_code == 2
    assert "units.yaml:2" in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["route", "--jsonl", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
