"""Package data: seed documents, their metadata, the gazetteer and curated annotations."""
