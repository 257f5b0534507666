"""Every bad input and fault gets a one-line error, a documented exit code, and leaves the store unchanged.

The cases are data (:data:`CASES`): each sets up one fault (a broken data
folder, a locked store, an endpoint that is down...), runs one ``crimekg``
command on a copy of a built store, and checks

* the exit code (see :mod:`crimekg.graph.errors`),
* that standard error is one line ``Error: ...`` naming the problem
  (click's own usage errors print their usage line first),
* no traceback, and
* that the store holds exactly the same quads as before.

The table in README.md ("## Faults and bad input") is generated from
:data:`CASES` and checked against it by :func:`test_readme_table_matches_the_cases`.
Regenerate it with ``python tests/test_faults.py --write-readme``.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
SECTION = "## Faults and bad input"


# ----------------------------------------------------------------- helpers

def store_fingerprint(path: Path) -> tuple[int, str]:
    """(number of quads, SHA-256 of the sorted N-Quads) of an on-disk store, opened read-only.

    Blank node labels are not stable between builds, so they are written as ``_:b``.
    """
    import pyoxigraph as ox

    store = ox.Store.read_only(str(path))
    try:
        lines = sorted(
            " ".join("_:b" if isinstance(t, ox.BlankNode) else str(t)
                     for t in (q.subject, q.predicate, q.object, q.graph_name))
            for q in store
        )
    finally:
        del store
        gc.collect()
    return len(lines), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def copy_data(target: Path) -> Path:
    """A writable copy of the packaged data folder."""
    from crimekg.graph.resources import data_dir

    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli_group() -> click.Group:
    """The crimekg command group."""
    from crimekg.graph.cli import cli

    return cli


@dataclass
class Env:
    """What a case's setup may use: a copy of a built store, a scratch folder, a data copy."""

    tmp: Path
    store: Path
    endpoint: Callable[[], str] = lambda: ""  # URL of a running `crimekg serve` (started on first use)
    cleanups: list[Callable[[], None]] = field(default_factory=list)
    _data: Path | None = None

    def data(self) -> Path:
        """A fresh writable copy of the packaged data folder (made once per case)."""
        if self._data is None:
            self._data = copy_data(self.tmp / "data")
        return self._data

    def doc_text(self, doc_id: str = "doc-003") -> Path:
        """The text file of a document in the data copy."""
        import yaml

        docs = yaml.safe_load((self.data() / "documents.yaml").read_text(encoding="utf-8"))["documents"]
        return self.data() / next(d["file"] for d in docs if d["id"] == doc_id)

    def annotation(self, doc_id: str = "doc-003") -> Path:
        """The annotation file of a document in the data copy."""
        return self.data() / "annotations" / f"{doc_id}.yaml"

    def edit(self, path: Path, old: str, new: str) -> None:
        """Replace the first *old* in a text file (which must contain it)."""
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def hold_lock(self) -> None:
        """Open the store for writing in another process, holding its lock until the case ends."""
        code = ("import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                "print('locked', flush=True); time.sleep(120)")
        proc = subprocess.Popen([sys.executable, "-c", code, str(self.store)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"

        def release() -> None:
            proc.kill()
            proc.wait()

        self.cleanups.append(release)


@dataclass(frozen=True)
class Case:
    """One fault: how to cause it, the command, and the tested outcome."""

    id: str
    fault: str
    command: str
    exit_code: int
    message: str
    setup: Callable[[Env], list[str]]
    xfail: str | None = None
    subprocess: bool = False  # run as a real process (commands that would otherwise keep running)


def build_with(change: Callable[[Env], None]) -> Callable[[Env], list[str]]:
    """Setup for a build from a data copy altered by *change*, into the case's store."""

    def setup(env: Env) -> list[str]:
        change(env)
        return ["build", "-q", "--store", str(env.store), "--data", str(env.data())]

    return setup


def _write_bytes(which: Callable[[Env], Path], data: bytes) -> Callable[[Env], None]:
    return lambda env: which(env).write_bytes(data)


def _huge_file(env: Env) -> None:
    with env.doc_text().open("r+b") as handle:  # sparse: the size check fires before any read
        handle.truncate(21 * 1024 * 1024)


def _directory_in_place(env: Env) -> None:
    path = env.doc_text()
    path.unlink()
    path.mkdir()


ALIAS_BOMB = "bomb0: &a0 [crimjust, beneficiary, bolivia]\n" + "".join(
    f"bomb{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))


def _append_annotation(text: str) -> Callable[[Env], None]:
    def change(env: Env) -> None:
        with env.annotation().open("a", encoding="utf-8") as handle:
            handle.write(text)

    return change


def _replace_in(which: Callable[[Env], Path], old: str, new: str) -> Callable[[Env], None]:
    return lambda env: env.edit(which(env), old, new)


def _documents(env: Env) -> Path:
    return env.data() / "documents.yaml"


def _gazetteer(env: Env) -> Path:
    return env.data() / "gazetteer.yaml"


def _remove_annotation(env: Env) -> None:
    env.annotation().unlink()


def _store_is_a_file(env: Env) -> list[str]:
    path = env.tmp / "not-a-store"
    path.write_text("hello\n", encoding="utf-8")
    return ["stats", "--store", str(path)]


def _locked_build(env: Env) -> list[str]:
    env.hold_lock()
    return ["build", "-q", "--store", str(env.store)]


def _locked_stats(env: Env) -> list[str]:
    env.hold_lock()
    return ["stats", "--store", str(env.store)]


def _bad_shapes(env: Env) -> list[str]:
    shapes = env.tmp / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:a> sh:path \n", encoding="utf-8")
    return ["validate", "--store", str(env.store), "--shapes", str(shapes)]


def _binary_shapes(env: Env) -> list[str]:
    shapes = env.tmp / "shapes.ttl"
    shapes.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return ["validate", "--store", str(env.store), "--shapes", str(shapes)]


def _query(*args: str) -> Callable[[Env], list[str]]:
    return lambda env: ["query", "--store", str(env.store), *args]


def _ingest_file(name: str, data: bytes, size: int | None = None) -> Callable[[Env], list[str]]:
    def setup(env: Env) -> list[str]:
        path = env.tmp / name
        path.write_bytes(data)
        if size is not None:
            with path.open("r+b") as handle:
                handle.truncate(size)
        return ["ingest", "-q", "--store", str(env.store), str(path)]

    return setup


GOOD_NOTE = b"On 5 November 2018, UNODC and the Government of Bolivia held a workshop in La Paz on drug trafficking.\n"


def _ingest_batch_with_one_bad_file(env: Env) -> list[str]:
    folder = env.tmp / "notes"
    folder.mkdir()
    for i in range(3):
        (folder / f"a-good-{i}.txt").write_bytes(GOOD_NOTE)
    (folder / "z-bad.txt").write_bytes("Fiscalía de Bolivia".encode("latin-1"))
    return ["ingest", "-q", "--store", str(env.store), str(folder)]


def _ingest_locked(env: Env) -> list[str]:
    env.hold_lock()
    path = env.tmp / "note.txt"
    path.write_bytes(GOOD_NOTE)
    return ["ingest", "-q", "--store", str(env.store), str(path)]


def _serve_locked(env: Env) -> list[str]:
    env.hold_lock()
    return ["serve", "--store", str(env.store), "--port", "0"]


def _serve_port_taken(env: Env) -> list[str]:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    env.cleanups.append(taken.close)
    return ["serve", "--store", str(env.store), "--port", str(taken.getsockname()[1])]


def _dump(env: Env, suffix: str = "nq") -> Path:
    """A small, valid dump file in the case's scratch folder."""
    path = env.tmp / f"dump.{suffix}"
    path.write_text('<urn:s> <urn:p> "o" <urn:g> .\n' if suffix == "nq" else '<urn:s> <urn:p> "o" .\n',
                    encoding="utf-8")
    return path


def _query_file(name: str, data: bytes) -> Callable[[Env], list[str]]:
    def setup(env: Env) -> list[str]:
        path = env.tmp / name
        path.write_bytes(data)
        return ["query", "--store", str(env.store), str(path)]

    return setup


CASES: list[Case] = [
    # ------------------------------------------------------------ files
    Case("data-folder-missing", "data folder does not exist", "crimekg build --data DIR", 3, "no such file",
         lambda env: ["build", "-q", "--store", str(env.store), "--data", str(env.tmp / "nothing-here")]),
    Case("document-missing", "a document's text file is missing", "crimekg build --data DIR", 3, "no such file",
         build_with(lambda env: env.doc_text().unlink())),
    Case("document-unreadable", "a document's text path is a directory (unreadable as a file)",
         "crimekg build --data DIR", 3, "is a directory", build_with(_directory_in_place)),
    Case("document-binary", "binary document (PNG bytes, NUL)", "crimekg build --data DIR", 3, "binary file",
         build_with(_write_bytes(Env.doc_text, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))),
    Case("document-latin1", "document in Latin-1, not UTF-8", "crimekg build --data DIR", 3, "not valid UTF-8",
         build_with(_write_bytes(Env.doc_text, "Fiscalía General, Perú, años".encode("latin-1")))),
    Case("document-empty", "empty document (white space only)", "crimekg build --data DIR", 3, "empty file",
         build_with(_write_bytes(Env.doc_text, b"  \n\n\t\n"))),
    Case("document-huge", "huge document (21 MB, over the 20 MB limit)", "crimekg build --data DIR", 3,
         "too large", build_with(_huge_file)),
    # ------------------------------------------------------------ annotation data (YAML)
    Case("yaml-malformed", "malformed annotation YAML (unclosed bracket)", "crimekg build --data DIR", 3,
         "malformed YAML at line", build_with(_append_annotation("\n  - quote: [unclosed\n"))),
    Case("yaml-python-tag", "YAML asking to run code (!!python/object/apply:os.system)",
         "crimekg build --data DIR", 3, "could not determine a constructor",
         build_with(_append_annotation("\nexploit: !!python/object/apply:os.system [touch /tmp/pwned]\n"))),
    Case("yaml-alias-bomb", "YAML alias bomb (10^8 values from 80 aliases)", "crimekg build --data DIR", 3,
         "refused YAML: more than", build_with(_replace_in(Env.annotation, "facts:\n", ALIAS_BOMB + "facts:\n"))),
    Case("yaml-deep", "YAML nested 2,000 levels deep", "crimekg build --data DIR", 3, "nested too deeply",
         build_with(_append_annotation("\ndeep: " + "[" * 2000 + "]" * 2000 + "\n"))),
    Case("yaml-bad-date", "impossible date in YAML (2018-02-30)", "crimekg build --data DIR", 3,
         "day is out of range", build_with(_replace_in(_documents, 'date: "2018-11"', "date: 2018-02-30"))),
    Case("annotation-not-mapping", "annotation file is a list, not a mapping", "crimekg build --data DIR", 3,
         "expected a mapping", build_with(_write_bytes(Env.annotation, b"- just\n- a list\n"))),
    Case("annotation-missing", "a listed document has no annotation file", "crimekg build --data DIR", 3,
         "no annotation file", build_with(_remove_annotation)),
    Case("annotation-unknown-entity", "triple names an unknown entity", "crimekg build --data DIR", 3,
         "unknown entity 'no-such-actor'",
         build_with(_replace_in(Env.annotation, "underProgramme, crimjust]", "underProgramme, no-such-actor]"))),
    Case("annotation-unknown-property", "triple uses a property the ontology lacks", "crimekg build --data DIR",
         3, "is not a property of the ontology",
         build_with(_replace_in(Env.annotation, "underProgramme, crimjust]", "launders, crimjust]"))),
    Case("annotation-quote-not-found", "evidence quote not in the document", "crimekg build --data DIR", 3,
         "quote not found in the document",
         build_with(_replace_in(Env.annotation, '"CRIMJUST holds workshop on asset recovery in Panama"',
                                '"CRIMJUST holds a secret meeting"'))),
    Case("documents-duplicate-id", "two documents with the same id", "crimekg build --data DIR", 3,
         "appears twice", build_with(_replace_in(_documents, "id: doc-001", "id: doc-000"))),
    Case("documents-bad-url", "document url is javascript:, not http(s)", "crimekg build --data DIR", 3,
         "url must be an http(s) URL",
         build_with(_replace_in(_documents, "language: en\n", "language: en\n    url: \"javascript:alert(1)\"\n"))),
    Case("documents-path-traversal", "document file outside the data folder (../../../etc/passwd)",
         "crimekg build --data DIR", 3, "is outside the data folder",
         build_with(_replace_in(_documents, "file: documents/000_048019d849485c43.txt",
                                "file: ../../../../../../../../etc/passwd"))),
    Case("gazetteer-bad-wikidata", "gazetteer Wikidata id with spaces and '>' (IRI injection)",
         "crimekg build --data DIR", 3, "wikidata must be an item id",
         build_with(_replace_in(_gazetteer, "wikidata: Q750", 'wikidata: "Q750> . <x:a> <x:b> <x:c"'))),
    Case("shapes-malformed-turtle", "malformed Turtle shapes file", "crimekg validate --shapes FILE", 3,
         "cannot parse shapes", _bad_shapes),
    Case("shapes-binary", "binary shapes file (PNG bytes)", "crimekg validate --shapes FILE", 3,
         "cannot parse shapes", _binary_shapes),
    # ------------------------------------------------------------ stores
    Case("store-missing", "reading a store that was never built", "crimekg stats --store DIR", 5,
         "run `crimekg build` first", lambda env: ["stats", "--store", str(env.tmp / "never-built")]),
    Case("store-not-a-directory", "store path is a regular file", "crimekg stats --store FILE", 5,
         "not a directory", _store_is_a_file),
    Case("store-locked-build", "store locked by another process (build)", "crimekg build --store DIR", 5,
         "locked by another process", _locked_build),
    Case("store-locked-read", "store locked by another process (stats)", "crimekg stats --store DIR", 5,
         "locked by another process", _locked_stats),
    Case("endpoint-down", "remote SPARQL endpoint down (connection refused)",
         "crimekg stats --store http://127.0.0.1:PORT", 5, "cannot reach the SPARQL endpoint",
         lambda env: ["stats", "--store", f"http://127.0.0.1:{free_port()}"]),
    Case("remote-timeout", "remote endpoint gives up on a slow query (HTTP 503)",
         "crimekg query --store http://HOST/sparql --sparql '<cartesian COUNT>'", 6, "gave up on the query",
         lambda env: ["query", "--store", env.endpoint(), "--sparql",
                      "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"]),
    Case("remote-read-only", "build into a read-only remote endpoint", "crimekg build --store http://HOST/sparql", 5,
         "update failed", lambda env: ["build", "-q", "--store", env.endpoint()]),
    Case("export-unwritable", "export into a folder that does not exist", "crimekg export -o MISSING/x.trig", 3,
         "cannot write", lambda env: ["export", "--store", str(env.store), "-o", str(env.tmp / "no" / "x.trig")]),
    Case("load-not-empty", "bulk load into a store that holds data", "crimekg load DUMP.nq --store DIR", 5,
         "the store is not empty", lambda env: ["load", "--store", str(env.store), str(_dump(env))]),
    Case("load-missing", "dump to load does not exist", "crimekg load missing.nq", 3, "no such file",
         lambda env: ["load", "--store", str(env.store), str(env.tmp / "missing.nq")]),
    Case("load-not-a-dump", "dump in a format without named graphs (.ttl)", "crimekg load FILE.ttl", 3,
         "a dump is N-Quads (.nq) or TriG (.trig)",
         lambda env: ["load", "--store", str(env.store), str(_dump(env, "ttl"))]),
    # ------------------------------------------------------------ queries
    Case("sparql-malformed", "malformed SPARQL", "crimekg query --sparql 'SELECT ?x WHERE { ?x'", 4,
         "malformed SPARQL", _query("--sparql", "SELECT ?x WHERE { ?x")),
    Case("sparql-empty", "empty query", "crimekg query --sparql ''", 4, "the query is empty", _query("--sparql", "")),
    Case("sparql-update-drop", "update sent as a query (DROP ALL)", "crimekg query --sparql 'DROP ALL'", 4,
         "updates are refused", _query("--sparql", "DROP ALL")),
    Case("sparql-update-insert", "update sent as a query (INSERT DATA)", "crimekg query --sparql 'INSERT DATA {...}'",
         4, "updates are refused", _query("--sparql", "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")),
    Case("sparql-service", "SERVICE call to another host",
         "crimekg query --sparql 'SELECT * { SERVICE <http://...> ...}'", 4,
         "SERVICE <http://127.0.0.1:9/sparql> is refused",
         _query("--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")),
    Case("sparql-from-file", "FROM <file:///etc/passwd> (read a local file)",
         "crimekg query --sparql 'SELECT * FROM <file:///etc/passwd> ...'", 4,
         "FROM <file:///etc/passwd> is refused",
         _query("--sparql", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")),
    Case("query-timeout", "query longer than --timeout (cartesian COUNT)",
         "crimekg query --timeout 1 --sparql '<cartesian COUNT>'", 6, "query timed out after 1s",
         _query("--timeout", "1", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")),
    Case("query-unknown", "unknown saved query", "crimekg query nosuchquery", 2, "unknown query 'nosuchquery'",
         _query("nosuchquery")),
    Case("query-file-missing", "query file does not exist", "crimekg query missing.rq", 3, "no such query file",
         _query("/nonexistent/missing.rq")),
    Case("query-file-binary", "query file is binary", "crimekg query FILE.rq", 3, "not UTF-8",
         _query_file("binary.rq", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")),
    Case("query-param-missing", "saved query without its required parameter", "crimekg query partners", 4,
         "needs --param actor=", _query("partners")),
    Case("query-param-unknown", "unknown parameter", "crimekg query partners -p actor=Bolivia -p nope=1", 4,
         "has no parameter 'nope'", _query("partners", "-p", "actor=Bolivia", "-p", "nope=1")),
    Case("query-param-bad-value", "parameter of the wrong type", "crimekg query participant-totals -p year=abc", 4,
         "is not a year", _query("participant-totals", "-p", "year=abc")),
    Case("query-param-hostile-iri", "IRI parameter with '> } UNION {' (injection attempt)",
         "crimekg query fact-provenance -p predicate='ckg:topic> } UNION {...'", 4, "is not an IRI",
         _query("fact-provenance", "-p", "subject=bolivia", "-p", "predicate=ckg:topic> } UNION { ?s ?p ?o } #")),
    Case("actor-unknown-query", "unknown actor (query parameter)", "crimekg query partners -p actor=Atlantis", 2,
         "unknown actor 'Atlantis'", _query("partners", "-p", "actor=Atlantis")),
    Case("actor-unknown-partners", "unknown actor", "crimekg partners Atlantis", 2, "unknown actor 'Atlantis'",
         lambda env: ["partners", "--store", str(env.store), "Atlantis"]),
    Case("actor-unknown-viz", "unknown actor for a map", "crimekg viz --actor Atlantis", 2, "unknown actor 'Atlantis'",
         lambda env: ["viz", "--store", str(env.store), "--out", str(env.tmp / "map.html"), "--actor", "Atlantis"]),
    Case("viz-years-reversed", "--since after --until", "crimekg viz --since 2020 --until 2018", 2,
         "--since 2020 is after --until 2018",
         lambda env: ["viz", "--store", str(env.store), "--out", str(env.tmp / "m.html"), "--since", "2020",
                      "--until", "2018"]),
    # ------------------------------------------------------------ ingest
    Case("ingest-missing", "document to ingest does not exist", "crimekg ingest missing.txt", 3, "no such file",
         lambda env: ["ingest", "-q", "--store", str(env.store), str(env.tmp / "missing.txt")]),
    Case("ingest-binary", "binary document to ingest", "crimekg ingest FILE.txt", 3, "binary file",
         _ingest_file("scan.txt", b"%PDF-1.4\n\x00\x01\x02binary")),
    Case("ingest-latin1", "document to ingest in Latin-1", "crimekg ingest FILE.txt", 3, "not valid UTF-8",
         _ingest_file("latin.txt", "Fiscalía General del Perú y Bolivia".encode("latin-1"))),
    Case("ingest-empty", "empty document to ingest", "crimekg ingest FILE.txt", 3, "empty file",
         _ingest_file("empty.txt", b"\n  \n")),
    Case("ingest-huge", "huge document to ingest (3 MB, over the 2 MB limit)", "crimekg ingest FILE.txt", 3,
         "too large", _ingest_file("huge.txt", b"UNODC. ", size=3 * 1024 * 1024)),
    Case("ingest-unsupported", "unsupported file type (.pdf)", "crimekg ingest FILE.pdf", 3,
         "unsupported file type", _ingest_file("report.pdf", b"%PDF-1.4 hello")),
    Case("ingest-batch-one-bad", "batch of 4 with one bad file (all or nothing)", "crimekg ingest FOLDER", 3,
         "not valid UTF-8", _ingest_batch_with_one_bad_file),
    Case("ingest-locked", "store locked by another process (ingest)", "crimekg ingest --store DIR FILE", 5,
         "locked by another process", _ingest_locked),
    Case("serve-locked", "store locked by another process (serve)", "crimekg serve --store DIR", 5,
         "locked by another process", _serve_locked, subprocess=True),
    Case("serve-port-taken", "port already in use", "crimekg serve --port PORT", 2, "cannot listen on",
         _serve_port_taken, subprocess=True),
    # ------------------------------------------------------------ usage
    Case("unknown-option", "unknown option", "crimekg stats --colour", 2, "No such option",
         lambda env: ["stats", "--store", str(env.store), "--colour"]),
    Case("bad-choice", "invalid option value", "crimekg export --format xls", 2, "Invalid value",
         lambda env: ["export", "--store", str(env.store), "--format", "xls"]),
]


# ----------------------------------------------------------------- running

@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, str]]:
    """The seed data built into an on-disk store once, with its fingerprint."""
    path = tmp_path_factory.mktemp("faults") / "store"
    result = CliRunner().invoke(cli_group(), ["build", "-q", "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path, store_fingerprint(path)


@pytest.fixture()
def env(tmp_path: Path, built_store: tuple[Path, tuple[int, str]], request: pytest.FixtureRequest) -> Iterator[Env]:
    store = tmp_path / "store"
    shutil.copytree(built_store[0], store)
    environment = Env(tmp=tmp_path, store=store, endpoint=lambda: request.getfixturevalue("endpoint")[0] + "/sparql")
    yield environment
    for cleanup in reversed(environment.cleanups):
        cleanup()


def error_lines(stderr: str) -> list[str]:
    """The ``Error:`` lines of a command's standard error."""
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


def run_case(case: Case, env: Env) -> tuple[int, str]:
    """Run one case's command (in-process, or as a real process); return (exit code, standard error)."""
    argv = case.setup(env)
    started = time.perf_counter()
    if case.subprocess:
        try:
            done = subprocess.run([sys.executable, "-m", "crimekg.graph.cli", *argv], capture_output=True, text=True,
                                  timeout=60, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"{case.id}: still running after 60s (the fault was not detected)") from exc
        return done.returncode, done.stderr
    # Log records reach standard error as in a real process (pytest's own log capture is set aside).
    root = logging.getLogger()
    saved_handlers, root.handlers = root.handlers, []
    try:
        result = CliRunner().invoke(cli_group(), argv, catch_exceptions=True)
    finally:
        root.handlers = saved_handlers
    elapsed = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.id}: uncaught {type(result.exception).__name__}: {result.exception}") \
            from result.exception
    assert elapsed < 30, f"{case.id}: took {elapsed:.1f}s"
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
             for c in CASES])
def test_fault(case: Case, env: Env, built_store: tuple[Path, tuple[int, str]]) -> None:
    exit_code, stderr = run_case(case, env)
    assert "Traceback" not in stderr, stderr
    errors = error_lines(stderr)
    assert len(errors) == 1, f"{case.id}: expected one 'Error:' line, got {stderr!r}"
    if exit_code != 2:  # click usage errors print a usage line first; crimekg errors are one line
        assert stderr.strip() == errors[0], f"{case.id}: more than one line on stderr: {stderr!r}"
    assert len(errors[0]) <= 1100
    assert case.message.lower() in errors[0].lower(), f"{case.id}: {errors[0]!r}"
    assert exit_code == case.exit_code, f"{case.id}: exit {exit_code}, expected {case.exit_code}: {errors[0]}"
    assert store_fingerprint(env.store) == built_store[1], f"{case.id}: the store changed"


# ----------------------------------------------------------------- the SPARQL endpoint (crimekg serve)

@dataclass(frozen=True)
class HttpCase:
    """One bad request to ``crimekg serve`` and the tested answer (status, text in the body)."""

    id: str
    fault: str
    request: str
    status: int
    message: str
    method: str = "GET"
    path: str = "/sparql"
    params: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    xfail: str | None = None


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
ENDPOINT_TIMEOUT = 4.0
ENDPOINT_MAX_MEMORY_MB = 256

HTTP_CASES: list[HttpCase] = [
    HttpCase("http-update-form", "update POSTed to the query endpoint", "POST /sparql update=DROP ALL", 403,
             "updates are refused", "POST", body=b"update=DROP%20ALL", headers=FORM),
    HttpCase("http-update-body", "update as application/sparql-update", "POST /sparql (sparql-update) DROP ALL", 403,
             "updates are refused", "POST", body=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
    HttpCase("http-update-as-query", "update text sent as a query", "GET /sparql?query=DROP ALL", 403,
             "updates are refused", params={"query": "DROP ALL"}),
    HttpCase("http-update-path", "POST to /update", "POST /update", 403, "updates are refused", "POST", "/update",
             body=b"update=CLEAR%20ALL", headers=FORM),
    HttpCase("http-malformed", "malformed SPARQL", "GET /sparql?query=SELECT ?x WHERE { ?x", 400, "malformed SPARQL",
             params={"query": "SELECT ?x WHERE { ?x"}),
    HttpCase("http-service", "SERVICE to another host", "GET /sparql?query=...SERVICE <http://...>...", 403,
             "SERVICE <http://127.0.0.1:9/sparql> is refused",
             params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}),
    HttpCase("http-from-file", "FROM <file:///etc/passwd>", "GET /sparql?query=SELECT * FROM <file:///etc/passwd>...",
             403, "is refused", params={"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}),
    HttpCase("http-default-graph-file", "default-graph-uri=file:///etc/passwd (protocol dataset)",
             "GET /sparql?query=...&default-graph-uri=file:///etc/passwd", 200, '"bindings": []',
             params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": "file:///etc/passwd"}),
    HttpCase("http-timeout", f"query running past --timeout {ENDPOINT_TIMEOUT:g}s (3-way cartesian COUNT)",
             "POST /sparql (cartesian COUNT)", 503, "Timeout", "POST",
             body=b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", headers=SPARQL_QUERY),
    HttpCase("http-out-of-memory", f"query needing more than --max-memory {ENDPOINT_MAX_MEMORY_MB} MB "
             "(ORDER BY over a cartesian product)", "POST /sparql (cartesian ORDER BY)", 503, "memory", "POST",
             body=b"SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", headers=SPARQL_QUERY),
    HttpCase("http-body-too-large", "request body over 1 MB", "POST /sparql (2 MB body)", 413, "too large", "POST",
             body=b"#" * (2 << 20), headers=SPARQL_QUERY),
    HttpCase("http-body-latin1", "request body not UTF-8", "POST /sparql (Latin-1 body)", 400, "not UTF-8", "POST",
             body='SELECT * WHERE { ?s ?p "Perú" }'.encode("latin-1"), headers=SPARQL_QUERY),
    HttpCase("http-bad-content-length", "Content-Length that is not a number", "POST /sparql (Content-Length: abc)",
             400, "Content-Length", "POST", body=b"", headers={"Content-Length": "abc"}),
    HttpCase("http-content-type", "unsupported Content-Type", "POST /sparql (text/plain)", 415,
             "unsupported Content-Type", "POST", body=b"ASK {}", headers={"Content-Type": "text/plain"}),
    HttpCase("http-method", "PUT to the endpoint", "PUT /sparql", 405, "not allowed", "PUT", body=b"x",
             headers=SPARQL_QUERY),
    HttpCase("http-no-query", "no query parameter", "GET /sparql", 400, "missing the query parameter"),
    HttpCase("http-two-queries", "two query parameters", "GET /sparql?query=...&query=...", 400, "exactly one",
             path="/sparql?query=ASK%7B%7D&query=ASK%7B%7D"),
    HttpCase("http-not-acceptable", "Accept: image/png", "GET /sparql?query=ASK {} (Accept: image/png)", 406,
             "Not acceptable", params={"query": "ASK {}"}, headers={"Accept": "image/png"}),
    HttpCase("http-unknown-saved-query", "unknown saved query", "GET /queries/nosuch", 404, "unknown query",
             path="/queries/nosuch"),
    HttpCase("http-unknown-actor", "unknown actor in a saved query", "GET /queries/partners?actor=Atlantis", 400,
             "unknown actor 'Atlantis'", path="/queries/partners", params={"actor": "Atlantis"}),
]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory,
             built_store: tuple[Path, tuple[int, str]]) -> Iterator[tuple[str, Path]]:
    """``crimekg serve`` on a copy of the built store (short timeout, small worker memory)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_endpoint import Server

    store = tmp_path_factory.mktemp("endpoint") / "store"
    shutil.copytree(built_store[0], store)
    server = Server(str(store), ENDPOINT_TIMEOUT, workers=2, max_memory_mb=ENDPOINT_MAX_MEMORY_MB)
    yield server.url, store
    server.stop()
    assert store_fingerprint(store) == built_store[1], "the endpoint changed the store"


def http_request(base: str, case: HttpCase) -> tuple[int, str]:
    """Send one case's request with http.client (headers exactly as given)."""
    import http.client
    import urllib.parse

    host, port = base.removeprefix("http://").split(":")
    path = case.path + ("?" + urllib.parse.urlencode(case.params) if case.params else "")
    conn = http.client.HTTPConnection(host, int(port), timeout=ENDPOINT_TIMEOUT * 4 + 30)
    try:
        conn.putrequest(case.method, path)
        headers = dict(case.headers)
        if "Content-Length" not in headers and case.body is not None:
            headers["Content-Length"] = str(len(case.body))
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders(case.body if case.body else None)
        try:
            response = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError) as exc:
            return 0, f"no answer: {type(exc).__name__}"
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.mark.server
@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
             for c in HTTP_CASES])
def test_endpoint_fault(case: HttpCase, endpoint: tuple[str, Path]) -> None:
    status, body = http_request(endpoint[0], case)
    assert status == case.status, f"{case.id}: HTTP {status}, expected {case.status}: {body[:200]!r}"
    assert case.message.lower() in body.lower(), f"{case.id}: {body[:300]!r}"
    assert "Traceback" not in body


# rdflib's own SPARQL XML results serializer writes 0, false and 0.0 as empty elements, and rdflib's remote
# store reads XML results: sparql_results.to_xml writes the XML itself (regression tests below).


@pytest.mark.server
def test_endpoint_xml_results_keep_zero_and_false(endpoint: tuple[str, Path]) -> None:
    status, body = http_request(endpoint[0], HttpCase(
        "xml", "", "", 200, "", params={"query": "SELECT ?x WHERE { VALUES ?x { 0 false } }", "format": "xml"}))
    assert status == 200
    assert ">0</literal>" in body and ">false</literal>" in body, body


@pytest.mark.server
def test_saved_query_with_an_actor_on_a_remote_store(endpoint: tuple[str, Path]) -> None:
    result = CliRunner().invoke(cli_group(), ["query", "--store", endpoint[0] + "/sparql", "partners",
                                              "-p", "actor=Bolivia", "--csv"], catch_exceptions=True)
    assert result.exit_code == 0, result.output[-300:]
    assert "Peru" in result.stdout

def test_there_are_at_least_25_cases_with_unique_ids() -> None:
    assert len(CASES) + len(HTTP_CASES) >= 25
    ids = [c.id for c in CASES] + [c.id for c in HTTP_CASES]
    assert len(set(ids)) == len(ids)


def test_exit_codes_are_the_documented_ones() -> None:
    from crimekg.graph.errors import EXIT_CODES

    assert {c.exit_code for c in CASES} <= set(EXIT_CODES.values())


# ----------------------------------------------------------------- README table

EXIT_NAMES = {2: "2 usage", 3: "3 input", 4: "4 query", 5: "5 store", 6: "6 timeout"}


def readme_section() -> str:
    """The README section, generated from :data:`CASES` and :data:`HTTP_CASES`."""
    lines = [
        SECTION,
        "",
        "Every command turns bad input and faults into one line on standard error",
        "(`Error: ...`; click's own usage errors print the usage line first) and a",
        "documented exit code, and leaves the store exactly as it was (the tests",
        "compare the store's quads before and after); the SPARQL",
        "endpoint (`crimekg serve`) answers bad requests with an HTTP error status",
        "and a one-line text body. The table is generated from the cases in",
        "`tests/test_faults.py`, which run every one of them",
        "(`pytest tests/test_faults.py`); regenerate it with",
        "`python tests/test_faults.py --write-readme`. Atomicity under SIGKILL,",
        "SPARQL injection, hostile HTML labels, property-based tests of the parsers",
        "and endpoint load are tested in `tests/test_atomicity.py`,",
        "`tests/test_injection.py`, `tests/test_xss_e2e.py`, `tests/test_properties.py`",
        "and `tests/test_endpoint_load.py` (full load run:",
        "`python benchmarks/bench_endpoint.py`).",
        "",
        "| # | Fault or bad input | Command or request | Exit code or HTTP status "
        "| Tested outcome: the error (or answer) contains |",
        "|---|---|---|---|---|",
    ]
    rows = [(c.fault, c.command, EXIT_NAMES[c.exit_code], c.message, c.xfail) for c in CASES]
    rows += [(c.fault, c.request, f"HTTP {c.status}", c.message, c.xfail) for c in HTTP_CASES]
    for number, (fault, command, code, message, xfail) in enumerate(rows, start=1):
        outcome = _code(message) + (" (known bug, test marked xfail: " + _cell(xfail) + ")" if xfail else "")
        lines.append(f"| {number} | {_cell(fault)} | {_code(command)} | {code} | {outcome} |")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """A Markdown code span for a table cell (double backticks when the text has one)."""
    return _cell(f"`` {text} ``" if "`" in text else f"`{text}`")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def readme_current_section(text: str) -> str:
    """The README's section (from its heading to the next ``## `` heading or the end)."""
    start = text.find("\n" + SECTION + "\n")
    if start < 0:
        return ""
    start += 1
    end = text.find("\n## ", start + len(SECTION))
    return text[start:] if end < 0 else text[start:end + 1]


def test_readme_table_matches_the_cases() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_current_section(text) == readme_section(), \
        "README.md's fault table is out of date: run python tests/test_faults.py --write-readme"


def write_readme() -> None:
    """Replace (or append) the section in README.md."""
    text = README.read_text(encoding="utf-8")
    current = readme_current_section(text)
    if current:
        text = text.replace(current, readme_section())
    else:
        text = text.rstrip("\n") + "\n\n" + readme_section()
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-readme"]:
        write_readme()
        print(f"wrote the {len(CASES) + len(HTTP_CASES)}-case table to {README}")
    else:
        print(readme_section())
