"""The ``crimekg`` command line.

Every command prints one-line errors (``Error: ...``) and exits with a
documented code (see :mod:`crimekg.graph.errors`): 0 ok, 1 violations,
2 usage, 3 bad input, 4 query, 5 store, 6 timeout.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path
from typing import Any

import click

from . import __version__
from .clicommon import open_cli_store, store_option
from .errors import CrimekgError, InputError
from .output import echo_rows, output_options

# Commands defined in other modules, registered on the main group: (module, attribute).
COMMAND_MODULES: list[tuple[str, str]] = [
    ("crimekg.viz.cli", "viz_command"),
    ("crimekg.graph.ingest.cli", "ingest"),
    ("crimekg.graph.ingest.cli", "eval_command"),
    ("crimekg.graph.ingest.cli", "merges"),
    ("crimekg.graph.query_cli", "query_command"),
    ("crimekg.graph.query_cli", "queries_command"),
    ("crimekg.graph.query_cli", "partners_command"),
    ("crimekg.graph.query_cli", "serve_command"),
    ("crimekg.graph.network.cli", "centrality_command"),
    ("crimekg.graph.network.cli", "communities_command"),
    ("crimekg.graph.network.cli", "network_command"),
]


class CrimekgGroup(click.Group):
    """A click group that reports CrimekgError as one line and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CrimekgError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=CrimekgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="crimekg")
def cli() -> None:
    """crimekg: a knowledge graph of international cooperation against organised crime.

    \b
    Start here:
      crimekg build                 build the graph from the packaged documents
      crimekg stats                 what is in it
      crimekg partners Bolivia      who partners with Bolivia, through what, says who
      crimekg queries               the saved SPARQL queries; run one with `crimekg query NAME`
      crimekg validate              check it against the SHACL shapes

    The graph lives in an embedded Oxigraph store on disk (--store, default
    ~/.local/share/crimekg/store); any SPARQL 1.1 server works too
    (--store http://host:7878).  Exit codes: 0 ok, 1 violations, 2 usage,
    3 bad input, 4 query error, 5 store error, 6 timeout.
    """


@cli.command()
@store_option
@click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data folder (documents.yaml, gazetteer.yaml, documents/, annotations/). "
                   "Default: the packaged data.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(store: str | None, data: Path | None, quiet: bool) -> None:
    """Build the graph from the curated data into the store.

    Parses and validates the ontology, the gazetteer and every annotated
    document first; then replaces the ontology, gazetteer and per-document
    named graphs in ONE transaction.  A failed build leaves the store as it
    was; building twice gives the same store.

    \b
    Examples:
      crimekg build                      # default store on disk
      crimekg build --store ./kg         # a store in ./kg
      crimekg build --store memory       # check that everything builds
    """
    from .build import build as run_build

    with open_cli_store(store, write=True) as kg:
        report = run_build(kg, data, progress=None if quiet else lambda d: click.echo(f"  reading {d}", err=True))
        if quiet:
            return
        click.echo(f"Built {report.documents} documents into {kg.spec} ({kg.kind}) in {report.seconds:.2f}s")
        click.echo(f"  named graphs: {len(report.graphs)}   quads: {report.quads}   "
                   f"facts with provenance: {report.facts}")
        click.echo("  entities: " + ", ".join(f"{n} {t}" for t, n in sorted(report.entity_types.items())))


STATS_QUERY = """
SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""
CLASS_QUERY = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?c . FILTER(STRSTARTS(STR(?c), STR(ckg:)))
  BIND(STRAFTER(STR(?c), "#") AS ?class)
  FILTER NOT EXISTS { ?c a owl:Class . FILTER(?s = ?c) }
  FILTER(?class NOT IN ("Assertion", "Sentence", "Method"))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""


@cli.command()
@store_option
@click.option("--by", type=click.Choice(["graph", "class"]), default="graph", show_default=True,
              help="Count triples per named graph, or entities per ontology class.")
@output_options
def stats(store: str | None, by: str, fmt: str | None) -> None:
    """Count what is in the store: triples per named graph, or entities per class.

    \b
    Examples:
      crimekg stats
      crimekg stats --by class --json
    """
    with open_cli_store(store) as kg:
        if by == "graph":
            rows = [{"graph": str(g), "triples": int(n)} for g, n in kg.query(STATS_QUERY)]
        else:
            rows = [{"class": str(c), "entities": int(n)} for c, n in kg.query(CLASS_QUERY)]
    echo_rows(rows, fmt)


@cli.command()
@store_option
@click.option("--shapes", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="SHACL shapes file (default: the packaged ontology/shapes.ttl).")
@output_options
def validate(store: str | None, shapes: Path | None, fmt: str | None) -> None:
    """Validate the store against the SHACL shapes.

    Exits 0 when the data conforms, 1 when there are violations (listed).
    """
    from .validate import validate_store

    with open_cli_store(store) as kg:
        started = time.perf_counter()
        result = validate_store(kg, shapes)
    if result.violations:
        echo_rows(result.violations, fmt, ["severity", "focus", "path", "value", "message"])
    if result.conforms:
        click.echo(f"Conforms: no SHACL violations ({time.perf_counter() - started:.1f}s).", err=True)
        return
    click.echo(f"Does not conform: {len(result.violations)} violation(s).", err=True)
    sys.exit(1)


NETWORK_FORMATS = ("graphml", "gexf", "csv")


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nq", "nt", "jsonld", *NETWORK_FORMATS]),
              default="trig", show_default=True,
              help="RDF: ttl/nt (union of graphs), trig/nq/jsonld (named graphs kept). "
                   "Network for Gephi: graphml, gexf, csv (edge list).")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: standard output).")
def export(store: str | None, fmt: str, out: Path | None) -> None:
    """Export the graph as RDF, or the cooperation network for Gephi.

    \b
    Examples:
      crimekg export --format trig -o crimekg.trig
      crimekg export --format graphml -o network.graphml
    """
    if out is not None and not out.parent.is_dir():  # fail before the (long) export, not after
        raise InputError(f"{out}: cannot write: no folder {out.parent}")
    with open_cli_store(store) as kg:
        if fmt in NETWORK_FORMATS:
            from .network.export import export_network

            text = export_network(kg, fmt)
        else:
            from .export import export_rdf

            text = export_rdf(kg, fmt)
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{out}: cannot write: {exc.strerror or exc}") from exc
        click.echo(f"Wrote {out} ({len(text.encode('utf-8'))} bytes)", err=True)


@cli.command()
@store_option
@click.argument("dump", type=click.Path(dir_okay=False, path_type=Path))
def load(store: str | None, dump: Path) -> None:
    """Fill a NEW store from a dump (N-Quads .nq or TriG .trig) with the bulk loader.

    For restoring `crimekg export --format nq|trig` output, or loading a large
    corpus, several times faster than build/ingest.  It only fills an empty
    store: a store that holds anything is refused.  A bad dump leaves the store
    empty; a load killed midway leaves a marker, and the store is refused until
    the directory is deleted.

    \b
    Examples:
      crimekg export --format nq -o kg.nq
      crimekg load kg.nq --store ./copy
    """
    import time

    from .bulkload import bulk_load

    if store is not None and store.startswith(("http://", "https://")):
        raise InputError(f"{store}: load fills an embedded store; load dumps into a server with its own loader")
    started = time.perf_counter()
    with open_cli_store(store, write=True) as kg:
        quads = bulk_load(kg, dump)
        click.echo(f"Loaded {quads} quads from {dump} into {kg.spec} in {time.perf_counter() - started:.2f}s")


def _register() -> None:
    for module_name, attribute in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        command = getattr(module, attribute)
        cli.add_command(command)


_register()


def main() -> None:
    """Console entry point."""
    cli(prog_name="crimekg")


if __name__ == "__main__":
    main()
