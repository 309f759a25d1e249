"""The report in a real browser: headless Chromium loads it without console errors, draws the
forest plot, and runs none of the markup a hostile paper smuggles into its text.

Skipped where Chromium is absent, unless EVIDENCE_REQUIRE_BROWSER=1 (CI): then it fails, so a
skip can never pass for a pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pymupdf
import pytest

from evidence.pipeline import analyse_file
from evidence.report import write_report
from evidence.store import Store
from report.builders import parse_html

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars",
                  "--enable-logging=stderr", "--v=0", "--window-size=1280,2000")
# Generous: two shared cores may be busy with other test runs; a healthy load takes ~2 s.
BROWSER_TIMEOUT_S = 90
SQUARE_RGB = (0x3B, 0x6E, 0x9E)  # fill of the forest plot's study squares (templates/report.css)

# Runs before the report's own Content-Security-Policy: records anything that executes or fails.
HOOK = """<script>
(function () {
  var root = document.documentElement;
  function note(what) { root.setAttribute('data-js-events', (root.getAttribute('data-js-events') || '') + '|' + what); }
  window.alert = function (m) { note('alert:' + m); };
  window.confirm = window.prompt = function (m) { note('dialog:' + m); };
  window.addEventListener('error', function (e) { note('error:' + (e.message || (e.target && e.target.tagName))); }, true);
  var consoleError = console.error;
  console.error = function () { note('console.error'); consoleError.apply(console, arguments); };
  window.addEventListener('load', function () {
    var plot = document.querySelector('svg.forest');
    var box = plot ? plot.getBoundingClientRect() : {width: 0, height: 0};
    root.setAttribute('data-forest-box', Math.round(box.width) + 'x' + Math.round(box.height));
    root.setAttribute('data-hook', 'ran');
  });
})();
</script>"""

HOSTILE_PAPER = """Iliopsoas haematoma <script>alert('title')</script> and <img src=x onerror=alert(2)> femoral neuropathy

Results

Femoral neuropathy occurred in 12 of 40 patients <script>alert(1)</script>.
After <img src=y onerror=alert(3)> drainage, recovery was complete in 30 of 40 patients.
Surgical evacuation was needed in 5 of 40 patients <img src=x onerror=alert(1)> as described at <a href="javascript:alert(1)">this link</a> and javascript:alert(1).
"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "headless Chromium not found on PATH (Debian: apt-get install chromium)"
    if os.environ.get("EVIDENCE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"EVIDENCE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browsed(example_db, tmp_path_factory):
    """The example corpus plus a hostile paper, reported, hooked and opened in Chromium once."""
    chromium = _chromium()
    root = tmp_path_factory.mktemp("browser")
    db = root / "evidence.sqlite"
    shutil.copyfile(example_db, db)
    paper = root / "javascript:alert(1) <b>paper.txt"
    paper.write_text(HOSTILE_PAPER, encoding="utf-8")
    with Store(db) as store:
        store.add_document(analyse_file(paper))
        report = write_report(store, root / "outputs" / "report.html", by="subgroup")
    html = report.read_text(encoding="utf-8")
    hooked = report.with_name("hooked.html")
    hooked.write_text(html.replace("<head>", "<head>" + HOOK, 1), encoding="utf-8")
    screenshot = root / "report.png"
    run = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={root / 'profile'}", f"--screenshot={screenshot}",
         "--dump-dom", hooked.as_uri()],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return html, run.stdout, run.stderr, screenshot


def test_the_report_loads_without_console_messages_and_draws_the_forest_plot(browsed):
    _, dom, log, _ = browsed
    page = parse_html(dom)
    html = page.find("html")
    assert html.attrs.get("data-hook") == "ran", "the page did not finish loading"
    assert "data-js-events" not in html.attrs, html.attrs.get("data-js-events")
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert console == []
    width, height = (int(v) for v in html.attrs["data-forest-box"].split("x"))
    assert width > 600 and height > 100  # laid out at its drawn size, not collapsed
    forests = page.find_all("svg", class_="forest")
    assert len(forests) == len(page.find_all("section", class_="outcome")) > 1


def test_the_screenshot_shows_the_forest_plot(browsed):
    *_, screenshot = browsed
    pixmap = pymupdf.Pixmap(str(screenshot))
    assert (pixmap.width, pixmap.height) == (1280, 2000)
    samples, n = pixmap.samples, pixmap.n
    pixels = [tuple(samples[i:i + 3]) for i in range(0, len(samples), n * 7)]  # every 7th pixel
    ink = sum(1 for p in pixels if p != (255, 255, 255))
    assert ink / len(pixels) > 0.02, "the screenshot is blank"
    squares = sum(1 for i in range(0, len(samples), n) if tuple(samples[i:i + 3]) == SQUARE_RGB)
    assert squares > 50, "no forest plot square was painted"


def test_markup_from_a_hostile_paper_is_shown_as_text_and_never_runs(browsed):
    html, dom, log, _ = browsed
    page = parse_html(dom)
    assert len(page.find_all("script")) == 1  # the test's own hook, nothing from the paper
    assert page.find_all("img") == [] and page.find_all("b") == []
    assert [a for a in page.find_all("a") if "javascript" in a.attrs.get("href", "").lower().split("/")[0]] == []
    quotes = [q.text for q in page.find_all("blockquote")]
    assert "Femoral neuropathy occurred in 12 of 40 patients <script>alert(1)</script>." in quotes
    assert any('<a href="javascript:alert(1)">this link</a>' in q for q in quotes)
    assert any(q.startswith("After <img src=y onerror=alert(3)> drainage") for q in quotes)
    titles = [td.text for td in page.find("table", class_="characteristics").find_all("td")]
    assert "Iliopsoas haematoma <script>alert('title')</script> and <img src=x onerror=alert(2)> femoral neuropathy" in titles
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    hostile_links = [a.attrs["href"] for a in page.find_all("a") if "paper.txt" in a.attrs.get("href", "")]
    assert hostile_links and all(h.startswith("../javascript%3Aalert%281%29%20%3Cb%3Epaper.txt") for h in hostile_links)
