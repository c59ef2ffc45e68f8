"""The service's Prometheus metrics (served at /metrics), defined once for every layer to count.

Labels are closed sets or bounded: routes are a fixed list, operation names are kept for the
first MAX_OPERATION_NAMES well-formed ones a process sees (the rest count as "other"), codes
are the API's error codes. A client cannot grow the number of series.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)
MAX_OPERATION_NAMES = 200
_OPERATION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

http_requests = Counter(
    "kg_http_requests",
    "HTTP requests by route, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
http_seconds = Histogram(
    "kg_http_request_seconds",
    "Time from the request's start to the end of its response, by route.",
    ["route"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
graphql_operations = Counter(
    "kg_graphql_operations",
    "GraphQL operations by operation name, HTTP status and error code ('none' without errors).",
    ["operation", "status", "code"],
    registry=REGISTRY,
)
graphql_seconds = Histogram(
    "kg_graphql_operation_seconds",
    "Time to answer a GraphQL operation, by operation name.",
    ["operation"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
client_errors = Counter(
    "kg_http_client_errors",
    "Requests refused at the HTTP edge (malformed, too large, too slow...), by error code.",
    ["code"],
    registry=REGISTRY,
)
neo4j_round_trips = Counter(
    "kg_neo4j_round_trips", "Queries sent to Neo4j by the API.", registry=REGISTRY
)
neo4j_errors = Counter(
    "kg_neo4j_errors",
    "API queries that failed in Neo4j or the driver, by kind (unavailable, timeout, other).",
    ["kind"],
    registry=REGISTRY,
)
neo4j_seconds = Histogram(
    "kg_neo4j_query_seconds",
    "Time of one API query in Neo4j, the driver included.",
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
cache_lookups = Counter(
    "kg_cache_lookups",
    "Lookups in the per-process caches (documents, validations, limit verdicts), by result.",
    ["cache", "result"],
    registry=REGISTRY,
)

_names: set[str] = set()
_names_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    """The operation name as a label: bounded in form and in number."""
    if not name:
        return "anonymous"
    if not _OPERATION_NAME.match(name):
        return "other"
    with _names_lock:
        if name in _names:
            return name
        if len(_names) < MAX_OPERATION_NAMES:
            _names.add(name)
            return name
    return "other"
