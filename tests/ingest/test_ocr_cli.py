"""`donthu ocr`: the JSON-lines contract, input order, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from api.cli import app
from ingest.synth import image_bytes

PAGE_KEYS = {"number", "text", "method", "confidence", "seconds"}


@pytest.mark.ocr
@pytest.mark.usefixtures("tesseract_ready")
def test_json_lines_contract(
    tmp_path: Path, degraded: dict[str, Image.Image], text_layer_pdf: bytes
) -> None:
    files = {
        "scan.png": image_bytes(degraded["clean"], "PNG"),
        "fake.pdf": b"<html><body>not a pdf</body></html>",
        "digital.pdf": text_layer_pdf,
        "note.txt": "Đơn kiến nghị của công dân.".encode("utf-16"),
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    result = CliRunner().invoke(app, ["ocr", "--json", *paths])
    assert result.exit_code == 1  # one file failed, all were tried
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["file"] for line in lines] == paths
    for line in lines:
        assert set(line) == {"file", "text", "pages", "warnings", "error"}
    scan, fake, digital, note = lines
    assert (
        fake["text"] is None and fake["pages"] == [] and fake["error"]["code"] == "unsupported_type"
    )
    assert scan["error"] is None and scan["pages"][0]["method"] == "ocr"
    assert 0 <= scan["pages"][0]["confidence"] <= 1
    assert [p["method"] for p in digital["pages"]] == ["text_layer", "text_layer"]
    assert digital["pages"][0]["confidence"] is None
    assert note["text"] == "Đơn kiến nghị của công dân."
    for line in (scan, digital, note):
        assert all(set(p) == PAGE_KEYS for p in line["pages"])
        assert [p["number"] for p in line["pages"]] == list(range(1, len(line["pages"]) + 1))
        assert line["text"] == "\n\n".join(p["text"] for p in line["pages"] if p["text"])


def test_plain_output_and_success_status(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Xin chào, đơn thư hoà giải.", encoding="utf-8")
    result = CliRunner().invoke(app, ["ocr", str(path)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "Xin chào, đơn thư hòa giải."
