"""Numbers and names that stand in a paper without citing anything: by-lines, affiliations,
"How to cite this article" lines, copyright and date lines, running headers."""

from __future__ import annotations

import pytest

from evidence.schema import DocumentMetadata, Page, ParsedDocument, ReferenceEntry
from extractors.references import extract_references, find_citation_markers
from support.citation_papers import PLANTED_BODY, PLANTED_WORKS, paper, planted_paper

AFFILIATIONS = ("Department of Surgery, University of Leeds, Leeds, UK",
                "School of Medicine, Monash University, Melbourne, Australia")


@pytest.mark.parametrize("front_section", [True, False])
def test_affiliation_numbers_of_authors_are_not_citations(front_section):
    doc, _ = paper("superscript", PLANTED_WORKS, PLANTED_BODY, authors=("Ann Achebe", "Otto Brandt", "Lee C"),
                   affiliations=AFFILIATIONS, front_section=front_section)
    markers = find_citation_markers(doc, extract_references(doc))
    assert tuple(tuple(sorted(m.targets)) for m in markers) == planted_paper("superscript").marker_targets
    assert not [m.sentence for m in markers if "University" in m.sentence]


def _author_year_doc(*page_texts: str) -> ParsedDocument:
    return ParsedDocument(source="p.pdf", sha256="2" * 64, file_type="pdf", size_bytes=1, metadata=DocumentMetadata(),
                          pages=tuple(Page(number=i, text=t) for i, t in enumerate(page_texts, start=1)))


_ENTRIES = (
    ReferenceEntry(n=1, text="Kim J, Gerstein M. 2007. Networks. J 1:1.", authors=("Kim J", "Gerstein M"), year=2007),
    ReferenceEntry(n=2, text="Yang Z. 2007. PAML 4. Mol Biol Evol 24:1586.", authors=("Yang Z",), year=2007),
)


def _found(*page_texts: str) -> list[str]:
    return [m.text for m in find_citation_markers(_author_year_doc(*page_texts), _ENTRIES)]


@pytest.mark.parametrize("line", [
    ("How to cite this article Webb et al. (2017), VESPA: Very large-scale Evolutionary and Selective "
     "Pressure Analyses. PeerJ Comput. Sci. 3:e118"),
    "Copyright 2017 Webb et al. (2017). Distributed under Creative Commons CC-BY 4.0",
    "© 2017 The authors; a companion to Webb et al. (2017)",
    "Received 12 May 2016, accepted 3 April 2017; see Webb et al. (2017)",
])
def test_author_year_mentions_in_margin_lines_are_not_citations(line):
    assert _found(f"Codeml is part of PAML (Yang, 2007).\n\n{line}\n") == ["(Yang, 2007)"]


def test_a_body_line_opening_with_a_margin_word_still_cites():
    assert _found("Each alignment\nreceived a tree as Yang (2007) advised.\n") == ["Yang (2007)"]


def test_author_year_mentions_in_running_headers_are_not_citations():
    header = "Webb et al. (2017), PeerJ Comput. Sci., DOI 10.7717/peerj-cs.118"
    pages = [f"{header}\nPage {n} of the methods.\n" for n in (2, 3, 4)]
    pages[1] += "Networks were compared (Kim and Gerstein, 2007).\n"
    assert _found(*pages) == ["(Kim and Gerstein, 2007)"]
