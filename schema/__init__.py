"""The GraphQL schema (strawberry types and inputs).

No extension here wraps field resolution (no `resolve` hooks): the explorer's slices have
thousands of leaf fields, and a per-field hook would cost on every one of them.
"""

from __future__ import annotations

from strawberry.tools import merge_types

from kg.settings import Settings
from schema.account import Mutation as AccountMutation
from schema.claims import ClaimMutation, ClaimQuery
from schema.collaboration import CollaborationMutation
from schema.execution import ExecutionContext
from schema.hooks import Schema
from schema.query import Query


def build_schema(settings: Settings) -> Schema:
    # The limits, document caches and error policy run as schema.hooks (no strawberry
    # extensions: their per-request set-up cost more than the steps).
    return Schema(
        # Each feature's root fields live in its own module (schema/claims.py, ...).
        query=merge_types("Query", (Query, ClaimQuery)),
        mutation=merge_types("Mutation", (AccountMutation, ClaimMutation, CollaborationMutation)),
        settings=settings,
        execution_context_class=ExecutionContext,
    )
