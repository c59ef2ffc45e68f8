"""Cypher round trips per benchmark query (benchmarks/peer_queries.py, `make bench-peer`): an
author or topic lookup with one page of works (any filter and order) is one statement, with
their venues, their authors and the authors' collaborators when selected, and answers as the
queries it replaces (one per level: the same shape with a directive on `works` is not folded);
other shapes cost one query per level."""

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
            type="preprint" if n % 5 == 0 else "article",
        )
    return g


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    return load(round_trip_graph(), driver, neo4j_connection)


def run(
    connection: Connection, query: str, node_id: str, variables: dict[str, Any] | None = None
) -> tuple[Any, int]:
    result, context = execute(connection, query, {"id": node_id, **(variables or {})})
    assert result.errors is None, result.errors
    return result.data, context.round_trips


def unfold(query: str) -> str:
    """The same question in a shape the lookup does not fold: a directive on `works`."""
    start = query.index("works(")
    end = query.index(")", start) + 1
    return query[:end] + " @include(if: true)" + query[end:]


def newest_first(
    graph: GraphBuilder,
    author: str,
    *,
    field: str = "YEAR",
    descending: bool = True,
    year_from: int | None = None,
    type: str | None = None,
    topic: str | None = None,
) -> list[str]:
    """The ids of an author's works in a list's order, filtered, computed from the graph."""
    topics = {row["work"] for row in graph.work_topics if row["topic"] == topic}
    works = [
        w
        for w in (graph.works[i] for i in graph.works_of(author))
        if (year_from is None or w["year"] >= year_from)
        and (type is None or w["type"] == type)
        and (topic is None or w["id"] in topics)
    ]

    def key(w: dict[str, Any]) -> tuple[int, str]:
        value = w["cited_by_count"] if field == "CITATIONS" else w["year"]
        return (-value if descending else value, w["id"])

    return [w["id"] for w in sorted(works, key=key)]


def test_the_profile_with_its_works_and_venues_is_one_statement(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    folded, trips = run(neo4j_connection, peer_queries.OURS_Q1, "A1")
    assert trips == 1
    # The same question in a shape that is not folded (a directive on works): three queries,
    # the profile, the page of works, the venues; and the same answer.
    unfolded, trips = run(neo4j_connection, unfold(peer_queries.OURS_Q1), "A1")
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


def folded_pages(connection: Connection, query: str, author: str) -> list[str]:
    """The ids of every page of `query`'s works of `author`, each page in one round trip."""
    seen: list[str] = []
    after = None
    while True:
        result, context = execute(connection, query, {"id": author, "after": after})
        assert result.errors is None and context.round_trips == 1
        works = result.data["author"]["works"]  # type: ignore[index]
        seen += [e["node"]["id"] for e in works["edges"]]
        if not works["pageInfo"]["hasNextPage"]:
            return seen
        after = works["pageInfo"]["endCursor"]


def test_a_folded_page_pages_on_as_the_list_does(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    query = """query ($id: ID!, $after: String) { author(id: $id) { counts { works }
      works(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id venue { id } } } } } }"""
    seen = folded_pages(neo4j_connection, query, "A1")
    assert sorted(seen) == sorted(graph.works) and len(seen) == 12


@pytest.mark.parametrize(
    "query, node_id, trips",
    [
        (peer_queries.OURS_Q1, "A1", 1),
        (peer_queries.OURS_Q2, "A1", 1),
        (peer_queries.OURS_Q3_DEPTH_1, "A1", 1),
        (peer_queries.OURS_Q3_DEPTH_2, "A1", 1),
        (peer_queries.OURS_Q4, "T1", 1),
    ],
)
def test_round_trips_of_each_benchmark_query(
    graph: GraphBuilder, neo4j_connection: Connection, query: str, node_id: str, trips: int
) -> None:
    _, counted = run(neo4j_connection, query, node_id)
    assert counted == trips


WORKS_BODY = """totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id year citedByCount venue { id name } } }"""
PROFILE_SELECTION = "name counts { works citations } affiliation { id } trust { score }"


@pytest.mark.parametrize(
    "variables, arguments, variable_values, profile, expected",
    [
        # the explorer's profile card (explorer/web/src/queries.js AUTHOR_PROFILE, its works)
        (
            "$first: Int!",
            "first: $first, orderBy: {field: YEAR, direction: DESC}",
            {"first": 10},
            True,
            {"first": 10},
        ),
        (
            "",
            "first: 4, orderBy: {field: CITATIONS, direction: ASC}",
            {},
            True,
            {"first": 4, "field": "CITATIONS", "descending": False},
        ),
        (
            "",
            'filter: {yearFrom: 2013, type: "article"}',
            {},
            True,
            {"first": 20, "year_from": 2013, "type": "article"},
        ),
        (
            "$filter: WorkFilter, $order: WorkOrder",
            "first: 3, filter: $filter, orderBy: $order",
            {"filter": {"topicId": "T1"}, "order": {"field": "CITATIONS"}},
            True,
            {"first": 3, "topic": "T1", "field": "CITATIONS"},
        ),
        # without profile fields: the record, the page, the venues
        (
            "",
            "orderBy: {field: CITATIONS}",
            {},
            False,
            {"first": 20, "field": "CITATIONS"},
        ),
    ],
)
def test_any_works_filter_and_order_folds_into_the_lookup(
    graph: GraphBuilder,
    neo4j_connection: Connection,
    variables: str,
    arguments: str,
    variable_values: dict[str, Any],
    profile: bool,
    expected: dict[str, Any],
) -> None:
    header = f"query ($id: ID!{', ' + variables if variables else ''})"
    query = f"""{header} {{ author(id: $id) {{ id {PROFILE_SELECTION if profile else ""}
      works({arguments}) {{ {WORKS_BODY} }} }} }}"""
    folded, trips = run(neo4j_connection, query, "A1", variable_values)
    assert trips == 1
    unfolded, trips = run(neo4j_connection, unfold(query), "A1", variable_values)
    assert trips == 3  # the author (or its profile), the page, the venues
    assert folded == unfolded
    first = expected.pop("first")
    ids = newest_first(graph, "A1", **expected)
    works = folded["author"]["works"]
    assert [e["node"]["id"] for e in works["edges"]] == ids[:first]
    assert works["totalCount"] == len(ids)
    assert works["pageInfo"]["hasNextPage"] == (len(ids) > first)


# explorer/web/src/queries.js AUTHOR_PROFILE, as the profile page sends it
PROFILE_CARD = """query AuthorProfile($id: ID!, $first: Int!) { author(id: $id) {
  id name orcid unresolved openToCollaborate affiliationImported description
  affiliation { id name countryCode }
  counts { works followers topics collaborators closeCollaborators citations }
  trust { score status level claimed explanation
          components { key label points maxPoints detail } }
  topics(first: 5) { weight works topic { id name } }
  works(first: $first, orderBy: { field: YEAR, direction: DESC }) { totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title abstract year type doi arxivId citedByCount venue { id name } } } }
} }"""


def test_the_explorers_profile_card_is_one_statement(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    folded, trips = run(neo4j_connection, PROFILE_CARD, "A1", {"first": 10})
    assert trips == 1
    unfolded, trips = run(neo4j_connection, unfold(PROFILE_CARD), "A1", {"first": 10})
    assert trips == 4  # the profile, the topics, the page of works, the venues
    assert folded == unfolded
    author = folded["author"]
    assert [t["topic"]["id"] for t in author["topics"]] == ["T1"]
    assert author["topics"][0]["works"] == 6
    assert [e["node"]["id"] for e in author["works"]["edges"]] == newest_first(graph, "A1")[:10]


def test_a_folded_ordered_page_pages_on_as_the_list_does(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    query = """query ($id: ID!, $after: String) { author(id: $id) { counts { works }
      works(first: 2, after: $after, orderBy: {field: CITATIONS, direction: ASC},
            filter: {type: "article"}) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id } } } } }"""
    seen = folded_pages(neo4j_connection, query, "A1")
    assert seen == newest_first(graph, "A1", field="CITATIONS", descending=False, type="article")


@pytest.mark.parametrize(
    "arguments", ['first: 10, after: "nonsense"', "first: -1", "filter: {yearFrom: 9999}"]
)
def test_a_page_out_of_range_answers_as_the_field_does(
    graph: GraphBuilder, neo4j_connection: Connection, arguments: str
) -> None:
    query = f"""query ($id: ID!) {{ author(id: $id) {{ id counts {{ works }}
      works({arguments}) {{ {WORKS_BODY} }} }} }}"""
    folded, _ = execute(neo4j_connection, query, {"id": "A1"})
    unfolded, _ = execute(neo4j_connection, unfold(query), {"id": "A1"})
    assert folded.errors and unfolded.errors
    assert [e.formatted for e in folded.errors] == [e.formatted for e in unfolded.errors]
    assert folded.data == unfolded.data


def test_works_with_their_authors_and_collaborators_are_one_statement(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    folded, trips = run(neo4j_connection, peer_queries.OURS_Q2, "A1")
    assert trips == 1
    # the author, the page of works, the works' authors, the authors' collaborators
    unfolded, trips = run(neo4j_connection, unfold(peer_queries.OURS_Q2), "A1")
    assert trips == 4
    assert folded == unfolded
    edges = folded["author"]["works"]["edges"]
    assert [e["node"]["id"] for e in edges] == newest_first(graph, "A1")[:10]
    for edge in edges:
        authors = [a["author"] for a in edge["node"]["authors"]]
        assert [a["id"] for a in authors] == graph.authors_of(edge["node"]["id"])
        for author in authors:
            pairs = graph.collaborators_of(author["id"])
            strongest = sorted(pairs, key=lambda o: (-pairs[o].strength, -pairs[o].works, o))
            page = author["collaborators"]
            assert page["totalCount"] == len(pairs)
            assert [e["node"]["author"]["id"] for e in page["edges"]] == strongest[:5]


@pytest.mark.parametrize(
    "arguments, field, descending, first",
    [
        ("first: 20, orderBy: {field: CITATIONS, direction: DESC}", "CITATIONS", True, 20),
        ("first: 2, orderBy: {field: YEAR, direction: ASC}", "YEAR", False, 2),
    ],
)
def test_a_topic_with_its_works_is_one_statement(
    graph: GraphBuilder,
    neo4j_connection: Connection,
    arguments: str,
    field: str,
    descending: bool,
    first: int,
) -> None:
    query = peer_queries.OURS_Q4.replace(
        "first: 20, orderBy: {field: CITATIONS, direction: DESC}", arguments
    )
    folded, trips = run(neo4j_connection, query, "T1")
    assert trips == 1
    unfolded, trips = run(neo4j_connection, unfold(query), "T1")
    assert trips == 2  # the topic, the page of its works
    assert folded == unfolded
    ids = newest_first(graph, "A1", field=field, descending=descending, topic="T1")
    works = folded["topic"]["works"]
    assert works["totalCount"] == len(ids) == 6
    assert [e["node"]["id"] for e in works["edges"]] == ids[:first]
