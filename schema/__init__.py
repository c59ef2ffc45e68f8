"""The GraphQL schema (strawberry types and inputs)."""

from __future__ import annotations

import strawberry

from kg.settings import Settings
from schema.query import Query


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(query=Query)
