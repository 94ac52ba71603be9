"""`donthu ocr FILE...`: read scans, photos, PDFs and text files into Vietnamese text.

Plain output prints each file's text; `--json` writes one JSON object a line per file, in input
order (a contract other tools read): file, text, pages, warnings, error. Exit status 1 if any
file failed, after all were tried. Heavy imports (ingest, tesseract glue) happen inside the
command so `donthu --help` answers at once.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import typer

PROGRESS_MIN_FILES = 3


def _result(path: str, options: Any) -> dict[str, Any]:
    """Extract one file into the JSON contract's object; failures become `error`, never raise."""
    from ingest import IngestError, extract

    try:
        doc = extract(Path(path), options=options, filename=path)
    except IngestError as exc:
        return {"file": path, "text": None, "pages": [], "warnings": [], "error": exc.to_dict()}
    return {
        "file": path,
        "text": doc.text,
        "pages": [page.to_dict() for page in doc.pages],
        "warnings": [{"code": w.code, "message": w.message} for w in doc.warnings],
        "error": None,
    }


def _results(files: list[str], workers: int | None) -> Iterator[dict[str, Any]]:
    """Results in input order. Several files run side by side, each with one OCR worker;
    a single file gets all the cores for its pages."""
    from dataclasses import replace

    from ingest import OcrOptions

    cores = workers or os.cpu_count() or 1
    if len(files) == 1:
        yield _result(files[0], replace(OcrOptions(), workers=cores))
        return
    per_file = replace(OcrOptions(), workers=1)
    with ThreadPoolExecutor(max_workers=cores) as pool:
        yield from pool.map(lambda f: _result(f, per_file), files)


def _emit(result: dict[str, Any], as_json: bool, many: bool) -> None:
    """Write one file's result: a JSON line, or its text (errors go to stderr)."""
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    if result["error"]:
        typer.echo(
            f"{result['file']}: lỗi {result['error']['code']}: {result['error']['message']}",
            err=True,
        )
        return
    if many:
        typer.echo(f"==> {result['file']} <==")
    typer.echo(result["text"])
    for warning in result["warnings"]:
        typer.echo(f"{result['file']}: cảnh báo {warning['code']}: {warning['message']}", err=True)
    if many:
        typer.echo("")


def register(app: typer.Typer) -> None:
    """Add `donthu ocr` to the CLI."""

    @app.command("ocr")
    def ocr(
        files: list[str] = typer.Argument(..., help="Tệp cần đọc: PDF, ảnh, văn bản."),
        as_json: bool = typer.Option(False, "--json", help="Mỗi tệp một dòng JSON."),
        workers: int | None = typer.Option(
            None, "--workers", min=1, help="Số tiến trình nhận dạng song song."
        ),
    ) -> None:
        """Đọc chữ từ tệp quét, ảnh chụp, PDF hoặc văn bản (tiếng Việt)."""
        many = len(files) > 1
        failed = 0
        results = _results(files, workers)
        if len(files) >= PROGRESS_MIN_FILES:
            with typer.progressbar(
                results, length=len(files), label="Đang đọc", file=sys.stderr
            ) as bar:
                for result in bar:
                    failed += result["error"] is not None
                    _emit(result, as_json, many)
        else:
            for result in results:
                failed += result["error"] is not None
                _emit(result, as_json, many)
        if failed:
            raise typer.Exit(code=1)
