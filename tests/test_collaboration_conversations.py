"""Accept and decline; the conversation an acceptance opens (messages in order, read markers,
closing by either side); blocks, after which nothing gets through in either direction."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import neo4j
import pytest
from starlette.testclient import TestClient

from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.collaboration_support import (
    ACCEPT,
    BLOCK,
    CLOSE,
    CONVERSATION,
    DECLINE,
    INVITE,
    MARK_READ,
    PERMISSION,
    SEND,
    UNBLOCK,
    Researcher,
    as_user,
    claim,
    error,
    invite_variables,
    make_researchers,
)
from tests.identity_support import live_server

MY_INVITATIONS = """query ($direction: InvitationDirection, $status: InvitationStatus) {
  me { invitations(direction: $direction, status: $status) {
    totalCount edges { node { id status direction declineReason sender { id }
                              recipient { id } } } } } }"""


@pytest.fixture
def people(driver: neo4j.Driver, neo4j_connection: Connection) -> dict[str, Researcher]:
    builder = GraphBuilder()
    for number in range(1, 5):
        builder.author(f"A{number}", f"Author {number}")
    builder.work("W1", authors=["A1", "A2"], title="Sampling large graphs")
    load(builder, driver, neo4j_connection)
    found = make_researchers(driver, neo4j_connection, ["ada", "bob", "cat", "dan"])
    return {
        "ada": claim(driver, found["ada"], "A1"),
        "bob": claim(driver, found["bob"], "A2"),
        "cat": claim(driver, found["cat"], "A3"),
        "dan": found["dan"],
    }


def invite(client: TestClient, sender: Researcher, author: str, **extra: Any) -> str:
    body = as_user(client, sender, INVITE, invite_variables(author, **extra))
    assert "errors" not in body, body
    return str(body["data"]["inviteToCollaborate"]["id"])


def accepted(client: TestClient, ada: Researcher, bob: Researcher) -> str:
    """Ada invites Bob, Bob accepts: the conversation's id."""
    invitation = invite(client, ada, "A2", work="W1")
    body = as_user(client, bob, ACCEPT, {"id": invitation})
    assert "errors" not in body, body
    return str(body["data"]["acceptInvitation"]["conversation"]["id"])


def send(client: TestClient, who: Researcher, conversation: str, text: str) -> dict[str, Any]:
    return as_user(client, who, SEND, {"c": conversation, "body": text})


def test_accept_opens_a_conversation_with_ordered_messages_and_read_markers(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    with api_client(neo4j_connection) as client:
        invitation = invite(client, ada, "A2", work="W1")
        body = as_user(client, bob, ACCEPT, {"id": invitation})["data"]["acceptInvitation"]
        assert body["status"] == "ACCEPTED" and body["decidedAt"]
        conversation = body["conversation"]
        assert conversation["open"] is True
        assert {p["author"]["id"]: p["isViewer"] for p in conversation["participants"]} == {
            "A1": False,
            "A2": True,
        }
        c = conversation["id"]
        sent = [
            send(client, ada, c, "Hello Bob")["data"]["sendMessage"],
            send(client, bob, c, "Hello Ada")["data"]["sendMessage"],
            send(client, ada, c, "  Shall we meet?  ")["data"]["sendMessage"],
        ]
        assert [(m["number"], m["body"], m["sender"]["id"]) for m in sent] == [
            (1, "Hello Bob", "A1"),
            (2, "Hello Ada", "A2"),
            (3, "Shall we meet?", "A1"),
        ]
        assert all(m["fromViewer"] for m in sent)
        read = as_user(client, bob, CONVERSATION, {"c": c})["data"]["conversation"]
        assert read["subject"] == {"text": "Graph sampling", "work": {"id": "W1"}}
        assert read["messageCount"] == 3
        assert read["unreadCount"] == 1  # Bob read up to his own message, number 2
        assert [
            (e["node"]["number"], e["node"]["fromViewer"]) for e in read["messages"]["edges"]
        ] == [(1, False), (2, True), (3, False)]
        marked = as_user(client, bob, MARK_READ, {"c": c})["data"]["markRead"]
        assert marked["unreadCount"] == 0
        assert {p["isViewer"]: p["readUpTo"] for p in marked["participants"]} == {
            True: 3,
            False: 3,
        }
        # A marker never moves back, and never past the last message.
        back = as_user(client, bob, MARK_READ, {"c": c, "upTo": 1})["data"]["markRead"]
        assert back["unreadCount"] == 0
        as_user(client, ada, MARK_READ, {"c": c, "upTo": 99})
        ada_view = as_user(client, ada, CONVERSATION, {"c": c})["data"]["conversation"]
        assert {p["isViewer"]: p["readUpTo"] for p in ada_view["participants"]}[True] == 3
        assert error(as_user(client, ada, MARK_READ, {"c": c, "upTo": -1}))["argument"] == "upTo"
        # Paging through the messages in order.
        page = as_user(
            client,
            ada,
            """query ($c: ID!, $after: String) { conversation(id: $c) {
                 messages(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
                   edges { node { number } } } } }""",
            {"c": c},
        )["data"]["conversation"]["messages"]
        assert [e["node"]["number"] for e in page["edges"]] == [1, 2]
        assert page["pageInfo"]["hasNextPage"] is True
        rest = as_user(
            client,
            ada,
            """query ($c: ID!, $after: String) { conversation(id: $c) {
                 messages(first: 2, after: $after) { edges { node { number } } } } }""",
            {"c": c, "after": page["pageInfo"]["endCursor"]},
        )["data"]["conversation"]["messages"]
        assert [e["node"]["number"] for e in rest["edges"]] == [3]
        # While the conversation is open, the pair cannot start another one.
        assert error(as_user(client, bob, INVITE, invite_variables("A1")))["reason"] == (
            "CONVERSATION_OPEN"
        )
        # Either side closes it; nothing more is sent; the pair may be invited again.
        closed = as_user(client, bob, CLOSE, {"c": c})["data"]["closeConversation"]
        assert closed == {"id": c, "open": False, "closedByViewer": True}
        again = as_user(client, ada, CLOSE, {"c": c})["data"]["closeConversation"]
        assert again["closedByViewer"] is False  # the first close is kept
        refused = error(send(client, ada, c, "one more thing"))
        assert (refused["code"], refused["reason"]) == ("FORBIDDEN", "CONVERSATION_CLOSED")
        assert invite(client, bob, "A1")
    records, _, _ = driver.execute_query(
        "MATCH (m:Message)-[:IN]->(:Conversation {id: $c}) RETURN m.seq AS n ORDER BY n", c=c
    )
    assert [record["n"] for record in records] == [1, 2, 3]


def test_decline_with_a_reason_and_who_may_decide(
    people: dict[str, Researcher], neo4j_connection: Connection
) -> None:
    ada, bob, cat = people["ada"], people["bob"], people["cat"]
    with api_client(neo4j_connection) as client:
        invitation = invite(client, ada, "A2")
        for who, reason in ((ada, "NOT_RECIPIENT"),):
            assert error(as_user(client, who, ACCEPT, {"id": invitation}))["reason"] == reason
        for who in (cat, people["dan"]):  # a third account learns nothing
            refused = error(as_user(client, who, ACCEPT, {"id": invitation}))
            assert (refused["code"], refused["argument"]) == ("NOT_FOUND", "id")
            assert error(as_user(client, who, DECLINE, {"id": invitation}))["code"] == "NOT_FOUND"
        too_long = error(as_user(client, bob, DECLINE, {"id": invitation, "reason": "z" * 501}))
        assert (too_long["code"], too_long["argument"]) == ("BAD_USER_INPUT", "reason")
        declined = as_user(client, bob, DECLINE, {"id": invitation, "reason": "Busy this term"})
        assert declined["data"]["declineInvitation"]["status"] == "DECLINED"
        assert declined["data"]["declineInvitation"]["conversation"] is None
        late = error(as_user(client, bob, ACCEPT, {"id": invitation}))
        assert (late["code"], late["reason"]) == ("FORBIDDEN", "NOT_OPEN")
        seen = as_user(client, ada, MY_INVITATIONS, {"direction": "SENT"})["data"]["me"]
        [edge] = seen["invitations"]["edges"]
        assert edge["node"]["status"] == "DECLINED"
        assert edge["node"]["declineReason"] == "Busy this term"
        # The pair is free again; a decline without a reason keeps none.
        second = invite(client, ada, "A2")
        body = as_user(client, bob, DECLINE, {"id": second})["data"]["declineInvitation"]
        assert body["declineReason"] is None


def test_after_a_block_nothing_gets_through_either_way(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob, cat = people["ada"], people["bob"], people["cat"]
    with api_client(neo4j_connection) as client:
        c = accepted(client, ada, bob)
        assert "errors" not in send(client, ada, c, "before")
        pending = invite(client, cat, "A1")  # Cat's invitation to Ada, open when Ada blocks
        blocked = as_user(client, ada, BLOCK, {"author": "A3"})["data"]["blockResearcher"]
        assert blocked == {"blocked": True, "author": {"id": "A3"}}
        assert as_user(client, ada, BLOCK, {"author": "A3"})["data"]["blockResearcher"]["blocked"]
        as_user(client, bob, BLOCK, {"author": "A1"})
        for sender, author in ((ada, "A2"), (bob, "A1"), (ada, "A3"), (cat, "A1")):
            refused = error(as_user(client, sender, INVITE, invite_variables(author)))
            assert (refused["code"], refused["reason"]) == ("FORBIDDEN", "BLOCKED"), author
            lock = as_user(client, sender, PERMISSION, {"author": author})
            assert lock["data"]["author"]["invitePermission"]["reason"] in (
                "BLOCKED",
                "CONVERSATION_OPEN",
            )
        for sender in (ada, bob):
            refused = error(send(client, sender, c, "after"))
            assert (refused["code"], refused["reason"]) == ("FORBIDDEN", "BLOCKED")
        # Cat's open invitation was cancelled by the block: Ada cannot accept it.
        late = error(as_user(client, ada, ACCEPT, {"id": pending}))
        assert (late["code"], late["reason"]) == ("FORBIDDEN", "NOT_OPEN")
        # Blocking needs a claimed record that is not one's own.
        assert error(as_user(client, ada, BLOCK, {"author": "A4"}))["reason"] == (
            "TARGET_UNCLAIMED"
        )
        assert error(as_user(client, ada, BLOCK, {"author": "A1"}))["reason"] == "SELF"
        assert error(as_user(client, ada, BLOCK, {"author": "A404"}))["code"] == "NOT_FOUND"
        # Lifting one side's block is not enough while the other side's stands.
        unblocked = as_user(client, bob, UNBLOCK, {"author": "A1"})["data"]["unblockResearcher"]
        assert unblocked == {"blocked": False, "author": {"id": "A1"}}
        assert "errors" not in send(client, bob, c, "we are talking again")
        assert error(send(client, cat, c, "not mine"))["code"] == "NOT_FOUND"
        assert "errors" not in as_user(client, ada, UNBLOCK, {"author": "A3"})
        assert invite(client, cat, "A1")
    records, _, _ = driver.execute_query(
        "MATCH (:Conversation {id: $c})<-[:IN]-(m:Message) RETURN m.body AS body ORDER BY m.seq",
        c=c,
    )
    assert [record["body"] for record in records] == ["before", "we are talking again"]
    records, _, _ = driver.execute_query("MATCH ()-[b:BLOCKED]->() RETURN count(b) AS n")
    assert records[0]["n"] == 0


def test_message_size_is_capped(
    people: dict[str, Researcher], neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    with api_client(neo4j_connection, conversation_message_max_chars=50) as client:
        c = accepted(client, ada, bob)
        for text in ("x" * 51, " \n "):
            refused = error(send(client, ada, c, text))
            assert (refused["code"], refused["argument"]) == ("BAD_USER_INPUT", "body")
        assert send(client, ada, c, "x" * 50)["data"]["sendMessage"]["number"] == 1


async def _at_once(base_url: str, calls: list[tuple[str, str, dict[str, Any]]]) -> list[Any]:
    async def one(client: httpx.AsyncClient, cookie: str, query: str, v: dict[str, Any]) -> Any:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": v},
            headers={"origin": base_url, "cookie": f"{COOKIE}={cookie}"},
        )
        response.raise_for_status()
        return response.json()

    limits = httpx.Limits(max_connections=len(calls))
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        return await asyncio.gather(*(one(client, *call) for call in calls))


def test_concurrent_accepts_and_messages(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    with api_client(neo4j_connection) as client:
        invitation = invite(client, ada, "A2")
    with live_server(neo4j_connection, rate_mutations_per_user="100000 per minute") as base_url:
        accepts = asyncio.run(_at_once(base_url, [(bob.cookie, ACCEPT, {"id": invitation})] * 10))
        ok = [body for body in accepts if not body.get("errors")]
        assert len(ok) == 1, accepts
        assert {
            body["errors"][0]["extensions"].get("reason") for body in accepts if body.get("errors")
        } == {"NOT_OPEN"}
        c = ok[0]["data"]["acceptInvitation"]["conversation"]["id"]
        calls = [
            (who.cookie, SEND, {"c": c, "body": f"{name} {i}"})
            for i in range(10)
            for who, name in ((ada, "ada"), (bob, "bob"))
        ]
        sent = asyncio.run(_at_once(base_url, calls))
        assert all("errors" not in body for body in sent), sent
    records, _, _ = driver.execute_query(
        "MATCH (m:Message)-[:IN]->(:Conversation {id: $c}) RETURN m.seq AS n ORDER BY n", c=c
    )
    assert [record["n"] for record in records] == list(range(1, 21))
    records, _, _ = driver.execute_query("MATCH (c:Conversation) RETURN count(c) AS n")
    assert records[0]["n"] == 1


def test_email_notifications_are_on_by_default_and_each_users_own(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    read = "{ me { notifyByEmail } }"
    turn = "mutation ($on: Boolean!) { setNotifyByEmail(on: $on) }"
    with api_client(neo4j_connection) as client:
        assert as_user(client, ada, read)["data"]["me"] == {"notifyByEmail": True}
        assert as_user(client, ada, turn, {"on": False})["data"] == {"setNotifyByEmail": False}
        assert as_user(client, ada, read)["data"]["me"] == {"notifyByEmail": False}
        assert as_user(client, bob, read)["data"]["me"] == {"notifyByEmail": True}
        assert error(as_user(client, None, turn, {"on": False}))["code"] == "UNAUTHENTICATED"
        assert as_user(client, ada, turn, {"on": True})["data"] == {"setNotifyByEmail": True}
    records, _, _ = driver.execute_query(
        "MATCH (u:User) WHERE u.notify_by_email IS NOT NULL "
        "RETURN u.id AS id, u.notify_by_email AS on"
    )
    assert [record.data() for record in records] == [{"id": "Uada", "on": True}]
