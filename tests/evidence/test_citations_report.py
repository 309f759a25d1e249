"""The citation report from a stored corpus, its JSON contract, the SVG drawing, exports and the CLI."""

from __future__ import annotations

import dataclasses
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner

from evidence.citations import citation_graph_svg, citation_report, export_graph
from evidence.cli import main
from evidence.errors import CitationError
from evidence.store import Store
from extractors.references import extract_references, find_citation_markers
from support.citation_papers import WORKS, Cite, paper, planted_paper
from support.documents import figure


def _analysed(doc, figures=()):
    entries = extract_references(doc)
    return dataclasses.replace(doc, references=entries, markers=find_citation_markers(doc, entries),
                               figures=tuple(figures))


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.sqlite"
    decker, _ = paper("vancouver", WORKS[2:4], [Cite("Surgery is rarely needed{cite}.", (1, 2))],
                      title=WORKS[0].title, source="decker.pdf", year=2019, authors=("Decker JA", "Ruiz M"),
                      doi=WORKS[0].doi)
    on_anticoagulants = figure(18, 26, unit="patients", concept="anticoagulant_use", outcome="on anticoagulants",
                               quote="Of 26 patients, 18 were on anticoagulants.")
    with Store(path) as store:
        store.add_document(_analysed(planted_paper("bracket").doc))
        store.add_document(_analysed(decker, [on_anticoagulants]))
    return path


def test_report_dict_follows_the_public_contract(corpus):
    with Store(corpus) as store:
        report = citation_report(store)
    data = report.to_dict()
    assert sorted(data) == ["corpus_findings", "documents", "graph"]
    review = data["documents"][0]
    assert sorted(review) == ["findings", "id", "references", "source", "title"]
    first = review["references"][0]
    assert sorted(first) == ["authors", "cited_at", "doi", "n", "resolved_to", "text", "title", "year"]
    assert (first["n"], first["resolved_to"], first["authors"], first["year"]) == (1, 2, ["Decker JA", "Ruiz M", "Okafor T"], 2019)
    assert first["cited_at"][1] == {"page": 1, "quote": "Decker et al. [1] found that 77% of cases were on anticoagulants."}
    assert [r["resolved_to"] for r in review["references"][1:]] == [None] * 7
    assert [f["kind"] for f in review["findings"]] == ["dangling_marker", "uncited_reference", "uncited_reference",
                                                       "duplicate_reference", "numeric_claim"]
    assert sorted(review["findings"][0]) == ["kind", "message", "page", "quote"]
    kinds = [f["kind"] for f in data["corpus_findings"]]
    assert kinds == ["not_ingested", "not_ingested", "impossible_date", "self_citation", "claim_mismatch"]
    assert {"kind", "message", "document", "page", "quote"} <= set(data["corpus_findings"][0])
    assert data["graph"] == {"nodes": 8, "edges": 9}
    assert [(s.count, s.cited_by) for s in report.snowball[:2]] == [(2, (1, 2)), (2, (1, 2))]
    assert report.document_findings[2] == ()


def test_one_document_report_keeps_its_neighbourhood(corpus):
    with Store(corpus) as store:
        report = citation_report(store, document=2)
        with pytest.raises(CitationError) as excinfo:
            citation_report(store, document=9)
    assert [d.record.document.id for d in report.documents] == [2]
    okafor = [n for n in report.graph if n.startswith("ext:okafor-2021")]
    assert sorted(report.graph.nodes) == sorted(["doc:1", "doc:2", "ext:doi:10.1002/bjs.9745"] + okafor)
    assert len(okafor) == 1
    assert all(2 in s.cited_by for s in report.snowball)
    assert str(excinfo.value) == "no document with id 9 in the corpus (ids: 1, 2); 'evidence docs' lists them"


def test_svg_is_valid_xml_escapes_titles_and_highlights_ingested_works(corpus):
    with Store(corpus) as store:
        graph = citation_report(store).graph
    graph.nodes["doc:1"]["title"] = "<script>alert(1)</script> & more"
    svg = citation_graph_svg(graph, width=640, height=400)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("viewBox") == "0 0 640 400"
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in svg
    ingested = root.findall("s:g[@class='ingested']", ns)
    outside = root.findall("s:g[@class='outside']", ns)
    assert sorted(g.find("s:text", ns).text for g in ingested) == ["Achebe 2023", "Decker 2019"]
    # Only outside works cited by both documents are drawn; Guild, cited once, is not.
    assert sorted(g.find("s:text", ns).text for g in outside) == ["Lindqvist 2015", "Okafor 2021"]
    assert len(root.findall("s:path", ns)) == 5
    assert root.findall("s:text", ns)[-1].text == "4 outside works cited once or beyond the first 24 not drawn"
    assert svg == citation_graph_svg(graph, width=640, height=400)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_with_the_same_nodes_and_edges(corpus, fmt):
    with Store(corpus) as store:
        graph = citation_report(store).graph
    data = export_graph(graph, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    back = reader(io.BytesIO(data))
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert sorted(back.edges) == sorted(graph.edges)
    assert json.loads(back.nodes["doc:2"]["authors"]) == ["Decker JA", "Ruiz M"]
    assert json.loads(back.edges["doc:1", "doc:2"]["contexts"])[0]["page"] == 1


def test_export_refuses_an_unknown_format():
    with pytest.raises(CitationError) as excinfo:
        export_graph(nx.DiGraph(), "dot")
    assert str(excinfo.value) == "graph format must be one of graphml, gexf (got 'dot')"


def test_cli_json_text_and_file_output(corpus, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["cite", "--format", "json", "--db", str(corpus)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["graph"] == {"nodes": 8, "edges": 9}
    text = runner.invoke(main, ["cite", "--db", str(corpus)])
    assert text.exit_code == 0
    assert "    8 references, 6 markers, 1 resolved to corpus documents" in text.output
    assert "Snowballing list (6 works cited but not ingested):" in text.output
    out = tmp_path / "graph.gexf"
    written = runner.invoke(main, ["cite", "--format", "gexf", "--out", str(out), "--db", str(corpus)])
    assert written.exit_code == 0
    assert nx.read_gexf(out).number_of_nodes() == 8


def test_cli_reports_an_unknown_document_as_an_error(corpus):
    result = CliRunner().invoke(main, ["cite", "--document", "9", "--db", str(corpus)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no document with id 9 in the corpus (ids: 1, 2); 'evidence docs' lists them"
