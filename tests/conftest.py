"""The test database: a real Neo4j, never one the environment did not hand us for testing.

In order: KG_TEST_NEO4J_URI (with KG_TEST_NEO4J_USER / _PASSWORD / _DATABASE) when set -- neither
the service's KG_NEO4J_URI nor the NEO4J_URI of Neo4j's own tools, so tests never wipe a graph
someone exported for another purpose; else testcontainers' Neo4j when a Docker engine answers;
else the embedded Neo4j on a free port with a temporary data directory.

Whatever the database, the suite claims it before emptying it: it writes a marker node on a
database that is empty, and refuses one that holds nodes but no marker (data it did not write).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import neo4j
import pytest

from kg.db import Connection, apply_schema
from kg.embedded import EmbeddedNeo4j, free_port
from kg.settings import Settings
from tests.openid_provider import OpenIDProvider

TEST_PASSWORD = "test-password-1234"
TEST_ENV_PREFIX = "KG_TEST_NEO4J_"
# The label of the one node that says "the test suite wrote this database"; wipes keep it.
MARKER_LABEL = "KgTestSuiteMarker"

# Most tests start and stop an app within a second: a start-up warm-up (schema/warmup.py) cut off
# mid-read by the shutdown would only cost time. The tests of the warm-up and the explorer's
# browser tests turn it on (warm_up=True).
os.environ.setdefault("KG_WARM_UP", "false")


class ForeignDatabase(Exception):
    """The database holds data the test suite did not put there; the suite will not empty it."""


def external_test_database(environ: Mapping[str, str]) -> Connection | None:
    """The database named by KG_TEST_NEO4J_URI, if any (NEO4J_URI is deliberately ignored)."""
    uri = environ.get(f"{TEST_ENV_PREFIX}URI")
    if not uri:
        return None
    return Connection(
        uri,
        environ.get(f"{TEST_ENV_PREFIX}USER", "neo4j"),
        environ.get(f"{TEST_ENV_PREFIX}PASSWORD", ""),
        environ.get(f"{TEST_ENV_PREFIX}DATABASE", "neo4j"),
    )


def claim_test_database(driver: neo4j.Driver, database: str, uri: str) -> None:
    """Mark an empty database as the suite's; refuse one holding nodes without the marker."""
    records, _, _ = driver.execute_query(
        f"OPTIONAL MATCH (m:{MARKER_LABEL}) WITH count(m) AS markers "
        "CALL { MATCH (n) RETURN count(n) AS nodes } RETURN markers, nodes",
        database_=database,
    )
    markers, nodes = records[0]["markers"], records[0]["nodes"]
    if markers:
        return
    if nodes:
        raise ForeignDatabase(
            f"the test database {uri} ({database}) holds {nodes} nodes that the test suite did "
            "not write (it has no test-suite marker), and the tests empty their database: point "
            f"{TEST_ENV_PREFIX}URI at an empty database, or unset it to use an embedded one"
        )
    driver.execute_query(f"CREATE (:{MARKER_LABEL} {{since: datetime()}})", database_=database)


def _docker_answers() -> bool:
    if not os.environ.get("DOCKER_HOST") and not Path("/var/run/docker.sock").exists():
        return False
    import docker

    try:
        client = docker.from_env(timeout=3)
    except docker.errors.DockerException:
        return False
    try:
        return bool(client.ping())
    except docker.errors.DockerException:
        return False
    finally:
        client.close()


@pytest.fixture(scope="session")
def neo4j_connection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    external = external_test_database(os.environ)
    if external is not None:
        yield external
    elif _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer("neo4j:5.26-community", password=TEST_PASSWORD) as container:
            yield Connection(container.get_connection_url(), "neo4j", TEST_PASSWORD, "neo4j")
    else:
        settings = embedded_test_settings(tmp_path_factory.mktemp("neo4j"))
        embedded = EmbeddedNeo4j(settings)
        embedded.start()
        try:
            yield Connection(embedded.uri, "neo4j", TEST_PASSWORD, "neo4j")
        finally:
            embedded.stop()


def embedded_test_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for an embedded Neo4j of the tests' own: a temp dir, a free port, small memory."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "neo4j_port": free_port(),
        "neo4j_password": TEST_PASSWORD,
        "neo4j_heap": "1g",
        "neo4j_pagecache": "512m",
        "neo4j_tx_memory_max": "256m",
        "neo4j_uri": "",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def driver(neo4j_connection: Connection) -> Iterator[neo4j.Driver]:
    with neo4j_connection.driver() as session_driver:
        session_driver.verify_connectivity()
        try:
            claim_test_database(session_driver, neo4j_connection.database, neo4j_connection.uri)
        except ForeignDatabase as error:
            pytest.exit(f"refusing to use the test database: {error}", returncode=4)
        apply_schema(session_driver, neo4j_connection.database)
        yield session_driver


@pytest.fixture
def empty_graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    """The test database with every node removed (the schema stays)."""
    wipe(driver, neo4j_connection.database)
    return driver


def wipe(driver: neo4j.Driver, database: str) -> None:
    # CALL ... IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run.
    # The marker stays: it is what lets the next run empty this database again.
    with driver.session(database=database) as session:
        session.run(
            f"MATCH (n) WHERE NOT n:{MARKER_LABEL} "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture(scope="session")
def openid_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIDProvider]:
    """A real OpenID provider (npm oidc-provider) on loopback for the whole session."""
    provider = OpenIDProvider(tmp_path_factory.mktemp("openid-provider")).start()
    try:
        yield provider
    finally:
        provider.stop()
