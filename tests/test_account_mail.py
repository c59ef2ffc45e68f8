"""Sign-up confirmation and password reset by e-mail, over real SMTP (aiosmtpd on loopback), on
the path claims use (identity/mail.py and the outbox): tokens kept only as hashes, expiring,
single-use, rate limited, and nothing that tells whether an address has an account."""

from __future__ import annotations

import re
import time
from email.message import EmailMessage

import neo4j
import pytest

from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import api_client
from tests.identity_support import PASSWORD, code, make_account, post, session_cookie
from tests.smtp_support import Inbox, smtp_server

SIGN_UP = """mutation ($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } } }"""
ME = "{ me { email emailConfirmedAt } }"
CONFIRM = "mutation ($token: String!) { confirmEmail(token: $token) }"
AGAIN = "mutation { requestEmailConfirmation }"
REQUEST_RESET = "mutation ($email: String!) { requestPasswordReset(email: $email) }"
RESET = """mutation ($token: String!) { resetPassword(token: $token,
  newPassword: "a brand new password") }"""
CONFIRM_LINK = re.compile(r"(https?://\S+/account/confirm-email)\?token=(kgc_[\w-]+)")
RESET_TOKEN = re.compile(r"kgr_[\w-]+")


@pytest.fixture
def graph(empty_graph: neo4j.Driver) -> neo4j.Driver:
    return empty_graph


def _wait_for(inbox: Inbox, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(inbox.messages) < count:
        assert time.monotonic() < deadline, "no mail arrived"
        time.sleep(0.05)


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def _link(message: EmailMessage) -> tuple[str, str]:
    match = CONFIRM_LINK.search(_text(message))
    assert match, _text(message)
    return match.group(1), match.group(2)


def _stored_anywhere(driver: neo4j.Driver, secret: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE any(k IN keys(n) WHERE toStringOrNull(n[k]) CONTAINS $t) "
        "RETURN count(n) AS n",
        t=secret,
    )
    return int(records[0]["n"])


def test_sign_up_mails_a_link_that_confirms_the_address_once(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        signed_up = post(client, SIGN_UP, {"email": "Ada@Uni.Example", "password": PASSWORD})
        assert signed_up["data"]["signUp"]["account"]["email"] == "ada@uni.example"
        _wait_for(inbox, 1)
        [message] = inbox.messages
        assert inbox.envelopes[0][1] == ["ada@uni.example"]
        assert message["Subject"] == "Confirm your e-mail address"
        base, token = _link(message)
        assert base == "http://testserver/account/confirm-email"
        assert _stored_anywhere(graph, token) == 0  # neither the token nor a usable link
        assert post(client, ME)["data"]["me"] == {
            "email": "ada@uni.example",
            "emailConfirmedAt": None,
        }
        session = client.cookies.get(COOKIE)
        assert session
        client.cookies.clear()  # any browser: the token is the credential
        assert post(client, CONFIRM, {"token": token}) == {
            "data": {"confirmEmail": "ada@uni.example"}
        }
        replay = post(client, CONFIRM, {"token": token})["errors"][0]["extensions"]
        assert replay == {"code": "BAD_USER_INPUT", "argument": "token", "reason": "used"}
        forged = post(client, CONFIRM, {"token": "kgc_" + "x" * 43})
        assert forged["errors"][0]["extensions"]["reason"] == "unknown-link"
        assert code(post(client, CONFIRM, {"token": "not a token"})) == "BAD_USER_INPUT"
        assert code(post(client, AGAIN)) == "UNAUTHENTICATED"
        client.cookies[COOKIE] = session
        me = post(client, ME)["data"]["me"]
        assert me["emailConfirmedAt"] is not None
        # Nothing left to confirm: no new link.
        assert post(client, AGAIN) == {"data": {"requestEmailConfirmation": False}}
    records, _, _ = graph.execute_query(
        "MATCH (m:OutboxMail {kind: 'signup-confirmation'}) RETURN m.body AS body"
    )
    assert len(records) == 1 and "kgc_" not in records[0]["body"]


def test_expired_links_are_refused_and_a_new_one_confirms_through_the_page(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with (
        smtp_server() as inbox,
        api_client(neo4j_connection, smtp_host="127.0.0.1", smtp_port=inbox.port) as client,
    ):
        account = make_account(neo4j_connection, "bob@uni.example")
        client.cookies.clear()
        client.cookies[COOKIE] = session_cookie(neo4j_connection, account.id)
        assert post(client, AGAIN) == {"data": {"requestEmailConfirmation": True}}
        _, expired = _link(inbox.messages[0])
        graph.execute_query(
            "MATCH (c:EmailConfirmation) SET c.expires = datetime() - duration('PT1S')"
        )
        refused = post(client, CONFIRM, {"token": expired})
        assert refused["errors"][0]["extensions"]["reason"] == "expired"
        assert post(client, ME)["data"]["me"]["emailConfirmedAt"] is None
        assert post(client, AGAIN) == {"data": {"requestEmailConfirmation": True}}
        link, token = _link(inbox.messages[1])
        client.cookies.clear()
        page = client.get(f"{link}?token={token}")
        assert page.status_code == 200 and "script" not in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert page.headers["referrer-policy"] == "no-referrer"
        assert _confirmed(graph, "bob@uni.example") is False  # opening the link spends nothing
        foreign = client.post(
            "/account/confirm-email",
            data={"token": token},
            headers={"origin": "https://evil.example"},
        )
        assert foreign.status_code == 403
        cross = client.post(
            "/account/confirm-email",
            data={"token": token},
            headers={"origin": "null", "sec-fetch-site": "cross-site"},
        )
        assert cross.status_code == 403
        done = client.post("/account/confirm-email", data={"token": token})
        assert done.status_code == 200 and 'data-confirmed="bob@uni.example"' in done.text
        assert _confirmed(graph, "bob@uni.example") is True
        again = client.post("/account/confirm-email", data={"token": token})
        assert again.status_code == 400 and 'data-reason="used"' in again.text
        assert client.get("/account/confirm-email?token=<script>").status_code == 400


def _confirmed(driver: neo4j.Driver, email: str) -> bool:
    records, _, _ = driver.execute_query(
        "MATCH (u:User {email: $email}) RETURN u.email_confirmed IS NOT NULL AS done", email=email
    )
    return bool(records[0]["done"])


def test_new_confirmation_links_are_rate_limited_per_account(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection, rate_confirmation_emails_per_user="2 per hour") as client:
        account = make_account(neo4j_connection, "cat@uni.example")
        client.cookies[COOKIE] = session_cookie(neo4j_connection, account.id)
        for _ in range(2):
            assert post(client, AGAIN) == {"data": {"requestEmailConfirmation": True}}
        limited = post(client, AGAIN)
    assert code(limited) == "RATE_LIMITED"
    assert limited["errors"][0]["extensions"]["retryAfter"] >= 1
    records, _, _ = graph.execute_query("MATCH (c:EmailConfirmation) RETURN count(c) AS n")
    assert records[0]["n"] == 2


def test_password_reset_tokens_are_hashed_expire_and_are_limited(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "dan@uni.example")
    with (
        smtp_server() as inbox,
        api_client(
            neo4j_connection,
            smtp_host="127.0.0.1",
            smtp_port=inbox.port,
            rate_sign_in_per_account="3 per 15 minutes",
        ) as client,
    ):
        assert post(client, REQUEST_RESET, {"email": "dan@uni.example"})["data"]
        _wait_for(inbox, 1)
        match = RESET_TOKEN.search(_text(inbox.messages[0]))
        assert match
        token = match.group(0)
        assert _stored_anywhere(graph, token) == 0
        graph.execute_query("MATCH (r:PasswordReset) SET r.expires = datetime() - duration('PT1S')")
        assert code(post(client, RESET, {"token": token})) == "BAD_USER_INPUT"  # expired
        # An unknown address is limited like a known one: the limit tells nothing either.
        for address, left in (("dan@uni.example", 2), ("nobody@uni.example", 3)):
            for _ in range(left):
                answer = post(client, REQUEST_RESET, {"email": address})
                assert answer == {"data": {"requestPasswordReset": True}}, address
            assert code(post(client, REQUEST_RESET, {"email": address})) == "RATE_LIMITED"
        _wait_for(inbox, 3)
        time.sleep(0.5)
    assert [envelope[1] for envelope in inbox.envelopes] == [["dan@uni.example"]] * 3
