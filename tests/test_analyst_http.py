"""POST /cypher, GET /cypher/saved and /cypher/schema over the whole app: the role matrix (only
an analyst's token or session gets in), the formats, plans, saved queries and coded refusals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import neo4j
import pytest

from analyst import errors
from identity import tokens
from identity.graph import Graph
from identity.roles import Role
from kg.db import Connection
from tests.analyst_support import load_graph_with_private_data
from tests.api_factory import api_client
from tests.identity_support import ORIGIN, make_account, make_token, session_cookie, with_graph

STATEMENT = "MATCH (a:Author {id: $id})-[:AUTHORED]->(w:Work) RETURN w.id AS id ORDER BY id"


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> Connection:
    load_graph_with_private_data(driver, neo4j_connection)
    return neo4j_connection


@pytest.fixture(scope="module")
def people(graph: Connection) -> dict[str, dict[str, str]]:
    researcher = make_account(graph, "researcher@example.org")
    analyst = make_account(graph, "analyst@example.org", role=Role.ANALYST)
    revoked = make_token(graph, analyst, role=Role.ANALYST)

    async def revoke(store: Graph) -> None:
        found = await tokens.find(store, revoked)
        assert found is not None
        assert await tokens.revoke(store, analyst.id, found.token_id)

    with_graph(graph, revoke)
    return {
        "anonymous": {},
        "researcher token": {"authorization": f"Bearer {make_token(graph, researcher)}"},
        "researcher session": {
            "cookie": f"kg_session={session_cookie(graph, researcher.id)}",
            "origin": ORIGIN,
        },
        "revoked analyst token": {"authorization": f"Bearer {revoked}"},
        "analyst token": {
            "authorization": f"Bearer {make_token(graph, analyst, role=Role.ANALYST)}"
        },
        "analyst session": {
            "cookie": f"kg_session={session_cookie(graph, analyst.id)}",
            "origin": ORIGIN,
        },
    }


@pytest.fixture
def client(graph: Connection, tmp_path: Path):  # type: ignore[no-untyped-def]
    with api_client(
        graph,
        cypher_audit_log=tmp_path / "audit.jsonl",
        cypher_max_rows=1000,
        cypher_timeout_seconds=2,
        cypher_max_estimated_rows=2000,
    ) as c:
        yield c


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("researcher token", 403),
        ("researcher session", 403),
        ("revoked analyst token", 401),
        ("analyst token", 200),
        ("analyst session", 200),
    ],
)
def test_only_an_analyst_gets_in(
    client,
    people: dict[str, dict[str, str]],
    who: str,
    status: int,  # type: ignore[no-untyped-def]
) -> None:
    headers = people[who]
    run = client.post(
        "/cypher", json={"statement": STATEMENT, "parameters": {"id": "A000"}}, headers=headers
    )
    assert run.status_code == status, run.text
    for path in ("/cypher/saved", "/cypher/schema"):
        assert client.get(path, headers=headers).status_code == status
    if status == 200:
        assert json.loads(run.text)["rows"][0] == ["W0000"]
    else:
        assert "W0000" not in run.text


def test_formats_by_body_query_and_accept(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = people["analyst token"]
    body = {"statement": STATEMENT, "parameters": {"id": "A000"}}
    as_csv = client.post("/cypher", json=body, headers={**headers, "accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(as_csv.text)))[:2] == [["id"], ["W0000"]]
    as_lines = client.post("/cypher?format=jsonl", json=body, headers=headers)
    assert json.loads(as_lines.text.splitlines()[0]) == {"id": "W0000"}
    as_json = client.post(
        "/cypher", json={**body, "format": "json"}, headers={**headers, "accept": "text/csv"}
    )
    assert as_json.json()["columns"] == ["id"]


def test_refusals_are_coded_json(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = people["analyst session"]
    for body, status, code in [
        ({"statement": "MATCH (u:User) RETURN u.email"}, 422, errors.PRIVATE_DATA),
        ({"statement": "CREATE (n:Author {id: 'x'})"}, 422, errors.WRITE),
        ({"statement": 5}, 400, errors.PARAMETERS),
        ({"statement": STATEMENT, "format": "xml"}, 400, errors.PARAMETERS),
        ({"saved": "nope"}, 404, errors.UNKNOWN_SAVED_QUERY),
    ]:
        response = client.post("/cypher", json=body, headers=headers)
        assert response.status_code == status, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == code
    # Not JSON at all: by token (by session, the CSRF rule refuses a non-JSON body first).
    broken = client.post("/cypher", content=b"{not json", headers=people["analyst token"])
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["extensions"]["code"] == errors.PARAMETERS
    by_form = client.post("/cypher", content=b"{not json", headers=headers)
    assert by_form.status_code == 403


def test_plans_saved_queries_and_the_schema(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = people["analyst token"]
    plan = client.post(
        "/cypher",
        json={"statement": STATEMENT, "parameters": {"id": "A000"}, "mode": "profile"},
        headers=headers,
    ).json()
    assert "DB hits" in plan["text"] and plan["plan"]["operator"] == "ProduceResults"
    listed = client.get("/cypher/saved", headers=headers).json()["saved"]
    assert "coauthor_network" in {query["name"] for query in listed}
    ran = client.post(
        "/cypher",
        json={"saved": "most_cited_works_of_topic", "parameters": {"topic": "T1", "limit": 2}},
        headers=headers,
    )
    assert [row[0] for row in ran.json()["rows"]] == ["W0119", "W0117"]
    schema = client.get("/cypher/schema", headers=headers).json()
    assert {entry["label"] for entry in schema["labels"]} == {
        "Author",
        "Work",
        "Topic",
        "Institution",
        "Source",
        "AuthorshipRejection",  # public (docs/graph-model.md); the private data has one
    }
    assert "User" not in json.dumps(schema)


def test_an_audit_line_per_statement_names_the_account(client, people, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = people["analyst token"]
    client.post(
        "/cypher", json={"statement": STATEMENT, "parameters": {"id": "A000"}}, headers=headers
    )
    client.post("/cypher", json={"statement": "MATCH (u:User) RETURN u"}, headers=headers)
    lines = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [line["outcome"] for line in lines] == ["ok", "refused"]
    assert lines[0]["who"].startswith("account:") and "token:" in lines[0]["who"]


def test_a_session_from_another_site_is_refused(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = {**people["analyst session"], "origin": "https://evil.example"}
    response = client.post(
        "/cypher", json={"statement": STATEMENT, "parameters": {"id": "A000"}}, headers=headers
    )
    assert response.status_code == 403 and "W0000" not in response.text


def test_an_export_streams_every_row_and_a_timeout_leaves_the_server_healthy(
    client,
    people,  # type: ignore[no-untyped-def]
) -> None:
    headers = {**people["analyst token"], "accept": "text/csv"}
    body = {
        "statement": "UNWIND range(1, $n) AS i RETURN i, toString(i) AS s",
        "parameters": {"n": 1000},
    }
    with client.stream("POST", "/cypher", json=body, headers=headers) as response:
        assert response.status_code == 200
        lines = [line for line in response.iter_lines() if line]
    assert len(lines) == 1001 and lines[-1] == "1000,1000"
    slow = {
        "statement": "UNWIND range(1, 1000000) AS x MATCH (w:Work)<-[:AUTHORED]-(a:Author) "
        "WHERE w.year + x = 0 RETURN count(*) AS n",
        "format": "json",
    }
    timed_out = client.post("/cypher", json=slow, headers=people["analyst token"])
    assert timed_out.status_code == 422
    assert timed_out.json()["errors"][0]["extensions"]["code"] == errors.TIMEOUT
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
