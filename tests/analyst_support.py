"""Shared by the analyst tests: a public graph with private data beside it (users, sessions,
tokens, conversations, messages, invitations, claims and their evidence, the mail outbox,
password resets, who rejected an authorship), a fingerprint of the
whole database, and a way to run one statement through the guard and see its outcome."""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from analyst.audit import AuditLog
from analyst.errors import Refused
from analyst.guard import Guard, Limits, Statement
from analyst.output import RowStream, StreamCut
from kg.db import Connection
from tests.api_factory import GraphBuilder, load

AUTHORS = 40
WORKS = 120
# Small enough that the tests' resource cases end quickly, large enough that every author with
# every work (4,800 rows) is more than the planner may expect.
TEST_LIMITS = Limits(
    timeout_seconds=2,
    max_rows=1000,
    max_concurrent=2,
    max_estimated_rows=2000,
    max_path_length=6,
    max_range_elements=100_000,
    max_row_bytes=1_048_576,
)
PRIVATE_FULLTEXT_INDEX = "analyst_test_user_emails"


def public_graph() -> GraphBuilder:
    graph = GraphBuilder()
    for i in range(AUTHORS):
        graph.author(f"A{i:03d}", works_count=3, cited_by_count=i)
    graph.topic("fields/1", "Field one", level="field")
    graph.topic("T1", "Topic one", parent="fields/1")
    graph.topic("T2", "Topic two", parent="fields/1")
    graph.institution("I1", "First University")
    graph.institution("I2", "Second University")
    graph.source("S1", "A Journal")
    for i in range(WORKS):
        authors = [f"A{i % AUTHORS:03d}", f"A{(i + 1) % AUTHORS:03d}", f"A{(i * 7) % AUTHORS:03d}"]
        graph.work(
            f"W{i:04d}",
            authors=list(dict.fromkeys(authors)),
            year=2000 + i % 25,
            cited_by_count=i,
            topics={"T1" if i % 2 else "T2": 0.9},
            venue="S1",
            cites=[f"W{j:04d}" for j in range(max(0, i - 2), i)],
        )
    for i in range(AUTHORS):
        graph.affiliate(f"A{i:03d}", "I1" if i % 2 else "I2", [2020])
    graph.follow("A000", "A001")  # FOLLOWS: private (who follows whom)
    return graph


PRIVATE_DATA = """
CREATE (u:User {id: 'u1', email: 'eve@example.org', password_hash: '$argon2id$secret'})
CREATE (s:Session {id: 's1', token_hash: 'abc'})
CREATE (t:ApiToken {id: 't1', token_hash: 'def'})
CREATE (c:Conversation {id: 'c1', text: 'private words'})
CREATE (u)-[:HAS_SESSION]->(s), (u)-[:OWNS_TOKEN]->(t), (u)-[:WROTE]->(c)
CREATE (v:User {id: 'u2', email: 'mallory@example.org'})
CREATE (i:Invitation {id: 'i1', message: 'private invitation'})
CREATE (m:Message {id: 'm1', body: 'private words too'})
CREATE (k:Claim {id: 'k1', evidence: 'private evidence'})
CREATE (e:ClaimEvent {at: datetime(), note: 'private evidence'})
CREATE (o:OutboxMail {to: 'eve@example.org', body: 'private mail'})
CREATE (p:PasswordReset {key: 'reset-key'})
CREATE (u)-[:SENT]->(i)-[:TO]->(v), (u)-[:WROTE]->(m)-[:IN]->(c), (e)-[:EVENT_OF]->(k)
CREATE (k)-[:CLAIM_BY]->(u), (p)-[:RESET_OF]->(u)
WITH u, k MATCH (a:Author {id: 'A000'}) CREATE (u)-[:CLAIMS]->(a), (k)-[:CLAIM_OF]->(a)
CREATE (r:AuthorshipRejection {key: 'A000|W0000', author: 'A000', work: 'W0000',
                               reason: 'not mine', at: datetime()})
CREATE (u)-[:REJECTED_AUTHORSHIP]->(r)
"""


def load_graph_with_private_data(driver: neo4j.Driver, connection: Connection) -> GraphBuilder:
    graph = load(public_graph(), driver, connection)
    driver.execute_query(PRIVATE_DATA, database_=connection.database)
    driver.execute_query(
        f"CREATE FULLTEXT INDEX {PRIVATE_FULLTEXT_INDEX} IF NOT EXISTS "
        "FOR (u:User) ON EACH [u.email]",
        database_=connection.database,
    )
    driver.execute_query("CALL db.awaitIndexes(60)", database_=connection.database)
    return graph


def fingerprint(driver: neo4j.Driver, database: str) -> str:
    """Everything a statement could change: every node and relationship with its properties,
    the indexes, constraints and users."""
    digest = hashlib.sha256()
    for query in (
        "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS p ORDER BY id",
        "MATCH ()-[r]->() RETURN elementId(r) AS id, type(r) AS t, properties(r) AS p ORDER BY id",
        "SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name",
        "SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name",
    ):
        records = driver.execute_query(query, database_=database).records
        digest.update(json.dumps([r.data() for r in records], default=str).encode())
    users = driver.execute_query(
        "SHOW USERS YIELD user RETURN user ORDER BY user", database_="system"
    )
    digest.update(json.dumps([r.data() for r in users.records]).encode())
    return digest.hexdigest()


@dataclass
class Outcome:
    code: str | None
    columns: list[str] = field(default_factory=list)
    body: str = ""
    cut: bool = False


def run_guarded(
    connection: Connection,
    statement: str,
    parameters: dict[str, Any] | None = None,
    *,
    format: str = "jsonl",
    limits: Limits = TEST_LIMITS,
    audit_path: Path | None = None,
    mode: str = "run",
    who: str = "test-analyst",
) -> Outcome:
    """One statement through the guard, the way the endpoint and the CLI run it."""

    async def run() -> Outcome:
        driver = neo4j.AsyncGraphDatabase.driver(
            connection.uri,
            auth=(connection.user, connection.password),
            notifications_min_severity="OFF",
        )
        audit = AuditLog(audit_path or Path(tempfile.mkdtemp()) / "audit.jsonl")
        try:
            guard = Guard(driver, connection.database, limits, audit)
            try:
                execution = await guard.start(who, Statement(statement, parameters or {}, mode))
                if mode != "run":
                    from analyst.output import plan_document

                    document = await plan_document(execution)
                    return Outcome(None, body=json.dumps(document))
                stream = RowStream(execution, format)
                body = await stream.first()
                try:
                    async for chunk in stream.rest():
                        body += chunk
                except StreamCut as cut:
                    return Outcome(cut.error.code, execution.columns, body, cut=True)
                code = stream.error.code if stream.error else None
                return Outcome(code, execution.columns, body)
            except Refused as error:
                return Outcome(error.code)
        finally:
            await driver.close()

    return asyncio.run(run())
