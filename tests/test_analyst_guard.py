"""Allowed statements through the guard: rows and types rendered plainly in each format, plans,
saved queries, the audit log, the per-analyst limit, and the model's invariant that makes an
allow-list of relationship types enough."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import stat
from pathlib import Path

import neo4j
import pytest

from analyst import errors
from analyst.audit import AuditLog, statement_hash
from analyst.errors import Refused
from analyst.guard import Guard, Statement
from analyst.model import PUBLIC_LABELS, PUBLIC_RELATIONSHIP_TYPES
from analyst.saved import saved_queries, saved_query
from kg.db import Connection
from kg.settings import PROJECT_ROOT
from tests.analyst_support import (
    TEST_LIMITS,
    load_graph_with_private_data,
    public_graph,
    run_guarded,
)


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> Connection:
    load_graph_with_private_data(driver, neo4j_connection)
    return neo4j_connection


def test_rows_as_json_with_nodes_relationships_paths_dates_and_points(graph: Connection) -> None:
    outcome = run_guarded(
        graph,
        "MATCH p = (a:Author {id: $id})-[r:AUTHORED]->(w:Work) "
        "RETURN a, r, p, w.year AS year, date('2024-02-29') AS day, "
        "point({x: 1.5, y: 2}) AS here, duration('P1DT2H') AS span "
        "ORDER BY w.id LIMIT 1",
        {"id": "A000"},
        format="json",
    )
    assert outcome.code is None, outcome
    body = json.loads(outcome.body)
    assert body["columns"] == ["a", "r", "p", "year", "day", "here", "span"]
    assert body["summary"]["rows"] == 1
    author, authored, path, year, day, here, span = body["rows"][0]
    assert author["labels"] == ["Author"] and author["properties"]["id"] == "A000"
    assert authored["type"] == "AUTHORED" and authored["startNodeElementId"] == author["elementId"]
    assert [node["properties"]["id"] for node in path["nodes"]] == ["A000", "W0000"]
    assert path["relationships"][0]["elementId"] == authored["elementId"]
    assert (year, day, here, span) == (
        2000,
        "2024-02-29",
        {"srid": 7203, "x": 1.5, "y": 2.0},
        "P1DT2H",
    )


def test_rows_as_csv_and_json_lines(graph: Connection) -> None:
    statement = (
        "MATCH (w:Work) WHERE w.year = $year "
        "RETURN w.id AS id, w.title AS title, [w.year, null] AS pair ORDER BY id"
    )
    as_csv = run_guarded(graph, statement, {"year": 2003}, format="csv")
    rows = list(csv.reader(io.StringIO(as_csv.body)))
    assert rows[0] == ["id", "title", "pair"]
    assert rows[1] == ["W0003", "Work W0003", "[2003,null]"]
    assert len(rows) == 1 + sum(1 for i in range(120) if 2000 + i % 25 == 2003)
    as_lines = run_guarded(graph, statement, {"year": 2003}, format="jsonl")
    first = json.loads(as_lines.body.splitlines()[0])
    assert first == {"id": "W0003", "title": "Work W0003", "pair": [2003, None]}


def test_explain_and_profile_show_the_plan(graph: Connection) -> None:
    statement = "MATCH (a:Author {id: $id})-[:AUTHORED]->(w:Work) RETURN w.id"
    explained = json.loads(run_guarded(graph, statement, {"id": "A000"}, mode="explain").body)
    assert explained["plan"]["operator"] == "ProduceResults"
    # Which leaf the planner picks depends on the store's statistics; that it reads Author does not.
    assert "a:Author" in explained["text"] and "DB hits" not in explained["text"]
    profiled = json.loads(run_guarded(graph, statement, {"id": "A000"}, mode="profile").body)
    assert "DB hits" in profiled["text"] and "Total database accesses" in profiled["text"]
    leaf = profiled["plan"]
    while leaf["children"]:
        leaf = leaf["children"][0]
    assert "a:Author" in leaf["details"] and leaf["rows"] >= 1 and leaf["dbHits"] > 0
    assert profiled["summary"]["rows"] == len(public_graph().works_of("A000"))


def test_a_private_node_in_a_result_stops_the_statement(graph: Connection) -> None:
    # The plan check cannot see where a full-text look-up leads; rendering does.
    outcome = run_guarded(
        graph, "CALL db.index.fulltext.queryNodes('author_names', 'Author') YIELD node RETURN node"
    )
    assert outcome.code is None  # public index, public nodes
    assert json.loads(outcome.body.splitlines()[0])["node"]["labels"] == ["Author"]


def test_every_saved_query_runs_by_name_with_its_example_parameters(graph: Connection) -> None:
    queries = saved_queries()
    assert {q.name for q in queries} >= {
        "coauthor_network",
        "most_cited_works_of_topic",
        "institution_collaborations",
        "rising_topics",
        "bridging_authors",
    }
    for query in queries:
        assert query.answers and query.parameters, query.name
        examples = {p.name: json_or_text(p.example) for p in query.parameters}
        examples.update(EXAMPLES_IN_THE_TEST_GRAPH.get(query.name, {}))
        outcome = run_guarded(graph, query.text, examples)
        assert outcome.code is None, (query.name, outcome)


EXAMPLES_IN_THE_TEST_GRAPH = {
    "coauthor_network": {"id": "A000", "since": 2000, "until": 2024},
    "most_cited_works_of_topic": {"topic": "fields/1"},
    "institution_collaborations": {"first": "I1", "second": "I2"},
    "rising_topics": {"earlier": 2000, "recent": 2012, "min_works": 1},
    "bridging_authors": {"first": "T1", "second": "T2"},
    "citing_authors": {"id": "A000"},
}


def json_or_text(value: str | None) -> object:
    try:
        return json.loads(value or "null")
    except json.JSONDecodeError:
        return value


def test_saved_query_answers_match_the_graph(graph: Connection) -> None:
    query = saved_query("most_cited_works_of_topic")
    outcome = run_guarded(graph, query.text, {"topic": "T1", "limit": 3}, format="json")
    rows = json.loads(outcome.body)["rows"]
    # T1 holds the odd works; the most cited are the last ones.
    assert [row[0] for row in rows] == ["W0119", "W0117", "W0115"]
    with pytest.raises(Refused) as unknown:
        saved_query("no_such_query")
    assert unknown.value.code == errors.UNKNOWN_SAVED_QUERY
    with pytest.raises(Refused) as missing:
        query.check_parameters({"topic": "T1"})
    assert missing.value.code == errors.PARAMETERS and "$limit" in missing.value.message


def test_every_statement_is_audited_in_a_private_file(graph: Connection, tmp_path: Path) -> None:
    audit = tmp_path / "audit" / "cypher.jsonl"
    statement = "MATCH (a:Author {id: $id}) RETURN a.name"
    run_guarded(graph, statement, {"id": "A000"}, audit_path=audit, who="ana")
    run_guarded(graph, "MATCH (u:User) RETURN u", {"id": "x"}, audit_path=audit, who="ana")
    run_guarded(graph, "UNWIND range(1, 5000) AS x RETURN x", audit_path=audit, who="ana")
    assert stat.S_IMODE(audit.stat().st_mode) == 0o600
    ok, refused, failed = AuditLog(audit).entries()
    assert ok["who"] == "ana" and ok["statement_sha256"] == statement_hash(statement)
    assert ok["parameters"] == ["id"] and ok["rows"] == 1 and ok["outcome"] == "ok"
    assert refused["outcome"] == "refused" and refused["code"] == errors.PRIVATE_DATA
    assert failed["outcome"] == "failed" and failed["code"] == errors.ROW_CAP
    assert "A000" not in audit.read_text()  # names of parameters, never their values


def test_an_analyst_runs_at_most_max_concurrent_statements(
    graph: Connection, tmp_path: Path
) -> None:
    async def run() -> list[str | None]:
        driver = neo4j.AsyncGraphDatabase.driver(graph.uri, auth=(graph.user, graph.password))
        guard = Guard(driver, graph.database, TEST_LIMITS, AuditLog(tmp_path / "a.jsonl"))
        statement = Statement("MATCH (a:Author) RETURN a.id")
        try:
            held = [await guard.start("ana", statement) for _ in range(TEST_LIMITS.max_concurrent)]
            codes: list[str | None] = []
            for who in ("ana", "bob"):
                try:
                    other = await guard.start(who, statement)
                    await other.close()
                    codes.append(None)
                except Refused as error:
                    codes.append(error.code)
            for execution in held:
                await execution.close()
            again = await guard.start("ana", statement)
            await again.close()
            return codes
        finally:
            await driver.close()

    assert asyncio.run(run()) == [errors.TOO_MANY_QUERIES, None]


def test_public_relationship_types_join_only_public_nodes(
    graph: Connection, driver: neo4j.Driver
) -> None:
    """The invariant the allow-list of types rests on (docs/graph-model.md, Private data)."""
    records = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE type(r) IN $types "
        "RETURN DISTINCT labels(a) AS start, type(r) AS type, labels(b) AS end",
        {"types": sorted(PUBLIC_RELATIONSHIP_TYPES)},
        database_=graph.database,
    ).records
    assert records
    for record in records:
        assert set(record["start"]) <= PUBLIC_LABELS and set(record["end"]) <= PUBLIC_LABELS


def test_the_allow_list_is_the_documented_model() -> None:
    model = (PROJECT_ROOT / "docs" / "graph-model.md").read_text()
    public = model.split("## Private data")[0]
    for label in PUBLIC_LABELS:
        assert f"| `{label}` |" in public
    for type_ in PUBLIC_RELATIONSHIP_TYPES:
        assert f"[:{type_}]" in public
    assert "[:FOLLOWS]" not in public


def test_the_schema_listing_counts_every_public_label_and_type() -> None:
    import cypher

    counts = cypher.query("guard/label_counts")
    keys = cypher.query("guard/property_keys")
    for label in PUBLIC_LABELS:
        assert f"(n:{label})" in counts and f"(n:{label})" in keys, label
    for type_ in PUBLIC_RELATIONSHIP_TYPES:
        assert f"[r:{type_}]" in keys, type_
