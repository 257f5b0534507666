"""Run one query with a time limit: in a worker process that is killed when the limit passes.

pyoxigraph cannot interrupt a running query (and SIGALRM does not stop it),
so ``crimekg query --timeout`` runs the query the way ``crimekg serve`` does:
in a separate worker process (:class:`~crimekg.graph.serve.WorkerPool`) that
opens the store read-only, and that is stopped if it has not answered in time.
The answer comes back as SPARQL JSON results (or N-Triples for a graph) and is
turned into an rdflib result again, so every output format works as without
a limit.

>>> from crimekg.graph.sparql_policy import Policy
>>> result = run_with_timeout("memory", "SELECT (1 + 1 AS ?two) WHERE {}", Policy(), 60)
>>> [int(row[0]) for row in result]
[2]
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rdflib import Graph
from rdflib.query import Result

from .errors import QueryError, QueryTimeoutError, StoreError
from .serve import WorkerPool, _prepare_store
from .sparql_policy import Policy, check_query


def run_with_timeout(spec: str | None, text: str, policy: Policy, timeout: float) -> Result:
    """Run the (already bound) query *text* on the store *spec*; QueryTimeoutError after *timeout* seconds."""
    checked = check_query(text, policy)
    graph_form = checked.form in ("CONSTRUCT", "DESCRIBE")
    cleanup: list[Callable[[], None]] = []
    try:
        worker_spec = _prepare_store(spec, cleanup)
        pool = WorkerPool(worker_spec, 1, policy)
        cleanup.append(pool.close)
        pool.start()
        status, _media, body = pool.run({"query": text, "format": "nt" if graph_form else "json"}, timeout)
    finally:
        for step in reversed(cleanup):
            step()
    message = body.decode("utf-8", "replace")
    if status != 200:
        detail = message.split(": ", 1)[-1].strip()
        if status == 503:
            raise QueryTimeoutError(detail)
        if status >= 500:
            raise StoreError(detail)
        raise QueryError(detail)
    if graph_form:
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=message, format="nt")
        return result
    return Result.parse(io.BytesIO(body), format="json")
