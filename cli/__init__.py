"""The `kg` command line: the top layer, which may import every other (docs/architecture.md)."""
