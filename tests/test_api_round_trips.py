"""Cypher round trips per benchmark query (benchmarks/peer_queries.py, `make bench-peer`): the
profile with its first page of works and their venues is one statement, with the same answer
as the three it would otherwise take; the other shapes cost one query per level."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from benchmarks import peer_queries
from kg.db import Connection
from tests.api_factory import GraphBuilder, execute, load


def round_trip_graph() -> GraphBuilder:
    g = GraphBuilder()
    for n in range(1, 6):
        g.author(f"A{n}", f"Author {n}")
    g.source("S1", "Journal one")
    g.source("S2", "Journal two")
    g.topic("T1", "Topic one")
    g.institution("I1", "Institute one")
    g.affiliate("A1", "I1", [2019, 2021])
    for n in range(12):
        g.work(
            f"W{n:02}",
            authors=["A1", f"A{2 + n % 4}"] if n % 3 else ["A1"],
            year=2010 + n % 7,
            cited_by_count=n * 3 % 7,
            venue=None if n % 4 == 3 else f"S{1 + n % 2}",
            topics={"T1": 0.5} if n % 2 else {},
        )
    return g


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    return load(round_trip_graph(), driver, neo4j_connection)


def run(connection: Connection, query: str, node_id: str) -> tuple[Any, int]:
    result, context = execute(connection, query, {"id": node_id})
    assert result.errors is None, result.errors
    return result.data, context.round_trips


def test_the_profile_with_its_works_and_venues_is_one_statement(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    folded, trips = run(neo4j_connection, peer_queries.OURS_Q1, "A1")
    assert trips == 1
    # The same question in a shape that is not folded (a directive on works): three queries,
    # the profile, the page of works, the venues; and the same answer.
    unfolded_query = peer_queries.OURS_Q1.replace(
        "works(first: 10)", "works(first: 10) @include(if: true)"
    )
    unfolded, trips = run(neo4j_connection, unfolded_query, "A1")
    assert trips == 3
    assert folded == unfolded
    works = folded["author"]["works"]
    assert folded["author"]["counts"]["works"] == works["totalCount"] == 12
    newest = sorted(graph.works.values(), key=lambda w: (-w["year"], w["id"]))[:10]
    assert [e["node"]["id"] for e in works["edges"]] == [w["id"] for w in newest]
    assert newest[0]["id"] == "W06" and newest[-1]["id"] == "W08"
    venues = {e["node"]["id"]: (e["node"]["venue"] or {}).get("id") for e in works["edges"]}
    assert venues == {
        w: (None if int(w[1:]) % 4 == 3 else f"S{1 + int(w[1:]) % 2}") for w in venues
    }


def test_a_folded_page_pages_on_as_the_list_does(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    query = """query ($id: ID!, $after: String) { author(id: $id) { counts { works }
      works(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id venue { id } } } } } }"""
    seen: list[str] = []
    after = None
    while True:
        result, context = execute(neo4j_connection, query, {"id": "A1", "after": after})
        assert result.errors is None and context.round_trips == 1
        works = result.data["author"]["works"]  # type: ignore[index]
        seen += [e["node"]["id"] for e in works["edges"]]
        if not works["pageInfo"]["hasNextPage"]:
            break
        after = works["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(graph.works) and len(seen) == 12


@pytest.mark.parametrize(
    "query, node_id, trips",
    [
        # the author, the page of works, the works' authors, the authors' collaborators
        (peer_queries.OURS_Q2, "A1", 4),
        (peer_queries.OURS_Q3_DEPTH_1, "A1", 1),
        (peer_queries.OURS_Q3_DEPTH_2, "A1", 1),
        # the topic, the page of its works
        (peer_queries.OURS_Q4, "T1", 2),
    ],
)
def test_round_trips_of_the_other_benchmark_queries(
    graph: GraphBuilder, neo4j_connection: Connection, query: str, node_id: str, trips: int
) -> None:
    _, counted = run(neo4j_connection, query, node_id)
    assert counted == trips
