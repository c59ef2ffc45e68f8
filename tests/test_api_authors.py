"""Author lookups, the profile page query, and the author's lists, against a small known graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import (
    GraphBuilder,
    api_client,
    data,
    errors,
    execute,
    list_completion,
    load,
)

PERLIN = "A5100000001"


def reference_graph() -> GraphBuilder:
    """Kuba Perlin as the brief describes him (2 preprints of 2022 on arXiv, 3 topics, 9
    co-authors of whom 4 are close, no followers, unclaimed, no affiliation), with neighbours."""
    g = GraphBuilder()
    g.author(PERLIN, "Kuba Perlin")
    for i in range(1, 10):
        g.author(f"A{i}", f"Coauthor {i}", orcid="0000-0002-0000-0001" if i == 1 else None)
    g.author(
        "A20", "Follower One", open_to_collaborate=True, claimed=True, orcid="0000-0002-0000-0020"
    )
    g.topic("fields/17", "Computer Science", level="field")
    for topic, name in (("T1", "Deep learning"), ("T2", "Optimization"), ("T3", "Robotics")):
        g.topic(topic, name, parent="fields/17")
    g.source("S4306400194", "arXiv", type="repository")
    g.institution("I1", "Old University", ror="01aaaaaa1")
    g.institution("I2", "New University", ror="02bbbbbb2", country_code="GB")
    # A team of five: 1/4 each, exactly close; a team of six: 1/5 each, not close.
    g.work(
        "W1",
        authors=[PERLIN, "A1", "A2", "A3", "A4"],
        year=2022,
        type="preprint",
        topics={"T1": 0.9, "T2": 0.5},
        venue="S4306400194",
        cited_by_count=5,
    )
    g.work(
        "W2",
        authors=[PERLIN, "A5", "A6", "A7", "A8", "A9"],
        year=2022,
        type="preprint",
        topics={"T1": 0.7, "T3": 0.4},
        venue="S4306400194",
        cited_by_count=2,
    )
    g.work("W3", authors=["A20", "A1"], year=2019, topics={"T3": 1.0})
    g.work("W4", authors=["A20", "A1"], year=2023)
    g.affiliate("A20", "I1", [2015, 2016])
    g.affiliate("A20", "I2", [2020, 2023])
    g.follow("A1", "A20")
    g.follow("A2", "A20")
    return g


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[TestClient]:
    load(reference_graph(), driver, neo4j_connection)
    with api_client(neo4j_connection) as test_client:
        yield test_client


PROFILE = """
query Profile($id: ID!) {
  author(id: $id) {
    id name orcid unresolved openToCollaborate affiliationImported
    affiliation { id name }
    counts { works followers topics collaborators closeCollaborators citations }
    trust { score status level claimed explanation
            components { key label points maxPoints detail } }
  }
}
"""


def test_profile_of_the_reference_researcher(client: TestClient) -> None:
    graph = reference_graph()
    author = data(client, PROFILE, {"id": PERLIN})["author"]
    assert author["name"] == "Kuba Perlin"
    assert author["affiliation"] is None and author["affiliationImported"] is False
    assert author["openToCollaborate"] is False
    assert author["counts"] == {
        "works": len(graph.works_of(PERLIN)),
        "followers": 0,
        "topics": 3,
        "collaborators": len(graph.collaborators_of(PERLIN)),
        "closeCollaborators": len(graph.close_collaborators_of(PERLIN)),
        "citations": 7,
    }
    assert (author["counts"]["collaborators"], author["counts"]["closeCollaborators"]) == (9, 4)
    trust = author["trust"]
    assert (trust["status"], trust["level"], trust["claimed"]) == ("UNVERIFIED", "L1", False)
    assert trust["score"] == sum(c["points"] for c in trust["components"])
    # docs/trust.md: record 20 + 2 works x 2 + 4 close collaborators x 2.
    assert trust["score"] == 32
    points = {c["key"]: (c["points"], c["maxPoints"]) for c in trust["components"]}
    assert points["works"] == (4, 20) and points["affiliation"] == (0, 10)
    assert sum(c["maxPoints"] for c in trust["components"]) == 100
    assert trust["explanation"].startswith("32/100")


def test_profile_with_affiliation_followers_and_claim(client: TestClient) -> None:
    author = data(client, PROFILE, {"id": "A20"})["author"]
    assert author["affiliation"] == {"id": "I2", "name": "New University"}  # the latest
    assert author["affiliationImported"] is True
    assert author["openToCollaborate"] is True
    assert author["counts"]["followers"] == 2
    assert author["counts"]["closeCollaborators"] == 1  # A1, two papers of two
    trust = author["trust"]
    assert (trust["level"], trust["status"], trust["claimed"]) == ("L2", "UNVERIFIED", True)
    # record 20 + ORCID 10 + 2 works x 2 + 1 close x 2 + affiliation 10 + claimed 15
    assert trust["score"] == 61


def test_the_profile_costs_one_round_trip(neo4j_connection: Connection, client: TestClient) -> None:
    result, context = execute(neo4j_connection, PROFILE, {"id": PERLIN})
    assert result.errors is None
    assert context.round_trips == 1


def test_the_profile_lists_take_the_fast_path(
    neo4j_connection: Connection, client: TestClient
) -> None:
    # The trust components (plain leaves, the key an enum) complete in one pass.
    with list_completion() as lists:
        result, _ = execute(neo4j_connection, PROFILE, {"id": PERLIN})
    assert result.errors is None
    assert len(result.data["author"]["trust"]["components"]) == 7  # type: ignore[index]
    assert lists.fast == [("author", "trust", "components")]
    assert lists.fallback == []


def test_profile_fields_in_a_fragment_are_one_round_trip_too(
    neo4j_connection: Connection, client: TestClient
) -> None:
    query = """query ($id: ID!) { author(id: $id) { name ...Page } }
      fragment Page on Author { ... on Author { counts { works } trust { score } } }"""
    result, context = execute(neo4j_connection, query, {"id": PERLIN})
    assert result.errors is None and result.data == {
        "author": {"name": "Kuba Perlin", "counts": {"works": 2}, "trust": {"score": 32}}
    }
    assert context.round_trips == 1
    _, context = execute(neo4j_connection, '{ author(id: "A5100000001") { name } }')
    assert context.round_trips == 1


def test_lists_of_an_author(client: TestClient) -> None:
    author = data(
        client,
        """{ author(id: "A20") {
        institutions { institution { id ror countryCode } years }
        topics { topic { id name } weight works }
        collaborators { totalCount edges { node { author { id } sharedWorks firstYear lastYear
                                                  strength close } } } } }""",
    )["author"]
    assert author["institutions"] == [
        {
            "institution": {"id": "I2", "ror": "02bbbbbb2", "countryCode": "GB"},
            "years": [2020, 2023],
        },
        {
            "institution": {"id": "I1", "ror": "01aaaaaa1", "countryCode": None},
            "years": [2015, 2016],
        },
    ]
    assert author["topics"] == [
        {"topic": {"id": "T3", "name": "Robotics"}, "weight": 1.0, "works": 1}
    ]
    assert author["collaborators"] == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "author": {"id": "A1"},
                    "sharedWorks": 2,
                    "firstYear": 2019,
                    "lastYear": 2023,
                    "strength": 2.0,
                    "close": True,
                }
            }
        ],
    }


def test_author_topics_are_weighted_by_summed_scores(client: TestClient) -> None:
    query = f'{{ author(id: "{PERLIN}") {{ topics {{ topic {{ id }} weight works }} }} }}'
    topics = data(client, query)
    assert topics["author"]["topics"] == [
        {"topic": {"id": "T1"}, "weight": pytest.approx(1.6), "works": 2},
        {"topic": {"id": "T2"}, "weight": 0.5, "works": 1},
        {"topic": {"id": "T3"}, "weight": 0.4, "works": 1},
    ]


def test_close_filters_collaborators(client: TestClient) -> None:
    graph = reference_graph()
    query = """query ($close: Boolean) { author(id: "A5100000001") {
        collaborators(close: $close, first: 50) {
          totalCount edges { node { author { id } close } } } } }"""
    for close, expected in (
        (True, set(graph.close_collaborators_of(PERLIN))),
        (False, set(graph.collaborators_of(PERLIN)) - set(graph.close_collaborators_of(PERLIN))),
        (None, set(graph.collaborators_of(PERLIN))),
    ):
        found = data(client, query, {"close": close})["author"]["collaborators"]
        ids = {edge["node"]["author"]["id"] for edge in found["edges"]}
        assert ids == expected and found["totalCount"] == len(expected)
        if close is not None:
            assert all(edge["node"]["close"] is close for edge in found["edges"])


def test_lookup_needs_exactly_one_id(client: TestClient) -> None:
    for query in ("{ author { id } }", '{ author(id: "A1", orcid: "0000-0002-0000-0001") { id } }'):
        [error] = errors(client, query)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "exactly one of" in error["message"]


def test_openalex_urls_are_accepted_as_ids(client: TestClient) -> None:
    found = data(client, '{ author(id: "https://openalex.org/A5100000001") { id } }')
    assert found["author"]["id"] == PERLIN


def test_unknown_author_is_null_with_not_found(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": PROFILE, "variables": {"id": "A404"}})
    body: dict[str, Any] = response.json()
    assert body["data"] == {"author": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_lookup_by_orcid(client: TestClient) -> None:
    found = data(client, '{ author(orcid: "https://orcid.org/0000-0002-0000-0001") { id } }')
    assert found["author"]["id"] == "A1"
    [error] = errors(client, '{ author(orcid: "nope") { id } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
