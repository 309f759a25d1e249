"""Bibliographic facts (title, authors, year, journal, DOI, PMID) from metadata and first pages.

PDF metadata is often empty or junk (a typesetter's file name, "untitled", "Microsoft Word -
x.doc"), so the first page decides what metadata cannot: the title is the largest type near
the top, the authors the name list just under it, the DOI and year what the page prints.
Everything here is a pure function of strings and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from evidence.schema import DocumentMetadata

__all__ = [
    "TextLine",
    "find_doi",
    "find_journal",
    "find_pmid",
    "find_year",
    "format_author",
    "is_junk_title",
    "parse_author_line",
    "read_metadata",
    "read_text_metadata",
]


@dataclass(frozen=True)
class TextLine:
    """One line of a first page as laid out: its text, type size, weight and vertical place."""

    text: str
    size: float
    y0: float
    y1: float
    bold: bool = False


_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_DOI_LABELLED = re.compile(r"(?:doi\s*:?\s*|doi\.org/)(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{6,9})\b")
_YEAR = r"((?:19|20)\d{2})"
# In order of trust: a citation line ("2014, 12:161", "2015;350:h2145", "155 (2014) 2461"),
# then publication and copyright statements.
_YEAR_PATTERNS = (
    re.compile(rf"\b{_YEAR}\s*[;,]?\s*(?:vol\.?\s*)?\d+\s*(?:\(\d+\))?\s*[:,]\s*[A-Za-z]?\d+"),
    re.compile(rf"\b\d+\s*\({_YEAR}\)\s*\d+"),
    re.compile(rf"\bPublished(?:\s+online)?\s*:?\s*(?:\w+\s+){{0,3}}?{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"(?:\u00a9|\(c\)|copyright)\s*(?:the authors?\s*)?{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\bAccepted\s*:?\s*(?:\w+\s+){{0,3}}?{_YEAR}\b", re.IGNORECASE),
)
_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft word\b|document\d*|title|paper)|\.(?:docx?|pdf|tex|indd|qxd)\b",
                         re.IGNORECASE)
_LABELS = frozenset({
    "research", "research article", "open access", "research open access", "research article open access",
    "original article", "original research", "original paper", "review", "review article", "article",
    "case report", "brief report", "short communication", "letter", "editorial", "study protocol",
    "systematic review", "clinical study", "clinical trial", "methodology", "commentary", "original research paper",
    "comprehensive review", "research paper", "open access article",
})
_DEGREES = frozenset({"md", "phd", "msc", "bsc", "mbbs", "frcp", "frcs", "mph", "rn", "dphil", "ma", "ba",
                      "mbchb", "frcpc", "facp", "mrcp", "dr", "prof", "mb", "bs", "bch", "do", "pharmd", "ms"})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "le", "la", "dos", "ter"})
_NAME_TOKEN = re.compile(r"^[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.\-]*$")
# A journal's own citation line, in order of trust: "BMC Medicine 2014, 12:161", "BMJ
# 2015;350:h2145", "International Journal of Neuroscience, 2016; Early Online: 1-8"; "Pain, 155
# (2014) 2461"; "International Psychogeriatrics (2014), 26:1, 147-154".
_JOURNAL_CITATION = (
    re.compile(rf"^(?P<journal>[A-Z][\w&.,'()\- ]{{2,80}}?)[,.]?\s+{_YEAR}\s*[;,]?\s*(?:\d+|vol|early online)",
               re.IGNORECASE),
    re.compile(rf"^(?P<journal>[A-Z][\w&.'\- ]{{1,80}}?),\s*\d+\s*\({_YEAR}\)"),
    re.compile(rf"^(?P<journal>[A-Z][\w&.'\- ]{{1,80}}?)\s*\({_YEAR}\),?\s*\d+"),
)
# A suggested citation ending "..., International Journal of Neuroscience, 127:3, 276-284, DOI:"
# or "... Analyses. PeerJ Comput. Sci. 3:e118; DOI 10.7717/...": the journal is the last
# comma- or sentence-separated part before the volume and the DOI.
_JOURNAL_BEFORE_DOI = re.compile(
    r"(?:^|[.,:]\s+)(?P<journal>[A-Z][A-Za-z&'\u2019]*\.?(?:\s+(?:[A-Z][A-Za-z&'\u2019]*\.?|of|and|&|the|in|for|de)){0,8})"
    r"(?:,?\s+\d+\s*(?:\(\d+\))?\s*:\s*e?\d+(?:,\s*\d+\s*[-\u2013]\s*\d+)?[,;.]?\s*|,\s*)(?i:doi)\b")
_CITE_PREFIX = re.compile(r"^(?:citation|cite this article(?: as)?|cite this as|to cite this article|how to cite this article)"
                          r"\s*:?\s*", re.IGNORECASE)
# Words that make a short line above the title a journal's name ("Critical Care", "BMC
# Medicine", "Trials"), when no citation line names it.
JOURNAL_WORDS = frozenset({
    "journal", "trials", "medicine", "care", "research", "reports", "lancet", "bmj", "peerj", "plos", "annals",
    "archives", "review", "reviews", "bulletin", "proceedings", "acta", "letters", "neurology", "neuroscience",
    "pain", "surgery", "pediatrics", "paediatrics", "cardiology", "oncology", "haematology", "hematology",
    "haemophilia", "hemophilia", "psychiatry", "epidemiology", "health", "science", "sciences", "therapeutics",
    "psychogeriatrics", "geriatrics", "rheumatology", "orthopaedics", "orthopedics", "radiology", "anaesthesia",
    "anesthesia", "medical", "clinical",
})
_CONNECTORS = frozenset({"of", "and", "&", "the", "in", "for", "de", "on"})
MAX_AUTHOR_LINES = 40  # lines of one author each under a title


def find_doi(*texts: str) -> str | None:
    """The first DOI printed in ``texts``, preferring one labelled "doi:" or "doi.org/"."""
    for pattern in (_DOI_LABELLED, _DOI):
        for text in texts:
            match = pattern.search(text or "")
            if match:
                return _trim_doi(match.group(1))
    return None


def _trim_doi(doi: str) -> str:
    while doi and (doi[-1] in ".,;:'\u2019]}>" or (doi[-1] == ")" and doi.count("(") < doi.count(")"))):
        doi = doi[:-1]
    return doi


def find_pmid(*texts: str) -> str | None:
    for text in texts:
        match = _PMID.search(text or "")
        if match:
            return match.group(1)
    return None


def find_year(*texts: str) -> int | None:
    """The publication year printed in ``texts`` (a citation line first, then "Published", "©")."""
    for pattern in _YEAR_PATTERNS:
        for text in texts:
            match = pattern.search(text or "")
            if match:
                return int(match.group(1))
    return None


def find_journal(*texts: str) -> str | None:
    """A journal name from a citation line ("Dodd et al. BMC Medicine 2014, 12:161", "the bmj |
    BMJ 2015;350:h2145", "International Psychogeriatrics (2014), 26:1, 147-154"), else from a
    suggested citation that ends with the journal, its volume and the DOI."""
    for pattern in _JOURNAL_CITATION:
        for text in texts:
            for raw in (text or "").splitlines():
                for part in raw.split("|"):
                    line = " ".join(part.split())
                    line = _CITE_PREFIX.sub("", re.sub(r"^.*?\bet al\.?\s*[:;,]?\s*", "", line))
                    match = pattern.match(line)
                    if match and _is_journal(match.group("journal")):
                        return _clean_journal(match.group("journal"))
    for text in texts:
        for match in _JOURNAL_BEFORE_DOI.finditer(" ".join((text or "").split())):
            if _is_journal(match.group("journal")):
                return _clean_journal(match.group("journal"))
    return None


def _clean_journal(name: str) -> str:
    return " ".join(name.split()).strip(" ,;")


def _is_journal(name: str) -> bool:
    name = _clean_journal(name)
    return 1 <= len(name.split()) <= 10 and name.lower().strip(" .") not in _LABELS \
        and not re.search(r"doi|http|www|\d{3}|\bet al\b|copyright|\u00a9", name, re.IGNORECASE)


def _journal_line(lines: Sequence[TextLine]) -> str | None:
    """A short title-case line naming a journal (see JOURNAL_WORDS) among ``lines``."""
    for line in lines:
        text = " ".join(line.text.split())
        words = text.split()
        if not 1 <= len(words) <= 6 or re.search(r"\d", text) or text.lower().strip(" .") in _LABELS:
            continue
        if all(w[0].isupper() or w.lower() in _CONNECTORS for w in words) \
                and any(w.lower().strip(".,") in JOURNAL_WORDS for w in words):
            return text
    return None


def is_junk_title(title: str | None) -> bool:
    """True for metadata titles that are no title: empty, a file or job name, "untitled"."""
    if not title or not title.strip():
        return True
    title = title.strip()
    return bool(_JUNK_TITLE.search(title)) or len(title.split()) < 3 or bool(re.search(r"_|\d{5,}", title))


def format_author(name: str) -> str | None:
    """'Maria K. Lindqvist' -> 'Lindqvist MK'; 'Lindqvist, Maria K.' -> 'Lindqvist MK'; junk -> None."""
    name = " ".join(name.replace("\u2019", "'").split()).strip(" ,.;*")
    if "," in name:
        family, _, given = name.partition(",")
        tokens = given.split()
        family_tokens = family.split()
    else:
        words = [w for w in name.split() if w.lower().strip(".") not in _DEGREES]
        if len(words) < 2:
            return None
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in _PARTICLES:
            cut -= 1
        tokens, family_tokens = words[:cut], words[cut:]
    if not family_tokens or not tokens or len(tokens) > 4 or len(family_tokens) > 4:
        return None
    if not all(_NAME_TOKEN.match(t) or t.lower() in _PARTICLES for t in tokens + family_tokens):
        return None
    family = " ".join(family_tokens)
    if len(family.strip(".")) < 2 or family.isupper() and len(family) <= 3:
        return None
    initials = "".join(part if len(part) <= 3 and part.isupper() else part[0] for token in tokens for part in token.replace(".", " ").replace("-", " ").split()
                       if part[0].isupper())
    return f"{family} {initials}" if initials else None


_EMAIL = re.compile(r"\(?\s*(?:e-?mail\s*:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?", re.IGNORECASE)


def parse_author_line(line: str) -> tuple[str, ...]:
    """'Maria K. Lindqvist, Tomas Berg and Ana P. Ferreira' -> ('Lindqvist MK', 'Berg T', 'Ferreira AP').

    Returns () unless most comma/and-separated parts read as personal names.
    """
    cleaned = _EMAIL.sub(",", line)  # "Beena G Sood (bsood@med.wayne.edu)": one name a line, or several
    cleaned = re.sub(r"[\d*\u2020\u2021\u00a7\u00b6#]+", " ", cleaned)
    parts = [p.strip() for p in re.split(r",|;|\band\b|&", cleaned) if p.strip()]
    parts = [p for p in parts if p.lower().strip(".") not in _DEGREES]
    if any(word.lower() in JOURNAL_WORDS for part in parts for word in part.split()):
        return ()  # "Critical Care Sample" under a title is a journal line, not an author
    if not parts or any(len(p.split()) > 5 for p in parts):
        return ()
    names = [format_author(p) for p in parts]
    found = tuple(n for n in names if n)
    return found if len(found) >= max(1, round(0.6 * len(parts))) else ()


def _title_block(lines: Sequence[TextLine], page_height: float) -> tuple[str | None, int, int]:
    """The largest-type block in the top 60% of a page that reads as a title, its first line and its last."""
    top = [line for line in lines if line.y1 <= 0.6 * page_height and line.text.strip()]
    for size in sorted({round(line.size, 1) for line in top}, reverse=True)[:4]:
        for i, line in enumerate(lines):
            if round(line.size, 1) != size or line not in top:
                continue
            block, last = [line.text.strip()], i
            for j in range(i + 1, len(lines)):
                gap = lines[j].y0 - lines[last].y1
                if abs(lines[j].size - line.size) < 0.6 and -line.size < gap < 0.9 * line.size:
                    block.append(lines[j].text.strip())
                    last = j
                elif abs(lines[j].y0 - lines[last].y0) > 1:
                    break
            title = " ".join(" ".join(block).split())
            if len(title.split()) >= 3 and title.lower().strip(" .") not in _LABELS and not re.search(
                    r"doi|http|www\.|journal\b|©|copyright|\bvol\b", title, re.IGNORECASE):
                return title, i, last
    return None, -1, -1


def read_metadata(info: Mapping[str, str], first_page: Sequence[TextLine], page_height: float,
                  text: str) -> DocumentMetadata:
    """Metadata of a PDF from its info dictionary, its first page's lines and its first pages' text."""
    info_title = (info.get("title") or "").strip()
    subject = info.get("subject") or ""
    keywords = info.get("keywords") or ""
    title, first, last = _title_block(first_page, page_height)
    if not is_junk_title(info_title):
        title = " ".join(info_title.split())
    authors: tuple[str, ...] = ()
    for i in range(last + 1, min(last + 4, len(first_page))) if last >= 0 else ():
        authors = parse_author_line(first_page[i].text)
        if authors:
            # Provisional PDFs list one author a line with an e-mail address: read on.
            for line in first_page[i + 1:i + MAX_AUTHOR_LINES] if _EMAIL.search(first_page[i].text) else ():
                more = parse_author_line(line.text) if _EMAIL.search(line.text) else ()
                if not more:
                    break
                authors += more
            break
    if not authors and info.get("author"):
        page_text = " ".join(line.text for line in first_page)
        listed = parse_author_line(info["author"])
        authors = tuple(a for a in listed if a.split()[0] in page_text)
    created = re.match(r"D:((?:19|20)\d{2})", info.get("creationDate") or "")
    year = find_year(subject, text) or (int(created.group(1)) if created else None)
    return DocumentMetadata(
        title=title, authors=authors, year=year,
        journal=find_journal(subject, text) or _journal_line(first_page[:first] if first >= 0 else ()),
        doi=find_doi(subject, keywords, text), pmid=find_pmid(text),
    )


def read_text_metadata(text: str, *, title: str | None = None,
                       tags: Mapping[str, Sequence[str]] | None = None) -> DocumentMetadata:
    """Metadata of a text, Markdown or HTML file: ``citation_*`` tags first, then the text."""
    tags = tags or {}

    def tag(name: str) -> str | None:
        values = tags.get(name) or tags.get(f"dc.{name}")
        return values[0].strip() if values else None

    head = text[:5000]
    first_lines = [line.strip() for line in head.split("\n") if line.strip()]
    title = tag("citation_title") or title or (first_lines[0] if first_lines and len(first_lines[0]) < 300 else None)
    authors = tuple(a for a in (format_author(n) for n in tags.get("citation_author", ())) if a)
    if not authors and len(first_lines) > 1 and first_lines[0] == title:
        authors = parse_author_line(first_lines[1])
    date = tag("citation_publication_date") or tag("citation_date") or ""
    year_match = re.search(_YEAR, date)
    return DocumentMetadata(
        title=title, authors=authors,
        year=int(year_match.group(1)) if year_match else find_year(head),
        journal=tag("citation_journal_title") or find_journal(head),
        doi=_trim_doi(tag("citation_doi") or "").removeprefix("doi:") or find_doi(head),
        pmid=tag("citation_pmid") or find_pmid(head),
    )
