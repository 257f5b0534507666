"""``crimekg partners``: who an actor works with, through what, and the sentence that says so.

Expected links were read off the documents by hand: doc-004 (Bolivia's bilateral agreements with Paraguay,
Peru and Argentina, its international strategy led by the Ministry of Justice, cooperation with Brazil, Spain,
Panama and Venezuela), doc-000 (CRIMJUST: Bolivia a beneficiary, the EU funder, UNODC implementer, INTERPOL and
TI partners; the series of workshops organised by UNODC headquarters and the Country Office; "UNODC will
continuously expand" its work with Bolivia), doc-001 (Peru a CRIMJUST beneficiary).
"""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.partners import partners
from crimekg.graph.resources import data_dir
from crimekg.graph.store import KGStore

DOC = "https://w3id.org/crimekg/doc/"
S004_MOJ = ("The Ministry of Justice in Bolivia has announced the development of an international strategy through "
            "bilateral agreements with countries including Paraguay, Peru, and Argentina to address the growing "
            "issues of human trafficking and smuggling effectively.")
COOPERATES = "cooperatesWith / object of cooperatesWith"

BOLIVIA = [  # key, kind, via (label), roles (Bolivia's / the partner's), date, documents
    ("argentina", "agreement", "Bolivia-Argentina bilateral agreement against human trafficking and smuggling",
     "party / party", "", "doc-004"),
    ("bo-ministry-of-justice", "agreement", "Bolivia's international strategy against human trafficking and smuggling",
     "party / responsible", "", "doc-004"),
    ("paraguay", "agreement", "Bolivia-Paraguay bilateral agreement against human trafficking and smuggling",
     "party / party", "", "doc-004"),
    ("peru", "agreement", "Bolivia-Peru bilateral agreement against human trafficking and smuggling",
     "party / party", "", "doc-004"),
    ("unodc-bolivia", "co-activity", "CRIMJUST series of workshops in Bolivia (November 2018)",
     "beneficiary / organizer", "2018-11-05", "doc-000"),
    ("unodc-headquarters", "co-activity", "CRIMJUST series of workshops in Bolivia (November 2018)",
     "beneficiary / organizer", "2018-11-05", "doc-000"),
    ("argentina", "cooperation", "", COOPERATES, "", "doc-004"),
    ("brazil", "cooperation", "", COOPERATES, "", "doc-004"),
    ("panama", "cooperation", "", COOPERATES, "", "doc-004"),
    ("paraguay", "cooperation", "", COOPERATES, "", "doc-004"),
    ("peru", "cooperation", "", COOPERATES, "", "doc-004"),
    ("spain", "cooperation", "", COOPERATES, "", "doc-004"),
    ("unodc", "cooperation", "", "object of cooperatesWith / cooperatesWith", "", "doc-000"),
    ("venezuela", "cooperation", "", COOPERATES, "", "doc-004"),
    ("european-union", "programme", "CRIMJUST", "beneficiary / funder", "", "doc-000"),
    ("interpol", "programme", "CRIMJUST", "beneficiary / partner", "", "doc-000"),
    ("peru", "programme", "CRIMJUST", "beneficiary / beneficiary", "", "doc-000, doc-001"),
    ("transparency-international", "programme", "CRIMJUST", "beneficiary / partner", "", "doc-000"),
    ("unodc", "programme", "CRIMJUST", "beneficiary / implementer", "", "doc-000"),
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_bolivia_partners_with_evidence() -> None:
    result = run("partners", "Bolivia", "--store", "memory", "--csv")
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert [(r["key"], r["kind"], r["via"], r["roles"], r["date"], r["documents"]) for r in rows] == BOLIVIA
    assert rows[0]["evidence"] == S004_MOJ
    assert rows[0]["via_type"] == "BilateralAgreement" and rows[6]["via_type"] == ""


def test_table_names_the_actor_and_counts() -> None:
    result = run("partners", "bolivia", "--store", "memory")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split()
    assert header == ["partner", "kind", "via", "roles", "date", "documents", "evidence"]
    assert len(result.stdout.splitlines()) == len(BOLIVIA) + 2
    assert result.stderr.startswith("Bolivia: 19 link(s) with 14 partner(s)")


def test_json_has_the_full_evidence() -> None:
    result = run("partners", "Paraguay", "--store", "memory", "--json")
    assert result.exit_code == 0
    start = (data_dir() / "documents" / "004_6b321fbd5a3251b0.txt").read_text(encoding="utf-8").index(S004_MOJ)
    evidence = {
        "document": DOC + "doc-004",
        "title": "Bolivia establishes international alliances to combat human trafficking and smuggling",
        "date": None, "sentence": S004_MOJ, "start": start, "end": start + len(S004_MOJ),
        "method": "curated", "confidence": 1.0,
    }
    assert json.loads(result.stdout) == [
        {"actor": "https://w3id.org/crimekg/id/paraguay", "actor_label": "Paraguay",
         "partner": "https://w3id.org/crimekg/id/bolivia", "partner_label": "Bolivia", "kind": "agreement",
         "via": "https://w3id.org/crimekg/id/agr-bolivia-paraguay-trafficking",
         "via_label": "Bolivia-Paraguay bilateral agreement against human trafficking and smuggling",
         "via_type": "BilateralAgreement", "actor_role": "party", "partner_role": "party", "date": None,
         "threats": ["human trafficking", "migrant smuggling"], "programmes": [], "evidence": [evidence]},
        {"actor": "https://w3id.org/crimekg/id/paraguay", "actor_label": "Paraguay",
         "partner": "https://w3id.org/crimekg/id/bolivia", "partner_label": "Bolivia", "kind": "cooperation",
         "via": None, "via_label": None, "via_type": None, "actor_role": "object of cooperatesWith",
         "partner_role": "cooperatesWith", "date": None, "threats": [], "programmes": [], "evidence": [evidence]},
    ]


@pytest.mark.parametrize("name", ["PERÚ", "peru", "  Peru ", "República del Perú", "Peruvian", "PE", "id:peru"])
def test_any_name_in_any_language(seed_store: KGStore, name: str) -> None:
    report = partners(seed_store, name)
    assert report.actor == "https://w3id.org/crimekg/id/peru"
    assert {(link.kind, link.target.rsplit("/", 1)[-1]) for link in report.links} >= {
        ("agreement", "bolivia"), ("cooperation", "bolivia"), ("programme", "bolivia")}


def test_spanish_labels(seed_store: KGStore) -> None:
    report = partners(seed_store, "Unión Europea", lang="es")
    assert report.label == "Unión Europea"
    rows = report.rows()
    assert ("Perú", "programme", "CRIMJUST") in {(r["partner"], r["kind"], r["via"]) for r in rows}


def test_kind_filter() -> None:
    result = run("partners", "Bolivia", "--store", "memory", "--kind", "programme", "--kind", "agreement", "--csv")
    assert {r["kind"] for r in csv_rows(result.stdout)} == {"programme", "agreement"}
    assert len(csv_rows(result.stdout)) == 9
    assert run("partners", "Bolivia", "--store", "memory", "--kind", "friendship").exit_code == 2


@pytest.mark.parametrize(("name", "message"), [
    ("Bolivai", "unknown actor 'Bolivai'; close matches: Bolivia (bolivia)"),
    ("Jaguar", "unknown actor 'Jaguar'; close matches: Jaguar Network (jaguar-network)"),
    ("Atlantis", "unknown actor 'Atlantis'"),
    ("CRIMJUST", "CRIMJUST (crimjust) is a Programme, not an actor"),
    ("SMT", "'SMT' names 2 actors"),
])
def test_unknown_or_ambiguous_actor_is_one_line_exit_2(name: str, message: str) -> None:
    result = run("partners", name, "--store", "memory")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_partners_of_bolivia_is_fast(seed_store: KGStore) -> None:
    partners(seed_store, "Bolivia")  # warm up
    started = time.perf_counter()
    report = partners(seed_store, "Bolivia")
    assert len(report.links) == len(BOLIVIA)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("actor", ["Bolivia", "DEVIDA", "European Union", "UNODC", "Pilar Sosa", "Policía Boliviana"])
def test_saved_partners_query_follows_the_same_rules(seed_store: KGStore, actor: str) -> None:
    """queries/partners.rq restates graph/linkrules.yaml in SPARQL: both must find the same links."""
    from crimekg.graph.queries import bind_params, library
    from crimekg.graph.sparql_run import execute

    query = library()["partners"]
    _, result = execute(seed_store, query.text, bind_params(query, {"actor": actor}, seed_store))
    by_query = {(str(r.partner), str(r.kind), None if r.via is None else str(r.via), str(r.role), str(r.partnerRole))
                for r in result}
    by_rules = {(link.target, link.kind, link.via, link.source_role, link.target_role)
                for link in partners(seed_store, actor).links}
    assert by_query == by_rules
    assert by_query


class _WithoutIndex:
    """A store seen only through its query API (as a SPARQL server is)."""

    oxstore = None

    def __init__(self, store: KGStore) -> None:
        self._store = store

    def query(self, *args, **kwargs):
        return self._store.query(*args, **kwargs)


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_labels_from_the_index_are_the_query_labels(seed_store, lang):
    from crimekg.graph.partners import labels

    iris = [str(row[0]) for row in seed_store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")]
    iris.append("https://w3id.org/crimekg/id/no-such-thing")
    expected = labels(_WithoutIndex(seed_store), iris, lang)  # type: ignore[arg-type]
    assert len(expected) > 50
    assert labels(seed_store, iris, lang) == expected


def test_a_key_needs_no_name_index(seed_store: KGStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """`partners bolivia` looks the key up directly; the whole name index (seconds on a big store) is only
    read for names, acronyms and misspellings."""
    from crimekg.graph import resolve

    by_name = partners(seed_store, "Bolivia")

    def no_index(store: KGStore) -> None:
        raise AssertionError("the name index was read for a key")

    monkeypatch.setattr(resolve.NameIndex, "load", staticmethod(no_index))
    by_key = partners(seed_store, "bolivia")
    assert by_key.actor == by_name.actor and by_key.links == by_name.links
    with pytest.raises(AssertionError):
        partners(seed_store, "Bolivia")


def test_name_index_reads_entities_not_provenance(seed_store: KGStore) -> None:
    """The name index reads entities class by class: actors are marked from the ontology's class tree, and
    the provenance records (assertions, sentences) are not read at all."""
    from crimekg.graph.resolve import NameIndex

    index = NameIndex.load(seed_store)
    assert index.entities["https://w3id.org/crimekg/id/bolivia"].actor
    assert index.entities["https://w3id.org/crimekg/id/bo-felcn"].actor  # a GovernmentAgency, an Actor subclass
    assert not index.entities["https://w3id.org/crimekg/id/crimjust"].actor
    assert "Programme" in index.entities["https://w3id.org/crimekg/id/crimjust"].types
    assert not [iri for iri in index.entities if "#char=" in iri]
