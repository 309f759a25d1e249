"""The evidence report: view-models, the SVG forest plot, HTML and Markdown rendering.

``build_report(store, options) -> ReportContext`` gathers and shapes; ``render_html(ctx)`` and
``render_markdown(ctx)`` render; ``write_report(store, out, fmt=..., **options)`` does all three
and writes the file (the library entry point ``evidence report`` and ``evidence demo`` call).
"""

from evidence.report.build import ReportOptions, assemble_report, build_report
from evidence.report.render import render_html, render_markdown, write_report
from evidence.report.viewmodels import ReportContext

__all__ = ["ReportContext", "ReportOptions", "assemble_report", "build_report", "render_html",
           "render_markdown", "write_report"]
