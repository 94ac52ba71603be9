"""The `donthu` command line: the one way in for people and scripts.

Each capability registers its own commands from `api/commands/<name>.py`. Those modules
import only typer and the standard library at the top; heavy libraries (tesseract, sklearn,
SQLAlchemy, Celery) are imported inside the command bodies so `donthu --help` answers at once.
"""

from __future__ import annotations

import typer

from api.commands import model, ocr, route, service

app = typer.Typer(
    name="donthu",
    help="Đơn thư: đọc, phân loại và chuyển đơn thư của công dân tới đơn vị có thẩm quyền.",
    no_args_is_help=True,
    add_completion=False,
)

for module in (ocr, model, route, service):
    module.register(app)


if __name__ == "__main__":
    app()
