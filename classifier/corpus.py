"""Read labelled petitions (JSONL, one LABELS.md record a line) for training and evaluation."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from classifier.labels import label_errors


class CorpusError(ValueError):
    """A labelled file that cannot be used, naming the file and line."""


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read one JSONL file of labelled records, validating each against LABELS.md."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        problems = label_errors(record)
        if not isinstance(record.get("text"), str) or not record["text"].strip():
            problems.append("text is missing")
        if problems:
            raise CorpusError(f"{path}:{number}: {'; '.join(problems)}")
        records.append(record)
    return records


def read_corpus(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Read every *.jsonl file under the given files or folders, in sorted order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.jsonl")) if path.is_dir() else [path])
    records = [r for f in files for r in read_jsonl(f)]
    return records


def data_hash(records: Iterable[dict[str, Any]]) -> str:
    """A stable hash of labelled records (text and labels), for the model card."""
    digest = hashlib.sha256()
    for r in records:
        fields = {k: r.get(k) for k in ("text", "kind", "domains", "signers", "district", "flags")}
        digest.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()
