"""crimekg ingest: extraction into the store with provenance, atomicity, idempotence, review, merges, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.ingest.merges import list_merges, undo_merge
from crimekg.graph.ingest.pipeline import ingest_files
from crimekg.graph.namespaces import CKG, GRAPH
from crimekg.graph.store import open_store

UNSEEN = Path(__file__).parent / "fixtures" / "unseen" / "documents"

PROVENANCE = """
SELECT ?s ?o ?method ?conf ?start ?end ?text WHERE { GRAPH ?g {
  ?a rdf:subject ?s ; rdf:predicate ckg:organizer ; rdf:object ?o ; ckg:method ?method ; ckg:confidence ?conf ;
     prov:wasDerivedFrom ?sent . ?sent ckg:startOffset ?start ; ckg:endOffset ?end ; ckg:text ?text } }
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture()
def store():
    kg = open_store("memory")
    yield kg
    kg.close()


def test_extracted_facts_keep_sentence_method_and_confidence(store) -> None:
    path = UNSEEN / "u-en-02.txt"
    ingest_files([path], store)
    rows = list(store.query(PROVENANCE, {"g": GRAPH["ing-u-en-02"]}))
    assert {str(r[1]).rsplit("/", 1)[-1] for r in rows} >= {"unodc"}
    text = path.read_text(encoding="utf-8")
    for _s, _o, method, conf, start, end, sentence in rows:
        assert str(method).endswith("#extracted")
        assert 0 < float(conf) <= 1
        assert text[int(start):int(end)] == str(sentence)


def test_spanish_participating_countries_and_place(store) -> None:
    ingest_files([UNSEEN / "u-es-01.txt"], store)
    rows = store.query("SELECT ?c WHERE { GRAPH ?g { ?a ckg:participatingCountry ?c } }", {"g": GRAPH["ing-u-es-01"]})
    countries = {str(r[0]).rsplit("/", 1)[-1] for r in rows}
    assert {"argentina", "uruguay", "costa-rica", "el-salvador", "mexico"} <= countries
    places = store.query("SELECT ?p WHERE { GRAPH ?g { ?a ckg:location ?p } }", {"g": GRAPH["ing-u-es-01"]})
    assert {str(r[0]).rsplit("/", 1)[-1] for r in places} == {"cancun"}


def test_ingest_is_idempotent_and_replaces_the_document_graph(store) -> None:
    ingest_files([UNSEEN / "u-en-01.txt", UNSEEN / "u-en-03.txt"], store)
    first = store.count()
    ingest_files([UNSEEN / "u-en-01.txt", UNSEEN / "u-en-03.txt"], store)
    assert store.count() == first


def test_bad_document_leaves_the_store_unchanged(tmp_path: Path) -> None:
    kg = str(tmp_path / "kg")
    assert run("build", "--store", kg, "-q").exit_code == 0
    before = run("stats", "--store", kg, "--json").output
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Taller en La Paz, organizado por la UNODC. ".encode("latin-1") + "Perú".encode("latin-1"))
    result = run("ingest", "--store", kg, str(UNSEEN / "u-en-01.txt"), str(bad))
    assert result.exit_code == 3
    assert "not valid UTF-8" in result.output
    assert run("stats", "--store", kg, "--json").output == before


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"\x00\x01\x02binary", "binary file"),
    (None, "no such file"),
])
def test_bad_input_is_one_line_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "doc.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("ingest", "--store", str(tmp_path / "kg"), str(path))
    assert result.exit_code == 3
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_html_and_markdown_inputs(tmp_path: Path, store) -> None:
    html = tmp_path / "note.html"
    html.write_text("<html><head><title>Taller</title><script>var x;</script></head><body><h1>UNODC en Bolivia</h1>"
                    "<p>El 5 de marzo de 2021 la UNODC realiz&oacute; un taller en La Paz, en colaboraci&oacute;n con "
                    "la Fiscalía General del Estado.</p></body></html>", encoding="utf-8")
    md = tmp_path / "note.md"
    md.write_text("# Workshop\n\nOn 3 May 2022 **UNODC** held a workshop in [Panama](http://x), funded by the "
                  "European Union.\n", encoding="utf-8")
    report = ingest_files([html, md], store)
    assert report.documents == 2
    rows = {(str(r[0]).rsplit("/", 1)[-1], str(r[1]).rsplit("#", 1)[-1], str(r[2]).rsplit("/", 1)[-1])
            for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(?p IN (ckg:collaborator, ckg:funder, "
                                 "ckg:startDate)) }")}
    preds = {(p, o) for _, p, o in rows}
    assert ("collaborator", "bo-attorney-general") in preds
    assert ("funder", "european-union") in preds
    assert ("startDate", "2021-03-05") in preds and ("startDate", "2022-05-03") in preds


def test_review_then_load_corrected(tmp_path: Path) -> None:
    review = tmp_path / "review"
    result = run("ingest", "--review", str(review), "-q", str(UNSEEN / "u-en-03.txt"))
    assert result.exit_code == 0, result.output
    path = review / "annotations" / "ing-u-en-03.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert content["method"] == "extracted"
    assert all("confidence" in item for item in content["facts"])
    # a reviewer removes every cooperatesWith fact
    for item in content["facts"]:
        item["triples"] = [t for t in item["triples"] if t[1] != "cooperatesWith"]
    content["facts"] = [i for i in content["facts"] if i["triples"]]
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    kg = str(tmp_path / "kg")
    assert run("ingest", "--store", kg, "--from-review", str(review), "-q").exit_code == 0
    with open_store(kg) as store:
        assert store.count(GRAPH["ing-u-en-03"]) > 0
        assert not list(store.query("SELECT * WHERE { ?a ckg:cooperatesWith ?b }"))
        parties = {str(r[0]).rsplit("/", 1)[-1] for r in store.query("SELECT ?p WHERE { ?a ckg:party ?p }")}
    assert {"china", "thailand"} <= parties


def test_merge_recorded_listed_undone_and_not_redone(tmp_path: Path, store) -> None:
    doc = tmp_path / "devida.txt"
    doc.write_text("DEVIDA hosts meeting\n\nOn 2 June 2021 the National Anti-Drug Commission "
                   "of Peru (DEVIDA) held a meeting in Lima in collaboration with UNODC.", encoding="utf-8")
    ingest_files([doc], store)
    merges = list_merges(store)
    assert [(m["into"], m["reason"], m["status"]) for m in merges] == [("devida", "same acronym DEVIDA", "active")]
    organizers = "SELECT ?o WHERE { ?a ckg:organizer ?o }"
    assert {str(r[0]).rsplit("/", 1)[-1] for r in store.query(organizers)} == {"devida"}
    undo_merge(store, merges[0]["merge"])
    merged = merges[0]["merged"]
    assert {str(r[0]).rsplit("/", 1)[-1] for r in store.query(organizers)} == {merged}
    assert list_merges(store)[0]["status"] == "undone"
    ingest_files([doc], store)  # the undone merge is not made again
    assert {str(r[0]).rsplit("/", 1)[-1] for r in store.query(organizers)} != {"devida"}


def test_cli_ingest_folder_and_merges_list(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(UNSEEN, folder)
    kg = str(tmp_path / "kg")
    result = run("ingest", "--store", kg, str(folder))
    assert result.exit_code == 0, result.output
    assert "Ingested 8 document(s)" in result.output
    assert run("merges", "list", "--store", kg, "--json").exit_code == 0
    assert run("merges", "undo", "--store", kg, "nope").exit_code == 2


def test_ingested_documents_conform_to_the_shapes(tmp_path: Path) -> None:
    """What ingest writes passes `crimekg validate`: a position in a programme ("Head of the Container Control
    Programme") and a reported figure are both valid."""
    from crimekg.graph.build import build
    from crimekg.graph.validate import validate_store

    doc = tmp_path / "p.txt"
    doc.write_text("UNODC trains customs officers\n\nGuayaquil, 7 November 2022 - UNODC held a training course for "
                   "customs officers from Ecuador and Peru. \"Ports are where crime meets trade,\" said Ketil "
                   "Ottersen, Head of the Container Control Programme. According to UNODC, global cocaine "
                   "production reached a record 2,304 tons in 2021.\n", encoding="utf-8")
    kg = open_store("memory")
    build(kg)
    ingest_files([doc], kg)
    types = {str(t) for t, in kg.query("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s a ?t } }",
                                      {"g": GRAPH["ing-p"]})}
    assert {str(CKG.Position), str(CKG.Statistic)} <= types
    result = validate_store(kg)
    assert result.conforms, result.violations
    kg.close()
