"""Nobody but the two participants reads a conversation or an invitation: anonymous readers,
a third researcher, an analyst and an admin (by session and by API token) are refused through
every field (conversation by id, me's connections, the mutations that take an id, analysts'
Cypher), with the same answer as for an id that does not exist; the participants page through
`me { invitations, conversations }`."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from identity.roles import Role
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.collaboration_support import (
    ACCEPT,
    CLOSE,
    CONVERSATION,
    DECLINE,
    INVITE,
    MARK_READ,
    SEND,
    WITHDRAW,
    Researcher,
    as_user,
    claim,
    error,
    invite_variables,
    make_researchers,
)
from tests.identity_support import make_token

ME = """{ me { invitations { totalCount edges { node { id } } }
              conversations { totalCount edges { node { id messageCount } } } } }"""


@pytest.fixture
def world(driver: neo4j.Driver, neo4j_connection: Connection) -> dict[str, Any]:
    builder = GraphBuilder()
    for number in range(1, 6):
        builder.author(f"A{number}", f"Author {number}")
    load(builder, driver, neo4j_connection)
    found = make_researchers(driver, neo4j_connection, ["ada", "bob", "cat", "ann", "adm", "eve"])
    driver.execute_query("MATCH (u:User {id: 'Uann'}) SET u.roles = ['analyst']")
    driver.execute_query("MATCH (u:User {id: 'Uadm'}) SET u.roles = ['admin']")
    people = {
        "ada": claim(driver, found["ada"], "A1"),
        "bob": claim(driver, found["bob"], "A2"),
        "cat": claim(driver, found["cat"], "A3"),  # a third researcher with a claim
        "analyst": found["ann"],
        "admin": claim(driver, found["adm"], "A4"),  # an admin holding a claim, too
        "eve": claim(driver, found["eve"], "A5"),
    }
    with api_client(neo4j_connection) as client:
        invitation = as_user(client, people["ada"], INVITE, invite_variables("A2"))
        invitation_id = invitation["data"]["inviteToCollaborate"]["id"]
        accepted = as_user(client, people["bob"], ACCEPT, {"id": invitation_id})
        conversation = accepted["data"]["acceptInvitation"]["conversation"]["id"]
        as_user(client, people["ada"], SEND, {"c": conversation, "body": "private words"})
        pending = as_user(client, people["eve"], INVITE, invite_variables("A2"))
        pending_id = pending["data"]["inviteToCollaborate"]["id"]
    return {
        "people": people,
        "conversation": conversation,
        "accepted": invitation_id,
        "pending": pending_id,
    }


def outsiders(world: dict[str, Any], connection: Connection) -> dict[str, Any]:
    """Every kind of caller who is not a participant: (researcher or None, headers)."""
    people = world["people"]
    admin_token = make_token(connection, _account(people["admin"]), role=Role.ADMIN)
    return {
        "anonymous": (None, {}),
        "third researcher": (people["cat"], {}),
        "analyst": (people["analyst"], {}),
        "admin": (people["admin"], {}),
        "admin token": (None, {"authorization": f"Bearer {admin_token}"}),
    }


def _account(researcher: Researcher) -> Any:
    from identity.accounts import Account

    return Account(researcher.user_id, None, ("admin",), None)


def _answers(client: TestClient, who: Any, conversation: str, pending: str) -> dict[str, Any]:
    researcher, headers = who
    calls = {
        "conversation": (CONVERSATION, {"c": conversation}),
        "sendMessage": (SEND, {"c": conversation, "body": "let me in"}),
        "markRead": (MARK_READ, {"c": conversation}),
        "closeConversation": (CLOSE, {"c": conversation}),
        "acceptInvitation": (ACCEPT, {"id": pending}),
        "declineInvitation": (DECLINE, {"id": pending}),
        "withdrawInvitation": (WITHDRAW, {"id": pending}),
    }
    answers = {}
    for name, (query, variables) in calls.items():
        body = as_user(client, researcher, query, variables, headers=headers)
        assert not (body.get("data") or {}).get(name), body
        found = error(body)
        answers[name] = (
            found["code"],
            found["message"].replace(conversation, "<id>").replace(pending, "<id>"),
        )
    return answers


def test_outsiders_are_refused_through_every_field(
    world: dict[str, Any], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection) as client:
        for kind, who in outsiders(world, neo4j_connection).items():
            real = _answers(client, who, world["conversation"], world["pending"])
            made_up = _answers(client, who, "C0123456789abcdef", "I0123456789abcdef")
            expected = "UNAUTHENTICATED" if kind == "anonymous" else "NOT_FOUND"
            assert {name: code for name, (code, _) in real.items()} == dict.fromkeys(
                real, expected
            ), kind
            assert real == made_up, kind  # the same answer as for an id that does not exist
            researcher, headers = who
            me = as_user(client, researcher, ME, headers=headers)["data"]["me"]
            if kind == "anonymous":
                assert me is None
            else:
                assert me["conversations"] == {"totalCount": 0, "edges": []}, kind
                assert me["invitations"] == {"totalCount": 0, "edges": []}, kind
    # Nothing an outsider did changed the conversation or the pending invitation.
    records, _, _ = driver.execute_query(
        "MATCH (c:Conversation) OPTIONAL MATCH (m:Message)-[:IN]->(c) "
        "RETURN c.closed_at IS NULL AS open, collect(m.body) AS bodies"
    )
    assert [record.data() for record in records] == [{"open": True, "bodies": ["private words"]}]
    records, _, _ = driver.execute_query(
        "MATCH (i:Invitation {id: $id}) RETURN i.status AS status", id=world["pending"]
    )
    assert records[0]["status"] == "open"


def test_analysts_cypher_cannot_read_conversations(
    world: dict[str, Any], neo4j_connection: Connection
) -> None:
    token = make_token(neo4j_connection, _account(world["people"]["admin"]), role=Role.ADMIN)
    with api_client(neo4j_connection) as client:
        for statement in (
            "MATCH (m:Message) RETURN m.body",
            "MATCH (c:Conversation) RETURN c",
            "MATCH (i:Invitation) RETURN i.message",
            "MATCH (a:Author)<-[:CLAIMED]-(u) RETURN u",
        ):
            response = client.post(
                "/cypher",
                json={"statement": statement},
                headers={"authorization": f"Bearer {token}"},
            )
            assert response.status_code == 422, (statement, response.text)
            assert "private words" not in response.text


def test_participants_page_through_their_own(
    world: dict[str, Any], neo4j_connection: Connection
) -> None:
    ada, bob, eve = (world["people"][name] for name in ("ada", "bob", "eve"))
    with api_client(neo4j_connection) as client:
        query = """query ($d: InvitationDirection, $s: InvitationStatus, $after: String) {
          me { invitations(direction: $d, status: $s, first: 1, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            edges { node { id status direction sender { id } recipient { id } } } } } }"""
        page = as_user(client, bob, query, {})["data"]["me"]["invitations"]
        assert page["totalCount"] == 2
        assert page["edges"][0]["node"]["id"] == world["pending"]  # newest first
        assert page["edges"][0]["node"]["direction"] == "RECEIVED"
        assert page["pageInfo"]["hasNextPage"] is True
        rest = as_user(client, bob, query, {"after": page["pageInfo"]["endCursor"]})
        [edge] = rest["data"]["me"]["invitations"]["edges"]
        assert edge["node"]["id"] == world["accepted"]
        assert rest["data"]["me"]["invitations"]["pageInfo"]["hasNextPage"] is False
        only_open = as_user(client, bob, query, {"s": "OPEN"})["data"]["me"]["invitations"]
        assert only_open["totalCount"] == 1
        sent = as_user(client, bob, query, {"d": "SENT"})["data"]["me"]["invitations"]
        assert sent["totalCount"] == 0
        foreign = as_user(client, bob, query, {"s": "OPEN", "after": page["pageInfo"]["endCursor"]})
        assert error(foreign)["code"] == "BAD_USER_INPUT"
        mine = as_user(client, eve, query, {"d": "SENT"})["data"]["me"]["invitations"]
        assert mine["totalCount"] == 1
        assert mine["edges"][0]["node"]["recipient"] == {"id": "A2"}
        for who in (ada, bob):
            conversations = as_user(client, who, ME)["data"]["me"]["conversations"]
            assert conversations == {
                "totalCount": 1,
                "edges": [{"node": {"id": world["conversation"], "messageCount": 1}}],
            }
        closed = """{ me { conversations(status: CLOSED) { totalCount } } }"""
        assert as_user(client, ada, closed)["data"]["me"]["conversations"]["totalCount"] == 0
        nested = """{ me { invitations(direction: SENT) { edges { node {
          conversation { id messages { edges { node { body fromViewer } } } } } } } } }"""
        [edge] = as_user(client, ada, nested)["data"]["me"]["invitations"]["edges"]
        assert edge["node"]["conversation"]["messages"]["edges"] == [
            {"node": {"body": "private words", "fromViewer": True}}
        ]
