"""`make bench`: run every benchmark section and gather them into docs/benchmarks.md.

Each section is a module `bench/<name>_bench.py` with a `main(argv) -> int` that writes
`docs/benchmarks/<name>.md`. Sections run one after another (the machine has 2 cores and each
section measures its own baseline in the same run), then this script joins their files.
"""

from __future__ import annotations

import importlib
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("ingest", "classify", "service")


def machine() -> str:
    """One line describing the machine the numbers come from."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout
    total = next((ln.split()[1] for ln in mem.splitlines() if ln.startswith("Mem:")), "?")
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{cpu}, {nproc} cores, {total} GiB, Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    """Run the sections named in argv (default all) and write docs/benchmarks.md."""
    wanted = argv or list(SECTIONS)
    failed = []
    for name in wanted:
        module_name = f"bench.{name}_bench"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            print(f"bench: no {module_name}, skipped", file=sys.stderr)
            continue
        started = time.monotonic()
        print(f"bench: {name} ...", file=sys.stderr)
        if module.main([]) != 0:
            failed.append(name)
        print(f"bench: {name} done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    parts = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}. Command: `make bench` (each section also runs alone: "
        "`python -m bench.<name>_bench`). Every comparison is measured in the same run.",
        "",
    ]
    for name in SECTIONS:
        section = ROOT / "docs" / "benchmarks" / f"{name}.md"
        if section.exists():
            parts.append(section.read_text(encoding="utf-8").strip())
            parts.append("")
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    if failed:
        print(f"bench: failed sections: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
