"""The bundled example corpus: its papers cite each other, and the review misquotes one figure on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.citations import citation_report
from evidence.ingest import ingest_paths
from evidence.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "examples"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    assert any(EXAMPLES.glob("*.pdf")), "corpus/examples is committed: run 'python -m corpus.build_examples'"
    path = tmp_path_factory.mktemp("examples") / "corpus.sqlite"
    with Store(path) as store:
        ingest_paths(store, [EXAMPLES], jobs=1)
        yield citation_report(store)


def _by_source(report):
    return {Path(d.record.document.source).name: d for d in report.documents}


def test_every_reference_list_is_read_whole_and_every_marker_links(report):
    documents = _by_source(report)
    counts = {name: (len(d.record.references), sum(1 for m in d.record.markers if m.targets))
              for name, d in documents.items()}
    assert {name: refs for name, (refs, _) in counts.items()} == {
        "ashdown2016_trauma_limbs.pdf": 7, "decker2019_anticoagulant_hematoma.pdf": 6,
        "ferreira2022_haemophilia_episodes.pdf": 7, "solberg2020_haemophilia_inhibitors.txt": 6,
        "okafor2021_conservative_vs_surgical.pdf": 7, "tao2023_mixed_etiology.pdf": 8,
        "whitfield2024_narrative_review.pdf": 10}
    assert all(len(d.record.markers) == linked for d, (_, linked) in zip(documents.values(), counts.values()))


def test_the_review_resolves_to_the_six_papers_it_reviews(report):
    review = _by_source(report)["whitfield2024_narrative_review.pdf"]
    resolved = {n: doc for n, doc in review.resolved.items() if doc is not None}
    sources = {Path(d.record.document.source).name: d.record.document.id for d in report.documents}
    assert sorted(resolved.values()) == sorted(i for name, i in sources.items() if "whitfield" not in name)


def test_only_the_planted_misquote_is_flagged(report):
    claims = [f for f in report.corpus_findings if f.kind.startswith("claim")]
    assert [f.kind for f in claims] == ["claim_mismatch"]
    assert "says '28 of their 36'" in claims[0].message and "which reports 14 of 36" in claims[0].message
    per_paper = [f.kind for findings in report.document_findings.values() for f in findings
                 if f.kind != "numeric_claim"]
    assert per_paper == []


def test_the_snowballing_list_ranks_the_most_cited_outside_work_first(report):
    top = report.snowball[0]
    assert top.count == 7 and top.reference.startswith("Kessler HW, Pardo L. Compressive neuropathies")
