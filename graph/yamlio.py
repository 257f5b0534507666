"""Read YAML and text files with one-line errors for every kind of bad input.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> _ = p.write_text("a: [1, 2")
>>> load_yaml(p)
Traceback (most recent call last):
...
crimekg.graph.errors.InputError: ...x.yaml: malformed YAML at line 1: ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

MAX_TEXT_BYTES = 20 * 1024 * 1024


def read_text(path: Path, *, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Read a UTF-8 text file, refusing missing, binary, mis-encoded, huge or empty files.

    >>> read_text(Path("/nonexistent/file.txt"))
    Traceback (most recent call last):
    ...
    crimekg.graph.errors.InputError: /nonexistent/file.txt: no such file
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: too large ({size} bytes; the limit is {max_bytes})")
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{path}: cannot read: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save it as UTF-8"
        ) from exc
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text


MAX_YAML_VALUES = 1_000_000


def expanded_size(value: Any, limit: int = MAX_YAML_VALUES) -> int:
    """Number of values in *value* with YAML aliases expanded; ValueError past *limit* or on a cycle.

    Shared (aliased) lists and mappings are counted once per reference, without
    walking them again, so an alias bomb is measured, not expanded.

    >>> shared = [1, 2, 3]
    >>> expanded_size({"a": [shared, shared]})
    11
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, (list, dict)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ValueError("a recursive alias (a value that contains itself)")
        active.add(key)
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1 + sum(size(child) for child in children)
        active.discard(key)
        if total > limit:
            raise ValueError(f"more than {limit} values once aliases are expanded")
        sizes[key] = total
        return total

    return size(value)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely (no Python objects, no alias bombs), with a one-line error."""
    text = read_text(Path(path))
    try:
        # The pure-Python loader on purpose: libyaml's CSafeLoader segfaults on deeply nested input.
        content = yaml.safe_load(text)
        try:
            expanded_size(content)
        except ValueError as exc:
            raise InputError(f"{path}: refused YAML: {exc}") from exc
        return content
    except RecursionError as exc:
        raise InputError(f"{path}: YAML nested too deeply") from exc
    except ValueError as exc:  # e.g. an impossible date such as 2018-02-30
        raise InputError(f"{path}: malformed YAML: {exc}") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}: malformed YAML{line}: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: malformed YAML: {exc}") from exc
