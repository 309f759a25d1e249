"""Title, authors, year, journal and DOI from metadata strings and first-page lines."""

from __future__ import annotations

import pytest

from extractors.metadata import (
    TextLine,
    find_doi,
    find_journal,
    find_year,
    format_author,
    is_junk_title,
    parse_author_line,
    read_metadata,
)


@pytest.mark.parametrize("text, doi", [
    ("Available at https://doi.org/10.1186/s12916-014-0161-y.", "10.1186/s12916-014-0161-y"),
    ("(doi:10.1016/S0140-6736(20)30183-5)", "10.1016/S0140-6736(20)30183-5"),
    ("cite as 10.1136/bmj.h2145;", "10.1136/bmj.h2145"),
    ("no identifier here", None),
])
def test_find_doi_trims_trailing_punctuation_but_keeps_balanced_parentheses(text, doi):
    assert find_doi(text) == doi


def test_a_labelled_doi_wins_over_an_earlier_bare_one():
    assert find_doi("see 10.1000/other.1 and doi: 10.1234/jhr.2019.0112") == "10.1234/jhr.2019.0112"


@pytest.mark.parametrize("text, year", [
    ("Dodd et al. BMC Medicine 2014, 12:161", 2014),
    ("BMJ 2015;350:h2145", 2015),
    ("Pain 155 (2014) 2461-2470", 2014),
    ("Received 3 May 2012. Published online: 12 March 2013", 2013),
    ("\u00a9 2016 The Author(s)", 2016),
    ("Patients seen between 2005 and 2018", None),
])
def test_find_year(text, year):
    assert find_year(text) == year


@pytest.mark.parametrize("text, journal", [
    ("Dodd et al. BMC Medicine 2014, 12:161", "BMC Medicine"),
    ("Journal of Trauma Management & Outcomes 2010 4:1. doi:10.1186/1752-2897-4-1",
     "Journal of Trauma Management & Outcomes"),
    ("Pain, 155 (2014) 2461-2470. doi:10.1016/j.pain.2014.09.020", "Pain"),
    ("We reviewed 44 episodes.", None),
])
def test_find_journal(text, journal):
    assert find_journal(text) == journal


@pytest.mark.parametrize("name, formatted", [
    ("Maria K. Lindqvist", "Lindqvist MK"),
    ("Lindqvist, Maria K.", "Lindqvist MK"),
    ("Lars-Göran Nilsson", "Nilsson LG"),
    ("Dirk M. van der Meer", "van der Meer DM"),
    ("Ana P. Ferreira MD PhD", "Ferreira AP"),
    ("Department of Surgery", None),
    ("Cambridge", None),
])
def test_format_author(name, formatted):
    assert format_author(name) == formatted


def test_parse_author_line_reads_names_and_refuses_affiliations():
    assert parse_author_line("Maria K. Lindqvist1*, Tomas Berg2 and Ana P. Ferreira1,3") == (
        "Lindqvist MK", "Berg T", "Ferreira AP")
    assert parse_author_line("1Department of Haematology, Karolinska University Hospital, Stockholm, Sweden") == ()


@pytest.mark.parametrize("title, junk", [
    ("INES_A_1194274_O", True),
    ("ipg1300180a", True),
    ("untitled", True),
    ("Microsoft Word - iliopsoas final.doc", True),
    ("", True),
    ("Iliopsoas haematoma and femoral nerve palsy", False),
])
def test_is_junk_title(title, junk):
    assert is_junk_title(title) is junk


def test_read_metadata_takes_the_largest_type_as_title_and_the_line_below_as_authors():
    lines = [
        TextLine("Journal of Haemophilia Research 2019; 25: 112-118", 8, 23, 34),
        TextLine("ORIGINAL ARTICLE", 18, 40, 60, bold=True),
        TextLine("Iliopsoas haematoma and femoral nerve palsy in", 16, 70, 88, bold=True),
        TextLine("haemophilia: a retrospective case series", 16, 90, 108, bold=True),
        TextLine("Maria K. Lindqvist1, Tomas Berg2", 10, 115, 127),
        TextLine("Department of Haematology, Karolinska University Hospital", 8, 130, 140),
    ]
    meta = read_metadata({"title": "ipg1300180a", "author": "Cambridge Journals"}, lines, 842,
                         "\n".join(line.text for line in lines) + "\nhttps://doi.org/10.1234/jhr.2019.0112.")
    assert meta.title == "Iliopsoas haematoma and femoral nerve palsy in haemophilia: a retrospective case series"
    assert meta.authors == ("Lindqvist MK", "Berg T")
    assert (meta.year, meta.journal, meta.doi) == (2019, "Journal of Haemophilia Research", "10.1234/jhr.2019.0112")


@pytest.mark.parametrize("text, journal", [
    ("the\u2009bmj\u2008|\u2008BMJ 2015;350:h2415\u2008|\u2008doi: 10.1136/bmj.h2145", "BMJ"),
    ("Cite this as: BMJ 2015;350:h2145", "BMJ"),
    ("International Psychogeriatrics (2014), 26:1, 147\u2013154", "International Psychogeriatrics"),
    ("International Journal of Neuroscience, 2016; Early Online: 1\u20138", "International Journal of Neuroscience"),
    ("To cite this article: G Jelinek & D van der Meer (2015) Medication use, relapse rate and\n"
     "disability, Neurological Research, 37:8, 662-673, DOI: 10.1179/1743132815Y.0000000036", "Neurological Research"),
    ("To cite this article: F Khalid (2016): A study of gray matter, International Journal of\nNeuroscience, "
     "DOI: 10.1080/00207454.2016.1185421", "International Journal of Neuroscience"),
    ("How to cite this article Webb et al. (2017), VESPA: Very large-scale Analyses. PeerJ Comput. Sci.\n"
     "3:e118; DOI 10.7717/peerj-cs.118", "PeerJ Comput. Sci."),
    ("Critical Care Sample doi:10.1186/s13054-014-0721-8", None),
])
def test_find_journal_reads_citation_lines_and_suggested_citations(text, journal):
    assert find_journal(text) == journal


def test_a_journal_line_above_the_title_names_the_journal_and_authors_come_one_a_line():
    lines = [
        TextLine("Critical Care", 16, 40, 58),
        TextLine("This Provisional PDF corresponds to the article as it appeared upon acceptance.", 12, 90, 104),
        TextLine("Diminished adrenal sensitivity to endogenous and exogenous", 14, 140, 156),
        TextLine("adrenocorticotropic hormone in critical illness", 14, 157, 173),
        TextLine("Critical Care Sample", 12, 186, 200),
        TextLine("Margriet FC de Jong (mfc.dejong@example.org) Nienke Molenaar (nienke@example.org)", 12, 211, 225),
        TextLine("Albertus Beishuizen (b.beishuizen@example.org)", 12, 225, 239),
        TextLine("ISSN 1364-8535", 12, 300, 314),
    ]
    meta = read_metadata({}, lines, 842, "\n".join(line.text for line in lines))
    assert meta.title == "Diminished adrenal sensitivity to endogenous and exogenous adrenocorticotropic hormone in " \
                         "critical illness"
    assert meta.journal == "Critical Care"
    assert meta.authors == ("de Jong MFC", "Molenaar N", "Beishuizen A")
