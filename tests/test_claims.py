"""Claims of author records: one account <-> one record, a second claim goes to review and
replaces nothing, release, the audit trail, the constraints, concurrent claims over real HTTP,
the trust snapshot moving with a claim, and who may do what."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import neo4j
import pytest
from starlette.testclient import TestClient

from identity.roles import Role
from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.claims_support import (
    CLAIM,
    DECIDE,
    MY_CLAIMS,
    RELEASE,
    REVIEWS,
    TRUST,
    claimed,
    statuses,
)
from tests.identity_support import code, live_server, make_account, post, session_cookie

GENEROUS = {"rate_mutations_per_user": "100000 per minute"}


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    """Perlin-like: an OpenAlex record, 2 works, 4 close collaborators, no ORCID, no affiliation
    (32 points as imported, docs/trust.md); and a few more records."""
    builder = GraphBuilder()
    builder.author("A1", "Kuba Perlin")
    for other in ("A2", "A3", "A4", "A5"):
        builder.author(other, f"Co-author {other}")
    builder.work("W1", authors=["A1", "A2", "A3"])
    builder.work("W2", authors=["A1", "A4", "A5"])
    builder.author("A9", "Someone Else")
    builder.author("name:someone", "Someone")
    load(builder, driver, neo4j_connection)
    return driver


def _as(client: TestClient, cookie: str) -> TestClient:
    client.cookies.clear()
    client.cookies[COOKIE] = cookie
    return client


def _person(connection: Connection, email: str, role: Role | None = None) -> tuple[str, str]:
    account = make_account(connection, email, role=role)
    return account.id, session_cookie(connection, account.id)


def test_a_free_record_is_claimed_at_once_and_the_trust_moves(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, cookie = _person(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        before = post(client, TRUST, {"id": "A1"})["data"]["author"]["trust"]
        assert (before["score"], before["level"], before["claimed"]) == (32, "L1", False)
        body = post(_as(client, cookie), CLAIM, {"id": "A1", "evidence": "it is me"})
        claim = body["data"]["claimAuthor"]
        assert (claim["status"], claim["level"], claim["verifiedBy"]) == ("ACTIVE", "L2", None)
        assert claim["claimantId"] == ada and claim["author"]["id"] == "A1"
        assert claim["evidence"] == "it is me" and claim["recordHeldByAnother"] is False
        assert [e["action"] for e in claim["events"]] == ["claimed"]
        assert claim["events"][0]["actor"] == ada
        assert claimed(graph, "A1") == [{"user": ada, "level": "L2", "verified_by": None}]
        client.cookies.clear()  # the trust snapshot is public
        after = post(client, TRUST, {"id": "A1"})["data"]["author"]["trust"]
        assert (after["score"], after["level"], after["status"], after["claimed"]) == (
            47,
            "L2",
            "UNVERIFIED",
            True,
        )
        points = {c["key"]: c["points"] for c in after["components"]}
        assert points["claimed"] == 15 and points["verified"] == 0
        detail = next(c["detail"] for c in after["components"] if c["key"] == "claimed")
        assert detail.startswith("The researcher has claimed this profile on 20")
        assert "claimed by the researcher (L2)" in after["explanation"]
        assert "claimed profile 15 (since 20" in after["explanation"]


def test_a_second_claim_goes_to_review_and_replaces_nothing(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, ada_cookie = _person(neo4j_connection, "ada@example.org")
    _, bob_cookie = _person(neo4j_connection, "bob@example.org")
    with api_client(neo4j_connection) as client:
        assert "errors" not in post(_as(client, ada_cookie), CLAIM, {"id": "A1"})
        body = post(_as(client, bob_cookie), CLAIM, {"id": "A1", "evidence": "staff page"})
        second = body["data"]["claimAuthor"]
        assert (second["status"], second["level"], second["review"]) == (
            "IN_REVIEW",
            None,
            "PENDING",
        )
        assert second["reviewKind"] == "CONTESTED" and second["recordHeldByAnother"] is True
        assert [e["action"] for e in second["events"]] == ["sent to review"]
        assert claimed(graph, "A1") == [{"user": ada, "level": "L2", "verified_by": None}]
        assert statuses(graph, "A1") == ["ACTIVE", "IN_REVIEW"]
        # Bob's claim is open: he may not claim another record meanwhile.
        refused = post(client, CLAIM, {"id": "A9"})
        assert code(refused) == "FORBIDDEN"
        assert refused["errors"][0]["extensions"]["reason"] == "one-claim-per-account"
        mine = post(client, MY_CLAIMS)["data"]["myClaims"]
        assert [(c["author"]["id"], c["status"]) for c in mine] == [("A1", "IN_REVIEW")]
        # Withdrawing the claim in review leaves Ada's untouched.
        withdrawn = post(client, RELEASE)["data"]["releaseClaim"]
        assert withdrawn["status"] == "WITHDRAWN" and withdrawn["review"] == "WITHDRAWN"
        assert claimed(graph, "A1") == [{"user": ada, "level": "L2", "verified_by": None}]
        assert post(client, RELEASE)["data"]["releaseClaim"] is None  # nothing open any more


def test_one_account_claims_one_record_and_release_frees_it(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    ada, cookie = _person(neo4j_connection, "ada@example.org")
    bob, bob_cookie = _person(neo4j_connection, "bob@example.org")
    with api_client(neo4j_connection) as client:
        _as(client, cookie)
        assert post(client, CLAIM, {"id": "https://openalex.org/A1"})["data"]["claimAuthor"]
        again = post(client, CLAIM, {"id": "A1"})
        assert code(again) == "FORBIDDEN"
        other = post(client, CLAIM, {"id": "A9"})
        assert other["errors"][0]["extensions"]["reason"] == "one-claim-per-account"
        assert claimed(graph, "A9") == []
        released = post(client, RELEASE)["data"]["releaseClaim"]
        assert released["status"] == "RELEASED"
        assert [e["action"] for e in released["events"]] == ["claimed", "released"]
        assert claimed(graph, "A1") == []
        client.cookies.clear()
        trust = post(client, TRUST, {"id": "A1"})["data"]["author"]["trust"]
        assert (trust["score"], trust["level"], trust["claimed"]) == (32, "L1", False)
        # Freed: another account claims it at once; the first may claim another record.
        assert (
            post(_as(client, bob_cookie), CLAIM, {"id": "A1"})["data"]["claimAuthor"]["status"]
            == "ACTIVE"
        )
        assert (
            post(_as(client, cookie), CLAIM, {"id": "A9"})["data"]["claimAuthor"]["status"]
            == "ACTIVE"
        )
        history = post(client, MY_CLAIMS)["data"]["myClaims"]
        assert [(c["author"]["id"], c["status"]) for c in history] == [
            ("A9", "ACTIVE"),
            ("A1", "RELEASED"),
        ]
    assert claimed(graph, "A1") == [{"user": bob, "level": "L2", "verified_by": None}]
    assert claimed(graph, "A9") == [{"user": ada, "level": "L2", "verified_by": None}]


@pytest.mark.parametrize(
    ("author_id", "expected", "argument"),
    [
        ("A404", "NOT_FOUND", "authorId"),
        ("name:someone", "BAD_USER_INPUT", "authorId"),
        ("  ", "BAD_USER_INPUT", "authorId"),
    ],
)
def test_what_cannot_be_claimed(
    graph: neo4j.Driver, neo4j_connection: Connection, author_id: str, expected: str, argument: str
) -> None:
    _, cookie = _person(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        body = post(_as(client, cookie), CLAIM, {"id": author_id})
    assert code(body) == expected
    assert body["errors"][0]["extensions"]["argument"] == argument
    assert statuses(graph, "A1") == []


def test_evidence_is_bounded(graph: neo4j.Driver, neo4j_connection: Connection) -> None:
    _, cookie = _person(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        body = post(_as(client, cookie), CLAIM, {"id": "A1", "evidence": "x" * 2001})
    assert code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "evidence"
    assert claimed(graph, "A1") == []


def test_the_constraints_hold_without_the_code(graph: neo4j.Driver) -> None:
    """Two active claims of one record, or two open claims of one account: Neo4j refuses."""
    graph.execute_query("CREATE (:Claim {id: 'C1', active_author: 'A1', open_user: 'U1'})")
    for duplicate in (
        "CREATE (:Claim {id: 'C2', active_author: 'A1', open_user: 'U2'})",
        "CREATE (:Claim {id: 'C3', active_author: 'A2', open_user: 'U1'})",
        "CREATE (:Claim {id: 'C1'})",
    ):
        with pytest.raises(neo4j.exceptions.ConstraintError):
            graph.execute_query(duplicate)
    # Closed claims keep neither property: any number of them.
    graph.execute_query("CREATE (:Claim {id: 'C4'}), (:Claim {id: 'C5'})")


# -- concurrency --------------------------------------------------------------------------------


def _accounts(driver: neo4j.Driver, connection: Connection, count: int) -> list[str]:
    ids = [f"Uclaim{i:03d}" for i in range(count)]
    driver.execute_query(
        "UNWIND $ids AS id CREATE (:User {id: id, email: id + '@example.org', roles: []})",
        ids=ids,
    )
    return [session_cookie(connection, account_id) for account_id in ids]


async def _at_once(base_url: str, requests: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """(cookie, author id) pairs, all sent at the same moment."""

    async def one(client: httpx.AsyncClient, cookie: str, author_id: str) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            json={"query": CLAIM, "variables": {"id": author_id}},
            headers={"origin": base_url, "cookie": f"{COOKIE}={cookie}"},
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    limits = httpx.Limits(max_connections=len(requests))
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        return await asyncio.gather(*(one(client, c, a) for c, a in requests))


def test_concurrent_claims_of_one_record_leave_one_claim_and_the_rest_in_review(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    cookies = _accounts(graph, neo4j_connection, 12)
    with live_server(neo4j_connection, **GENEROUS) as base_url:
        bodies = asyncio.run(_at_once(base_url, [(cookie, "A1") for cookie in cookies]))
    assert all("errors" not in body for body in bodies), [b for b in bodies if "errors" in b][:1]
    outcomes = sorted(body["data"]["claimAuthor"]["status"] for body in bodies)
    assert outcomes == ["ACTIVE"] + ["IN_REVIEW"] * 11
    [holder] = claimed(graph, "A1")
    [winner] = [
        b["data"]["claimAuthor"] for b in bodies if b["data"]["claimAuthor"]["status"] == "ACTIVE"
    ]
    assert holder["user"] == winner["claimantId"]
    assert statuses(graph, "A1") == ["ACTIVE"] + ["IN_REVIEW"] * 11


def test_concurrent_claims_by_one_account_leave_one_open_claim(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    [cookie] = _accounts(graph, neo4j_connection, 1)
    targets = ["A1", "A2", "A3", "A4", "A5", "A9"] * 2
    with live_server(neo4j_connection, **GENEROUS) as base_url:
        bodies = asyncio.run(_at_once(base_url, [(cookie, target) for target in targets]))
    accepted = [b for b in bodies if "errors" not in b]
    assert len(accepted) == 1
    assert {b["errors"][0]["extensions"]["reason"] for b in bodies if "errors" in b} == {
        "one-claim-per-account"
    }
    records, _, _ = graph.execute_query(
        "MATCH (:User {id: 'Uclaim000'})-[r:CLAIMED]->(a:Author) RETURN a.id AS id"
    )
    assert [r["id"] for r in records] == [accepted[0]["data"]["claimAuthor"]["author"]["id"]]


# -- who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "researcher", "analyst", "admin"])
def test_authorization_per_role(
    graph: neo4j.Driver, neo4j_connection: Connection, role: str
) -> None:
    holder, holder_cookie = _person(neo4j_connection, "holder@example.org")
    cookie = None
    if role != "anonymous":
        _, cookie = _person(neo4j_connection, f"{role}@example.org", Role(role))
    with api_client(neo4j_connection) as client:
        assert "errors" not in post(_as(client, holder_cookie), CLAIM, {"id": "A1"})
        client.cookies.clear()
        if cookie:
            client.cookies[COOKIE] = cookie
        claim = post(client, CLAIM, {"id": "A1"})
        mine = post(client, MY_CLAIMS)
        queue = post(client, REVIEWS)
        released = post(client, RELEASE)
        _as(client, holder_cookie)
        [active] = post(client, MY_CLAIMS)["data"]["myClaims"]
        client.cookies.clear()
        if cookie:
            client.cookies[COOKIE] = cookie
        decided = post(client, DECIDE, {"id": active["id"], "approve": True, "reason": "x"})
    if role == "anonymous":
        assert [code(b) for b in (claim, mine, queue, released, decided)] == ["UNAUTHENTICATED"] * 5
        return
    # Every account may claim (this record is held: to review), see its own claims, release.
    assert claim["data"]["claimAuthor"]["status"] == "IN_REVIEW"
    assert [c["status"] for c in mine["data"]["myClaims"]] == ["IN_REVIEW"]
    assert released["data"]["releaseClaim"]["status"] == "WITHDRAWN"
    if role == "admin":
        assert queue["data"]["claimReviews"][0]["status"] == "IN_REVIEW"
        # The holder's claim was never in review: the admin cannot decide on it.
        assert code(decided) == "BAD_USER_INPUT"
        assert decided["errors"][0]["extensions"]["reason"] == "not-in-review"
    else:
        assert code(queue) == "FORBIDDEN" and code(decided) == "FORBIDDEN"
        assert decided["errors"][0]["extensions"]["required"] == "admin"
    assert claimed(graph, "A1") == [{"user": holder, "level": "L2", "verified_by": None}]
