"""Ingest benchmark: bare tesseract vs donthu on rendered Vietnamese petition pages.

    python -m bench.ingest_bench [--pages N] [--out docs/benchmarks/ingest.md]
    python -m bench.ingest_bench --pages 8 --variant psm6=psm:6 --variant nodeskew=deskew:0

Pages are rendered with ingest.synth (text from samples/corpus/*/*.jsonl when present, else
generated petitions) and degraded as clean / scanner / fax / phone. Bare tesseract is
`tesseract PAGE - -l vie` with OMP_THREAD_LIMIT=1, two processes at a time; donthu is
ingest.extract on the same files, two files at a time, in the same run. CER compares
normalize_text(reference) with normalize_text(output) on both sides, whitespace collapsed.
With --variant, only the OCR comparison runs, once per option set (for docs/ingest-decisions.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path

from bench.run import machine as base_machine
from ingest import OcrOptions, extract
from ingest.normalize import normalize_text
from ingest.synth import (
    CONDITIONS,
    cer,
    corpus_texts,
    degrade,
    image_bytes,
    images_pdf,
    petition_text,
    render_page,
    text_pdf,
)

ROOT = Path(__file__).resolve().parent.parent
FORMATS = {"clean": "PNG", "scanner": "JPEG", "fax": "TIFF", "phone": "JPEG"}
PARAMS: dict[str, dict[str, object]] = {"JPEG": {"quality": 92}, "TIFF": {"compression": "group4"}}


@dataclass
class Sample:
    """One rendered page file and the text drawn on it."""

    condition: str
    path: Path
    reference: str


@dataclass
class RunStats:
    """Outputs, CER per page, wall and CPU seconds (own threads + child processes) of an engine."""

    cers: list[float] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0

    @property
    def mean_cer(self) -> float:
        """Mean character error rate over the pages."""
        return sum(self.cers) / max(1, len(self.cers))


def _cpu() -> float:
    """CPU seconds used so far by this process's threads and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def make_samples(pages: int, workdir: Path) -> list[Sample]:
    """Render `pages` pages per condition into workdir."""
    texts = corpus_texts(ROOT / "samples" / "corpus", pages)
    samples = []
    for i in range(pages):
        text = texts[i] if i < len(texts) else petition_text(seed=7000 + i)
        page = render_page(text, seed=i)
        for k, condition in enumerate(CONDITIONS):
            image = degrade(page.image, condition, seed=100 * k + i)
            fmt = FORMATS[condition]
            path = workdir / f"{condition}-{i:03d}.{fmt.lower()}"
            path.write_bytes(image_bytes(image, fmt, **PARAMS.get(fmt, {})))
            samples.append(Sample(condition, path, page.text))
    return samples


def bare_tesseract(path: Path) -> str:
    """`tesseract PAGE - -l vie` with one OpenMP thread, no preprocessing."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        ["tesseract", str(path), "-", "-l", "vie"], capture_output=True, env=env, check=True
    )
    return out.stdout.decode("utf-8", "replace")


def donthu(options: OcrOptions) -> Callable[[Path], str]:
    """ingest.extract with one worker per file (files run two at a time)."""
    single = replace(options, workers=1)
    return lambda path: extract(path, options=single).text


def run_chunk(engine: Callable[[Path], str], chunk: list[Sample], stats: RunStats) -> None:
    """Run an engine on a chunk of pages, two at a time, adding to its stats."""
    start, cpu = time.perf_counter(), _cpu()
    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = list(pool.map(engine, [s.path for s in chunk]))
    stats.wall += time.perf_counter() - start
    stats.cpu += _cpu() - cpu
    stats.cers += [
        cer(normalize_text(s.reference), normalize_text(o))
        for s, o in zip(chunk, outputs, strict=True)
    ]


def compare(
    samples: list[Sample], variants: dict[str, OcrOptions], with_bare: bool = True
) -> dict[str, dict[str, RunStats]]:
    """{condition: {engine: stats}}. Engines alternate every two pages, so load from other
    work on the machine falls on all of them alike."""
    engines: dict[str, Callable[[Path], str]] = {"bare": bare_tesseract} if with_bare else {}
    engines |= {name: donthu(options) for name, options in variants.items()}
    results: dict[str, dict[str, RunStats]] = {}
    for condition in CONDITIONS:
        subset = [s for s in samples if s.condition == condition]
        row = {name: RunStats() for name in engines}
        for n, i in enumerate(range(0, len(subset), 2)):
            names = list(engines)
            order = names[n % len(names) :] + names[: n % len(names)]
            for name in order:
                run_chunk(engines[name], subset[i : i + 2], row[name])
        results[condition] = row
        print(
            condition,
            {
                k: (round(v.mean_cer * 100, 2), round(v.wall, 1), round(v.cpu, 1))
                for k, v in row.items()
            },
            file=sys.stderr,
            flush=True,
        )
    return results


def scaling(workdir: Path, options: OcrOptions) -> tuple[float, float, float, float]:
    """A 10-page scanned PDF on 1 worker vs 2, and as a yardstick of how much of the second
    core other work left us, bare tesseract on the same 10 pages one at a time vs two at a
    time. Runs alternate (1, 2, bare 1, bare 2, twice) and each keeps its best time.

    Returns (donthu 1 worker, donthu 2 workers, bare serial, bare 2 at a time) in seconds.
    """
    images = [
        degrade(render_page(petition_text(seed=9000 + i), seed=i).image, "scanner", seed=i)
        for i in range(10)
    ]
    pdf = workdir / "ten-pages.pdf"
    pdf.write_bytes(images_pdf(images))
    pages = []
    for i, image in enumerate(images):
        pages.append(workdir / f"ten-{i}.png")
        pages[-1].write_bytes(image_bytes(image, "PNG"))
    best = [float("inf")] * 4
    for _ in range(2):
        for slot, workers in ((0, 1), (1, 2)):
            start = time.perf_counter()
            doc = extract(pdf, options=replace(options, workers=workers))
            best[slot] = min(best[slot], time.perf_counter() - start)
            assert len(doc.pages) == 10
        for slot, parallel in ((2, 1), (3, 2)):
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=parallel) as pool:
                list(pool.map(bare_tesseract, pages))
            best[slot] = min(best[slot], time.perf_counter() - start)
    return best[0], best[1], best[2], best[3]


def text_layer_speed(workdir: Path, options: OcrOptions) -> tuple[float, float]:
    """Seconds per page: a 10-page text-layer PDF vs the same pages scanned (1 worker)."""
    texts = [render_page(petition_text(seed=9100 + i), seed=i).text for i in range(10)]
    layer = workdir / "text-layer.pdf"
    layer.write_bytes(text_pdf(texts))
    scanned = workdir / "scanned.pdf"
    scanned.write_bytes(images_pdf([render_page(t, seed=i).image for i, t in enumerate(texts)]))
    one = replace(options, workers=1)
    start = time.perf_counter()
    doc = extract(layer, options=one)
    per_text = (time.perf_counter() - start) / 10
    assert all(p.method == "text_layer" for p in doc.pages)
    start = time.perf_counter()
    extract(scanned, options=one)
    per_ocr = (time.perf_counter() - start) / 10
    return per_text, per_ocr


def parse_variant(spec: str) -> tuple[str, OcrOptions]:
    """ "name=field:value,field:value" → (name, OcrOptions with those fields)."""
    name, _, body = spec.partition("=")
    types = {f.name: f.type for f in fields(OcrOptions)}
    changes: dict[str, object] = {}
    for item in filter(None, body.split(",")):
        key, _, value = item.partition(":")
        kind = str(types[key])
        changes[key] = (
            value not in ("0", "false")
            if "bool" in kind
            else int(value)
            if "int" in kind and "None" not in kind
            else float(value)
            if "float" in kind
            else value
        )
    return name, replace(OcrOptions(), **changes)


def machine() -> str:
    """One line naming the machine and the tesseract build."""
    tess = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    return f"{base_machine()}, {tess.splitlines()[0] if tess else 'tesseract ?'}"


def report(
    results: dict[str, dict[str, RunStats]],
    pages: int,
    scale: tuple[float, float, float, float],
    layer: tuple[float, float],
    command: str,
) -> str:
    """The markdown report with targets met or not."""
    lines = [
        "# Ingest benchmark",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {machine()}. The machine is shared with other work, so wall times carry "
        "noise; bare and donthu alternate every two pages so both see the same load, and CPU "
        "seconds (own threads + child processes) are given as the steadier measure.",
        f"- Command: `{command}`",
        f"- Pages: {pages} per condition, rendered by `ingest/synth.py` (DejaVu/Noto fonts, "
        "300 dpi) from varied petition text, then degraded (scanner: skew 0.5-3.5 degrees "
        "either way, blur, noise, JPEG; fax: 200 dpi 1-bit with specks, G4 TIFF; phone: "
        "perspective, shadow, colour cast, JPEG).",
        "- CER = edit distance / reference length, after `normalize_text` on reference and "
        "output alike (so tone-mark placement and quote styles do not count), whitespace collapsed.",
        "- bare = `tesseract PAGE - -l vie` (OMP_THREAD_LIMIT=1, 2 processes at a time); "
        "donthu = `ingest.extract(PAGE)` with default OcrOptions, 2 files at a time.",
        "",
        "| condition | bare CER | donthu CER | CER ratio | bare wall s | donthu wall s | "
        "bare CPU s | donthu CPU s | CER target met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    totals = {"bare": [0.0, 0.0], "donthu": [0.0, 0.0]}
    for condition, row in results.items():
        bare, ours = row["bare"], row["donthu"]
        for name, stats in (("bare", bare), ("donthu", ours)):
            totals[name][0] += stats.wall
            totals[name][1] += stats.cpu
        ratio = f"{ours.mean_cer / bare.mean_cer:.2f}" if bare.mean_cer else "-"
        ok = (
            ours.mean_cer <= bare.mean_cer + 1e-9
            if condition == "clean"
            else ours.mean_cer <= 0.6 * bare.mean_cer
        )
        target = "no worse" if condition == "clean" else "<= 0.60"
        lines.append(
            f"| {condition} | {bare.mean_cer:.2%} | {ours.mean_cer:.2%} | {ratio} "
            f"({target}) | {bare.wall:.1f} | {ours.wall:.1f} | {bare.cpu:.1f} | "
            f"{ours.cpu:.1f} | {'yes' if ok else 'NO'} |"
        )
    one, two, bare_one, bare_two = scale
    per_text, per_ocr = layer
    wall_ratio = totals["donthu"][0] / totals["bare"][0]
    cpu_ratio = totals["donthu"][1] / totals["bare"][1]
    lines += [
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
        f"| total wall time, donthu / bare | {wall_ratio:.2f}x ({totals['donthu'][0]:.1f} s / "
        f"{totals['bare'][0]:.1f} s) | <= 1.2x | {'yes' if wall_ratio <= 1.2 else 'NO'} |",
        f"| total CPU time, donthu / bare | {cpu_ratio:.2f}x ({totals['donthu'][1]:.1f} s / "
        f"{totals['bare'][1]:.1f} s) | (same budget) | {'yes' if cpu_ratio <= 1.2 else 'NO'} |",
        f"| 10-page scanned PDF, 1 worker vs 2 | {one:.1f} s vs {two:.1f} s = "
        f"{one / two:.2f}x | >= 1.8x | {'yes' if one / two >= 1.8 else 'NO'} |",
        f"| yardstick: bare tesseract, same 10 pages, 1 vs 2 at a time | {bare_one:.1f} s vs "
        f"{bare_two:.1f} s = {bare_one / bare_two:.2f}x | (what the machine allowed) | - |",
        f"| text-layer page vs OCR page (10-page PDFs, 1 worker) | {per_text * 1000:.1f} ms vs "
        f"{per_ocr * 1000:.0f} ms = {per_ocr / per_text:.0f}x | >= 50x | "
        f"{'yes' if per_ocr / per_text >= 50 else 'NO'} |",
        "",
    ]
    return "\n".join(lines)


def variant_report(results: dict[str, dict[str, RunStats]]) -> str:
    """A compact table for option experiments: CER % and wall seconds per engine."""
    names = list(next(iter(results.values())))
    lines = ["| condition | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for condition, row in results.items():
        cells = [
            f"{row[n].mean_cer:.2%} / {row[n].wall:.1f}s / cpu {row[n].cpu:.1f}s" for n in names
        ]
        lines.append(f"| {condition} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point: `python -m bench.ingest_bench`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "ingest.md")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        help="name=field:value,... an OcrOptions variant to compare",
    )
    parser.add_argument("--no-bare", action="store_true", help="skip bare tesseract (variants)")
    args = parser.parse_args(argv)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        workdir = Path(tmp)
        samples = make_samples(args.pages, workdir)
        if args.variant:
            variants = dict(parse_variant(v) for v in args.variant)
            print(variant_report(compare(samples, variants, with_bare=not args.no_bare)))
            return 0
        results = compare(samples, {"donthu": OcrOptions()})
        scale = scaling(workdir, OcrOptions())
        layer = text_layer_speed(workdir, OcrOptions())
    command = "python -m bench.ingest_bench " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, args.pages, scale, layer, command.strip())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
