"""A build or ingest killed with SIGKILL leaves the store exactly as before, or fully updated -- never in between.

The test makes a data folder big enough that writing it takes a while (the
seed documents plus generated ones, and a changed seed annotation so that
existing graphs are replaced, not only added), measures an uninterrupted
``crimekg build`` from a built store, then repeats it on fresh copies of that
store and kills the process at several points: while it reads the data,
during the write (at fractions of the measured write time) and just after it
reports success.  Each killed store is reopened and its quads compared with
the before and after states (count and SHA-256 of the sorted N-Quads).
``crimekg ingest`` of a folder of generated documents is killed the same way
(it prints nothing until it has written, so the kill points are fractions of
the time an uninterrupted ingest takes to report).
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_faults import copy_data, store_fingerprint

pytestmark = pytest.mark.slow

GENERATED_DOCUMENTS = 80
INGESTED_DOCUMENTS = 120
COUNTRIES = ["bolivia", "peru", "argentina", "brazil", "colombia"]
TEXT = (
    "Workshop {i} on regional cooperation\n\n"
    "From 5-7 November 2018 in La Paz, UNODC held workshop number {i} on judicial cooperation. "
    "Officers from {C1} and {C2} took part. Some {n} participants attended. "
    "The workshop addressed drug trafficking and money laundering.\n"
)
ANNOTATION = """document: {doc}
entities:
  ws-gen-{i}:
    type: Workshop
    label: {{en: "Generated workshop {i}"}}
    quote: "UNODC held workshop number {i} on judicial cooperation"
facts:
  - quote: "From 5-7 November 2018 in La Paz"
    triples:
      - [ws-gen-{i}, startDate, "2018-11-05"]
      - [ws-gen-{i}, endDate, "2018-11-07"]
      - [ws-gen-{i}, location, la-paz]
  - quote: "Officers from {C1} and {C2} took part"
    triples:
      - [ws-gen-{i}, participatingCountry, {c1}]
      - [ws-gen-{i}, participatingCountry, {c2}]
  - quote: "Some {n} participants attended"
    triples:
      - [ws-gen-{i}, participantCount, {n}]
  - quote: "The workshop addressed drug trafficking and money laundering"
    triples:
      - [ws-gen-{i}, targetsThreat, "threat:drug-trafficking"]
      - [ws-gen-{i}, targetsThreat, "threat:money-laundering"]
      - [ws-gen-{i}, organizer, unodc]
"""


def generate_data(target: Path, documents: int) -> Path:
    """The packaged data plus *documents* generated ones, and one changed seed annotation."""
    copy_data(target)
    entries = []
    for i in range(documents):
        doc = f"gen-{i:04d}"
        c1, c2 = COUNTRIES[i % 5], COUNTRIES[(i + 2) % 5]
        values = {"doc": doc, "i": i, "c1": c1, "c2": c2, "C1": c1.title(), "C2": c2.title(), "n": 10 + i % 50}
        (target / "documents" / f"{doc}.txt").write_text(TEXT.format(**values), encoding="utf-8")
        (target / "annotations" / f"{doc}.yaml").write_text(ANNOTATION.format(**values), encoding="utf-8")
        entries.append(f"  - id: {doc}\n    file: documents/{doc}.txt\n    title: Generated {i}\n    language: en\n")
    with (target / "documents.yaml").open("a", encoding="utf-8") as handle:
        handle.write("".join(entries))
    annotation = target / "annotations" / "doc-003.yaml"
    text = annotation.read_text(encoding="utf-8")
    assert '[ws-2019-07-david-asset-recovery, topic, "asset recovery"]' in text
    annotation.write_text(text.replace('[ws-2019-07-david-asset-recovery, topic, "asset recovery"]',
                                       '[ws-2019-07-david-asset-recovery, topic, "asset recovery (changed)"]'),
                          encoding="utf-8")
    return target


INGEST_TEXT = (
    "Workshop {i} on regional cooperation\n\n"
    "On 5 November 2018, UNODC and the Government of Bolivia held workshop number {i} in La Paz on drug "
    "trafficking and money laundering. Some {n} officers from Peru, Colombia and Brazil took part, with support "
    "from the European Union.\n\n"
    "The Jaguar Network and EL PACCTO signed a memorandum of understanding number {i} with DEVIDA.\n"
)


def generate_documents(target: Path, documents: int) -> Path:
    """A folder of *documents* plain-text press notes for ``crimekg ingest``."""
    target.mkdir()
    for i in range(documents):
        (target / f"note-{i:04d}.txt").write_text(INGEST_TEXT.format(i=i, n=10 + i), encoding="utf-8")
    return target


class Build:
    """A ``crimekg build`` (or other command) subprocess whose output lines are timed as they arrive."""

    def __init__(self, store: Path, data: Path, command: tuple[str, ...] = ("build", "--data")) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crimekg.graph.cli", *command[:1], "--store", str(store), *command[1:], str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, predicate, timeout: float = 120.0) -> float:  # type: ignore[no-untyped-def]
        """Time at which a line satisfying *predicate* arrived."""
        deadline = time.perf_counter() + timeout
        seen = []
        while time.perf_counter() < deadline:
            try:
                at, line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            seen.append(line)
            if predicate(line):
                return at
        raise AssertionError(f"build never printed the awaited line; output: {seen[-5:]}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)


def _last_document(line: str) -> bool:
    return line.strip() == f"reading gen-{GENERATED_DOCUMENTS - 1:04d}"


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A built seed store (before), the big data folder, and the store an uninterrupted build leaves (after)."""
    root = tmp_path_factory.mktemp("atomicity")
    before = root / "before"
    result = subprocess.run([sys.executable, "-m", "crimekg.graph.cli", "build", "-q", "--store", str(before)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = generate_data(root / "data", GENERATED_DOCUMENTS)
    after = root / "after"
    shutil.copytree(before, after)
    build = Build(after, data)
    writing = build.wait_for(_last_document)
    built = build.wait_for(lambda line: line.startswith("Built "))
    assert build.proc.wait(timeout=60) == 0
    before_print, after_print = store_fingerprint(before), store_fingerprint(after)
    assert before_print != after_print
    assert after_print[0] > before_print[0] + GENERATED_DOCUMENTS * 50
    return {"before": before, "data": data, "before_print": before_print, "after_print": after_print,
            "write_seconds": built - writing}


def _killed_copy(states: dict[str, object], tmp_path: Path, when: str, fraction: float = 0.0) -> tuple[int, str]:
    store = tmp_path / "store"
    shutil.copytree(states["before"], store)  # type: ignore[arg-type]
    build = Build(store, states["data"])  # type: ignore[arg-type]
    try:
        if when == "reading":
            build.wait_for(lambda line: line.strip() == "reading gen-0010")
        elif when == "writing":
            build.wait_for(_last_document)
            time.sleep(fraction * float(states["write_seconds"]))  # type: ignore[arg-type]
        elif when == "built":
            build.wait_for(lambda line: line.startswith("Built "))
    finally:
        build.kill()
    return store_fingerprint(store)


def test_killed_while_reading_leaves_the_store_as_before(states: dict[str, object], tmp_path: Path) -> None:
    assert _killed_copy(states, tmp_path, "reading") == states["before_print"]


@pytest.mark.parametrize("fraction", [0.3, 0.8])
def test_killed_while_writing_leaves_before_or_after(states: dict[str, object], tmp_path: Path,
                                                     fraction: float) -> None:
    got = _killed_copy(states, tmp_path, "writing", fraction)
    assert got in (states["before_print"], states["after_print"]), \
        f"store in between: {got[0]} quads (before {states['before_print'][0]}, after {states['after_print'][0]})"


def test_killed_after_reporting_success_keeps_the_update(states: dict[str, object], tmp_path: Path) -> None:
    """Once ``Built ...`` is printed the transaction is committed: a kill before the store is closed keeps it."""
    assert _killed_copy(states, tmp_path, "built") == states["after_print"]


# ----------------------------------------------------------------- ingest

@pytest.fixture(scope="module")
def ingest_states(states: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The before store, a folder of documents, and the store an uninterrupted ingest leaves."""
    root = tmp_path_factory.mktemp("ingest-atomicity")
    folder = generate_documents(root / "notes", INGESTED_DOCUMENTS)
    after = root / "after"
    shutil.copytree(states["before"], after)  # type: ignore[arg-type]
    run = Build(after, folder, ("ingest", "-q"))
    assert run.proc.wait(timeout=120) == 0
    seconds = time.perf_counter() - run.started
    after_print = store_fingerprint(after)
    assert after_print[0] > states["before_print"][0] + INGESTED_DOCUMENTS * 20  # type: ignore[index]
    return {"before": states["before"], "folder": folder, "before_print": states["before_print"],
            "after_print": after_print, "seconds": seconds}


@pytest.mark.parametrize("fraction", [0.7, 0.95])
def test_ingest_killed_leaves_before_or_after(ingest_states: dict[str, object], tmp_path: Path,
                                              fraction: float) -> None:
    store = tmp_path / "store"
    shutil.copytree(ingest_states["before"], store)  # type: ignore[arg-type]
    run = Build(store, ingest_states["folder"], ("ingest", "-q"))  # type: ignore[arg-type]
    time.sleep(fraction * float(ingest_states["seconds"]))  # type: ignore[arg-type]
    run.kill()
    got = store_fingerprint(store)
    assert got in (ingest_states["before_print"], ingest_states["after_print"]), \
        f"store in between: {got[0]} quads"
