"""Ingest speed: pages per second of evidence's ingest against raw PyMuPDF text extraction.

Both run in this process, on one core, over the same files, so the ratio is meaningful on any
machine. Usage: python benchmarks/ingest.py [FOLDER] [--rounds N]   (default: corpus/examples, 5)

Raw baseline: open each PDF and call page.get_text() on every page. evidence: the full ingest
(parse with reading order, sections, tables, references, markers, cohort figures, and the SQLite
write) with one worker, into a fresh temporary database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from evidence.executors import SerialExecutor
from evidence.ingest import ingest_paths
from evidence.pipeline import analyse_parsed
from evidence.store import Store
from extractors.parse import parse_file


@dataclass(frozen=True)
class Run:
    """One timed pass over the files: pages and wall-clock seconds."""

    pages: int
    seconds: float


def raw_run(files: list[Path]) -> Run:
    pages = 0
    start = time.perf_counter()
    for path in files:
        with pymupdf.open(path) as document:
            for page in document:
                page.get_text()
                pages += 1
    return Run(pages, time.perf_counter() - start)


def stage_seconds(files: list[Path]) -> tuple[float, float]:
    """Seconds spent parsing, and seconds spent extracting from the parsed documents."""
    parse = extract = 0.0
    for path in files:
        start = time.perf_counter()
        parsed = parse_file(path)
        parse += time.perf_counter() - start
        start = time.perf_counter()
        analyse_parsed(parsed)
        extract += time.perf_counter() - start
    return parse, extract


def ingest_run(files: list[Path]) -> Run:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.sqlite") as store:
        start = time.perf_counter()
        summary = ingest_paths(store, files, executor=SerialExecutor())
        seconds = time.perf_counter() - start
    if summary.failed:
        raise SystemExit(f"{summary.failed} files failed: {summary.line()}")
    return Run(summary.pages, seconds)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value})")
    return value


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Pages/s of evidence ingest against raw PyMuPDF text extraction.")
    parser.add_argument("folder", nargs="?", type=Path, default=Path("corpus/examples"))
    parser.add_argument("--rounds", type=_positive, default=5, help="timed rounds of each side, alternating (default 5)")
    args = parser.parse_args(argv[1:])
    files = sorted(args.folder.rglob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs under {args.folder}")
    # Warm both sides on the first file before timing: the library and the file cache for raw
    # PyMuPDF; for evidence also the spaCy pipeline and the rule files, which each ingest process
    # loads once (about a second), not once per page.
    raw_run(files[:1])
    analyse_parsed(parse_file(files[0]))
    raw_runs, ingest_runs = [], []
    for _ in range(args.rounds):  # alternating, so a slow spell of the machine hits both sides
        raw_runs.append(raw_run(files))
        ingest_runs.append(ingest_run(files))
    pages = raw_runs[0].pages
    raw = statistics.median(pages / run.seconds for run in raw_runs)
    ingest = statistics.median(pages / run.seconds for run in ingest_runs)
    # Each round's ratio pairs two runs made moments apart; their median is the figure to trust.
    ratios = [r.seconds / i.seconds for r, i in zip(raw_runs, ingest_runs)]
    rounds = ", ".join(f"{ratio:.3f}" for ratio in ratios)
    parse_s, extract_s = stage_seconds(files)
    print(f"{len(files)} PDFs, {pages} pages in {args.folder}; median of {args.rounds} alternating rounds")
    print(f"raw PyMuPDF page.get_text():  {raw:8.1f} pages/s")
    print(f"evidence ingest (1 worker):   {ingest:8.1f} pages/s")
    print(f"ratio ingest / raw:           {statistics.median(ratios):8.3f}x   (target >= 0.2x; median of the "
          f"rounds: {rounds})")
    print(f"parse only:                   {pages / parse_s:8.1f} pages/s")
    print(f"extract only (figures, refs): {pages / extract_s:8.1f} pages/s   "
          f"(extraction is {extract_s / (parse_s + extract_s):.0%} of parse + extract)")


if __name__ == "__main__":
    main(sys.argv)
