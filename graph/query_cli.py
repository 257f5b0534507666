"""Commands for researchers: ``query``, ``queries``, ``partners`` and ``serve``.

They are registered on the ``crimekg`` group through ``COMMAND_MODULES``
in :mod:`crimekg.graph.cli`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .clicommon import open_cli_store, store_option
from .errors import QueryError, UsageError
from .output import FORMATS, echo_rows, output_options
from .queries import SavedQuery, bind_params, library, load_query, parse_param_options
from .relations import link_kinds
from .sparql_policy import Policy, check_query
from .sparql_results import (
    columns,
    display_rows,
    graph_text,
    is_graph_result,
    plain_rows,
    to_csv,
    to_json,
    to_tsv,
    to_xml,
)

F = TypeVar("F", bound=Callable[..., Any])
EXTRA_FORMATS = ("xml", "ttl", "nt", "jsonld")


def query_output_options(func: F) -> F:
    """The shared output options, with the SPARQL formats added.

    ``--format`` also takes ``xml`` (SPARQL XML results) and, for CONSTRUCT /
    DESCRIBE, ``ttl``, ``nt`` and ``jsonld``; ``--xml``, ``--ttl`` and ``--nt``
    are shortcuts.
    """
    func = output_options(func)
    for param in getattr(func, "__click_params__", []):
        if param.name == "fmt" and "--format" in param.opts:
            param.type = click.Choice([*FORMATS, *EXTRA_FORMATS])
            param.help = ("Output format: table (default), csv/tsv/json/xml (the SPARQL 1.1 results formats), "
                          "jsonl (one object a row); ttl (default), nt or jsonld for CONSTRUCT/DESCRIBE.")
    for flag, value in (("--nt", "nt"), ("--ttl", "ttl"), ("--xml", "xml")):
        func = click.option(flag, "fmt", flag_value=value, help=f"Shortcut for --format {value}.")(func)
    return func


def _write(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def emit_result(result: Any, fmt: str | None) -> None:
    """Print a query result in *fmt* (see :func:`query_output_options`)."""
    if is_graph_result(result):
        graph_fmt = {None: "ttl", "table": "ttl", "json": "jsonld"}.get(fmt, fmt)
        if graph_fmt in ("ttl", "nt", "jsonld"):
            _write(graph_text(result, graph_fmt))
            return
        if graph_fmt == "xml":
            _write(graph_text(result, "rdfxml"))
            return
    if fmt == "json":
        _write(to_json(result) + "\n")
    elif fmt == "xml":
        _write(to_xml(result))
    elif fmt == "csv":
        _write(to_csv(result))
    elif fmt == "tsv":
        _write(to_tsv(result))
    elif fmt == "jsonl":
        _write("\n".join(json.dumps(r, ensure_ascii=False) for r in plain_rows(result)) + "\n")
    elif fmt in ("ttl", "nt", "jsonld"):
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; this is a {result.type} query")
    else:
        rows = display_rows(result)
        echo_rows(rows, "table", columns(result))
        if result.type == "SELECT":
            click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


@click.command("query")
@click.argument("ref", metavar="[NAME|FILE|-]", required=False)
@click.option("--sparql", "sparql_text", metavar="QUERY", default=None,
              help="The query text itself, instead of NAME, FILE or -.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable). Typed per the query's header; entity parameters "
                   "take a label, alias, acronym, key or IRI.")
@store_option
@query_output_options
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (federated calls), LOAD and FROM/FROM NAMED outside the crimekg graphs.")
@click.option("--allow-update", is_flag=True, help="Allow SPARQL updates (they change the store).")
@click.option("--print-query", is_flag=True, help="Print the query with its parameters bound instead of running it.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="Stop the query after SECONDS (it runs in a worker process that is killed; exit code 6). "
                   "Default: no limit.")
def query_command(ref: str | None, sparql_text: str | None, params: tuple[str, ...], store: str | None,
                  fmt: str | None, allow_service: bool, allow_update: bool, print_query: bool,
                  timeout: float | None) -> None:
    """Run a saved query (NAME), a query file (FILE) or a query on standard input (-).

    Parameters are bound as RDF terms, never pasted into the text.  The query
    runs over the union of all named graphs.  SERVICE, LOAD, FROM outside
    the crimekg graphs and updates are refused unless allowed.

    \b
    Examples:
      crimekg queries                                    # the saved queries
      crimekg query partners --param actor=Bolivia
      crimekg query activities-by-country-year -p country=Perú -p year=2018 --csv
      crimekg query describe-entity -p entity=UNODC --ttl
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | crimekg query -
      crimekg query --sparql 'ASK { ?a ckg:party id:bolivia }'
      crimekg query - --timeout 5 < heavy.rq             # give up after 5 seconds
    """
    from .sparql_run import execute
    from .sparqlbind import bind_values

    if (ref is None) == (sparql_text is None):
        raise UsageError("give a query: NAME, FILE, - (standard input) or --sparql QUERY (exactly one)")
    if sparql_text is not None:
        saved = load_query("-", stdin_text=sparql_text)
    else:
        stdin_text = sys.stdin.read() if ref == "-" else None
        saved = load_query(str(ref), stdin_text=stdin_text)
    values = parse_param_options(params)
    policy = Policy(allow_service=allow_service, allow_update=allow_update)
    checked = check_query(saved.text, policy)  # refuse before opening (or building) anything
    if timeout is not None and checked.form == "UPDATE":
        raise UsageError("--timeout applies to queries, not updates")
    with open_cli_store(store, write=allow_update) as kg:
        bindings = bind_params(saved, values, kg)
        bound = bind_values(saved.text, bindings) if bindings else saved.text
        if print_query:
            _write(bound)
            return
        if timeout is None:
            _, result = execute(kg, saved.text, bindings, policy, checked=checked)
            if result is None:
                click.echo(f"Update applied to {kg.spec}.", err=True)
                return
            emit_result(result, fmt)
            return
    # with a time limit: the store is closed here (its workers open it read-only) and the query runs there
    from .query_timeout import run_with_timeout

    emit_result(run_with_timeout(store, bound, policy, timeout), fmt)


def _query_row(q: SavedQuery) -> dict[str, Any]:
    return {"name": q.name, "title": q.title, "parameters": ", ".join(p.shown() for p in q.params)}


def _query_detail(q: SavedQuery) -> dict[str, Any]:
    return {
        "name": q.name, "title": q.title, "description": q.description,
        "parameters": [{"name": p.name, "type": p.type, "optional": p.optional, "default": p.default,
                        "description": p.description} for p in q.params],
        "examples": list(q.examples), "path": str(q.path) if q.path else None, "text": q.text,
    }


@click.command("queries")
@click.argument("name", required=False)
@output_options
def queries_command(name: str | None, fmt: str | None) -> None:
    """List the saved SPARQL queries, or show one (NAME) with its parameters and text.

    Parameter types: iri, entity, actor, threat, document, programme (a name,
    key or IRI), string, integer, decimal, date (YYYY-MM-DD), year (YYYY).

    \b
    Examples:
      crimekg queries
      crimekg queries partners
      crimekg queries --json
    """
    if name is None:
        queries = library()
        if fmt == "json":
            _write(json.dumps([_query_detail(q) for q in queries.values()], ensure_ascii=False, indent=2) + "\n")
            return
        echo_rows([_query_row(q) for q in queries.values()], fmt, ["name", "title", "parameters"])
        return
    q = load_query(name)
    if fmt in ("json", "jsonl"):
        _write(json.dumps(_query_detail(q), ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n")
        return
    if fmt in ("csv", "tsv"):
        echo_rows([_query_row(q)], fmt, ["name", "title", "parameters"])
        return
    click.echo(f"{q.name}: {q.title}\n")
    click.echo(click.wrap_text(q.description, 100) + "\n")
    for p in q.params:
        click.echo(f"  --param {p.name}=...   {p.type}{', optional' if p.optional else ''}"
                   f"{f', default {p.default}' if p.default is not None else ''}: {p.description}")
    for example in q.examples:
        click.echo(f"  e.g. {example}")
    click.echo("")
    _write(q.text)


@click.command("partners")
@click.argument("actor")
@store_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(link_kinds()),
              help="Only links of this kind (repeatable).")
@click.option("--lang", default="en", show_default=True, help="Language of the labels (falls back to English).")
@output_options
def partners_command(actor: str, store: str | None, kinds: tuple[str, ...], lang: str, fmt: str | None) -> None:
    """Who ACTOR partners with, through what (activity, agreement, programme, membership), and who says so.

    ACTOR is a label, alias, acronym, key or IRI, in any language and without
    accents if you like (Perú, peru, UNODC, "Red Jaguar").  Each row is a link:
    the partner, the kind of link, the node that links them (via), the roles
    (ACTOR's role / the partner's role), the date of the via node, and the
    source documents and sentence.  --json gives every piece of evidence
    (document, title, date, sentence, character offsets, method, confidence).
    Kinds and the rules behind them: graph/linkrules.yaml.

    \b
    Examples:
      crimekg partners Bolivia
      crimekg partners DEVIDA --kind co-activity
      crimekg partners "Unión Europea" --json
    """
    from .partners import partners

    started = time.perf_counter()
    with open_cli_store(store) as kg:
        report = partners(kg, actor, kinds, lang)
    if fmt == "json":
        _write(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "jsonl":
        _write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in report.as_json()))
        return
    table = fmt in (None, "table")
    rows = report.rows(width=90 if table else None)
    cols = ["partner", "kind", "via", "roles", "date", "documents", "evidence"]
    if not table:
        cols = ["partner", "key", "kind", "via", "via_type", "roles", "date", "documents", "evidence"]
    echo_rows(rows, fmt, cols)
    if table:
        click.echo(f"{report.label}: {len(report.links)} link(s) with {report.partner_count} partner(s) "
                   f"({time.perf_counter() - started:.2f}s)", err=True)


@click.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7879, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a query may run before its worker is killed (HTTP 503).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (queries that can run at the same time).")
@click.option("--max-memory", default=1024, show_default=True, type=click.IntRange(0, None), metavar="MB",
              help="Memory a worker may use; a query that needs more gets HTTP 503 (0: no limit).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE and FROM outside the crimekg graphs.")
def serve_command(store: str | None, host: str, port: int, timeout: float, workers: int, max_memory: int,
                  allow_service: bool) -> None:
    """A read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql, with a query page at /.

    GET or POST queries (SPARQL 1.1 Protocol); results as JSON, XML, CSV or TSV
    (Turtle or N-Triples for CONSTRUCT/DESCRIBE), chosen by the Accept header
    or a format= parameter.  Updates are refused (403), and so are SERVICE,
    LOAD and FROM outside the crimekg graphs.  Each query runs in a worker
    process that opens the store read-only and is killed after --timeout
    (HTTP 503); a worker that needs more than --max-memory stops (503) and
    is replaced.

    \b
    Examples:
      crimekg serve                          # http://127.0.0.1:7879/
      crimekg serve --store memory --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a ckg:Programme }' \\
           http://127.0.0.1:7879/sparql
    """
    from .serve import serve_forever

    serve_forever(store, host, port, timeout=timeout, workers=workers, policy=Policy(allow_service=allow_service),
                  announce=lambda text: click.echo(text, err=True), max_memory_mb=max_memory or None)
