"""The service's probes and its refusal to start without a database."""

from __future__ import annotations

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection, DatabaseUnavailable
from kg.settings import Settings
from server import create_app


def settings_for(connection: Connection, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "neo4j_uri": connection.uri,
        "neo4j_user": connection.user,
        "neo4j_password": connection.password,
        "neo4j_database": connection.database,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def test_healthz_and_readyz_answer(neo4j_connection: Connection) -> None:
    with TestClient(create_app(settings_for(neo4j_connection))) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert ready.json()["warmUp"] == "off"  # the suite's default (tests/conftest.py)


def test_readyz_is_503_with_the_reason_when_neo4j_cannot_serve(
    neo4j_connection: Connection,
) -> None:
    app = create_app(settings_for(neo4j_connection, neo4j_database="nosuchdatabase"))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert "nosuchdatabase" in ready.json()["reason"]


def test_the_service_refuses_to_start_on_a_wrong_password(neo4j_connection: Connection) -> None:
    app = create_app(settings_for(neo4j_connection, neo4j_password="wrong-password"))
    with pytest.raises(DatabaseUnavailable, match="wrong password"), TestClient(app):
        pass


def test_graphql_answers_graph_stats(neo4j_connection: Connection, empty_graph: object) -> None:
    with TestClient(create_app(settings_for(neo4j_connection))) as client:
        response = client.post("/graphql", json={"query": "{ graphStats { authors works } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"graphStats": {"authors": 0, "works": 0}}}


def test_the_service_applies_the_graph_schema_at_start(
    neo4j_connection: Connection, empty_graph: neo4j.Driver
) -> None:
    empty_graph.execute_query("DROP INDEX work_year IF EXISTS")
    with TestClient(create_app(settings_for(neo4j_connection))):
        pass
    records, _, _ = empty_graph.execute_query("SHOW INDEXES YIELD name WHERE name = 'work_year'")
    assert len(records) == 1
