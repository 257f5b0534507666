"""``crimekg viz``: write the cooperation network as an offline HTML map.

Registered in the main CLI group (``crimekg.graph.cli``), which reports a
:class:`~crimekg.graph.errors.CrimekgError` as one ``Error:`` line and its
exit code.  The network projection is imported when the command runs.

Example::

    crimekg viz --out bolivia.html --actor Bolivia --depth 1
    crimekg viz --out map.html --layout geo --threat drug-trafficking --since 2018
"""

from __future__ import annotations

from pathlib import Path

import click
from crimekg.graph.clicommon import store_option
from crimekg.graph.errors import UsageError
from crimekg.viz.centrality import MEASURES
from crimekg.viz.render import LAYOUTS, render_html
from crimekg.viz.select import ego_subgraph
from crimekg.viz.theme import KIND_STYLES


def _default_title(actor: str | None, depth: int, threat: str | None, programme: str | None,
                   kinds: tuple[str, ...], since: int | None, until: int | None) -> str:
    """Title naming the selection, e.g. ``crimekg cooperation map: Bolivia (depth 1), since 2018``.

    >>> _default_title("Bolivia", 1, None, None, (), 2018, None)
    'crimekg cooperation map: Bolivia (depth 1), since 2018'
    """
    parts = []
    if actor:
        parts.append(f"{actor} (depth {depth})")
    if threat:
        parts.append(f"threat {threat}")
    if programme:
        parts.append(f"programme {programme}")
    if kinds:
        parts.append("/".join(kinds))
    if since is not None and until is not None:
        parts.append(f"{since}–{until}")
    elif since is not None:
        parts.append(f"since {since}")
    elif until is not None:
        parts.append(f"until {until}")
    return "crimekg cooperation map" + (": " + ", ".join(parts) if parts else "")


@click.command("viz")
@store_option
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write.")
@click.option("--actor", default=None, metavar="NAME",
              help="Ego view around this actor (IRI, key, label or alias).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Links away from --actor to include.")
@click.option("--layout", default="force", show_default=True, type=click.Choice(LAYOUTS),
              help="force: network layout; geo: actors at their coordinates.")
@click.option("--size-by", default="degree", show_default=True, metavar="MEASURE",
              help=f"Node size: {', '.join(MEASURES)}, or a numeric node attribute.")
@click.option("--top", "top_n", default=None, type=click.IntRange(min=1), metavar="N",
              help="Show only the N most central actors.")
@click.option("--threat", default=None, metavar="THREAT", help="Only cooperation addressing this threat.")
@click.option("--programme", default=None, metavar="PROGRAMME", help="Only cooperation under this programme.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(KIND_STYLES)),
              help="Relation kinds to include (repeatable); default all.")
@click.option("--since", default=None, type=int, metavar="YEAR", help="Only cooperation in or after YEAR.")
@click.option("--until", default=None, type=int, metavar="YEAR", help="Only cooperation in or before YEAR.")
@click.option("--title", default=None, help="Page title (default names the selection).")
@click.option("--physics/--no-physics", default=None,
              help="Animate the force layout (default: only for small graphs).")
def viz_command(store: str | None, out: Path, actor: str | None, depth: int, layout: str, size_by: str,
                top_n: int | None, threat: str | None, programme: str | None, kinds: tuple[str, ...],
                since: int | None, until: int | None, title: str | None, physics: bool | None) -> None:
    """Write the cooperation network as a self-contained HTML map that works offline."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    from crimekg.graph.clicommon import open_cli_store
    from crimekg.graph.network.projection import cooperation_graph

    with open_cli_store(store) as kg:
        G = cooperation_graph(kg, kinds=list(kinds) or None, threat=threat, programme=programme,
                              since=since, until=until)
    if actor:
        G = ego_subgraph(G, actor, depth)
    title = title or _default_title(actor, depth, threat, programme, kinds, since, until)
    path = render_html(G, out, size_by=size_by, layout=layout, title=title, top_n=top_n, physics=physics)
    click.echo(f"Wrote {path} (graph of {G.number_of_nodes()} actors, {G.number_of_edges()} links)")
