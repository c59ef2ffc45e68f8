"""Researchers for the collaboration tests: accounts with sessions, and claimed author records.

Until the claims branch lands, a claim is written the way the contract between claims and
invites defines an active one (notes/PROTOCOL.md): `(u:User)-[:CLAIMED {level, since}]->(a)`,
with `a.claimed` mirroring it; `a.open_to_collaborate` is the researcher's own setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j
from starlette.testclient import TestClient

from identity.sessions import COOKIE
from kg.db import Connection
from tests.identity_support import post, session_cookie

INVITE = """mutation ($author: ID!, $text: String!, $message: String!, $work: ID, $topic: ID) {
  inviteToCollaborate(authorId: $author, message: $message,
                      subject: {text: $text, workId: $work, topicId: $topic}) {
    id status direction message createdAt
    subject { text work { id title } topic { id name } }
    sender { id } recipient { id } conversation { id } } }"""
PERMISSION = """query ($author: ID!) { author(id: $author) {
  invitePermission { allowed reason message } } }"""
ACCEPT = """mutation ($id: ID!) { acceptInvitation(id: $id) {
  id status decidedAt conversation { id open participants { isViewer author { id } } } } }"""
DECLINE = """mutation ($id: ID!, $reason: String) { declineInvitation(id: $id, reason: $reason) {
  id status declineReason decidedAt conversation { id } } }"""
WITHDRAW = """mutation ($id: ID!) { withdrawInvitation(id: $id) {
  id status direction decidedAt conversation { id } } }"""
SEND = """mutation ($c: ID!, $body: String!) { sendMessage(conversationId: $c, body: $body) {
  id number body fromViewer sender { id } } }"""
MARK_READ = """mutation ($c: ID!, $upTo: Int) { markRead(conversationId: $c, upTo: $upTo) {
  id unreadCount participants { isViewer readUpTo } } }"""
CLOSE = """mutation ($c: ID!) { closeConversation(id: $c) { id open closedByViewer } }"""
BLOCK = """mutation ($author: ID!) {
  blockResearcher(authorId: $author) { blocked author { id } } }"""
UNBLOCK = """mutation ($author: ID!) {
  unblockResearcher(authorId: $author) { blocked author { id } } }"""
CONVERSATION = """query ($c: ID!) { conversation(id: $c) {
  id open messageCount unreadCount closedByViewer subject { text work { id } }
  participants { isViewer readUpTo author { id } }
  messages(first: 50) { totalCount edges { cursor node { number body fromViewer sender { id } } } }
} }"""


@dataclass(frozen=True)
class Researcher:
    user_id: str
    cookie: str
    author_id: str | None


def make_researchers(
    driver: neo4j.Driver, connection: Connection, names: list[str]
) -> dict[str, Researcher]:
    """Accounts U<name> (made in one statement, no password cost), each with a session."""
    ids = [f"U{name}" for name in names]
    driver.execute_query(
        "UNWIND $ids AS id CREATE (:User {id: id, email: toLower(id) + '@example.org', roles: []})",
        ids=ids,
    )
    return {
        name: Researcher(user_id, session_cookie(connection, user_id), None)
        for name, user_id in zip(names, ids, strict=True)
    }


def claim(
    driver: neo4j.Driver,
    researcher: Researcher,
    author_id: str,
    *,
    level: str = "L2",
    open_to_collaborate: bool = True,
) -> Researcher:
    """The contract's active claim, written directly (until identity/claims.py lands)."""
    driver.execute_query(
        "MATCH (u:User {id: $user}), (a:Author {id: $author}) "
        "MERGE (u)-[c:CLAIMED]->(a) SET c.level = $level, c.since = datetime() "
        "SET a.claimed = true, a.open_to_collaborate = $open",
        user=researcher.user_id,
        author=author_id,
        level=level,
        open=open_to_collaborate,
    )
    return Researcher(researcher.user_id, researcher.cookie, author_id)


def as_user(
    client: TestClient,
    researcher: Researcher | None,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST as this researcher's browser session (None: anonymous)."""
    client.cookies.clear()
    if researcher is not None:
        client.cookies[COOKIE] = researcher.cookie
    return post(client, query, variables, headers=headers)


def invite_variables(author: str, **overrides: Any) -> dict[str, Any]:
    return {"author": author, "text": "Graph sampling", "message": "Shall we talk?", **overrides}


def error(body: dict[str, Any]) -> dict[str, Any]:
    """The first error's extensions (code, reason, argument...) and message."""
    errors = body.get("errors") or []
    assert errors, body
    return {**errors[0]["extensions"], "message": errors[0]["message"]}
