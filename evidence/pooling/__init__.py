"""Random-effects meta-analysis of single proportions, validated against R metafor.

Three layers: pure numpy functions (``transforms``, ``weighted``, ``estimators``, ``rootfind``,
``heterogeneity``, ``model``, ``glmm``, ``exact``), one entry point (:func:`pool_proportions`),
and a frozen result (:class:`PooledEstimate`) with ``to_dict()`` and ``to_rows()``; many
analyses pooled in one call come back as a :class:`PooledBatch`, their numbers held as columns.
Around them: leave-one-out and subgroup analyses (``sensitivity``, ``subgroups``) and the
adapter to the metaprop conformance suite (``conformance``).
"""

from evidence.pooling.api import pool_proportions
from evidence.pooling.result import MEASURES, METHODS, TESTS, PooledBatch, PooledEstimate

__all__ = ["MEASURES", "METHODS", "PooledBatch", "PooledEstimate", "TESTS", "pool_proportions"]
