"""Accounts and browser sessions over the real HTTP stack: sign-up, sign-in, sign-out, expiry,
password change and reset, session fixation, and the CSRF rule against what a foreign page can
send."""

from __future__ import annotations

import concurrent.futures

import neo4j
import pytest

from identity import accounts
from identity.graph import Graph
from identity.passwords import HASHER
from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.conftest import wipe
from tests.identity_support import (
    FOLLOW,
    ME,
    ORIGIN,
    PASSWORD,
    SIGN_IN,
    SIGN_UP,
    code,
    followers,
    make_account,
    post,
    sign_in,
    with_graph,
)


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    load(builder, driver, neo4j_connection)
    return driver


def stored_user(driver: neo4j.Driver, email: str) -> dict:
    records, _, _ = driver.execute_query(
        "MATCH (u:User {email: $email}) RETURN properties(u) AS u", email=email
    )
    assert len(records) == 1
    return dict(records[0]["u"])


def test_sign_up_signs_in_and_stores_only_an_argon2id_hash(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection) as client:
        body = post(client, SIGN_UP, {"email": "  Ada@Example.ORG ", "password": PASSWORD})
        assert body["data"]["signUp"]["account"]["email"] == "ada@example.org"
        cookie = client.cookies[COOKIE]
        me = post(client, ME)["data"]["me"]
        assert me["email"] == "ada@example.org"
        assert me["roles"] == ["RESEARCHER"]
        assert me["authenticatedBy"] == "session"

    user = stored_user(graph, "ada@example.org")
    assert PASSWORD not in str(user)
    assert user["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert HASHER.verify(user["password_hash"], PASSWORD)
    # Only the session id's SHA-256 is stored.
    records, _, _ = graph.execute_query("MATCH (s:Session) RETURN properties(s) AS s")
    assert len(records) == 1 and cookie not in str(records[0]["s"])


def test_an_address_is_one_account_whatever_its_case_even_at_once(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    def sign_up(email: str) -> str | None:
        with api_client(neo4j_connection) as client:
            return code(post(client, SIGN_UP, {"email": email, "password": PASSWORD}))

    spellings = ["bob@example.org", "BOB@example.org", "Bob@Example.org", "bOb@EXAMPLE.ORG"] * 2
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(sign_up, spellings))
    assert codes.count(None) == 1 and codes.count("BAD_USER_INPUT") == 7, codes
    records, _, _ = graph.execute_query("MATCH (u:User) RETURN count(u) AS n")
    assert records[0]["n"] == 1


@pytest.mark.parametrize(
    ("email", "password", "argument"),
    [
        ("not an address", PASSWORD, "email"),
        ("a@b", PASSWORD, "email"),
        ("ada@example.org", "short", "password"),
        ("ada@example.org", "x" * 201, "password"),
        ("ada@example.org", " " * 12, "password"),
    ],
)
def test_sign_up_refuses_bad_input_saying_what(
    graph: neo4j.Driver, neo4j_connection: Connection, email: str, password: str, argument: str
) -> None:
    with api_client(neo4j_connection) as client:
        body = post(client, SIGN_UP, {"email": email, "password": password})
    assert code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == argument


def test_wrong_password_and_unknown_address_look_the_same(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        wrong = post(client, SIGN_IN, {"email": "ada@example.org", "password": "wrong password!"})
        unknown = post(client, SIGN_IN, {"email": "eve@example.org", "password": PASSWORD})
        assert COOKIE not in client.cookies
    assert code(wrong) == code(unknown) == "UNAUTHENTICATED"
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]


def test_sign_in_replaces_a_planted_session_id(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        # An attacker's own valid session, planted in the victim's browser.
        sign_in(client, "ada@example.org")
        planted = client.cookies[COOKIE]
        sign_in(client, "ada@example.org")
        fresh = client.cookies[COOKIE]
        assert fresh != planted
        client.cookies.clear()
        client.cookies[COOKIE] = planted
        assert code(post(client, ME)) == "UNAUTHENTICATED"
        client.cookies.clear()
        client.cookies[COOKIE] = fresh
        assert post(client, ME)["data"]["me"]["email"] == "ada@example.org"


def test_sign_out_ends_the_session_for_good(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        sign_in(client, "ada@example.org")
        copied = client.cookies[COOKIE]
        assert post(client, "mutation { signOut }")["data"]["signOut"] is True
        assert COOKIE not in client.cookies
        assert post(client, ME)["data"]["me"] is None
        client.cookies[COOKIE] = copied  # a copy of the cookie made before sign-out
        body = post(client, ME)
        assert code(body) == "UNAUTHENTICATED"
        assert "sign in again" in body["errors"][0]["message"]
        assert code(post(client, FOLLOW, {"id": "A1"})) == "UNAUTHENTICATED"
        # Public reads go on for a stale cookie.
        assert "errors" not in post(client, '{ author(id: "A1") { name } }')


def test_idle_and_absolute_expiry(graph: neo4j.Driver, neo4j_connection: Connection) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection, session_idle_seconds=3600) as client:
        sign_in(client, "ada@example.org")
        assert post(client, ME)["data"]["me"] is not None
        graph.execute_query("MATCH (s:Session) SET s.last_seen = datetime() - duration('PT2H')")
        assert code(post(client, ME)) == "UNAUTHENTICATED"

        sign_in(client, "ada@example.org")
        graph.execute_query("MATCH (s:Session) SET s.expires = datetime() - duration('PT1S')")
        assert code(post(client, ME)) == "UNAUTHENTICATED"


def test_use_keeps_a_session_alive(graph: neo4j.Driver, neo4j_connection: Connection) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        sign_in(client, "ada@example.org")
        graph.execute_query("MATCH (s:Session) SET s.last_seen = datetime() - duration('PT5M')")
        post(client, ME)
        records, _, _ = graph.execute_query(
            "MATCH (s:Session) RETURN s.last_seen > datetime() - duration('PT1M') AS fresh"
        )
        assert records[0]["fresh"] is True


def test_a_password_change_ends_every_other_session(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    change = """mutation ($old: String!, $new: String!) {
      changePassword(currentPassword: $old, newPassword: $new) { account { email } } }"""
    with api_client(neo4j_connection) as laptop, api_client(neo4j_connection) as phone:
        sign_in(laptop, "ada@example.org")
        sign_in(phone, "ada@example.org")
        before = laptop.cookies[COOKIE]
        wrong = post(laptop, change, {"old": "not the password", "new": "a new password 1"})
        assert code(wrong) == "BAD_USER_INPUT"
        body = post(laptop, change, {"old": PASSWORD, "new": "a new password 1"})
        assert body["data"]["changePassword"]["account"]["email"] == "ada@example.org"
        assert laptop.cookies[COOKIE] != before
        assert post(laptop, ME)["data"]["me"]["email"] == "ada@example.org"
        assert code(post(phone, ME)) == "UNAUTHENTICATED"
        assert code(post(phone, SIGN_IN, {"email": "ada@example.org", "password": PASSWORD}))
        sign_in(phone, "ada@example.org", "a new password 1")


def test_reset_with_a_one_time_token(graph: neo4j.Driver, neo4j_connection: Connection) -> None:
    make_account(neo4j_connection, "ada@example.org")
    token = with_graph(neo4j_connection, lambda g: accounts.issue_reset(g, "ADA@example.org"))
    reset = """mutation ($token: String!, $new: String!) {
      resetPassword(token: $token, newPassword: $new) }"""
    with api_client(neo4j_connection) as client:
        sign_in(client, "ada@example.org")
        assert post(client, reset, {"token": token, "new": "reset password 22"})["data"] == {
            "resetPassword": True
        }
        assert code(post(client, ME)) == "UNAUTHENTICATED"  # sessions ended with the reset
        again = post(client, reset, {"token": token, "new": "another one 333"})
        assert code(again) == "BAD_USER_INPUT"
        sign_in(client, "ada@example.org", "reset password 22")

    expired = with_graph(
        neo4j_connection, lambda g: accounts.issue_reset(g, "ada@example.org", seconds=-1)
    )
    with api_client(neo4j_connection) as client:
        assert code(post(client, reset, {"token": expired, "new": "reset password 44"}))


# -- CSRF: what a page on another site can make a browser send --------------------------------

FOLLOW_BODY = '{"query": "mutation { follow(authorId: \\"A1\\") { followers } }"}'
MULTIPART = (
    '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n'
    'mutation { follow(authorId: "A1") { followers } }\r\n--x--\r\n'
)


@pytest.mark.parametrize(
    ("content_type", "body", "origin"),
    [
        (
            "application/x-www-form-urlencoded",
            "query=mutation+%7B+signOut+%7D",
            "https://evil.example",
        ),
        (
            "multipart/form-data; boundary=x",
            MULTIPART,
            "https://evil.example",
        ),
        ("text/plain", FOLLOW_BODY, "https://evil.example"),
        ("text/plain", FOLLOW_BODY, None),
        ("application/json", FOLLOW_BODY, "https://evil.example"),
        ("application/json", FOLLOW_BODY, "null"),
        ("application/json", FOLLOW_BODY, None),
        ("application/json", FOLLOW_BODY, "http://testserver.evil.example"),
    ],
)
def test_cross_site_requests_cannot_mutate(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    content_type: str,
    body: str,
    origin: str | None,
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        sign_in(client, "ada@example.org")
        headers = {"content-type": content_type}
        if origin is not None:
            headers["origin"] = origin
        response = client.post("/graphql", content=body.encode(), headers=headers)
        assert response.status_code in (200, 400), response.text
        errors = response.json()["errors"]
        assert errors[0]["extensions"]["code"] in ("FORBIDDEN", "BAD_REQUEST"), errors
        assert followers(graph, "A1") == 0
        assert post(client, ME)["data"]["me"] is not None  # still signed in


def test_same_origin_or_the_csrf_token_may_mutate(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        csrf = sign_in(client, "ada@example.org")["data"]["signIn"]["csrfToken"]
        headers = {"content-type": "application/json"}
        response = client.post(
            "/graphql", content=FOLLOW_BODY, headers={**headers, "origin": ORIGIN}
        )
        assert response.json()["data"]["follow"]["followers"] == 1
        wrong = client.post(
            "/graphql", content=FOLLOW_BODY, headers={**headers, "x-csrf-token": "x"}
        )
        assert wrong.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        right = client.post(
            "/graphql", content=FOLLOW_BODY, headers={**headers, "x-csrf-token": csrf}
        )
        assert right.json()["data"]["follow"]["followers"] == 1


def test_a_foreign_page_cannot_sign_a_visitor_in(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "eve@example.org")
    with api_client(neo4j_connection) as client:
        body = post(
            client,
            SIGN_IN,
            {"email": "eve@example.org", "password": PASSWORD},
            headers={"origin": "https://evil.example"},
        )
        assert code(body) == "FORBIDDEN"
        assert COOKIE not in client.cookies


def test_public_origin_setting_is_what_origin_must_match(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection, public_origin="https://kg.example.org") as client:
        vars = {"email": "ada@example.org", "password": PASSWORD}
        assert code(post(client, SIGN_IN, vars)) == "FORBIDDEN"  # http://testserver
        body = post(client, SIGN_IN, vars, headers={"origin": "https://kg.example.org"})
        assert "errors" not in body


def test_secure_setting_makes_a_host_only_secure_cookie(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection, session_cookie_secure=True) as client:
        response = client.post(
            "/graphql",
            json={
                "query": SIGN_IN,
                "variables": {"email": "ada@example.org", "password": PASSWORD},
            },
            headers={"origin": ORIGIN},
        )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-kg_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/" in cookie and "Domain" not in cookie


def test_accounts_module_refuses_a_malformed_orcid(neo4j_connection: Connection) -> None:
    with pytest.raises(accounts.AccountError):
        with_graph(neo4j_connection, lambda g: accounts.find_or_create_by_orcid(g, "0000-1"))


def test_orcid_account_is_made_once(driver: neo4j.Driver, neo4j_connection: Connection) -> None:
    wipe(driver, neo4j_connection.database)

    async def twice(graph: Graph) -> list:
        import asyncio

        return await asyncio.gather(
            *[accounts.find_or_create_by_orcid(graph, "0000-0002-1825-0097") for _ in range(5)]
        )

    results = with_graph(neo4j_connection, twice)
    assert len({account.id for account, _ in results}) == 1
    assert sum(created for _, created in results) == 1
