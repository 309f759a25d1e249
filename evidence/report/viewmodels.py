"""The documented view-models: everything the report templates may read, and nothing else.

Templates receive a :class:`ReportContext` and the objects it holds; every number is already
formatted as text, and every field carries ``metadata={"help": ...}`` saying what it shows.
Objects are validated when built: text fields must be text (a number that reached a template
unformatted is a bug), anchors are plain identifiers, links match the safe forms built by
:mod:`evidence.report.provenance`, and the inline SVGs come from our own builders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from evidence.errors import ReportError
from evidence.report.provenance import DOI_HREF, FILE_HREF

__all__ = [
    "AuditGroupView", "CitationsView", "CountView", "DocumentView", "FigureView", "FindingView",
    "OutcomeView", "PooledView", "QuoteView", "ReportContext", "SnowballView", "StudyView",
    "SubgroupComparisonView", "UnitComparisonView", "UnitRowView", "VIEW_MODELS", "documented_fields",
]

_ANCHOR = re.compile(r"[a-z][a-z0-9-]*")


def _help(text: str, **kwargs: Any) -> Any:
    return field(metadata={"help": text}, **kwargs)


class _Validated:
    """Checks shared by every view-model; the annotation strings name the expected types."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            kind = f.type
            if kind == "str" and not isinstance(value, str):
                raise ReportError(f"{type(self).__name__}.{f.name} must be formatted text (got {value!r})")
            if kind.startswith("tuple[str") and not all(isinstance(v, str) for v in value):
                raise ReportError(f"{type(self).__name__}.{f.name} must hold formatted text (got {value!r})")
            if kind.startswith("tuple[") and not isinstance(value, tuple):
                raise ReportError(f"{type(self).__name__}.{f.name} must be a tuple (got {type(value).__name__})")
            if f.name.endswith("anchor") and value and not _ANCHOR.fullmatch(value):
                raise ReportError(f"{type(self).__name__}.{f.name} is not a plain anchor (got {value!r})")
            if f.name == "pdf_href" and value and not FILE_HREF.fullmatch(value):
                raise ReportError(f"{type(self).__name__}.pdf_href is not a safe file link (got {value!r})")
            if f.name == "doi_href" and value and not DOI_HREF.fullmatch(value):
                raise ReportError(f"{type(self).__name__}.doi_href is not a doi.org link (got {value!r})")
            if f.name.endswith("svg") and value and not (value.startswith("<svg") and value.endswith("</svg>")):
                raise ReportError(f"{type(self).__name__}.{f.name} must be one inline <svg> element")


@dataclass(frozen=True)
class QuoteView(_Validated):
    """A quoted sentence split around the figure it states, so the figure can be highlighted."""

    before: str = _help("Text of the sentence before the figure.")
    mark: str = _help("The figure itself as printed in the paper (highlighted); '' when its offsets are unknown.")
    after: str = _help("Text of the sentence after the figure.")


@dataclass(frozen=True)
class StudyView(_Validated):
    """One study row of an outcome: its numbers, weight, and the sentence they came from."""

    anchor: str = _help("HTML id of the row; the forest plot links here.")
    label: str = _help("Study label as in the forest plot, e.g. 'Müller et al. 2019'.")
    subgroup: str = _help("Subgroup of the figure; '' when none or when the label already names it.")
    counts: str = _help("Events/total, e.g. '28/44'.")
    estimate: str = _help("Proportion with its exact confidence interval, e.g. '0.64 [0.48, 0.78]'.")
    weight: str = _help("Weight in the random-effects model, e.g. '12.3%'.")
    document_anchor: str = _help("HTML id of the document in the study characteristics.")
    title: str = _help("Title of the paper ('' when unknown).")
    first_author: str = _help("First author as printed ('' when unknown).")
    year: str = _help("Publication year ('' when unknown).")
    page: str = _help("Page of the quote, e.g. 'p. 3', or '' for unpaginated files.")
    quote: QuoteView = _help("The sentence the figure was read from, figure highlighted.")
    pdf_href: str = _help("Relative or file: link to the source, with #page=N for PDFs.")
    rule: str = _help("Id of the extraction rule that read the figure.")
    flags: str = _help("Extraction flags, comma-separated, e.g. 'denominator_inferred'.")


@dataclass(frozen=True)
class PooledView(_Validated):
    """One pooled estimate on one line: a transform in the sensitivity table, or a subgroup."""

    label: str = _help("What was pooled or how, e.g. 'Logit (PLO), REML' or a subgroup name.")
    k: str = _help("Number of studies pooled.")
    estimate: str = _help("Pooled proportion with its confidence interval.")
    prediction: str = _help("Prediction interval of the proportion, e.g. '[0.31, 0.88]'.")
    tau2: str = _help("Between-study variance tau² on the model scale.")
    i2: str = _help("I², e.g. '45%'.")
    notes: tuple[str, ...] = _help("Why a quantity is missing or unreliable, in plain words.")


@dataclass(frozen=True)
class SubgroupComparisonView(_Validated):
    """Subgroups of one outcome side by side, with the test for subgroup differences."""

    by: str = _help("The attribute the studies were grouped by, e.g. 'subgroup'.")
    groups: tuple[PooledView, ...] = _help("One pooled estimate per subgroup.")
    test: str = _help("Test for subgroup differences with separate tau², e.g. 'Q = 4.10, df = 1, p = 0.04'.")
    test_common: str = _help("The same test under a common tau² (mixed-effects model).")


@dataclass(frozen=True)
class OutcomeView(_Validated):
    """One outcome (concept in one unit of analysis): forest plot, sensitivity, provenance."""

    anchor: str = _help("HTML id of the outcome section.")
    concept: str = _help("Normalized outcome concept, e.g. 'femoral neuropathy'.")
    unit: str = _help("Unit of analysis, e.g. 'patients' or 'episodes'.")
    k: str = _help("Number of studies pooled.")
    summary: str = _help("The pooled proportion with CI and prediction interval in one sentence.")
    heterogeneity: str = _help("tau², I², Q with df and p, as printed under the forest plot.")
    method: str = _help("Transform, tau² estimator, test, level and continuity correction.")
    forest_svg: str = _help("The forest plot, an inline <svg> built by evidence.report.forest.")
    studies: tuple[StudyView, ...] = _help("The pooled studies with their provenance.")
    sensitivity: tuple[PooledView, ...] = _help("The pooled proportion under PLO, PFT, PAS, PR and GLMM.")
    subgroups: SubgroupComparisonView | None = _help("Subgroup comparison, when the report was asked for one.")
    warnings: tuple[str, ...] = _help("Warnings from pooling: mixed units, shared cohort, small k, back-transform.")


@dataclass(frozen=True)
class UnitRowView(_Validated):
    """One unit of analysis of a concept reported in several units."""

    unit: str = _help("Unit of analysis, e.g. 'patients'.")
    outcome_anchor: str = _help("HTML id of that outcome's section.")
    k: str = _help("Number of studies pooled in that unit.")
    estimate: str = _help("Pooled proportion with its confidence interval.")
    prediction: str = _help("Prediction interval of the proportion, e.g. '[0.31, 0.88]'.")
    i2: str = _help("I² of that pooled estimate, e.g. '45%'.")


@dataclass(frozen=True)
class UnitComparisonView(_Validated):
    """The same concept in different units, shown apart because they must not be pooled together."""

    concept: str = _help("Normalized outcome concept.")
    rows: tuple[UnitRowView, ...] = _help("One row per unit of analysis.")


@dataclass(frozen=True)
class FigureView(_Validated):
    """A figure found in a document, as listed under the study characteristics."""

    anchor: str = _help("HTML id of the figure.")
    concept: str = _help("Normalized outcome concept.")
    outcome: str = _help("Outcome phrase as written in the paper.")
    unit: str = _help("Unit of analysis, e.g. 'episodes'.")
    counts: str = _help("Events/total, e.g. '28/44'.")
    proportion: str = _help("Events divided by total, two decimals.")
    percent: str = _help("Percentage printed in the paper, '' when none.")
    subgroup: str = _help("Subgroup, '' when none.")
    timepoint: str = _help("Time point, '' when none.")
    page: str = _help("Page, e.g. 'p. 3', or '' for unpaginated files.")
    section: str = _help("Section kind the figure was read from, e.g. 'results'.")
    rule: str = _help("Id of the extraction rule that read the figure.")
    flags: str = _help("Extraction flags, comma-separated.")
    quote: QuoteView = _help("The sentence, figure highlighted.")
    pdf_href: str = _help("Link to the source at the page.")


@dataclass(frozen=True)
class DocumentView(_Validated):
    """Study characteristics: one document of the corpus and the figures found in it."""

    anchor: str = _help("HTML id of the document.")
    label: str = _help("Short label, e.g. 'Müller et al. 2019'.")
    title: str = _help("Title ('' when unknown).")
    authors: str = _help("Authors as printed, comma-separated.")
    year: str = _help("Publication year ('' when unknown).")
    journal: str = _help("Journal name ('' when unknown).")
    doi: str = _help("DOI as printed ('' when unknown).")
    doi_href: str = _help("https://doi.org/ link of the DOI, '' when there is no DOI.")
    pages: str = _help("Number of pages of the source.")
    source: str = _help("File name of the source.")
    pdf_href: str = _help("Link to the source file.")
    n_figures: str = _help("Number of cohort figures found.")
    units: str = _help("Units of analysis of its figures, comma-separated.")
    status: str = _help("Ingest status: ok, ocr or no_text.")
    warnings: tuple[str, ...] = _help("Ingest warnings.")
    figures: tuple[FigureView, ...] = _help("The figures found in the document.")


@dataclass(frozen=True)
class FindingView(_Validated):
    """One audit finding with its evidence."""

    kind: str = _help("Finding kind, e.g. 'percent_mismatch' or 'dangling_marker'.")
    severity: str = _help("info, warning or error.")
    message: str = _help("What is wrong, in plain words.")
    page: str = _help("Page, e.g. 'p. 4', '' when unknown.")
    quotes: tuple[str, ...] = _help("The sentences that show the problem.")


@dataclass(frozen=True)
class AuditGroupView(_Validated):
    """The findings about one document (or about the corpus as a whole)."""

    label: str = _help("Document label, or 'Corpus' for findings about no single document.")
    document_anchor: str = _help("HTML id of the document, '' for corpus findings.")
    findings: tuple[FindingView, ...] = _help("The findings, in the order the audit reported them.")


@dataclass(frozen=True)
class CountView(_Validated):
    """A labelled count, e.g. ('Documents', '12')."""

    label: str = _help("What is counted, e.g. 'Documents'.")
    value: str = _help("The count, formatted.")


@dataclass(frozen=True)
class SnowballView(_Validated):
    """A work cited by the corpus but not in it: the reviewer's snowballing list."""

    reference: str = _help("The reference string as printed.")
    title: str = _help("Parsed title, '' when unknown.")
    year: str = _help("Parsed year, '' when unknown.")
    doi: str = _help("DOI, '' when unknown.")
    count: str = _help("How many corpus documents cite it.")
    cited_by: str = _help("Labels of the citing documents, comma-separated.")


@dataclass(frozen=True)
class CitationsView(_Validated):
    """The citation network: counts, drawing, findings and the snowballing list."""

    counts: tuple[CountView, ...] = _help("Documents, references, citations inside the corpus, outside works.")
    graph_svg: str = _help("Drawing of the corpus graph, an inline <svg> from evidence.citations.")
    findings: tuple[AuditGroupView, ...] = _help("Citation findings, per document and for the corpus.")
    snowball: tuple[SnowballView, ...] = _help("Works cited but not ingested, most cited first.")


@dataclass(frozen=True)
class ReportContext(_Validated):
    """Everything one report shows; the only object the templates receive."""

    title: str = _help("Report title.")
    generated: str = _help("When the report was generated (UTC), e.g. '2025-01-31 14:05 UTC'.")
    version: str = _help("evidence version that wrote it.")
    options: str = _help("The pooling options in one line, e.g. 'logit transform, REML, z test, 95% CI'.")
    counts: tuple[CountView, ...] = _help("Headline counts: documents, figures, outcomes, findings.")
    notes: tuple[str, ...] = _help("Report-level notes, e.g. that no figures were found.")
    outcomes: tuple[OutcomeView, ...] = _help("One section per pooled outcome.")
    comparisons: tuple[UnitComparisonView, ...] = _help("Concepts reported in several units, shown apart.")
    documents: tuple[DocumentView, ...] = _help("Study characteristics, one per document.")
    audit: tuple[AuditGroupView, ...] = _help("Consistency findings per document.")
    citations: CitationsView | None = _help("Citation network section; None when the report was built without it.")


VIEW_MODELS: tuple[type, ...] = (
    ReportContext, OutcomeView, StudyView, QuoteView, PooledView, SubgroupComparisonView,
    UnitComparisonView, UnitRowView, DocumentView, FigureView, AuditGroupView, FindingView,
    CountView, CitationsView, SnowballView,
)


def documented_fields(model: type) -> dict[str, str]:
    """Field name -> help text of a view-model class."""
    if not is_dataclass(model):
        raise ReportError(f"{model!r} is not a view-model dataclass")
    return {f.name: f.metadata["help"] for f in fields(model)}
