"""Review folders: candidate annotations a person can correct, and loading them back.

``crimekg ingest --review DIR FILES...`` writes, without touching the store::

    DIR/documents.yaml           metadata of each document (data/README.md format, method: extracted)
    DIR/documents/<id>.txt       the plain text the offsets refer to
    DIR/annotations/<id>.yaml    the candidate facts (data/README.md format, method: extracted)
    DIR/gazetteer.yaml           a copy of the gazetteer, so `crimekg build --data DIR` works too

``crimekg ingest --from-review DIR`` validates the (corrected) annotations and
writes them into the store, one named graph per document, in one transaction.

>>> import tempfile, pathlib
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> src = SourceDoc("ing-x", d / "x.txt", "X", "UNODC met INTERPOL.", "en")
>>> write_review(d, [(src, {"document": "ing-x", "method": "extracted", "entities": {}, "facts": []})])
>>> [s.id for s, _ in load_review(d)]
['ing-x']
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from ..documents import load_documents
from ..errors import InputError
from ..resources import data_dir
from ..yamlio import load_yaml
from .textio import SourceDoc

HEADER = """# Candidate facts extracted by `crimekg ingest` from {path}
# Correct them (format: data/README.md), then load them with
#   crimekg ingest --from-review {folder}
# Each item's confidence says how sure the rule that made it was.
"""


def write_review(folder: Path, items: list[tuple[SourceDoc, dict[str, Any]]]) -> None:
    """Write documents, texts and candidate annotations into *folder*."""
    folder = Path(folder)
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "annotations").mkdir(parents=True, exist_ok=True)
    meta_path = folder / "documents.yaml"
    existing: list[dict[str, Any]] = []
    if meta_path.exists():
        content = load_yaml(meta_path) or {}
        existing = [d for d in content.get("documents", []) if d.get("id") not in {s.id for s, _ in items}]
    records = list(existing)
    for src, content in items:
        (folder / "documents" / f"{src.id}.txt").write_text(src.text, encoding="utf-8")
        text = HEADER.format(path=src.path, folder=folder) + yaml.safe_dump(
            content, allow_unicode=True, sort_keys=False, width=110)
        (folder / "annotations" / f"{src.id}.yaml").write_text(text, encoding="utf-8")
        records.append({"id": src.id, "file": f"documents/{src.id}.txt", "title": src.title,
                        "language": src.language, "genre": "ingested", "source": str(src.path)})
    meta_path.write_text(yaml.safe_dump({"documents": records}, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    gazetteer = folder / "gazetteer.yaml"
    if not gazetteer.exists():
        shutil.copyfile(data_dir() / "gazetteer.yaml", gazetteer)


def load_review(folder: Path) -> list[tuple[SourceDoc, dict[str, Any]]]:
    """The documents and (corrected) annotation contents of a review folder."""
    folder = Path(folder)
    meta = folder / "documents.yaml"
    if not meta.is_file():
        raise InputError(f"{folder}: not a review folder (no documents.yaml); make one with `crimekg ingest --review`")
    out = []
    for doc in load_documents(meta):
        path = folder / "annotations" / f"{doc.id}.yaml"
        if not path.is_file():
            raise InputError(f"{path}: no annotation file for document {doc.id}")
        content = load_yaml(path)
        if not isinstance(content, dict):
            raise InputError(f"{path}: expected an annotation mapping (data/README.md)")
        content.setdefault("method", "extracted")
        out.append((SourceDoc(doc.id, doc.path, doc.title, doc.text(), doc.language), content))
    return out
