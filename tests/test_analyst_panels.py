"""Every explorer panel's "View the query" runs for an analyst through POST /cypher, with the
parameters GET /cypher/views/{panel} gives, and returns what the GraphQL API answers the page:
the same ids and counts. The profile's own query reads accounts (the claim, the followers): its
public variant runs instead, and the panel's own is refused, as private data stays."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

import cypher
from analyst import errors
from identity.roles import Role
from kg.db import Connection
from tests.analyst_support import load_graph_with_private_data
from tests.api_factory import api_client
from tests.identity_support import make_account, make_token

AUTHOR = "A000"
REJECTED = "W0000"  # one of A000's works, which its holder says is not theirs

PROFILE = """query($id: ID!) { author(id: $id) { id name affiliation { id }
  counts { works citations topics collaborators closeCollaborators followers } } }"""
WORKS = """query($id: ID!, $first: Int!) { author(id: $id) {
  works(first: $first, orderBy: {field: YEAR, direction: DESC}) {
    totalCount edges { node { id } } } } }"""
COLLABORATORS = """query($id: ID!, $first: Int!) { author(id: $id) {
  collaborators(first: $first) { totalCount edges { node { strength author { id } } } } } }"""
SLICE = """query($center: ID!, $depth: Int!, $minStrength: Float!, $limits: SliceLimits,
  $maxEdges: Int) { graphSlice(center: $center, depth: $depth, minStrength: $minStrength,
  limits: $limits, maxEdges: $maxEdges) { truncated center { id type }
  nodes { id type depth } edges { source target type } } }"""
SLICE_VARIABLES = {
    "center": AUTHOR,
    "depth": 2,
    "minStrength": 0,
    "limits": {"authors": 6, "works": 5, "topics": 3, "institutions": 2, "sources": 1},
    "maxEdges": 40,
}


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> Connection:
    load_graph_with_private_data(driver, neo4j_connection)
    database = neo4j_connection.database
    # A000's holder rejects one of its works, the way the rejectAuthorship mutation does.
    driver.execute_query(
        "MATCH (a:Author {id: $author}) "
        "CREATE (:User {id: 'Uholder'})-[:CLAIMED {level: 'L2', since: datetime()}]->(a) "
        "SET a.claimed = true",
        author=AUTHOR,
        database_=database,
    )
    records, _, _ = driver.execute_query(
        cypher.query("profile/reject_authorship"),
        userId="Uholder",
        workId=REJECTED,
        reason="a namesake's paper",
        database_=database,
    )
    assert [r["author_id"] for r in records] == [AUTHOR]
    return neo4j_connection


@pytest.fixture(scope="module")
def client(graph: Connection) -> Iterator[TestClient]:
    with api_client(graph, cypher_max_rows=1000, cypher_timeout_seconds=30) as c:
        yield c


@pytest.fixture(scope="module")
def analyst(graph: Connection) -> dict[str, str]:
    account = make_account(graph, "panels-analyst@example.org", role=Role.ANALYST)
    return {"authorization": f"Bearer {make_token(graph, account, role=Role.ANALYST)}"}


def graphql(client: TestClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, response.text
    return dict(body["data"])


def view(client: TestClient, panel: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.get(f"/cypher/views/{panel}", params={"variables": json.dumps(variables)})
    assert response.status_code == 200, response.text
    return dict(response.json())


def run(client: TestClient, headers: dict[str, str], runnable: dict[str, Any]) -> dict[str, Any]:
    """The panel's runnable statement through POST /cypher: its rows as dicts by column."""
    response = client.post(
        "/cypher",
        json={
            "statement": runnable["cypher"],
            "parameters": runnable["parameters"],
            "format": "json",
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "error" not in body, body
    [row] = [dict(zip(body["columns"], row, strict=True)) for row in body["rows"]]
    return row


def test_the_profile_runs_as_its_public_variant_and_matches_the_api(client, analyst) -> None:  # type: ignore[no-untyped-def]
    shown = view(client, "profile", {"id": AUTHOR})
    runnable = shown["analyst"]
    assert runnable["variant"] and runnable["query"] == "authors/profile_public"
    assert "followers" in runnable["note"] and "claim" in runnable["note"]
    row = run(client, analyst, runnable)
    answer = graphql(client, PROFILE, {"id": AUTHOR})["author"]
    counts = answer["counts"]
    assert row["author"]["id"] == answer["id"] == AUTHOR
    assert row["author"]["name"] == answer["name"]
    assert row["affiliation"]["id"] == answer["affiliation"]["id"]
    assert (row["works"], row["citations"], row["topics"]) == (
        counts["works"],
        counts["citations"],
        counts["topics"],
    )
    assert (row["collaborators"], row["close_collaborators"]) == (
        counts["collaborators"],
        counts["closeCollaborators"],
    )
    assert counts["works"] == 5  # six works, one rejected: the rejection is honoured
    assert "claim" not in row and "followers" not in row
    # The panel's own query reads accounts: refused, naming the private label.
    own = client.post(
        "/cypher",
        json={"statement": shown["cypher"], "parameters": shown["parameters"]},
        headers=analyst,
    )
    assert own.status_code == 422
    refusal = own.json()["errors"][0]
    assert refusal["extensions"]["code"] == errors.PRIVATE_DATA
    assert "CLAIMED" in refusal["message"] or "User" in refusal["message"]


def test_the_works_panel_runs_as_is_and_matches_the_api(client, analyst) -> None:  # type: ignore[no-untyped-def]
    shown = view(client, "works", {"id": AUTHOR, "first": 3})
    runnable = shown["analyst"]
    assert not runnable["variant"] and runnable["cypher"] == shown["cypher"]
    assert runnable["parameters"] == shown["parameters"]
    row = run(client, analyst, runnable)
    works = graphql(client, WORKS, {"id": AUTHOR, "first": 3})["author"]["works"]
    ids = [edge["node"]["id"] for edge in works["edges"]]
    # The query fetches one more than the page, to know there is a next one.
    assert [r["work"]["id"] for r in row["rows"]][: len(ids)] == ids and len(ids) == 3
    assert row["total"] == works["totalCount"] == 5
    assert REJECTED not in json.dumps(row)


def test_the_collaborators_panel_runs_as_is_and_matches_the_api(client, analyst) -> None:  # type: ignore[no-untyped-def]
    shown = view(client, "collaborators", {"id": AUTHOR, "first": 2})
    row = run(client, analyst, shown["analyst"])
    answer = graphql(client, COLLABORATORS, {"id": AUTHOR, "first": 2})["author"]
    edges = answer["collaborators"]["edges"]
    ids = [edge["node"]["author"]["id"] for edge in edges]
    assert [r["author"]["id"] for r in row["rows"]][: len(ids)] == ids and len(ids) == 2
    assert [r["strength"] for r in row["rows"]][:2] == [e["node"]["strength"] for e in edges]
    assert row["total"] == answer["collaborators"]["totalCount"]


def test_the_graph_panel_runs_as_is_and_matches_the_api(client, analyst) -> None:  # type: ignore[no-untyped-def]
    shown = view(client, "graph", SLICE_VARIABLES)
    assert not shown["analyst"]["variant"]
    row = run(client, analyst, shown["analyst"])
    answer = graphql(client, SLICE, SLICE_VARIABLES)["graphSlice"]
    assert row["center"]["id"] == answer["center"]["id"] == AUTHOR
    # The API lists the centre among the nodes (depth 0); the query returns it apart.
    nodes = {(n["id"], n["type"], n["depth"]) for n in row["nodes"]}
    assert nodes | {(AUTHOR, "AUTHOR", 0)} == {
        (n["id"], n["type"], n["depth"]) for n in answer["nodes"]
    }
    assert len(row["nodes"]) + 1 == len(answer["nodes"])
    assert {depth for _, _, depth in nodes} == {1, 2}
    assert {(e["source"], e["target"], e["type"]) for e in row["edges"]} == {
        (e["source"], e["target"], e["type"]) for e in answer["edges"]
    }
    assert len(row["edges"]) == len(answer["edges"]) > 0
    assert row["truncated"] == answer["truncated"]


def test_rejections_are_public_and_who_made_them_is_not(client, analyst) -> None:  # type: ignore[no-untyped-def]
    headers = analyst
    rejection = client.post(
        "/cypher",
        json={
            "statement": "MATCH (r:AuthorshipRejection) RETURN r, r.reason AS reason",
            "format": "json",
        },
        headers=headers,
    )
    assert rejection.status_code == 200, rejection.text
    [[node, reason]] = rejection.json()["rows"]
    assert reason == "a namesake's paper"
    assert set(node["properties"]) == {"key", "author", "work", "at", "reason"}
    for statement in (
        "MATCH (u:User)-[:REJECTED_AUTHORSHIP]->(r:AuthorshipRejection) RETURN u.id",
        "MATCH (r:AuthorshipRejection)<-[:REJECTED_AUTHORSHIP]-(u) RETURN u",
        "MATCH (r:AuthorshipRejection)--(u) RETURN u",
    ):
        refused = client.post("/cypher", json={"statement": statement}, headers=headers)
        assert refused.status_code == 422, statement
        assert refused.json()["errors"][0]["extensions"]["code"] in (
            errors.PRIVATE_DATA,
            errors.UNTYPED_RELATIONSHIP,
        )
