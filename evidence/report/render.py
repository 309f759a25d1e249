"""Rendering: view-models through the jinja2 templates to HTML or Markdown, and writing the file.

The environment autoescapes everything and fails on any name the view-models do not define
(``StrictUndefined``); the only markup passed through unescaped are the two inline SVGs, which
our own builders escape (see :mod:`evidence.report.forest` and ``evidence.citations``).
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from evidence.errors import ReportError
from evidence.report.build import ReportOptions, build_report
from evidence.report.viewmodels import ReportContext
from evidence.store import Store

__all__ = ["FORMATS", "make_environment", "render", "render_html", "render_markdown", "write_report"]

FORMATS = {"html": "report.html.j2", "md": "report.md.j2"}


def _md_cell(value: object) -> Markup:
    """Text made safe for one cell of a Markdown table: no pipes or line breaks can split it."""
    text = re.sub(r"\s+", " ", str(value))
    return Markup(str(escape(text)).replace("|", "\\|"))


def make_environment(cls: type[jinja2.Environment] = jinja2.Environment) -> jinja2.Environment:
    """The report environment; ``cls`` lets tests observe which attributes templates read."""
    env = cls(loader=jinja2.FileSystemLoader(str(resources.files("templates"))),
              autoescape=True, undefined=jinja2.StrictUndefined,
              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md_cell"] = _md_cell
    return env


@functools.cache
def _default_environment() -> jinja2.Environment:
    # Compiling the templates costs more than rendering a large report: do it once per process.
    return make_environment()


def render(ctx: ReportContext, fmt: str = "html", *, env: jinja2.Environment | None = None) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"'format' must be one of {', '.join(FORMATS)} (got {fmt!r})")
    if not isinstance(ctx, ReportContext):
        raise ReportError(f"templates receive a ReportContext only (got {type(ctx).__name__})")
    environment = env or _default_environment()
    try:
        return environment.get_template(FORMATS[fmt]).render(ctx=ctx)
    except jinja2.TemplateError as exc:
        raise ReportError(f"cannot render the {fmt} report: {exc}") from exc


def render_html(ctx: ReportContext, *, env: jinja2.Environment | None = None) -> str:
    """One self-contained HTML page: inline CSS and SVG, no external requests."""
    return render(ctx, "html", env=env)


def render_markdown(ctx: ReportContext, *, env: jinja2.Environment | None = None) -> str:
    return render(ctx, "md", env=env)


def _write_atomically(out: Path, text: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a reader never sees half a report.
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp makes the file private (0600); a report is meant to be shared, so give it the
        # permissions any new file gets under the user's umask.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(store: Store, out: str | os.PathLike[str], *, fmt: str = "html", **options: object) -> Path:
    """Build the report of ``store``, write it to ``out`` and return the path written.

    ``options`` are the fields of :class:`ReportOptions` (concepts, unit, by, measure, method,
    test, level, title, citations).
    """
    if fmt not in FORMATS:
        raise ReportError(f"'format' must be one of {', '.join(FORMATS)} (got {fmt!r})")
    path = Path(out)
    if path.is_dir():
        raise ReportError(f"{path} is a directory; give a file name such as {path / ('report.' + fmt)}")
    try:
        report_options = ReportOptions(**options)  # type: ignore[arg-type]
    except TypeError as exc:
        raise ReportError(f"unknown report option ({exc}); the options are concepts, unit, by, measure, "
                          "method, test, level, title, citations") from exc
    ctx = build_report(store, report_options, report_dir=path.parent)
    text = render(ctx, fmt)
    try:
        _write_atomically(path, text)
    except OSError as exc:
        raise ReportError(f"cannot write the report to {path}: {exc.strerror or exc}") from exc
    return path
