"""Loads never touch collaboration: after invitations (open, accepted, declined, withdrawn,
cancelled by a block), conversations (open and closed, with messages and read markers), blocks and
notification settings, loading the demo graph and every real sample again changes none of them
(the loader the reload tests of follows and claims share, tests/loader_support.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j

from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import api_client
from tests.claims_support import CLAIM
from tests.collaboration_support import (
    ACCEPT,
    BLOCK,
    CLOSE,
    DECLINE,
    INVITE,
    MARK_READ,
    SEND,
    WITHDRAW,
    invite_variables,
)
from tests.conftest import wipe
from tests.identity_support import make_account, post, session_cookie

EDIT = "mutation { editProfile(openToCollaborate: true) { id openToCollaborate } }"
NOTIFY_OFF = "mutation { setNotifyByEmail(on: false) }"


def collaboration_state(driver: neo4j.Driver) -> dict[str, list[str]]:
    """Every private collaboration fact, and the public flags claims and edits set."""
    records, _, _ = driver.execute_query(
        """
        CALL () { MATCH (s:User)-[:SENT]->(i:Invitation)-[:TO]->(r:User)
                  RETURN collect([s.id, r.id, properties(i)]) AS invitations }
        CALL () { MATCH (u:User)-[p:PARTICIPATES_IN]->(c:Conversation)
                  RETURN collect([u.id, properties(p), properties(c)]) AS conversations }
        CALL () { MATCH (u:User)-[:WROTE]->(m:Message)-[:IN]->(c:Conversation)
                  RETURN collect([u.id, c.id, properties(m)]) AS messages }
        CALL () { MATCH (i:Invitation)-[:OPENED]->(c:Conversation)
                  RETURN collect([i.id, c.id]) AS opened }
        CALL () { MATCH (a:User)-[b:BLOCKED]->(o:User)
                  RETURN collect([a.id, o.id, properties(b)]) AS blocks }
        CALL () { MATCH (u:User) RETURN collect([u.id, u.notify_by_email]) AS settings }
        CALL () { MATCH (a:Author) WHERE a.claimed OR a.open_to_collaborate
                  RETURN collect([a.id, a.claimed, a.open_to_collaborate]) AS flags }
        RETURN invitations, conversations, messages, opened, blocks, settings, flags
        """
    )
    return {key: sorted(map(str, value)) for key, value in records[0].data().items()}


def test_reloading_demo_and_real_samples_keeps_invitations_and_conversations(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    from tests.loader_support import demo_and_real_loader

    database = neo4j_connection.database
    load_everything = demo_and_real_loader(driver, database, tmp_path)
    wipe(driver, database)
    load_everything()
    records, _, _ = driver.execute_query(
        "MATCH (a:Author)-[:AUTHORED]->(:Work) WHERE NOT a.unresolved "
        "WITH DISTINCT a ORDER BY a.id LIMIT 5 RETURN a.id AS id"
    )
    authors = [record["id"] for record in records]
    assert len(authors) == 5
    cookies: list[str] = []
    with api_client(neo4j_connection, rate_mutations_per_user="10000 per minute") as client:

        def as_(index: int, query: str, variables: dict[str, Any] | None = None) -> Any:
            client.cookies.clear()
            client.cookies[COOKIE] = cookies[index]
            body = post(client, query, variables)
            assert "errors" not in body, body
            return body["data"]

        for index, author in enumerate(authors):
            account = make_account(neo4j_connection, f"collaborator{index}@example.org")
            cookies.append(session_cookie(neo4j_connection, account.id))
            assert as_(index, CLAIM, {"id": author})["claimAuthor"]["status"] == "ACTIVE"
            as_(index, EDIT)

        def invite(sender: int, recipient: int) -> str:
            data = as_(sender, INVITE, invite_variables(authors[recipient]))
            return str(data["inviteToCollaborate"]["id"])

        # 0 and 1 talk (messages both ways, read markers); 0 and 2 talked and closed it.
        talk = as_(1, ACCEPT, {"id": invite(0, 1)})["acceptInvitation"]["conversation"]["id"]
        for sender, body in ((0, "Hello"), (1, "Hello back"), (0, "Tuesday?")):
            as_(sender, SEND, {"c": talk, "body": body})
        as_(1, MARK_READ, {"c": talk, "upTo": 2})
        closed = as_(2, ACCEPT, {"id": invite(0, 2)})["acceptInvitation"]["conversation"]["id"]
        as_(2, SEND, {"c": closed, "body": "Short one"})
        as_(0, CLOSE, {"c": closed})
        # Declined, withdrawn, open, and cancelled by a block.
        as_(3, DECLINE, {"id": invite(1, 3), "reason": "not now"})
        as_(2, WITHDRAW, {"id": invite(2, 3)})
        invite(3, 0)
        invite(4, 1)
        as_(1, BLOCK, {"author": authors[4]})
        as_(3, NOTIFY_OFF)
    before = collaboration_state(driver)
    assert len(before["invitations"]) == 6 and len(before["messages"]) == 4
    assert len(before["conversations"]) == 4 and len(before["blocks"]) == 1

    load_everything()

    assert collaboration_state(driver) == before
