"""Text, Markdown and HTML files, and the line-joining rules every parser shares."""

from __future__ import annotations

import pytest

from evidence.errors import UnsupportedFile
from extractors.parse import parse_file
from extractors.text import MARK_SPAN, Paragraph, assemble, line_separator, superscript_kind

HTML = """<!DOCTYPE html>
<html><head><title>Femoral nerve palsy &amp; iliopsoas haematoma</title>
<meta name="citation_title" content="Femoral nerve palsy after iliopsoas haematoma">
<meta name="citation_author" content="Berg, Tomas">
<meta name="citation_author" content="Ana P. Ferreira">
<meta name="citation_doi" content="10.1234/jhr.2020.0007">
<meta name="citation_publication_date" content="2020/03/01">
<style>p { color: red }</style><script>document.write("Results: 99 of 100")</script></head>
<body><!-- Results: 1 of 2 -->
<h1>Femoral nerve palsy after iliopsoas haematoma</h1>
<h2>Results</h2>
<p>Femoral neuropathy complicated 28 of 44 episodes<sup>12</sup>, and BMI was 24 kg/m<sup>2</sup>
on the 5<sup>th</sup> day &lt;median&gt;.</p>
<p>Table 1. Outcome at 12 months</p>
<table><tr><th>Outcome</th><th>n</th></tr><tr><td>Full recovery</td><td>30<sup>a</sup></td></tr></table>
<h2>References</h2>
<ol><li>Balkan C, Kavakli K. Iliopsoas haemorrhage. Haemophilia 2005;11:463-7.</li>
<li>Fernandez-Palazzi F. Hematomas. Clin Orthop 1996;328:19-24.</li></ol>
</body></html>
"""
MARKDOWN = """# Iliopsoas haematoma in anticoagulated patients

Maria K. Lindqvist, Tomas Berg

## Methods

We reviewed 28 patients<sup>3</sup> treated with warfarin. The haema-
toma was drained in **7** of them.

Table 2. Nerve involvement

| Nerve | Patients |
|---|---|
| Femoral | 25 |
| LFCN | 15 |

## References

1. Balkan C, Kavakli K. Iliopsoas haemorrhage.
Haemophilia 2005;11:463-7.
2. Fernandez-Palazzi F. Hematomas.
"""


@pytest.mark.parametrize("previous, following, expected", [
    ("The haema-", "toma was drained", (1, "")),
    ("Most post-", "operative courses", (0, "")),
    ("in non-", "haemophilic patients", (0, "")),
    ("after COVID-", "19 infection", (0, "")),
    ("the Guillain-", "Barré syndrome", (0, "")),
    ("a rate similar to", "earlier series", (0, " ")),
    ("pages 19\u2013", "24", (0, "")),
    ("haema\u00ad", "toma", (1, "")),
])
def test_line_separator(previous, following, expected):
    assert line_separator(previous, following) == expected


@pytest.mark.parametrize("lines, text", [
    (["the electro-", "co-", "agulation of the artery"], "the electrocoagulation of the artery"),
    (["a pre-", "op-", "erative scan"], "a pre-operative scan"),
    ([f"{MARK_SPAN}haema-", f"{MARK_SPAN}toma in 28 of 44"], "haematoma in 28 of 44"),
])
def test_a_word_broken_over_several_lines_joins_as_one(lines, text):
    assert assemble([Paragraph(lines)]).text == text


def test_line_separator_keeps_breaks_in_reference_lists():
    assert line_separator("Haemophilia 2005;11:463-7.", "2. Fernandez-Palazzi F.", keep_breaks=True) == (0, "\n")
    assert line_separator("Iliopsoas haemor-", "rhage in patients", keep_breaks=True) == (1, "")


@pytest.mark.parametrize("text, before, kind", [
    ("12", "28 of 44 episodes", "marker"),
    ("3-5", "as reported", "marker"),
    ("1,4", "series", "marker"),
    ("a", "Full recovery 30", "marker"),
    ("*", "Lindqvist", "marker"),
    ("2", "24 kg/m", "exponent"),
    ("9", "4.5 \u00d7 10", "exponent"),
    ("th", "on the 5", "inline"),
    ("TM", "Xarelto", "inline"),
])
def test_superscript_kind(text, before, kind):
    assert superscript_kind(text, before) == kind


def test_html_drops_scripts_styles_comments_and_keeps_markers_out(tmp_path):
    path = tmp_path / "paper.html"
    path.write_text(HTML, encoding="utf-8")
    parsed = parse_file(path)
    page = parsed.pages[0]
    assert page.text == (
        "Femoral nerve palsy after iliopsoas haematoma\n\n"
        "Results\n\n"
        "Femoral neuropathy complicated 28 of 44 episodes, and BMI was 24 kg/m^2 on the 5th day <median>.\n\n"
        "Table 1. Outcome at 12 months\n\n"
        "References\n\n"
        "Balkan C, Kavakli K. Iliopsoas haemorrhage. Haemophilia 2005;11:463-7.\n"
        "Fernandez-Palazzi F. Hematomas. Clin Orthop 1996;328:19-24."
    )
    [marker] = page.markers
    assert (marker.text, marker.char_start) == ("12", page.text.index(", and BMI"))
    assert [(t.rows, t.strategy, t.caption) for t in parsed.tables] == [
        ((("Outcome", "n"), ("Full recovery", "30")), "markup", "Table 1. Outcome at 12 months")]
    assert [s.kind for s in parsed.sections] == ["front", "results", "references"]
    meta = parsed.metadata
    assert (meta.title, meta.authors, meta.year, meta.doi) == (
        "Femoral nerve palsy after iliopsoas haematoma", ("Berg T", "Ferreira AP"), 2020, "10.1234/jhr.2020.0007")
    assert (parsed.file_type, parsed.status, parsed.paginated) == ("html", "ok", False)


def test_markdown_headings_tables_markers_and_hyphenation(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    parsed = parse_file(path)
    page = parsed.pages[0]
    assert page.text == (
        "Iliopsoas haematoma in anticoagulated patients\n\n"
        "Maria K. Lindqvist, Tomas Berg\n\n"
        "Methods\n\n"
        "We reviewed 28 patients treated with warfarin. The haematoma was drained in 7 of them.\n\n"
        "Table 2. Nerve involvement\n\n"
        "References\n\n"
        "1. Balkan C, Kavakli K. Iliopsoas haemorrhage.\nHaemophilia 2005;11:463-7.\n2. Fernandez-Palazzi F. Hematomas."
    )
    assert [(m.text, m.char_start) for m in page.markers] == [("3", page.text.index(" treated"))]
    [table] = parsed.tables
    assert (table.rows, table.caption) == ((("Nerve", "Patients"), ("Femoral", "25"), ("LFCN", "15")),
                                           "Table 2. Nerve involvement")
    assert [(s.kind, s.heading) for s in parsed.sections] == [("front", ""), ("methods", "Methods"),
                                                              ("references", "References")]
    assert parsed.metadata.title == "Iliopsoas haematoma in anticoagulated patients"
    assert parsed.metadata.authors == ("Lindqvist MK", "Berg T")
    assert parsed.metadata.year is None  # the reference list's years are other papers'


def test_plain_text_headings_paragraphs_and_legacy_encoding(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Iliopsoas haematoma after trauma\n\nABSTRACT\nFemoral nerve palsy occurred in 3 of 10 caf\xe9 "
                     b"workers.\n\nResults\nThe haema-\ntoma resolved in non-\noperative cases.\n")
    parsed = parse_file(path)
    assert parsed.pages[0].text == (
        "Iliopsoas haematoma after trauma\n\nABSTRACT\n\nFemoral nerve palsy occurred in 3 of 10 café workers.\n\n"
        "Results\n\nThe haematoma resolved in non-operative cases."
    )
    assert [s.kind for s in parsed.sections] == ["front", "abstract", "results"]
    assert parsed.metadata.title == "Iliopsoas haematoma after trauma"


@pytest.mark.parametrize("content, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the content is a PNG image, not text"),
    (b"Femoral\x00nerve\x00", "the content is binary (it holds NUL bytes), not text; check what the file really is"),
    (b"%PDF-1.7\n", "the content is a PDF, not text; rename it .pdf"),
])
def test_binary_content_under_a_text_name_is_refused(tmp_path, content, reason):
    path = tmp_path / "figure.txt"
    path.write_bytes(content)
    with pytest.raises(UnsupportedFile) as caught:
        parse_file(path, source="figure.txt")
    assert str(caught.value) == f"figure.txt: {reason}"
