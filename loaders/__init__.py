"""Ingestion: files to graph, streaming, batched and idempotent; and the synthetic generator."""
