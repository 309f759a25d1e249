"""How long the evidence report takes for a corpus of 50 documents and 20 pooled outcomes.

Generates a corpus (seeded, so every run sees the same data): 50 papers, each reporting 4 to 12
of 20 outcome concepts in patients, with a quoted sentence per figure and 12 references, some
naming other papers of the corpus. Times each stage of ``write_report`` (pooling with the
transform sensitivity and GLMM, the audit, the citation network, view-models, rendering) and
prints the file size. Target: the whole report in under 2 s; the file holds no embedded PDFs.

Run: python benchmarks/report.py [--documents 50] [--outcomes 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import tempfile
import time
from pathlib import Path

from evidence.audit import audit_corpus
from evidence.citations import citation_graph_svg, citation_report
from evidence.report import ReportOptions, assemble_report, render_html
from evidence.schema import CohortFigure, DocumentMetadata, Page, ParsedDocument, ReferenceEntry
from evidence.store import Store
from evidence.synthesis import synthesize

TARGET_S = 2.0
FAMILIES = ("Müller", "Ødegård", "Li", "Okafor", "Ferreira", "Decker", "Tao", "Ashdown", "Solberg", "Whitfield",
            "Nakamura", "García", "Kowalski", "Haddad", "Byrne")
OUTCOMES = ("femoral neuropathy", "quadriceps weakness", "complete recovery", "partial recovery", "mortality",
            "surgical evacuation", "embolization", "transfusion", "recurrence", "obturator neuropathy",
            "lateral femoral cutaneous neuropathy", "conservative treatment", "anticoagulant use", "haemophilia",
            "inhibitors", "trauma", "male sex", "no recovery at 6 months", "sepsis", "thrombosis")


OUTSIDE = tuple((family, f"{a.capitalize()} {b} after {c}: a {d} study")
                for family, a, b, c, d in zip(
                    ("Reyes", "Lund", "Park", "Moreau", "Ivanova", "Santos", "Jensen", "Khan", "Weiss", "Costa") * 3,
                    ("bleeding", "palsy", "neuropathy", "weakness", "haemorrhage", "recovery") * 5,
                    ("in the psoas", "of the thigh", "with anticoagulants", "in inhibitor patients", "at one year") * 6,
                    ("trauma", "surgery", "warfarin", "heparin", "factor replacement", "embolization",
                     "drainage", "rest", "physiotherapy", "apixaban") * 3,
                    ("retrospective", "prospective", "registry", "case-control", "multicentre", "cohort",
                     "single-centre", "population", "nested", "pilot") * 3))


def _year(n: int) -> int:
    return 2000 + n % 24


def _paper(rng: random.Random, n: int, n_outcomes: int, titles: list[str]) -> ParsedDocument:
    total = rng.randint(12, 160)
    sentences, figures = [titles[n] + "."], []
    for concept in rng.sample(OUTCOMES[:n_outcomes], rng.randint(4, min(12, n_outcomes))):
        events = rng.randint(0, total)
        phrase = f"{events} of {total}"
        sentence = f"{concept.capitalize()} was reported in {phrase} patients ({100 * events / total:.1f}%)."
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        offset = start + sentence.index(phrase)
        figures.append(CohortFigure(events=events, total=total, unit="patients", outcome=concept,
                                    concept=concept.replace(" ", "_"), quote=sentence, start=offset,
                                    end=offset + len(phrase), sentence_start=start, rule="count_of.v1",
                                    page=2, section="results", percent=f"{100 * events / total:.1f}"))
    # Six references to other papers of the corpus, six to outside works (a pool of 30, so many
    # are cited by several papers and land on the snowballing list).
    earlier = [c for c in range(len(titles)) if _year(c) < _year(n)]
    works = [(FAMILIES[c % len(FAMILIES)], _year(c), titles[c]) for c in rng.sample(earlier, min(6, len(earlier)))]
    works += [(OUTSIDE[w][0], 1990 + w % 10, OUTSIDE[w][1]) for w in rng.sample(range(len(OUTSIDE)), 6)]
    references = tuple(
        ReferenceEntry(n=i, text=f"{family} A. {title}. Haemophilia. {year};1:1-9.", authors=(f"{family} A",),
                       year=year, title=title, journal="Haemophilia")
        for i, (family, year, title) in enumerate(works, start=1))
    text = " ".join(sentences)
    return ParsedDocument(
        source=f"corpus/bench/paper{n:02d}.pdf", sha256=hashlib.sha256(f"{n}{text}".encode()).hexdigest(),
        file_type="pdf", size_bytes=250_000,
        metadata=DocumentMetadata(title=titles[n], authors=(f"{FAMILIES[n % len(FAMILIES)]} {chr(65 + n % 26)}",
                                                            f"Coauthor{n} K"), year=_year(n), journal="Haemophilia", doi=f"10.1000/bench.{n}"),
        pages=(Page(number=1, text=titles[n]), Page(number=2, text=text)), figures=tuple(figures),
        references=references)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--outcomes", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(42)
    titles = [f"Iliopsoas haematoma series {n}: {' and '.join(rng.sample(OUTCOMES, 2))}" for n in range(args.documents)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "outputs" / "report.html"
        with Store(Path(tmp) / "bench.sqlite") as store:
            for n in range(args.documents):
                store.add_document(_paper(rng, n, args.outcomes, titles))
            stages: dict[str, list[float]] = {}
            for _ in range(args.repeat):
                clock = time.perf_counter()
                marks = {}
                documents, figures = store.documents(), store.figures()
                marks["read store"] = time.perf_counter()
                analyses = synthesize(figures, {d.id: d for d in documents})
                marks["pool (+ sensitivity, GLMM)"] = time.perf_counter()
                findings = audit_corpus(store)
                marks["audit"] = time.perf_counter()
                citations = citation_report(store)
                marks["citation network"] = time.perf_counter()
                ctx = assemble_report(documents, figures, analyses, findings, options=ReportOptions(),
                                      citations=citations, draw_graph=citation_graph_svg, report_dir=out.parent)
                marks["view-models + forest SVGs"] = time.perf_counter()
                html = render_html(ctx)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(html, encoding="utf-8")
                marks["render + write"] = time.perf_counter()
                for name, when in marks.items():
                    stages.setdefault(name, []).append(when - clock)
                    clock = when
        total = [sum(run) for run in zip(*stages.values())]
        print(f"report for {args.documents} documents, {len(figures)} figures, {len(analyses)} outcomes "
              f"(median of {args.repeat} runs)")
        for name, times in stages.items():
            print(f"  {name:<28} {statistics.median(times):7.3f} s")
        best = statistics.median(total)
        print(f"  {'total':<28} {best:7.3f} s   target < {TARGET_S:.1f} s: "
              f"{'met' if best < TARGET_S else 'NOT met'} ({best / TARGET_S:.2f}x of budget)")
        print(f"  file size {out.stat().st_size / 1024:.0f} KiB ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
