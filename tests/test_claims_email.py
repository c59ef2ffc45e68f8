"""Verification by institutional e-mail, over real SMTP (aiosmtpd on loopback): the domain rule,
the link from the message confirming the claim (L3), expired, replayed and foreign links refused,
the outbox (delivered messages keep no usable link; without an SMTP host the outbox is the
mailbox), and the rate limit."""

from __future__ import annotations

import re
import time
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.claims_support import CLAIM, CLAIM_FIELDS, TRUST, claimed
from tests.identity_support import code, make_account, post, session_cookie
from tests.smtp_support import LINK, smtp_server

START = """mutation ($address: String!) { startClaimEmailVerification(address: $address) {
  address institution expiresAt delivery } }"""
CONFIRM = "mutation ($token: String!) { confirmClaimEmail(token: $token) { " + CLAIM_FIELDS + " } }"


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    builder = GraphBuilder()
    builder.institution("I1", "University of Example", homepage_url="https://www.uni.example/en/")
    builder.institution("I2", "Institute Without Homepage")
    builder.author("A1", "Ada Example")
    builder.affiliate("A1", "I1", [2020, 2024])
    builder.affiliate("A1", "I2", [2019])
    builder.author("A9", "Only Homeless")
    builder.affiliate("A9", "I2", [2021])
    builder.author("A8", "No Affiliation")
    load(builder, driver, neo4j_connection)
    return driver


def _signed_in(client: TestClient, connection: Connection, email: str) -> str:
    account = make_account(connection, email)
    client.cookies.clear()
    client.cookies[COOKIE] = session_cookie(connection, account.id)
    return account.id


def test_the_emailed_link_verifies_the_claim_once(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        user = _signed_in(client, neo4j_connection, "ada@gmail.example")
        assert code(post(client, START, {"address": "ada@cs.uni.example"})) == "FORBIDDEN"
        assert post(client, CLAIM, {"id": "A1"})["data"]["claimAuthor"]["level"] == "L2"
        wrong = post(client, START, {"address": "ada@gmail.example"})
        assert wrong["errors"][0]["extensions"]["reason"] == "domain-mismatch"
        assert "uni.example" in wrong["errors"][0]["message"]
        assert code(post(client, START, {"address": "not an address"})) == "BAD_USER_INPUT"
        assert inbox.messages == []
        started = post(client, START, {"address": "Ada@CS.Uni.Example"})
        assert started["data"]["startClaimEmailVerification"]["address"] == "ada@cs.uni.example"
        assert started["data"]["startClaimEmailVerification"]["institution"] == (
            "University of Example"
        )
        assert started["data"]["startClaimEmailVerification"]["delivery"] == "sent"
        [message] = inbox.messages
        assert message["To"] == "ada@cs.uni.example"
        assert inbox.envelopes[0][1] == ["ada@cs.uni.example"]
        assert "A1" in message["Subject"]
        token = inbox.token()
        # The database holds neither the token nor a usable link.
        records, _, _ = graph.execute_query(
            "MATCH (n) WHERE any(k IN keys(n) WHERE toStringOrNull(n[k]) CONTAINS $t) "
            "RETURN count(n) AS n",
            t=token,
        )
        assert records[0]["n"] == 0
        client.cookies.clear()  # the link works from any browser: the token is the credential
        confirmed = post(client, CONFIRM, {"token": token})["data"]["confirmClaimEmail"]
        assert (confirmed["level"], confirmed["verifiedBy"]) == ("L3", "email")
        assert [e["action"] for e in confirmed["events"]] == ["claimed", "e-mail sent", "verified"]
        assert "ada@cs.uni.example" in confirmed["events"][-1]["detail"]
        replay = post(client, CONFIRM, {"token": token})
        assert replay["errors"][0]["extensions"]["reason"] == "used"
        forged = post(client, CONFIRM, {"token": "kge_" + "x" * 43})
        assert forged["errors"][0]["extensions"]["reason"] == "unknown-link"
        trust = post(client, TRUST, {"id": "A1"})["data"]["author"]["trust"]
    assert claimed(graph, "A1") == [{"user": user, "level": "L3", "verified_by": "email"}]
    assert (trust["level"], trust["status"]) == ("L3", "VERIFIED")
    assert "a confirmed e-mail address at an affiliated institution" in str(trust["components"])


def test_expired_links_and_links_of_a_released_claim_are_refused(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        _signed_in(client, neo4j_connection, "ada@uni.example")
        post(client, CLAIM, {"id": "A1"})
        assert "errors" not in post(client, START, {"address": "ada@uni.example"})
        assert "errors" not in post(client, START, {"address": "ada@uni.example"})
        expired, later = inbox.token(0), inbox.token(1)
        graph.execute_query(
            "MATCH (v:EmailVerification) WITH v ORDER BY v.created LIMIT 1 "
            "SET v.expires = datetime() - duration('PT1S')"
        )
        assert post(client, CONFIRM, {"token": expired})["errors"][0]["extensions"] == {
            "code": "BAD_USER_INPUT",
            "argument": "token",
            "reason": "expired",
        }
        assert "errors" not in post(client, "mutation { releaseClaim { status } }")
        closed = post(client, CONFIRM, {"token": later})
        assert closed["errors"][0]["extensions"]["reason"] == "claim-closed"
    assert claimed(graph, "A1") == []


def test_records_without_a_known_institution_domain_are_told_the_other_paths(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection) as client:
        for author, email in (("A9", "nine@example.org"), ("A8", "eight@example.org")):
            _signed_in(client, neo4j_connection, email)
            post(client, CLAIM, {"id": author})
            body = post(client, START, {"address": email})
            assert body["errors"][0]["extensions"]["reason"] == "no-institution-domain"
            assert "verifyClaimWithOrcid" in body["errors"][0]["message"]


def test_without_an_smtp_host_the_outbox_is_the_mailbox(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cli.main import main

    with api_client(neo4j_connection) as client:
        _signed_in(client, neo4j_connection, "ada@uni.example")
        post(client, CLAIM, {"id": "A1"})
        started = post(client, START, {"address": "ada@uni.example"})
        assert started["data"]["startClaimEmailVerification"]["delivery"] == "kept"
        records, _, _ = graph.execute_query("MATCH (m:OutboxMail) RETURN m.body AS body")
        [body] = [r["body"] for r in records]
        assert LINK.search(body)  # kept whole: nothing was sent
        for name in ("URI", "USER", "PASSWORD", "DATABASE"):
            monkeypatch.setenv(f"KG_NEO4J_{name}", getattr(neo4j_connection, name.lower()))
        monkeypatch.delenv("KG_SMTP_HOST", raising=False)
        assert main(["mail", "outbox", "--to", "Ada@Uni.Example"]) == 0
        shown = capsys.readouterr().out
        assert "no SMTP host" in shown and "To: ada@uni.example" in shown
        assert "Subject: Confirm your claim of author record A1" in shown
        match = LINK.search(shown)
        assert main(["mail", "outbox", "--to", "nobody@example.org"]) == 0
        assert "no message to nobody@example.org" in capsys.readouterr().out
        assert match and match.group(0).startswith("http://testserver/claims/confirm-email")
        confirmed = post(client, CONFIRM, {"token": match.group(1)})
        assert confirmed["data"]["confirmClaimEmail"]["level"] == "L3"


def test_delivered_mail_is_kept_without_its_link_and_failures_are_recorded(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        _signed_in(client, neo4j_connection, "ada@uni.example")
        post(client, CLAIM, {"id": "A1"})
        post(client, START, {"address": "ada@uni.example"})
        post(client, "mutation { releaseClaim { status } }")
    records, _, _ = graph.execute_query("MATCH (m:OutboxMail) RETURN m {.*} AS m")
    [kept] = [r["m"] for r in records]
    assert kept["delivery"] == "sent" and kept["to"] == "ada@uni.example"
    assert "[sent, not kept]" in kept["body"] and "kge_" not in kept["body"]
    assert inbox.token().startswith("kge_")
    # A server that does not answer: the mutation still answers, the outbox says it failed.
    with smtp_server() as gone:
        port = gone.port
    with api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=port) as client:
        _signed_in(client, neo4j_connection, "bob@uni.example")
        assert post(client, CLAIM, {"id": "A1"})["data"]["claimAuthor"]["status"] == "ACTIVE"
        failed = post(client, START, {"address": "bob@uni.example"})
    assert failed["data"]["startClaimEmailVerification"]["delivery"] == "failed"
    records, _, _ = graph.execute_query(
        "MATCH (m:OutboxMail {to: 'bob@uni.example'}) RETURN m.error AS error"
    )
    assert records[0]["error"].startswith("ConnectionRefusedError")


def test_confirmation_e_mails_are_rate_limited(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection, rate_claim_emails_per_user="2 per hour") as client:
        _signed_in(client, neo4j_connection, "ada@uni.example")
        post(client, CLAIM, {"id": "A1"})
        for _ in range(2):
            assert "errors" not in post(client, START, {"address": "ada@uni.example"})
        limited = post(client, START, {"address": "ada@uni.example"})
    assert code(limited) == "RATE_LIMITED"
    assert limited["errors"][0]["extensions"]["retryAfter"] >= 1


def test_the_link_opens_a_page_whose_button_confirms(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        _signed_in(client, neo4j_connection, "ada@uni.example")
        post(client, CLAIM, {"id": "A1"})
        post(client, START, {"address": "ada@uni.example"})
        link = LINK.search(inbox.messages[0].get_body().get_content()).group(0)  # type: ignore[union-attr]
        client.cookies.clear()
        page = client.get(link)
        assert page.status_code == 200
        assert (
            "script" not in page.text
            and "default-src 'none'" in page.headers["content-security-policy"]
        )
        assert page.headers["referrer-policy"] == "no-referrer"
        assert claimed(graph, "A1")[0]["level"] == "L2"  # opening the link spends nothing
        token = inbox.token()
        foreign = client.post(
            "/claims/confirm-email",
            data={"token": token},
            headers={"origin": "https://evil.example"},
        )
        assert foreign.status_code == 403
        done = client.post("/claims/confirm-email", data={"token": token})
        assert done.status_code == 200 and 'data-level="L3"' in done.text
        assert claimed(graph, "A1")[0]["level"] == "L3"
        again = client.post("/claims/confirm-email", data={"token": token})
        assert again.status_code == 400 and 'data-reason="used"' in again.text
        assert client.get("/claims/confirm-email?token=<script>").status_code == 400


def _wait_for(inbox: Any, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(inbox.messages) < count:
        assert time.monotonic() < deadline, "no mail arrived"
        time.sleep(0.05)


def test_password_reset_by_mail_through_the_same_path(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    request = "mutation ($email: String!) { requestPasswordReset(email: $email) }"
    reset = """mutation ($token: String!) { resetPassword(token: $token,
      newPassword: "a brand new password") }"""
    make_account(neo4j_connection, "ada@uni.example")
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        unknown = post(client, request, {"email": "nobody@uni.example"})
        known = post(client, request, {"email": "Ada@Uni.Example"})
        assert unknown["data"] == known["data"] == {"requestPasswordReset": True}
        _wait_for(inbox, 1)
        time.sleep(0.5)  # the unknown address gets nothing
        [message] = inbox.messages
        assert message["To"] == "ada@uni.example"
        token = re.search(r"kgr_[\w-]+", message.get_body().get_content()).group(0)  # type: ignore[union-attr]
        assert post(client, reset, {"token": token})["data"] == {"resetPassword": True}
        assert code(post(client, reset, {"token": token})) == "BAD_USER_INPUT"  # once
        assert code(post(client, request, {"email": "not an address"})) == "BAD_USER_INPUT"
    records, _, _ = graph.execute_query("MATCH (m:OutboxMail {kind: 'password-reset'}) RETURN m")
    assert len(records) == 1 and "kgr_" not in records[0]["m"]["body"]
