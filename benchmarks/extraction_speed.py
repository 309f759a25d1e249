"""Speed of cohort-figure extraction against parsing, on real PDFs, in pages per second.

Parses every PDF under PATH once, then times ``extract_figures`` alone over the parsed
documents (best of --repeat rounds, after one warm-up that builds the pipeline). Prints pages/s
for parsing, for extraction, for both together, and extraction's share of their time.

    python benchmarks/extraction_speed.py /work/shared/corpus/real-pdfs [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from extractors.figures import extract_figures
from extractors.parse import parse_file


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a folder of PDFs")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds of extraction (best is kept)")
    args = parser.parse_args(argv)
    paths = sorted(args.path.glob("*.pdf"))
    if not paths:
        print(f"no PDFs under {args.path}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    docs = [parse_file(p) for p in paths]
    parse_s = time.perf_counter() - started
    pages = sum(len(d.pages) for d in docs)
    extract_figures(docs[0])
    rounds = []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        figures = sum(len(extract_figures(d)) for d in docs)
        rounds.append(time.perf_counter() - started)
    extract_s = min(rounds)
    print(f"{len(docs)} PDFs, {pages} pages, {figures} figures")
    print(f"parse:            {pages / parse_s:8.1f} pages/s")
    print(f"extract:          {pages / extract_s:8.1f} pages/s")
    print(f"parse + extract:  {pages / (parse_s + extract_s):8.1f} pages/s")
    print(f"extraction share: {extract_s / (parse_s + extract_s):8.1%} of the time (ratio extract/parse "
          f"{extract_s / parse_s:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
