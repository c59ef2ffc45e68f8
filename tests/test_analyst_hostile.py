"""The hostile corpus: every statement is refused with its code, and the database is unchanged.

Run through the guard against a real Neo4j holding a public graph and private data beside it
(users, sessions, tokens, conversations, a claim and a follow). The resource cases use the tests'
short limits (tests/analyst_support.py) and must end by them with Neo4j still answering.
"""

from __future__ import annotations

import dataclasses
import json
import time

import neo4j
import pytest

from analyst import errors
from kg.db import Connection
from tests.analyst_support import (
    PRIVATE_FULLTEXT_INDEX,
    TEST_LIMITS,
    fingerprint,
    load_graph_with_private_data,
    run_guarded,
)

TEN_MB_STRING = (
    "WITH 'xxxxxxxxxx' AS s "
    + "WITH s+s+s+s+s+s+s+s+s+s AS s " * 6  # 10 characters times 10^6
    + "RETURN s"
)
DEEP_COMPREHENSION = "RETURN " + "[x IN " * 40 + "[1]" + " | x]" * 40

HOSTILE: list[tuple[str, str, dict[str, object]]] = [
    # every write clause
    ("CREATE (n:Author {id: 'X1'})", errors.WRITE, {}),
    ("MERGE (n:Author {id: 'X1'})", errors.WRITE, {}),
    ("MATCH (a:Author) SET a.name = 'x'", errors.WRITE, {}),
    ("MATCH (a:Author) SET a:Hidden", errors.WRITE, {}),
    ("MATCH (a:Author) REMOVE a.name", errors.WRITE, {}),
    ("MATCH (a:Author) DELETE a", errors.WRITE, {}),
    ("MATCH (a:Author) DETACH DELETE a", errors.WRITE, {}),
    ("MATCH (a:Author) FOREACH (x IN [1] | SET a.n = x)", errors.WRITE, {}),
    (
        "MATCH (a:Author {id: 'A000'}), (b:Author {id: 'A001'}) CREATE (a)-[:CITES]->(b)",
        errors.WRITE,
        {},
    ),
    ("CALL () { CREATE (n:Author {id: 'X2'}) }", errors.WRITE, {}),
    ("CALL db.createLabel('Planted')", errors.WRITE, {}),
    # LOAD CSV, file and http
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", errors.LOAD_CSV, {}),
    (
        "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
        errors.LOAD_CSV,
        {},
    ),
    ("load csv from 'https://example.org/x.csv' as row return row", errors.LOAD_CSV, {}),
    # procedures and the server
    ("CALL dbms.listConfig()", errors.ADMINISTRATION, {}),
    ("CALL dbms.components()", errors.ADMINISTRATION, {}),
    ("CALL dbms.security.createUser('eve', 'abcdefgh12', false)", errors.PROCEDURE, {}),
    ("CALL db.clearQueryCaches()", errors.ADMINISTRATION, {}),
    ("CALL db.awaitIndexes(10)", errors.PROCEDURE, {}),
    ("CALL apoc.help('all')", errors.PROCEDURE, {}),
    ("RETURN apoc.version() AS v", errors.FUNCTION, {}),
    ("SHOW TRANSACTIONS", errors.ADMINISTRATION, {}),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", errors.ADMINISTRATION, {}),
    ("SHOW SETTINGS", errors.ADMINISTRATION, {}),
    ("SHOW USERS", errors.ADMINISTRATION, {}),
    ("CREATE USER eve SET PASSWORD 'abcdefgh12'", errors.ADMINISTRATION, {}),
    ("ALTER USER neo4j SET PASSWORD 'abcdefgh12'", errors.ADMINISTRATION, {}),
    ("USE system SHOW USERS", errors.NOT_ALLOWED_HERE, {}),
    # index and constraint changes
    ("CREATE INDEX planted FOR (n:Author) ON (n.name)", errors.ADMINISTRATION, {}),
    ("DROP INDEX author_orcid", errors.ADMINISTRATION, {}),
    ("CREATE CONSTRAINT planted FOR (n:Work) REQUIRE n.title IS UNIQUE", errors.ADMINISTRATION, {}),
    ("DROP CONSTRAINT author_id", errors.ADMINISTRATION, {}),
    ("CREATE FULLTEXT INDEX planted FOR (n:User) ON EACH [n.email]", errors.ADMINISTRATION, {}),
    # private data: users, sessions, tokens, conversations, claims, follows
    ("MATCH (u:User) RETURN u.email, u.password_hash", errors.PRIVATE_DATA, {}),
    ("MATCH (s:Session) RETURN s", errors.PRIVATE_DATA, {}),
    ("MATCH (t:ApiToken) RETURN t.token_hash", errors.PRIVATE_DATA, {}),
    ("MATCH (c:Conversation) RETURN c.text", errors.PRIVATE_DATA, {}),
    ("MATCH (u:`User`) RETURN u", errors.PRIVATE_DATA, {}),
    ("MATCH (a:Author)<-[:CLAIMS]-(u) RETURN u.email", errors.PRIVATE_DATA, {}),
    ("MATCH (a:Author)-[:FOLLOWS]->(b:Author) RETURN a.id, b.id", errors.PRIVATE_DATA, {}),
    ("MATCH (a:Author) RETURN COUNT { (a)<-[:CLAIMS]-() } AS claims", errors.PRIVATE_DATA, {}),
    ("MATCH (a:Author) MATCH (a)-[:CLAIMS|AUTHORED]-(x) RETURN x", errors.PRIVATE_DATA, {}),
    ("MATCH (n:%) RETURN n", errors.PRIVATE_DATA, {}),
    ("MATCH (n) WHERE n.email IS NOT NULL RETURN n.email", errors.UNLABELLED_SCAN, {}),
    ("MATCH (n:!Author) RETURN n", errors.UNLABELLED_SCAN, {}),
    ("MATCH (n) RETURN count(n)", errors.UNLABELLED_SCAN, {}),
    ("MATCH (n) WHERE elementId(n) = $e RETURN n", errors.UNLABELLED_SCAN, {"e": "4:x:1"}),
    ("MATCH (a:Author {id: 'A000'})--(x) RETURN x", errors.UNTYPED_RELATIONSHIP, {}),
    ("MATCH (a:Author)-[r:!AUTHORED]->(x) RETURN x", errors.UNTYPED_RELATIONSHIP, {}),
    ("MATCH ()-[r]->() RETURN count(r)", errors.UNTYPED_RELATIONSHIP, {}),
    ("MATCH (a:Author) RETURN [(a)<--(x) | x.email] AS e", errors.UNTYPED_RELATIONSHIP, {}),
    ("MATCH (n:$($label)) RETURN n", errors.DYNAMIC_LABEL, {"label": "User"}),
    (
        f"CALL db.index.fulltext.queryNodes('{PRIVATE_FULLTEXT_INDEX}', 'eve') YIELD node "
        "RETURN node.email",
        errors.PRIVATE_DATA,
        {},
    ),
    (
        "CALL db.index.fulltext.queryNodes($index, 'eve') YIELD node RETURN node.email",
        errors.PROCEDURE,
        {"index": PRIVATE_FULLTEXT_INDEX},
    ),
    ("/* MATCH (a:Author) */ MATCH (u:User) // RETURN 1\nRETURN u", errors.PRIVATE_DATA, {}),
    # the rest of the private data: invitations, messages, claims' evidence, the mail outbox,
    # password resets, and who rejected an authorship (the rejection itself is public)
    ("MATCH (i:Invitation) RETURN i.message", errors.PRIVATE_DATA, {}),
    ("MATCH (m:Message) RETURN m.body", errors.PRIVATE_DATA, {}),
    ("MATCH (a:Author)<-[:CLAIM_OF]-(k) RETURN k.evidence", errors.PRIVATE_DATA, {}),
    ("MATCH (e:ClaimEvent) RETURN e.note", errors.PRIVATE_DATA, {}),
    ("MATCH (o:OutboxMail) RETURN o.to, o.body", errors.PRIVATE_DATA, {}),
    ("MATCH (p:PasswordReset) RETURN p.key", errors.PRIVATE_DATA, {}),
    (
        "MATCH (r:AuthorshipRejection)<-[:REJECTED_AUTHORSHIP]-(u) RETURN u.email",
        errors.PRIVATE_DATA,
        {},
    ),
    ("MATCH (r:AuthorshipRejection)--(u) RETURN u.email", errors.UNTYPED_RELATIONSHIP, {}),
    # CALL { } IN TRANSACTIONS
    (
        "MATCH (a:Author) CALL (a) { SET a.x = 1 } IN TRANSACTIONS OF 10 ROWS",
        errors.IN_TRANSACTIONS,
        {},
    ),
    (
        "UNWIND [1] AS x CALL (x) { RETURN x AS y } IN TRANSACTIONS RETURN y",
        errors.IN_TRANSACTIONS,
        {},
    ),
    # prefixes and shapes the guard does not take
    ("EXPLAIN MATCH (u:User) RETURN u", errors.NOT_ALLOWED_HERE, {}),
    ("PROFILE MATCH (a:Author) RETURN a", errors.NOT_ALLOWED_HERE, {}),
    ("CYPHER runtime=interpreted MATCH (a:Author) RETURN a", errors.NOT_ALLOWED_HERE, {}),
    ("MATCH (a:Author) RETURN a.id; MATCH (u:User) RETURN u", errors.NOT_ALLOWED_HERE, {}),
    ("RETURN 1" + " " * 30_000, errors.STATEMENT_TOO_LONG, {}),
    # exhaustion
    ("MATCH (a:Author), (w:Work) RETURN a.id, w.id", errors.TOO_COSTLY, {}),
    ("MATCH p = (a:Author)-[:COLLABORATES_WITH*]-(b:Author) RETURN p", errors.UNBOUNDED_PATH, {}),
    ("MATCH p = (a:Author {id: 'A000'})-[:CITES*1..50]->() RETURN p", errors.UNBOUNDED_PATH, {}),
    (
        "MATCH (w:Work {id: 'W0100'}) ((x:Work)-[:CITES]->(y:Work)){1,} (z) RETURN z",
        errors.UNBOUNDED_PATH,
        {},
    ),
    ("UNWIND range(1, 1000000000) AS x RETURN x", errors.RANGE_TOO_LARGE, {}),
    # a list's indexes are taken as they are, nothing larger
    (
        "MATCH (w:Work) WITH collect(w.id) AS l UNWIND range(0, size(l) * 1000000) AS i RETURN i",
        errors.RANGE_TOO_LARGE,
        {},
    ),
    ("UNWIND range(1, $n) AS x RETURN count(x)", errors.RANGE_TOO_LARGE, {"n": 1_000_000_000}),
    ("RETURN size([x IN range(1, toInteger('100000000')) | x]) AS n", errors.RANGE_TOO_LARGE, {}),
    (
        "RETURN size([x IN range(1, 1000) | [y IN range(1, 1000) | y]]) AS n",
        errors.RANGE_TOO_LARGE,
        {},
    ),
    (
        "RETURN reduce(s = 'xxxxxxxxxx', i IN range(1, 20) | s + s) AS big",
        errors.GROWING_REDUCE,
        {},
    ),
    (TEN_MB_STRING, errors.VALUE_TOO_LARGE, {}),
    (DEEP_COMPREHENSION, errors.NESTED_TOO_DEEPLY, {}),
    ("UNWIND range(1, 5000) AS x RETURN x", errors.ROW_CAP, {}),
]


@pytest.fixture(scope="module")
def graph_with_private_data(driver: neo4j.Driver, neo4j_connection: Connection) -> Connection:
    load_graph_with_private_data(driver, neo4j_connection)
    return neo4j_connection


def test_the_corpus_is_large_and_covers_every_code() -> None:
    assert len(HOSTILE) >= 40
    refused_before_running = {code for _, code, _ in HOSTILE}
    assert {errors.WRITE, errors.LOAD_CSV, errors.PRIVATE_DATA, errors.IN_TRANSACTIONS} <= (
        refused_before_running
    )


@pytest.mark.parametrize(("statement", "code", "parameters"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_statement_is_refused_and_changes_nothing(
    graph_with_private_data: Connection,
    driver: neo4j.Driver,
    statement: str,
    code: str,
    parameters: dict[str, object],
) -> None:
    before = fingerprint(driver, graph_with_private_data.database)
    outcome = run_guarded(graph_with_private_data, statement, parameters)
    assert outcome.code == code, outcome
    for secret in ("eve@example.org", "private words", "private evidence", "private mail"):
        assert secret not in outcome.body
    assert fingerprint(driver, graph_with_private_data.database) == before


def assert_healthy(driver: neo4j.Driver, database: str) -> None:
    started = time.monotonic()
    assert driver.execute_query("RETURN 1 AS one", database_=database).records[0]["one"] == 1
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("statement", "codes"),
    [
        # Passes every check (the planner expects few rows from UNWIND), then runs for long.
        (
            "UNWIND range(1, 100000) AS x MATCH (w:Work)<-[:AUTHORED]-(a:Author) "
            "WHERE w.year + x = 0 RETURN count(*) AS n",
            {errors.TIMEOUT},
        ),
        # Builds a big list in an aggregation: the memory cap or the time limit ends it.
        (
            "MATCH (w:Work) UNWIND range(1, 100000) AS x "
            "WITH collect(w.title + toString(x) + w.title + w.title) AS big RETURN size(big) AS n",
            {errors.MEMORY, errors.TIMEOUT},
        ),
    ],
    ids=["time", "memory"],
)
def test_resource_cases_end_by_their_limit(
    graph_with_private_data: Connection,
    driver: neo4j.Driver,
    statement: str,
    codes: set[str],
) -> None:
    started = time.monotonic()
    outcome = run_guarded(graph_with_private_data, statement)
    elapsed = time.monotonic() - started
    assert outcome.code in codes, outcome
    # The limit plus the time to notice it and clean up, on a loaded machine.
    assert elapsed < TEST_LIMITS.timeout_seconds + 15
    assert_healthy(driver, graph_with_private_data.database)


def test_a_failure_after_the_first_rows_cuts_a_csv_stream_and_ends_json_with_an_error(
    graph_with_private_data: Connection,
) -> None:
    # A 2 MB value at row 2,500: after the first batch (1,000 rows) has been sent.
    statement = (
        "WITH 'xxxxxxxxxx' AS s "
        + "WITH s+s+s+s+s+s+s+s+s+s AS s " * 5
        + "UNWIND range(1, 3000) AS i RETURN i, CASE WHEN i = 2500 THEN s + s ELSE 'ok' END AS v"
    )
    limits = dataclasses.replace(TEST_LIMITS, max_rows=10_000)
    outcome = run_guarded(graph_with_private_data, statement, format="csv", limits=limits)
    assert outcome.code == errors.VALUE_TOO_LARGE and outcome.cut
    lines = outcome.body.splitlines()
    assert lines[:2] == ["i,v", "1,ok"] and len(lines) < 2500
    as_json = run_guarded(graph_with_private_data, statement, format="json", limits=limits)
    body = json.loads(as_json.body)
    assert body["error"]["code"] == errors.VALUE_TOO_LARGE and "summary" not in body
    assert body["columns"] == ["i", "v"] and body["rows"][0] == [1, "ok"]
    assert len(body["rows"]) < 2500
