"""CLI commands of the running service: serve, worker, db upgrade, token create.

Heavy imports (SQLAlchemy, Celery, uvicorn) happen inside the command bodies.
"""

from __future__ import annotations

import typer

db_app = typer.Typer(help="Cơ sở dữ liệu của dịch vụ.", no_args_is_help=True)
token_app = typer.Typer(help="Mã truy cập API.", no_args_is_help=True)
corrections_app = typer.Typer(
    help="Nhãn do người duyệt sửa (dữ liệu huấn luyện).", no_args_is_help=True
)

ROLE_HELP = "intake, reviewer, unit hoặc admin"


def serve(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe."),
    port: int = typer.Option(8000, help="Cổng lắng nghe."),
    workers: int = typer.Option(1, min=1, help="Số tiến trình uvicorn phục vụ API."),
) -> None:
    """Chạy dịch vụ (API); với broker nhúng mặc định, tự chạy và dừng worker của mình."""
    import signal
    import sys

    import uvicorn

    from api.migrate import upgrade
    from api.settings import get_settings
    from api.supervisor import EmbeddedWorker

    upgrade()
    settings = get_settings()
    # uvicorn re-raises SIGTERM after its shutdown: make that an exit so `finally` runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    worker = EmbeddedWorker(settings) if settings.embedded_broker else None
    if worker is not None:
        worker.start()
    try:
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=False,
        )
    finally:
        if worker is not None:
            worker.stop()


def worker(
    concurrency: int = typer.Option(0, help="Số tiến trình con (0: DONTHU_WORKER_CONCURRENCY)."),
) -> None:
    """Chạy một worker Celery xử lý đơn (OCR, phân loại, định tuyến)."""
    import os

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from api.settings import get_settings
    from api.tasks import configure

    settings = get_settings()
    argv = [
        "worker",
        "--loglevel=INFO",
        "--pool=prefork",
        f"--concurrency={concurrency or settings.worker_concurrency}",
        f"--queues={settings.queue}",
        f"--hostname=donthu-{os.getpid()}@%h",
        "--without-mingle",
        "--without-gossip",
    ]
    configure(settings).worker_main(argv)


def health(
    url: str | None = typer.Option(None, help="Kiểm tra GET <url>/api/health của API."),
    worker: bool = typer.Option(False, "--worker", help="Kiểm tra worker trên máy này."),
) -> None:
    """Kiểm tra sức khỏe (cho healthcheck của docker): CSDL, API hoặc worker; mã thoát 0 = tốt."""
    if url:
        import httpx

        ok = httpx.get(f"{url.rstrip('/')}/api/health", timeout=5).status_code == 200
    elif worker:
        import socket

        from api.tasks import configure

        replies = configure().control.ping(timeout=2.0) or []
        host = "@" + socket.gethostname()
        ok = any(name.endswith(host) for reply in replies for name in reply)
    else:
        from sqlalchemy import text

        from api.db.session import session_scope

        with session_scope() as session:
            ok = session.execute(text("SELECT 1")).scalar() == 1
    typer.echo("ok" if ok else "unhealthy")
    raise typer.Exit(0 if ok else 1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Áp dụng các migration Alembic tới phiên bản mới nhất."""
    from api.migrate import upgrade
    from api.settings import get_settings

    upgrade()
    url = get_settings().sqlalchemy_url.split("@")[-1]
    typer.echo(f"database up to date: {url}")


@token_app.command("create")
def token_create(
    role: str = typer.Option(..., help=ROLE_HELP),
    unit: str | None = typer.Option(None, help="Mã đơn vị (bắt buộc với vai trò unit)."),
    name: str | None = typer.Option(None, help="Ghi chú: của ai, dùng vào việc gì."),
) -> None:
    """Tạo mã truy cập; mã được in một mình ở dòng cuối (chỉ hiện một lần)."""
    from api.db.session import session_scope
    from api.migrate import upgrade
    from api.services.errors import ServiceError
    from api.services.pipeline import known_units
    from api.services.tokens import create_token

    upgrade()
    try:
        with session_scope() as session:
            row, clear = create_token(
                session=session,
                role=role,
                unit_code=unit,
                name=name,
                known_units=known_units() if unit else None,
            )
            summary = f"token #{row.id} role={row.role}" + (f" unit={unit}" if unit else "")
    except ServiceError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(2) from exc
    typer.echo(summary)
    typer.echo(clear)


@corrections_app.command("export")
def corrections_export(
    out: str = typer.Option("-", help="Tệp JSONL đầu ra ('-' = stdout)."),
) -> None:
    """Xuất nhãn đã sửa (bản mới nhất mỗi đơn) dạng JSONL cho `donthu train --extra`."""
    import json
    import sys

    from api.db.session import session_scope
    from api.services.review import training_records

    with session_scope() as session:
        records = training_records(session=session)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if out == "-":
        sys.stdout.write(lines)
    else:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(lines)
        typer.echo(f"{len(records)} record(s) → {out}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the donthu CLI."""
    app.command()(serve)
    app.command()(worker)
    app.command()(health)
    app.add_typer(db_app, name="db")
    app.add_typer(token_app, name="token")
    app.add_typer(corrections_app, name="corrections")
