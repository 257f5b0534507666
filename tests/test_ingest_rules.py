"""crimekg ingest: extraction rules on small texts written for these tests, and planning in worker processes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from crimekg.graph.errors import InputError
from crimekg.graph.gazetteer import load_gazetteer
from crimekg.graph.ingest import parallel
from crimekg.graph.ingest.extract import Extractor
from crimekg.graph.ingest.parallel import plan_batch, workers_for
from crimekg.graph.ingest.pipeline import Ingestor, graph_update, read_sources
from crimekg.graph.ingest.textio import SourceDoc
from crimekg.graph.namespaces import GRAPH, ID
from crimekg.graph.rdfgen import TripleSet
from crimekg.graph.store import replace_graphs_update
from rdflib import Literal
from rdflib.namespace import RDFS

DEV = Path(__file__).parent / "fixtures" / "dev" / "documents"

EN = ("UNODC holds workshop in Peru\n\n"
      "On 12-14 March 2019, UNODC held a workshop on asset recovery in Lima in collaboration with INTERPOL, with the "
      "financial support of the European Union. Some thirty (30) participants, including twelve (12) women and "
      "eighteen (18) men, from Peru, Ecuador and Colombia attended the workshop. Ms. Ana Torres, Director of the "
      "National Police of Peru, opened the event. The Governments of Peru and Ecuador signed a Memorandum of "
      "Understanding on 14 March 2019 in Lima. INTERPOL Secretary General Karl Brenner said the operation was a "
      "success. The EU-funded project NORTHSTAR supports the network.")
ES = ("Taller regional en Quito\n\n"
      "Del 5 al 7 de noviembre de 2019 se realizó en Quito un taller organizado por la UNODC y la Fiscalía General "
      "del Estado, con el apoyo de la Unión Europea. Participaron 25 fiscales (10 mujeres y 15 hombres) de Ecuador, "
      "Perú y Colombia. La directora de la Policía Nacional del Ecuador, María López, inauguró el taller. Ecuador "
      "firmó acuerdos bilaterales con Perú, Colombia y Chile contra la trata de personas.")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_gazetteer())


def triples(extractor: Extractor, text: str, language: str) -> set[tuple]:
    content = extractor.extract(SourceDoc(f"t-{language}", Path("t.txt"), "t", text, language)).content
    return {tuple(t) for item in content["facts"] for t in item["triples"]}


def test_english_activity_counts_dates_countries_positions_agreement(extractor: Extractor) -> None:
    found = triples(extractor, EN, "en")
    activity = next(s for s, p, o in found if p == "organizer" and o == "unodc")
    for p, o in [("startDate", "2019-03-12"), ("endDate", "2019-03-14"), ("location", "lima"),
                 ("collaborator", "interpol"), ("funder", "european-union"), ("participantCount", 30),
                 ("femaleParticipantCount", 12), ("maleParticipantCount", 18), ("participatingCountry", "peru"),
                 ("participatingCountry", "ecuador"), ("participatingCountry", "colombia")]:
        assert (activity, p, o) in found, (p, o)
    assert ("unodc", "cooperatesWith", "interpol") in found
    position = {s for s, p, o in found if p == "holder" and o == "ana-torres"}
    assert position and {(next(iter(position)), "organization", "national-police-of-peru"),
                         ("ana-torres", "affiliatedWith", "national-police-of-peru")} <= found
    mou = {s for s, p, o in found if p == "party"}
    assert len(mou) == 1 and {(next(iter(mou)), "party", c) for c in ("peru", "ecuador")} <= found
    # a capitalised title right before a name, and the body named before the title
    brenner = {s for s, p, o in found if p == "holder" and o == "karl-brenner"}
    assert brenner and (next(iter(brenner)), "organization", "interpol") in found
    # "the EU-funded project NORTHSTAR"
    assert ("northstar", "funder", "european-union") in found


def test_spanish_ranges_counts_generic_names_and_plural_agreements(extractor: Extractor) -> None:
    found = triples(extractor, ES, "es")
    activity = next(s for s, p, o in found if p == "organizer" and o == "unodc")
    for p, o in [("startDate", "2019-11-05"), ("endDate", "2019-11-07"), ("location", "quito"),
                 ("supporter", "european-union"), ("participantCount", 25), ("femaleParticipantCount", 10),
                 ("maleParticipantCount", 15), ("participatingCountry", "peru")]:
        assert (activity, p, o) in found, (p, o)
    # "Fiscalía General del Estado" is generic: it is not Bolivia's when the text does not name Bolivia
    assert not any(o == "bo-attorney-general" for _s, _p, o in found)
    # "un" (a Spanish article) is not the UN
    assert not any("united-nations" in (s, o) for s, _p, o in found)
    # opening an event is not organising it
    assert not any(p == "organizer" and str(o).startswith("maria-lopez") for _s, p, o in found)
    assert any(p == "holder" and str(o).startswith("maria-lopez") for _s, p, o in found)
    # "acuerdos bilaterales con Perú, Colombia y Chile": one agreement with each
    parties = {o for s, p, o in found if p == "party"}
    assert parties == {"ecuador", "peru", "colombia", "chile"}
    assert len({s for s, p, o in found if p == "party"}) == 3
    assert {("ecuador", "cooperatesWith", c) for c in ("peru", "colombia", "chile")} <= found


def test_graph_update_is_the_store_update_with_sorted_lines(extractor: Extractor) -> None:
    ingestor = Ingestor(None)
    planned = ingestor.plan(read_sources([DEV / "d-en-01.txt", DEV / "d-es-02.txt"]))
    for p in planned:
        body = p.update.split("\n")[2:-1]
        assert body == sorted(body) and len(body) == p.quads
    graph = TripleSet()
    graph.add((ID["b"], RDFS.label, Literal("b \u00e9 \"q\"", lang="es")))
    graph.add((ID["a"], RDFS.label, Literal(3)))
    mine, _facts = graph_update(GRAPH["x"], graph)
    theirs = replace_graphs_update({GRAPH["x"]: graph})
    assert sorted(mine.split("\n")) == sorted(theirs.split("\n"))


def _pid_of(item: int) -> tuple[int, int]:
    time.sleep(0.01)
    if item == -1:
        raise ValueError("bad item -1")
    return item, os.getpid()


def _pid_planner() -> object:
    return _pid_of


def test_plan_batch_shares_work_keeps_order_and_raises() -> None:
    items = list(range(120))
    done = plan_batch(items, _pid_of, _pid_planner, (), workers=2)
    assert [d[0] for d in done] == items
    assert {d[1] for d in done} - {os.getpid()}, "a helper process planned some items"
    with pytest.raises(ValueError, match="bad item"):
        plan_batch([*range(60), -1, *range(60)], _pid_of, _pid_planner, (), workers=2)


def test_plan_in_workers_is_identical_to_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(12):  # enough documents for the helper process to start and take some
        for path in sorted(DEV.glob("*.txt")):
            shutil.copy(path, tmp_path / f"{n}-{path.name}")
    sources = read_sources([tmp_path])
    monkeypatch.setattr(parallel, "MIN_PARALLEL_DOCS", 4)
    one = Ingestor(None, workers=1).plan(sources)
    two = Ingestor(None, workers=2).plan(sources)
    assert [p.source.id for p in two] == [s.id for s in sources]
    assert [(p.update, p.content, p.merges) for p in one] == [(p.update, p.content, p.merges) for p in two]


def test_workers_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert workers_for(10) == 1 and workers_for(1000, 1) == 1 and workers_for(1000, 2) == 2
    monkeypatch.setenv("CRIMEKG_INGEST_WORKERS", "two")
    with pytest.raises(InputError, match="CRIMEKG_INGEST_WORKERS"):
        workers_for(1000)
