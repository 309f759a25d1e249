"""The HTML report, parsed: structure, provenance links, comparisons, edge cases, escaping."""

from __future__ import annotations

import re
import pytest

from evidence.report import render_html
from evidence.store import Store
from report.builders import EXAMPLE_PAPERS, Fig, Paper, fig, parse_html, parsed_paper

SVG_NS = "http://www.w3.org/2000/svg"


@pytest.fixture(scope="module")
def example(tmp_path_factory, context_of):
    root = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as patch, Store(root / "corpus.sqlite") as store:
        patch.chdir(root)  # the papers' relative sources resolve here, as after an ingest
        for paper in EXAMPLE_PAPERS:
            store.add_document(parsed_paper(paper))
        ctx = context_of(store, by="subgroup", report_dir=root / "outputs")
    return ctx, parse_html(render_html(ctx))


def _outcome(page, concept: str, unit: str):
    for section in page.find_all("section", class_="outcome"):
        heading = section.find("h3").text
        if heading.startswith(concept) and f"· {unit} ·" in heading:
            return section
    raise AssertionError(f"no outcome section for {concept} ({unit})")


def test_one_section_per_concept_and_unit_with_forest_plot_and_tables(example):
    ctx, page = example
    sections = page.find_all("section", class_="outcome")
    assert len(sections) == 3
    episodes = _outcome(page, "femoral neuropathy", "episodes")
    svg = episodes.find("svg", class_="forest")
    assert len([r for r in svg.find_all("rect") if r.attrs.get("class") == "square"]) == 4
    assert [p.attrs["class"] for p in svg.find_all("polygon")] == ["diamond subtotal", "diamond subtotal", "diamond"]
    assert svg.find_all("rect", class_="pi")
    study_rows = episodes.find("table", class_="studies").find("tbody").find_all("tr")
    assert len(study_rows) == 4
    sensitivity = [tr.find_all("td")[0].text for tr in episodes.find("table", class_="sensitivity").find("tbody").find_all("tr")]
    assert [re.search(r"\((\w+)\)", s).group(1) for s in sensitivity] == ["PLO", "PFT", "PAS", "PR", "logit"]
    assert "GLMM" in sensitivity[-1]


def test_every_forest_row_links_to_the_quoted_sentence_with_the_number_highlighted(example):
    _, page = example
    episodes = _outcome(page, "femoral neuropathy", "episodes")
    links = [a.attrs["href"] for a in episodes.find("svg").find_all("a")]
    assert len(links) == 4
    seen = {}
    for href in links:
        row = page.by_id(href[1:])
        assert row.tag == "tr"
        marked = row.find("mark").text
        counts = row.find_all("td")[1].text
        assert marked.replace(" of ", "/") == counts  # the highlighted words state the row's numbers
        assert marked in row.find("blockquote").text
        seen[row.find_all("td")[0].text.split()[0]] = row
    muller = seen["Müller"]
    assert muller.find_all("td")[0].text == "Müller 2019 (haemophilia)"  # the subgroup is named once
    assert "p. 3" in muller.text and "Femoral neuropathy after iliopsoas haematoma" in muller.text
    pdf = [a.attrs["href"] for a in muller.find_all("a") if "#page=" in a.attrs["href"]]
    assert pdf == ["../corpus/examples/Femoral_neuropathy_a.pdf#page=3"]
    doc_link = muller.find_all("a")[0].attrs["href"]
    assert page.by_id(doc_link[1:]).tag == "section"
    li = seen["李"]  # a .txt source: no page, a plain link to the file
    assert [a.attrs["href"] for a in li.find_all("a") if "li-2020" in a.attrs["href"]] == ["../corpus/examples/li-2020.txt"]


def test_subgroups_side_by_side_with_the_test_for_differences(example):
    _, page = example
    comparisons = page.by_id("comparisons")
    table = comparisons.find("table", class_="comparison-table")
    names = [tr.find_all("td")[0].text for tr in table.find("tbody").find_all("tr")]
    assert sorted(names) == ["anticoagulant", "haemophilia"]
    test_line = comparisons.find("p", class_="stats").text
    assert test_line.startswith("Test for subgroup differences (separate τ²): Q = ")
    assert re.fullmatch(r"Test for subgroup differences \(separate τ²\): Q = [\d.]+, df = 1, p [=<] [\d.]+\. "
                        r"With a common τ²: QM = [\d.]+, df = 1, p [=<] [\d.]+\.", test_line), test_line


def test_the_same_outcome_in_two_units_is_shown_apart_never_pooled(example):
    ctx, page = example
    units = page.by_id("comparisons").find("table", class_="units")
    rows = units.find("tbody").find_all("tr")
    assert [r.find("a").text for r in rows] == ["episodes", "patients"]
    targets = {r.find("a").attrs["href"][1:] for r in rows}
    assert len(targets) == 2 and all(page.by_id(t).tag == "section" for t in targets)
    assert [r.find_all("td")[1].text for r in rows] == ["4", "2"]  # k of each unit, not 6 together


def test_study_characteristics_one_row_per_document_with_its_figures(example):
    _, page = example
    table = page.by_id("studies").find("table", class_="characteristics")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 4
    cells = [td.text for td in rows[0].find_all("td")]
    assert cells[:3] == ["Müller 2019", "Femoral neuropathy after iliopsoas haematoma in haemophilia", "2019"]
    assert cells[5:] == ["4", "2", "episodes, patients"]
    assert rows[0].find("a", href="https://doi.org/10.1000/hj.2019.001")
    document = page.by_id("doc-1")
    assert len(document.find("table", class_="figures").find("tbody").find_all("tr")) == 2


def test_audit_findings_are_listed_under_their_document_with_quotes(example):
    _, page = example
    audit = page.by_id("audit")
    heading = audit.find("h3")
    assert heading.find("a").attrs["href"] == "#doc-4"
    finding = audit.find("ul", class_="findings").find("li")
    assert "subgroup_exceeds_cohort" in finding.text and "(p. 3)" in finding.text
    assert finding.find("blockquote").text == "Femoral neuropathy was seen in 30 of 50 episodes (60.0%)."


def test_the_page_is_self_contained(example):
    ctx, page = example
    assert not page.find_all("script") and not page.find_all("link") and not page.find_all("img")
    assert not [n for n in page.iter() if "src" in n.attrs]
    style = page.find("style").text
    assert "url(" not in style and "@import" not in style
    csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
    assert "default-src 'none'" in csp
    for node in page.iter():
        href = node.attrs.get("href")
        if href is not None:
            assert re.match(r"(#|\.\.?/|file:///|https://doi\.org/10\.)", href), href


def test_no_documents_renders_an_empty_but_valid_report(make_store, context_of):
    page = parse_html(render_html(context_of(make_store([]))))
    assert "run 'evidence ingest PATH' first" in page.find("ul", class_="notes").text
    assert not page.find_all("section", class_="outcome") and not page.find_all("svg", class_="forest")
    assert "No outcome could be pooled." in page.by_id("outcomes").text


def test_documents_without_figures(make_store, context_of):
    papers = [Paper("Iliopsoas haematoma: a narrative review", ("Müller HJ",), 2022)]
    page = parse_html(render_html(context_of(make_store(papers))))
    assert "No cohort figures were found" in page.find("ul", class_="notes").text
    assert not page.find_all("svg", class_="forest")
    assert "No cohort figures were found in this document." in page.by_id("doc-1").text


def test_a_single_study_says_heterogeneity_is_not_estimable(make_store, context_of):
    page = parse_html(render_html(context_of(make_store(EXAMPLE_PAPERS[:1]))))
    section = _outcome(page, "femoral neuropathy", "episodes")
    svg_text = section.find("svg").text
    assert "not estimable from a single study" in svg_text and "Prediction interval" in svg_text
    assert "only one study" in section.find("ul", class_="warnings").text
    assert "k = 1" in section.find("h3").text


def test_long_titles_and_non_ascii_names_survive_intact(make_store, context_of):
    title = "Ödem, Blutung und Neuropathie — " + "a very long title that keeps going " * 6 + "李"
    papers = [Paper(title, ("Ødegård K", "Müller HJ"), 2021, (fig(9, 31),)),
              Paper("Second series", ("李 W",), 2020, (fig(4, 22),))]
    page = parse_html(render_html(context_of(make_store(papers))))
    assert page.find("table", class_="characteristics").find("tbody").find_all("tr")[0].find_all("td")[1].text == title
    labels = [a.find("text").text for a in page.find("svg", class_="forest").find_all("a")]
    assert labels == ["Ødegård 2021", "李 2020"]
    assert page.by_id("doc-1").find("h3").text == f"Ødegård 2021: {title}"


def test_markup_in_papers_is_text_never_markup(make_store, context_of, tmp_path):
    hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
    sentence = f"Femoral neuropathy was seen in 6 of 12 episodes {hostile}."
    paper = Paper("Bleeds <script>alert('t')</script> <b>bold</b>", ('<img src=x onerror=alert(2)>',), 2020,
                  (Fig(sentence, "6 of 12", 6, 12),),
                  source=str(tmp_path / "javascript:alert(1).pdf"))
    html = render_html(context_of(make_store([paper]), report_dir=tmp_path))
    page = parse_html(html)
    assert not page.find_all("script") and not page.find_all("img") and not page.find_all("b")
    assert [a for a in page.find_all("a") if a.attrs["href"].lower().lstrip().startswith("javascript")] == []
    quotes = [q.text for q in page.find_all("blockquote")]
    assert sentence in quotes
    assert "Bleeds <script>alert('t')</script> <b>bold</b>" in page.find("table", class_="characteristics").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
