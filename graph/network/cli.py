"""``crimekg centrality``, ``crimekg communities`` and ``crimekg network``: the cooperation network from the shell.

Registered in :data:`crimekg.graph.cli.COMMAND_MODULES`.  Every command
takes the same selection options (``--kind``, ``--actor-type``,
``--threat``, ``--programme``, ``--since``, ``--until``; see
:mod:`crimekg.graph.network.projection`) and the shared output options
(``--format table|csv|tsv|json|jsonl``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import networkx as nx

from ..clicommon import open_cli_store, store_option
from ..errors import InputError, UsageError
from ..output import echo_rows, output_options
from ..relations import link_kinds
from .centrality import ENGINES, MEASURES, centrality, centrality_rows
from .communities import METHODS, community_rows, detect_communities
from .export import FORMATS, network_text
from .projection import GRAPHS, project

F = TypeVar("F", bound=Callable[..., Any])


def selection_options(func: F) -> F:
    """Add the network selection options; the command gets them as keyword arguments."""
    options = [
        click.option("--kind", "kinds", multiple=True, type=click.Choice(link_kinds()),
                     help="Link kinds to include (repeatable); default all."),
        click.option("--actor-type", "actor_types", multiple=True, metavar="CLASS",
                     help="Only actors of this ckg class or its subclasses (repeatable), e.g. Country."),
        click.option("--threat", default=None, metavar="THREAT",
                     help="Only links through hubs targeting this threat or a narrower one (id or label)."),
        click.option("--programme", default=None, metavar="PROGRAMME",
                     help="Only links through this programme or hubs under it (key, label or acronym)."),
        click.option("--since", default=None, type=int, metavar="YEAR",
                     help="Only links dated in or after YEAR (undated links are left out)."),
        click.option("--until", default=None, type=int, metavar="YEAR",
                     help="Only links dated in or before YEAR (undated links are left out)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _selection(kinds: tuple[str, ...], actor_types: tuple[str, ...], threat: str | None, programme: str | None,
               since: int | None, until: int | None) -> dict[str, Any]:
    return {"kinds": list(kinds) or None, "actor_types": list(actor_types) or None, "threat": threat,
            "programme": programme, "since": since, "until": until}


def _project(store: str | None, graph: str, evidence: bool, **selection: Any) -> nx.Graph:
    with open_cli_store(store) as kg:
        return project(kg, graph, evidence=evidence, **selection)


@click.command("centrality")
@store_option
@click.option("--measure", "measures", multiple=True, type=click.Choice(MEASURES),
              help="Measures to compute (repeatable); default all.")
@click.option("--sort-by", default=None, type=click.Choice(MEASURES),
              help="Rank by this measure (default: the first one computed, degree).")
@click.option("--top", default=None, type=click.IntRange(min=1), metavar="N", help="Only the N best actors.")
@click.option("--engine", default="auto", show_default=True, type=click.Choice(ENGINES),
              help="networkx, igraph, or auto (igraph on large graphs); same values either way.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for sampled betweenness.")
@click.option("--sample", default=None, type=click.IntRange(min=1), metavar="K",
              help="Estimate betweenness from K source actors (default: exact).")
@selection_options
@output_options
def centrality_command(store: str | None, measures: tuple[str, ...], sort_by: str | None, top: int | None,
                       engine: str, seed: int, sample: int | None, fmt: str | None, **selection: Any) -> None:
    """Rank actors by degree, weighted degree, betweenness, closeness, eigenvector and PageRank.

    Computed on the actor-actor cooperation network (``crimekg network``);
    see ``crimekg.graph.network.centrality`` for the exact definitions.

    \b
    Examples:
      crimekg centrality --top 10
      crimekg centrality --measure pagerank --threat drug-trafficking --since 2018 --json
    """
    G = _project(store, "cooperation", False, **_selection(**selection))
    scores = centrality(G, list(measures) or None, engine=engine, seed=seed, sample=sample)
    if sort_by and sort_by not in scores:
        raise UsageError(f"--sort-by {sort_by}: add --measure {sort_by}")
    echo_rows(centrality_rows(G, scores, sort_by=sort_by, top=top), fmt,
              ["rank", "actor", "label", "type", *scores])


@click.command("communities")
@store_option
@click.option("--method", default="louvain", show_default=True, type=click.Choice(METHODS),
              help="louvain (networkx) or leiden (igraph).")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed: same seed, same communities.")
@click.option("--resolution", default=1.0, show_default=True, type=float,
              help="Modularity resolution: above 1 gives more, smaller communities.")
@click.option("--summary", is_flag=True, help="One row per community (size, main members) instead of per actor.")
@selection_options
@output_options
def communities_command(store: str | None, method: str, seed: int, resolution: float, summary: bool,
                        fmt: str | None, **selection: Any) -> None:
    """Find communities of actors that cooperate more among themselves (Louvain or Leiden).

    \b
    Examples:
      crimekg communities --summary
      crimekg communities --method leiden --seed 7 --csv
    """
    G = _project(store, "cooperation", False, **_selection(**selection))
    result = detect_communities(G, method, seed=seed, resolution=resolution)
    click.echo(f"{len(result.communities)} communities of {G.number_of_nodes()} actors, "
               f"modularity {result.modularity:.4f} ({method}, seed {seed}, resolution {resolution})", err=True)
    if not summary:
        echo_rows(community_rows(G, result), fmt, ["community", "size", "actor", "label", "type"])
        return
    rows = []
    for number, members in enumerate(result.communities, start=1):
        ranked = sorted(members, key=lambda v: (-G.degree(v, weight="weight"), str(G.nodes[v].get("label")), v))
        rows.append({"community": number, "size": len(members),
                     "main_members": [G.nodes[v].get("label") for v in ranked[:5]]})
    echo_rows(rows, fmt, ["community", "size", "main_members"])


def _oriented(G: nx.Graph, a: str, b: str) -> tuple[str, str]:
    """(actor, threat/programme) in a bipartite graph; (smaller, larger IRI) otherwise."""
    if G.nodes[a].get("bipartite", "actor") != "actor":
        return b, a
    if G.nodes[b].get("bipartite", "actor") != "actor":
        return a, b
    return (a, b) if a < b else (b, a)


def _edge_rows(G: nx.Graph) -> list[dict[str, Any]]:
    rows = []
    for u, v in sorted((_oriented(G, str(a), str(b)) for a, b in G.edges()),
                       key=lambda e: (-G.edges[e].get("weight", 1.0), e)):
        data = G.edges[u, v]
        evidence = data.get("evidence") or []
        rows.append({"source_label": G.nodes[u].get("label"), "target_label": G.nodes[v].get("label"),
                     "weight": data.get("weight"), "kinds": data.get("kinds"), "years": data.get("years"),
                     "threats": data.get("threats"), "programmes": data.get("programmes"),
                     "documents": len({e.get("document") for e in evidence}), "source": u, "target": v})
    return rows


def _node_rows(G: nx.Graph) -> list[dict[str, Any]]:
    nodes = sorted(G, key=lambda v: (-G.degree(v), str(G.nodes[v].get("label")), str(v)))
    return [{"actor": str(v), "label": G.nodes[v].get("label"), "type": G.nodes[v].get("type"),
             "degree": G.degree(v), "weighted_degree": G.degree(v, weight="weight"),
             "country": G.nodes[v].get("country"), "threats": G.nodes[v].get("threats"),
             "programmes": G.nodes[v].get("programmes")} for v in nodes]


@click.command("network")
@store_option
@click.option("--graph", "graph", default="cooperation", show_default=True, type=click.Choice(list(GRAPHS)),
              help="cooperation: actor-actor; actor-threat / actor-programme: bipartite.")
@click.option("--nodes", "show", flag_value="nodes", help="List the nodes (with degree) instead of the edges.")
@click.option("--summary", "show", flag_value="summary", help="One row: nodes, edges, components, density, time.")
@click.option("--edges", "show", flag_value="edges", default=True, help="List the edges, strongest first (default).")
@click.option("--top", default=None, type=click.IntRange(min=1), metavar="N", help="Only the first N rows.")
@click.option("--write", "write", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the network to this file: .graphml, .gexf or .csv.")
@selection_options
@output_options
def network_command(store: str | None, graph: str, show: str, top: int | None, write: Path | None,
                    fmt: str | None, **selection: Any) -> None:
    """The cooperation network (or a bipartite actor-threat / actor-programme graph): list, summarise, write.

    Two actors are linked when the link rules (graph/linkrules.yaml) link
    them: same activity, agreement, programme, membership or a direct
    statement; the weight counts the distinct connections.

    \b
    Examples:
      crimekg network --summary
      crimekg network --top 20
      crimekg network --graph actor-threat --nodes --json
      crimekg network --programme CRIMJUST --since 2018 --write crimjust.graphml
    """
    out_format = None
    if write is not None:
        out_format = write.suffix.lower().lstrip(".")
        if out_format not in FORMATS:
            raise UsageError(f"--write {write}: use a .graphml, .gexf or .csv file name")
    started = time.perf_counter()
    G = _project(store, graph, True, **_selection(**selection))
    seconds = time.perf_counter() - started
    if write is not None and out_format is not None:
        text = network_text(G, out_format)
        try:
            write.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{write}: cannot write: {exc.strerror or exc}") from exc
        click.echo(f"Wrote {write} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True)
    if show == "summary":
        rows = [{"graph": graph, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                 "components": nx.number_connected_components(G) if len(G) else 0,
                 "density": round(nx.density(G), 6) if len(G) > 1 else 0.0, "seconds": round(seconds, 3)}]
        echo_rows(rows, fmt)
        return
    rows = _node_rows(G) if show == "nodes" else _edge_rows(G)
    echo_rows(rows[:top] if top else rows, fmt)
