"""The bulk projection (network/bulk.py, the structure-only path of projection.py, the disk reads of reader.py)
builds exactly the graph of the general code: same nodes, edges, attributes, and the same order."""

from __future__ import annotations

import gc
import random
from itertools import combinations

import networkx as nx
import numpy as np
import pyoxigraph as ox
import pytest
from crimekg.graph.build import build
from crimekg.graph.network import links_fast, projection
from crimekg.graph.network.bulk import PairTable, decode_bitsets, graph_from_edges
from crimekg.graph.network.projection import _Context, _cooperation, _structure_only, cooperation_graph
from crimekg.graph.network.reader import OxReader, _from_ox, reader_for, tsv_term
from crimekg.graph.store import open_store
from rdflib import Literal, URIRef

ID = "https://w3id.org/crimekg/id/"
C = "https://w3id.org/crimekg/ontology#"



@pytest.fixture(scope="module")
def synth_memory(synth_quads):
    store = open_store("memory")
    store.oxstore.bulk_load(synth_quads(400, 11), format=ox.RdfFormat.N_QUADS)
    yield store
    store.close()


@pytest.fixture(scope="module")
def synth_disk(tmp_path_factory, synth_quads):
    store = open_store(tmp_path_factory.mktemp("bulk") / "store")
    store.oxstore.bulk_load(synth_quads(400, 11), format=ox.RdfFormat.N_QUADS)
    yield store
    store.close()


@pytest.fixture(scope="module")
def seed_disk(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("seed") / "store")
    build(store)
    yield store
    store.close()


def same_graph(G: nx.Graph, H: nx.Graph) -> None:
    """Equal nodes, attributes and edges, in the same order (nodes, each node's neighbours)."""
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert [(u, list(G.adj[u].items())) for u in G] == [(u, list(H.adj[u].items())) for u in H]
    for u, v, data in G.edges(data=True):
        assert data is G.adj[v][u]


# ---------------------------------------------------------------- bulk.py


def test_graph_from_edges_is_add_edges_from():
    rng = random.Random(3)
    names = [f"n{i}" for i in range(30)]
    edges = [(rng.choice(names), rng.choice(names), {"w": i, "tag": [i]}) for i in range(300)]  # repeats, loops
    expected = nx.Graph()
    expected.add_edges_from((a, b, dict(d)) for a, b, d in edges)
    built = graph_from_edges((a, b, dict(d)) for a, b, d in edges)
    same_graph(built, expected)
    assert nx.utils.graphs_equal(built, expected)
    built.add_edge("n0", "new", w=-1)  # an ordinary networkx graph afterwards
    assert built.edges["new", "n0"]["w"] == -1 and built.degree("new") == 1


def naive_groups(hubs):
    """(a, b, [conns]) per pair in first-met order, hubs met by rank, pairs in the order given."""
    found: dict[tuple[int, int], list[int]] = {}
    for _, pairs, conn in sorted(hubs, key=lambda h: h[0]):
        for pair in pairs:
            found.setdefault(pair, []).append(conn)
    return found


def test_pair_table_groups_like_a_dict():
    rng = random.Random(5)
    names = sorted(f"actor-{i:03d}" for i in range(40))
    table = PairTable(names)
    hubs = []
    cliques: dict[int, tuple[list, list, list]] = {}
    for rank in rng.sample(range(500), 200):  # added out of rank order
        conn = rng.randrange(7)
        members = sorted(rng.sample(range(len(names)), rng.randint(1, 6)))
        if rng.random() < 0.3:
            pairs = [(a, b) for a, b in combinations(members, 2) if rng.random() < 0.7]
            table.add_pairs(rank, pairs, conn)
        elif rng.random() < 0.5:
            pairs = list(combinations(members, 2))
            table.add_clique(rank, members, conn)
        else:
            pairs = list(combinations(members, 2))
            ranks, rows, conns = cliques.setdefault(len(members), ([], [], []))
            ranks.append(rank)
            rows.append(members)
            conns.append(conn)
        hubs.append((rank, pairs, conn))
    for ranks, rows, conns in cliques.values():
        table.add_cliques(np.array(ranks), np.array(rows, dtype=np.int64), np.array(conns))
    expected = naive_groups(hubs)
    grouped = table.group()
    assert grouped.pairs() == [(names[a], names[b]) for a, b in expected]
    assert grouped.connections() == list(expected.values())
    weights = np.arange(7, dtype=np.float64) + 0.5
    assert grouped.reduce(weights, np.add).tolist() == [sum(weights[c] for c in conns) for conns in expected.values()]
    attrs = [{"i": i} for i in range(len(grouped))]
    edges = ((a, b, d) for (a, b), d in zip(grouped.pairs(), attrs, strict=True))
    same_graph(grouped.graph(attrs), graph_from_edges(edges))


@pytest.mark.parametrize("size", [3, 64, 130])
def test_decode_bitsets(size):
    rng = random.Random(size)
    universe = [f"v{i:03d}" for i in range(size)]
    sets = [sorted(rng.sample(range(size), rng.randint(0, min(size, 5)))) for _ in range(200)]
    words = -(-size // 64)
    bits = np.zeros((len(sets), words), dtype=np.uint64)
    for row, chosen in enumerate(sets):
        for i in chosen:
            bits[row, i // 64] |= np.uint64(1) << np.uint64(i % 64)
    tuples, which = decode_bitsets(bits, universe)
    assert [tuples[w] for w in which] == [tuple(universe[i] for i in chosen) for chosen in sets]
    assert len(tuples) == len({tuple(c) for c in sets})


# ---------------------------------------------------------------- the structure-only path


def general(store, **options) -> nx.Graph:
    """The graph of the general code path (the one evidence and time windows take), evidence off."""
    ctx = _Context(store, options.get("kinds"), options.get("actor_types"), options.get("threat"),
                   options.get("programme"), None, None)
    with links_fast.quiet_gc():
        return _cooperation(ctx, False, options.get("kind_weights"))


OPTIONS = [{}, {"kinds": ["co-activity", "cooperation"]}, {"kinds": ["membership", "position"]},
           {"actor_types": ["Country"]}, {"kind_weights": {"cooperation": 3, "membership": 0, "co-activity": 2}}]
SEED_OPTIONS = [*OPTIONS, {"threat": "drug-trafficking"}, {"programme": "CRIMJUST"}]


@pytest.mark.parametrize("options", SEED_OPTIONS, ids=str)
@pytest.mark.parametrize("where", ["seed_store", "seed_disk"])
def test_structure_path_is_the_general_path_on_the_seed(request, where, options):
    store = request.getfixturevalue(where)
    G = cooperation_graph(store, evidence=False, **options)
    same_graph(G, general(store, **options))
    assert G.number_of_edges() > 0


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("where", ["synth_memory", "synth_disk"])
def test_structure_path_is_the_general_path_on_synthetic_data(request, where, options):
    store = request.getfixturevalue(where)
    same_graph(cooperation_graph(store, evidence=False, **options), general(store, **options))


def test_the_structure_path_is_the_one_taken(seed_store, monkeypatch):
    calls = []
    monkeypatch.setattr(projection, "_structure_only", lambda *a: calls.append(a) or _structure_only(*a))
    cooperation_graph(seed_store, evidence=False)
    cooperation_graph(seed_store, evidence=False, kind_weights={"cooperation": 0.5})  # fractional: general
    cooperation_graph(seed_store, evidence=False, since=2019)
    cooperation_graph(seed_store)
    assert len(calls) == 1


def test_disk_and_memory_give_the_same_graph(synth_memory, synth_disk):
    """The same graph (the order of nodes follows each store's index, as before)."""
    for evidence in (False, True):
        assert nx.utils.graphs_equal(cooperation_graph(synth_disk, evidence=evidence),
                                     cooperation_graph(synth_memory, evidence=evidence))


@pytest.mark.parametrize("same_reader", [False, True])
def test_no_stale_results_after_a_write(tmp_path, same_reader, synth_quads):
    """Nothing read is kept between calls, even in a reader given again: a write shows in the next
    projection (on disk, where hub facts are read ahead, and in memory)."""
    for store in (open_store(tmp_path / "store"), open_store("memory")):
        store.oxstore.bulk_load(synth_quads(150, 2), format=ox.RdfFormat.N_QUADS)
        source = reader_for(store) if same_reader else store
        before = cooperation_graph(source, evidence=False)
        b = ID + "country-0"
        hub = min(q.subject.value for q in store.oxstore.quads_for_pattern(
            None, ox.NamedNode(C + "participatingCountry"), ox.NamedNode(b), None))
        a = min(n for n in before if n != b and not before.has_edge(n, b))
        graph = ox.NamedNode("https://w3id.org/crimekg/graph/test-write")
        store.oxstore.add(ox.Quad(ox.NamedNode(a), ox.NamedNode(C + "cooperatesWith"), ox.NamedNode(b), graph))
        joiner = min(n for n in before if n not in (a, b) and not before.has_edge(n, b) and not before.has_edge(n, a))
        store.oxstore.add(ox.Quad(ox.NamedNode(hub), ox.NamedNode(C + "participant"), ox.NamedNode(joiner), graph))
        after = cooperation_graph(source, evidence=False)
        assert after.edges[a, b]["kinds"] == ["cooperation"]
        assert "co-activity" in after.edges[joiner, b]["kinds"]
        assert after.number_of_edges() > before.number_of_edges() + 1
        store.close()


def test_read_ahead_rows_are_dropped_after_the_call(tmp_path, synth_quads):
    """What the structure path reads ahead on disk is not used by a later call on the same reader (with
    over 300 hubs, hub details are read by the same scans)."""
    store = open_store(tmp_path / "store")
    store.oxstore.bulk_load(synth_quads(400, 2), format=ox.RdfFormat.N_QUADS)
    reader = reader_for(store)
    before = cooperation_graph(reader, evidence=False)
    a, b = next(iter(before.edges()))
    hub = next(r["via"] for r in cooperation_graph(store).edges[a, b]["evidence"] if r["via"])
    date = ox.Literal("1901-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    store.oxstore.add(ox.Quad(ox.NamedNode(hub), ox.NamedNode(C + "startDate"), date,
                              ox.NamedNode("https://w3id.org/crimekg/graph/test-write")))
    assert 1901 in cooperation_graph(reader).edges[a, b]["years"]
    store.close()


def test_quiet_gc_leaves_the_collector_as_it_was():
    assert gc.isenabled()
    with links_fast.quiet_gc():
        assert not gc.isenabled()
        cycle: list = []
        cycle.append(cycle)
        with links_fast.quiet_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    del cycle
    assert gc.collect() >= 1  # what was made inside is still collectable
    gc.disable()
    try:
        with links_fast.quiet_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------- reading on disk


def quads_scan(store: ox.Store, p: str) -> list:
    named = ox.NamedNode
    return list(dict.fromkeys((q.subject.value, q.object.value if type(q.object) is named else _from_ox(q.object))
                              for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None)))


@pytest.mark.parametrize("where", ["seed_disk", "synth_disk"])
def test_disk_scans_are_the_index_scans(request, where):
    store = request.getfixturevalue(where)
    reader = reader_for(store)
    assert isinstance(reader, OxReader) and reader.on_disk
    predicates = {q.predicate.value for q in store.oxstore.quads_for_pattern(None, None, None, None)}
    for p in sorted(predicates):
        assert reader.scan(p) == quads_scan(store.oxstore, p), p
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    for cls in sorted({o for _, o in reader.scan(rdf_type)}):
        assert reader.subjects(rdf_type, cls) == list(dict.fromkeys(
            q.subject.value for q in store.oxstore.quads_for_pattern(None, ox.NamedNode(rdf_type), ox.NamedNode(cls),
                                                                     None)))


def per_subject(rows) -> dict:
    out: dict = {}
    for s, o in rows:
        out.setdefault(s, []).append(o)
    return out


def test_scan_of_and_prefetch_give_the_scan_rows(synth_disk):
    reader = OxReader(synth_disk.oxstore, on_disk=True)
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    actors = sorted(links_fast.instances(reader, links_fast.vocabulary(reader).actor_classes))
    some = set(actors[:150])
    full = quads_scan(synth_disk.oxstore, label)
    assert len(full) > 4 * len(some)  # the VALUES join is used
    assert per_subject(reader.scan_of(label, some)) == per_subject((s, o) for s, o in full if s in some)
    hubs = links_fast.instances(reader, [C + "Workshop", C + "Meeting", C + "Training"])
    predicates = [C + "participatingCountry", C + "organizer", C + "startDate", C + "targetsThreat",
                  C + "underProgramme", label]
    assert reader.prefetch(predicates, hubs, actors)
    for p in predicates:
        expected = [(s, o) for s, o in quads_scan(synth_disk.oxstore, p) if s in hubs]
        assert reader.scan_of(p, hubs) == expected, p  # same rows, same order
        few = set(sorted(hubs)[:40])
        assert reader.scan_of(p, few) == [(s, o) for s, o in expected if s in few]


def test_prefetch_is_skipped_in_memory_and_for_few_subjects(synth_memory, synth_disk):
    assert not reader_for(synth_memory).prefetch([C + "organizer"], {ID + f"x{i}" for i in range(200)})
    assert not reader_for(synth_disk).prefetch([C + "organizer"], {ID + "x"})


@pytest.mark.parametrize("term", [
    URIRef(ID + "a"), Literal("plain"), Literal("tab\there \"quoted\" back\\slash\nnew line é ∑"),
    Literal("x", lang="en-GB"), Literal(5), Literal(-12), Literal(True), Literal(1.5), Literal("2019-05-01",
    datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")), Literal("3.25", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#decimal")), Literal("1e3", datatype=URIRef(
            "http://www.w3.org/2001/XMLSchema#double")), Literal("odd", datatype=URIRef("http://example.org/dt"))])
def test_tsv_terms_read_back_as_scan_values(term):
    store = ox.Store()
    subject, p = ox.NamedNode(ID + "s"), ox.NamedNode(C + "p")
    value = ox.NamedNode(str(term)) if isinstance(term, URIRef) else ox.Literal(
        str(term), language=term.language, datatype=None if term.language or term.datatype is None
        else ox.NamedNode(str(term.datatype)))
    store.add(ox.Quad(subject, p, value, ox.NamedNode(ID + "g")))
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    text = store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.TSV)
    read = next(iter(store.query(query, use_default_graph_as_union=True)))[0]  # as scan() reads it
    assert tsv_term(text.decode("utf-8").split("\n")[1]) == _from_ox(read)


def test_id_rows_are_the_scan_rows_as_numbers(synth_disk):
    """Roles read as (hub number, actor number), in scan order: the rows the scans give, filtered."""
    reader = OxReader(synth_disk.oxstore, on_disk=True)
    actors = sorted(links_fast.instances(reader, links_fast.vocabulary(reader).actor_classes))
    hubs = sorted(links_fast.instances(reader, [C + "Workshop", C + "Meeting", C + "Training"]))
    predicates = [C + "participatingCountry", C + "organizer", C + "participant", C + "nothingLikeThis"]
    rows = reader.id_rows(predicates, hubs, actors)
    assert rows is not None and len(rows) == len(predicates)
    wanted_hubs, wanted_actors = set(hubs), set(actors)
    for p, found in zip(predicates, rows, strict=True):
        expected = [(s, o) for s, o in quads_scan(synth_disk.oxstore, p) if s in wanted_hubs and o in wanted_actors]
        assert list(dict.fromkeys((hubs[i], actors[j]) for i, j in found.tolist())) == expected, p
    assert len(rows[0]) > 100 and not len(rows[3])


def test_id_rows_are_skipped_in_memory_and_for_few_subjects(synth_memory, synth_disk):
    actors = [ID + "country-0"]
    assert reader_for(synth_memory).id_rows([C + "organizer"], [ID + f"x{i}" for i in range(200)], actors) is None
    assert reader_for(synth_disk).id_rows([C + "organizer"], [ID + "x"], actors) is None


def test_cliques_by_number_are_the_cliques(synth_disk):
    """The one-sided hubs the structure path reads as numbers on disk: same hubs, order and members."""
    by_number = _Context(synth_disk, None, None, None, None, None, None)
    index = {name: i for i, name in enumerate(sorted(by_number.actors))}
    by_number.prefetch_hubs(index)
    assert by_number._members is not None  # the numbers were read
    plain = _Context(synth_disk, None, None, None, None, None, None)
    plain.prefetch_hubs()
    assert plain._members is None
    rules = [rule for rule in plain.vocab.hub_rules if rule.roles_a == rule.roles_b]
    for rule in rules:
        expected = plain.cliques(rule, index)
        assert list(by_number.cliques(rule, index).items()) == list(expected.items()), rule.kind
    assert sum(len(plain.cliques(rule, index)) for rule in rules) > 100
    hubs = set().union(*(plain.hub_nodes(rule) for rule in plain.vocab.hub_rules))
    for p in [C + "targetsThreat", C + "underProgramme", C + "startDate"]:  # threats, programmes: as numbers
        assert by_number.reader.scan_of(p, hubs) == plain.reader.scan_of(p, hubs) == \
            [(s, o) for s, o in quads_scan(synth_disk.oxstore, p) if s in hubs], p
    by_number.reader.forget()
    plain.reader.forget()


def test_describe_many_is_describe(synth_disk, synth_memory):
    for store in (synth_disk, synth_memory):
        reader = reader_for(store)
        hubs = [*sorted(links_fast.instances(reader, [C + "Workshop", C + "Meeting"]))[:150], ID + "no-such-thing"]
        assert reader.describe_many(hubs) == {h: reader.describe(h) for h in hubs}


def test_select_reads_terms_as_pyoxigraph_does(tmp_path):
    """OxReader.select parses TSV results: the same values, None when unbound."""
    store = open_store(tmp_path / "store")
    g = ox.NamedNode("https://w3id.org/crimekg/graph/t")
    s = ox.NamedNode(ID + "s")
    values = [ox.NamedNode(ID + "a"), ox.BlankNode("b1"), ox.Literal("plain"), ox.Literal("x\ty\n\"z\"", language="en"),
              ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
              ox.Literal("2019-05-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
              ox.Literal("0.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")), ox.Literal("")]
    for i, value in enumerate(values):
        store.oxstore.add(ox.Quad(s, ox.NamedNode(C + f"p{i}"), value, g))
    query = f"SELECT ?p ?o ?none WHERE {{ <{ID}s> ?p ?o OPTIONAL {{ ?o <{C}nothing> ?none }} }}"
    solutions = store.oxstore.query(query, use_default_graph_as_union=True)
    expected = [(_from_ox(p), _from_ox(o), None) for p, o, _ in solutions]
    assert list(reader_for(store).select(query)) == expected
    assert len(expected) == len(values)
    store.close()
