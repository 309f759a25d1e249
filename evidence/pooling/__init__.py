"""Random-effects meta-analysis of single proportions, validated against R metafor.

Three layers: pure numpy functions (``transforms``, ``weighted``, ``estimators``,
``heterogeneity``, ``model``, ``glmm``, ``exact``), one entry point (:func:`pool_proportions`),
and a frozen result (:class:`PooledEstimate`) with ``to_dict()`` and ``to_rows()``. Around them:
leave-one-out and subgroup analyses (``sensitivity``, ``subgroups``) and the adapter to the
metaprop conformance suite (``conformance``).
"""

from evidence.pooling.api import pool_proportions
from evidence.pooling.result import MEASURES, METHODS, TESTS, PooledEstimate

__all__ = ["MEASURES", "METHODS", "PooledEstimate", "TESTS", "pool_proportions"]
