"""The service's Prometheus metrics (served at /metrics), defined once for every layer to count.

Labels are closed sets or bounded: routes are a fixed list, operation names are kept for the
first MAX_OPERATION_NAMES well-formed ones a process sees (the rest count as "other"), codes
are the API's error codes. A client cannot grow the number of series.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from kg.settings import SettingsError

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

# prometheus_client's own variable (not KG_): set, every process writes its values to files
# there (chosen when prometheus_client is imported), and /metrics adds up every worker's.
METRICS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare_worker_metrics(workers: int) -> Path | None:
    """Before worker processes start: with several, the directory they share their metrics
    through, emptied of an earlier run's files (a fresh temporary one when the variable is
    unset). Children inherit the variable, so it must be set before they are spawned."""
    if workers <= 1:
        return None
    directory = os.environ.get(METRICS_DIR_VARIABLE)
    if not directory:
        directory = tempfile.mkdtemp(prefix="kg-metrics-")
        os.environ[METRICS_DIR_VARIABLE] = directory
    path = Path(directory)
    if not (path.is_dir() and os.access(path, os.W_OK | os.X_OK)):
        raise SettingsError(
            f"invalid settings: KG_WORKERS={workers} gathers metrics from every worker in "
            f"{METRICS_DIR_VARIABLE}, but {directory!r} is not a writable directory: create it, "
            f"or unset {METRICS_DIR_VARIABLE} to use a fresh temporary one"
        )
    for stale in path.glob("*.db"):  # counters of a previous run would be added in
        stale.unlink()
    return path


def exposition() -> bytes:
    """The text /metrics serves: this process's metrics, or every worker's."""
    directory = os.environ.get(METRICS_DIR_VARIABLE)
    if not directory:
        return generate_latest(REGISTRY)
    gathered = CollectorRegistry()
    MultiProcessCollector(gathered, path=directory)  # type: ignore[no-untyped-call]
    return generate_latest(gathered)


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
