"""Works, topics, institutions and sources by id and alternate id; nested lists batched."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, data, errors, execute, load


def library() -> GraphBuilder:
    g = GraphBuilder()
    for i in range(60):
        g.author(f"A{i:03}", f"Person {i}")
    g.topic("domains/3", "Physical Sciences", level="domain")
    g.topic("fields/17", "Computer Science", level="field", parent="domains/3")
    g.topic("arxiv:cs", "Computer Science (arXiv)", level="field")
    g.topic("arxiv:cs.LG", "Machine Learning", parent="arxiv:cs")
    g.topic("T1", "Deep learning", parent="fields/17")
    g.source("S1", "Journal of Tests", type="journal", issn_l="1234-5678")
    g.source("S4306400194", "arXiv", type="repository")
    g.institution("I1", "University of Tests", ror="05x2bcf33", country_code="PL", type="education")
    for n in range(40):
        team = [f"A{(n + k) % 60:03}" for k in range(1 + n % 4)]
        g.work(
            f"W{n:03}",
            authors=team,
            year=2000 + n % 20,
            cited_by_count=n,
            topics={"T1": 0.5, "arxiv:cs.LG": 0.25} if n % 2 else {"T1": 1.0},
            venue="S1" if n % 3 else "S4306400194",
            doi=f"10.1234/test.{n}",
            arxiv_id=f"2101.{n:05}",
            corresponding=team[-1],
        )
    g.work(
        "arxiv:2301.00001",
        authors=["A001"],
        title="Known only on arXiv",
        type="preprint",
        arxiv_id="2301.00001",
        doi="10.48550/arxiv.2301.00001",
    )
    g.affiliate("A001", "I1", [2020])
    return g


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    return load(library(), driver, neo4j_connection)


@pytest.fixture(scope="module")
def client(graph: GraphBuilder, neo4j_connection: Connection) -> Iterator[TestClient]:
    with api_client(neo4j_connection) as test_client:
        yield test_client


WORK = """query ($id: ID, $doi: String, $arxivId: String) {
  work(id: $id, doi: $doi, arxivId: $arxivId) {
    id title year type doi arxivId citedByCount
    venue { id name type issnL }
    authors { position corresponding author { id name } }
    topics { weight works topic { id level parent { id } } } } }"""


@pytest.mark.parametrize(
    "variables",
    [
        {"id": "W007"},
        {"id": "https://openalex.org/W007"},
        {"doi": "10.1234/TEST.7"},
        {"doi": "https://doi.org/10.1234/test.7"},
        {"arxivId": "2101.00007"},
        {"arxivId": "arXiv:2101.00007v3"},
    ],
)
def test_work_by_any_id(client: TestClient, variables: dict[str, str]) -> None:
    work = data(client, WORK, variables)["work"]
    assert work["id"] == "W007" and work["doi"] == "10.1234/test.7"
    assert work["venue"] == {
        "id": "S1",
        "name": "Journal of Tests",
        "type": "journal",
        "issnL": "1234-5678",
    }
    assert [a["author"]["id"] for a in work["authors"]] == ["A007", "A008", "A009", "A010"]
    assert [a["position"] for a in work["authors"]] == ["first", "middle", "middle", "last"]
    assert [a["corresponding"] for a in work["authors"]] == [False, False, False, True]
    assert work["topics"] == [
        {
            "weight": 0.5,
            "works": 1,
            "topic": {"id": "T1", "level": "topic", "parent": {"id": "fields/17"}},
        },
        {
            "weight": 0.25,
            "works": 1,
            "topic": {"id": "arxiv:cs.LG", "level": "topic", "parent": {"id": "arxiv:cs"}},
        },
    ]


def test_an_arxiv_only_work(client: TestClient) -> None:
    work = data(client, WORK, {"arxivId": "2301.00001"})["work"]
    assert work["id"] == "arxiv:2301.00001" and work["type"] == "preprint"
    assert work["venue"] is None


@pytest.mark.parametrize(
    "variables, code",
    [
        ({"id": "W404"}, "NOT_FOUND"),
        ({"doi": "10.1/none"}, "NOT_FOUND"),
        ({"arxivId": "9999.99999"}, "NOT_FOUND"),
        ({"doi": "not a doi"}, "BAD_USER_INPUT"),
        ({}, "BAD_USER_INPUT"),
        ({"id": "W001", "doi": "10.1234/test.1"}, "BAD_USER_INPUT"),
    ],
)
def test_work_lookup_errors(client: TestClient, variables: dict[str, str], code: str) -> None:
    [error] = errors(client, WORK, variables)
    assert error["extensions"]["code"] == code
    assert error["path"] == ["work"]


def test_topic_institution_source(client: TestClient, graph: GraphBuilder) -> None:
    found = data(
        client,
        """{
      topic(id: "T1") { id name level worksCount
                        parent { id level parent { id level parent { id } } } }
      arxiv: topic(id: "arxiv:cs.LG") { name parent { id name } }
      institution(ror: "https://ror.org/05x2bcf33") { id name ror countryCode type }
      byId: institution(id: "I1") { id }
      source(id: "S4306400194") { id name type issnL } }""",
    )
    assert found["topic"] == {
        "id": "T1",
        "name": "Deep learning",
        "level": "topic",
        "worksCount": 40,
        "parent": {
            "id": "fields/17",
            "level": "field",
            "parent": {"id": "domains/3", "level": "domain", "parent": None},
        },
    }
    assert found["arxiv"] == {
        "name": "Machine Learning",
        "parent": {"id": "arxiv:cs", "name": "Computer Science (arXiv)"},
    }
    assert found["institution"] == {
        "id": "I1",
        "name": "University of Tests",
        "ror": "05x2bcf33",
        "countryCode": "PL",
        "type": "education",
    }
    assert found["byId"] == {"id": "I1"}
    assert found["source"] == {
        "id": "S4306400194",
        "name": "arXiv",
        "type": "repository",
        "issnL": None,
    }


@pytest.mark.parametrize(
    "query",
    [
        '{ topic(id: "T404") { id } }',
        '{ institution(ror: "05x2bcf34") { id } }',
        '{ source(id: "S404") { id } }',
    ],
)
def test_unknown_nodes(client: TestClient, query: str) -> None:
    [error] = errors(client, query)
    assert error["extensions"]["code"] == "NOT_FOUND"


NESTED = """query ($first: Int) { author(id: "A010") {
  name
  works(first: $first, orderBy: {field: CITATIONS}) { totalCount edges { node {
    id title
    venue { name }
    authors { position author { name orcid
      works(first: 2) { edges { node { id venue { id } } } } } }
    topics { weight topic { name parent { name } } }
  } } } } }"""


@pytest.mark.parametrize("first", [1, 3, 20])
def test_nested_lists_cost_a_bounded_number_of_round_trips(
    neo4j_connection: Connection, graph: GraphBuilder, first: int
) -> None:
    result, context = execute(neo4j_connection, NESTED, {"first": first})
    assert result.errors is None
    works = result.data["author"]["works"]["edges"]  # type: ignore[index]
    assert len(works) == min(first, len(graph.works_of("A010")))
    # The author with its works page, their venues and authorships (one statement, folded by
    # the lookup), the works' topics, the topics' parents, the co-authors' works pages and their
    # venues: five queries whatever the page sizes.
    assert context.round_trips == 5


def test_lookups_through_aliases_are_batched(
    neo4j_connection: Connection, graph: GraphBuilder
) -> None:
    query = (
        "{ "
        + " ".join(f'w{n}: work(id: "W{n:03}") {{ id venue {{ id }} }}' for n in range(25))
        + " }"
    )
    result, context = execute(neo4j_connection, query)
    assert result.errors is None and len(result.data or {}) == 25
    assert context.round_trips == 2
