"""Where the packaged ontology, queries and seed data live once installed.

The ontology/, queries/ and data/ folders of the repository ship as package
data (``crimekg.ontology``, ``crimekg.queries``, ``crimekg.data``), so a
non-editable ``pip install .`` finds them too.

>>> (ontology_dir() / "crimekg.ttl").is_file()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def ontology_dir() -> Path:
    """Directory holding crimekg.ttl, threats.ttl and shapes.ttl."""
    return _package_dir("crimekg.ontology")


def queries_dir() -> Path:
    """Directory holding the saved SPARQL queries (*.rq)."""
    return _package_dir("crimekg.queries")


def data_dir() -> Path:
    """Directory holding documents.yaml, gazetteer.yaml, documents/ and annotations/."""
    return _package_dir("crimekg.data")
