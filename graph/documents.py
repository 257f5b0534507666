"""Document metadata (``data/documents.yaml``) and document text.

>>> docs = load_documents()
>>> [d.id for d in docs][:2]
['doc-000', 'doc-001']
>>> docs[0].language
'en'
>>> len(docs[0].text()) > 1000
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .ids import is_valid_key
from .resources import data_dir
from .yamlio import load_yaml, read_text

REQUIRED = ("id", "file", "title", "language")


@dataclass(frozen=True)
class DocumentMeta:
    """One source document: where its text is and what is known about it."""

    id: str
    path: Path
    title: str
    language: str
    publisher: str | None = None
    date: str | None = None
    coverage: str | None = None
    genre: str | None = None
    url: str | None = None
    method: str = "curated"

    def text(self) -> str:
        """The document text (UTF-8, validated)."""
        return read_text(self.path)

    def sha256(self) -> str:
        """SHA-256 of the document file's bytes."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def parse_document(record: Any, base: Path, where: str) -> DocumentMeta:
    """Validate one documents.yaml record.

    >>> parse_document({"id": "d1", "file": "x.txt", "title": "T", "language": "en"}, Path("/tmp"), "t").path
    PosixPath('/tmp/x.txt')
    """
    if not isinstance(record, dict):
        raise InputError(f"{where}: each document must be a mapping")
    missing = [f for f in REQUIRED if not record.get(f)]
    if missing:
        raise InputError(f"{where}: document {record.get('id', '?')!r} lacks {', '.join(missing)}")
    doc_id = str(record["id"])
    if not is_valid_key(doc_id):
        raise InputError(f"{where}: document id {doc_id!r} is not a lower-case slug")
    date = record.get("date")
    url = record.get("url")
    if url is not None and not (isinstance(url, str) and re.fullmatch(r'https?://[^\s<>"{}|\\^`]+', url)):
        raise InputError(f"{where}: document {doc_id!r}: url must be an http(s) URL without spaces, got {url!r}")
    return DocumentMeta(
        id=doc_id,
        path=(base / str(record["file"])).resolve(),
        title=str(record["title"]),
        language=str(record["language"]),
        publisher=record.get("publisher"),
        date=None if date is None else str(date),
        coverage=record.get("coverage"),
        genre=record.get("genre"),
        url=url,
    )


def load_documents(path: Path | None = None) -> list[DocumentMeta]:
    """Load documents.yaml (the packaged one by default); ids must be unique."""
    path = path or data_dir() / "documents.yaml"
    content = load_yaml(path)
    if not isinstance(content, dict) or not isinstance(content.get("documents"), list):
        raise InputError(f"{path}: expected a mapping with a 'documents' list")
    docs = [parse_document(r, path.parent, str(path)) for r in content["documents"]]
    seen: set[str] = set()
    root = path.parent.resolve()
    for doc in docs:
        if not doc.path.is_relative_to(root):
            raise InputError(f"{path}: document {doc.id!r}: file {doc.path} is outside the data folder {root}")
        if doc.id in seen:
            raise InputError(f"{path}: document id {doc.id!r} appears twice")
        seen.add(doc.id)
    return docs
