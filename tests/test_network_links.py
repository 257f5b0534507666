"""The index-based links (network/links_fast.py) equal relations.actor_links, on the seed and synthetic data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest
from crimekg.graph.errors import UsageError
from crimekg.graph.namespaces import ID
from crimekg.graph.network.links_fast import fast_actor_links, link_table
from crimekg.graph.network.reader import SparqlReader
from crimekg.graph.relations import actor_links_sparql as actor_links
from crimekg.graph.store import open_store

SYNTH = Path(__file__).parents[1] / "benchmarks" / "synth.py"


def comparable(links) -> list[tuple]:
    return sorted((link.source, link.target, link.kind, link.via or "", link.source_role, link.target_role,
                   link.via_label, link.via_type, link.date, tuple(link.threats), tuple(link.programmes),
                   link.year, tuple(sorted(link.evidence, key=repr))) for link in links)


@pytest.fixture(scope="module")
def synth_store():
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)  # type: ignore[union-attr]
    text = "\n".join(synth.SynthCorpus(activities=150, seed=7).quads()) + "\n"
    store = open_store("memory")
    store.oxstore.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    yield store
    store.close()


@pytest.mark.parametrize("actor", [None, "bolivia", "unodc", "rfai", "european-union", "crimjust", "pilar-sosa",
                                   "no-such-actor"])
def test_same_links_as_relations_on_seed(seed_store, actor):
    iri = None if actor is None else ID[actor]
    assert comparable(fast_actor_links(seed_store, iri)) == comparable(actor_links(seed_store, iri))


@pytest.mark.parametrize("kinds", [["co-activity"], ["membership", "position"], ["cooperation", "funding"]])
def test_same_links_for_some_kinds(seed_store, kinds):
    assert comparable(fast_actor_links(seed_store, kinds=kinds)) == comparable(actor_links(seed_store, kinds=kinds))
    assert comparable(fast_actor_links(seed_store, ID["bolivia"], kinds)) == \
        comparable(actor_links(seed_store, ID["bolivia"], kinds))


@pytest.mark.parametrize("actor", [None, "country-0", "country-7", "governmentagency-3", "network-80", "person-108"])
def test_same_links_as_relations_on_synthetic_data(synth_store, actor):
    iri = None if actor is None else ID[actor]
    fast = fast_actor_links(synth_store, iri)
    assert fast or actor not in (None, "country-0")
    assert comparable(fast) == comparable(actor_links(synth_store, iri))


def test_bulk_evidence_path_gives_the_same(synth_store, monkeypatch):
    from crimekg.graph.network import links_fast

    expected = link_table(synth_store).evidence
    monkeypatch.setattr(links_fast, "BULK_EVIDENCE_ABOVE", 10)
    monkeypatch.setattr(links_fast, "SCAN_SENTENCES_ABOVE", 10)
    assert link_table(synth_store).evidence == expected


def test_sparql_reader_gives_the_same(seed_store):
    assert comparable(fast_actor_links(SparqlReader(seed_store), ID["unodc"])) == \
        comparable(actor_links(seed_store, ID["unodc"]))


def test_unknown_kind(seed_store):
    with pytest.raises(UsageError, match="unknown link kind"):
        fast_actor_links(seed_store, kinds=["friendship"])
