"""Package data: the crimekg ontology (Turtle) and SHACL shapes."""
