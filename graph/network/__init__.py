"""crimekg.graph.network: the knowledge graph as a networkx graph, and what to compute on it.

One module per job, like networkx:

* :mod:`.projection`: :func:`~.projection.cooperation_graph` (actor-actor,
  typed and weighted edges with their evidence), the bipartite
  :func:`~.projection.actor_threat_graph` and
  :func:`~.projection.actor_programme_graph`, with kind, actor-type, threat,
  programme and time-window selection (:mod:`.selection`);
* :mod:`.centrality`: degree, weighted degree, betweenness, closeness,
  eigenvector, PageRank, with networkx or igraph;
* :mod:`.communities`: seeded Louvain (networkx) and Leiden (igraph);
* :mod:`.export`: GraphML, GEXF and CSV for Gephi and spreadsheets;
* :mod:`.links_fast`: the links of :mod:`crimekg.graph.relations`, read from
  the store index (:mod:`.reader`) for speed;
* :mod:`.cli`: ``crimekg centrality``, ``crimekg communities``, ``crimekg network``.

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> from crimekg.graph.network.projection import cooperation_graph
>>> from crimekg.graph.network.centrality import centrality
>>> store = open_store("memory"); _ = build(store)
>>> G = cooperation_graph(store, kinds=["agreement"])
>>> centrality(G, ["degree"])["degree"]["https://w3id.org/crimekg/id/bolivia"]
4.0
"""
