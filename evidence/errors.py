"""The exceptions evidence raises on purpose.

Every error a user can cause derives from :class:`EvidenceError`; the CLI catches that base
class alone, prints ``Error: <message>`` on stderr and exits with status 1. Anything else that
escapes is a bug.

    EvidenceError
    ├── InvalidRecord          a schema object built with a value that breaks its invariants
    ├── IngestError            a file could not be read into the corpus
    │   ├── UnsupportedFile    wrong extension, or content that is not what the name says
    │   ├── UnreadablePdf      corrupt, truncated or empty PDF
    │   ├── EncryptedPdf       the PDF needs a password
    │   └── LimitExceeded      more pages or bytes than the configured limits
    ├── StoreError             the SQLite corpus cannot be opened, migrated or written
    ├── ExtractionError        a rule file is malformed, or an extractor was misused
    ├── PoolingError           invalid counts, an unknown method, a model that cannot be fitted
    ├── CitationError          the citation network cannot be built or exported
    └── ReportError            a report cannot be rendered or written

Messages name the bad value, the accepted choices and, where there is one, the next step.
"""

from __future__ import annotations

__all__ = [
    "CitationError",
    "EncryptedPdf",
    "EvidenceError",
    "ExtractionError",
    "IngestError",
    "InvalidRecord",
    "LimitExceeded",
    "PoolingError",
    "ReportError",
    "StoreError",
    "UnreadablePdf",
    "UnsupportedFile",
]


class EvidenceError(Exception):
    """Base class of every error a user can cause; its message is meant to be shown as is."""


class InvalidRecord(EvidenceError, ValueError):
    """A schema object was built with a value that breaks its invariants."""


class IngestError(EvidenceError):
    """A file could not be read into the corpus.

    ``path`` is the file concerned; the message already names it.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        # Worker processes send these back to the parent: rebuild from both arguments, not from
        # the formatted message alone (the default), or unpickling fails and breaks the pool.
        return type(self), (self.path, self.reason)


class UnsupportedFile(IngestError):
    """The file type is not one evidence reads, or its content contradicts its name."""


class UnreadablePdf(IngestError):
    """The PDF is corrupt, truncated or has no pages."""


class EncryptedPdf(IngestError):
    """The PDF is encrypted and needs a password."""


class LimitExceeded(IngestError):
    """The file is larger, or has more pages, than the configured limits allow."""


class StoreError(EvidenceError):
    """The corpus database cannot be opened, migrated or written."""


class ExtractionError(EvidenceError):
    """A rule or vocabulary file is malformed, or an extractor received invalid input."""


class PoolingError(EvidenceError):
    """Counts or options that cannot be pooled: the message names the value and the choices."""


class CitationError(EvidenceError):
    """The citation network cannot be built or written."""


class ReportError(EvidenceError):
    """A report cannot be rendered or written."""
