"""Parse one reference-list entry into its bibliographic fields.

Handles the styles clinical journals print: Vancouver/ICMJE ("Kudsk KA, Fabian TC. Title.
Am J Surg. 1989;158:515-9."), the BMC variant ("Kudsk KA: Title. Am J Surg 1989, 158:515-9."),
APA/Harvard ("Vohs, K. D. (2001). Title. Journal, 5, 323-370.") and the author-year-title
variant ("Afgan E, Baker D. 2016. Title. Journal 44(W1):W3-W10 DOI ..."). Every function is pure
and never raises on odd text: a field that cannot be read is None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["EntryFields", "clean_text", "parse_entry"]

# PDF text often carries accents as separate spacing characters ("Do¨rr"); fold them back.
_SPACING_ACCENTS = {"¨": "\u0308", "´": "\u0301", "`": "\u0300", "˜": "\u0303", "ˆ": "\u0302",
                    "˚": "\u030a", "¸": "\u0327", "ˇ": "\u030c"}
_ACCENT_AFTER = re.compile(r"([A-Za-z])([¨´`˜ˆ˚¸ˇ])")
_ACCENT_BEFORE = re.compile(r"([¨´`˜ˆ˚¸ˇ])([A-Za-z])")

_PARTICLE = r"(?:van|von|de|der|den|da|di|du|le|la|del|dos|ten|ter|Mc|St\.?)"
# Capitals beyond ASCII open family names too: Čech, Östling, Østbye.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_FAMWORD = rf"[{_UPPER}][\w'’\-]*\w"
_FAMILY = rf"(?:{_PARTICLE}\s+)*{_FAMWORD}(?:\s+{_FAMWORD})??"
_SUFFIX = r"(?:\s+(?:Jr|Sr|II|III|IV)\.?)"
_VANCOUVER_AUTHOR = re.compile(
    rf"(?P<family>{_FAMILY}){_SUFFIX}?\s+(?P<initials>[A-Z](?:-[A-Z]|[A-Z]{{0,3}})){_SUFFIX}?(?=[\s,.:;]|$)")
_APA_AUTHOR = re.compile(
    rf"(?P<family>{_FAMILY}),\s+(?P<initials>[A-Z](?:-[A-Z])?\.(?:\s?-?[A-Z]\.){{0,3}}|[A-Z](?=,)){_SUFFIX}?")
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*)")
_ET_AL = re.compile(r"\s*,?\s*et\s+al\b\.?")
_GROUP = re.compile(r"(?:for\s+the\s+|on\s+behalf\s+of\s+(?:the\s+)?)?[A-Z][\w'’\-]*(?:\s+[\w'’\-]+){0,6}?\s+(?:Group|Collaboration|Committee|Consortium|"
                    r"Investigators|Society|Association|Organi[sz]ation|Institute|Network)\b")

_YEAR = r"(?:1[6-9]\d{2}|20\d{2})"
_LEADING_YEAR = re.compile(rf"^[\s.,:]*\(?(?P<year>{_YEAR})[a-z]?\)?[.,:]?\s*")
_ANY_YEAR = re.compile(rf"(?<![\d/.])(?P<year>{_YEAR})[a-z]?(?![\d/])")
_TITLE_END = re.compile(r"(?<=[\w\)\]\"'’])[.?!](?=\s|$)|(?<=\S)\.(?=\s+[A-Z][a-z]*\.?\s)")
_PAGES = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[A-Za-z]?)?"
_VANCOUVER_TAIL = re.compile(
    rf"^(?P<journal>[^;]+?)[.,]?\s+(?P<year>{_YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s*\d{{1,2}})?)?"
    rf"(?:\s*[;,]\s*(?P<volume>[A-Za-z]?\d+[A-Za-z]?)?(?:\s*\((?P<issue>[^)]*)\))?"
    rf"(?:\s*:\s*(?P<pages>{_PAGES}))?)?")
_VOLUME_TAIL = re.compile(
    rf"^(?P<journal>[^,;:]+?),?\s+(?P<volume>\d+)(?:\s*\((?P<issue>[^)]*)\))?\s*[:,]\s*(?P<pages>{_PAGES})")
_DOI = re.compile(r"(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)", re.IGNORECASE)
_PMID = re.compile(r"\bPMID\s*:?\s*(?P<pmid>\d{5,9})\b", re.IGNORECASE)
_JOURNAL_FILLERS = {"of", "and", "the", "in", "for", "on", "&"}
_NOT_A_JOURNAL = re.compile(r"(?:available|accessed|retrieved|last accessed)\b", re.IGNORECASE)
_URL = re.compile(r"\[?(?:https?://|www\.)\S+\]?", re.IGNORECASE)


@dataclass(frozen=True)
class EntryFields:
    """The fields read from one entry; None (or empty) where the entry does not show them."""

    authors: tuple[str, ...] = ()
    year: int | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None


def clean_text(text: str) -> str:
    """Fold spacing accents, collapse whitespace and repair dashes PDF text lost to '?'."""
    text = _ACCENT_AFTER.sub(lambda m: m.group(1) + _SPACING_ACCENTS[m.group(2)], text)
    text = _ACCENT_BEFORE.sub(lambda m: m.group(2) + _SPACING_ACCENTS[m.group(1)], text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"(?<=\d)\?(?=\d)", "–", text)
    return re.sub(r"\s+", " ", text).strip()


def _read_authors(text: str) -> tuple[tuple[str, ...], int]:
    """Authors at the start of ``text`` as 'Family Initials', and where the list ends."""
    for pattern in (_APA_AUTHOR, _VANCOUVER_AUTHOR):
        authors: list[str] = []
        position = 0
        closed = False
        while True:
            match = pattern.match(text, position)
            group = None if match else _GROUP.match(text, position)
            if match:
                initials = re.sub(r"[^A-Z]", "", match.group("initials"))
                authors.append(f"{match.group('family')} {initials}")
                position = match.end()
            elif group and authors:
                position = group.end()
            else:
                break
            et_al = _ET_AL.match(text, position)
            if et_al:
                position = et_al.end()
                closed = True
                break
            separator = _SEPARATOR.match(text, position)
            if not separator or separator.end() == position:
                break
            candidate = separator.end()
            if not (pattern.match(text, candidate) or _GROUP.match(text, candidate)):
                break
            position = candidate
        # A lone "Family I" could be the first words of a title; trust it only when the list
        # is properly closed ('.', ':', '(' or ', YEAR').
        if authors and (closed or re.match(rf"\s*(?:[.:]|\(|,?\s*{_YEAR}\b)", text[position:])):
            return tuple(authors), position
    return (), 0


def _organisation(text: str) -> tuple[tuple[str, ...], int]:
    """A corporate author ('World Health Organisation:', 'NICE Guidelines:') before the title."""
    match = re.match(r"(?P<name>[A-Z][^.:()\d]{1,80}?)\s*(?:[.:]\s|\(\d{4})", text)
    if match and not re.search(r"\b(?:of|the|and|in|for)\s*$", match.group("name")):
        return (match.group("name").strip(" ,"),), match.end("name")
    return (), 0


def _identifiers(text: str) -> tuple[str | None, str | None, str]:
    doi_match = _DOI.search(text)
    doi = doi_match.group("doi").rstrip(".,;)]") if doi_match else None
    pmid_match = _PMID.search(text)
    pmid = pmid_match.group("pmid") if pmid_match else None
    stripped = text
    for match in (doi_match, pmid_match):
        if match:
            stripped = stripped.replace(match.group(0), " ")
    return doi.lower() if doi else None, pmid, _URL.sub(" ", stripped)


def _split_title(rest: str) -> tuple[str | None, str]:
    rest = rest.lstrip(" .,:;")
    end = _TITLE_END.search(rest)
    if not end:
        return (rest.strip() or None), ""
    title = rest[:end.start() + (1 if rest[end.start()] in "?!" else 0)].strip()
    return (title or None), rest[end.end():].strip()


def _title_like(words: str) -> bool:
    lower = [w for w in words.split() if w.islower() and w not in _JOURNAL_FILLERS]
    return len(lower) >= 2


def _read_tail(tail: str) -> tuple[str | None, int | None, str | None, str | None]:
    """Journal, year, volume and pages from what follows the title."""
    tail = tail.strip(" .")
    if _NOT_A_JOURNAL.match(tail):
        return None, None, None, None
    for pattern in (_VANCOUVER_TAIL, _VOLUME_TAIL):
        match = pattern.match(tail)
        if match:
            groups = match.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            journal = groups["journal"].strip(" .,") or None
            pages = re.sub(r"\s+", "", groups["pages"]) if groups.get("pages") else None
            return journal, year, groups.get("volume"), pages
    return None, None, None, None


def parse_entry(text: str) -> EntryFields:
    """Read authors, year, title, journal, volume, pages, DOI and PMID from one entry's text."""
    text = clean_text(text)
    doi, pmid, body = _identifiers(text)
    body = re.sub(r"\s+", " ", body).strip()
    authors, position = _read_authors(body)
    if not authors:
        authors, position = _organisation(body)
    rest = body[position:]
    year = None
    leading = _LEADING_YEAR.match(rest)
    if leading and authors:
        year = int(leading.group("year"))
        rest = rest[leading.end():]
    title, tail = _split_title(rest)
    journal, tail_year, volume, pages = _read_tail(tail)
    # A title of two sentences leaves its second sentence in front of the journal name.
    if journal and title and ". " in journal and _title_like(journal.rsplit(". ", 1)[0]):
        second, journal = journal.rsplit(". ", 1)
        title = f"{title}. {second}"
    year = year or tail_year
    if year is None:
        found = _ANY_YEAR.search(tail) or _ANY_YEAR.search(body[position:])
        year = int(found.group("year")) if found else None
    return EntryFields(authors=authors, year=year, title=title, journal=journal, volume=volume,
                       pages=pages, doi=doi, pmid=pmid)
