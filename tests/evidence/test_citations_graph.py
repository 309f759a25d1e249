"""The corpus citation graph: resolution to ingested documents, outside works merged, edges with contexts."""

from __future__ import annotations

import dataclasses

import pytest

from evidence.citations import CitingRecord, build_citation_graph
from evidence.citations.resolve import DocumentIndex, OutsideWorks, family_of, normalize_title
from evidence.errors import CitationError
from evidence.schema import CitationMarker, ReferenceEntry
from extractors.references import extract_references, find_citation_markers
from support.citation_papers import WORKS, Cite, document_record, paper, planted_paper


def _record(doc_id, doc):
    entries = extract_references(doc)
    return CitingRecord(document=document_record(doc_id, doc), references=entries,
                        markers=find_citation_markers(doc, entries))


def _corpus():
    review = _record(1, planted_paper("bracket").doc)
    decker, _ = paper("vancouver", WORKS[1:4], [Cite("Haemophilia is the commonest cause{cite}.", (1,)),
                                                 Cite("Surgery is rarely needed{cite}.", (2, 3))],
                      title=WORKS[0].title, source="decker.pdf", year=2019, authors=("Decker JA", "Ruiz M"),
                      doi=WORKS[0].doi)
    # Guild's own PDF spells its title with a hyphen and carries no DOI: resolution is by title.
    guild, _ = paper("apa", WORKS[2:3], [Cite("Bleeding stops{cite}.", (1,))], source="guild.pdf", year=2017,
                     title="Iliopsoas haematoma in haemophilia: a multi-centre series", authors=("Guild PR", "Hart S"))
    return [review, _record(2, decker), _record(3, guild)]


def test_references_resolve_by_doi_then_title_and_outside_works_merge():
    graph = build_citation_graph(_corpus())
    assert graph.edges["doc:1", "doc:2"]["resolved_by"] == "doi"
    assert graph.edges["doc:1", "doc:3"]["resolved_by"] == "title"
    lindqvist = "ext:doi:10.1002/bjs.9745"
    assert sorted(graph.predecessors(lindqvist)) == ["doc:1", "doc:2", "doc:3"]
    assert graph.nodes[lindqvist]["ingested"] is False
    assert graph.nodes[lindqvist]["label"] == "Lindqvist 2015"
    assert len(graph.nodes[lindqvist]["references"]) == 3
    okafor = [n for n in graph if n.startswith("ext:okafor-2021")]
    assert len(okafor) == 1 and sorted(graph.predecessors(okafor[0])) == ["doc:1", "doc:2"]
    # 3 documents + outside works: Lindqvist, Okafor, Marchetti, Van Houten, Nakamura (listed twice, one node).
    assert graph.number_of_nodes() == 8
    assert graph.number_of_edges() == 7 + 3 + 1


def test_edges_carry_the_reference_string_entries_and_contexts():
    graph = build_citation_graph(_corpus())
    edge = graph.edges["doc:1", "doc:2"]
    assert edge["reference"].startswith("Decker JA, Ruiz M, Okafor T. Femoral neuropathy after iliopsoas")
    assert edge["entries"] == [1]
    assert edge["contexts"] == [
        {"page": 1, "quote": "Iliopsoas haematoma is a recognised complication of anticoagulation [1]."},
        {"page": 1, "quote": "Decker et al. [1] found that 77% of cases were on anticoagulants."}]
    nakamura = [v for v in graph.successors("doc:1") if v.startswith("ext:nakamura")]
    assert len(nakamura) == 1 and graph.edges["doc:1", nakamura[0]]["entries"] == [7, 8]
    assert graph.nodes["doc:2"] | {} == {
        "title": WORKS[0].title, "year": 2019, "authors": ("Decker JA", "Ruiz M"), "doi": WORKS[0].doi,
        "pmid": None, "ingested": True, "document": 2, "source": "decker.pdf", "label": "Decker 2019"}


def test_the_graph_does_not_depend_on_record_order():
    records = _corpus()
    first = build_citation_graph(records)
    second = build_citation_graph(list(reversed(records)))
    assert sorted(first.nodes(data="label")) == sorted(second.nodes(data="label"))
    assert sorted(first.edges(data="entries")) == sorted(second.edges(data="entries"))


def test_a_paper_listing_itself_gets_no_self_loop():
    review = _corpus()[0]
    listed = dataclasses.replace(review.document, title=WORKS[2].title, year=2015, authors=("Lindqvist E",),
                                 doi="10.1002/bjs.9745")
    graph = build_citation_graph([CitingRecord(document=listed, references=review.references)])
    assert not graph.has_edge("doc:1", "doc:1")


def test_similar_titles_of_different_works_stay_apart():
    doc = document_record(1, planted_paper("bracket").doc)
    adults = dataclasses.replace(doc, title="Femoral nerve palsy after iliopsoas haematoma in adults",
                                 doi=None, authors=("Decker JA",), year=2019)
    index = DocumentIndex([adults])
    same = ReferenceEntry(n=1, text="x", title="Femoral nerve palsy after ilio-psoas haematoma in adults.",
                          authors=("Decker J",), year=2020)
    other = ReferenceEntry(n=2, text="x", title="Femoral nerve palsy after iliopsoas haematoma in children",
                           authors=("Decker JA",), year=2019)
    assert index.resolve(same).method == "title"
    assert index.resolve(other) is None


def test_outside_works_without_a_parsed_title_merge_only_on_identical_text():
    works = OutsideWorks()
    unread = ReferenceEntry(n=1, text="Personal communication, Dr Li")
    node, new = works.node_for(unread)
    assert new is True
    assert works.node_for(dataclasses.replace(unread, n=4)) == (node, False)
    other, new = works.node_for(ReferenceEntry(n=2, text="Personal communication, Dr Wu"))
    assert new is True and other != node


@pytest.mark.parametrize(("name", "family"), [("Decker JA", "decker"), ("Decker, J. A.", "decker"),
                                               ("Jane A. Decker", "decker"), ("van den Beek M", "vandenbeek"),
                                               ("Dörr J", "dorr")])
def test_family_names_fold_across_formats(name, family):
    assert family_of(name) == family


def test_titles_normalise_case_accents_hyphens_and_punctuation():
    assert normalize_title("Multi-centre study of Dörr's  SIGN: a review.") == "multicentre study of dorr s sign a review"


def test_a_marker_naming_a_missing_entry_is_refused_with_the_next_step():
    record = _corpus()[0]
    bad = CitationMarker(page=1, start=0, end=3, text="[12]", style="bracket", targets=(12,), numbers=(12,))
    with pytest.raises(CitationError) as excinfo:
        CitingRecord(document=record.document, references=record.references, markers=(bad,))
    assert str(excinfo.value) == ("document 1 (planted-bracket.pdf): marker '[12]' on page 1 targets entry 12, "
                                  "but the list has entries 1-8; re-run 'evidence extract --force'")
