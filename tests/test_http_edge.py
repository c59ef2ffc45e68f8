"""The HTTP edge: every malformed request is a coded 4xx with a JSON body, never a 500, and
what a client sends is bounded (body size, JSON depth, declared variables only)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

import schema.limits
from kg import metrics
from kg.db import Connection
from resolvers import pagination
from tests.api_factory import GraphBuilder, api_client, load

GRAPHQL_RESPONSE = "application/graphql-response+json"
WORKS = """query ($after: String) { author(id: "A1") {
  works(first: 1, after: $after) { edges { cursor node { id } } } } }"""


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[TestClient]:
    graph = GraphBuilder()
    graph.author("A1", "Ada")
    graph.work("W1", authors=["A1"], year=2020)
    graph.work("W2", authors=["A1"], year=2021)
    load(graph, driver, neo4j_connection)
    with api_client(neo4j_connection, max_body_bytes=200_000) as test_client:
        yield test_client


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == code, error
    assert error["message"]
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]
    return dict(error)


@pytest.mark.parametrize("body", [b'"a string"', b"42", b"null", b"true", b"-1.5e3"])
def test_a_json_scalar_as_body_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    error = refused(response, 400, "BAD_REQUEST")
    assert "send an object" in error["message"]


def test_deep_json_is_400_in_the_body_and_in_get_variables(client: TestClient) -> None:
    deep = "[" * 1000 + "]" * 1000
    body = '{"query": "{ graphStats { authors } }", "variables": {"x": ' + deep + "}}"
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert "levels deep" in refused(response, 400, "BAD_REQUEST")["message"]
    response = client.get(
        "/graphql",
        params={"query": "{ graphStats { authors } }", "variables": '{"x": ' + deep + "}"},
        headers={"accept": "application/json"},
    )
    refused(response, 400, "BAD_REQUEST")
    # 40 levels: past the default of 32, but not deep enough for a RecursionError either.
    middling = "[" * 40 + "]" * 40
    response = client.post(
        "/graphql",
        content='{"query": "{ graphStats { authors } }", "variables": {"x": ' + middling + "}}",
        headers={"content-type": "application/json"},
    )
    refused(response, 400, "BAD_REQUEST")


def test_a_huge_integer_is_400(client: TestClient) -> None:
    body = '{"query": "{ graphStats { authors } }", "variables": {"n": ' + "9" * 5000 + "}}"
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert "number" in refused(response, 400, "BAD_REQUEST")["message"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ graphStats { authors } }\xff"}',
        b'{"query": "\xc3\x28"}',
        b"\xfe\xff\x00{",
        b'{"query": "\xed\xa0\x80"}',  # a surrogate encoded as UTF-8 (CESU): not UTF-8
    ],
)
def test_a_body_that_is_not_utf8_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert "UTF-8" in refused(response, 400, "BAD_REQUEST")["message"]


def test_a_lone_surrogate_is_a_client_error(client: TestClient) -> None:
    body = (
        '{"query": "query ($id: ID!) { author(id: $id) { id } }", "variables": {"id": "\\ud800"}}'
    )
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    error = refused(response, 400, "BAD_REQUEST")
    assert "surrogate" in error["message"] and "variables.id" in error["message"]
    # In the query text: the GraphQL parser refuses it.
    body = '{"query": "{ author(id: \\"\\ud800\\") { id } }"}'
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "INTERNAL_SERVER_ERROR" not in response.text


@pytest.mark.parametrize(
    "keys",
    [[2**70, "W1"], [-(2**63) - 1, "W1"], [float("inf"), "W1"], [1, "\ud800"], [1, {"a": 1}]],
)
def test_forged_cursors_are_bad_user_input(client: TestClient, keys: list[Any]) -> None:
    kind = "works:year:desc"
    payload = json.dumps([kind, *keys]).encode("utf-8", "surrogatepass")
    cursor = pagination.base64.urlsafe_b64encode(payload).decode().rstrip("=")
    response = client.post("/graphql", json={"query": WORKS, "variables": {"after": cursor}})
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "after"


def test_a_real_cursor_still_pages(client: TestClient) -> None:
    first = client.post("/graphql", json={"query": WORKS}).json()["data"]
    cursor = first["author"]["works"]["edges"][0]["cursor"]
    second = client.post("/graphql", json={"query": WORKS, "variables": {"after": cursor}}).json()
    assert [e["node"]["id"] for e in second["data"]["author"]["works"]["edges"]] == ["W1"]


def test_a_body_over_the_limit_is_413_whether_announced_or_chunked(client: TestClient) -> None:
    big = json.dumps({"query": "{ graphStats { authors } }", "variables": {"x": "a" * 300_000}})
    response = client.post("/graphql", content=big, headers={"content-type": "application/json"})
    assert "at most 200000" in refused(response, 413, "REQUEST_TOO_LARGE")["message"]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 10_000):
            yield big[start : start + 10_000].encode()

    response = client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    refused(response, 413, "REQUEST_TOO_LARGE")


def test_undeclared_variables_are_not_kept(client: TestClient) -> None:
    before = schema.limits._checked.bytes
    for i in range(20):
        body = {
            "query": 'query ($n: Int) { searchAuthors(query: "ada", first: $n) { totalCount } }',
            "variables": {"n": 1, "unused": f"{i}" + "x" * 150_000},
        }
        assert client.post("/graphql", json=body).status_code == 200
    assert schema.limits._checked.bytes - before < 10_000
    assert schema.limits._checked.bytes <= schema.limits._checked.max_bytes


def test_an_accept_the_server_cannot_meet_is_406(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json={"query": "{ graphStats { authors } }"},
        headers={"accept": "text/plain"},
    )
    refused(response, 406, "NOT_ACCEPTABLE")
    ok = client.post(
        "/graphql",
        json={"query": "{ graphStats { authors } }"},
        headers={"accept": "text/plain, application/json;q=0.1"},
    )
    assert ok.status_code == 200


def test_an_unknown_operation_name_is_a_request_error(client: TestClient) -> None:
    body = {"query": "query A { graphStats { authors } }", "operationName": "B"}
    legacy = client.post("/graphql", json=body)
    assert legacy.status_code == 200 and "data" not in legacy.json()
    assert legacy.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    modern = client.post("/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE})
    assert modern.status_code == 400
    assert modern.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_other_methods_and_routes_are_coded_json(client: TestClient) -> None:
    refused(client.put("/graphql", json={}), 405, "METHOD_NOT_ALLOWED")
    refused(client.get("/no/such/route"), 404, "ROUTE_NOT_FOUND")


def test_graphiql_has_a_content_security_policy(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'sha256-" in policy and "'unsafe-eval'" not in policy


def test_request_ids_are_echoed_and_carried_by_error_bodies(client: TestClient) -> None:
    response = client.post(
        "/graphql", json={"query": "{ nope }"}, headers={"x-request-id": "trace-123"}
    )
    assert response.headers["x-request-id"] == "trace-123"
    assert response.json()["extensions"]["requestId"] == "trace-123"
    forged = client.get("/healthz", headers={"x-request-id": "bad id\nwith newline"})
    assert forged.headers["x-request-id"] != "bad id\nwith newline"
    assert len(forged.headers["x-request-id"]) == 16


def test_metrics_are_served_in_the_prometheus_format(client: TestClient) -> None:
    client.post(
        "/graphql",
        json={"query": "query Stats { graphStats { authors } }", "operationName": "Stats"},
    )
    client.post("/graphql", content=b"42", headers={"content-type": "application/json"})
    text = client.get("/metrics").text
    lines = text.splitlines()
    # Names are labels only while fewer than MAX_OPERATION_NAMES have been seen by the process
    # (the whole suite's requests count); after that "Stats" counts as "other".
    label = metrics.operation_label("Stats")
    assert any(
        line.startswith("kg_graphql_operations_total{") and f'operation="{label}"' in line
        for line in lines
    ), text
    assert any(line.startswith('kg_http_client_errors_total{code="BAD_REQUEST"}') for line in lines)
    assert "kg_neo4j_round_trips_total" in text
    assert 'kg_cache_lookups_total{cache="documents",result="hit"}' in text
    assert "kg_http_request_seconds_bucket" in text
