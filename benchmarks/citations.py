"""How fast references resolve against the corpus: blocked lookups versus comparing all pairs.

Generates 10,000 documents and 100,000 references (seeded, so every run sees the same data):
40% name an ingested document by DOI, 15% by its exact title, 15% by a title with a typo or a
dropped word, and 30% name outside works, a third of them cited by several papers. Times
:class:`DocumentIndex` resolution and the whole :func:`build_citation_graph`, checks that the
resolutions are right, and compares with a naive all-pairs baseline on a small sample in the
same process, printed as a ratio.

Run: python benchmarks/citations.py [--documents 10000] [--references 100000]
"""

from __future__ import annotations

import argparse
import random
import time

from evidence.citations import CitingRecord, build_citation_graph
from evidence.citations.resolve import DocumentIndex, WorkKey, same_work
from evidence.schema import DocumentRecord, ReferenceEntry

WORDS = """haematoma femoral neuropathy iliopsoas anticoagulation haemophilia retroperitoneal bleeding nerve palsy
recovery surgical conservative management cohort randomised trial outcomes mortality sepsis cortisol thrombosis
embolism trauma fracture pregnancy smoking cessation exercise depression sclerosis atrophy natalizumab
mitoxantrone parkinson spirometry chemotherapy neuropathic pain prostaglandin neonatal hypertension dementia
stress hormones galaxy sequencing negative control imaging tomography ultrasound biopsy infection antibiotic
resistance vaccine influenza asthma diabetes insulin obesity hypertension stroke dialysis transplant kidney liver
cardiac arrhythmia valve aortic coronary stent heparin warfarin apixaban rivaroxaban reversal platelet transfusion
""".split()
SYLLABLES = "ka lo mi ne ru sa te vo da fi go hu ji ke la mo".split()
SAMPLE = 200


def _family(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _title(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, rng.randint(6, 11))).capitalize()


def _typo(rng: random.Random, title: str) -> str:
    words = title.split()
    if rng.random() < 0.5:
        del words[rng.randrange(1, len(words))]
    else:
        i = rng.randrange(len(words))
        w = words[i]
        j = rng.randrange(len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def generate(documents: int, references: int, seed: int = 42):
    rng = random.Random(seed)
    docs = []
    for i in range(1, documents + 1):
        authors = (f"{_family(rng)} {rng.choice('ABCDEFGH')}{rng.choice('JKLMN')}", f"{_family(rng)} P")
        docs.append(DocumentRecord(id=i, source=f"d{i}.pdf", sha256=f"{i:064d}", file_type="pdf", title=_title(rng),
                                   authors=authors, year=rng.randint(1990, 2024), journal="J", doi=f"10.5555/d.{i}",
                                   pages=8, ingested_at="2024-01-01", status="ok"))
    outside = [(_family(rng), rng.randint(1980, 2024), _title(rng)) for _ in range(references // 10)]
    per_doc = max(1, references // documents)
    truth: list[int | None] = []
    records = []
    for doc in docs:
        entries = []
        for n in range(1, per_doc + 1):
            roll = rng.random()
            if roll < 0.7:
                target = rng.choice(docs)
                kind = "doi" if roll < 0.4 else ("exact" if roll < 0.55 else "typo")
                title = target.title if kind != "typo" else _typo(rng, target.title)
                entries.append(ReferenceEntry(n=n, text=f"{target.authors[0]}. {title}. J. {target.year};1:1.",
                                              authors=(target.authors[0],), year=target.year, title=title,
                                              doi=target.doi if kind == "doi" else None))
                truth.append(target.id if target.id != doc.id else None)
            else:
                family, year, title = rng.choice(outside)
                entries.append(ReferenceEntry(n=n, text=f"{family} Q. {title}. J. {year};1:1.", authors=(f"{family} Q",),
                                              year=year, title=title))
                truth.append(None)
        records.append(CitingRecord(document=doc, references=tuple(entries)))
    return docs, records, truth


def naive_resolve(key: WorkKey, keys: list[WorkKey], ids: list[int]) -> int | None:
    best = None
    for work, doc_id in zip(keys, ids):
        score = same_work(key, work)
        if score and (best is None or score > best[0]):
            best = (score, doc_id)
    return best[1] if best else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--references", type=int, default=100_000)
    args = parser.parse_args()
    docs, records, truth = generate(args.documents, args.references)
    refs = [r for record in records for r in record.references]
    print(f"{len(docs):,} documents, {len(refs):,} references")

    start = time.perf_counter()
    index = DocumentIndex(docs)
    built = time.perf_counter() - start
    start = time.perf_counter()
    resolved = [index.resolve(r) for r in refs]
    blocked = time.perf_counter() - start
    found = [r.document if r else None for r in resolved]
    citing = [record.document.id for record in records for _ in record.references]
    right = sum(1 for f, t, c in zip(found, truth, citing) if f == t or (t is None and f == c))
    print(f"index built in {built:.2f} s; {len(refs):,} references resolved in {blocked:.2f} s "
          f"({1e6 * blocked / len(refs):.1f} µs each); correct: {right / len(refs):.4%}")

    keys = [WorkKey.of_document(d) for d in docs]
    ids = [d.id for d in docs]
    sample = random.Random(7).sample(refs, SAMPLE)
    start = time.perf_counter()
    for ref in sample:
        naive_resolve(WorkKey.of_reference(ref), keys, ids)
    naive = (time.perf_counter() - start) / SAMPLE
    print(f"naive all-pairs: {1e6 * naive:.0f} µs per reference (sample of {SAMPLE}); "
          f"blocked is {naive / (blocked / len(refs)):.0f}x faster; naive for all would take "
          f"{naive * len(refs):.0f} s")

    start = time.perf_counter()
    graph = build_citation_graph(records)
    whole = time.perf_counter() - start
    print(f"build_citation_graph: {whole:.2f} s for {graph.number_of_nodes():,} nodes and "
          f"{graph.number_of_edges():,} edges (budget 30 s: {'ok' if whole < 30 else 'OVER'})")


if __name__ == "__main__":
    main()
