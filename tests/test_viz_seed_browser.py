"""The issue's scenario, end to end: the real seed graph, projected, rendered, opened offline in Chromium;
an analyst searches Bolivia and sees its partners and why (evidence sentences with their documents)."""

from __future__ import annotations

from typing import Any

import pytest
from crimekg.graph.network.projection import cooperation_graph
from crimekg.graph.store import KGStore
from test_viz_browser import open_map  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_analyst_finds_bolivias_partners_and_why_in_the_seed_map(
    open_map: Any, seed_store: KGStore  # noqa: F811
) -> None:
    G = cooperation_graph(seed_store)
    bolivia = "https://w3id.org/crimekg/id/bolivia"
    expected = {G.nodes[n]["label"] for n in G.neighbors(bolivia)}
    assert {"Peru", "Argentina", "Paraguay", "United Nations Office on Drugs and Crime"} <= expected
    m = open_map(G, "seed.html")
    assert m.counts()["nodes"] == G.number_of_nodes()
    m.page.fill("#search", "Bolivia")
    m.page.press("#search", "Enter")
    partners = m.js("[...document.querySelectorAll('#partners button.partner')].map((b) => b.textContent)")
    assert set(partners) == expected
    m.page.click("#partners details:first-of-type summary")
    quotes = m.js("[...document.querySelectorAll('#partners blockquote')].map((q) => q.textContent)")
    cites = " ".join(m.js("[...document.querySelectorAll('#partners cite')].map((c) => c.textContent)"))
    assert any("bilateral agreements" in q for q in quotes)
    assert "Bolivia establishes international alliances" in cites
    m.assert_clean()
