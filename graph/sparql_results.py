"""Write SPARQL results in the standard formats, and as rows for tables.

SELECT and ASK results: SPARQL 1.1 JSON, XML, CSV and TSV results formats.
CONSTRUCT and DESCRIBE results: Turtle, N-Triples, JSON-LD or RDF/XML.
Rows for ``crimekg`` tables use compact IRIs (``id:bolivia``).

>>> from rdflib import Literal, URIRef, Variable
>>> from rdflib.query import Result
>>> r = Result("SELECT"); r.vars = [Variable("x"), Variable("n")]
>>> r.bindings = [{Variable("x"): URIRef("https://w3id.org/crimekg/id/bolivia"), Variable("n"): Literal(3)}]
>>> print(to_csv(r).replace("\\r\\n", "\\n"), end="")
x,n
https://w3id.org/crimekg/id/bolivia,3
>>> print(to_tsv(r).replace("\\t", " | "), end="")
?x | ?n
<https://w3id.org/crimekg/id/bolivia> | "3"^^<http://www.w3.org/2001/XMLSchema#integer>
>>> display_rows(r)
[{'x': 'id:bolivia', 'n': '3'}]
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape as _escape

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier

from .namespaces import PREFIXES

RESULT_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RDFLIB_GRAPH_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
_NUMERIC = {XSD.integer: int, XSD.int: int, XSD.long: int, XSD.decimal: float, XSD.double: float, XSD.float: float}
_COMPACT = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


def is_graph_result(result: Result) -> bool:
    """True for CONSTRUCT and DESCRIBE results."""
    return result.type in ("CONSTRUCT", "DESCRIBE")


def variables(result: Result) -> list[str]:
    """Names of the result's variables, in projection order."""
    return [str(v) for v in (result.vars or [])]


def solutions(result: Result) -> list[list[Identifier | None]]:
    """Rows of a SELECT result as lists of terms (None when unbound), in variable order."""
    names = result.vars or []
    return [[row.get(v) for v in names] for row in result.bindings]


def term_json(term: Identifier) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 JSON results format.

    >>> term_json(Literal("Perú", lang="es"))
    {'type': 'literal', 'value': 'Perú', 'xml:lang': 'es'}
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (SELECT or ASK)."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
    names = variables(result)
    bindings = [{n: term_json(t) for n, t in zip(names, row, strict=True) if t is not None}
                for row in solutions(result)]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def xml_escape(text: str) -> str:
    """Escape text for XML content and double-quoted attributes."""
    return _escape(text, {'"': "&quot;"})


def _xml_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    attrs = ""
    if isinstance(term, Literal) and term.language:
        attrs = f' xml:lang="{xml_escape(term.language)}"'
    elif isinstance(term, Literal) and term.datatype is not None:
        attrs = f' datatype="{xml_escape(str(term.datatype))}"'
    return f"<literal{attrs}>{xml_escape(str(term))}</literal>"


def to_xml(result: Result) -> str:
    """SPARQL Query Results XML (SELECT or ASK); values keep their lexical form (``0``, ``false``).

    >>> from rdflib.query import Result
    >>> r = Result("ASK"); r.askAnswer = False
    >>> "<boolean>false</boolean>" in to_xml(r)
    True
    """
    head = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
    if result.type == "ASK":
        return head + f"<head/>\n<boolean>{'true' if result.askAnswer else 'false'}</boolean>\n</sparql>\n"
    names = variables(result)
    lines = [head + "<head>"]
    lines += [f'<variable name="{xml_escape(n)}"/>' for n in names]
    lines.append("</head>\n<results>")
    for row in solutions(result):
        cells = [f'<binding name="{xml_escape(n)}">{_xml_term(t)}</binding>'
                 for n, t in zip(names, row, strict=True) if t is not None]
        lines.append("<result>" + "".join(cells) + "</result>")
    lines.append("</results>\n</sparql>\n")
    return "\n".join(lines)


def _csv_value(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV (plain values, CRLF line ends); ASK gives one ``boolean`` column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.type == "ASK":
        writer.writerows([["boolean"], ["true" if result.askAnswer else "false"]])
        return buffer.getvalue()
    writer.writerow(variables(result))
    writer.writerows([_csv_value(t) for t in row] for row in solutions(result))
    return buffer.getvalue()


def nt_term(term: Identifier) -> str:
    """N-Triples syntax of a term, on one line (escapes quotes, backslashes, tabs and line breaks).

    >>> nt_term(Literal('a"b\\tc', lang="en"))
    '"a\\\\"b\\\\tc"@en'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    if isinstance(term, Literal) and term.language:
        return f'"{text}"@{term.language}'
    if isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV (terms in N-Triples syntax)."""
    if result.type == "ASK":
        return "?boolean\n" + ("true" if result.askAnswer else "false") + "\n"
    lines = ["\t".join("?" + n for n in variables(result))]
    lines += ["\t".join("" if t is None else nt_term(t) for t in row) for row in solutions(result)]
    return "\n".join(lines) + "\n"


def graph_text(result: Result, fmt: str) -> str:
    """A CONSTRUCT/DESCRIBE result in one of :data:`GRAPH_MEDIA_TYPES`."""
    graph = result.graph
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    if fmt == "nt":
        return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))
    return graph.serialize(format=_RDFLIB_GRAPH_FORMAT[fmt])


def serialize(result: Result, fmt: str) -> str:
    """The result in *fmt* (a key of RESULT_MEDIA_TYPES or GRAPH_MEDIA_TYPES)."""
    if is_graph_result(result):
        if fmt not in GRAPH_MEDIA_TYPES:
            raise ValueError(f"a {result.type} result cannot be written as {fmt}")
        return graph_text(result, fmt)
    writers = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
    if fmt not in writers:
        raise ValueError(f"a {result.type} result cannot be written as {fmt}")
    return writers[fmt](result)


def compact(term: Identifier | None) -> str:
    """A term for people to read: IRIs with crimekg prefixes, literals as their text.

    >>> compact(URIRef("https://w3id.org/crimekg/threat/drug-trafficking")), compact(Literal("x", lang="en"))
    ('threat:drug-trafficking', 'x')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for ns, prefix in _COMPACT:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def plain(term: Identifier | None) -> Any:
    """A term as a JSON value: numbers and booleans as such, everything else as text."""
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        try:
            return _NUMERIC[term.datatype](str(term))
        except ValueError:
            return str(term)
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return str(term).lower() in ("true", "1")
    return str(term)


def display_rows(result: Result) -> list[dict[str, str]]:
    """SELECT rows (or the ASK answer, or the triples of a graph) with compact terms, for tables."""
    if result.type == "ASK":
        return [{"answer": "true" if result.askAnswer else "false"}]
    if is_graph_result(result):
        return [{"subject": compact(s), "predicate": compact(p), "object": compact(o)}
                for s, p, o in sorted(result.graph)]
    names = variables(result)
    return [{n: compact(t) for n, t in zip(names, row, strict=True)} for row in solutions(result)]


def plain_rows(result: Result) -> list[dict[str, Any]]:
    """Rows with full IRIs and JSON values (one JSON object a row)."""
    if result.type == "ASK":
        return [{"answer": bool(result.askAnswer)}]
    if is_graph_result(result):
        return [{"subject": plain(s), "predicate": plain(p), "object": plain(o)} for s, p, o in sorted(result.graph)]
    names = variables(result)
    return [{n: plain(t) for n, t in zip(names, row, strict=True)} for row in solutions(result)]


def columns(result: Result) -> Sequence[str]:
    """Column names of :func:`display_rows`."""
    if result.type == "ASK":
        return ["answer"]
    if is_graph_result(result):
        return ["subject", "predicate", "object"]
    return variables(result)
