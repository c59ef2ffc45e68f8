"""The lists of topics, institutions, sources and works (topic -> works, institution -> authors
and works, source -> works, work -> citing and cited works): exact ids, order, totalCount and
paging on a small graph whose answers are written out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, data, errors, execute, load
from tests.test_api_limits import measured


def node_lists_graph() -> GraphBuilder:
    g = GraphBuilder()
    g.author("A1", "Zoe")
    g.author("A2", "Bea")
    g.author("A3", "Max")
    g.author("A4", "Ida")
    g.topic("fields/1", "Field", level="field")
    g.topic("subfields/1", "Subfield", level="subfield", parent="fields/1")
    g.topic("T1", "Topic one", parent="subfields/1")
    g.topic("T3", "Topic three", parent="subfields/1")
    g.topic("T2", "Topic two")
    g.source("S1", "Journal one")
    g.source("S2", "Journal two")
    g.institution("I1", "Institute one")
    g.institution("I2", "Institute two")
    g.institution("I3", "Empty institute")
    g.work("W01", authors=["A1", "A2"], year=2020, cited_by_count=5, topics={"T1": 0.9}, venue="S1")
    g.work(
        "W02",
        authors=["A2"],
        year=2021,
        cited_by_count=5,
        topics={"T3": 0.8},
        venue="S1",
        cites=["W01"],
    )
    g.work(
        "W03",
        authors=["A1", "A3"],
        year=2019,
        cited_by_count=9,
        type="preprint",
        topics={"T1": 0.7, "T2": 0.5},
        venue="S2",
        cites=["W01", "W02"],
    )
    g.work(
        "W04",
        authors=["A3"],
        year=None,
        cited_by_count=0,
        topics={"T2": 0.4},
        venue="S1",
        cites=["W01", "W03"],
    )
    g.work(
        "W05",
        authors=["A4"],
        year=2022,
        cited_by_count=1,
        type="preprint",
        topics={"T1": 0.6},
        cites=["W01", "W05"],  # W05 cites itself
    )
    g.work(
        "W06",
        authors=["A1"],
        year=2021,
        cited_by_count=5,
        topics={"subfields/1": 0.5},
        venue="S2",
        cites=["W03"],
    )
    g.affiliate("A1", "I1", [2019, 2020])
    g.affiliate("A2", "I1", [2021])
    g.affiliate("A3", "I1", [])
    g.affiliate("A3", "I2", [2019])
    g.affiliate("A4", "I2", [2022, 2023])
    return g


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    built = load(node_lists_graph(), driver, neo4j_connection)
    # A1's holder said W03 is not theirs: it leaves I1's works (A1 is its only I1 author).
    driver.execute_query(
        "CREATE (:AuthorshipRejection {key: 'A1|W03', author: 'A1', work: 'W03'})",
        database_=neo4j_connection.database,
    )
    return built


@pytest.fixture(scope="module")
def client(graph: GraphBuilder, neo4j_connection: Connection) -> Iterator[TestClient]:
    with api_client(neo4j_connection) as test_client:
        yield test_client


PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
WORK_ARGS = "first: $first, after: $after, filter: $filter, orderBy: $order"
VARS = "($id: ID!, $first: Int, $after: String, $filter: WorkFilter, $order: WorkOrder)"
WORK_LISTS = {
    "topic": f"query {VARS} {{ topic(id: $id) {{ works({WORK_ARGS}) {{ {PAGE} "
    "edges { cursor node { id } } } } }",
    "source": f"query {VARS} {{ source(id: $id) {{ works({WORK_ARGS}) {{ {PAGE} "
    "edges { cursor node { id } } } } }",
    "institution": f"query {VARS} {{ institution(id: $id) {{ works({WORK_ARGS}) {{ {PAGE} "
    "edges { cursor node { id } } } } }",
    "citing": f"query {VARS} {{ work(id: $id) {{ citingWorks({WORK_ARGS}) {{ {PAGE} "
    "edges { cursor node { id } } } } }",
    "cited": f"query {VARS} {{ work(id: $id) {{ citedWorks({WORK_ARGS}) {{ {PAGE} "
    "edges { cursor node { id } } } } }",
}
FIELDS = {
    "topic": ("topic", "works"),
    "source": ("source", "works"),
    "institution": ("institution", "works"),
    "citing": ("work", "citingWorks"),
    "cited": ("work", "citedWorks"),
    "members": ("institution", "authors"),
}
AUTHORS = (
    "query ($id: ID!, $first: Int, $after: String, $filter: AffiliationFilter, "
    "$order: AuthorOrder) { institution(id: $id) { authors(first: $first, after: $after, "
    f"filter: $filter, orderBy: $order) {{ {PAGE} edges {{ cursor node {{ author {{ id name }} "
    "years } } } } }"
)


def page_through(
    client: TestClient, list_name: str, size: int, variables: dict[str, Any]
) -> tuple[list[Any], int]:
    query = AUTHORS if list_name == "members" else WORK_LISTS[list_name]
    nodes: list[Any] = []
    after = None
    totals = set()
    while True:
        found = data(client, query, {**variables, "first": size, "after": after})
        for key in FIELDS[list_name]:
            found = found[key]
        assert len(found["edges"]) <= size
        nodes.extend(edge["node"] for edge in found["edges"])
        totals.add(found["totalCount"])
        info = found["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        if found["edges"]:
            assert info["startCursor"] == found["edges"][0]["cursor"]
            assert info["endCursor"] == found["edges"][-1]["cursor"]
        if not info["hasNextPage"]:
            assert len(totals) == 1  # the same total on every page
            return nodes, totals.pop()
        after = info["endCursor"]


CASES = [
    # (list, node id, filter, order, expected ids in order)
    ("topic", "T1", None, None, ["W05", "W01", "W03"]),
    # A topic's works include its subtopics' (T1, T3) and its own direct tags (W06).
    ("topic", "subfields/1", None, None, ["W05", "W02", "W06", "W01", "W03"]),
    ("topic", "fields/1", None, {"field": "CITATIONS"}, ["W03", "W01", "W02", "W06", "W05"]),
    (
        "topic",
        "fields/1",
        None,
        {"field": "CITATIONS", "direction": "ASC"},
        ["W05", "W01", "W02", "W06", "W03"],
    ),
    ("topic", "subfields/1", {"type": "preprint"}, None, ["W05", "W03"]),
    ("topic", "T2", None, {"field": "YEAR", "direction": "ASC"}, ["W04", "W03"]),
    ("topic", "subfields/1", {"topicId": "T3"}, None, ["W02"]),
    ("source", "S1", None, {"field": "YEAR", "direction": "ASC"}, ["W04", "W01", "W02"]),
    ("source", "S2", {"topicId": "fields/1"}, None, ["W06", "W03"]),
    ("source", "S2", {"yearTo": 2020}, None, ["W03"]),
    # A1 in 2019-2020 (W01; W03 rejected), A2 in 2021 (W02); A3's affiliation has no years.
    ("institution", "I1", None, None, ["W02", "W01"]),
    ("institution", "I2", None, {"field": "CITATIONS"}, ["W03", "W05"]),
    ("institution", "I3", None, None, []),
    ("citing", "W01", None, None, ["W05", "W02", "W03", "W04"]),
    ("citing", "W01", {"yearFrom": 2021}, None, ["W05", "W02"]),
    ("citing", "W05", None, None, ["W05"]),  # it cites itself
    ("citing", "W06", None, None, []),
    ("cited", "W04", None, None, ["W01", "W03"]),
    ("cited", "W03", None, {"field": "CITATIONS"}, ["W01", "W02"]),
    ("cited", "W05", None, {"field": "YEAR", "direction": "ASC"}, ["W01", "W05"]),
    ("members", "I1", None, None, ["A2", "A1", "A3"]),
    ("members", "I1", None, {"field": "NAME", "direction": "ASC"}, ["A2", "A3", "A1"]),
    ("members", "I1", None, {"field": "NAME"}, ["A1", "A3", "A2"]),
    ("members", "I1", None, {"field": "LAST_YEAR", "direction": "ASC"}, ["A3", "A1", "A2"]),
    ("members", "I1", {"yearFrom": 2020, "yearTo": 2020}, None, ["A1"]),
    ("members", "I2", {"yearFrom": 2020}, None, ["A4"]),
    ("members", "I3", None, None, []),
]


@pytest.mark.parametrize("size", [1, 2, 100])
@pytest.mark.parametrize("list_name, node, filter, order, expected", CASES)
def test_node_lists_page_through_in_order(
    client: TestClient,
    list_name: str,
    node: str,
    filter: dict[str, Any] | None,
    order: dict[str, Any] | None,
    expected: list[str],
    size: int,
) -> None:
    variables = {"id": node, "filter": filter, "order": order}
    nodes, total = page_through(client, list_name, size, variables)
    ids = [n["author"]["id"] if list_name == "members" else n["id"] for n in nodes]
    assert ids == expected
    assert total == len(expected)


def test_affiliated_authors_carry_their_years(client: TestClient) -> None:
    nodes, _ = page_through(client, "members", 10, {"id": "I1"})
    assert nodes == [
        {"author": {"id": "A2", "name": "Bea"}, "years": [2021]},
        {"author": {"id": "A1", "name": "Zoe"}, "years": [2019, 2020]},
        {"author": {"id": "A3", "name": "Max"}, "years": []},
    ]


def test_first_zero_counts_without_rows(client: TestClient) -> None:
    found = data(client, WORK_LISTS["topic"], {"id": "fields/1", "first": 0})["topic"]["works"]
    assert found["edges"] == [] and found["totalCount"] == 5
    assert found["pageInfo"]["hasNextPage"] is True


def test_a_cursor_of_another_list_is_refused(client: TestClient) -> None:
    first = data(client, WORK_LISTS["topic"], {"id": "T1", "first": 1})["topic"]["works"]
    cursor = first["pageInfo"]["endCursor"]
    [error] = errors(client, WORK_LISTS["source"], {"id": "S1", "first": 1, "after": cursor})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    [error] = errors(client, AUTHORS, {"id": "I1", "first": 1, "after": cursor})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    by_name = data(client, AUTHORS, {"id": "I1", "first": 1, "order": {"field": "NAME"}})
    cursor = by_name["institution"]["authors"]["pageInfo"]["endCursor"]
    [error] = errors(client, AUTHORS, {"id": "I1", "first": 1, "after": cursor})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}


@pytest.mark.parametrize(
    "list_name, variables, argument",
    [
        ("topic", {"id": "T1", "first": 101}, "first"),
        ("source", {"id": "S1", "filter": {"yearFrom": 2022, "yearTo": 2020}}, "filter"),
        ("members", {"id": "I1", "filter": {"yearFrom": 99999}}, "filter.yearFrom"),
        ("citing", {"id": "W01", "filter": {"topicId": "  "}}, "filter.topicId"),
    ],
)
def test_bad_arguments_are_coded(
    client: TestClient, list_name: str, variables: dict[str, Any], argument: str
) -> None:
    query = AUTHORS if list_name == "members" else WORK_LISTS[list_name]
    [error] = errors(client, query, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument


def test_a_nested_page_of_lists_costs_one_query_per_level(
    graph: GraphBuilder, neo4j_connection: Connection
) -> None:
    query = """{ topic(id: "fields/1") { works(first: 10) { totalCount edges { node { id
      citingWorks(first: 10) { totalCount edges { node { id } } }
      citedWorks(first: 10) { totalCount } } } } } }"""
    result, context = execute(neo4j_connection, query)
    assert result.errors is None
    edges = result.data["topic"]["works"]["edges"]  # type: ignore[index]
    citing = {e["node"]["id"]: e["node"]["citingWorks"]["totalCount"] for e in edges}
    assert citing == {"W05": 1, "W02": 1, "W06": 0, "W01": 4, "W03": 2}
    # the topic with its works (one statement), the citing works of all of them, the cited
    # works of all of them
    assert context.round_trips == 3


def test_the_lists_are_costed_so_nesting_them_is_refused(client: TestClient) -> None:
    nested = """{ topic(id: "T1") { works(first: 100) { edges { node {
      citingWorks(first: 100) { edges { node { id } } } } } } } }"""
    # topic 1 + works (10 + 100 x (edges 1 + node 1 + citingWorks (3 + 100 x (1 + 1 + 1))))
    assert measured(nested).cost == 1 + 10 + 100 * (1 + 1 + 3 + 100 * 3)
    [error] = errors(client, nested)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
