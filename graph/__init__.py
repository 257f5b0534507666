"""crimekg.graph: build, store, query and analyse the crimekg knowledge graph.

>>> from crimekg.graph import __version__
>>> isinstance(__version__, str)
True
"""

__version__ = "0.1.0"
