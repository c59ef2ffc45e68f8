"""Verification of claims: ORCID (at claim time, later, and end to end through Sign in with ORCID
against the local OpenID provider), the admins' review queue (contested claims and verification
requests, approved or rejected with the reason kept), and the trust snapshot reaching L3 with an
explanation of which evidence gave which points and when."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from identity.roles import Role
from identity.sessions import COOKIE
from kg.db import Connection
from server import create_app
from tests.api_factory import GraphBuilder, api_client, load
from tests.claims_support import (
    CLAIM,
    DECIDE,
    MY_CLAIMS,
    REQUEST_REVIEW,
    REVIEWS,
    TRUST,
    VERIFY_ORCID,
    claimed,
    statuses,
)
from tests.identity_support import code, make_account, post, session_cookie, with_graph
from tests.openid_provider import APP_ORIGIN, DEFAULT_ORCID, Browser, OpenIDProvider
from tests.test_oidc_flow import orcid_settings

OTHER_ORCID = "0000-0001-5109-3700"


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    builder = GraphBuilder()
    builder.author("A1", "Josiah Carberry", orcid=DEFAULT_ORCID)
    for other in ("A2", "A3", "A4", "A5"):
        builder.author(other, f"Co-author {other}")
    builder.work("W1", authors=["A1", "A2", "A3"])
    builder.work("W2", authors=["A1", "A4", "A5"])
    builder.author("A9", "No Orcid")
    load(builder, driver, neo4j_connection)
    return driver


def _as(client: TestClient, cookie: str) -> TestClient:
    client.cookies.clear()
    client.cookies[COOKIE] = cookie
    return client


def _person(
    connection: Connection, email: str, *, role: Role | None = None, orcid: str | None = None
) -> tuple[str, str]:
    account = make_account(connection, email, role=role)
    if orcid:

        async def link(graph: object) -> None:
            # What Sign in with ORCID stores once the provider's ID token is verified.
            await graph.write("users/link_orcid", userId=account.id, orcid=orcid)  # type: ignore[attr-defined]

        with_graph(connection, link)
    return account.id, session_cookie(connection, account.id)


def _trust(client: TestClient, author_id: str) -> dict[str, object]:
    client.cookies.clear()
    trust: dict[str, object] = post(client, TRUST, {"id": author_id})["data"]["author"]["trust"]
    return trust


def test_an_account_whose_orcid_is_the_records_is_verified_at_once(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    user, cookie = _person(neo4j_connection, "josiah@example.org", orcid=DEFAULT_ORCID)
    with api_client(neo4j_connection) as client:
        claim = post(_as(client, cookie), CLAIM, {"id": "A1"})["data"]["claimAuthor"]
        assert (claim["status"], claim["level"], claim["verifiedBy"]) == ("ACTIVE", "L3", "orcid")
        assert claim["verifiedAt"] is not None
        assert DEFAULT_ORCID in claim["events"][0]["detail"]
        trust = _trust(client, "A1")
    assert claimed(graph, "A1") == [{"user": user, "level": "L3", "verified_by": "orcid"}]
    # 20 record + 10 ORCID + 4 works + 8 collaborators + 15 claimed + 15 verified
    assert (trust["score"], trust["level"], trust["status"]) == (72, "L3", "VERIFIED")
    details = {c["key"]: (c["points"], c["detail"]) for c in trust["components"]}  # type: ignore[attr-defined]
    assert details["verified"][0] == 15
    assert details["verified"][1].startswith("Verified on 20")
    assert "ORCID iD is the record's" in details["verified"][1]
    assert "claimed and verified (L3) by orcid" in str(trust["explanation"])
    assert "verified identity 15 (since 20" in str(trust["explanation"])


def test_orcid_verification_later_and_its_refusals(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    _, plain = _person(neo4j_connection, "plain@example.org")
    _, other = _person(neo4j_connection, "other@example.org", orcid=OTHER_ORCID)
    with api_client(neo4j_connection) as client:
        assert code(post(_as(client, plain), VERIFY_ORCID)) == "FORBIDDEN"  # no claim yet
        assert post(client, CLAIM, {"id": "A1"})["data"]["claimAuthor"]["level"] == "L2"
        refused = post(client, VERIFY_ORCID)
        assert refused["errors"][0]["extensions"]["reason"] == "no-orcid"
        _as(client, other)
        assert post(client, CLAIM, {"id": "A9"})["data"]["claimAuthor"]["level"] == "L2"
        mismatch = post(client, VERIFY_ORCID)
        assert mismatch["errors"][0]["extensions"] == {
            "code": "FORBIDDEN",
            "reason": "orcid-mismatch",
        }
        assert "none" in mismatch["errors"][0]["message"]  # the record has no ORCID iD
    assert claimed(graph, "A1")[0]["level"] == "L2"
    assert claimed(graph, "A9")[0]["level"] == "L2"


@pytest.fixture
def orcid_app(
    neo4j_connection: Connection, openid_provider: OpenIDProvider, graph: neo4j.Driver
) -> Iterator[TestClient]:
    settings = orcid_settings(neo4j_connection, openid_provider.issuer)
    with TestClient(create_app(settings), base_url=APP_ORIGIN) as client:
        yield client


def test_sign_in_with_orcid_then_claim_is_l3_end_to_end(
    orcid_app: TestClient, openid_provider: OpenIDProvider, graph: neo4j.Driver
) -> None:
    """A researcher signs up by password, claims (L2), links ORCID through the real provider
    (its ID token verified by the service), then verifies: L3."""
    email_only = orcid_app.post(
        "/graphql",
        json={
            "query": 'mutation { signUp(email: "josiah@example.org", '
            'password: "correct horse battery staple") { account { id } } }'
        },
        headers={"Origin": APP_ORIGIN},
    ).json()
    user = email_only["data"]["signUp"]["account"]["id"]

    def gql(query: str) -> dict[str, object]:
        response = orcid_app.post("/graphql", json={"query": query}, headers={"Origin": APP_ORIGIN})
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    first = gql('mutation { claimAuthor(authorId: "A1") { status level } }')
    assert first["data"] == {"claimAuthor": {"status": "ACTIVE", "level": "L2"}}
    browser = Browser(orcid_app, openid_provider)
    try:
        linked = browser.get(browser.to_callback("/auth/orcid/link"))
        assert linked.status_code == 303, linked.text
    finally:
        browser.close()
    assert gql("{ me { orcid } }")["data"] == {"me": {"orcid": DEFAULT_ORCID}}
    verified = gql("mutation { verifyClaimWithOrcid { level verifiedBy events { action } } }")
    assert verified["data"] == {
        "verifyClaimWithOrcid": {
            "level": "L3",
            "verifiedBy": "orcid",
            "events": [{"action": "claimed"}, {"action": "verified"}],
        }
    }
    assert claimed(graph, "A1") == [{"user": user, "level": "L3", "verified_by": "orcid"}]


# -- the admins' review queue -------------------------------------------------------------------


def test_an_admin_gives_a_contested_record_to_its_rightful_claimant(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    squatter, squatter_cookie = _person(neo4j_connection, "squatter@example.org")
    rightful, rightful_cookie = _person(neo4j_connection, "rightful@example.org")
    admin, admin_cookie = _person(neo4j_connection, "admin@example.org", role=Role.ADMIN)
    with api_client(neo4j_connection) as client:
        post(_as(client, squatter_cookie), CLAIM, {"id": "A9"})
        contested = post(
            _as(client, rightful_cookie), CLAIM, {"id": "A9", "evidence": "my staff page: …"}
        )["data"]["claimAuthor"]
        [queued] = post(_as(client, admin_cookie), REVIEWS)["data"]["claimReviews"]
        assert queued["id"] == contested["id"] and queued["evidence"] == "my staff page: …"
        assert queued["reviewKind"] == "CONTESTED" and queued["recordHeldByAnother"] is True
        missing = post(client, DECIDE, {"id": contested["id"], "approve": True, "reason": " "})
        assert code(missing) == "BAD_USER_INPUT"
        decided = post(
            client, DECIDE, {"id": contested["id"], "approve": True, "reason": "staff page checks"}
        )["data"]["decideClaimReview"]
        assert (decided["status"], decided["level"], decided["verifiedBy"]) == (
            "ACTIVE",
            "L3",
            "review",
        )
        assert (decided["review"], decided["reason"]) == ("APPROVED", "staff page checks")
        assert [e["action"] for e in decided["events"]] == ["sent to review", "approved"]
        assert decided["events"][1]["actor"] == admin
        assert post(client, REVIEWS)["data"]["claimReviews"] == []
        again = post(client, DECIDE, {"id": contested["id"], "approve": False, "reason": "x"})
        assert again["errors"][0]["extensions"]["reason"] == "not-in-review"
        [lost] = post(_as(client, squatter_cookie), MY_CLAIMS)["data"]["myClaims"]
        assert lost["status"] == "REVOKED" and "staff page checks" in lost["reason"]
        assert [e["action"] for e in lost["events"]] == ["claimed", "revoked"]
        # The squatter lost the record, so may claim another.
        assert post(client, CLAIM, {"id": "A1"})["data"]["claimAuthor"]["status"] == "ACTIVE"
        trust = _trust(client, "A9")
    assert claimed(graph, "A9") == [{"user": rightful, "level": "L3", "verified_by": "review"}]
    assert sorted(statuses(graph, "A9")) == ["ACTIVE", "REVOKED"]
    assert (trust["level"], trust["status"]) == ("L3", "VERIFIED")
    assert "an admin reviewed the evidence" in str(trust["components"])
    assert squatter != rightful


def test_rejections_keep_the_reason_and_change_nothing_else(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    holder, holder_cookie = _person(neo4j_connection, "holder@example.org")
    _, other_cookie = _person(neo4j_connection, "other@example.org")
    _, admin_cookie = _person(neo4j_connection, "admin@example.org", role=Role.ADMIN)
    with api_client(neo4j_connection) as client:
        post(_as(client, holder_cookie), CLAIM, {"id": "A9"})
        asked = post(client, REQUEST_REVIEW, {"evidence": "https://uni.example/staff/holder"})
        asked_claim = asked["data"]["requestClaimReview"]
        assert (asked_claim["review"], asked_claim["reviewKind"]) == ("PENDING", "VERIFICATION")
        contested = post(_as(client, other_cookie), CLAIM, {"id": "A9"})["data"]["claimAuthor"]
        queue = post(_as(client, admin_cookie), REVIEWS)["data"]["claimReviews"]
        assert {c["id"] for c in queue} == {asked_claim["id"], contested["id"]}
        for claim_id in (asked_claim["id"], contested["id"]):
            body = post(client, DECIDE, {"id": claim_id, "approve": False, "reason": "no proof"})
            assert body["data"]["decideClaimReview"]["review"] == "REJECTED"
        [kept] = post(_as(client, holder_cookie), MY_CLAIMS)["data"]["myClaims"]
        assert (kept["status"], kept["level"], kept["reason"]) == ("ACTIVE", "L2", "no proof")
        [refused] = post(_as(client, other_cookie), MY_CLAIMS)["data"]["myClaims"]
        assert (refused["status"], refused["reason"]) == ("REJECTED", "no proof")
        assert [e["action"] for e in refused["events"]] == ["sent to review", "rejected"]
        # Rejected is closed: that account may claim again (a free record at once).
        assert post(client, CLAIM, {"id": "A1"})["data"]["claimAuthor"]["status"] == "ACTIVE"
        # The holder asks again; this time an admin approves: L3 by review.
        post(_as(client, holder_cookie), REQUEST_REVIEW, {"evidence": "signed letter"})
        approved = post(
            _as(client, admin_cookie),
            DECIDE,
            {"id": asked_claim["id"], "approve": True, "reason": "letter checks"},
        )["data"]["decideClaimReview"]
        assert (approved["level"], approved["verifiedBy"], approved["review"]) == (
            "L3",
            "review",
            "APPROVED",
        )
        empty = post(_as(client, holder_cookie), REQUEST_REVIEW, {"evidence": "   "})
        assert code(empty) == "BAD_USER_INPUT"
        verified = post(client, REQUEST_REVIEW, {"evidence": "more"})
        assert verified["errors"][0]["extensions"]["reason"] == "verified"
    assert claimed(graph, "A9") == [{"user": holder, "level": "L3", "verified_by": "review"}]
