"""``crimekg serve``: a read-only SPARQL 1.1 Protocol endpoint with an offline query page.

Design:

* The HTTP front end is the standard library's ``ThreadingHTTPServer``.
  It never runs a query itself: it hands each one to a worker process.
* Workers open the store **read-only** (``Store.read_only``), so killing one
  can never corrupt it.  A query that runs past ``timeout`` gets its worker
  killed (SIGKILL) and replaced; the client gets HTTP 503.  pyoxigraph has no
  query timeout and a signal cannot interrupt a running query, so a process
  boundary is the only reliable limit.
* The front end holds the on-disk store's write lock for as long as it
  serves, so that no ``crimekg build`` can change the files under the readers.
  ``--store memory`` is built once into a temporary directory; a remote
  store (``http://...``) is queried by the workers over HTTP.
* Every query is parsed and checked (:mod:`.sparql_policy`) in the worker:
  updates are refused (403), and so are SERVICE, LOAD and FROM outside the
  crimekg graphs (unless ``--allow-service``).  Malformed queries get 400.

Endpoints: ``/sparql`` (and ``/query``): GET ``?query=`` or POST (form or
``application/sparql-query``), with ``default-graph-uri`` / ``named-graph-uri``;
``/`` the query page; ``/queries`` the saved queries (JSON); ``/queries/NAME``
runs a saved query with its parameters in the URL.  Results: SPARQL JSON, XML,
CSV or TSV; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT/DESCRIBE, by
the Accept header or a ``format`` parameter (``json``, ``csv``, ``ttl``...).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import queue
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import CrimekgError, NotFoundError, QueryError, QueryTimeoutError, StoreError, UsageError
from .sparql_policy import Policy, RefusedError, check_query, one_line
from .sparql_results import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, serialize
from .store import KGStore, default_store_path, is_remote, open_store

MAX_BODY = 1 << 20  # bytes of a POSTed query
MAX_DRAIN = 16 << 20  # an oversized body up to this size is read and discarded before the 413
PAGE_PATH = Path(__file__).with_name("static") / "serve_page.html"
Reply = tuple[int, str, bytes]

_FORMAT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "ttl": "ttl", "turtle": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf/xml": "rdfxml", "rdf": "rdfxml",
}
_MEDIA_ALIASES = {
    "application/sparql-results+json": "json", "application/json": "json", "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "ttl", "application/x-turtle": "ttl", "text/n3": "ttl", "text/rdf+n3": "ttl",
    "application/n-triples": "nt", "text/plain": "nt", "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}


def _formats_for(form: str) -> tuple[list[str], dict[str, str]]:
    """Formats a query form can be written in (the first is the default) and their media types."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return ["ttl", "nt", "jsonld", "rdfxml"], GRAPH_MEDIA_TYPES
    return ["json", "xml", "csv", "tsv"], RESULT_MEDIA_TYPES


def _graph_equivalent(fmt: str) -> str:
    return {"json": "jsonld", "xml": "rdfxml"}.get(fmt, fmt)


def negotiate(form: str, fmt: str | None, accept: str | None) -> str:
    """The output format for a query *form*, from a ``format`` parameter or an Accept header.

    >>> negotiate("SELECT", None, "text/csv, application/json;q=0.5")
    'csv'
    >>> negotiate("CONSTRUCT", None, "*/*"), negotiate("CONSTRUCT", "json", None)
    ('ttl', 'jsonld')
    >>> negotiate("SELECT", "text/tab-separated-values", None)
    'tsv'
    >>> negotiate("SELECT", None, "text/turtle")
    Traceback (most recent call last):
    ...
    crimekg.graph.serve.NotAcceptable: no acceptable format for a SELECT result (Accept: text/turtle); \
available: application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values
    """
    names, media = _formats_for(form)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if fmt:
        value = fmt.strip().lower()
        chosen = _FORMAT_ALIASES.get(value)
        if chosen and graph:
            chosen = _graph_equivalent(chosen)
        if chosen is None:
            media_type = value.split(";")[0].strip()
            chosen = _MEDIA_ALIASES.get(media_type)
            if chosen and graph and media_type in ("application/json", "application/xml", "text/xml"):
                chosen = _graph_equivalent(chosen)
        if chosen in names:
            return chosen
        raise NotAcceptable(f"format {fmt!r} is not available for a {form} result; use one of {', '.join(names)}")
    ranges: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept or "*/*").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        quality = 1.0
        for piece in pieces[1:]:
            if piece.startswith("q="):
                with contextlib.suppress(ValueError):
                    quality = float(piece[2:])
        if pieces[0]:
            ranges.append((-quality, index, pieces[0].lower()))
    for negative_quality, _, media_range in sorted(ranges):
        if negative_quality >= 0:
            continue
        if media_range in ("*/*", "*"):
            return names[0]
        if media_range.endswith("/*"):
            major = media_range[:-1]
            match = next((n for n in names if media[n].startswith(major)), None)
            if match:
                return match
            continue
        chosen = _MEDIA_ALIASES.get(media_range)
        if chosen and graph and media_range in ("application/json", "application/xml", "text/xml"):
            chosen = _graph_equivalent(chosen)
        if chosen in names:
            return chosen
    raise NotAcceptable(f"no acceptable format for a {form} result (Accept: {accept}); available: "
                        + ", ".join(media[n] for n in names))


class NotAcceptable(QueryError):
    """No result format satisfies the request (HTTP 406)."""


# --------------------------------------------------------------------------- worker side


def _reply(status: int, text: str) -> Reply:
    return status, "text/plain; charset=utf-8", (text.rstrip("\n") + "\n").encode("utf-8")


def run_job(store: KGStore, job: Mapping[str, Any], policy: Policy) -> Reply:
    """Run one request in a worker: check, negotiate, execute, serialize."""
    from .queries import bind_params, saved_query
    from .sparql_run import execute

    try:
        bindings = None
        if job.get("saved"):
            saved = saved_query(str(job["saved"]))
            text = saved.text
            bindings = bind_params(saved, job.get("params") or {}, store)
        else:
            text = str(job.get("query") or "")
        checked = check_query(text, Policy(allow_service=policy.allow_service, allow_update=False))
        fmt = negotiate(checked.form, job.get("format"), job.get("accept"))
        _, result = execute(store, text, bindings, policy, checked=checked,
                            default_graphs=job.get("default_graphs") or None,
                            named_graphs=job.get("named_graphs") or None)
        body = serialize(result, fmt)  # type: ignore[arg-type]
        media = {**RESULT_MEDIA_TYPES, **GRAPH_MEDIA_TYPES}[fmt]
        return 200, f"{media}; charset=utf-8", body.encode("utf-8")
    except RefusedError as exc:
        return _reply(403, f"Refused: {exc}")
    except NotAcceptable as exc:
        return _reply(406, f"Not acceptable: {exc}")
    except NotFoundError as exc:
        return _reply(404 if job.get("saved") and "unknown query" in str(exc) else 400, f"Bad request: {exc}")
    except (QueryError, UsageError) as exc:
        return _reply(400, f"Bad request: {exc}")
    except StoreError as exc:
        return _reply(500, f"Store error: {exc}")
    except CrimekgError as exc:
        return _reply(400, f"Bad request: {exc}")


def _open_worker_store(spec: str) -> KGStore:
    if is_remote(spec):
        return open_store(spec)
    return open_store(spec, read_only=True)


def limit_memory(megabytes: int | None) -> None:
    """Cap this process's data segment (heap and anonymous mappings) at *megabytes* (Linux RLIMIT_DATA)."""
    if not megabytes:
        return
    import resource

    limit = megabytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def worker_main(conn: Connection, spec: str, policy: Policy, max_memory_mb: int | None = None) -> None:
    """A worker process: open the store read-only, then answer jobs until the pipe closes.

    With *max_memory_mb* the worker cannot grow past that size: a query that
    needs more fails (the engine aborts, or Python raises MemoryError) and
    the front end answers 503 and starts a new worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the front end handles Ctrl-C
    os.environ["RUST_BACKTRACE"] = "0"  # an allocation failure ends the worker with one line, not a trace
    store: KGStore | None = None
    opening_error: str | None = None
    try:
        store = _open_worker_store(spec)
        limit_memory(max_memory_mb)
    except CrimekgError as exc:
        opening_error = str(exc)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job.get("op") == "ping":
            conn.send((500, "text/plain", opening_error.encode()) if opening_error else (200, "text/plain", b"ok"))
            continue
        if store is None:
            conn.send(_reply(500, f"Store error: {opening_error}"))
            continue
        try:
            reply = run_job(store, job, policy)
        except MemoryError:
            conn.send(_reply(503, f"Out of memory: the query needs more than the worker's {max_memory_mb} MB; "
                                  "it has been stopped"))
            break  # a fresh worker replaces this one
        except Exception as exc:  # a bug must not kill the worker silently
            reply = _reply(500, f"Internal error: {one_line(exc)}")
        conn.send(reply)
    if store is not None:
        with contextlib.suppress(Exception):  # KGStore.close() flushes, which a read-only store refuses
            store.close()


# --------------------------------------------------------------------------- front end


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)


class Busy(QueryTimeoutError):
    """No worker became free in time."""


class WorkerDied(CrimekgError):
    """A worker ended while running a query (out of memory, or a crash); HTTP 503."""


@dataclass
class WorkerPool:
    """Worker processes that run queries; a worker that overruns is killed and replaced."""

    spec: str
    size: int
    policy: Policy
    max_memory_mb: int | None = None
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _all: list[_Worker] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False
    restarts: int = 0

    def __post_init__(self) -> None:
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["crimekg.graph.serve", "crimekg.graph.sparql_run",
                                              "crimekg.graph.queries"])

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.spec, self.policy, self.max_memory_mb),
                                        name="crimekg-sparql-worker", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def start(self, ready_timeout: float = 120.0) -> None:
        """Start the workers and check that each can open the store."""
        for _ in range(self.size):
            worker = self._spawn()
            try:
                worker.conn.send({"op": "ping"})
                if not worker.conn.poll(ready_timeout):
                    raise StoreError(f"{self.spec}: a worker did not start in {ready_timeout:.0f}s")
                status, _, body = worker.conn.recv()
            except (EOFError, OSError) as exc:
                self.close()
                raise StoreError(f"{self.spec}: a query worker could not start ({one_line(exc)})") from exc
            except StoreError:
                self.close()
                raise
            if status != 200:
                self.close()
                raise StoreError(body.decode("utf-8", "replace"))
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            self.restarts += 1
        if not self._closed:
            def respawn() -> None:
                new = self._spawn()
                if self._closed:
                    new.stop()
                else:
                    self._idle.put(new)
            threading.Thread(target=respawn, name="crimekg-respawn", daemon=True).start()

    def run(self, job: Mapping[str, Any], timeout: float) -> Reply:
        """Run *job* in a free worker; QueryTimeoutError if it takes longer than *timeout*."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"all {self.size} workers stayed busy for {timeout:g}s; try again later") from None
        healthy = False
        try:
            worker.conn.send(dict(job))
            if not worker.conn.poll(timeout):
                raise QueryTimeoutError(f"query timed out after {timeout:g}s (its worker was stopped)")
            reply = worker.conn.recv()
            healthy = reply[0] != 503  # a worker answers 503 only when it ran out of memory and is ending
            return reply
        except (EOFError, OSError, BrokenPipeError) as exc:
            limit = f" (limit {self.max_memory_mb} MB a worker)" if self.max_memory_mb else ""
            raise WorkerDied(f"the query stopped its worker: it ran out of memory{limit} or crashed; "
                             "a new worker has been started") from exc
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.stop()


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol over the worker pool (read-only)."""

    server_version = "crimekg-sparql/0.1"
    server: SparqlServer
    timeout = 60  # seconds a client may stay idle or half-open before its connection is closed

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")

    def _send(self, status: int, content_type: str, body: bytes, extra: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, text: str, extra: Mapping[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (text.rstrip("\n") + "\n").encode("utf-8"), extra)

    def _refuse_method(self) -> None:
        self._text(405, f"{self.command} is not allowed: this endpoint is read-only (use GET or POST with a query)",
                   {"Allow": "GET, POST, HEAD"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        self._dispatch(url.path, params)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._text(400, "Content-Length must be a whole number")
            return
        if length < 0:
            self._text(400, "Content-Length must not be negative")
            return
        if length > MAX_BODY:
            # Drain a moderately large body first so the client reads the 413 instead of a broken pipe.
            remaining = length if length <= MAX_DRAIN else 0
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 16))
                if not chunk:
                    break
                remaining -= len(chunk)
            self.close_connection = True
            self._text(413, f"request body too large (limit {MAX_BODY} bytes)")
            return
        body = self.rfile.read(length) if length > 0 else b""
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._text(400, "the request body is not UTF-8")
            return
        if content_type == "application/sparql-update":
            self._text(403, "Refused: updates are refused: this endpoint is read-only")
            return
        if content_type == "application/x-www-form-urlencoded":
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif content_type == "application/sparql-query":
            params.setdefault("query", []).append(text)
        elif body:
            self._text(415, f"unsupported Content-Type {content_type!r}; use application/x-www-form-urlencoded "
                            "or application/sparql-query")
            return
        self._dispatch(url.path, params)

    def _dispatch(self, path: str, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._text(403, "Refused: updates are refused: this endpoint is read-only")
            return
        if path in ("/sparql", "/query", "/") and "query" in params:
            self._run_query(params)
        elif path in ("/", "/index.html") and self.command in ("GET", "HEAD"):
            self._page()
        elif path in ("/sparql", "/query"):
            if "text/html" in (self.headers.get("Accept") or "") and self.command in ("GET", "HEAD"):
                self._page()
            else:
                self._text(400, "missing the query parameter (GET ?query=... or POST a query)")
        elif path == "/update":
            self._text(403, "Refused: updates are refused: this endpoint is read-only")
        elif path in ("/queries", "/queries/"):
            self._list_queries()
        elif path.startswith("/queries/"):
            self._run_saved(path[len("/queries/"):], params)
        elif path == "/health":
            self._text(200, "ok")
        else:
            self._text(404, f"not found: {path} (the endpoint is /sparql, the query page /)")

    def _format_param(self, params: Mapping[str, list[str]]) -> str | None:
        for name in ("format", "output", "results"):
            if params.get(name) and params[name][0]:
                return params[name][0]
        return None

    def _run_job(self, job: dict[str, Any]) -> None:
        try:
            status, content_type, body = self.server.pool.run(job, self.server.timeout)
        except QueryTimeoutError as exc:
            self._text(503, f"Timeout: {exc}", {"Retry-After": "5"})
            return
        except WorkerDied as exc:
            self._text(503, f"Worker stopped: {exc}", {"Retry-After": "5"})
            return
        except CrimekgError as exc:
            self._text(500, f"Error: {exc}")
            return
        self._send(status, content_type, body)

    def _run_query(self, params: dict[str, list[str]]) -> None:
        if len(params["query"]) != 1:
            self._text(400, "give exactly one query parameter")
            return
        self._run_job({
            "op": "query",
            "query": params["query"][0],
            "format": self._format_param(params),
            "accept": self.headers.get("Accept"),
            "default_graphs": graphs_param(params.get("default-graph-uri", [])),
            "named_graphs": graphs_param(params.get("named-graph-uri", [])),
        })

    def _run_saved(self, name: str, params: dict[str, list[str]]) -> None:
        reserved = {"format", "output", "results"}
        values = {k: v[-1] for k, v in params.items() if k not in reserved}
        self._run_job({"op": "query", "saved": name, "params": values, "format": self._format_param(params),
                       "accept": self.headers.get("Accept")})

    def _list_queries(self) -> None:
        from .queries import library

        try:
            items = [{"name": q.name, "title": q.title, "description": q.description,
                      "parameters": [{"name": p.name, "type": p.type, "optional": p.optional,
                                      "default": p.default, "description": p.description} for p in q.params],
                      "query": q.text} for q in library().values()]
        except CrimekgError as exc:
            self._text(500, f"Error: {exc}")
            return
        self._send(200, "application/json; charset=utf-8", json.dumps(items, ensure_ascii=False).encode("utf-8"))

    def _page(self) -> None:
        try:
            page = PAGE_PATH.read_bytes()
        except OSError:
            page = b"<!doctype html><title>crimekg SPARQL</title><p>POST or GET a query to /sparql.</p>"
        self._send(200, "text/html; charset=utf-8", page)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a worker pool, a timeout, an optional access log."""

    daemon_threads = True
    request_queue_size = 128  # socketserver's default of 5 refuses bursts of concurrent clients
    pool: WorkerPool
    timeout: float  # type: ignore[assignment]
    log: Callable[[str], None] | None = None


@dataclass
class RunningEndpoint:
    """A started endpoint: its URL, and how to stop it."""

    server: SparqlServer
    pool: WorkerPool
    thread: threading.Thread | None
    cleanup: list[Callable[[], None]]

    @property
    def url(self) -> str:
        """Root URL (``http://host:port``)."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def sparql_url(self) -> str:
        """The SPARQL endpoint URL."""
        return self.url + "/sparql"

    def close(self) -> None:
        """Stop serving, stop the workers, release the store."""
        if self.thread is not None:
            self.server.shutdown()
            self.thread.join(timeout=10)
        self.server.server_close()
        self.pool.close()
        for action in reversed(self.cleanup):
            with contextlib.suppress(Exception):
                action()

    def __enter__(self) -> RunningEndpoint:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _prepare_store(spec: str | None, cleanup: list[Callable[[], None]]) -> str:
    """The spec the workers open; builds ``memory`` into a temp dir and locks an on-disk store."""
    if spec is not None and is_remote(spec):
        return spec
    if spec == "memory":
        from .build import build

        folder = tempfile.mkdtemp(prefix="crimekg-serve-")
        cleanup.append(lambda: shutil.rmtree(folder, ignore_errors=True))
        path = str(Path(folder) / "store")
        with open_store(path) as kg:
            build(kg)
        spec = path
    path_obj = Path(spec).expanduser() if spec else default_store_path()
    if not path_obj.exists():
        raise StoreError(f"{path_obj}: no store here yet; run `crimekg build` first (or pass --store memory)")
    holder = open_store(str(path_obj))  # the write lock: no build can run while we serve
    if holder.oxstore is not None:
        holder.oxstore.flush()
    cleanup.append(holder.close)
    return str(path_obj)


def start_endpoint(
    spec: str | None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    timeout: float = 30.0,
    workers: int = 2,
    policy: Policy | None = None,
    log: Callable[[str], None] | None = None,
    background: bool = True,
    max_memory_mb: int | None = 1024,
) -> RunningEndpoint:
    """Start the endpoint (in a background thread unless *background* is False)."""
    cleanup: list[Callable[[], None]] = []
    try:
        worker_spec = _prepare_store(spec, cleanup)
        pool = WorkerPool(worker_spec, workers, policy or Policy(), max_memory_mb)
        pool.start()
    except BaseException:
        for action in reversed(cleanup):
            action()
        raise
    try:
        server = SparqlServer((host, port), SparqlHandler)
    except OSError as exc:
        pool.close()
        for action in reversed(cleanup):
            action()
        raise UsageError(f"cannot listen on {host}:{port}: {one_line(exc)}") from exc
    server.pool, server.timeout, server.log = pool, timeout, log
    thread = None
    if background:
        thread = threading.Thread(target=server.serve_forever, name="crimekg-sparql", daemon=True)
        thread.start()
    return RunningEndpoint(server, pool, thread, cleanup)


def serve_forever(
    spec: str | None,
    host: str,
    port: int,
    *,
    timeout: float,
    workers: int,
    policy: Policy,
    announce: Callable[[str], None],
    max_memory_mb: int | None = 1024,
) -> None:
    """Run the endpoint in the foreground until Ctrl-C (or SIGTERM)."""
    endpoint = start_endpoint(spec, host, port, timeout=timeout, workers=workers, policy=policy,
                              log=announce, background=False, max_memory_mb=max_memory_mb)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # only possible in the main thread
        signal.signal(signal.SIGTERM, stop)
    announce(f"crimekg SPARQL endpoint: {endpoint.sparql_url}  (query page: {endpoint.url}/)")
    memory = f", {max_memory_mb} MB a worker" if max_memory_mb else ""
    announce(f"  store: {spec or default_store_path()}, {workers} worker(s), timeout {timeout:g}s{memory}; "
             "Ctrl-C to stop")
    try:
        endpoint.server.serve_forever()
    except KeyboardInterrupt:
        announce("stopping")
    finally:
        endpoint.server.server_close()
        endpoint.pool.close()
        for action in reversed(endpoint.cleanup):
            with contextlib.suppress(Exception):
                action()


def graphs_param(values: Sequence[str]) -> list[str]:
    """Non-empty graph IRIs from repeated protocol parameters.

    >>> graphs_param(["https://w3id.org/crimekg/graph/doc-000", " "])
    ['https://w3id.org/crimekg/graph/doc-000']
    """
    return [v.strip() for v in values if v.strip()]
