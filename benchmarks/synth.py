"""Synthetic crimekg corpora for benchmarks: activities, actors and documents in the shape of real data.

The corpus looks like what ``crimekg build`` writes: the ontology graph, a
gazetteer graph (actors with English/Spanish labels, aliases, acronyms,
coordinates, countries, each triple with a ``ckg:reference`` assertion), and
one named graph per document holding its metadata, its sentences
(``ckg:Sentence`` with offsets and text) and its facts, every fact with a
``ckg:Assertion`` (rdf:subject/predicate/object, ckg:document,
prov:wasDerivedFrom the sentence, ckg:method, ckg:confidence).

Facts per document: activities (workshops, trainings... with dates, threats,
programmes, organisers, participating countries, participants, funders,
collaborators), agreements with parties, memberships, positions and direct
``cooperatesWith`` statements; programmes get funders, implementers and
beneficiaries.  Actor choice is skewed (a few actors are in many activities),
as in real cooperation data.  The labels and sentences are placeholders: the
corpus carries no real facts.

Output is N-Quads (``.nq``) or TriG (``.trig``), written line by line.

Example (10,000 activities, about 1.2 million quads)::

    python benchmarks/synth.py --activities 10000 --out /tmp/synth-10k.nq

>>> corpus = SynthCorpus(activities=20, seed=1)
>>> quads = list(corpus.quads())
>>> any(" <https://w3id.org/crimekg/ontology#Assertion> " in q for q in quads)
True
>>> corpus.stats["activities"]
20
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

BASE = "https://w3id.org/crimekg/"
CKG = BASE + "ontology#"
ID = BASE + "id/"
DOC = BASE + "doc/"
GRAPH = BASE + "graph/"
THREAT = BASE + "threat/"
ASSERTION = BASE + "assertion/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"

THREATS = ("drug-trafficking", "cocaine-trafficking", "human-trafficking", "migrant-smuggling", "cybercrime",
           "money-laundering", "corruption", "arms-trafficking", "environmental-crime", "organized-crime")
ACTIVITY_TYPES = ("Workshop", "Training", "Meeting", "Operation", "TechnicalAssistance", "Assessment")
ACTOR_MIX = (("GovernmentAgency", 0.60), ("InternationalOrganization", 0.10), ("Network", 0.08),
             ("CivilSociety", 0.07), ("Agency", 0.05), ("Team", 0.05), ("Person", 0.05))
N_COUNTRIES = 190
N_PROGRAMMES = 40


def iri(text: str) -> str:
    """N-Triples form of an IRI (the synthetic IRIs need no escaping).

    >>> iri("http://x/a")
    '<http://x/a>'
    """
    return f"<{text}>"


def lit(value: object, datatype: str | None = None, lang: str | None = None) -> str:
    """N-Triples form of a literal.

    >>> lit('say "hi"', lang="en")
    '"say \\\\"hi\\\\""@en'
    >>> lit(3, XSD + "integer")
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{text}"@{lang}'
    if datatype and datatype != XSD + "string":
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


class Skewed:
    """Draw items with probability proportional to 1/(rank+1)**exponent.

    >>> Skewed(["a", "b"], random.Random(0)).one() in ("a", "b")
    True
    """

    def __init__(self, items: list[str], rng: random.Random, exponent: float = 0.9) -> None:
        self.items = items
        self.rng = rng
        self.cum = list(accumulate(1.0 / (i + 1) ** exponent for i in range(len(items))))

    def one(self) -> str:
        """One item."""
        return self.items[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]

    def some(self, n: int) -> list[str]:
        """Up to n distinct items (fewer when the draws repeat)."""
        return list(dict.fromkeys(self.one() for _ in range(n)))


class SynthCorpus:
    """A synthetic corpus of *activities* activities, with actors and documents scaled to it."""

    def __init__(self, activities: int = 10_000, *, actors: int | None = None, documents: int | None = None,
                 seed: int = 0) -> None:
        self.n_activities = activities
        self.n_actors = actors if actors is not None else min(5_000, max(300, activities // 4))
        self.n_documents = documents if documents is not None else max(1, activities // 10)
        self.seed = seed
        self.stats: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers
    def _fact(self, out: list[str], graph: str, s: str, p: str, o: str, doc: str, source: str,
              method: str = "curated", confidence: str = "1.0") -> None:
        """A fact triple in *graph* and its ckg:Assertion (same IRI scheme as crimekg.graph.ids)."""
        g = iri(graph)
        out.append(f"{s} {p} {o} {g} .")
        node = iri(ASSERTION + hashlib.sha256("\x1f".join((graph, s, p, o)).encode()).hexdigest()[:20])
        out.append(f"{node} <{RDF}type> <{CKG}Assertion> {g} .")
        out.append(f"{node} <{RDF}subject> {s} {g} .")
        out.append(f"{node} <{RDF}predicate> {p} {g} .")
        out.append(f"{node} <{RDF}object> {o} {g} .")
        out.append(f"{node} <{CKG}document> {iri(doc)} {g} .")
        out.append(f"{node} <{PROV}wasDerivedFrom> {iri(source)} {g} .")
        out.append(f"{node} <{CKG}method> <{CKG}{method}> {g} .")
        out.append(f"{node} <{CKG}confidence> {lit(confidence, XSD + 'decimal')} {g} .")
        self.stats["facts"] = self.stats.get("facts", 0) + 1

    # ------------------------------------------------------------------ parts
    def ontology_quads(self) -> Iterator[str]:
        """The real ontology and threat scheme, in the ontology graph."""
        import pyoxigraph as ox
        from crimekg.graph.resources import ontology_dir

        graph = ox.NamedNode(GRAPH + "ontology")
        for name in ("crimekg.ttl", "threats.ttl"):
            for triple in ox.parse(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE):
                yield f"{triple.subject} {triple.predicate} {triple.object} {graph} ."

    def _actors(self, rng: random.Random) -> None:
        self.countries = [f"{ID}country-{i}" for i in range(N_COUNTRIES)]
        others = self.n_actors - N_COUNTRIES
        self.kinds: dict[str, list[str]] = {}
        start = 0
        for cls, share in ACTOR_MIX:
            count = max(1, round(others * share))
            self.kinds[cls] = [f"{ID}{cls.lower()}-{i}" for i in range(start, start + count)]
            start += count
        self.institutions = [a for cls, items in self.kinds.items() if cls != "Person" for a in items]
        rng.shuffle(self.institutions)
        self.programmes = [f"{ID}programme-{i}" for i in range(N_PROGRAMMES)]

    def gazetteer_quads(self, rng: random.Random) -> Iterator[str]:
        """Actors and programmes with names, codes, coordinates and countries, asserted by the gazetteer."""
        graph, doc = GRAPH + "gazetteer", DOC + "gazetteer"
        out: list[str] = [f"{iri(doc)} <{RDF}type> <{CKG}Document> {iri(graph)} .",
                          f"{iri(doc)} <{DCT}title> {lit('crimekg gazetteer', lang='en')} {iri(graph)} ."]
        self.country_of: dict[str, str] = {}
        for i, country in enumerate(self.countries):
            s = iri(country)
            self._fact(out, graph, s, f"<{RDF}type>", f"<{CKG}Country>", doc, doc, "reference")
            self._fact(out, graph, s, f"<{RDFS}label>", lit(f"Country {i}", lang="en"), doc, doc, "reference")
            self._fact(out, graph, s, f"<{RDFS}label>", lit(f"País {i}", lang="es"), doc, doc, "reference")
            self._fact(out, graph, s, f"<{SKOS}altLabel>", lit(f"Republic of Country {i}", lang="en"), doc, doc,
                       "reference")
            self._fact(out, graph, s, f"<{CKG}isoAlpha3>", lit(f"C{i:02d}"), doc, doc, "reference")
            self._fact(out, graph, s, f"<{CKG}latitude>", lit(round(rng.uniform(-55, 60), 3), XSD + "decimal"),
                       doc, doc, "reference")
            self._fact(out, graph, s, f"<{CKG}longitude>", lit(round(rng.uniform(-120, 140), 3), XSD + "decimal"),
                       doc, doc, "reference")
        for cls, items in self.kinds.items():
            for actor in items:
                s = iri(actor)
                number = actor.rsplit("-", 1)[1]
                self._fact(out, graph, s, f"<{RDF}type>", f"<{CKG}{cls}>", doc, doc, "reference")
                self._fact(out, graph, s, f"<{RDFS}label>", lit(f"{cls} {number}", lang="en"), doc, doc, "reference")
                if cls == "Person":
                    continue
                self._fact(out, graph, s, f"<{CKG}acronym>", lit(f"{cls[:3].upper()}{number}"), doc, doc,
                           "reference")
                if cls in ("GovernmentAgency", "Team", "CivilSociety"):
                    country = self.countries[int(number) % N_COUNTRIES]
                    self.country_of[actor] = country
                    self._fact(out, graph, s, f"<{CKG}country>", iri(country), doc, doc, "reference")
                else:
                    self._fact(out, graph, s, f"<{CKG}latitude>", lit(round(rng.uniform(-55, 60), 3),
                                                                       XSD + "decimal"), doc, doc, "reference")
                    self._fact(out, graph, s, f"<{CKG}longitude>", lit(round(rng.uniform(-120, 140), 3),
                                                                        XSD + "decimal"), doc, doc, "reference")
        for i, programme in enumerate(self.programmes):
            s = iri(programme)
            self._fact(out, graph, s, f"<{RDF}type>", f"<{CKG}Programme>", doc, doc, "reference")
            self._fact(out, graph, s, f"<{RDFS}label>", lit(f"Programme {i}", lang="en"), doc, doc, "reference")
        yield from out

    def document_quads(self, d: int, activity_ids: range, rng: random.Random, pick: dict[str, Skewed]) -> list[str]:
        """One document's named graph: metadata, sentences, facts and assertions."""
        doc_id = f"synth-{d:06d}"
        graph, doc = GRAPH + doc_id, DOC + doc_id
        g = iri(graph)
        year = 2005 + d % 20
        out: list[str] = [
            f"{iri(doc)} <{RDF}type> <{CKG}Document> {g} .",
            f"{iri(doc)} <{DCT}identifier> {lit(doc_id)} {g} .",
            f"{iri(doc)} <{DCT}title> {lit(f'Synthetic report {d} on regional cooperation', lang='en')} {g} .",
            f"{iri(doc)} <{DCT}language> {lit('en', XSD + 'language')} {g} .",
            f"{iri(doc)} <{DCT}date> {lit(f'{year}-{1 + d % 12:02d}', XSD + 'gYearMonth')} {g} .",
        ]
        offset = 0

        def sentence(text: str) -> str:
            nonlocal offset
            start, end = offset, offset + len(text)
            offset = end + 1
            node = f"{doc}#char={start},{end}"
            out.extend([f"{iri(node)} <{RDF}type> <{CKG}Sentence> {g} .",
                        f"{iri(node)} <{CKG}inDocument> {iri(doc)} {g} .",
                        f"{iri(node)} <{CKG}startOffset> {lit(start, XSD + 'integer')} {g} .",
                        f"{iri(node)} <{CKG}endOffset> {lit(end, XSD + 'integer')} {g} .",
                        f"{iri(node)} <{CKG}text> {lit(text)} {g} ."])
            return node

        def fact(s: str, p: str, o: str, src: str) -> None:
            self._fact(out, graph, s, p, o, doc, src)

        for a in activity_ids:
            hub = f"{ID}activity-{a}"
            cls = ACTIVITY_TYPES[a % len(ACTIVITY_TYPES)]
            organisers = pick["institution"].some(rng.randint(1, 2))
            countries = pick["country"].some(rng.randint(1, 6))
            participants = pick["institution"].some(rng.randint(0, 3))
            src = sentence(f"Activity {a}, a {cls.lower()} organised by {len(organisers)} institutions with officers "
                           f"from {len(countries)} countries, took place under a regional programme.")
            h = iri(hub)
            fact(h, f"<{RDF}type>", f"<{CKG}{cls}>", src)
            fact(h, f"<{RDFS}label>", lit(f"{cls} {a} on regional cooperation", lang="en"), src)
            if rng.random() < 0.9:
                fact(h, f"<{CKG}startDate>", lit(f"{year}-{1 + a % 12:02d}-{1 + a % 28:02d}", XSD + "date"), src)
            for threat in dict.fromkeys(rng.choice(THREATS) for _ in range(rng.randint(1, 2))):
                fact(h, f"<{CKG}targetsThreat>", iri(THREAT + threat), src)
            if rng.random() < 0.6:
                fact(h, f"<{CKG}underProgramme>", iri(pick["programme"].one()), src)
            for x in organisers:
                fact(h, f"<{CKG}organizer>", iri(x), src)
            for x in countries:
                fact(h, f"<{CKG}participatingCountry>", iri(x), src)
            for x in participants:
                fact(h, f"<{CKG}participant>", iri(x), src)
            if rng.random() < 0.3:
                fact(h, f"<{CKG}funder>", iri(pick["international"].one()), src)
            if rng.random() < 0.2:
                fact(h, f"<{CKG}collaborator>", iri(pick["institution"].one()), src)
            self.stats["activities"] = self.stats.get("activities", 0) + 1
        if rng.random() < 0.3:
            node = f"{ID}agreement-{d}"
            src = sentence(f"Agreement {d} was signed between the parties to fight organised crime.")
            fact(iri(node), f"<{RDF}type>", f"<{CKG}BilateralAgreement>", src)
            fact(iri(node), f"<{RDFS}label>", lit(f"Agreement {d}", lang="en"), src)
            fact(iri(node), f"<{CKG}startDate>", lit(str(year), XSD + "gYear"), src)
            for x in pick["country"].some(2):
                fact(iri(node), f"<{CKG}party>", iri(x), src)
            self.stats["agreements"] = self.stats.get("agreements", 0) + 1
        if rng.random() < 0.3:
            node, member, org = f"{ID}membership-{d}", pick["institution"].one(), pick["network"].one()
            src = sentence(f"Membership {d}: an institution joined a network.")
            fact(iri(node), f"<{RDF}type>", f"<{CKG}Membership>", src)
            fact(iri(node), f"<{CKG}member>", iri(member), src)
            fact(iri(node), f"<{CKG}organization>", iri(org), src)
            fact(iri(node), f"<{CKG}startDate>", lit(f"{year}-{1 + d % 12:02d}", XSD + "gYearMonth"), src)
            if member != org:
                fact(iri(member), f"<{CKG}memberOf>", iri(org), src)
        if rng.random() < 0.2:
            node, person, org = f"{ID}position-{d}", pick["person"].one(), pick["institution"].one()
            src = sentence(f"Position {d}: a person holds a role in an institution.")
            fact(iri(node), f"<{RDF}type>", f"<{CKG}Position>", src)
            fact(iri(node), f"<{CKG}holder>", iri(person), src)
            fact(iri(node), f"<{CKG}organization>", iri(org), src)
            fact(iri(node), f"<{CKG}roleTitle>", lit("Director", lang="en"), src)
            fact(iri(person), f"<{CKG}affiliatedWith>", iri(org), src)
        if rng.random() < 0.5:
            a, b = pick["institution"].one(), pick["country"].one()
            src = sentence(f"Document {d} says two actors cooperate.")
            fact(iri(a), f"<{CKG}cooperatesWith>", iri(b), src)
        return out

    def programme_quads(self, rng: random.Random, pick: dict[str, Skewed]) -> Iterator[str]:
        """Funders, implementers and beneficiaries of every programme, in one document."""
        doc_id = "synth-programmes"
        graph, doc = GRAPH + doc_id, DOC + doc_id
        g = iri(graph)
        out = [f"{iri(doc)} <{RDF}type> <{CKG}Document> {g} .",
               f"{iri(doc)} <{DCT}title> {lit('Synthetic programme portfolio', lang='en')} {g} ."]
        for i, programme in enumerate(self.programmes):
            text = f"Programme {i} is funded by one donor, implemented by partners and benefits several countries."
            src = f"{doc}#char={i * 200},{i * 200 + len(text)}"
            out.extend([f"{iri(src)} <{RDF}type> <{CKG}Sentence> {g} .",
                        f"{iri(src)} <{CKG}inDocument> {iri(doc)} {g} .",
                        f"{iri(src)} <{CKG}startOffset> {lit(i * 200, XSD + 'integer')} {g} .",
                        f"{iri(src)} <{CKG}endOffset> {lit(i * 200 + len(text), XSD + 'integer')} {g} .",
                        f"{iri(src)} <{CKG}text> {lit(text)} {g} ."])
            p = iri(programme)
            self._fact(out, graph, p, f"<{CKG}funder>", iri(pick["international"].one()), doc, src)
            for x in pick["institution"].some(2):
                self._fact(out, graph, p, f"<{CKG}implementer>", iri(x), doc, src)
            for x in pick["country"].some(rng.randint(3, 10)):
                self._fact(out, graph, p, f"<{CKG}beneficiary>", iri(x), doc, src)
        yield from out

    def quads(self) -> Iterator[str]:
        """Every quad of the corpus as an N-Quads line (without newline), graph by graph."""
        rng = random.Random(self.seed)
        self.stats = {}
        self._actors(rng)
        pick = {
            "country": Skewed(self.countries, rng),
            "institution": Skewed(self.institutions, rng),
            "international": Skewed(self.kinds["InternationalOrganization"] + self.kinds["Agency"], rng),
            "network": Skewed(self.kinds["Network"], rng),
            "person": Skewed(self.kinds["Person"], rng),
            "programme": Skewed(self.programmes, rng),
        }
        yield from self.ontology_quads()
        yield from self.gazetteer_quads(rng)
        yield from self.programme_quads(rng, pick)
        per_doc = -(-self.n_activities // self.n_documents)
        for d in range(self.n_documents):
            ids = range(d * per_doc, min(self.n_activities, (d + 1) * per_doc))
            yield from self.document_quads(d, ids, rng, pick)
        self.stats["actors"] = self.n_actors
        self.stats["documents"] = self.n_documents

    def graphs(self) -> Iterator[tuple[str, list[str]]]:
        """(graph IRI, its N-Quads lines) per named graph, in order."""
        current: str | None = None
        lines: list[str] = []
        for line in self.quads():
            graph = line[line.rindex("<", 0, len(line) - 2) + 1: line.rindex(">")]
            if graph != current and lines:
                yield current or "", lines
                lines = []
            current = graph
            lines.append(line)
        if lines:
            yield current or "", lines


def write_corpus(corpus: SynthCorpus, out: Path, fmt: str | None = None) -> int:
    """Write *corpus* to *out* as N-Quads or TriG (from the suffix unless *fmt*); return the quad count."""
    fmt = fmt or ("trig" if out.suffix == ".trig" else "nq")
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        if fmt == "nq":
            for line in corpus.quads():
                handle.write(line)
                handle.write("\n")
                count += 1
            return count
        for graph, lines in corpus.graphs():
            handle.write(f"<{graph}> {{\n")
            for line in lines:
                handle.write(line[: line.rindex("<", 0, len(line) - 2)].rstrip() + " .\n")
            handle.write("}\n")
            count += len(lines)
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: write a synthetic corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=None, help="default: activities/4, 300..5000")
    parser.add_argument("--documents", type=int, default=None, help="default: activities/10")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="output file, .nq or .trig")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = SynthCorpus(args.activities, actors=args.actors, documents=args.documents, seed=args.seed)
    count = write_corpus(corpus, args.out)
    print(f"wrote {args.out}: {count} quads, {corpus.stats} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
