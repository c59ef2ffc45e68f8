"""What hostile requests cost the service, and how an outage looks to its clients.

    .venv/bin/python -m benchmarks.hostile_benchmark     (make bench-hostile)

1. Refusals, in process, no database needed (the refusal comes before any read): the CPU time
   (time.process_time) of `schema.execute` for each hostile document, every run a new text so
   that no cache helps, against a baseline in the same run: the author page's profile query,
   parsed and validated uncached (its execution fails fast: no database is connected). The
   documents: fragment chains within the token limit (fan-out F, chain length C: F**C fields
   if expanded; 10x20 froze the service before the linear walk), the walk-budget buster (aliased
   slices of distinct sizes over a fragment chain), a field repeated 1,900 times (graphql-core's
   overlap rule), and GraphiQL's introspection query (accepted).
2. An outage: an embedded Neo4j of the benchmark's own (a temporary directory, a free port) with
   the whole app in process (TestClient); three clients query while Neo4j is stopped and started
   again on the same port. Prints the time from the stop to the first 503, the slowest 503, the
   time /readyz takes during the outage, and the time from Neo4j being back to the first 200.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import neo4j
from graphql import get_introspection_query

from kg.db import Connection
from kg.embedded import EmbeddedNeo4j, free_port
from kg.settings import Settings
from schema import build_schema

ROUNDS = 15
PROFILE = """query Profile($id: ID!) { author(id: $id) { id name orcid unresolved
  openToCollaborate affiliationImported affiliation { id name countryCode }
  counts { works followers topics collaborators closeCollaborators citations }
  trust { score status level claimed explanation components { key label points maxPoints detail } }
} }"""


def fragment_chain(fan_out: int, length: int) -> str:
    fragments = [
        f"fragment F{i} on Author {{ {' '.join(f'...F{i + 1}' for _ in range(fan_out))} }}"
        for i in range(length - 1)
    ]
    fragments.append(f"fragment F{length - 1} on Author {{ name }}")
    return '{ author(id: "A1") { ...F0 } } ' + " ".join(fragments)


def walk_buster(slices: int, fragments: int) -> str:
    spread = " ".join(
        f's{i}: graphSlice(center: "A1", maxEdges: {i}) {{ ...F0 }}' for i in range(slices)
    )
    chain = " ".join(
        f"fragment F{i} on GraphSlice {{ truncated ...F{i + 1} ...F{i + 1} }}"
        for i in range(fragments)
    )
    return f"{{ {spread} }} {chain} fragment F{fragments} on GraphSlice {{ depth }}"


DOCUMENTS = {
    "fragments 10x20 (the issue's 1.9 kB freeze)": fragment_chain(10, 20),
    "fragments 3x16 (the issue's 95 s stall)": fragment_chain(3, 16),
    "fragments 2x20 (2.6 s before)": fragment_chain(2, 20),
    "fragments 20x40 (1,800 tokens)": fragment_chain(20, 40),
    "fragments 2x120 (the longest chain in 2,000 tokens)": fragment_chain(2, 120),
    "walk budget: 60 aliased slices x 80 fragments": walk_buster(60, 80),
    "one field 1,900 times (validation)": "{ graphStats { " + "authors " * 1900 + "} }",
    "GraphiQL's introspection (accepted)": get_introspection_query(descriptions=True),
}


def refusal_costs() -> None:
    logging.getLogger("kg.api").setLevel(logging.CRITICAL)  # the baseline has no database
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1", neo4j_password="unused")  # type: ignore[arg-type]
    schema = build_schema(settings)

    def cpu_ms(query: str, variables: dict[str, Any] | None = None) -> tuple[float, Any]:
        samples = []
        result = None
        for round_ in range(ROUNDS):
            text = f"{query}\n# run {round_} {time.monotonic_ns()}"
            started = time.process_time()
            result = asyncio.run(schema.execute(text, variable_values=variables))
            samples.append((time.process_time() - started) * 1000)
        return statistics.median(samples), result

    baseline, _ = cpu_ms(PROFILE, {"id": "A1"})
    print(f"CPU per request, median of {ROUNDS}, each a new text (no cache), in ms:")
    print(f"  {'baseline: the profile query, parsed and validated':58} {baseline:7.2f}")
    refusals: dict[str, float] = {}
    for name, query in DOCUMENTS.items():
        median, result = cpu_ms(query)
        if name.startswith(("fragments", "walk budget")) and result.errors:
            refusals[name] = median
        codes = sorted(
            {
                f"{(e.extensions or {}).get('code')}/{(e.extensions or {}).get('limit', '-')}"
                for e in result.errors or []
            }
        )
        verdict = ", ".join(codes) if codes else "accepted"
        print(f"  {name:58} {median:7.2f}  ({median / baseline:5.1f}x)  {verdict}")
    worst = max(refusals, key=refusals.__getitem__)
    print(
        f"Worst fragment document to refuse: {worst}: {refusals[worst]:.2f} ms of CPU"
        " (target < 50 ms)"
    )


def outage_timings() -> None:
    from starlette.testclient import TestClient

    from server import create_app

    with tempfile.TemporaryDirectory() as directory:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=Path(directory),
            neo4j_port=free_port(),
            neo4j_password="bench-password-1234",  # type: ignore[arg-type]
            neo4j_heap="1g",
            neo4j_pagecache="256m",
            neo4j_uri="",
        )
        embedded = EmbeddedNeo4j(settings)
        embedded.start()
        try:
            connection = Connection(embedded.uri, "neo4j", "bench-password-1234", "neo4j")
            # The start returns once our credentials work; the `neo4j` database may still be
            # coming online on a busy machine, and the app applies its schema there at start.
            with connection.driver() as driver:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        driver.execute_query("RETURN 1", database_="neo4j")
                        break
                    except neo4j.exceptions.Neo4jError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.5)
            # No start-up warm-up: its reads would run into the stop (as in tests/test_outage.py).
            app_settings = Settings(
                neo4j_uri=connection.uri,
                neo4j_password=connection.password,  # type: ignore[arg-type]
                warm_up=False,
            )
            measure_outage(embedded, TestClient(create_app(app_settings)))
        finally:
            embedded.stop()


def measure_outage(embedded: EmbeddedNeo4j, test_client: Any) -> None:
    answers: list[tuple[float, float, int]] = []
    stop = threading.Event()
    with test_client as client:

        def loop() -> None:
            while not stop.is_set():
                started = time.monotonic()
                status = client.post("/graphql", json={"query": "{ graphStats { authors } }"})
                answers.append((started, time.monotonic() - started, status.status_code))
                time.sleep(0.02)

        threads = [threading.Thread(target=loop, daemon=True) for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        stopped = time.monotonic()
        embedded.stop()
        stop_seconds = time.monotonic() - stopped
        while not any(a[2] == 503 and a[0] >= stopped for a in answers):
            time.sleep(0.01)
        first_503 = min(a[0] + a[1] for a in answers if a[2] == 503 and a[0] >= stopped)
        # Neo4j answers on open connections for a while after the SIGTERM: the outage begins
        # after its last answer.
        last = max(a[0] + a[1] for a in answers if a[2] == 200 and a[0] + a[1] < first_503)
        ready_started = time.monotonic()
        ready = client.get("/readyz")
        ready_seconds = time.monotonic() - ready_started
        time.sleep(2.0)
        starting = time.monotonic()
        embedded.start()
        back = time.monotonic()
        while not any(a[2] == 200 and a[0] >= back for a in answers):
            time.sleep(0.01)
        recovered = min(a[0] + a[1] for a in answers if a[2] == 200 and a[0] >= back)
        stop.set()
        for thread in threads:
            thread.join(30)
    during = [a for a in answers if stopped <= a[0] < starting]
    while_starting = [a for a in answers if starting <= a[0] < back]
    slowest = max((a[1] for a in during if a[2] == 503), default=0.0)
    statuses = sorted({a[2] for a in during})
    print("Outage (3 clients; Neo4j stopped, then started again on the same port):")
    print(f"  last answer -> first 503:       {first_503 - last:6.2f} s  (target < 2 s)")
    print(f"  (SIGTERM -> Neo4j's last answer: {last - stopped:.2f} s)")
    print(f"  slowest 503 during the outage:  {slowest:6.2f} s  (target < 2 s)")
    print(
        f"  /readyz during the outage:      {ready_seconds:6.2f} s  ({ready.status_code})"
        "  (target < 1 s)"
    )
    print(f"  Neo4j back -> first 200:        {recovered - back:6.2f} s  (target < 5 s)")
    print(f"  answers during the outage: {len(during)}, statuses {statuses}")
    print(
        f"  (the stop itself, SIGTERM to the JVM's exit: {stop_seconds:.1f} s; the start: "
        f"{back - starting:.1f} s, {len(while_starting)} answers meanwhile, slowest "
        f"{max((a[1] for a in while_starting), default=0.0):.1f} s)"
    )


def main() -> int:
    refusal_costs()
    if "--no-outage" not in sys.argv:
        outage_timings()
    return 0


if __name__ == "__main__":
    sys.exit(main())
