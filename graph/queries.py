"""The saved query library: SPARQL files with a header that says what they answer.

Each ``queries/NAME.rq`` starts with comment lines ``# key: value``:

.. code-block:: sparql

    # title: Partners of an actor
    # description: Actors that share an activity, agreement, programme or
    #   membership with the actor, and what links them.   (indented lines continue)
    # param: actor (actor) the actor: IRI, key, label, alias or acronym
    # param: year (year, optional) only this year
    # param: below (decimal, default=1) a threshold
    # example: crimekg query partners --param actor=Bolivia
    SELECT ...

A ``param`` names a query variable (``?actor``), its type and whether it may
be left out (``optional``; the variable then stays free) or has a
``default``.  Types (:data:`PARAM_TYPES`):

* ``iri``: an absolute IRI, ``<...>`` or a crimekg prefixed name (``ckg:party``);
* ``entity`` / ``actor`` / ``threat`` / ``document`` / ``programme``: an IRI,
  a key (``bolivia``, ``doc-000``) or a label, alias or acronym in any
  language (``Perú``, ``UNODC``), resolved in the store (:mod:`.resolve`);
* ``string``; ``integer``; ``decimal``; ``date`` (``YYYY-MM-DD``);
  ``year`` (``YYYY``, bound as an ``xsd:integer``).

Values are bound as RDF terms (inline ``VALUES``), never pasted into the text.

>>> q = parse_saved_query("demo", '''# title: Demo
... # description: Things of a year.
... # param: year (year, optional) the year
... SELECT ?x WHERE { ?x ckg:startDate ?d FILTER(!BOUND(?year) || YEAR(?d) = ?year) }''')
>>> q.title, [(p.name, p.type, p.optional) for p in q.params]
('Demo', [('year', 'year', True)])
>>> typed_value(q.params[0], "2018")
rdflib.term.Literal('2018', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import InputError, NotFoundError, QueryError
from .resolve import KINDS, NameIndex, absolute_iri, expand_prefixed
from .resources import queries_dir
from .sparql_policy import check_query
from .store import KGStore

PARAM_TYPES = ("iri", *KINDS, "string", "integer", "decimal", "date", "year")
HEADER_KEYS = ("title", "description", "param", "example")
_HEADER_LINE = re.compile(r"^#\s*([A-Za-z]+)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<description>.*)$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Param:
    """A declared parameter: the variable it binds, its type, and how to leave it out."""

    name: str
    type: str
    description: str
    optional: bool = False
    default: str | None = None

    @property
    def required(self) -> bool:
        """True when a value must be given."""
        return not self.optional and self.default is None

    def shown(self) -> str:
        """``name (type, optional)`` for listings."""
        extra = ", optional" if self.optional else (f", default={self.default}" if self.default is not None else "")
        return f"{self.name} ({self.type}{extra})"


@dataclass(frozen=True)
class SavedQuery:
    """One query of the library (or a query file given on the command line)."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    examples: tuple[str, ...] = ()
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        """The declared parameter called *name*, if any."""
        return next((p for p in self.params if p.name == name), None)


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.match(value.strip())
    if not match:
        raise InputError(f"{where}: bad param line {value!r}; "
                         "write `# param: NAME (TYPE[, optional][, default=V]) text`")
    parts = [p.strip() for p in match["spec"].split(",") if p.strip()]
    if not parts or parts[0] not in PARAM_TYPES:
        raise InputError(f"{where}: param {match['name']!r}: type must be one of {', '.join(PARAM_TYPES)}")
    optional, default = False, None
    for flag in parts[1:]:
        if flag == "optional":
            optional = True
        elif flag.startswith("default="):
            default = flag[len("default="):].strip()
        else:
            raise InputError(f"{where}: param {match['name']!r}: unknown flag {flag!r} (optional, default=V)")
    return Param(match["name"], parts[0], match["description"].strip(), optional, default)


def parse_header(text: str, where: str, strict: bool = True) -> dict[str, list[str]]:
    """The ``# key: value`` lines at the top of *text* (indented ``#`` lines continue a value).

    Unknown keys are an error when *strict* (the library), ignored otherwise (a user's file).
    """
    header: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.match(stripped)
        if match and match[1].lower() in HEADER_KEYS and not re.match(r"^#\s{2,}", stripped):
            last = match[1].lower()
            header.setdefault(last, []).append(match[2].strip())
        elif match and not re.match(r"^#\s{2,}", stripped):
            last = None
            if not strict:
                continue
            raise InputError(f"{where}: unknown header key {match[1]!r} (use {', '.join(HEADER_KEYS)})")
        elif last is not None and stripped.lstrip("#").strip():
            header[last][-1] = (header[last][-1] + " " + stripped.lstrip("#").strip()).strip()
    return header


def parse_saved_query(name: str, text: str, path: Path | None = None, *, require_header: bool = True) -> SavedQuery:
    """Parse a query file: header, parameters, and check that each parameter is a variable of the query."""
    where = str(path or name)
    header = parse_header(text, where, strict=require_header)
    if require_header:
        for key in ("title", "description"):
            if not header.get(key):
                raise InputError(f"{where}: the header needs `# {key}: ...`")
    params = tuple(_parse_param(v, where) for v in header.get("param", []))
    if params:
        variables = check_query(text).variables
        for param in params:
            if param.name not in variables:
                raise InputError(f"{where}: param {param.name!r} is not a variable of the query")
    if len({p.name for p in params}) != len(params):
        raise InputError(f"{where}: a parameter is declared twice")
    return SavedQuery(name, (header.get("title") or [name])[0], " ".join(header.get("description") or []),
                      params, text, tuple(header.get("example", [])), path)


@lru_cache(maxsize=256)
def _parse_file(path: Path, mtime_ns: int, size: int) -> SavedQuery:
    """Parse a library file (cached until the file changes)."""
    return parse_saved_query(path.stem, path.read_text(encoding="utf-8"), path)


def library(directory: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query in *directory* (the packaged ``queries/`` by default), by name."""
    directory = directory or queries_dir()
    out: dict[str, SavedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        if not _NAME.match(path.stem):
            raise InputError(f"{path}: query file names are lower-case slugs (a-z, 0-9, hyphens)")
        stat = path.stat()
        out[path.stem] = _parse_file(path, stat.st_mtime_ns, stat.st_size)
    return out


def saved_query(name: str, directory: Path | None = None) -> SavedQuery:
    """A query of the library by name only (never a path: safe for names from the network)."""
    queries = library(directory)
    if name in queries:
        return queries[name]
    import difflib

    close = difflib.get_close_matches(name, list(queries), n=4, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFoundError(f"unknown query {name[:80]!r}{hint} (`crimekg queries` lists them)")


def load_query(ref: str, directory: Path | None = None, stdin_text: str | None = None) -> SavedQuery:
    """A saved query by name, a query file by path, or ``-`` (the text in *stdin_text*)."""
    if ref == "-":
        return parse_saved_query("-", stdin_text or "", None, require_header=False)
    if _NAME.match(ref) and not Path(ref).is_file():
        return saved_query(ref, directory)
    path = Path(ref)
    if path.suffix in (".rq", ".sparql") or path.is_file():
        if not path.is_file():
            raise InputError(f"{ref}: no such query file")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{ref}: not UTF-8 text") from exc
        return parse_saved_query(path.stem, text, path, require_header=False)
    return saved_query(ref, directory)


def _date(value: str, name: str) -> Literal:
    try:
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError as exc:
        raise QueryError(f"parameter {name}: {value!r} is not a date (YYYY-MM-DD)") from exc


def typed_value(param: Param, value: str, names: NameIndex | None = None) -> Identifier:
    """The RDF term for *value* typed per *param*; entity names are resolved with *names*."""
    value = value.strip()
    kind = param.type
    if kind == "iri":
        iri = absolute_iri(value) or expand_prefixed(value)
        if iri is None:
            raise QueryError(f"parameter {param.name}: {value!r} is not an IRI (<http://...> or a prefixed name)")
        return iri
    if kind in KINDS:
        if names is None:
            iri = absolute_iri(value) or expand_prefixed(value)
            if iri is None:
                raise QueryError(f"parameter {param.name}: names can only be resolved with a store")
            return iri
        return names.resolve(value, kind)
    if kind == "string":
        return Literal(value)
    if kind in ("integer", "year"):
        pattern = r"^\d{4}$" if kind == "year" else r"^[+-]?\d+$"
        if not re.match(pattern, value):
            wanted = "a year (YYYY)" if kind == "year" else "an integer"
            raise QueryError(f"parameter {param.name}: {value!r} is not {wanted}")
        return Literal(int(value), datatype=XSD.integer)
    if kind == "decimal":
        try:
            number = Decimal(value)
        except InvalidOperation as exc:
            raise QueryError(f"parameter {param.name}: {value!r} is not a number") from exc
        if not number.is_finite():
            raise QueryError(f"parameter {param.name}: {value!r} is not a finite number")
        return Literal(number, datatype=XSD.decimal)
    if kind == "date":
        return _date(value, param.name)
    raise QueryError(f"parameter {param.name}: unknown type {kind!r}")


def guess_value(value: str) -> Identifier:
    """A value for a parameter the query does not declare: an IRI, an integer, else a string.

    >>> [term.n3() for term in (guess_value("id:peru"), guess_value("12"), guess_value("Peru"))]
    ['<https://w3id.org/crimekg/id/peru>', '"12"^^<http://www.w3.org/2001/XMLSchema#integer>', '"Peru"']
    """
    iri = absolute_iri(value) or expand_prefixed(value)
    if iri is not None:
        return iri
    if re.match(r"^[+-]?\d+$", value.strip()):
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value)


def parse_param_options(options: Sequence[str]) -> dict[str, str]:
    """``["actor=Bolivia", "year=2018"]`` -> ``{"actor": "Bolivia", "year": "2018"}``."""
    values: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise QueryError(f"--param {option!r}: write NAME=VALUE (NAME a query variable)")
        if name in values:
            raise QueryError(f"--param {name} given twice")
        values[name] = value
    return values


def bind_params(query: SavedQuery, values: Mapping[str, str], store: KGStore | None) -> dict[str, Identifier]:
    """Type every given value per the query's header; check required ones; apply defaults."""
    declared = {p.name: p for p in query.params}
    if query.params:
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r}; parameters: "
                             + ", ".join(p.shown() for p in query.params))
    names: NameIndex | None = None
    needs_names = any(declared[n].type in KINDS for n in values if n in declared
                      and not (absolute_iri(values[n]) or expand_prefixed(values[n])))
    if needs_names and store is not None:
        names = NameIndex.load(store)
    bindings: dict[str, Identifier] = {}
    for param in query.params:
        if param.name in values:
            bindings[param.name] = typed_value(param, values[param.name], names)
        elif param.default is not None:
            bindings[param.name] = typed_value(param, param.default, names)
        elif param.required:
            raise QueryError(f"query {query.name!r} needs --param {param.name}=... ({param.type}: {param.description})")
    for name, value in values.items():
        if name not in declared:
            bindings[name] = guess_value(value)
    return bindings

