"""Ingest orchestration: find files, run the per-file job through an executor, store the results.

Files already in the corpus (same sha256) are skipped before any parsing, unless ``force``.
Workers only parse; this process alone writes, one transaction per document, so an interrupted
run leaves whole documents or none, and a rerun completes the job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from evidence.errors import EvidenceError, IngestError, UnsupportedFile
from evidence.executors import Executor, default_jobs, make_executor
from evidence.pipeline import EXTRACTOR_VERSION, analyse_file
from evidence.schema import ParsedDocument
from evidence.store import Store
from extractors.parse import SUPPORTED_SUFFIXES, ParseOptions

__all__ = ["FileOutcome", "IngestSummary", "discover_files", "ingest_paths"]

Status = Literal["ingested", "replaced", "skipped", "failed"]


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: stored, skipped as already present, or failed (with why)."""

    source: str
    status: Status
    document: int | None = None
    message: str | None = None
    pages: int = 0
    figures: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestSummary:
    outcomes: tuple[FileOutcome, ...]
    ignored: tuple[str, ...] = ()

    def count(self, *statuses: Status) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    def line(self) -> str:
        """The summary line the CLI prints last."""
        return (f"ingested {self.count('ingested', 'replaced')}, "
                f"skipped {self.count('skipped')} already in corpus, failed {self.failed}")


@dataclass(frozen=True)
class _Job:
    path: Path
    source: str
    options: ParseOptions


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in path.parts)


def discover_files(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, str]], list[FileOutcome], list[str]]:
    """Expand files and folders (recursively) into ``(path, source)`` pairs.

    A path that does not exist, or a file named explicitly with an unsupported extension, is a
    failure; files with other extensions found inside folders are ignored and listed.
    """
    found: list[tuple[Path, str]] = []
    failures: list[FileOutcome] = []
    ignored: list[str] = []
    seen: set[Path] = set()

    def add(path: Path, source: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append((path, source))

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if not child.is_file() or _is_hidden(relative):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    add(child, str(child))
                else:
                    ignored.append(str(child))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                add(path, str(given))
            else:
                error = UnsupportedFile(str(given), f"unsupported file type '{path.suffix or '(none)'}'; "
                                                    f"evidence reads {', '.join(SUPPORTED_SUFFIXES)}")
                failures.append(FileOutcome(str(given), "failed", message=str(error)))
        else:
            failures.append(FileOutcome(str(given), "failed", message=f"{given}: no such file or folder"))
    return found, failures, ignored


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _run_job(job: _Job) -> ParsedDocument:
    try:
        return replace(analyse_file(job.path, job.options, source=job.source), location=str(job.path.resolve()))
    except EvidenceError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        raise IngestError(job.source, f"could not be read ({type(exc).__name__}: {exc}); "
                                      "please report this file") from None


def _failure_message(source: str, exc: BaseException) -> str:
    if isinstance(exc, EvidenceError):
        return str(exc)
    if isinstance(exc, BrokenProcessPool):
        return f"{source}: the parser crashed on this file (its worker process died); please report this file"
    return f"{source}: could not be read ({type(exc).__name__}: {exc})"


def ingest_paths(store: Store, paths: Sequence[str | Path], *, options: ParseOptions = ParseOptions(),
                 force: bool = False, jobs: int | None = None, executor: Executor | None = None,
                 on_outcome: Callable[[FileOutcome], None] | None = None,
                 on_total: Callable[[int], None] | None = None) -> IngestSummary:
    """Ingest files and folders into ``store``; returns what happened to each file.

    ``on_total`` is told how many files will be processed, ``on_outcome`` is called once per
    file as it finishes (for progress bars and per-file messages).
    """
    found, outcomes, ignored = discover_files(paths)
    notify = on_outcome or (lambda outcome: None)
    for failure in outcomes:
        notify(failure)
    if on_total:
        on_total(len(found))

    jobs_to_run: list[_Job] = []
    for path, source in found:
        try:
            digest = _sha256(path)
        except OSError as exc:
            outcome = FileOutcome(source, "failed", message=f"{source}: cannot be read ({exc.strerror})")
            outcomes.append(outcome)
            notify(outcome)
            continue
        existing = store.document_id(digest)
        if existing is not None and not force:
            outcome = FileOutcome(source, "skipped", document=existing)
            outcomes.append(outcome)
            notify(outcome)
        else:
            jobs_to_run.append(_Job(path, source, options))

    if jobs_to_run:
        pool = executor or make_executor(min(jobs or default_jobs(), len(jobs_to_run)))
        try:
            for job, result in pool.map_unordered(_run_job, jobs_to_run):
                if isinstance(result, BaseException):
                    outcome = FileOutcome(job.source, "failed", message=_failure_message(job.source, result))
                else:
                    doc_id, status = store.add_document(result, force=force, extractor_version=EXTRACTOR_VERSION)
                    outcome = FileOutcome(job.source, status, document=doc_id, pages=len(result.pages),
                                          figures=len(result.figures) if status != "skipped" else 0,
                                          warnings=result.warnings if status != "skipped" else ())
                outcomes.append(outcome)
                notify(outcome)
        finally:
            if executor is None:
                pool.shutdown()
    return IngestSummary(tuple(outcomes), tuple(ignored))

