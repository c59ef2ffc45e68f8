"""inviteToCollaborate: who may invite whom (every locked case with its reason, and the page's
Author.invitePermission saying the same), subject and message checks, the daily limit, and one
open invitation per pair under concurrent requests (real HTTP, real Neo4j)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import neo4j
import pytest

from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.collaboration_support import (
    INVITE,
    PERMISSION,
    Researcher,
    as_user,
    claim,
    error,
    invite_variables,
    make_researchers,
)
from tests.identity_support import live_server

GENEROUS = {"rate_mutations_per_user": "100000 per minute"}


@pytest.fixture
def people(driver: neo4j.Driver, neo4j_connection: Connection) -> dict[str, Researcher]:
    builder = GraphBuilder()
    for number in range(1, 8):
        builder.author(f"A{number}", f"Author {number}")
    # A loader's record that says "open" but nobody claimed it.
    builder.authors["A4"]["open_to_collaborate"] = True
    builder.topic("T1", "Graph sampling")
    builder.work("W1", authors=["A1", "A2"], title="Sampling large graphs", topics={"T1": 1.0})
    load(builder, driver, neo4j_connection)
    found = make_researchers(driver, neo4j_connection, ["ada", "bob", "cat", "dan", "eve", "fox"])
    return {
        "ada": claim(driver, found["ada"], "A1"),
        "bob": claim(driver, found["bob"], "A2", level="L3"),
        "cat": claim(driver, found["cat"], "A3", open_to_collaborate=False),
        "dan": found["dan"],
        "eve": claim(driver, found["eve"], "A5"),
        "fox": claim(driver, found["fox"], "A6"),
    }


def open_invitations(driver: neo4j.Driver) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (s:User)-[:SENT]->(i:Invitation {status: 'open'})-[:TO]->(r:User) "
        "RETURN s.id AS sender, r.id AS recipient, i.open_pair AS pair ORDER BY sender"
    )
    return [record.data() for record in records]


def test_a_claimed_researcher_invites_a_claimed_open_one(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection) as client:
        allowed = as_user(client, people["ada"], PERMISSION, {"author": "A2"})
        assert allowed["data"]["author"]["invitePermission"] == {
            "allowed": True,
            "reason": None,
            "message": None,
        }
        body = as_user(
            client,
            people["ada"],
            INVITE,
            invite_variables("https://openalex.org/A2", work="W1", text="  Sampling  "),
        )
        assert "errors" not in body, body
        invitation = body["data"]["inviteToCollaborate"]
        assert invitation["status"] == "OPEN"
        assert invitation["direction"] == "SENT"
        assert invitation["message"] == "Shall we talk?"
        assert invitation["subject"] == {
            "text": "Sampling",
            "work": {"id": "W1", "title": "Sampling large graphs"},
            "topic": None,
        }
        assert invitation["sender"] == {"id": "A1"}
        assert invitation["recipient"] == {"id": "A2"}
        assert invitation["conversation"] is None
        topic = as_user(client, people["eve"], INVITE, invite_variables("A6", topic="T1"))
        assert topic["data"]["inviteToCollaborate"]["subject"]["topic"] == {
            "id": "T1",
            "name": "Graph sampling",
        }
    assert open_invitations(driver) == [
        {"sender": "Uada", "recipient": "Ubob", "pair": "Uada|Ubob"},
        {"sender": "Ueve", "recipient": "Ufox", "pair": "Ueve|Ufox"},
    ]


LOCKED = [
    # (viewer, author invited, reason), in this order (the open invitation is made first)
    ("dan", "A2", "VIEWER_HAS_NO_CLAIM"),
    ("ada", "A1", "SELF"),
    ("ada", "A4", "TARGET_UNCLAIMED"),
    ("ada", "A7", "TARGET_UNCLAIMED"),
    ("ada", "A3", "TARGET_NOT_OPEN"),
    ("ada", "A2", "OPEN_INVITATION_EXISTS"),
    ("bob", "A1", "OPEN_INVITATION_EXISTS"),  # the other direction of the same pair
]


def test_every_locked_case_is_refused_with_its_reason_and_the_page_says_why(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection) as client:
        first = as_user(client, people["ada"], INVITE, invite_variables("A2"))
        assert "errors" not in first, first
        for viewer, author, reason in LOCKED:
            permission = as_user(client, people[viewer], PERMISSION, {"author": author})
            lock = permission["data"]["author"]["invitePermission"]
            assert lock["allowed"] is False, (viewer, author)
            assert lock["reason"] == reason, (viewer, author)
            assert lock["message"]
            refused = error(as_user(client, people[viewer], INVITE, invite_variables(author)))
            assert (refused["code"], refused["reason"]) == ("FORBIDDEN", reason), (viewer, author)
            assert refused["message"] == lock["message"]
        # Anonymous: the page says "sign in", the mutation is UNAUTHENTICATED.
        anonymous = as_user(client, None, PERMISSION, {"author": "A2"})
        assert anonymous["data"]["author"]["invitePermission"]["reason"] == "SIGNED_OUT"
        assert error(as_user(client, None, INVITE, invite_variables("A2")))["code"] == (
            "UNAUTHENTICATED"
        )
        unknown = error(as_user(client, people["ada"], INVITE, invite_variables("A999")))
        assert (unknown["code"], unknown["argument"]) == ("NOT_FOUND", "authorId")
    assert len(open_invitations(driver)) == 1


def test_subject_and_message_are_checked(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada = people["ada"]
    cases = [
        (invite_variables("A2", message="x" * 301), "BAD_USER_INPUT", "message"),
        (invite_variables("A2", message="   "), "BAD_USER_INPUT", "message"),
        (invite_variables("A2", text="y" * 201), "BAD_USER_INPUT", "subject.text"),
        (invite_variables("A2", text=""), "BAD_USER_INPUT", "subject.text"),
        (invite_variables("A2", work="W404"), "NOT_FOUND", "subject.workId"),
        (invite_variables("A2", topic="T404"), "NOT_FOUND", "subject.topicId"),
        (invite_variables("A2", work="W1", topic="T1"), "BAD_USER_INPUT", "subject.topicId"),
        (invite_variables("A2", work="W1" * 200), "BAD_USER_INPUT", "subject.workId"),
    ]
    with api_client(neo4j_connection, invitation_message_max_chars=300) as client:
        for variables, code, argument in cases:
            refused = error(as_user(client, ada, INVITE, variables))
            assert (refused["code"], refused["argument"]) == (code, argument), variables
        assert open_invitations(driver) == []
        exact = as_user(client, ada, INVITE, invite_variables("A2", message="x" * 300))
        assert "errors" not in exact, exact


def test_new_invitations_per_day_are_limited(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada = people["ada"]
    with api_client(neo4j_connection, invitations_per_day=2) as client:
        for author in ("A2", "A5"):
            assert "errors" not in as_user(client, ada, INVITE, invite_variables(author))
        client.cookies.clear()
        client.cookies[COOKIE] = ada.cookie
        response = client.post(
            "/graphql",
            json={"query": INVITE, "variables": invite_variables("A6")},
            headers={"origin": "http://testserver"},
        )
        limited = error(response.json())
        assert (limited["code"], limited["reason"]) == ("RATE_LIMITED", "DAILY_LIMIT")
        assert 86000 < limited["retryAfter"] <= 86401
        assert response.headers["retry-after"] == str(limited["retryAfter"])
        permission = as_user(client, ada, PERMISSION, {"author": "A6"})
        assert permission["data"]["author"]["invitePermission"]["reason"] == "DAILY_LIMIT"
        # Another sender has a limit of their own.
        assert "errors" not in as_user(client, people["eve"], INVITE, invite_variables("A6"))
    # An invitation older than 24 hours leaves the window.
    driver.execute_query(
        "MATCH (:User {id: 'Uada'})-[:SENT]->(i:Invitation {recipient_author: 'A2'}) "
        "SET i.created = datetime() - duration('P1DT1M')"
    )
    with api_client(neo4j_connection, invitations_per_day=2) as client:
        assert "errors" not in as_user(client, ada, INVITE, invite_variables("A6"))


async def _all_at_once(base_url: str, calls: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    async def one(client: httpx.AsyncClient, cookie: str, variables: dict[str, Any]) -> Any:
        response = await client.post(
            "/graphql",
            json={"query": INVITE, "variables": variables},
            headers={"origin": base_url, "cookie": f"{COOKIE}={cookie}"},
        )
        response.raise_for_status()
        return response.json()

    limits = httpx.Limits(max_connections=len(calls))
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        return await asyncio.gather(*(one(client, cookie, v) for cookie, v in calls))


def _outcome(body: dict[str, Any]) -> str:
    errors = body.get("errors")
    if not errors:
        return "invited"
    extensions = errors[0]["extensions"]
    return str(extensions.get("reason") or extensions["code"])


def test_one_open_invitation_per_pair_under_concurrent_requests(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, eve, fox = people["ada"], people["eve"], people["fox"]
    with live_server(neo4j_connection, **GENEROUS) as base_url:
        same = asyncio.run(_all_at_once(base_url, [(ada.cookie, invite_variables("A2"))] * 20))
        outcomes = sorted(_outcome(body) for body in same)
        assert outcomes == ["OPEN_INVITATION_EXISTS"] * 19 + ["invited"], outcomes
        # Both directions of one pair at once: still one open invitation.
        both = [(eve.cookie, invite_variables("A6")), (fox.cookie, invite_variables("A5"))] * 10
        outcomes = sorted(_outcome(body) for body in asyncio.run(_all_at_once(base_url, both)))
        assert outcomes == ["OPEN_INVITATION_EXISTS"] * 19 + ["invited"], outcomes
    pairs = [row["pair"] for row in open_invitations(driver)]
    assert pairs == ["Uada|Ubob", "Ueve|Ufox"] or sorted(pairs) == ["Uada|Ubob", "Ueve|Ufox"]


def test_the_daily_limit_holds_under_concurrent_requests(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada = people["ada"]
    targets = ["A2", "A5", "A6"]
    with live_server(neo4j_connection, invitations_per_day=2, **GENEROUS) as base_url:
        calls = [(ada.cookie, invite_variables(author)) for author in targets * 3]
        outcomes = [_outcome(body) for body in asyncio.run(_all_at_once(base_url, calls))]
    assert outcomes.count("invited") == 2, outcomes
    assert set(outcomes) <= {"invited", "DAILY_LIMIT", "OPEN_INVITATION_EXISTS"}
    assert len(open_invitations(driver)) == 2


def test_the_sender_withdraws_an_open_invitation_and_nobody_else_may(
    people: dict[str, Researcher], driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    """Per role: anonymous UNAUTHENTICATED; another researcher, an analyst and an admin NOT_FOUND
    (tests/test_collaboration_privacy.py asks them too, with an API token); the recipient
    FORBIDDEN NOT_SENDER; the sender withdraws it, once."""
    from tests.collaboration_support import ACCEPT, WITHDRAW

    driver.execute_query("MATCH (u:User {id: 'Udan'}) SET u.roles = ['analyst']")
    driver.execute_query("MATCH (u:User {id: 'Ufox'}) SET u.roles = ['admin']")
    ada, bob = people["ada"], people["bob"]
    with api_client(neo4j_connection, **GENEROUS) as client:
        invited = as_user(client, ada, INVITE, invite_variables("A2"))
        invitation = invited["data"]["inviteToCollaborate"]["id"]
        assert error(as_user(client, None, WITHDRAW, {"id": invitation}))["code"] == (
            "UNAUTHENTICATED"
        )
        for outsider in ("eve", "dan", "fox"):  # a researcher, an analyst, an admin
            refused = error(as_user(client, people[outsider], WITHDRAW, {"id": invitation}))
            assert (refused["code"], refused["argument"]) == ("NOT_FOUND", "id"), outsider
        recipient = error(as_user(client, bob, WITHDRAW, {"id": invitation}))
        assert (recipient["code"], recipient["reason"]) == ("FORBIDDEN", "NOT_SENDER")
        assert open_invitations(driver) == [
            {"sender": ada.user_id, "recipient": bob.user_id, "pair": "Uada|Ubob"}
        ]
        withdrawn = as_user(client, ada, WITHDRAW, {"id": invitation})["data"]
        assert withdrawn["withdrawInvitation"]["status"] == "WITHDRAWN"
        assert withdrawn["withdrawInvitation"]["decidedAt"] is not None
        assert open_invitations(driver) == []
        again = error(as_user(client, ada, WITHDRAW, {"id": invitation}))
        assert (again["code"], again["reason"]) == ("FORBIDDEN", "NOT_OPEN")
        too_late = error(as_user(client, bob, ACCEPT, {"id": invitation}))
        assert (too_late["code"], too_late["reason"]) == ("FORBIDDEN", "NOT_OPEN")
        # The pair is free again; an accepted invitation cannot be withdrawn.
        second = as_user(client, ada, INVITE, invite_variables("A2"))["data"]["inviteToCollaborate"]
        assert as_user(client, bob, ACCEPT, {"id": second["id"]})["data"]["acceptInvitation"]
        accepted = error(as_user(client, ada, WITHDRAW, {"id": second["id"]}))
        assert (accepted["code"], accepted["reason"]) == ("FORBIDDEN", "NOT_OPEN")
        bad = error(as_user(client, ada, WITHDRAW, {"id": ""}))
        assert bad["code"] == "BAD_USER_INPUT"
