"""searchAuthors and searchWorks: ranked, every word required (prefixes count), paged."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, data, errors, load


def names() -> GraphBuilder:
    g = GraphBuilder()
    g.author("A5100000001", "Kuba Perlin")
    g.author("A2", "Jakub Perlinski")
    g.author("A3", "Kuba Nowak")
    g.author("A4", "Ada Lovelace")
    for i in range(30):
        g.author(f"B{i:02}", f"Maria Garcia {i}")
    g.work(
        "W1", authors=["A5100000001"], title="Interlocking backpropagation for model parallelism"
    )
    g.work("W2", authors=["A2"], title="Backpropagation through time, revisited")
    g.work("W3", authors=["A3"], title="Model parallelism at scale")
    return g


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[TestClient]:
    load(names(), driver, neo4j_connection)
    with api_client(neo4j_connection) as test_client:
        yield test_client


AUTHORS = """query ($q: String!, $first: Int, $after: String) {
  searchAuthors(query: $q, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { score cursor node { id name } } } }"""
WORKS = """query ($q: String!) { searchWorks(query: $q) {
    totalCount edges { score node { id title } } } }"""


def ids(found: dict) -> list[str]:
    return [edge["node"]["id"] for edge in found["edges"]]


def test_exact_words_rank_first(client: TestClient) -> None:
    found = data(client, AUTHORS, {"q": "Kuba Perlin"})["searchAuthors"]
    assert ids(found)[0] == "A5100000001"
    assert found["totalCount"] == 1  # every word must match: Kuba Nowak has no "perlin"
    scores = [edge["score"] for edge in found["edges"]]
    assert scores == sorted(scores, reverse=True)


def test_prefixes_match_while_typing(client: TestClient) -> None:
    found = data(client, AUTHORS, {"q": "kub perl"})["searchAuthors"]
    assert set(ids(found)) == {"A5100000001"}
    assert set(ids(data(client, AUTHORS, {"q": "perl"})["searchAuthors"])) == {"A5100000001", "A2"}


def test_lucene_syntax_is_only_text(client: TestClient) -> None:
    for text in ("kuba AND (", "perlin~2 OR *", '"unbalanced', "name:kuba", "a/b\\c"):
        response = client.post("/graphql", json={"query": AUTHORS, "variables": {"q": text}})
        assert response.status_code == 200
        assert "INTERNAL" not in response.text


def test_search_pages_without_gaps_or_repeats(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        found = data(client, AUTHORS, {"q": "garcia", "first": 7, "after": after})["searchAuthors"]
        seen += ids(found)
        assert found["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == found["totalCount"] == 30
    # Equal scores are ordered by id.
    assert seen == sorted(seen)


def test_a_cursor_belongs_to_its_search(client: TestClient) -> None:
    found = data(client, AUTHORS, {"q": "garcia", "first": 2})["searchAuthors"]
    [error] = errors(
        client, AUTHORS, {"q": "maria", "first": 2, "after": found["pageInfo"]["endCursor"]}
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_search_works(client: TestClient) -> None:
    found = data(client, WORKS, {"q": "model parallelism"})["searchWorks"]
    assert set(ids(found)) == {"W1", "W3"} and found["totalCount"] == 2
    assert ids(data(client, WORKS, {"q": "backprop"})["searchWorks"]) != []


@pytest.mark.parametrize("text", ["", "   ", "!!!", "x" * 201, " ".join(["w"] * 13)])
def test_unusable_search_text(client: TestClient, text: str) -> None:
    [error] = errors(client, AUTHORS, {"q": text})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "query"}
