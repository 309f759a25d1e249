"""Templates read documented view-model fields, all of them, and nothing else."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import jinja2
import pytest

from evidence.errors import ReportError
from evidence.report import assemble_report, render_html, render_markdown
from evidence.report.render import make_environment
from evidence.report.viewmodels import VIEW_MODELS, CountView, QuoteView, StudyView, documented_fields
from evidence.citations import citation_report
from evidence.store import Store
from report.builders import Paper, fig, parse_html


class RecordingEnvironment(jinja2.Environment):
    """Notes every (view-model class, attribute) a template reads."""

    reads: set[tuple[type, str]] = set()

    def getattr(self, obj, attribute):
        if is_dataclass(obj):
            RecordingEnvironment.reads.add((type(obj), attribute))
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if is_dataclass(obj) and isinstance(argument, str):
            RecordingEnvironment.reads.add((type(obj), argument))
        return super().getitem(obj, argument)


@pytest.fixture(scope="module")
def example_context(example_db, context_of):
    with Store(example_db) as store:
        return context_of(store, by="subgroup")


def test_every_field_has_help_text():
    for model in VIEW_MODELS:
        for name, text in documented_fields(model).items():
            assert len(text) > 8 and text.endswith("."), f"{model.__name__}.{name}: {text!r}"


def test_rendered_keys_equal_documented_keys(make_store, context_of, example_context):
    RecordingEnvironment.reads = set()
    env = make_environment(RecordingEnvironment)
    scanned = Paper("A scanned series", ("Ødegård K",), 2021, (fig(3, 9),),
                    warnings=("page 2 has no text layer; OCR was used",))
    warned = context_of(make_store([scanned]), citations=False)
    empty = assemble_report([], [], [], [])
    for ctx in (example_context, warned, empty):
        render_html(ctx, env=env)
        render_markdown(ctx, env=env)
    read = {}
    for model, attribute in RecordingEnvironment.reads:
        read.setdefault(model, set()).add(attribute)
    for model in VIEW_MODELS:
        assert read.get(model, set()) == set(documented_fields(model)), model.__name__
    assert set(read) <= set(VIEW_MODELS), "templates read objects that are not view-models"


def test_the_citations_section_renders_counts_graph_findings_and_snowballing(example_context, example_db):
    page = parse_html(render_html(example_context))
    section = page.by_id("citations")
    counts = {div.find("dt").text: div.find("dd").text for div in section.find("dl").find_all("div")}
    with Store(example_db) as store:
        report = citation_report(store)
    assert counts["Works in the graph"] == str(report.graph.number_of_nodes())
    assert counts["Citation links"] == str(report.graph.number_of_edges())
    assert counts["Works cited but not ingested"] == str(len(report.snowball)) != "0"
    assert section.find("svg").attrs["aria-label"] == "Citation network of the corpus"
    rows = section.find("table", class_="snowball").find("tbody").find_all("tr")
    assert [r.find_all("td")[1].text for r in rows] == [item.reference for item in report.snowball]
    first_citers = rows[0].find_all("td")[-1].text.split(", ")
    labels = {int(d.anchor.removeprefix("doc-")): d.label for d in example_context.documents}
    assert first_citers == [labels[i] for i in report.snowball[0].cited_by]


def test_view_models_refuse_unformatted_numbers_and_unsafe_links():
    with pytest.raises(ReportError, match="CountView.value must be formatted text"):
        CountView(label="Documents", value=4)
    quote = QuoteView(before="a", mark="", after="")
    base = dict(anchor="outcome-1-study-1", label="x", subgroup="", counts="1/2", estimate="0.50", weight="1%",
                document_anchor="doc-1", title="", first_author="", year="", page="", quote=quote,
                pdf_href="./a.pdf#page=2", rule="r", flags="")
    assert StudyView(**base).pdf_href == "./a.pdf#page=2"
    for bad in ("javascript:alert(1)", "https://evil.example/a.pdf", "./a b.pdf", './a".pdf'):
        with pytest.raises(ReportError, match="not a safe file link"):
            StudyView(**{**base, "pdf_href": bad})
    with pytest.raises(ReportError, match="not a plain anchor"):
        StudyView(**{**base, "anchor": 'x" onclick="alert(1)'})


def test_view_models_are_frozen():
    view = CountView(label="Documents", value="4")
    with pytest.raises(AttributeError):
        view.value = "5"  # type: ignore[misc]
    assert all(f.metadata.get("help") for m in VIEW_MODELS for f in fields(m))
