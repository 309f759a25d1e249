"""Re-extraction over the stored corpus: stale documents redone, one failure isolated."""

from __future__ import annotations

from dataclasses import replace

from evidence import extract
from evidence.pipeline import EXTRACTOR_VERSION
from evidence.store import Store
from support.documents import figure, parsed_document


def test_only_stale_documents_are_redone_and_a_failing_one_keeps_its_figures(tmp_path, monkeypatch):
    with Store(tmp_path / "c.sqlite") as store:
        good, _ = store.add_document(parsed_document("good.pdf"), extractor_version="old")
        bad, _ = store.add_document(parsed_document("bad.pdf", pages=3, figures=(figure(),)), extractor_version="old")
        current, _ = store.add_document(parsed_document("current.pdf", pages=4), extractor_version=EXTRACTOR_VERSION)

        def fake_analyse(parsed):
            if parsed.source == "bad.pdf":
                raise ValueError("a sentence the rules choke on")
            return replace(parsed, figures=(figure(25, 28, unit="patients"),))

        monkeypatch.setattr(extract, "analyse_parsed", fake_analyse)
        summary = extract.extract_corpus(store)
        versions = store.extractor_versions()
        kept = [(f.events, f.total) for f in store.figures(document=bad)]
        redone = [(f.events, f.total) for f in store.figures(document=good)]

    assert (summary.extracted, summary.up_to_date, summary.figures) == (1, 1, 1)
    assert summary.failures == (f"document {bad} (bad.pdf): extraction failed (ValueError: a sentence the rules "
                                "choke on); please report this file",)
    assert summary.line().endswith("1 already up to date; failed 1")
    assert versions == {good: EXTRACTOR_VERSION, bad: "old", current: EXTRACTOR_VERSION}
    assert kept == [(28, 44)] and redone == [(25, 28)]
