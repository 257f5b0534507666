"""The index-based links (network/links_fast.py) equal relations.actor_links, on the seed and synthetic data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from crimekg.graph.errors import UsageError
from crimekg.graph.namespaces import ID
from crimekg.graph.network.links_fast import fast_actor_links, link_table
from crimekg.graph.network.reader import SparqlReader
from crimekg.graph.relations import actor_links_sparql as actor_links
from crimekg.graph.store import open_store


def comparable(links) -> list[tuple]:
    return sorted((link.source, link.target, link.kind, link.via or "", link.source_role, link.target_role,
                   link.via_label, link.via_type, link.date, tuple(link.threats), tuple(link.programmes),
                   link.year, tuple(sorted(link.evidence, key=repr))) for link in links)



@pytest.fixture(scope="module")
def synth_store(synth_quads):
    store = open_store("memory")
    store.oxstore.bulk_load(synth_quads(150, 7), format=ox.RdfFormat.N_QUADS)
    yield store
    store.close()


@pytest.fixture(scope="module")
def synth_disk(tmp_path_factory, synth_quads):
    store = open_store(tmp_path_factory.mktemp("links") / "store")
    store.oxstore.bulk_load(synth_quads(600, 7), format=ox.RdfFormat.N_QUADS)
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


@pytest.mark.parametrize("actor", ["country-0", "country-7", "governmentagency-3"])
def test_reads_for_actors_with_many_hubs_give_the_same(synth_disk, monkeypatch, actor):
    """The reads for an actor with many hubs (all hubs described at once, actors known from one read,
    evidence of the subjects' assertions by a LATERAL join), forced here, give what the SPARQL path gives."""
    from crimekg.graph.network import links_fast

    expected = comparable(actor_links(synth_disk, ID[actor]))
    assert comparable(fast_actor_links(synth_disk, ID[actor])) == expected
    queries = []
    chosen = links_fast._bulk_evidence_query
    monkeypatch.setattr(links_fast, "_bulk_evidence_query", lambda *a: queries.append(chosen(*a)) or queries[-1])
    monkeypatch.setattr(links_fast, "LOCAL_BULK_ABOVE", 0)
    monkeypatch.setattr(links_fast, "BULK_EVIDENCE_ABOVE", 10)
    assert comparable(fast_actor_links(synth_disk, ID[actor])) == expected
    assert queries and all("LATERAL" in q for q in queries)  # fewer assertions of the subjects than of the roles


def test_all_links_with_bulk_evidence_read_by_property(synth_disk, monkeypatch):
    """All links: their subjects (every hub) have more assertions than their properties, so the evidence is
    read by one scan of the properties' assertions (no LATERAL join)."""
    from crimekg.graph.network import links_fast

    queries = []
    chosen = links_fast._bulk_evidence_query
    monkeypatch.setattr(links_fast, "_bulk_evidence_query", lambda *a: queries.append(chosen(*a)) or queries[-1])
    monkeypatch.setattr(links_fast, "BULK_EVIDENCE_ABOVE", 10)
    table = link_table(synth_disk)
    assert queries and "LATERAL" not in queries[0]
    monkeypatch.setattr(links_fast, "BULK_EVIDENCE_ABOVE", 10 ** 9)
    assert link_table(synth_disk).evidence == table.evidence


def test_sparql_reader_gives_the_same(seed_store):
    assert comparable(fast_actor_links(SparqlReader(seed_store), ID["unodc"])) == \
        comparable(actor_links(seed_store, ID["unodc"]))


def test_unknown_kind(seed_store):
    with pytest.raises(UsageError, match="unknown link kind"):
        fast_actor_links(seed_store, kinds=["friendship"])
