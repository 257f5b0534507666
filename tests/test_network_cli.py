"""crimekg centrality / communities / network from the command line."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli

ID = "https://w3id.org/crimekg/id/"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("net") / "kg")
    result = CliRunner().invoke(cli, ["build", "--store", path, "-q"])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_centrality_json_top(store):
    result = run("centrality", "--store", store, "--top", "3", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["actor"] == ID + "unodc" and rows[0]["degree"] == 23 and rows[0]["weighted_degree"] == 30.0
    assert set(rows[0]) == {"rank", "actor", "label", "type", "degree", "weighted_degree", "betweenness",
                            "closeness", "eigenvector", "pagerank"}


def test_centrality_engines_and_sampling_agree(store):
    outputs = [run("centrality", "--store", store, "--measure", "betweenness", "--sample", "10", "--seed", "4",
                   "--engine", engine, "--csv").output for engine in ("networkx", "igraph")]
    assert outputs[0] == outputs[1] and outputs[0].startswith("rank,actor,label,type,betweenness")


def test_centrality_filters(store):
    result = run("centrality", "--store", store, "--kind", "agreement", "--measure", "degree", "--json")
    rows = json.loads(result.output)
    assert rows[0]["label"] == "Bolivia" and rows[0]["degree"] == 4 and len(rows) == 7
    result = run("centrality", "--store", store, "--actor-type", "Country", "--threat", "human-trafficking",
                 "--since", "2000", "--json")
    assert result.exit_code == 0, result.output
    assert all(r["type"] == "Country" for r in json.loads(result.output))


def test_communities(store):
    result = run("communities", "--store", store, "--summary", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["community"] == 1 and rows[0]["size"] >= rows[-1]["size"]
    assert "modularity" in result.stderr
    per_actor = run("communities", "--store", store, "--method", "leiden", "--seed", "2", "--csv")
    again = run("communities", "--store", store, "--method", "leiden", "--seed", "2", "--csv")
    assert per_actor.stdout == again.stdout and per_actor.stdout.startswith("community,size,actor,label,type")


def test_network_listing_and_write(store, tmp_path):
    summary = json.loads(run("network", "--store", store, "--summary", "--json").stdout)[0]
    assert summary["graph"] == "cooperation" and summary["nodes"] > 20
    edges = json.loads(run("network", "--store", store, "--top", "2", "--json").stdout)
    assert len(edges) == 2 and edges[0]["weight"] >= edges[1]["weight"]
    nodes = json.loads(run("network", "--store", store, "--graph", "actor-programme", "--nodes", "--json").stdout)
    assert nodes[0]["label"] == "CRIMJUST"
    out = tmp_path / "crimjust.gexf"
    result = run("network", "--store", store, "--programme", "CRIMJUST", "--write", str(out), "--summary")
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_edges() == json.loads(
        run("network", "--store", store, "--programme", "CRIMJUST", "--summary", "--json").stdout)[0]["edges"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["centrality", "--threat", "piracy of cheese"], 2, "unknown threat"),
    (["centrality", "--since", "2020", "--until", "2000"], 2, "--since 2020 is after --until 2000"),
    (["communities", "--actor-type", "Workshop"], 2, "unknown actor type"),
    (["network", "--write", "x.png"], 2, "use a .graphml, .gexf or .csv"),
    (["centrality", "--measure", "degree", "--sort-by", "pagerank"], 2, "add --measure pagerank"),
])
def test_errors_are_one_line(store, args, code, message):
    result = run(args[0], "--store", store, *args[1:])
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ") and message in result.stderr and result.stderr.count("\n") == 1
