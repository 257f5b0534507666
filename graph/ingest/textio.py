"""Read documents to ingest: plain text, Markdown or HTML files, or folders of them.

Every file goes through :func:`crimekg.graph.yamlio.read_text`, so missing,
binary, mis-encoded, empty or huge files are one-line :class:`InputError`\\ s.
HTML and Markdown become plain text (offsets of facts refer to that text).

>>> html_to_text("<html><title>T</title><body><h1>Head</h1><p>One &amp; two.</p><script>x</script></body></html>")
('T', 'Head\\n\\nOne & two.')
>>> markdown_to_text("# Title\\n\\nSee [UNODC](http://x) **now**.")
'Title\\n\\nSee UNODC now.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..ids import short_hash, slugify
from ..yamlio import read_text
from .patterns import detect_language

SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
MAX_BYTES = 2 * 1024 * 1024
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
               "article", "header", "footer", "blockquote", "pre", "hr", "title", "dt", "dd", "figcaption"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "iframe"}


@dataclass(frozen=True)
class SourceDoc:
    """A document to ingest: its id, file, title, plain text and language."""

    id: str
    path: Path
    title: str
    text: str
    language: str


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)
            if self._in_h1:
                self.h1.append(data)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> tuple[str, str]:
    """(title, text) of an HTML page: visible text, one blank line between blocks."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title).split()) or " ".join("".join(parser.h1).split())
    return title, _tidy("".join(parser.parts))


def markdown_to_text(markdown: str) -> str:
    """Plain text of Markdown: headings, emphasis, links, images and code marks removed."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    text = re.sub(r"`{1,3}", "", text)
    return _tidy(text)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return ""


def document_id(path: Path) -> str:
    """A stable document id from a file name: ``ing-<slug>``.

    >>> document_id(Path("/x/Nota de prensa 2019.html"))
    'ing-nota-de-prensa-2019'
    """
    slug = slugify(path.stem)[:50].rstrip("-") or short_hash(path.name)
    return f"ing-{slug}"


def read_source(path: Path, language: str | None = None) -> SourceDoc:
    """Read one file to ingest (txt, md or html), validated."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.exists() and not path.is_dir() and suffix not in SUFFIXES:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'!r}; ingest reads {', '.join(SUFFIXES)}")
    raw = read_text(path, max_bytes=MAX_BYTES)
    if suffix in (".html", ".htm"):
        title, text = html_to_text(raw)
    elif suffix in (".md", ".markdown"):
        text = markdown_to_text(raw)
        title = ""
    else:
        text, title = raw, ""
    if not text.strip():
        raise InputError(f"{path}: no text to ingest")
    title = title or _first_line(text)
    return SourceDoc(document_id(path), path.resolve(), title, text, language or detect_language(text))


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files named on the command line; a folder stands for its supported files (sorted, recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(f"{path}: no {', '.join(SUFFIXES)} files in this folder")
            files.extend(found)
        else:
            files.append(path)
    if not files:
        raise InputError("no documents given")
    return files
