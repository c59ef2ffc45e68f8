"""Connections page through without gaps or repeats, in the documented order, with filters;
compared with the same lists computed in Python from the factory's graph."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, data, errors, load

HUB = "A0001"
TYPES = ("article", "preprint", "book-chapter")


def prolific_graph() -> GraphBuilder:
    """One author with 57 works (repeated years and citation counts, some missing) and ~60
    co-authors of varied strength."""
    rng = random.Random(11)
    g = GraphBuilder()
    g.author(HUB, "Ada Hub")
    others = [g.author(f"A{i:04}") for i in range(2, 62)]
    g.topic("fields/1", "Field", level="field")
    g.topic("subfields/1", "Subfield", level="subfield", parent="fields/1")
    g.topic("T1", "Topic one", parent="subfields/1")
    g.topic("T2", "Topic two")
    for n in range(57):
        team = [HUB, *rng.sample(others, rng.choice([0, 1, 1, 2, 3, 5]))]
        rng.shuffle(team)
        topics = {"T1": 0.8} if n % 3 == 0 else {"T2": 0.6} if n % 3 == 1 else {}
        g.work(
            f"W{n:03}",
            authors=team,
            year=None if n % 19 == 7 else rng.choice(range(2010, 2024, 2)),
            cited_by_count=rng.choice([0, 0, 1, 3, 10, 42]),
            type=TYPES[n % 3],
            topics=topics,
        )
    return g


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    return load(prolific_graph(), driver, neo4j_connection)


@pytest.fixture(scope="module")
def client(graph: GraphBuilder, neo4j_connection: Connection) -> Iterator[TestClient]:
    with api_client(neo4j_connection) as test_client:
        yield test_client


WORKS = """query ($first: Int, $after: String, $filter: WorkFilter, $order: WorkOrder) {
  author(id: "A0001") { works(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id year citedByCount type } } } } }"""


def page_through(
    client: TestClient, query: str, path: list[str], size: int, variables: dict[str, Any]
) -> tuple[list[Any], int]:
    nodes: list[Any] = []
    after = None
    while True:
        found = data(client, query, {**variables, "first": size, "after": after})
        for key in path:
            found = found[key]
        nodes.extend(edge["node"] for edge in found["edges"])
        info = found["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        if found["edges"]:
            assert info["startCursor"] == found["edges"][0]["cursor"]
            assert info["endCursor"] == found["edges"][-1]["cursor"]
        if not info["hasNextPage"]:
            return nodes, found["totalCount"]
        after = info["endCursor"]


def expected_works(
    graph: GraphBuilder, field: str, direction: str, keep: Any = lambda work: True
) -> list[str]:
    works = [graph.works[w] for w in graph.works_of(HUB) if keep(graph.works[w])]

    def key(work: dict[str, Any]) -> tuple[int, str]:
        value = (
            (work["year"] if work["year"] is not None else -1)
            if field == "YEAR"
            else work["cited_by_count"]
        )
        return (-value if direction == "DESC" else value, work["id"])

    return [work["id"] for work in sorted(works, key=key)]


@pytest.mark.parametrize("field", ["YEAR", "CITATIONS"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("size", [1, 7, 100])
def test_works_page_through_in_order(
    client: TestClient, graph: GraphBuilder, field: str, direction: str, size: int
) -> None:
    nodes, total = page_through(
        client,
        WORKS,
        ["author", "works"],
        size,
        {"order": {"field": field, "direction": direction}},
    )
    ids = [node["id"] for node in nodes]
    assert len(ids) == len(set(ids)) == total == len(graph.works_of(HUB))
    assert ids == expected_works(graph, field, direction)


def test_default_order_is_newest_first(client: TestClient, graph: GraphBuilder) -> None:
    nodes, _ = page_through(client, WORKS, ["author", "works"], 20, {})
    assert [n["id"] for n in nodes] == expected_works(graph, "YEAR", "DESC")


@pytest.mark.parametrize(
    "given, keep",
    [
        (
            {"yearFrom": 2014, "yearTo": 2018},
            lambda w: w["year"] is not None and 2014 <= w["year"] <= 2018,
        ),
        ({"type": "preprint"}, lambda w: w["type"] == "preprint"),
        ({"topicId": "T1"}, lambda w: int(w["id"][1:]) % 3 == 0),
        # A topic filter includes the subtopics: T1 is a topic of subfields/1 of fields/1.
        ({"topicId": "fields/1"}, lambda w: int(w["id"][1:]) % 3 == 0),
        (
            {"topicId": "T1", "yearFrom": 2016},
            lambda w: int(w["id"][1:]) % 3 == 0 and w["year"] is not None and w["year"] >= 2016,
        ),
    ],
)
def test_works_filters(
    client: TestClient, graph: GraphBuilder, given: dict[str, Any], keep: Any
) -> None:
    nodes, total = page_through(client, WORKS, ["author", "works"], 4, {"filter": given})
    expected = expected_works(graph, "YEAR", "DESC", keep)
    assert [n["id"] for n in nodes] == expected and total == len(expected)


COLLABORATORS = """query ($first: Int, $after: String, $close: Boolean) {
  author(id: "A0001") { collaborators(first: $first, after: $after, close: $close) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { author { id } sharedWorks strength firstYear lastYear } } } } }"""


@pytest.mark.parametrize("size", [1, 6, 100])
def test_collaborators_page_through_strongest_first(
    client: TestClient, graph: GraphBuilder, size: int
) -> None:
    nodes, total = page_through(client, COLLABORATORS, ["author", "collaborators"], size, {})
    expected = sorted(
        graph.collaborators_of(HUB).items(),
        key=lambda item: (-item[1].strength, -item[1].works, item[0]),
    )
    assert total == len(expected) > 20
    assert [n["author"]["id"] for n in nodes] == [other for other, _ in expected]
    for node, (_, pair) in zip(nodes, expected, strict=True):
        assert node["sharedWorks"] == pair.works
        assert node["strength"] == pytest.approx(pair.strength)
        assert (node["firstYear"], node["lastYear"]) == (pair.first_year, pair.last_year)


def test_a_cursor_of_another_ordering_is_refused(client: TestClient) -> None:
    first = data(client, WORKS, {"first": 2, "order": {"field": "YEAR"}})
    cursor = first["author"]["works"]["pageInfo"]["endCursor"]
    [error] = errors(client, WORKS, {"first": 2, "after": cursor, "order": {"field": "CITATIONS"}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    [error] = errors(client, COLLABORATORS, {"first": 2, "after": cursor})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("cursor", ["nonsense", "", "W10=", "eyJhIjoxfQ", "x" * 5000])
def test_garbage_cursors_are_bad_input(client: TestClient, cursor: str) -> None:
    [error] = errors(client, WORKS, {"first": 2, "after": cursor})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cursor" in error["message"]


@pytest.mark.parametrize("first", [-1, 101, 10**6])
def test_page_size_is_bounded(client: TestClient, first: int) -> None:
    [error] = errors(client, WORKS, {"first": first})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["maximum"] == 100
    assert "between 0 and 100" in error["message"]


def test_first_zero_counts_without_rows(client: TestClient, graph: GraphBuilder) -> None:
    works = data(client, WORKS, {"first": 0})["author"]["works"]
    assert works["edges"] == [] and works["totalCount"] == len(graph.works_of(HUB))
    assert works["pageInfo"]["hasNextPage"] is True


def test_year_range_must_be_ordered(client: TestClient) -> None:
    [error] = errors(client, WORKS, {"filter": {"yearFrom": 2020, "yearTo": 2010}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "yearFrom" in error["message"]
