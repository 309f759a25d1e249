"""parse_file: dispatch by extension, limits, and one clear error per kind of bad input."""

from __future__ import annotations

import hashlib

import pytest

from evidence.errors import EncryptedPdf, ExtractionError, LimitExceeded, UnreadablePdf, UnsupportedFile
from extractors.parse import MEGABYTE, SUPPORTED_SUFFIXES, ParseOptions, parse_file
from support import pdfs


@pytest.mark.parametrize("build, error, reason", [
    (pdfs.encrypted_pdf, EncryptedPdf,
     "the PDF is encrypted and needs a password; save an unprotected copy (e.g. qpdf --decrypt) and ingest that"),
    (pdfs.corrupt_pdf, UnreadablePdf,
     "the PDF is corrupt and cannot be opened (Failed to open stream); download it again, or repair it with qpdf "
     "and ingest the copy"),
    (pdfs.truncated_pdf, UnreadablePdf, "the PDF is truncated (no %%EOF end marker); download it again"),
    (pdfs.empty_file, UnreadablePdf, "the file is empty (0 bytes)"),
    (pdfs.html_named_pdf, UnsupportedFile,
     "the file is an HTML page, not a PDF (a publisher's landing or login page?); download the PDF itself"),
])
def test_each_bad_pdf_raises_its_own_error_with_one_line(tmp_path, build, error, reason):
    path = build(tmp_path / "bad.pdf")
    with pytest.raises(error) as caught:
        parse_file(path, source="papers/bad.pdf")
    assert str(caught.value) == f"papers/bad.pdf: {reason}"
    assert caught.value.path == "papers/bad.pdf"


def test_a_pdf_without_its_header_is_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"Iliopsoas haematoma case notes\n%%EOF\n")
    with pytest.raises(UnsupportedFile, match=r"notes\.pdf: the file is not a PDF \(it has no %PDF- header\)$"):
        parse_file(path)


def test_unsupported_extension_names_the_supported_ones(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFile) as caught:
        parse_file(path)
    assert str(caught.value) == f"{path}: unsupported file type '.docx'; evidence reads .pdf, .txt, .md, .html, .htm"


def test_page_limit_is_checked_before_reading_pages(tmp_path):
    path = pdfs.multi_page_paper(tmp_path / "long.pdf", pages=3)
    with pytest.raises(LimitExceeded) as caught:
        parse_file(path, ParseOptions(max_pages=2), source="long.pdf")
    assert str(caught.value) == "long.pdf: the PDF has 3 pages, more than the --max-pages limit of 2; raise --max-pages to ingest it"


def test_size_limit_names_the_cli_flag_in_its_unit(tmp_path):
    path = tmp_path / "series.txt"
    path.write_bytes(b"x" * (3 * MEGABYTE // 2))
    with pytest.raises(LimitExceeded) as caught:
        parse_file(path, ParseOptions(max_bytes=MEGABYTE), source="series.txt")
    assert str(caught.value) == "series.txt: the file is 1.5 MB, larger than the --max-mb limit of 1 MB; raise --max-mb to ingest it"


def test_a_size_limit_set_in_bytes_is_still_stated_in_megabytes(tmp_path):
    path = tmp_path / "series.txt"
    path.write_bytes(b"x" * (3 * MEGABYTE // 4))
    with pytest.raises(LimitExceeded) as caught:
        parse_file(path, ParseOptions(max_bytes=MEGABYTE // 2), source="series.txt")
    assert str(caught.value) == "series.txt: the file is 768.0 KB, larger than the --max-mb limit of 0.5 MB; raise --max-mb to ingest it"


def test_source_hash_and_size_describe_the_file(tmp_path):
    path = pdfs.multi_page_paper(tmp_path / "a.pdf", pages=1)
    data = path.read_bytes()
    parsed = parse_file(path)
    assert (parsed.source, parsed.sha256, parsed.size_bytes) == (str(path), hashlib.sha256(data).hexdigest(), len(data))
    assert parse_file(path, source="corpus/a.pdf").source == "corpus/a.pdf"


def test_suffix_is_matched_case_insensitively(tmp_path):
    path = tmp_path / "CASE.TXT"
    path.write_text("Femoral nerve palsy in 25 of 28 patients.\n", encoding="utf-8")
    assert parse_file(path).file_type == "txt"
    assert SUPPORTED_SUFFIXES == (".pdf", ".txt", ".md", ".html", ".htm")


@pytest.mark.parametrize("kwargs, message", [
    ({"ocr": "sometimes"}, "'ocr' must be one of auto, never, always (got 'sometimes')"),
    ({"max_pages": 0}, "'max_pages' must be a whole number >= 1 (got 0)"),
    ({"max_bytes": 1.5}, "'max_bytes' must be a whole number >= 1 (got 1.5)"),
    ({"ocr_dpi": 30}, "'ocr_dpi' must be a whole number from 72 to 1200 (got 30)"),
    ({"ocr_language": "en g"}, "'ocr_language' must be Tesseract language codes such as eng or eng+deu (got 'en g')"),
    ({"text_tables": "slow"}, "'text_tables' must be one of fast, pymupdf (got 'slow')"),
    ({"ruled_tables": "lines"}, "'ruled_tables' must be one of fast, pymupdf (got 'lines')"),
])
def test_options_are_validated_when_built(kwargs, message):
    with pytest.raises(ExtractionError) as caught:
        ParseOptions(**kwargs)
    assert str(caught.value) == message


@pytest.mark.parametrize("name, content", [("empty.txt", b""), ("blank.md", b"  \n\n\t\n")])
def test_an_empty_text_file_is_refused_like_an_empty_pdf(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnsupportedFile) as caught:
        parse_file(path)
    assert str(caught.value) == f"{path}: the file is empty (no text); nothing to ingest"
