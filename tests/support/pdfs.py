"""Builders of small, realistic PDFs (and broken files) for the parser and ingest tests.

Every builder writes one file and returns its path. The pages are laid out line by line with
PyMuPDF, so a test knows exactly which sentence sits where: a full-width title and abstract
above two columns, a running header, a running footer with the page number, a superscript
citation marker right after a number, a word hyphenated at a line end, a ruled and an unruled
table, a reference list. Nothing is random and nothing is read from disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf

__all__ = [
    "A4",
    "BMJ_REFERENCES",
    "HEADER",
    "MARKER_LINES",
    "TITLE",
    "DOI",
    "RULED_TABLE",
    "TEXT_TABLE",
    "bmj_style_paper",
    "corrupt_pdf",
    "empty_file",
    "encrypted_pdf",
    "figure_page_paper",
    "html_named_pdf",
    "image_only_pdf",
    "marker_spacing_pdf",
    "multi_page_paper",
    "ruled_table_pdf",
    "truncated_pdf",
    "two_column_paper",
]

A4 = (595.0, 842.0)
MARGIN = 50.0
GUTTER = 20.0
BODY_SIZE = 10.0
LEADING = 13.0
HEADER = "Journal of Haemophilia Research 2019; 25: 112-118"
FOOTER = "Lindqvist et al. Iliopsoas haematoma in haemophilia"
TITLE = "Iliopsoas haematoma and femoral nerve palsy in haemophilia: a retrospective case series"
DOI = "10.1234/jhr.2019.0112"

# A line is a list of runs; a run is (text, kind) where kind is "body", "bold" or "sup".
Line = Sequence[tuple[str, str]]

RULED_TABLE = (
    ("Cause", "Patients", "Femoral nerve", "LFCN"),
    ("Haemophilia", "16", "15", "9"),
    ("Anticoagulant", "9", "8", "5"),
    ("Trauma", "3", "2", "1"),
)
TEXT_TABLE = (
    ("Outcome", "Episodes", "Percent"),
    ("Full recovery", "30", "68.2"),
    ("Partial recovery", "11", "25.0"),
    ("Persistent palsy", "3", "6.8"),
)


def _b(text: str) -> list[tuple[str, str]]:
    return [(text, "body")]


def _h(text: str) -> list[tuple[str, str]]:
    return [(text, "bold")]


def _write_line(page: pymupdf.Page, x: float, y: float, runs: Line, size: float = BODY_SIZE) -> None:
    for text, kind in runs:
        font = "hebo" if kind == "bold" else "helv"
        if kind == "sup":
            # Typeset like a journal: two thirds of the size, baseline raised by a third.
            small = size * 0.65
            page.insert_text((x, y - size * 0.33), text, fontsize=small, fontname="helv")
            x += pymupdf.get_text_length(text, fontname="helv", fontsize=small)
        else:
            page.insert_text((x, y), text, fontsize=size, fontname=font)
            x += pymupdf.get_text_length(text, fontname=font, fontsize=size)


def _column(page: pymupdf.Page, x: float, y: float, lines: Sequence[Line]) -> float:
    for runs in lines:
        if runs:
            _write_line(page, x, y, runs)
        y += LEADING
    return y


def _running_matter(page: pymupdf.Page, number: int) -> None:
    width, height = page.rect.width, page.rect.height
    page.insert_text((MARGIN, 32), HEADER, fontsize=8, fontname="helv")
    page.insert_text((MARGIN, height - 28), FOOTER, fontsize=8, fontname="helv")
    page.insert_text((width - MARGIN - 15, height - 28), str(111 + number), fontsize=8, fontname="helv")


def _ruled_table(page: pymupdf.Page, top: float, rows: Sequence[Sequence[str]] = RULED_TABLE,
                 widths: Sequence[float] = (150.0, 100.0, 120.0, 80.0), caption_row: str = "") -> None:
    """A grid of rules with ``rows`` in it; ``caption_row`` is printed inside the grid's first
    row, across all columns (as the BMJ prints captions in a shaded band)."""
    row_h = 18.0
    left = MARGIN
    right = left + sum(widths)
    grid_top = top
    if caption_row:
        page.draw_line((left, top), (right, top), width=0.6)
        page.insert_text((left + 4, top + 13), caption_row, fontsize=9, fontname="hebo")
        grid_top = top + row_h
    bottom = grid_top + row_h * len(rows)
    for r in range(len(rows) + 1):
        page.draw_line((left, grid_top + r * row_h), (right, grid_top + r * row_h), width=0.6)
    x = left
    for w in (0.0, *widths):
        x += w
        page.draw_line((x, top if w in (0.0, widths[-1]) and x in (left, right) else grid_top), (x, bottom), width=0.6)
    for r, row in enumerate(rows):
        x = left
        for w, cell in zip(widths, row):
            page.insert_text((x + 4, grid_top + r * row_h + 13), cell, fontsize=9, fontname="helv")
            x += w


def _text_table(page: pymupdf.Page, x: float, top: float) -> None:
    columns = (0.0, 100.0, 160.0)
    for r, row in enumerate(TEXT_TABLE):
        for offset, cell in zip(columns, row):
            page.insert_text((x + offset, top + r * 14), cell, fontsize=9, fontname="hebo" if r == 0 else "helv")


PAGE1_LEFT: tuple[Line, ...] = (
    _h("1. Introduction"),
    _b("Bleeding into the iliopsoas muscle is a serious"),
    _b("event in people with haemophilia. The haema-"),
    _b("toma can compress the femoral nerve where it"),
    _b("passes beneath the inguinal ligament."),
    (),
    _h("2. Methods"),
    _b("We searched the records of our centre for all"),
    _b("episodes of iliopsoas bleeding confirmed by"),
    _b("ultrasound or computed tomography."),
)
PAGE1_RIGHT: tuple[Line, ...] = (
    _h("3. Results"),
    [("Femoral neuropathy complicated 28 of 44 episodes", "body"), ("12", "sup"), (",", "body")],
    _b("a rate similar to earlier series. Most post-"),
    _b("operative courses were uneventful."),
    (),
    _b("Sensory loss in the thigh was the first sign in"),
    _b("most patients."),
)
PAGE2_LEFT: tuple[Line, ...] = (
    [("Lateral femoral cutaneous nerve palsy affected", "body")],
    [("15 of 28 patients", "body"), ("3", "sup"), (".", "body")],
)
PAGE2_RIGHT: tuple[Line, ...] = (
    _h("4. Discussion"),
    _b("Early recognition of femoral nerve palsy allows"),
    _b("timely factor replacement."),
)
PAGE3_LEFT: tuple[Line, ...] = (
    _h("5. Conclusion"),
    _b("Iliopsoas haematoma should be suspected in"),
    _b("every patient with haemophilia and hip pain."),
)
PAGE3_RIGHT: tuple[Line, ...] = (
    _h("References"),
    _b("1. Fernandez-Palazzi F, Hernandez SR, De"),
    _b("Bosch NB. Hematomas within the iliopsoas"),
    _b("muscles in hemophilic patients. Clin Orthop"),
    _b("Relat Res 1996;328:19-24."),
    _b("2. Balkan C, Kavakli K, Karapinar D."),
    _b("Iliopsoas haemorrhage in patients with"),
    _b("haemophilia. Haemophilia 2005;11:463-7."),
)


def two_column_paper(path: str | Path, *, title: str = TITLE, doi: str = DOI, metadata_title: str = "") -> Path:
    """A three-page two-column case series with everything the PDF parser must handle.

    Page 1: running header, full-width bold title, authors, DOI line, full-width structured
    abstract, then Introduction and Methods in the left column and Results (with the marker
    "12" after "44 episodes" and "haema-/toma" hyphenation) in the right. Page 2: more results,
    Discussion and a ruled table ("Table 1"). Page 3: Conclusion, an unruled table ("Table 2")
    and a numbered reference list. Every page has the running header and a footer with the
    page number (112, 113, 114).
    """
    path = Path(path)
    doc = pymupdf.open()
    doc.set_metadata({"title": metadata_title, "author": "", "creationDate": "D:20190304120000"})
    width, height = A4
    col_w = (width - 2 * MARGIN - GUTTER) / 2
    right_x = MARGIN + col_w + GUTTER

    page = doc.new_page(width=width, height=height)
    _running_matter(page, 1)
    words, lines, current = title.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if pymupdf.get_text_length(candidate, fontname="hebo", fontsize=16) > width - 2 * MARGIN:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    y = 80.0
    for line in lines:
        page.insert_text((MARGIN, y), line, fontsize=16, fontname="hebo")
        y += 20
    page.insert_text((MARGIN, y + 4), "Maria K. Lindqvist, Tomas Berg and Ana P. Ferreira", fontsize=10, fontname="helv")
    page.insert_text((MARGIN, y + 18), f"https://doi.org/{doi}", fontsize=8, fontname="helv")
    y += 48
    page.insert_text((MARGIN, y), "Abstract", fontsize=11, fontname="hebo")
    y = _column(page, MARGIN, y + 16, (
        _b("Background: Iliopsoas haematoma is a recognised complication of haemophilia. Methods: We reviewed"),
        _b("all episodes treated at one centre between 2005 and 2018. Results: Femoral neuropathy occurred in 28 of"),
        _b("44 episodes. Conclusions: Nerve palsy is common and usually recovers."),
    ))
    top = y + 14
    _column(page, MARGIN, top, PAGE1_LEFT)
    _column(page, right_x, top, PAGE1_RIGHT)

    page = doc.new_page(width=width, height=height)
    _running_matter(page, 2)
    _column(page, MARGIN, 80, PAGE2_LEFT)
    _column(page, right_x, 80, PAGE2_RIGHT)
    page.insert_text((MARGIN, 160), "Table 1. Nerve involvement by cause of bleeding", fontsize=9, fontname="hebo")
    _ruled_table(page, 168)

    page = doc.new_page(width=width, height=height)
    _running_matter(page, 3)
    y = _column(page, MARGIN, 80, PAGE3_LEFT)
    page.insert_text((MARGIN, y + 10), "Table 2. Outcome at 12 months", fontsize=9, fontname="hebo")
    _text_table(page, MARGIN, y + 28)
    _column(page, right_x, 80, PAGE3_RIGHT)

    doc.save(path)
    return path


def multi_page_paper(path: str | Path, pages: int = 3) -> Path:
    """A single-column paper of ``pages`` pages, each with the running header, footer and number.

    Page k reads "Page k reports 3 of 10 patients with a femoral nerve palsy." so a test can
    check the order and completeness of pages cheaply; large ``pages`` builds quickly.
    """
    path = Path(path)
    doc = pymupdf.open()
    doc.set_metadata({"title": "Femoral nerve palsy after iliopsoas bleeding", "creationDate": "D:20200101000000"})
    for k in range(1, pages + 1):
        page = doc.new_page(width=A4[0], height=A4[1])
        _running_matter(page, k)
        page.insert_text((MARGIN, 90), f"Page {k} reports 3 of 10 patients with a femoral nerve palsy.", fontsize=BODY_SIZE, fontname="helv")
    doc.save(path)
    return path


def image_only_pdf(path: str | Path, text: str = "Femoral nerve palsy was found in 25 of 28 patients.") -> Path:
    """One page holding only a scanned image of ``text`` (no text layer), as a scanner makes it."""
    path = Path(path)
    source = pymupdf.open()
    scratch = source.new_page(width=A4[0], height=200)
    scratch.insert_text((40, 100), text, fontsize=16, fontname="helv")
    pixmap = scratch.get_pixmap(dpi=200)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(pymupdf.Rect(0, 0, A4[0], 200), pixmap=pixmap)
    doc.save(path)
    return path


def encrypted_pdf(path: str | Path, user_password: str = "secret") -> Path:
    """A valid one-page PDF that opens only with ``user_password``."""
    path = Path(path)
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Confidential case series.", fontsize=11)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_password, owner_pw=user_password + "-owner")
    return path


def corrupt_pdf(path: str | Path) -> Path:
    """A complete-looking file (PDF header, %%EOF trailer) whose body is noise MuPDF cannot repair."""
    path = Path(path)
    noise = bytes((i * 73 + 41) % 256 for i in range(4096))
    path.write_bytes(b"%PDF-1.7\n" + noise + b"\n%%EOF\n")
    return path


def truncated_pdf(path: str | Path) -> Path:
    """The first half of a valid two-column paper, as an interrupted download leaves it."""
    path = Path(path)
    whole = two_column_paper(path).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def empty_file(path: str | Path) -> Path:
    """A file of zero bytes."""
    path = Path(path)
    path.write_bytes(b"")
    return path


def html_named_pdf(path: str | Path) -> Path:
    """An HTML landing page saved under a .pdf name, as publishers' download links often give."""
    path = Path(path)
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>Access denied</title></head>"
        "<body><p>Please sign in to download this article.</p></body></html>\n",
        encoding="utf-8",
    )
    return path


# Each line: runs as in ``Line``, the "sup" run typeset the way MuPDF reports it back.
MARKER_LINES: tuple[Line, ...] = (
    # The word space after a marker inside the marker's own run, flagged superscript with it.
    [("Bleeding compressed the femoral artery", "body"), ("12 ", "sup"), ("in the thigh.", "body")],
    # The word space at the start of the next run.
    [("It spread along the psoas", "body"), ("3", "sup"), (" muscle in 7 patients.", "body")],
    # A marker before punctuation: nothing between.
    [("Palsy followed in 28 of 44 episodes", "body"), ("4,5", "sup"), (".", "body")],
)


def marker_spacing_pdf(path: str | Path) -> Path:
    """One page with MARKER_LINES, one paragraph a line."""
    path = Path(path)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    for k, runs in enumerate(MARKER_LINES):
        _write_line(page, MARGIN, 100 + 30 * k, runs)
    doc.save(path)
    return path


def ruled_table_pdf(path: str | Path, rows: Sequence[Sequence[str]], *, caption: str,
                    caption_in_table: bool = False) -> Path:
    """One page: a sentence, a ruled table of ``rows`` with ``caption`` above it (or inside
    its first row), and a sentence below."""
    path = Path(path)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((MARGIN, 90), "Table 1 summarises the cohort of 36 patients.", fontsize=BODY_SIZE, fontname="helv")
    widths = (200.0,) + (90.0,) * (len(rows[0]) - 1)
    if caption_in_table:
        _ruled_table(page, 120, rows, widths, caption_row=caption)
    else:
        page.insert_text((MARGIN, 130), caption, fontsize=9, fontname="hebo")
        _ruled_table(page, 138, rows, widths)
    page.insert_text((MARGIN, 420), "Femoral neuropathy was found in 14 of 36 patients.", fontsize=BODY_SIZE,
                     fontname="helv")
    doc.save(path)
    return path


# Entries of a reference list printed without a heading, label apart from the text (BMJ).
BMJ_REFERENCES = (
    ("1", "Balkan C, Kavakli K, Karapinar D. Iliopsoas haemorrhage in patients", "with haemophilia. Haemophilia 2005;11:463-7."),
    ("2", "Fernandez-Palazzi F, Hernandez SR. Hematomas within the iliopsoas", "muscles. Clin Orthop Relat Res 1996;328:19-24."),
    ("3", "Li Y, Chen J. Femoral nerve palsy after iliopsoas haematoma: a series", "of 28 patients. J Neurol Sci 2023;44:101-9."),
)


def bmj_style_paper(path: str | Path) -> Path:
    """Two single-column pages in the BMJ's manner: bold headings run into their paragraph
    ("Methods. We..."), a numbered list inside Methods, back matter as a series of run-in
    labels, then BMJ_REFERENCES with no References heading, in 8 pt, the last entry running
    into the bottom margin above the page number."""
    path = Path(path)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((MARGIN, 80), "Femoral nerve palsy after iliopsoas bleeding: a cohort study", fontsize=16, fontname="hebo")
    _column(page, MARGIN, 130, (
        _h("Introduction"),
        _b("Iliopsoas bleeding can compress the femoral nerve."),
        (),
        [("Methods.", "bold"), (" We included patients who met three criteria:", "body")],
        _b("1. a bleed confirmed by computed tomography;"),
        _b("2. an age of 18 years or more;"),
        _b("3. follow-up for a year."),
        (),
        [("Results:", "bold"), (" femoral neuropathy occurred in 14 of 36 patients.", "body")],
        (),
        _h("Discussion"),
        _b("Palsy is common after iliopsoas bleeding."),
    ))
    page.insert_text((A4[0] - MARGIN - 10, A4[1] - 28), "1", fontsize=8, fontname="helv")
    page = doc.new_page(width=A4[0], height=A4[1])
    _column(page, MARGIN, 80, (
        [("Contributors:", "bold"), (" all authors wrote the paper.", "body")],
        [("Funding:", "bold"), (" none.", "body")],
        [("Competing interests:", "bold"), (" none declared.", "body")],
    ))
    y = A4[1] - 140
    for label, first, second in BMJ_REFERENCES:
        y += 10 if label == "3" else 0
        page.insert_text((MARGIN, y), label, fontsize=8, fontname="helv")
        page.insert_text((MARGIN + 14, y), first, fontsize=8, fontname="helv")
        page.insert_text((MARGIN + 14, y + 10), second, fontsize=8, fontname="helv")
        y += 40 if label == "2" else 20
    page.insert_text((A4[0] - MARGIN - 10, A4[1] - 28), "2", fontsize=8, fontname="helv")
    doc.save(path)
    return path


def figure_page_paper(path: str | Path) -> Path:
    """Two pages: text, then a page holding only a picture (a figure, no text layer)."""
    path = Path(path)
    scan = image_only_pdf(Path(path).with_suffix(".scan.pdf"))
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((MARGIN, 90), "Figure 1 shows the haematoma on computed tomography.", fontsize=BODY_SIZE,
                     fontname="helv")
    with pymupdf.open(scan) as source:
        doc.insert_pdf(source)
    scan.unlink()
    doc.save(path)
    return path
