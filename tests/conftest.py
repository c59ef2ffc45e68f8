"""The test database: a real Neo4j, never one the environment did not hand us for testing.

In order: NEO4J_URI (with NEO4J_USER / NEO4J_PASSWORD) when set -- deliberately not the service's
KG_NEO4J_URI, so tests never wipe a live graph; else testcontainers' Neo4j when a Docker engine
answers; else the embedded Neo4j on a free port with a temporary data directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from kg.db import Connection, apply_schema
from kg.embedded import EmbeddedNeo4j, free_port
from kg.settings import Settings
from tests.openid_provider import OpenIDProvider

TEST_PASSWORD = "test-password-1234"


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
    if os.environ.get("NEO4J_URI"):
        yield Connection(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
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
        "neo4j_uri": "",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def driver(neo4j_connection: Connection) -> Iterator[neo4j.Driver]:
    with neo4j_connection.driver() as session_driver:
        session_driver.verify_connectivity()
        apply_schema(session_driver, neo4j_connection.database)
        yield session_driver


@pytest.fixture
def empty_graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    """The test database with every node removed (the schema stays)."""
    wipe(driver, neo4j_connection.database)
    return driver


def wipe(driver: neo4j.Driver, database: str) -> None:
    # CALL ... IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run.
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture(scope="session")
def openid_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIDProvider]:
    """A real OpenID provider (npm oidc-provider) on loopback for the whole session."""
    provider = OpenIDProvider(tmp_path_factory.mktemp("openid-provider")).start()
    try:
        yield provider
    finally:
        provider.stop()
