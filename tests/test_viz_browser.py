"""The HTML maps in a real browser: headless Debian Chromium driven by Playwright.

Every page is opened from a file:// URL with all requests routed: anything
that is not file:, data:, blob: or about: is aborted and fails the test.
Console errors, page errors and dialogs (alert) fail it too.

Without /usr/bin/chromium these tests fail, unless CRIMEKG_ALLOW_SKIP_BROWSER=1
(then they are skipped).
"""

from __future__ import annotations

import math
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from crimekg.viz.layout import GEO_SCALE, GEO_STEP
from crimekg.viz.render import render_html
from crimekg.viz.sample import synthetic_graph
from crimekg.viz.select import ego_subgraph
from test_viz_graphs import (
    CRIMJUST,
    DOC0,
    ID,
    MONEY,
    PACCTO,
    S_JOINED,
    S_WORKSHOP1,
    XSS_HREF,
    XSS_IMG,
    XSS_SCRIPT,
    XSS_SENTENCE,
    bolivia_partners,
    seed_graph,
)

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
VIEWPORT = {"width": 1400, "height": 900}


@dataclass
class Opened:
    """A map page loaded in the browser, with everything it tried to do."""

    page: Any
    path: Path
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def counts(self) -> dict[str, int]:
        return self.js("window.crimekgView.counts()")

    def assert_clean(self) -> None:
        assert self.blocked == [], f"page tried to fetch {self.blocked}"
        assert all(u.startswith(LOCAL_SCHEMES) for u in self.requests), self.requests
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.js("typeof window.__xss") == "undefined"


def wait_until(page: Any, expression: str, timeout: float = 30.0, errors: list[str] | None = None) -> None:
    """Poll ``expression`` until it is true.

    (page.wait_for_function compiles its predicate with eval, which the
    page's Content-Security-Policy rightly refuses; page.evaluate is not
    subject to it.)
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert not errors, f"page failed: {errors}"
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(50)


@pytest.fixture
def open_map(browser: Any, tmp_path: Path) -> Iterator[Callable[..., Opened]]:
    pages: list[Any] = []

    def open_(G: nx.Graph, name: str = "map.html", **kwargs: Any) -> Opened:
        path = render_html(G, tmp_path / name, **kwargs)
        page = browser.new_page(viewport=VIEWPORT)
        pages.append(page)
        opened = Opened(page, path)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(LOCAL_SCHEMES):
                r.continue_()
            else:
                opened.blocked.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda req: opened.requests.append(req.url))
        page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri())
        wait_until(page, "!!(window.crimekgView && window.crimekgView.ready)", errors=opened.errors)
        return opened

    yield open_
    for page in pages:
        page.close()


def expected(G: nx.Graph, edge_ok: Callable[[dict], bool], node_ok: Callable[[dict], bool] | None = None) -> dict:
    """Nodes and edges a filter should leave: matching edges, their ends, and matching nodes."""
    edges = [(u, v) for u, v, d in G.edges(data=True) if edge_ok(d)]
    nodes = {n for e in edges for n in e}
    if node_ok is not None:
        nodes |= {n for n, d in G.nodes(data=True) if node_ok(d)}
    return {"nodes": len(nodes), "edges": len(edges)}


def shown(opened: Opened) -> dict:
    c = opened.counts()
    assert (c["drawnNodes"], c["drawnEdges"]) == (c["nodes"], c["edges"])  # the canvas holds what the view says
    return {"nodes": c["nodes"], "edges": c["edges"]}


# ---------------------------------------------------------------- drawing, offline


def test_seed_map_draws_every_actor_and_link_offline(open_map):
    G = seed_graph()
    m = open_map(G)
    assert m.counts() == {"nodes": 20, "edges": 26, "drawnNodes": 20, "drawnEdges": 26}
    assert m.js("document.querySelectorAll('#graph canvas').length") == 1
    stats = m.page.inner_text("#stats")
    assert "20 of 20 actors" in stats and "26 of 26 links" in stats
    assert m.requests == [m.path.as_uri()]
    legend = m.page.inner_text("#legend-types")
    assert "Country" in legend and "Government agency" in legend
    m.assert_clean()


def test_page_has_no_reference_to_remote_resources(open_map):
    m = open_map(seed_graph())
    remote = m.js("""[...document.querySelectorAll('[src],[href]')]
        .map((e) => e.getAttribute('src') || e.getAttribute('href'))""")
    assert remote == []
    m.assert_clean()


# ---------------------------------------------------------------- search and the details panel


def test_search_by_alias_finds_bolivia_with_partners_and_evidence(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.fill("#search", "estado plurinacional")
    assert m.page.inner_text("#search-results li:first-child .r-label") == "Bolivia"
    m.page.press("#search", "Enter")
    assert m.page.inner_text("#panel-title") == "Bolivia"
    partners = m.js("[...document.querySelectorAll('#partners button.partner')].map((b) => b.textContent)")
    assert set(partners) == bolivia_partners(G)
    assert partners[0] == "United Nations Office on Drugs and Crime"  # strongest link first
    assert m.js("window.crimekgView.network.getSelectedNodes()") == [m.js(
        "window.crimekgView.data.nodes.findIndex((n) => n.label === 'Bolivia')")]
    m.page.wait_for_timeout(400)  # the focus animation
    spot = m.js("""(() => { const v = window.crimekgView, id = v.network.getSelectedNodes()[0];
        const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: p.x / box.width, y: p.y / box.height}; })()""")
    assert 0.3 < spot["x"] < 0.7 and 0.3 < spot["y"] < 0.7  # centred in what is left of the canvas
    m.page.click("#expand-all")
    quotes = m.js("[...document.querySelectorAll('#partners blockquote')].map((q) => q.textContent)")
    assert S_JOINED in quotes and S_WORKSHOP1 in quotes
    cites = m.js("[...document.querySelectorAll('#partners cite')].map((c) => c.textContent)")
    assert f"{DOC0} (2018-11)" in cites
    m.assert_clean()


def test_partner_link_moves_the_panel_to_the_partner(open_map):
    m = open_map(seed_graph())
    m.js("window.crimekgView.choose(window.crimekgView.data.nodes.findIndex((n) => n.label === 'Bolivia'))")
    m.page.click("#partners button.partner >> text=Colombia")
    assert m.page.inner_text("#panel-title") == "Colombia"
    assert m.page.input_value("#search") == "Colombia"
    m.assert_clean()


def test_search_reports_no_match(open_map):
    m = open_map(seed_graph())
    m.page.fill("#search", "Atlantis")
    assert m.page.inner_text("#search-results") == "No actor matches."
    m.page.press("#search", "Enter")
    assert m.js("document.getElementById('panel').hidden") is True
    m.assert_clean()


def test_hovering_a_node_shows_its_tooltip(open_map):
    m = open_map(seed_graph())
    point = m.js("""(() => {
        const v = window.crimekgView, id = v.data.nodes.findIndex((n) => n.label === 'Peru');
        const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    })()""")
    m.page.mouse.move(point["x"], point["y"])
    m.page.wait_for_selector("#tooltip:not([hidden])", timeout=5000)
    text = m.page.inner_text("#tooltip")
    assert "Peru" in text and "Country" in text and "Perú" in text
    m.assert_clean()


# ---------------------------------------------------------------- filters


def test_threat_filter(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.select_option("#f-threat", label=MONEY)
    want = expected(G, lambda d: MONEY in d["threats"], lambda d: MONEY in d["threats"])
    assert shown(m) == want and want["edges"] < G.number_of_edges()
    m.assert_clean()


def test_programme_filter(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.select_option("#f-programme", label=PACCTO)
    want = expected(G, lambda d: PACCTO in d["programmes"], lambda d: PACCTO in d["programmes"])
    assert shown(m) == want and want["nodes"] < G.number_of_nodes()
    m.page.select_option("#f-programme", label=CRIMJUST)
    assert shown(m) == expected(G, lambda d: CRIMJUST in d["programmes"], lambda d: CRIMJUST in d["programmes"])
    m.assert_clean()


def test_relation_kind_filter(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.uncheck("#legend-kinds input[data-kind='co-activity']")
    want = expected(G, lambda d: bool(set(d["kinds"]) - {"co-activity"}))
    assert shown(m) == want and want["edges"] < G.number_of_edges()
    m.assert_clean()


def test_year_filter_and_reset(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.fill("#f-since", "2020")
    want = expected(G, lambda d: any(y >= 2020 for y in d["years"]))
    assert shown(m) == want and 0 < want["edges"] < G.number_of_edges()
    m.page.fill("#f-until", "2021")
    assert shown(m) == expected(G, lambda d: any(2020 <= y <= 2021 for y in d["years"]))
    m.page.click("#f-reset")
    assert shown(m) == {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    m.assert_clean()


def test_actor_type_legend_filter(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.uncheck("#legend-types input[data-type='GovernmentAgency']")
    keep = {n for n, d in G.nodes(data=True) if d["type"] != "GovernmentAgency"}
    assert shown(m) == {"nodes": len(keep), "edges": G.subgraph(keep).number_of_edges()}
    m.assert_clean()


def test_filtered_partners_are_counted_as_hidden(open_map):
    G = seed_graph()
    m = open_map(G)
    m.page.select_option("#f-programme", label=PACCTO)
    m.page.fill("#search", "Bolivia")
    m.page.press("#search", "Enter")
    partners = m.js("[...document.querySelectorAll('#partners button.partner')].map((b) => b.textContent)")
    assert set(partners) == {"Latin-American Internal Security Committee", "European Union"}
    assert "6 more hidden by the filters." in m.page.inner_text("#panel")
    m.assert_clean()


# ---------------------------------------------------------------- hostile text


def test_hostile_labels_titles_and_sentences_show_as_text(open_map):
    G = seed_graph()
    m = open_map(G, title=XSS_SCRIPT)
    assert m.page.title() == XSS_SCRIPT
    assert m.page.inner_text("#title") == XSS_SCRIPT
    m.page.fill("#search", "<img")
    m.page.press("#search", "Enter")
    assert m.js("document.getElementById('panel-title').textContent") == XSS_IMG
    assert XSS_SCRIPT in m.page.inner_text("#panel .aliases")
    m.page.click("#partners details:first-of-type summary")
    body = m.page.inner_text("#partners")
    assert XSS_SENTENCE in body and XSS_HREF in body
    threat_options = m.js("[...document.querySelectorAll('#f-threat option')].map((o) => o.textContent)")
    assert XSS_IMG in threat_options
    edge = m.js(f"window.crimekgView.data.edges.findIndex((e) => e.ev.length && "
                f"window.crimekgView.data.evidence[e.ev[0]].title === {XSS_HREF!r})")
    m.js("(id) => window.crimekgView.edgeTip(id)", edge)
    tip = m.page.inner_text("#tooltip")
    assert XSS_HREF in tip and XSS_SENTENCE[:60] in tip
    injected = m.js("document.querySelectorAll('main img, main a, main b, main script, main [onerror]').length")
    assert injected == 0
    m.assert_clean()


# ---------------------------------------------------------------- views


def test_ego_view_opens_on_the_actor(open_map):
    G = seed_graph()
    ego = ego_subgraph(G, "Bolivia", 1)
    m = open_map(ego)
    assert shown(m) == {"nodes": ego.number_of_nodes(), "edges": ego.number_of_edges()}
    assert ego.number_of_nodes() == len(bolivia_partners(G)) + 1
    assert m.page.is_visible("#panel")
    assert m.page.inner_text("#panel-title") == "Bolivia"
    m.assert_clean()


def test_geo_layout_puts_countries_at_their_coordinates(open_map):
    G = seed_graph()
    m = open_map(G, layout="geo")
    positions = m.js("""(() => { const v = window.crimekgView, pos = v.network.getPositions(), out = {};
        v.data.nodes.forEach((n) => { out[n.iri] = pos[n.id]; }); return out; })()""")
    for key in ("bolivia", "peru", "panama", "argentina"):
        d = G.nodes[ID + key]
        assert positions[ID + key]["x"] == pytest.approx(d["lon"] * GEO_SCALE, abs=0.5)
        assert positions[ID + key]["y"] == pytest.approx(-d["lat"] * GEO_SCALE, abs=0.5)
    # an agency without coordinates sits next to its country
    bo, ministry = positions[ID + "bolivia"], positions[ID + "bo-ministry-of-defence"]
    assert 0 < math.dist((bo["x"], bo["y"]), (ministry["x"], ministry["y"])) < 3 * GEO_STEP
    assert m.js("window.crimekgView.network.physics.physicsEnabled") is False
    m.assert_clean()


def test_large_graph_is_drawn_without_physics_and_searchable(open_map):
    G = synthetic_graph(500, 12_000, seed=3)
    m = open_map(G)
    assert shown(m) == {"nodes": 500, "edges": 12_000}
    assert m.js("window.crimekgView.data.meta.physics") is False
    m.page.fill("#search", "Akteur 417")
    m.page.press("#search", "Enter")
    assert m.page.inner_text("#panel-title") == "Actor 417"
    m.page.select_option("#f-threat", index=1)
    assert 0 < m.counts()["edges"] < 12_000
    m.assert_clean()


def test_top_n_keeps_the_most_central_actors(open_map):
    G = synthetic_graph(300, 2_000, seed=4)
    m = open_map(G, top_n=40, size_by="pagerank")
    assert m.counts()["nodes"] == 40
    assert "top 40 of 300 actors by pagerank" in m.page.inner_text("#stats")
    m.assert_clean()


def test_empty_graph_says_so(open_map):
    m = open_map(nx.Graph())
    assert m.counts()["nodes"] == 0
    assert m.page.is_visible("#empty")
    m.assert_clean()


# ---------------------------------------------------------------- screenshot


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit, non-interlaced RGB/RGBA PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    prev, rows = bytearray(stride), []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for x in range(stride):
                line[x] = (line[x] + (((line[x - bpp] if x >= bpp else 0) + prev[x]) >> 1)) & 255
        elif kind == 4:
            for x in range(stride):
                a, b, c = (line[x - bpp] if x >= bpp else 0), prev[x], (prev[x - bpp] if x >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        rows.append(bytes(b for i, b in enumerate(line) if bpp == 3 or i % 4 != 3))
    return width, height, rows


def test_screenshot_shows_the_network(open_map, tmp_path):
    m = open_map(seed_graph())
    box = m.js("(() => { const r = document.getElementById('graph').getBoundingClientRect();"
               " return {x: r.left, y: r.top, width: r.width, height: r.height}; })()")
    shot = tmp_path / "seed-map.png"
    m.page.screenshot(path=str(shot), clip=box)
    assert shot.stat().st_size > 10_000
    width, height, rows = png_pixels(shot)
    assert (width, height) == (round(box["width"]), round(box["height"]))
    pixels = [row[i:i + 3] for row in rows for i in range(0, len(row), 3)]
    non_white = sum(p != b"\xff\xff\xff" for p in pixels) / len(pixels)
    assert 0.01 < non_white < 0.9, non_white
    country_blue = bytes.fromhex("4e79a7")  # the fill of country nodes
    assert sum(p == country_blue for p in pixels) > 200
    m.assert_clean()
