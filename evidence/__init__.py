"""evidence: turn a folder of clinical papers into a pooled, auditable evidence summary."""

__version__ = "0.1.0"
