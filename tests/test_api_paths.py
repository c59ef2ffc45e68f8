"""coauthorPath: shortest paths over COLLABORATES_WITH equal a breadth-first search."""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import pairwise

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, data, errors, load


def network() -> GraphBuilder:
    """A chain A0-A1-...-A9, a random sprinkle of other collaborations, and an island X1-X2."""
    rng = random.Random(3)
    g = GraphBuilder()
    people = [*(g.author(f"A{i}") for i in range(10)), *(g.author(f"B{i}") for i in range(20))]
    for i in range(9):
        g.work(f"C{i}", authors=[f"A{i}", f"A{i + 1}"])
    for n in range(25):
        g.work(f"R{n}", authors=[*rng.sample(people[10:], 2), rng.choice(people[3:8])])
    g.author("X1")
    g.author("X2")
    g.work("X", authors=["X1", "X2"])
    g.author("LONE")
    return g


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    return load(network(), driver, neo4j_connection)


@pytest.fixture(scope="module")
def client(graph: GraphBuilder, neo4j_connection: Connection) -> Iterator[TestClient]:
    with api_client(neo4j_connection) as test_client:
        yield test_client


PATH = """query ($from: ID!, $to: ID!, $maxHops: Int) {
  coauthorPath(from: $from, to: $to, maxHops: $maxHops) {
    found hops message authors { id } links { source target sharedWorks strength } } }"""


@pytest.mark.parametrize(
    "start, goal",
    [("A0", "A9"), ("A0", "A3"), ("A0", "B5"), ("B1", "B17"), ("A2", "A8"), ("A0", "A1")],
)
def test_shortest_path_equals_breadth_first_search(
    client: TestClient, graph: GraphBuilder, start: str, goal: str
) -> None:
    hops = graph.hops(start, goal)
    assert hops is not None
    found = data(client, PATH, {"from": start, "to": goal, "maxHops": 6})["coauthorPath"]
    if hops > 6:
        assert found["found"] is False
        return
    assert found["found"] is True and found["hops"] == hops
    path = [author["id"] for author in found["authors"]]
    assert path[0] == start and path[-1] == goal and len(path) == hops + 1
    pairs = graph.collaborations()
    for link, (a, b) in zip(found["links"], pairwise(path), strict=True):
        assert (link["source"], link["target"]) == (a, b)
        pair = pairs[(min(a, b), max(a, b))]
        assert link["sharedWorks"] == pair.works and link["strength"] == pair.strength


def test_none_within_max_hops(client: TestClient, graph: GraphBuilder) -> None:
    assert (graph.hops("A0", "A9") or 0) > 3
    found = data(client, PATH, {"from": "A0", "to": "A9", "maxHops": 3})["coauthorPath"]
    assert found["found"] is False and found["hops"] is None and found["authors"] == []
    assert "within 3 hops" in found["message"]


def test_no_path_at_all(client: TestClient) -> None:
    for goal in ("X2", "LONE"):
        found = data(client, PATH, {"from": "A0", "to": goal})["coauthorPath"]
        assert found["found"] is False
        assert found["message"].startswith("No collaboration path within 4 hops")


def test_the_same_author(client: TestClient) -> None:
    found = data(client, PATH, {"from": "A3", "to": "A3"})["coauthorPath"]
    assert found["found"] is True and found["hops"] == 0
    assert [a["id"] for a in found["authors"]] == ["A3"]


def test_paths_are_stable(client: TestClient) -> None:
    first = data(client, PATH, {"from": "B1", "to": "B17", "maxHops": 6})
    assert all(
        data(client, PATH, {"from": "B1", "to": "B17", "maxHops": 6}) == first for _ in range(3)
    )


@pytest.mark.parametrize("max_hops", [0, 7, -1, 100])
def test_max_hops_is_capped(client: TestClient, max_hops: int) -> None:
    [error] = errors(client, PATH, {"from": "A0", "to": "A1", "maxHops": max_hops})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "maxHops", "maximum": 6}


@pytest.mark.parametrize(
    "variables, argument",
    [
        ({"from": "NOPE", "to": "A1"}, "from"),
        ({"from": "A1", "to": "NOPE"}, "to"),
        ({"from": "W1", "to": "A1"}, "from"),
    ],
)
def test_unknown_authors(client: TestClient, variables: dict[str, str], argument: str) -> None:
    [error] = errors(client, PATH, variables)
    assert error["extensions"] == {"code": "NOT_FOUND", "argument": argument}
