"""Invite + accept, measured inside benchmarks/api_benchmark.py's run (the follow benchmark's
signed-up users and app, same graph).

Each user gets an active claim on one sampled author (written as the claims branch writes it:
`(:User)-[:CLAIMED {level: 'L2'}]->(:Author)`, the author open to collaborate), then user i
invites user i+1 and i+2 (inviteToCollaborate), the invited one accepts (acceptInvitation), and
the conversation is closed (not timed). Prints p50/p95 of the two mutations; afterwards the
authors' `claimed` and `open_to_collaborate` are put back as they were.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import neo4j

from benchmarks.follow_benchmark import figures, post

INVITE = """mutation ($id: ID!) { inviteToCollaborate(authorId: $id,
  subject: {text: "benchmark"}, message: "Shall we talk?") { id } }"""
ACCEPT = "mutation ($id: ID!) { acceptInvitation(id: $id) { conversation { id } } }"
CLOSE = "mutation ($id: ID!) { closeConversation(id: $id) { id } }"
PRIVATE = "MATCH (n) WHERE n:Invitation OR n:Conversation OR n:Message DETACH DELETE n"


async def collaboration_figures(
    clients: list[httpx.AsyncClient], driver: neo4j.AsyncDriver, sample: list[str]
) -> dict[str, Any]:
    size = min(len(clients), len(sample))
    if size < 3:
        return {"skipped": "fewer than three users or sampled authors"}
    emails = [f"bench{number}@example.org" for number in range(size)]
    records, _, _ = await driver.execute_query(
        "UNWIND range(0, size($emails) - 1) AS i "
        "MATCH (u:User {email: $emails[i]}), (a:Author {id: $authors[i]}) "
        "WITH u, a, {id: a.id, claimed: a.claimed, open: a.open_to_collaborate} AS before "
        "CREATE (u)-[:CLAIMED {level: 'L2', since: datetime()}]->(a) "
        "SET a.claimed = true, a.open_to_collaborate = true "
        "RETURN before",
        emails=emails,
        authors=sample[:size],
        database_="neo4j",
    )
    before = [record["before"] for record in records]
    invite, accept = [], []
    try:
        for number in range(size):
            for step in (1, 2):
                other = (number + step) % size
                started = time.perf_counter()
                body = await post(clients[number], INVITE, id=sample[other])
                invite.append((time.perf_counter() - started) * 1000)
                invitation = body["data"]["inviteToCollaborate"]["id"]
                started = time.perf_counter()
                body = await post(clients[other], ACCEPT, id=invitation)
                accept.append((time.perf_counter() - started) * 1000)
                conversation = body["data"]["acceptInvitation"]["conversation"]["id"]
                await post(clients[other], CLOSE, id=conversation)
    finally:
        await driver.execute_query(
            "MATCH (:User)-[c:CLAIMED]->(:Author) DELETE c", database_="neo4j"
        )
        await driver.execute_query(
            "UNWIND $rows AS row MATCH (a:Author {id: row.id}) "
            "SET a.claimed = row.claimed, a.open_to_collaborate = row.open",
            rows=before,
            database_="neo4j",
        )
        await driver.execute_query(PRIVATE, database_="neo4j")
    results = {"inviteToCollaborate": figures(invite), "acceptInvitation": figures(accept)}
    print("\ncollaboration (p50 / p95 ms)")
    for name, figure in results.items():
        print(f"  {name:<24}{figure['p50_ms']:>9.2f}{figure['p95_ms']:>9.2f}")
    return results
