"""crimekg eval: precision/recall/F1 of extraction against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.documents import load_documents
from crimekg.graph.gazetteer import load_gazetteer
from crimekg.graph.ingest.evaluate import CATEGORIES, evaluate, prf, score_document, score_rows
from crimekg.graph.ontology import load_schema
from crimekg.graph.yamlio import load_yaml

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
DEV = Path(__file__).parent / "fixtures" / "dev"
DEV2 = Path(__file__).parent / "fixtures" / "dev2"
DEV3 = Path(__file__).parent / "fixtures" / "dev3"
# F1 measured on the development set when the rules were last tuned (see
# tests/fixtures/unseen/FIRST_MEASUREMENT.md), minus a small margin: a rule
# change that loses more than that on the documents it was tuned on fails here.
DEV_FLOOR = {"entities": 0.93, "relations": 0.79, "activities": 0.92}
# The seed documents (curated gold, much richer than what rules can state).
SEED_FLOOR = {"entities": 0.78, "relations": 0.57, "activities": 0.83}
# The second development set (14 documents, tuned on in session 2: 0.844 / 0.637 / 0.699; 0.860 / 0.706 / 0.764
# in session 3, with the scorer aligning the one activity of a class left on each side).
DEV2_FLOOR = {"entities": 0.83, "relations": 0.68, "activities": 0.73}
# The third development set: session 2's blind held-out set, measured once (MEASUREMENT.md: 0.777 / 0.425 /
# 0.562), then tuned on in session 3 (0.827 / 0.574 / 0.716 with the session 3 scorer).
DEV3_FLOOR = {"entities": 0.80, "relations": 0.54, "activities": 0.68}


def test_prf() -> None:
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(2, 2, 4) == (1.0, 0.5, 0.6667)


def test_gold_scored_against_itself_is_perfect_and_a_missing_fact_is_counted() -> None:
    doc = load_documents(UNSEEN / "documents.yaml")[0]
    gold = load_yaml(UNSEEN / "annotations" / f"{doc.id}.yaml")
    gaz, schema = load_gazetteer(), load_schema()
    score = score_document(gold, gold, doc.text(), gaz, schema)
    assert all(tp == predicted == n for tp, predicted, n in score.counts.values())
    pred = json.loads(json.dumps(gold))
    pred["facts"][0]["triples"] = [t for t in pred["facts"][0]["triples"] if t[1] != "organizer"]
    worse = score_document(gold, pred, doc.text(), gaz, schema)
    assert worse.counts["relations"][0] == score.counts["relations"][0] - 1


def test_eval_command_on_unseen_and_seed() -> None:
    for folder in (UNSEEN, Path(__file__).parent.parent / "data"):
        result = CliRunner().invoke(cli, ["eval", str(folder), "--json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)
        assert [r["category"] for r in rows] == list(CATEGORIES)
        for row in rows:
            assert 0 <= row["f1"] <= 1 and row["gold"] > 0


def test_relations_the_gazetteer_states_count_on_neither_side() -> None:
    doc = load_documents(UNSEEN / "documents.yaml")[0]
    gold = load_yaml(UNSEEN / "annotations" / f"{doc.id}.yaml")
    gaz, schema = load_gazetteer(), load_schema()
    stated = next((k, p, o) for k, e in gaz.entities.items() for p, o in e.facts if k in ("unodc", "giaba", "cicad"))
    with_fact = json.loads(json.dumps(gold))
    with_fact["facts"][0]["triples"].append(list(stated))
    base = score_document(gold, gold, doc.text(), gaz, schema).counts["relations"]
    assert score_document(with_fact, gold, doc.text(), gaz, schema).counts["relations"] == base  # not missed
    assert score_document(gold, with_fact, doc.text(), gaz, schema).counts["relations"] == base  # not spurious


def test_symmetric_relations_count_either_way_round() -> None:
    """cooperatesWith is an owl:SymmetricProperty: "A cooperatesWith B" predicted matches "B cooperatesWith A"."""
    doc = load_documents(UNSEEN / "documents.yaml")[0]
    gold = load_yaml(UNSEEN / "annotations" / f"{doc.id}.yaml")
    gaz, schema = load_gazetteer(), load_schema()
    assert "cooperatesWith" in schema.symmetric_properties and "organizer" not in schema.symmetric_properties
    one, other = json.loads(json.dumps(gold)), json.loads(json.dumps(gold))
    one["facts"][0]["triples"].append(["interpol", "cooperatesWith", "europol"])
    other["facts"][0]["triples"].append(["europol", "cooperatesWith", "interpol"])
    tp, predicted, n = score_document(one, other, doc.text(), gaz, schema).counts["relations"]
    assert tp == predicted == n
    other["facts"][0]["triples"][-1] = ["europol", "organizer", "interpol"]
    tp, predicted, n = score_document(one, other, doc.text(), gaz, schema).counts["relations"]
    assert tp == n - 1


def test_the_one_activity_of_a_class_on_each_side_is_aligned() -> None:
    """A predicted workshop quoted elsewhere and named otherwise is still the gold's only workshop; with two
    candidates nothing is guessed."""
    text = "UNODC held a workshop in Lima. The workshop on cybercrime ended."
    gaz, schema = load_gazetteer(), load_schema()

    def content(key: str, quote: str, label: str, extra: dict | None = None) -> dict:
        entities = {key: {"type": "Workshop", "label": {"en": label}, "quote": quote}, **(extra or {})}
        return {"document": "t", "entities": entities,
                "facts": [{"quote": "UNODC held a workshop", "triples": [[key, "organizer", "unodc"]]}]}

    gold = content("ws-gold", "workshop in Lima", "Regional workshop")
    pred = content("ws-pred", "workshop on cybercrime", "Cybercrime event")
    tp, predicted, n = score_document(gold, pred, text, gaz, schema).counts["relations"]
    assert tp == predicted == n == 1
    second = {"ws-other": {"type": "Workshop", "label": {"en": "Other"}, "quote": "The workshop"}}
    pred = content("ws-pred", "workshop on cybercrime", "Cybercrime event", second)
    assert score_document(gold, pred, text, gaz, schema).counts["relations"][0] == 0


def test_eval_errors_lists_missed_items() -> None:
    result = CliRunner().invoke(cli, ["eval", str(UNSEEN), "--errors", "--csv"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("document,category,kind,item")


def test_eval_bad_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert result.exit_code == 3
    assert "no documents.yaml" in result.output


def test_dev_and_seed_scores_stay_above_their_floors() -> None:
    for folder, floor in ((DEV, DEV_FLOOR), (DEV2, DEV2_FLOOR), (DEV3, DEV3_FLOOR),
                          (Path(__file__).parent.parent / "data", SEED_FLOOR)):
        rows = {r["category"]: r for r in score_rows(evaluate(folder))}
        for category, least in floor.items():
            assert rows[category]["f1"] >= least, (folder.name, category, rows[category])


def test_dev_gold_is_a_data_folder_with_sources() -> None:
    docs = load_documents(DEV / "documents.yaml")
    assert len(docs) == 10 and {d.language for d in docs} == {"en", "es"}
    assert all(d.url and d.url.startswith("http") for d in docs)
    for doc in docs:
        assert (DEV / "annotations" / f"{doc.id}.yaml").is_file()
