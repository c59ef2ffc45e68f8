"""Rate limits: brute force on one account, sign-ups from one address, mutations per account;
RATE_LIMITED carries Retry-After. The windows are settings, short here so the tests are fast."""

from __future__ import annotations

import asyncio
import time

import neo4j
import pytest
from starlette.testclient import TestClient

from identity.ratelimits import Limit, RateLimits
from identity.sessions import COOKIE
from kg.db import Connection
from kg.settings import SettingsError, load_settings
from resolvers.errors import RateLimited
from tests.api_factory import GraphBuilder, api_client, load
from tests.identity_support import (
    FOLLOW,
    PASSWORD,
    SIGN_IN,
    SIGN_UP,
    code,
    make_account,
    post,
    session_cookie,
)

# Long enough for 100 attempts on a loaded 2-core machine (about 6 s), short enough to wait out.
WINDOW_SECONDS = 15


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    load(builder, driver, neo4j_connection)
    return driver


def attempt(client: TestClient, password: str, email: str = "ada@example.org") -> dict:
    response = client.post(
        "/graphql",
        json={"query": SIGN_IN, "variables": {"email": email, "password": password}},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 200
    body: dict = response.json()
    body["retry_after_header"] = response.headers.get("retry-after")
    return body


def test_brute_force_is_throttled_and_the_owner_gets_in_after_the_window(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    make_account(neo4j_connection, "ada@example.org")
    with api_client(
        neo4j_connection,
        rate_sign_in_per_account=f"5 per {WINDOW_SECONDS} seconds",
        rate_sign_in_per_address="1000 per minute",  # this test is about the account's limit
    ) as client:
        started = time.monotonic()
        codes = [code(attempt(client, f"guess number {i}")) for i in range(100)]
        # Even the right password waits: a guess that hits it must not be told so.
        limited = attempt(client, PASSWORD)
        elapsed = time.monotonic() - started
        assert elapsed < WINDOW_SECONDS, "the machine is too slow for this window; raise it"
        assert codes[:5] == ["UNAUTHENTICATED"] * 5
        assert codes[5:] == ["RATE_LIMITED"] * 95
        assert code(limited) == "RATE_LIMITED"
        retry_after = limited["errors"][0]["extensions"]["retryAfter"]
        assert 1 <= retry_after <= WINDOW_SECONDS
        assert limited["retry_after_header"] == str(retry_after)
        assert COOKIE not in client.cookies
        # Another account is not locked by this one's attacker.
        make_account(neo4j_connection, "bob@example.org")
        assert "errors" not in attempt(client, PASSWORD, "bob@example.org")

        time.sleep(max(0.0, started + WINDOW_SECONDS + 0.5 - time.monotonic()))
        assert "errors" not in attempt(client, PASSWORD)
        assert COOKIE in client.cookies


def test_sign_in_per_address_counts_every_account(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    with api_client(neo4j_connection, rate_sign_in_per_address="3 per minute") as client:
        codes = [code(attempt(client, PASSWORD, f"u{i}@example.org")) for i in range(5)]
    assert codes == ["UNAUTHENTICATED"] * 3 + ["RATE_LIMITED"] * 2


def test_sign_ups_per_address(graph: neo4j.Driver, neo4j_connection: Connection) -> None:
    with api_client(neo4j_connection, rate_sign_up_per_address="2 per minute") as client:
        codes = [
            code(post(client, SIGN_UP, {"email": f"n{i}@example.org", "password": PASSWORD}))
            for i in range(3)
        ]
    assert codes == [None, None, "RATE_LIMITED"]


def test_mutations_per_account(graph: neo4j.Driver, neo4j_connection: Connection) -> None:
    account = make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection, rate_mutations_per_user="4 per minute") as client:
        client.cookies[COOKIE] = session_cookie(neo4j_connection, account.id)
        codes = [code(post(client, FOLLOW, {"id": "A1"})) for _ in range(6)]
    assert codes == [None] * 4 + ["RATE_LIMITED"] * 2


def test_a_rate_that_cannot_be_read_names_its_variable() -> None:
    with pytest.raises(SettingsError, match="KG_RATE_SIGN_IN_PER_ACCOUNT"):
        load_settings(rate_sign_in_per_account="often")


def test_limits_reset_and_keys_are_separate() -> None:
    async def scenario() -> None:
        limits = RateLimits(load_settings(rate_mutations_per_user="1 per minute"))
        await limits.hit(Limit.MUTATIONS_USER, "a")
        await limits.hit(Limit.MUTATIONS_USER, "b")
        with pytest.raises(RateLimited, match="too many attempts"):
            await limits.hit(Limit.MUTATIONS_USER, "a")
        await limits.reset(Limit.MUTATIONS_USER, "a")
        await limits.hit(Limit.MUTATIONS_USER, "a")

    asyncio.run(scenario())
