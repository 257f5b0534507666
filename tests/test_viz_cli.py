"""``crimekg viz`` (viz_command) with the store and the network projection stubbed.

The stubs stand in for crimekg.graph.clicommon.open_cli_store and
crimekg.graph.network.projection.cooperation_graph: they record how the
command calls them and hand back the hand-built seed graph.
"""

from __future__ import annotations

import json
import re
import sys
import types
from typing import Any

import pytest
from click.testing import CliRunner
from crimekg.graph.errors import NotFoundError, UsageError
from crimekg.viz.cli import viz_command
from test_viz_graphs import ID, seed_graph


class FakeStore:
    def __init__(self, spec: str | None) -> None:
        self.spec = spec
        self.closed = False

    def __enter__(self) -> FakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True


@pytest.fixture
def calls(monkeypatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def open_cli_store(spec, *, write=False):
        assert not write
        seen["store"] = FakeStore(spec)
        return seen["store"]

    def cooperation_graph(store, **kwargs):
        seen["graph_store"] = store
        seen["kwargs"] = kwargs
        return seed_graph()

    monkeypatch.setattr("crimekg.graph.clicommon.open_cli_store", open_cli_store)
    network_mod = types.ModuleType("crimekg.graph.network")
    network_mod.__path__ = []
    projection_mod = types.ModuleType("crimekg.graph.network.projection")
    projection_mod.cooperation_graph = cooperation_graph
    monkeypatch.setitem(sys.modules, "crimekg.graph.network", network_mod)
    monkeypatch.setitem(sys.modules, "crimekg.graph.network.projection", projection_mod)
    return seen


def page_data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="crimekg-data" type="application/json">(.*?)</script>', html,
                                re.DOTALL).group(1))


def run(*args: str) -> Any:
    return CliRunner().invoke(viz_command, list(args))


def test_filters_go_to_the_projection_and_the_store_is_closed(calls, tmp_path):
    out = tmp_path / "map.html"
    result = run("--store", "data/store", "--out", str(out), "--kind", "agreement", "--kind", "funding",
                 "--threat", "drug-trafficking", "--programme", "crimjust", "--since", "2018", "--until", "2020")
    assert result.exit_code == 0, result.output
    assert calls["store"].spec == "data/store" and calls["store"].closed
    assert calls["graph_store"] is calls["store"]
    assert calls["kwargs"] == {"kinds": ["agreement", "funding"], "threat": "drug-trafficking",
                               "programme": "crimjust", "since": 2018, "until": 2020}
    assert result.output.startswith(f"Wrote {out} ")
    title = page_data(out)["meta"]["title"]
    assert title == "crimekg cooperation map: threat drug-trafficking, programme crimjust, agreement/funding, 2018–2020"


def test_defaults(calls, tmp_path, monkeypatch):
    monkeypatch.delenv("CRIMEKG_STORE", raising=False)
    out = tmp_path / "map.html"
    assert run("--out", str(out)).exit_code == 0
    assert calls["store"].spec is None
    assert calls["kwargs"] == {"kinds": None, "threat": None, "programme": None, "since": None, "until": None}
    meta = page_data(out)["meta"]
    assert (meta["layout"], meta["size_by"], meta["title"]) == ("force", "degree", "crimekg cooperation map")
    assert meta["total_nodes"] == seed_graph().number_of_nodes()


def test_ego_view_of_bolivia(calls, tmp_path):
    out = tmp_path / "bolivia.html"
    result = run("--out", str(out), "--actor", "bolivia", "--depth", "1")
    assert result.exit_code == 0, result.output
    data = page_data(out)
    G = seed_graph()
    assert len(data["nodes"]) == G.degree(ID + "bolivia") + 1
    assert data["nodes"][data["meta"]["focus"]]["iri"] == ID + "bolivia"
    assert data["meta"]["title"] == "crimekg cooperation map: bolivia (depth 1)"


def test_geo_layout_size_top_title(calls, tmp_path):
    out = tmp_path / "geo.html"
    result = run("--out", str(out), "--layout", "geo", "--size-by", "pagerank", "--top", "5", "--title", "Andes")
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert len(data["nodes"]) == 5
    assert (data["meta"]["layout"], data["meta"]["size_by"], data["meta"]["title"]) == ("geo", "pagerank", "Andes")


def test_unknown_actor_is_a_not_found_error(calls, tmp_path):
    result = run("--out", str(tmp_path / "x.html"), "--actor", "Bolivai")
    assert isinstance(result.exception, NotFoundError) and result.exception.exit_code == 2
    assert "did you mean: Bolivia" in str(result.exception)
    assert not (tmp_path / "x.html").exists()


def test_unknown_size_measure_is_a_usage_error(calls, tmp_path):
    result = run("--out", str(tmp_path / "x.html"), "--size-by", "fame")
    assert isinstance(result.exception, UsageError)


def test_since_after_until_is_a_usage_error(calls, tmp_path):
    result = run("--out", str(tmp_path / "x.html"), "--since", "2021", "--until", "2019")
    assert isinstance(result.exception, UsageError) and "after" in str(result.exception)
    assert "store" not in calls  # rejected before touching the store


@pytest.mark.parametrize("args", [["--kind", "friendship"], ["--layout", "circle"], ["--depth", "-1"],
                                  ["--top", "0"], []])
def test_bad_options_are_click_usage_errors(calls, tmp_path, args):
    out = ["--out", str(tmp_path / "x.html")] if args else []
    result = run(*out, *args)
    assert result.exit_code == 2 and "store" not in calls


def test_help_needs_neither_store_nor_network():
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--store", "--out", "--actor", "--depth", "--layout", "--size-by", "--top", "--threat",
                   "--programme", "--kind", "--since", "--until", "--title"):
        assert option in result.output


def test_errors_are_one_line_under_the_crimekg_group(calls, tmp_path):
    from crimekg.graph.cli import CrimekgGroup

    group = CrimekgGroup("crimekg")
    group.add_command(viz_command)
    result = CliRunner().invoke(group, ["viz", "--out", str(tmp_path / "x.html"), "--actor", "Bolivai"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown actor 'Bolivai'") and result.stderr.count("\n") == 1
