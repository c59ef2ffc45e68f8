"""A Neo4j outage while clients run: quick 503s with Retry-After, a quick /readyz, recovery
without a restart, and no wrong answer (while nothing listens, every answer is a quick 503).
The test stops and starts an embedded Neo4j of its own (never the shared test database), on
the same port while the service stays connected.

Times are measured from the clients' answers, not from `EmbeddedNeo4j.stop()` returning (the
old test's 6 s): the stop waits for the JVM to exit (a checkpoint, 5-11 s on a loaded machine).
After the SIGTERM Neo4j refuses new connections but answers on open ones for 0-4 s more on a
busy machine: the outage, as clients see it, begins after its last answer (those answers are
checked like every other)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from kg.db import Connection
from kg.embedded import EmbeddedNeo4j
from server import create_app
from tests.api_factory import GraphBuilder, api_settings
from tests.conftest import TEST_PASSWORD, embedded_test_settings

QUERY = '{ author(id: "A1") { name } }'
# The targets: a 503 within 2 s of the outage, /readyz within 1 s, serving within 5 s
# of Neo4j being back. Doubled in the asserts: the machine running the suite may be shared and
# busy (two cores, several JVMs). `make bench-hostile` prints the measured figures.
TARGET_503_SECONDS = 2.0
TARGET_READYZ_SECONDS = 1.0
TARGET_RECOVERY_SECONDS = 5.0
SLACK = 2.0


@dataclass(frozen=True)
class Answer:
    started: float
    seconds: float
    status: int
    body: Any
    retry_after: str | None

    @property
    def arrived(self) -> float:
        return self.started + self.seconds


def test_an_outage_fails_fast_and_recovers(tmp_path: Path) -> None:
    embedded = EmbeddedNeo4j(embedded_test_settings(tmp_path / "neo4j"))
    embedded.start()
    try:
        connection = Connection(embedded.uri, "neo4j", TEST_PASSWORD, "neo4j")
        graph = GraphBuilder()
        graph.author("A1", "Ada")
        with connection.driver() as driver:
            graph.create(driver, "neo4j")
        run_outage(embedded, connection)
    finally:
        embedded.stop()


def run_outage(embedded: EmbeddedNeo4j, connection: Connection) -> None:
    answers: list[Answer] = []
    stop = threading.Event()
    with TestClient(create_app(api_settings(connection))) as client:

        def client_loop() -> None:
            while not stop.is_set():
                started = time.monotonic()
                response = client.post("/graphql", json={"query": QUERY})
                answers.append(
                    Answer(
                        started,
                        time.monotonic() - started,
                        response.status_code,
                        response.json(),
                        response.headers.get("retry-after"),
                    )
                )
                time.sleep(0.05)

        threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(3)]
        for thread in threads:
            thread.start()
        wait_for(lambda: sum(a.status == 200 for a in answers) >= 6, 60)
        assert all(a.status == 200 for a in answers), "not serving before the stop"

        stopped_at = time.monotonic()
        stopper = threading.Thread(target=embedded.stop)  # SIGTERM, then waits for the JVM
        stopper.start()
        wait_for(lambda: any(a.status == 503 and a.started >= stopped_at for a in answers))
        first_503 = min(a.arrived for a in answers if a.status == 503 and a.started >= stopped_at)
        # Neo4j refuses new connections at once after the SIGTERM but answers on open ones for
        # a few seconds more: the outage, as clients see it, begins after its last answer.
        last_answer = max(a.arrived for a in answers if a.status == 200 and a.arrived < first_503)
        readyz_started = time.monotonic()
        ready = client.get("/readyz")
        readyz_seconds = time.monotonic() - readyz_started
        stopper.join(60)
        assert not stopper.is_alive(), "the embedded Neo4j did not stop"
        time.sleep(1.0)  # clients keep asking while nothing listens on the port
        starting_at = time.monotonic()
        embedded.start()  # the same port, while the service's pool still knows the old one
        back_at = time.monotonic()
        wait_for(lambda: any(a.status == 200 and a.started >= back_at for a in answers), 30)
        recovered = min(a.arrived for a in answers if a.status == 200 and a.started >= back_at)
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(30)
        # /readyz gives Neo4j 0.8 s; the first reads of a JVM just started on a busy machine can
        # take longer, so it is asked until ready (within the recovery bound).
        ready_again = time.monotonic() + TARGET_RECOVERY_SECONDS * SLACK
        while (
            after := client.get("/readyz")
        ).status_code != 200 and time.monotonic() < ready_again:
            time.sleep(0.2)

    slowest = max((a.seconds for a in answers if a.status == 503), default=0.0)
    print(
        f"outage: Neo4j's last answer {last_answer - stopped_at:.2f} s after the SIGTERM, first "
        f"503 {first_503 - last_answer:.2f} s after that, slowest 503 {slowest:.2f} s, /readyz "
        f"{readyz_seconds:.2f} s, first 200 {recovered - back_at:.2f} s after Neo4j was back"
    )
    timeline = "; ".join(
        f"{a.started - stopped_at:+.2f}s {a.status} {a.seconds:.2f}s"
        for a in answers
        if a.status != 200 or a.seconds > 1 or "errors" in a.body
    )
    print(f"SIGTERM at 0, back at {back_at - stopped_at:+.2f}s; slow or failed: {timeline}")
    assert first_503 - last_answer < TARGET_503_SECONDS * SLACK, (
        f"the first 503 came {first_503 - last_answer:.1f} s after Neo4j's last answer"
    )
    assert ready.status_code == 503 and ready.headers["retry-after"] == "2", ready
    assert ready.json()["status"] == "unavailable"
    assert readyz_seconds < TARGET_READYZ_SECONDS * SLACK, f"/readyz took {readyz_seconds:.1f} s"
    assert recovered - back_at < TARGET_RECOVERY_SECONDS * SLACK, (
        f"served again only {recovered - back_at:.1f} s after Neo4j was back"
    )
    assert after.status_code == 200 and after.json()["status"] == "ready"
    outage = [a for a in answers if stopped_at <= a.started < back_at]
    assert sum(a.status == 503 for a in outage) >= 3, "too few requests ran during the outage"
    for answer in answers:
        if (
            answer.status == 200
            and starting_at <= answer.started < back_at
            and "errors" in answer.body
        ):
            # Neo4j is starting: Bolt listens before the launcher has seen our credentials work,
            # and a read on the cold JVM of a busy machine may exceed its time budget. A coded
            # TIMEOUT is an honest answer then; a wrong one is not.
            codes = {error["extensions"]["code"] for error in answer.body["errors"]}
            assert codes == {"TIMEOUT"} and answer.body["data"] == {"author": None}, answer
        elif answer.status == 200:
            assert answer.body == {"data": {"author": {"name": "Ada"}}}, answer  # never wrong
        else:
            assert answer.status == 503, answer
            assert answer.retry_after == "2"
            assert answer.body["data"] == {"author": None}, answer
            codes = {error["extensions"]["code"] for error in answer.body["errors"]}
            assert codes == {"SERVICE_UNAVAILABLE"}, answer
            assert answer.seconds < TARGET_503_SECONDS * SLACK, f"a 503 took {answer.seconds:.1f} s"
    down = [a for a in answers if first_503 <= a.started < starting_at]
    assert down and all(a.status == 503 for a in down), "an answer other than 503 while down"


def wait_for(condition: Any, timeout: float = 20.0) -> float:
    """The time at which the condition first held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s")
