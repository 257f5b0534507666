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


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely (no Python objects), with a one-line error."""
    text = read_text(Path(path))
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}: malformed YAML{line}: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: malformed YAML: {exc}") from exc
