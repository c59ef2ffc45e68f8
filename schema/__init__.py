"""The GraphQL schema (strawberry types and inputs).

No extension here wraps field resolution (no `resolve` hooks): the explorer's slices have
thousands of leaf fields, and a per-field hook would cost on every one of them.
"""

from __future__ import annotations

from functools import partial

from strawberry.tools import merge_types

from kg.settings import Settings
from schema.account import Mutation as AccountMutation
from schema.caches import DocumentCache
from schema.claims import ClaimMutation, ClaimQuery
from schema.collaboration import CollaborationMutation
from schema.errors import ErrorPolicy, Schema
from schema.execution import ExecutionContext
from schema.limits import QueryLimits
from schema.query import Query


def build_schema(settings: Settings) -> Schema:
    # Factories, not instances: each request gets its own extension objects. QueryLimits sets
    # the parser's limits before DocumentCache parses; ErrorPolicy codes what parsing and
    # validation report, cached or not.
    return Schema(
        # Each feature's root fields live in its own module (schema/claims.py, ...).
        query=merge_types("Query", (Query, ClaimQuery)),
        mutation=merge_types("Mutation", (AccountMutation, ClaimMutation, CollaborationMutation)),
        extensions=[partial(QueryLimits, settings), DocumentCache, ErrorPolicy],
        execution_context_class=ExecutionContext,
    )
