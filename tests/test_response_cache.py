"""The response cache (edge/response_cache.py): anonymous read queries answered from memory until
the graph's version moves, and never after a write that changed them: a Follow, a claim's
profile edit, a load. Signed-in readers, mutations and errors are never cached; ETags give 304."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from cli.main import main
from edge.response_cache import Lookup, ResponseCache
from identity.sessions import COOKIE
from kg import graph_version
from kg.db import Connection
from loaders.openalex import load_openalex
from tests.api_factory import GraphBuilder, api_client, api_settings, load
from tests.identity_support import FOLLOW, ORIGIN, make_account, post, session_cookie
from tests.loader_support import work_record, write_jsonl

PROFILE = 'query Profile { author(id: "A1") { name counts { works followers } } }'


@pytest.fixture
def client(driver: neo4j.Driver, neo4j_connection: Connection) -> Any:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    builder.author("A2", "Alan Turing")
    builder.work("W1", authors=["A1"], title="On engines", year=1843)
    load(builder, driver, neo4j_connection)
    with driver.session(database=neo4j_connection.database) as session:
        graph_version.advance_in(session)  # as a load would have: the version exists
    with api_client(neo4j_connection) as test_client:
        yield test_client


def ask(client: TestClient, query: str = PROFILE, **headers: str) -> Any:
    return client.post("/graphql", json={"query": query}, headers=headers)


def hits(client: TestClient) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith('kg_cache_lookups_total{cache="responses",result="hit"}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_repeated_anonymous_query_is_answered_from_the_cache(client: TestClient) -> None:
    before = hits(client)
    first, second = ask(client), ask(client)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.json()["data"]["author"] == {
        "name": "Ada Lovelace",
        "counts": {"works": 1, "followers": 0},
    }
    assert first.headers["etag"] == second.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert hits(client) == before + 1


def test_if_none_match_gets_304_without_a_body(client: TestClient) -> None:
    etag = ask(client).headers["etag"]
    again = ask(client, **{"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert ask(client, **{"if-none-match": '"other"'}).status_code == 200


def test_a_follow_is_seen_at_once(client: TestClient, neo4j_connection: Connection) -> None:
    stale = ask(client)
    assert stale.json()["data"]["author"]["counts"]["followers"] == 0
    account = make_account(neo4j_connection, "reader@example.org")
    cookie = session_cookie(neo4j_connection, account.id)
    body = post(client, FOLLOW, {"id": "A1"}, headers={"cookie": f"{COOKIE}={cookie}"})
    assert body["data"]["follow"]["followers"] == 1
    fresh = ask(client)
    assert fresh.json()["data"]["author"]["counts"]["followers"] == 1
    assert fresh.headers["etag"] != stale.headers["etag"]
    # The old ETag no longer matches: the reader gets the new body.
    assert ask(client, **{"if-none-match": stale.headers["etag"]}).status_code == 200


def test_a_load_is_seen_at_once(
    client: TestClient, neo4j_connection: Connection, driver: neo4j.Driver, tmp_path: Path
) -> None:
    assert ask(client).json()["data"]["author"]["counts"]["works"] == 1
    record = work_record("W2", title="Notes on the engine", authors=[("A1", "Ada Lovelace")])
    load_openalex(driver, neo4j_connection.database, [write_jsonl(tmp_path / "w.jsonl", [record])])
    assert ask(client).json()["data"]["author"]["counts"]["works"] == 2


def test_signed_in_readers_and_mutations_are_not_cached(
    client: TestClient, neo4j_connection: Connection
) -> None:
    account = make_account(neo4j_connection, "signed@example.org")
    cookie = session_cookie(neo4j_connection, account.id)
    signed_in = ask(client, cookie=f"{COOKIE}={cookie}")
    assert signed_in.status_code == 200 and "etag" not in signed_in.headers
    bearer = ask(client, authorization="Bearer kgt_not-a-token")
    assert "etag" not in bearer.headers
    mutation = post(client, FOLLOW, {"id": "A1"}, headers={"origin": ORIGIN})
    assert mutation["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_errors_are_not_cached(client: TestClient) -> None:
    missing = 'query Missing { author(id: "A1") { noSuchField } }'
    for _ in range(2):
        response = ask(client, missing)
        assert response.json()["errors"]
        assert "etag" not in response.headers


def test_the_cache_is_bounded_in_bytes(neo4j_connection: Connection) -> None:
    cache = ResponseCache(api_settings(neo4j_connection, response_cache_bytes=5_000))
    for i in range(100):
        cache.keep(Lookup(f"key-{i}", f'"{i}"', None), b"x" * 400, "application/json")
    assert cache.entries.bytes <= 5_000
    assert 0 < len(cache.entries) < 100


def test_off_when_set_to_zero(driver: neo4j.Driver, neo4j_connection: Connection) -> None:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    load(builder, driver, neo4j_connection)
    with driver.session(database=neo4j_connection.database) as session:
        graph_version.advance_in(session)
    with api_client(neo4j_connection, response_cache_bytes=0) as off:
        assert "etag" not in ask(off).headers


def test_kg_cache_clear_outdates_what_is_cached(
    client: TestClient,
    driver: neo4j.Driver,
    neo4j_connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A write made outside the service (an administrator's cypher-shell), then `kg cache clear`."""
    assert ask(client).json()["data"]["author"]["name"] == "Ada Lovelace"
    driver.execute_query("MATCH (a:Author {id: 'A1'}) SET a.name = 'Augusta Ada King'")
    assert ask(client).json()["data"]["author"]["name"] == "Ada Lovelace"  # outside: not seen
    for variable, value in (
        ("KG_NEO4J_URI", neo4j_connection.uri),
        ("KG_NEO4J_USER", neo4j_connection.user),
        ("KG_NEO4J_PASSWORD", neo4j_connection.password),
        ("KG_NEO4J_DATABASE", neo4j_connection.database),
    ):
        monkeypatch.setenv(variable, value)
    assert main(["cache", "clear"]) == 0
    assert "cached responses are out of date" in capsys.readouterr().out
    assert ask(client).json()["data"]["author"]["name"] == "Augusta Ada King"
