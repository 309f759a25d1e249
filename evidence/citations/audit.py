"""Audit one paper's citations: its reference list against the markers in its text.

Finding kinds: ``no_reference_list`` (markers but no list was read), ``dangling_marker``,
``uncited_reference``, ``duplicate_reference`` (same DOI, or titles at least
:data:`DUPLICATE_TITLE` alike), ``citation_order`` (a numbered list not numbered in order of
first citation; numbered lists in alphabetical order of first author, up to the odd entry the
parser misread, are exempt) and ``numeric_claim`` (info: a
reference cited for a sentence that states a figure, worth checking against the source).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz import fuzz

from evidence.citations.claims import claimed_figures
from evidence.citations.resolve import family_of, normalize_title
from evidence.schema import AuditFinding, CitationMarker, ReferenceEntry

__all__ = ["ALPHABETICAL_PAIRS", "DUPLICATE_TITLE", "audit_citations"]

# Two entries whose normalized titles are this alike (token-sort ratio) are one work listed twice;
# distinct works on one topic rarely pass 90.
DUPLICATE_TITLE = 95.0
# Shorter titles ("Editorial", "Correction") say too little to call two entries duplicates.
MIN_TITLE_CHARS = 20
_QUOTE_CHARS = 160
# A numbered list is alphabetical when this share of neighbouring first authors is in order: a
# list in citation order scores about one half, and a misread author or two must not tip it over.
ALPHABETICAL_PAIRS = 0.9


def _label(entry: ReferenceEntry) -> str:
    return entry.label or str(entry.n)


def _clip(text: str) -> str:
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS - 1] + "…"


class _Auditor:
    def __init__(self, references: Sequence[ReferenceEntry], markers: Sequence[CitationMarker],
                 document: int | None, paginated: bool) -> None:
        self.references = list(references)
        self.markers = list(markers)
        self.document = document
        self.paginated = paginated
        self.by_n = {r.n: r for r in self.references}
        self.labels = {int(r.label) for r in self.references if r.label and r.label.isdigit()}

    def finding(self, kind: str, message: str, *, page: int | None = None, quotes: Sequence[str] = (),
                severity: str = "warning") -> AuditFinding:
        return AuditFinding(kind=kind, message=message, document=self.document,
                            page=page if self.paginated else None, quotes=tuple(quotes), severity=severity)

    def where(self, marker: CitationMarker) -> str:
        return f" on page {marker.page}" if self.paginated else ""

    def dangling(self) -> list[AuditFinding]:
        found = []
        first = min(self.labels) if self.labels else 1
        last = max(self.labels) if self.labels else len(self.references)
        for marker in self.markers:
            if marker.numbers:
                missing = [n for n in marker.numbers if n not in self.labels]
                if missing:
                    found.append(self.finding(
                        "dangling_marker",
                        f"marker {marker.text!r}{self.where(marker)} cites {', '.join(map(str, missing))}, but the "
                        f"reference list is numbered {first}-{last}; check the list was read completely",
                        page=marker.page, quotes=(marker.sentence,)))
            elif not marker.targets:
                found.append(self.finding(
                    "dangling_marker",
                    f"marker {marker.text!r}{self.where(marker)} names no entry of the reference list "
                    f"({len(self.references)} entries); check the author's name and year in the list",
                    page=marker.page, quotes=(marker.sentence,)))
        return found

    def uncited(self) -> list[AuditFinding]:
        cited = {t for m in self.markers for t in m.targets}
        if not cited:
            return []  # no linked marker at all: the markers were not read, not all uncited
        return [self.finding("uncited_reference",
                             f"reference {_label(r)} is never cited in the text: {_clip(r.text)}",
                             page=r.page, quotes=(r.text,))
                for r in self.references if r.n not in cited]

    def duplicates(self) -> list[AuditFinding]:
        found = []
        titles = {r.n: normalize_title(r.title) for r in self.references}
        for i, first in enumerate(self.references):
            for second in self.references[i + 1:]:
                reason = None
                if first.doi and second.doi:
                    if first.doi.casefold() == second.doi.casefold():
                        reason = f"same DOI {first.doi}"
                elif len(titles[first.n]) >= MIN_TITLE_CHARS and len(titles[second.n]) >= MIN_TITLE_CHARS \
                        and (first.year is None or second.year is None or first.year == second.year):
                    score = fuzz.token_sort_ratio(titles[first.n], titles[second.n])
                    if score >= DUPLICATE_TITLE and family_of(_first(first)) == family_of(_first(second)):
                        reason = f"titles {score:.0f}% alike"
                if reason:
                    found.append(self.finding(
                        "duplicate_reference",
                        f"references {_label(first)} and {_label(second)} are the same work ({reason}): "
                        f"{_clip(second.text)}; merge them and renumber the citations",
                        page=second.page, quotes=(first.text, second.text)))
        return found

    def order(self) -> list[AuditFinding]:
        numeric = [m for m in self.markers if m.numbers]
        if not numeric or self._alphabetical():
            return []
        first_seen: dict[int, CitationMarker] = {}
        for marker in numeric:
            for number in sorted(marker.numbers):
                if number in self.labels:
                    first_seen.setdefault(number, marker)
        sequence = list(first_seen)
        found = []
        reported: set[int] = set()
        for position, number in enumerate(sequence):
            skipped = sorted(n for n in sequence[position + 1:] if n < number)
            # One late citation makes every number after it look early; report it once.
            if not skipped or set(skipped) <= reported:
                continue
            reported.update(skipped)
            marker = first_seen[number]
            found.append(self.finding(
                "citation_order",
                f"reference {number} is first cited{self.where(marker)} before reference"
                f"{'s' if len(skipped) > 1 else ''} {', '.join(map(str, skipped))}; numbered lists "
                f"should follow the order of first citation",
                page=marker.page, quotes=(marker.sentence,)))
        return found

    def _alphabetical(self) -> bool:
        families = [f for f in (family_of(_first(r)) for r in self.references if r.authors) if f]
        if len(families) < 3:
            return False
        in_order = sum(a <= b for a, b in pairwise(families))
        return in_order >= ALPHABETICAL_PAIRS * (len(families) - 1)

    def claims(self) -> list[AuditFinding]:
        found = []
        for marker in self.markers:
            if not marker.targets:
                continue
            claims = claimed_figures(marker.sentence, [marker.text])
            if claims:
                cited = ", ".join(_label(self.by_n[t]) for t in marker.targets)
                found.append(self.finding(
                    "numeric_claim",
                    f"reference {cited} is cited{self.where(marker)} for a claim with a figure "
                    f"({', '.join(c.text for c in claims)}); check it against the source",
                    page=marker.page, quotes=(marker.sentence,), severity="info"))
        return found


def _first(entry: ReferenceEntry) -> str | None:
    return entry.authors[0] if entry.authors else None


def audit_citations(references: Sequence[ReferenceEntry], markers: Sequence[CitationMarker], *,
                    document: int | None = None, paginated: bool = True) -> list[AuditFinding]:
    """Findings about one paper's reference list and in-text markers, in a stable order."""
    auditor = _Auditor(references, markers, document, paginated)
    if markers and not references:
        return [auditor.finding("no_reference_list",
                                f"{len(markers)} citation markers were found but no reference list was read; "
                                f"check the document has a 'References' heading")]
    return (auditor.dangling() + auditor.uncited() + auditor.duplicates() + auditor.order()
            + auditor.claims())
