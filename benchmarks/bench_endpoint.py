"""Load benchmark for ``crimekg serve``: concurrent clients, enforced timeouts, bounded memory.

Starts ``crimekg serve`` on 127.0.0.1 (a free port) over a store built from
the seed data (or ``--store``), then

1. **load**: CLIENTS threads each send QUERIES requests (a mix of SPARQL
   SELECT/ASK/CONSTRUCT over GET and POST, JSON/CSV/XML/Turtle results, and
   saved queries with parameters), checking every answer (status 200, and the
   expected content for each request);
2. **expensive**: queries that would run for minutes or fill memory (3-way
   cartesian COUNT, ORDER BY over a cartesian product, a huge GROUP_CONCAT),
   sent at once; each must be cut off with HTTP 503 near ``--timeout``;
3. **after**: the endpoint still answers correctly;

while a sampler records the resident memory (RSS) of the server and all its
worker processes every 50 ms.  Prints a report (``--json`` for JSON) and
exits 1 if any check failed.

Example::

    python benchmarks/bench_endpoint.py                        # 20 clients x 200 queries
    python benchmarks/bench_endpoint.py --clients 5 --queries 20 --timeout 2 --json
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BOLIVIA = "https://w3id.org/crimekg/id/bolivia"


@dataclass(frozen=True)
class Request:
    """One request of the mix and the check its answer must pass."""

    name: str
    path: str
    method: str = "GET"
    params: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str | None = None
    accept: str | None = None
    check: Callable[[str], bool] = lambda body: True


def _json_values(body: str, var: str) -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"] if var in b]


MIX: list[Request] = [
    Request("count-quads", "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
            accept="application/sparql-results+json", check=lambda b: int(_json_values(b, "n")[0]) > 1000),
    Request("label-lookup-post", "/sparql", method="POST", content_type="application/sparql-query",
            body=b'SELECT ?e WHERE { ?e rdfs:label "Bolivia"@en }', accept="application/sparql-results+json",
            check=lambda b: _json_values(b, "e") == [BOLIVIA]),
    Request("ask", "/sparql", params={"query": "ASK { id:bolivia a ckg:Country }"},
            accept="application/sparql-results+json", check=lambda b: json.loads(b)["boolean"] is True),
    Request("programmes-csv", "/sparql", method="POST", content_type="application/x-www-form-urlencoded",
            body=urllib.parse.urlencode({"query": "SELECT ?p WHERE { ?p a ckg:Programme } ORDER BY ?p"}).encode(),
            accept="text/csv", check=lambda b: b.startswith("p\r\n") and "crimjust" in b),
    Request("classes-xml", "/sparql", params={
        "query": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5",
        "format": "xml"}, check=lambda b: "<sparql" in b and "<result>" in b),
    Request("construct-ttl", "/sparql", params={"query": "CONSTRUCT { id:bolivia ?p ?o } WHERE { id:bolivia ?p ?o }"},
            accept="text/turtle", check=lambda b: "bolivia" in b),
    Request("saved-partners", "/queries/partners", params={"actor": "Bolivia"},
            accept="application/sparql-results+json", check=lambda b: len(json.loads(b)["results"]["bindings"]) > 3),
    Request("saved-search", "/queries/search-entities", params={"text": "jaguar"},
            accept="application/sparql-results+json", check=lambda b: "jaguar" in b),
    Request("provenance", "/sparql", params={"query": (
        "SELECT ?doc (COUNT(?a) AS ?n) WHERE { ?a a ckg:Assertion ; ckg:document ?doc } GROUP BY ?doc")},
            accept="application/sparql-results+json", check=lambda b: len(_json_values(b, "doc")) >= 5),
]

EXPENSIVE: list[tuple[str, str]] = [
    ("cartesian-count", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
    ("cartesian-order-by", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"),
    ("group-concat", "SELECT (GROUP_CONCAT(CONCAT(STR(?c), STR(?f))) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f }"),
]


def _request(base: str, req: Request, timeout: float) -> tuple[int, str]:
    url = base + req.path + ("?" + urllib.parse.urlencode(req.params) if req.params else "")
    headers = {}
    if req.accept:
        headers["Accept"] = req.accept
    if req.content_type:
        headers["Content-Type"] = req.content_type
    http_request = urllib.request.Request(url, data=req.body, headers=headers, method=req.method)
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _process_tree(root: int) -> list[int]:
    """*root* and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _rss_bytes(pid: int) -> int:
    """Resident set size of one process in bytes (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


class MemorySampler:
    """Samples the summed RSS of a process and all its descendants (Linux /proc)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        return sum(_rss_bytes(pid) for pid in _process_tree(self.pid))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter(), self.rss()))
            time.sleep(self.interval)

    def start(self) -> MemorySampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, since: float = 0.0, until: float = float("inf")) -> int:
        return max((rss for at, rss in self.samples if since <= at <= until), default=0)


class Server:
    """A ``crimekg serve`` subprocess on 127.0.0.1 and a free port."""

    def __init__(self, store: str, timeout: float, workers: int, max_memory_mb: int | None = None) -> None:
        command = [sys.executable, "-m", "crimekg.graph.cli", "serve", "--store", store, "--host", "127.0.0.1",
                   "--port", "0", "--timeout", str(timeout), "--workers", str(workers)]
        if max_memory_mb is not None:
            command += ["--max-memory", str(max_memory_mb)]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.log_lines = 0
        found: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read_log, args=(found,), daemon=True).start()
        try:
            self.url = found.get(timeout=120)
        except queue.Empty:
            self.stop()
            raise RuntimeError("crimekg serve did not announce its URL in 120s") from None
        if not self.url:
            raise RuntimeError(f"crimekg serve exited with {self.proc.wait()}")

    def _read_log(self, found: queue.Queue[str]) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            match = re.search(r"SPARQL endpoint: (http://\S+)/sparql", line)
            if match:
                found.put(match.group(1))
            self.log_lines += 1
        found.put("")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run_load(base: str, clients: int, per_client: int, request_timeout: float) -> dict[str, Any]:
    """*clients* threads x *per_client* requests of :data:`MIX`; every answer checked."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        barrier.wait()
        for i in range(per_client):
            req = MIX[(number + i) % len(MIX)]
            started = time.perf_counter()
            try:
                status, body = _request(base, req, request_timeout)
                ok = status == 200 and req.check(body)
                problem = None if ok else f"{req.name}: HTTP {status}: {body[:120]!r}"
            except Exception as exc:
                problem = f"{req.name}: {type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if problem:
                    failures.append(problem)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients, "queries_per_client": per_client, "requests": len(latencies),
        "errors": len(failures), "error_examples": failures[:5], "seconds": round(wall, 2),
        "queries_per_second": round(len(latencies) / wall, 1),
        "latency_ms": {"p50": round(1000 * statistics.median(latencies), 1),
                       "p95": round(1000 * _percentile(latencies, 0.95), 1),
                       "p99": round(1000 * _percentile(latencies, 0.99), 1),
                       "max": round(1000 * max(latencies), 1)},
    }


def run_expensive(base: str, timeout: float) -> list[dict[str, Any]]:
    """Send every :data:`EXPENSIVE` query at once; each must end with 503 near *timeout*."""
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def one(name: str, query: str) -> None:
        started = time.perf_counter()
        try:
            status, body = _request(base, Request(name, "/sparql", method="POST",
                                                  content_type="application/sparql-query", body=query.encode()),
                                    timeout * 4 + 30)
        except Exception as exc:
            status, body = 0, f"{type(exc).__name__}: {exc}"
        with lock:
            results.append({"query": name, "status": status, "seconds": round(time.perf_counter() - started, 2),
                            "answer": body.strip()[:100]})

    threads = [threading.Thread(target=one, args=item) for item in EXPENSIVE]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results, key=lambda r: r["query"])


def build_seed_store(folder: Path) -> str:
    """Build the packaged seed data into *folder*/store with ``crimekg build``."""
    path = folder / "store"
    subprocess.run([sys.executable, "-m", "crimekg.graph.cli", "build", "-q", "--store", str(path)], check=True)
    return str(path)


def benchmark(store: str | None, clients: int, queries: int, timeout: float, workers: int,
              max_memory_mb: int) -> dict[str, Any]:
    """Run the three phases and return the report (``ok`` says whether every check passed).

    Memory is bounded when the server and its workers never grow past their
    idle size plus ``workers x max_memory_mb`` (the per-worker cap of
    ``crimekg serve --max-memory``).
    """
    with tempfile.TemporaryDirectory(prefix="crimekg-bench-") as folder:
        store = store or build_seed_store(Path(folder))
        server = Server(store, timeout, workers, max_memory_mb)
        sampler = MemorySampler(server.proc.pid).start()
        try:
            time.sleep(0.3)
            idle_rss = sampler.rss()
            t0 = time.perf_counter()
            load = run_load(server.url, clients, queries, request_timeout=timeout * 4 + 30)
            t1 = time.perf_counter()
            expensive = run_expensive(server.url, timeout)
            t2 = time.perf_counter()
            after = run_load(server.url, 2, len(MIX), request_timeout=timeout * 4 + 30)
            t3 = time.perf_counter()
        finally:
            sampler.stop()
            server.stop()
    memory_limit_mb = round(idle_rss / 2**20 + workers * max_memory_mb, 1)
    memory = {"idle_mb": round(idle_rss / 2**20, 1), "load_peak_mb": round(sampler.peak(t0, t1) / 2**20, 1),
              "expensive_peak_mb": round(sampler.peak(t1, t2) / 2**20, 1),
              "after_peak_mb": round(sampler.peak(t2, t3) / 2**20, 1), "limit_mb": memory_limit_mb}
    checks = {
        "load_no_errors": load["errors"] == 0,
        "timeouts_enforced": all(r["status"] == 503 and r["seconds"] <= timeout * 2 + 10 for r in expensive),
        "serves_after_timeouts": after["errors"] == 0,
        "memory_bounded": max(memory["load_peak_mb"], memory["expensive_peak_mb"], memory["after_peak_mb"])
        <= memory_limit_mb,
    }
    return {"server": {"workers": workers, "timeout_s": timeout, "max_memory_mb": max_memory_mb,
                       "cpus": os.cpu_count()},
            "load": load, "expensive": expensive, "after": after, "memory": memory, "checks": checks,
            "ok": all(checks.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="store to serve (default: the seed data built into a temporary folder)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--queries", type=int, default=200, help="queries per client (default 200)")
    parser.add_argument("--timeout", type=float, default=5.0, help="crimekg serve --timeout, seconds (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="crimekg serve --workers (default 2)")
    parser.add_argument("--max-memory", type=int, default=512,
                        help="crimekg serve --max-memory, MB a worker (default 512); the check allows "
                             "idle RSS + workers x this")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = benchmark(args.store, args.clients, args.queries, args.timeout, args.workers, args.max_memory)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        load, memory = report["load"], report["memory"]
        print(f"load: {load['clients']} clients x {load['queries_per_client']} queries = {load['requests']} requests "
              f"in {load['seconds']}s ({load['queries_per_second']} q/s), errors {load['errors']}")
        print("  latency ms: " + ", ".join(f"{k} {v}" for k, v in load["latency_ms"].items()))
        for item in report["expensive"]:
            print(f"expensive {item['query']}: HTTP {item['status']} after {item['seconds']}s")
        print(f"after the timeouts: {report['after']['requests']} requests, errors {report['after']['errors']}")
        print(f"memory (server + workers RSS): idle {memory['idle_mb']} MB, load peak {memory['load_peak_mb']} MB, "
              f"expensive peak {memory['expensive_peak_mb']} MB (limit {memory['limit_mb']} MB)")
        print("checks: " + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in report["checks"].items()))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
