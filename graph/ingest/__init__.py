"""Ingest new documents: rule-based extraction, entity resolution, review and evaluation.

``crimekg ingest FILES...`` reads text, HTML or Markdown documents, finds the
actors, persons, programmes, agreements, threats and activities they state
(spaCy rule components on a blank pipeline, patterns in ``patterns/*.yaml``,
the gazetteer), resolves names against the gazetteer and the store, writes
the candidate facts as annotation content in the ``data/README.md`` format
(``method: extracted``, a confidence per item) and turns it into RDF with the
same code as curated data.

>>> from crimekg.graph.ingest.patterns import load_patterns
>>> load_patterns("es").language
'es'
"""
