"""Run the docstring examples of every crimekg module."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import crimekg.graph
import crimekg.viz
import pytest

MODULES = sorted(
    name
    for package in (crimekg.graph, crimekg.viz)
    for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    if not name.endswith(("__main__", ".cli"))
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
