"""The pure pipeline (ingest → classifier → routing) never imports the shell's frameworks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "celery",
    "kombu",
    "jinja2",
    "api",
    "uvicorn",
    "redis",
    "psycopg",
}
# Each pure package may import only the pure packages before it in the pipeline.
ALLOWED_SIBLINGS = {
    "ingest": set(),
    "classifier": {"ingest"},
    "routing": {"ingest", "classifier"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED_SIBLINGS))
def test_pure_package_imports_no_framework(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    for path in files:
        imported = _imports(path)
        bad = imported & FORBIDDEN
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
        siblings = imported & (set(ALLOWED_SIBLINGS) - {package})
        extra = siblings - ALLOWED_SIBLINGS[package]
        assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)} against the flow"


def test_cli_module_imports_no_heavy_library() -> None:
    """`donthu --help` must answer at once: command modules import heavy things lazily."""
    heavy = {
        "cv2",
        "numpy",
        "sklearn",
        "underthesea",
        "pytesseract",
        "pdfplumber",
        "sqlalchemy",
        "celery",
        "fastapi",
        "ingest",
        "classifier",
        "routing",
    }
    for path in [ROOT / "api" / "cli.py", *sorted((ROOT / "api" / "commands").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # only module-level imports
            if isinstance(node, ast.Import):
                mods = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                mods = {node.module.split(".")[0]}
            else:
                continue
            assert not mods & heavy, f"{path.name} imports {sorted(mods & heavy)} at module level"
