"""End to end: hostile labels in the data render as text in the HTML map, in a real browser.

A copy of the packaged data gets hostile markup where people type text --
a gazetteer label (``<img src=x onerror=alert(1)>``), another actor's label
(``</script><script>...``), a document title and a sentence of a document --
then ``crimekg build`` and ``crimekg viz`` run as commands, and the map is
opened in headless Debian Chromium (Playwright).  Selecting Bolivia must show
the hostile strings literally (panel title, partner list, evidence quote and
citation, tooltip), no dialog may open, no injected element or event-handler
attribute may exist, and the page may load nothing but itself.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_faults import copy_data

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

LABEL_IMG = "<img src=x onerror=alert(1)>"
LABEL_SCRIPT = "</script><script>alert(2)</script>"
TITLE_SVG = '<svg onload="window.__xss=3">UNODC in Bolivia</svg>'
SENTENCE_B = '<b onmouseover="alert(4)">&amp;</b><style>body{display:none}</style>'


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a store from data with hostile text, then write its map with ``crimekg viz``."""
    root = tmp_path_factory.mktemp("xss")
    data = copy_data(root / "data")
    _replace(data / "gazetteer.yaml", "label: {en: Bolivia, es: Bolivia}",
             f"label: {{en: {_yaml_string(LABEL_IMG)}, es: Bolivia}}")
    _replace(data / "gazetteer.yaml", "label: {en: Peru, es: Perú}",
             f"label: {{en: {_yaml_string(LABEL_SCRIPT)}, es: Perú}}")
    _replace(data / "documents.yaml", 'title: "UNODC in Bolivia: CRIMJUST promotes capacity building and regional '
             'cooperation through a series of workshops"', f"title: {_yaml_string(TITLE_SVG)}")
    text = next((data / "documents").glob("000_*.txt"))
    _replace(text, "Bolivia receives tailored technical assistance.",
             f"Bolivia receives tailored technical assistance {SENTENCE_B}.")
    store, out = root / "store", root / "map.html"
    for args in (["build", "-q", "--store", str(store), "--data", str(data)],
                 ["viz", "--store", str(store), "--out", str(out)]):
        done = subprocess.run([sys.executable, "-m", "crimekg.graph.cli", *args], capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert LABEL_IMG not in html and "<svg onload" not in html  # the raw markup never appears in the file
    return out


def _wait(page: Any, expression: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(50)


def test_hostile_labels_render_as_text(browser: Any, hostile_map: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []
    requests: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: requests.append(req.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(hostile_map.as_uri())
        _wait(page, "!!(window.crimekgView && window.crimekgView.ready)")
        labels = page.evaluate("window.crimekgView.data.nodes.map((n) => n.label)")
        assert LABEL_IMG in labels and LABEL_SCRIPT in labels

        page.fill("#search", "estado plurinacional")  # Bolivia's Spanish alias
        assert page.inner_text("#search-results li:first-child .r-label") == LABEL_IMG
        page.press("#search", "Enter")
        assert page.evaluate("document.getElementById('panel-title').textContent") == LABEL_IMG
        partners = page.evaluate("[...document.querySelectorAll('#partners button.partner')].map((b) => b.textContent)")
        assert LABEL_SCRIPT in partners
        page.evaluate("document.querySelectorAll('#partners details').forEach((d) => { d.open = true; })")
        quotes = page.evaluate("[...document.querySelectorAll('#partners blockquote')].map((q) => q.textContent)")
        assert any(SENTENCE_B in q for q in quotes), quotes[:3]
        cites = page.evaluate("[...document.querySelectorAll('#partners cite')].map((c) => c.textContent)")
        assert any(c.startswith(TITLE_SVG) for c in cites), cites[:3]
        assert page.is_visible("#panel-title")  # the injected <style> did not hide the page

        # Hover every partner entry and the map itself: no handler may fire.
        for button in page.query_selector_all("#partners button.partner")[:5]:
            button.hover()
        page.mouse.move(700, 450)
        page.wait_for_timeout(200)

        injected = page.evaluate("""[...document.querySelectorAll('*')].filter((e) =>
            [...e.attributes].some((a) => a.name.startsWith('on'))
            || (e.tagName === 'IMG' && e.getAttribute('src') === 'x')
            || e.tagName === 'svg' && e.getAttribute('onload') !== null).map((e) => e.outerHTML.slice(0, 80))""")
        assert injected == []
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert dialogs == []
        assert errors == []
        assert all(url.startswith(LOCAL_SCHEMES) for url in requests), requests
        assert not any(url.endswith("/x") for url in requests)
    finally:
        page.close()
