"""Package data: the saved SPARQL queries (*.rq)."""
