"""Per-paper and corpus citation audits: planted defects are found, sound citations are not flagged."""

from __future__ import annotations

import dataclasses

import pytest

from evidence.citations import CitingRecord, audit_citations, audit_corpus_citations, build_citation_graph
from evidence.citations.claims import claimed_figures
from evidence.schema import CitationMarker, ReferenceEntry
from extractors.references import extract_references, find_citation_markers
from support.citation_papers import STYLES, WORKS, Cite, document_record, paper, planted_paper
from support.documents import figure


def _kinds(findings):
    return [f.kind for f in findings]


@pytest.mark.parametrize("style", STYLES)
def test_planted_defects_are_found_in_every_style(style):
    planted = planted_paper(style)
    entries = extract_references(planted.doc)
    findings = audit_citations(entries, find_citation_markers(planted.doc, entries), document=5)
    assert _kinds(findings) == (["dangling_marker"] + ["uncited_reference"] * 2 + ["duplicate_reference"]
                                + ["numeric_claim"])
    dangling, uncited_a, uncited_b, duplicate, claim = findings
    assert dangling.page == 2 and dangling.quotes == ("One series described a lesion of the lateral cutaneous "
                                                      f"nerve{'' if style == 'superscript' else ' ' + planted.dangling[0]}.",)
    uncited_ns = [n for n in planted.uncited]
    assert [f.quotes[0] for f in (uncited_a, uncited_b)] == [entries[n - 1].text for n in uncited_ns]
    first, second = planted.duplicates[0]
    assert duplicate.quotes == (entries[first - 1].text, entries[second - 1].text)
    assert claim.severity == "info" and "(77%)" in claim.message
    assert all(f.document == 5 for f in findings)


def test_dangling_marker_message_names_the_number_and_the_list():
    planted = planted_paper("bracket")
    entries = extract_references(planted.doc)
    finding = audit_citations(entries, find_citation_markers(planted.doc, entries))[0]
    assert finding.message == ("marker '[9]' on page 2 cites 9, but the reference list is numbered 1-8; "
                               "check the list was read completely")


def _marker(numbers, page=1, sentence="It bled."):
    text = "[" + ", ".join(map(str, numbers)) + "]"
    return CitationMarker(page=page, start=0, end=len(text), text=text, style="bracket", sentence=sentence,
                          targets=tuple(numbers), numbers=tuple(numbers))


def _entries(families):
    return tuple(ReferenceEntry(n=i, label=str(i), text=f"{f} A. Work number {i}. J. 20{10 + i};1:1.",
                                authors=(f"{f} A",), title=f"Work number {i} on a distinct topic {f}",
                                year=2010 + i) for i, f in enumerate(families, start=1))


def test_citation_order_reports_the_first_number_cited_too_early_once():
    entries = _entries(["Zed", "Young", "Xu", "Wu", "Vance", "Ure"])
    markers = [_marker([1]), _marker([2]), _marker([4], page=2, sentence="Four came early."), _marker([5]),
               _marker([3]), _marker([6])]
    findings = [f for f in audit_citations(entries, markers) if f.kind == "citation_order"]
    assert [(f.page, f.message) for f in findings] == [
        (2, "reference 4 is first cited on page 2 before reference 3; numbered lists should follow the order "
            "of first citation")]


def test_alphabetical_numbered_lists_are_exempt_from_citation_order():
    entries = _entries(["Albers", "Altman", "Baron", "Cole"])
    markers = [_marker([3]), _marker([1]), _marker([4]), _marker([2])]
    assert "citation_order" not in _kinds(audit_citations(entries, markers))


def test_without_any_linked_marker_nothing_is_called_uncited():
    assert audit_citations(_entries(["Li", "Wu"]), []) == []


def test_markers_without_a_list_give_one_finding_not_one_per_marker():
    findings = audit_citations((), [_marker([1]), _marker([2])])
    assert [(f.kind, f.message) for f in findings] == [
        ("no_reference_list", "2 citation markers were found but no reference list was read; check the "
                              "document has a 'References' heading")]


@pytest.mark.parametrize(("sentence", "claims"), [
    ("Decker et al. [3] found 77% of cases were on anticoagulants.", ["77%"]),
    ("Neuropathy occurred in 28 of 44 episodes [2].", ["28 of 44"]),
    ("Neuropathy occurred in 28/44 episodes [2].", ["28/44"]),
    ("The odds ratio was 2.1 (95% CI 1.2-3.4) [2].", []),
    ("In our series, 12 of 30 patients recovered [2].", []),
    ("Recovery took months [4, 7].", []),
    ("Follow-up ran from 03/2019 to 12/2020 [2].", []),
])
def test_claimed_figures_are_conservative(sentence, claims):
    assert [c.text for c in claimed_figures(sentence, ["[3]", "[2]", "[4, 7]"])] == claims


def _record(doc_id, doc):
    entries = extract_references(doc)
    return CitingRecord(document=document_record(doc_id, doc), references=entries,
                        markers=find_citation_markers(doc, entries))


def _two_paper_corpus(review_body):
    review, _ = paper("bracket", WORKS[:3], review_body, source="review.pdf", year=2023, authors=("Achebe N",))
    decker, _ = paper("vancouver", WORKS[2:4], [Cite("Surgery is rarely needed{cite}.", (1, 2))],
                      title=WORKS[0].title, source="decker.pdf", year=2019, authors=("Decker JA", "Ruiz M"),
                      doi=WORKS[0].doi)
    return [_record(1, review), _record(2, decker)]


DECKER_FIGURES = {2: [figure(20, 26, unit="patients", concept="anticoagulant_use", outcome="on anticoagulants",
                             quote="Of 26 patients, 20 were on anticoagulants."),
                      figure(28, 44)]}


def test_claim_check_flags_a_misquoted_figure_and_one_the_work_lacks():
    body = [Cite("{narrative} found that 77% of cases were on anticoagulants.", (1,)),
            Cite("Femoral neuropathy affected 30 of 44 episodes{cite}.", (1,)),
            Cite("Femoral neuropathy affected 28 of 44 episodes{cite}.", (1,)),
            Cite("Haemophilia explains 52% of cases{cite}.", (1,)),
            Cite("Anticoagulants were used in 61% of cases{cite}.", (1,)),
            Cite("Nerve recovery took 5 of 9 months{cite}.", (1, 2))]
    records = _two_paper_corpus(body)
    findings = audit_corpus_citations(build_citation_graph(records), records, DECKER_FIGURES)
    claims = [(f.kind, f.quotes[0]) for f in findings if f.kind.startswith("claim")]
    assert claims == [
        ("claim_mismatch", "Femoral neuropathy affected 30 of 44 episodes [1]."),
        ("claim_not_found", "Haemophilia explains 52% of cases [1]."),
        ("claim_mismatch", "Anticoagulants were used in 61% of cases [1]."),
    ]
    mismatch = next(f for f in findings if f.kind == "claim_mismatch")
    assert mismatch.message == ("document 1 (Achebe 2023) says '30 of 44' on page 1 citing document 2 (Decker 2019), "
                                "which reports 28 of 44 (64%) femoral neuropathy on page 2; check which figure is right")


def test_corpus_findings_for_dates_self_citation_isolation_and_snowballing():
    records = _two_paper_corpus([Cite("Bleeding recurred{cite}.", (1, 2, 3))])
    lonely, _ = paper("apa", WORKS[5:6], [Cite("Weakness persisted{cite}.", (1,))], source="lonely.pdf",
                      year=2010, title="Quadriceps strength after hip surgery", authors=("Ito K",))
    records.append(_record(3, lonely))
    decker = records[1]
    # Decker's paper, dated 2022, may cite Okafor 2021: only the self-citation is left to find.
    records[1] = dataclasses.replace(decker, document=dataclasses.replace(decker.document, year=2022))
    findings = audit_corpus_citations(build_citation_graph(records), records, {})
    assert [(f.kind, f.document) for f in findings] == [
        ("not_ingested", None), ("isolated_document", 3), ("impossible_date", 3), ("self_citation", 2)]
    not_ingested, _, late, own = findings
    assert not_ingested.message.startswith("cited by 2 corpus documents (1, 2) but not ingested: Lindqvist E. "
                                           "Conservative versus surgical management")
    assert late.message.startswith("document 3 (Ito 2010), dated 2010, cites Van Houten 2018, dated 2018")
    assert own.message == "document 2 (Decker 2022) cites Okafor 2021, which shares the author decker"


def test_an_alphabetical_list_with_a_few_misread_authors_is_still_exempt_from_citation_order():
    # Seretny et al. (Pain 2014): "Cancer Research UK" and "National Cancer Institute" sort by
    # their own words, out of their place among the authors.
    families = ["Albers", "Altman", "Argyriou", "Attal", "Baldwin", "Boland", "Booth", "Research", "Cascinu",
                "Cavaletti", "Chaudhry", "Colvin", "Costigan", "Dimopoulos", "Egger", "Fallon", "Gandara",
                "Ghoreishi", "Moher", "Institute", "Pace", "Park", "Rao", "Sterne", "Turner", "Zedan"]
    entries = _entries(families)
    markers = [_marker([n]) for n in (17, 3, 9, 1, 25, 2)]
    assert "citation_order" not in _kinds(audit_citations(entries, markers))
