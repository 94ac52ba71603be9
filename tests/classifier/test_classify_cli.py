"""`donthu classify` and `donthu evaluate`: the JSON-lines contract other tools read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from classifier.labels import DISTRICTS, DOMAINS, FLAGS, KINDS

ROOT = Path(__file__).resolve().parents[2]
DONTHU = [sys.executable, "-m", "api.cli"]

LETTERS = [
    {
        "id": "a",
        "text": (
            "Kính gửi: UBND huyện Đông Anh. Chúng tôi thay mặt 42 hộ dân thôn Đoài, xã Nam Hồng "
            "khiếu nại Quyết định số 1234/QĐ-UBND ngày 5/3/2024 phê duyệt phương án bồi thường, hỗ "
            "trợ khi thu hồi đất nông nghiệp làm đường. Giá bồi thường quá thấp. Đề nghị xem xét lại."
        ),
    },
    {
        "id": "b",
        "text": (
            "Kinh gui Chu tich UBND quan Hoang Mai. Toi ten la Tran Van Binh, nha toi o phuong "
            "Thinh Liet bi nut tuong do cong trinh xay dung ben canh dao mong. De nghi kiem tra."
        ),
    },
    {"id": "c", "text": ""},
    {"id": "d", "text": "\x00\x01\x02" * 100},
    {"id": "e", "text": "x" * 1_000_001},
]


def _run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DONTHU, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_classify_contract_and_bad_records(trained_model) -> None:
    stdin = "\n".join(json.dumps(x) for x in LETTERS) + "\nnot json\n"
    result = _run(["classify", "--jsonl", "-"], stdin)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["id"] for x in lines[:5]] == ["a", "b", "c", "d", "e"]
    for good in lines[:2]:
        assert good["kind"] in KINDS
        assert set(good["domains"]) <= set(DOMAINS) and set(good["flags"]) <= set(FLAGS)
        assert good["district"] in DISTRICTS
        assert (good["signers"] >= 5) == ("mass_complaint" in good["domains"])
        assert "re_complaint" not in good["flags"] or "backlog" in good["flags"]
        conf = good["confidence"]
        assert set(conf) == {"kind", "signers", "district", "domains", "flags"}
        assert set(conf["domains"]) == set(DOMAINS) and set(conf["flags"]) == set(FLAGS)
        assert all(0 <= p <= 1 for p in [*conf["domains"].values(), *conf["flags"].values()])
        assert isinstance(good["needs_review"], bool)
        assert good["unit"] and good["priority"] in {"P1", "P2", "P3"}
    assert lines[0]["district"] == "Đông Anh" and lines[0]["signers"] == 42
    assert "land" in lines[0]["domains"] and "mass_complaint" in lines[0]["domains"]
    assert lines[1]["district"] == "Hoàng Mai" and "construction" in lines[1]["domains"]
    for bad, code in zip(lines[2:5], ["empty_text", "empty_text", "text_too_long"], strict=True):
        assert bad["error"]["code"] == code and bad["error"]["message"]
        assert "kind" not in bad
    assert lines[5]["error"]["code"] == "invalid_json"


def test_evaluate_prints_metrics_table(tmp_path: Path, trained_model) -> None:
    gold = [
        dict(
            LETTERS[0],
            kind="khieu_nai",
            domains=["land", "mass_complaint"],
            signers=42,
            district="Đông Anh",
            flags=[],
        )
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold), encoding="utf-8")
    result = _run(["evaluate", "--jsonl", str(path), "--json"], "")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["records"] == 1 and metrics["district_accuracy"] == 1.0
