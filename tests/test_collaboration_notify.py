"""E-mail notifications of collaboration over real SMTP (aiosmtpd on loopback): an invitation is
mailed to its recipient, an acceptance to its sender, the first unread message to the other
participant, each with a link and without the private text; nothing when the recipient turned
notifications off, and nothing between a blocked pair."""

from __future__ import annotations

import neo4j
import pytest

from identity import notifications
from identity.graph import Graph
from kg.db import Connection
from kg.settings import Settings
from tests.api_factory import GraphBuilder, api_client, load
from tests.collaboration_support import (
    ACCEPT,
    BLOCK,
    INVITE,
    MARK_READ,
    SEND,
    Researcher,
    as_user,
    claim,
    error,
    invite_variables,
    make_researchers,
)
from tests.identity_support import with_graph
from tests.smtp_support import smtp_server

NOTIFY = "mutation ($on: Boolean!) { setNotifyByEmail(on: $on) }"
SECRET_MESSAGE = "Our unpublished idea: sample the graph by its citation cores"


@pytest.fixture
def people(driver: neo4j.Driver, neo4j_connection: Connection) -> dict[str, Researcher]:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    builder.author("A2", "Bob Babbage")
    load(builder, driver, neo4j_connection)
    found = make_researchers(driver, neo4j_connection, ["ada", "bob"])
    return {
        "ada": claim(driver, found["ada"], "A1"),
        "bob": claim(driver, found["bob"], "A2", level="L3"),
    }


def outbox(driver: neo4j.Driver) -> list[dict[str, str]]:
    records, _, _ = driver.execute_query(
        "MATCH (m:OutboxMail) RETURN m.to AS to, m.kind AS kind, m.delivery AS delivery "
        "ORDER BY m.created"
    )
    return [record.data() for record in records]


def body_of(message: object) -> str:
    part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    assert part is not None
    return str(part.get_content())


def test_invitation_acceptance_and_messages_are_mailed_without_their_text(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        invited = as_user(
            client, ada, INVITE, invite_variables("A2", message=SECRET_MESSAGE, text="Sampling")
        )
        invitation = invited["data"]["inviteToCollaborate"]
        [mailed] = inbox.messages
        assert inbox.envelopes[0][1] == ["ubob@example.org"]
        assert mailed["Subject"] == "Ada Lovelace invites you to a conversation"
        text = body_of(mailed)
        assert "about: Sampling" in text and "http://testserver/inbox" in text
        assert SECRET_MESSAGE not in text and "citation cores" not in text

        accepted = as_user(client, bob, ACCEPT, {"id": invitation["id"]})
        conversation = accepted["data"]["acceptInvitation"]["conversation"]["id"]
        assert len(inbox.messages) == 2
        assert inbox.envelopes[1][1] == ["uada@example.org"]
        assert inbox.messages[1]["Subject"] == "Bob Babbage accepted your invitation"
        assert f"http://testserver/conversations/{conversation}" in body_of(inbox.messages[1])

        # Two messages from Bob: one mail, for the first Ada has not read; none of their text.
        for body in (SECRET_MESSAGE, "And a second thought"):
            assert "errors" not in as_user(client, bob, SEND, {"c": conversation, "body": body})
        assert len(inbox.messages) == 3
        assert inbox.envelopes[2][1] == ["uada@example.org"]
        assert inbox.messages[2]["Subject"] == "A new message from Bob Babbage"
        told = body_of(inbox.messages[2])
        assert f"/conversations/{conversation}" in told
        assert "citation cores" not in told and "second thought" not in told
        # Ada reads them and answers: Bob hears of it; once Ada read, Bob's next one is mailed.
        as_user(client, ada, MARK_READ, {"c": conversation})
        as_user(client, ada, SEND, {"c": conversation, "body": "Gladly"})
        assert inbox.envelopes[3][1] == ["ubob@example.org"]
        as_user(client, bob, SEND, {"c": conversation, "body": "Tuesday?"})
        assert [envelope[1] for envelope in inbox.envelopes[4:]] == [["uada@example.org"]]
    assert [m["kind"] for m in outbox(driver)] == [
        "invitation",
        "invitation-accepted",
        "conversation-message",
        "conversation-message",
        "conversation-message",
    ]
    assert {m["delivery"] for m in outbox(driver)} == {"sent"}


def test_nothing_is_mailed_to_a_researcher_who_turned_notifications_off(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        assert as_user(client, bob, NOTIFY, {"on": False}) == {"data": {"setNotifyByEmail": False}}
        invited = as_user(client, ada, INVITE, invite_variables("A2"))
        assert invited["data"]["inviteToCollaborate"]["status"] == "OPEN"
        accepted = as_user(
            client, bob, ACCEPT, {"id": invited["data"]["inviteToCollaborate"]["id"]}
        )
        conversation = accepted["data"]["acceptInvitation"]["conversation"]["id"]
        # Ada still wants mail: she hears of the acceptance, Bob of nothing.
        as_user(client, ada, SEND, {"c": conversation, "body": "Hello"})
        assert [envelope[1] for envelope in inbox.envelopes] == [["uada@example.org"]]
        assert as_user(client, bob, NOTIFY, {"on": True}) == {"data": {"setNotifyByEmail": True}}
        as_user(client, bob, MARK_READ, {"c": conversation})
        as_user(client, ada, SEND, {"c": conversation, "body": "Are you there?"})
        assert [envelope[1] for envelope in inbox.envelopes] == [
            ["uada@example.org"],
            ["ubob@example.org"],
        ]
    assert [m["to"] for m in outbox(driver)] == ["uada@example.org", "ubob@example.org"]


def test_nothing_is_mailed_between_a_blocked_pair(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, bob = people["ada"], people["bob"]
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        assert as_user(client, bob, BLOCK, {"author": "A1"})["data"]["blockResearcher"]["blocked"]
        refused = as_user(client, ada, INVITE, invite_variables("A2"))
        assert error(refused)["reason"] == "BLOCKED"
        assert inbox.messages == []
    assert outbox(driver) == []

    # Whatever asks, the notification itself checks the block, either way round.
    settings = Settings(smtp_host="127.0.0.1", smtp_port=1)  # nothing may be sent
    row = {
        "recipient": bob.user_id,
        "sender": ada.user_id,
        "sender_author": "A1",
        "recipient_author": "A2",
        "subject_text": "Sampling",
        "conversation": "C1",
    }

    async def attempt(graph: Graph) -> list[str | None]:
        return [
            await notifications.invited(graph, settings, row, origin="http://kg.example"),
            await notifications.accepted(graph, settings, row, origin="http://kg.example"),
        ]

    assert with_graph(neo4j_connection, attempt) == [None, None]
    assert outbox(driver) == []
    # Without the block the same row would be mailed (delivery fails: nothing listens on port 1).
    driver.execute_query("MATCH (:User)-[b:BLOCKED]->(:User) DELETE b")
    assert with_graph(neo4j_connection, attempt) == ["failed", "failed"]
