"""The consistency audit of each paper's own numbers.

Every check reads the :class:`~evidence.schema.CohortFigure` objects of one document and reports
:class:`~evidence.schema.AuditFinding` data, never prose on a console. Precision comes before
recall: a finding is raised only when the arithmetic leaves no innocent reading. The kinds are
stable ids (JSON consumers and the report rely on them):

``percent_mismatch``
    A percentage that no whole count of its total prints as, under rounding or truncation
    (GRIM-style); or one that fits only under the convention the rest of the paper does not use
    (severity ``info``). The message gives the paper's convention and the nearest count.
``percent_count_mismatch``
    A count and percentage printed together that disagree ("24 (46.15%)" of 28 is 85.71%); the
    message says what the percentage would mean and names a denominator that fits, if one does.
``inconsistent_value``
    The same quantity (concept, unit, subgroup, timepoint, total) given different counts in
    different sections, e.g. 16 (57.14%) in the abstract and 18 (64.28%) in a table.
``breakdown_sum``
    Mutually exclusive categories of one breakdown (sex, haemophilia A/B, grades) whose counts
    exceed the total or, when exhaustive, miss it; or whose percentages stray from 100% by more
    than rounding allows.
``events_exceed_total``
    A count phrase with more events than its total, or a count printed with a percentage above
    100, in a sentence the paper's figures come from (severity ``error``).
``subgroup_exceeds_cohort``
    A subgroup whose total is larger than the whole cohort of the same unit.
"""

from evidence.audit.findings import KINDS
from evidence.audit.runner import audit_corpus, audit_figures

__all__ = ["KINDS", "audit_corpus", "audit_figures"]
