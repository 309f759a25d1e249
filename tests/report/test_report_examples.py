"""The report of the bundled example corpus, ingested through the real pipeline."""

from __future__ import annotations

import re

import pytest

from evidence.report import write_report
from evidence.store import Store
from report.builders import parse_html


@pytest.fixture(scope="module")
def example_page(example_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("example-report") / "report.html"
    with Store(example_db) as store:
        write_report(store, out, by="subgroup")
        documents = store.documents()
        figures = store.figures()
    return parse_html(out.read_text(encoding="utf-8")), documents, figures


def test_every_pooled_number_links_to_its_sentence_page_and_source(example_page):
    page, documents, _ = example_page
    sources = {d.source.rsplit("/", 1)[-1] for d in documents}
    links = [a.attrs["href"] for svg in page.find_all("svg", class_="forest") for a in svg.find_all("a")]
    assert len(links) == len(set(links)) > 20
    for href in links:
        row = page.by_id(href[1:])
        cells = row.find_all("td")
        quote = row.find("blockquote").text
        assert quote.strip(), href
        events, total = cells[1].text.split("/")
        marks = row.find_all("mark")
        if marks:  # the highlighted figure sits inside the quoted sentence
            assert marks[0].text in quote
        page_label = re.search(r"p\. (\d+)", cells[4].text)
        files = [a.attrs["href"] for a in cells[4].find_all("a") if not a.attrs["href"].startswith("#")]
        assert len(files) == 1 and files[0].split("#")[0].rsplit("/", 1)[-1] in sources
        if page_label:  # PDFs open at the quoted page
            assert files[0].endswith(f".pdf#page={page_label.group(1)}")
        else:
            assert "#" not in files[0]
        assert 0 <= int(events) <= int(total)


def test_every_document_and_figure_is_listed(example_page):
    page, documents, figures = example_page
    rows = page.find("table", class_="characteristics").find("tbody").find_all("tr")
    assert [r.find_all("td")[1].text for r in rows] == [d.title or "" for d in documents]
    listed = sum(len(page.by_id(f"doc-{d.id}").find_all("tr")) - 1 for d in documents if
                 page.by_id(f"doc-{d.id}").find_all("table"))
    assert listed == len(figures)


def test_outcomes_with_most_studies_come_first(example_page):
    page, *_ = example_page
    ks = [int(re.search(r"k = (\d+)", s.find("h3").text).group(1)) for s in page.find_all("section", class_="outcome")]
    assert ks == sorted(ks, reverse=True) and ks[0] >= 3
