"""Sign in with ORCID end to end: the service against a real OpenID provider on loopback
(npm oidc-provider, tests/oidc_provider/), through the authorization code flow with PKCE.

The provider is certified code, not a mock; the browser is httpx following redirects between the
service (its TestClient) and the provider (real HTTP), with each side's cookies.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from kg.embedded import free_port
from kg.oidc import OidcError, OrcidSignIn, valid_orcid
from kg.settings import Settings
from server import create_app
from tests.openid_provider import (
    APP_ORIGIN,
    DEFAULT_ORCID,
    OTHER_APP,
    SERVICE,
    Browser,
    OpenIDProvider,
    params_of,
    with_params,
)

SIGN_UP = """mutation ($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id } } }"""
PASSWORD = "correct horse battery staple"
SECOND_ORCID = "0000-0001-5109-3700"  # a valid check digit
BAD_CHECK_DIGIT = "0000-0002-1825-0098"


def orcid_settings(connection: Connection, issuer: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "neo4j_uri": connection.uri,
        "neo4j_user": connection.user,
        "neo4j_password": connection.password,
        "neo4j_database": connection.database,
        "orcid_issuer": issuer,
        "orcid_client_id": SERVICE.client_id,
        "orcid_client_secret": SERVICE.client_secret,
        "orcid_redirect_base": APP_ORIGIN,
        "orcid_timeout_seconds": 5,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def app(
    neo4j_connection: Connection, openid_provider: OpenIDProvider, empty_graph: neo4j.Driver
) -> Iterator[TestClient]:
    settings = orcid_settings(neo4j_connection, openid_provider.issuer)
    with TestClient(create_app(settings), base_url=APP_ORIGIN) as client:
        yield client


@pytest.fixture
def browser(app: TestClient, openid_provider: OpenIDProvider) -> Iterator[Browser]:
    session = Browser(app, openid_provider)
    yield session
    session.close()


@contextmanager
def another_browser(app: TestClient, provider: OpenIDProvider) -> Iterator[Browser]:
    """The same service, but cookies of their own on both sides (another person's browser)."""
    jar = app.cookies
    app.cookies = httpx2.Cookies()
    browser = Browser(app, provider)
    try:
        yield browser
    finally:
        browser.close()
        app.cookies = jar


def users(driver: neo4j.Driver) -> list[dict[str, object]]:
    records, _, _ = driver.execute_query(
        "MATCH (u:User) RETURN u {.id, .email, .orcid, .orcid_verified_at} AS u ORDER BY u.id"
    )
    return [record["u"] for record in records]


def pending_count(driver: neo4j.Driver) -> int:
    records, _, _ = driver.execute_query("MATCH (p:OidcPending) RETURN count(p) AS n")
    return int(records[0]["n"])


def me(app: TestClient) -> Any:
    """The signed-in account of this browser (None when signed out)."""
    response = app.post("/graphql", json={"query": "{ me { id email orcid role } }"})
    assert response.status_code == 200, response.text
    return response.json()["data"]["me"]


def sign_up(app: TestClient, email: str) -> str:
    response = app.post(
        "/graphql",
        json={"query": SIGN_UP, "variables": {"email": email, "password": PASSWORD}},
        headers={"Origin": APP_ORIGIN},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    account_id: str = body["data"]["signUp"]["account"]["id"]
    return account_id


def refused(response: httpx2.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["x-error-code"] == code
    assert f'data-code="{code}"' in response.text
    assert "no-store" in response.headers["cache-control"]
    return response.text


# -- the flow --------------------------------------------------------------------------------


def test_the_sign_in_request_is_a_code_flow_with_pkce_state_and_nonce(
    app: TestClient, openid_provider: OpenIDProvider
) -> None:
    started = app.get("/auth/orcid/sign-in", follow_redirects=False)
    assert started.status_code == 303
    url = started.headers["location"]
    assert url.startswith(f"{openid_provider.issuer}/auth?")
    params = params_of(url)
    assert params["response_type"] == "code"
    assert params["client_id"] == SERVICE.client_id
    assert params["redirect_uri"] == f"{APP_ORIGIN}/auth/orcid/callback"
    assert params["scope"] == "openid"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43  # base64url of a SHA-256
    assert len(params["state"]) >= 20 and len(params["nonce"]) >= 20
    cookie = started.headers["set-cookie"]
    assert f"kg_orcid_state={params['state']}" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/auth/orcid/" in cookie


def test_first_sign_in_creates_the_account_and_the_next_finds_it(
    browser: Browser, app: TestClient, empty_graph: neo4j.Driver, openid_provider: OpenIDProvider
) -> None:
    callback = browser.to_callback("/auth/orcid/sign-in?next=/authors/A5100000001")
    assert params_of(callback)["iss"] == openid_provider.issuer  # RFC 9207, checked by the service
    done = browser.get(callback)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/authors/A5100000001"
    [user] = users(empty_graph)
    assert user["orcid"] == DEFAULT_ORCID
    assert user["email"] is None  # an account of its own, without e-mail or password
    assert pending_count(empty_graph) == 0  # the pending sign-in was taken
    assert me(app) == {
        "id": user["id"],
        "email": None,
        "orcid": DEFAULT_ORCID,
        "role": "RESEARCHER",
    }

    # Later, from another browser: the same account, no second one.
    with another_browser(app, openid_provider) as later:
        again = later.get(later.to_callback())
    assert again.status_code == 303
    assert again.headers["location"] == "/"
    [same] = users(empty_graph)
    assert same["id"] == user["id"]
    assert me(app)["id"] == user["id"]
    assert same["orcid_verified_at"] > user["orcid_verified_at"]  # type: ignore[operator]


def test_each_sign_in_starts_a_new_session_and_ends_the_old(
    browser: Browser, app: TestClient
) -> None:
    assert browser.get(browser.to_callback()).status_code == 303
    first = app.cookies["kg_session"]
    assert browser.get(browser.to_callback()).status_code == 303
    second = app.cookies["kg_session"]
    assert second != first
    account = me(app)
    app.cookies.clear()
    app.cookies.set("kg_session", first)
    assert me(app) is None  # the session the browser came with has ended
    app.cookies.clear()
    app.cookies.set("kg_session", second)
    assert me(app) == account


def test_a_stranger_cannot_start_sign_ins_without_end(
    neo4j_connection: Connection, openid_provider: OpenIDProvider, empty_graph: neo4j.Driver
) -> None:
    settings = orcid_settings(
        neo4j_connection, openid_provider.issuer, rate_sign_in_per_address="3 per minute"
    )
    with TestClient(create_app(settings), base_url=APP_ORIGIN) as app:
        for _ in range(3):
            assert app.get("/auth/orcid/sign-in", follow_redirects=False).status_code == 303
        limited = app.get("/auth/orcid/sign-in", follow_redirects=False)
    refused(limited, 429, "RATE_LIMITED")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert pending_count(empty_graph) == 3


def test_two_researchers_get_two_accounts(
    app: TestClient, openid_provider: OpenIDProvider, empty_graph: neo4j.Driver
) -> None:
    for orcid in (SECOND_ORCID, DEFAULT_ORCID):
        browser = Browser(app, openid_provider)
        assert browser.get(browser.to_callback(login_hint=orcid)).status_code == 303
        browser.close()
    assert sorted(str(user["orcid"]) for user in users(empty_graph)) == sorted(
        [DEFAULT_ORCID, SECOND_ORCID]
    )


def test_next_is_only_ever_a_path_of_this_service(browser: Browser) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        done = browser.get(browser.to_callback(f"/auth/orcid/sign-in?next={target}"))
        assert done.headers["location"] == "/", target


# -- linking an iD to an e-mail account --------------------------------------------------------


def test_a_signed_in_user_links_orcid_and_later_signs_in_with_it(
    browser: Browser, app: TestClient, openid_provider: OpenIDProvider, empty_graph: neo4j.Driver
) -> None:
    ada = sign_up(app, "ada@example.org")
    done = browser.get(browser.to_callback("/auth/orcid/link?next=/account"))
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/account"
    assert me(app) == {
        "id": ada,
        "email": "ada@example.org",
        "orcid": DEFAULT_ORCID,
        "role": "RESEARCHER",
    }
    [user] = users(empty_graph)
    assert user["orcid_verified_at"] is not None

    # Another browser, signed out, signs in with ORCID: the same e-mail account.
    with another_browser(app, openid_provider) as later:
        assert later.get(later.to_callback()).status_code == 303
        assert me(app)["email"] == "ada@example.org"
    assert len(users(empty_graph)) == 1


def test_linking_needs_a_session(browser: Browser, empty_graph: neo4j.Driver) -> None:
    refused(browser.app.get("/auth/orcid/link"), 401, "UNAUTHENTICATED")
    assert pending_count(empty_graph) == 0


def test_an_id_another_account_holds_is_not_linked(
    app: TestClient, openid_provider: OpenIDProvider, empty_graph: neo4j.Driver
) -> None:
    with another_browser(app, openid_provider) as holder:
        assert holder.get(holder.to_callback(login_hint=SECOND_ORCID)).status_code == 303
    browser = Browser(app, openid_provider)
    sign_up(app, "ada@example.org")
    page = refused(
        browser.get(browser.to_callback("/auth/orcid/link", login_hint=SECOND_ORCID)),
        409,
        "ORCID_ALREADY_LINKED",
    )
    browser.close()
    assert SECOND_ORCID in page
    assert me(app)["orcid"] is None
    assert sorted((u["email"] or "", u["orcid"] or "") for u in users(empty_graph)) == [
        ("", SECOND_ORCID),
        ("ada@example.org", ""),
    ]


def test_a_linked_id_is_never_replaced(browser: Browser, app: TestClient) -> None:
    sign_up(app, "ada@example.org")
    assert browser.get(browser.to_callback("/auth/orcid/link")).status_code == 303
    other = Browser(app, browser.provider)  # a new provider session: another person's iD
    try:
        callback = other.to_callback("/auth/orcid/link", login_hint=SECOND_ORCID)
        refused(other.get(callback), 409, "ORCID_ALREADY_SET")
    finally:
        other.close()
    assert me(app)["orcid"] == DEFAULT_ORCID


# -- refusals ---------------------------------------------------------------------------------


def test_a_wrong_state_is_refused(browser: Browser, empty_graph: neo4j.Driver) -> None:
    callback = browser.to_callback()
    forged = with_params(callback, state=secrets.token_urlsafe(32))
    refused(browser.get(forged), 400, "OIDC_STATE_MISMATCH")
    assert users(empty_graph) == []


def test_a_callback_from_another_browser_is_refused(
    browser: Browser, app: TestClient, empty_graph: neo4j.Driver
) -> None:
    """Login CSRF: an attacker's own callback URL, opened in the victim's browser."""
    callback = browser.to_callback()
    app.cookies.clear()  # the victim's browser never started this sign-in
    refused(browser.get(callback), 400, "OIDC_STATE_MISMATCH")
    assert users(empty_graph) == []


def test_a_replayed_code_is_refused(
    browser: Browser, app: TestClient, empty_graph: neo4j.Driver
) -> None:
    callback = browser.to_callback()
    assert browser.get(callback).status_code == 303
    [user] = users(empty_graph)

    # The same redirect again, even with its cookie: the state served once.
    app.cookies.set("kg_orcid_state", params_of(callback)["state"], path="/auth/orcid/")
    refused(browser.get(callback), 400, "OIDC_STATE_MISMATCH")

    # The used code under a fresh, valid state of this browser: the provider refuses it.
    fresh = browser.to_callback()
    replayed = with_params(callback, state=params_of(fresh)["state"])
    page = refused(browser.get(replayed), 400, "OIDC_CODE_REJECTED")
    assert "invalid_grant" in page
    assert users(empty_graph) == [user]


def test_a_code_issued_to_another_application_is_refused(
    browser: Browser, openid_provider: OpenIDProvider, empty_graph: neo4j.Driver
) -> None:
    """Code injection: a code for another client at the same provider, put into our callback."""
    other = OtherApp(openid_provider)
    try:
        code = other.authorize()[0]
    finally:
        other.close()
    ours = browser.to_callback()
    injected = with_params(ours, code=code)
    page = refused(browser.get(injected), 400, "OIDC_CODE_REJECTED")
    assert "invalid_grant" in page
    assert users(empty_graph) == []


def test_an_id_token_for_another_audience_is_refused(
    neo4j_connection: Connection, openid_provider: OpenIDProvider
) -> None:
    """A genuine ID token of the same provider, signed by its key, but issued to another client."""
    other = OtherApp(openid_provider)
    try:
        token, nonce = other.tokens()
    finally:
        other.close()
    client = OrcidSignIn(orcid_settings(neo4j_connection, openid_provider.issuer))
    with pytest.raises(OidcError) as raised:
        asyncio.run(client.verify_id_token(token, nonce=nonce))
    assert raised.value.code == "OIDC_ID_TOKEN_INVALID"
    assert "aud" in raised.value.message

    # The same token passes every check for the client it was issued to: the refusal above was
    # the audience, nothing else.
    theirs = OrcidSignIn(
        orcid_settings(
            neo4j_connection,
            openid_provider.issuer,
            orcid_client_id=OTHER_APP.client_id,
            orcid_client_secret=OTHER_APP.client_secret,
        )
    )
    assert asyncio.run(theirs.verify_id_token(token, nonce=nonce)).orcid == DEFAULT_ORCID


def test_the_nonce_is_checked(browser: Browser, empty_graph: neo4j.Driver) -> None:
    """An ID token minted for another authorization request (another nonce) is refused."""
    callback = browser.to_callback(nonce=secrets.token_urlsafe(20))
    page = refused(browser.get(callback), 400, "OIDC_ID_TOKEN_INVALID")
    assert "nonce" in page
    assert users(empty_graph) == []


def test_a_subject_that_is_no_orcid_id_is_refused(
    browser: Browser, empty_graph: neo4j.Driver
) -> None:
    callback = browser.to_callback(login_hint=BAD_CHECK_DIGIT)
    refused(browser.get(callback), 400, "OIDC_NOT_AN_ORCID")
    assert users(empty_graph) == []


def test_a_person_who_declines_gets_the_providers_answer(browser: Browser) -> None:
    callback = browser.to_callback(login_hint="deny")
    assert params_of(callback)["error"] == "access_denied"
    page = refused(browser.get(callback), 400, "OIDC_PROVIDER_REFUSED")
    assert "access_denied" in page


# -- the provider down, or not configured ----------------------------------------------------


def test_a_provider_that_is_down_gives_a_coded_page(
    neo4j_connection: Connection, empty_graph: neo4j.Driver
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    with TestClient(
        create_app(orcid_settings(neo4j_connection, nobody)), base_url=APP_ORIGIN
    ) as app:
        page = refused(app.get("/auth/orcid/sign-in"), 503, "OIDC_PROVIDER_UNAVAILABLE")
    assert "did not answer" in page
    assert pending_count(empty_graph) == 0


def test_a_provider_that_goes_down_during_the_sign_in_gives_a_coded_page(
    neo4j_connection: Connection, empty_graph: neo4j.Driver, tmp_path: Path
) -> None:
    provider = OpenIDProvider(tmp_path).start()
    try:
        settings = orcid_settings(neo4j_connection, provider.issuer)
        with TestClient(create_app(settings), base_url=APP_ORIGIN) as app:
            browser = Browser(app, provider)
            callback = browser.to_callback()
            browser.close()
            provider.stop()
            page = refused(
                app.get(callback.removeprefix(APP_ORIGIN)), 503, "OIDC_PROVIDER_UNAVAILABLE"
            )
    finally:
        provider.stop()
    assert "token exchange" in page
    assert users(empty_graph) == []


def test_without_settings_sign_in_with_orcid_is_off(
    neo4j_connection: Connection, empty_graph: neo4j.Driver
) -> None:
    settings = orcid_settings(
        neo4j_connection, "", orcid_client_id="", orcid_client_secret="", orcid_redirect_base=""
    )
    assert not settings.orcid_enabled
    with TestClient(create_app(settings), base_url=APP_ORIGIN) as app:
        refused(app.get("/auth/orcid/sign-in"), 404, "OIDC_NOT_CONFIGURED")
        refused(app.get("/auth/orcid/callback?code=x&state=y"), 404, "OIDC_NOT_CONFIGURED")


def test_the_sign_in_page_offers_orcid_only_when_configured(
    app: TestClient, neo4j_connection: Connection
) -> None:
    signin, account = app.get("/signin").text, app.get("/account").text
    assert 'id="orcid-sign-in"' in signin and 'href="/auth/orcid/sign-in"' in signin
    assert 'href="/auth/orcid/link?next=/account"' in account
    off = orcid_settings(
        neo4j_connection, "", orcid_client_id="", orcid_client_secret="", orcid_redirect_base=""
    )
    with TestClient(create_app(off), base_url=APP_ORIGIN) as plain:
        signin, account = plain.get("/signin").text, plain.get("/account").text
    assert "orcid-sign-in" not in signin and "orcid-link" not in account
    assert "{{" not in signin + account
    assert 'id="signin-form"' in signin  # the password form is there either way


# -- the ORCID iD's check digit ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (DEFAULT_ORCID, True),
        (SECOND_ORCID, True),
        ("0000-0002-9079-593X", True),  # X as the check character
        (BAD_CHECK_DIGIT, False),
        ("0000-0002-1825-009", False),
        ("https://orcid.org/0000-0002-1825-0097", False),  # the bare form only
    ],
)
def test_orcid_check_digit(value: str, valid: bool) -> None:
    assert valid_orcid(value) is valid


# -- another application at the same provider ------------------------------------------------


class OtherApp:
    """Another relying party registered at the provider, doing its own code flow with PKCE."""

    def __init__(self, provider: OpenIDProvider) -> None:
        self.provider = provider
        self.http = httpx2.Client(timeout=30, follow_redirects=False)

    def close(self) -> None:
        self.http.close()

    def authorize(self) -> tuple[str, str, str]:
        """A code for this application, its PKCE verifier and nonce."""
        verifier = secrets.token_urlsafe(48)
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        nonce = secrets.token_urlsafe(20)
        response = self.http.get(
            f"{self.provider.issuer}/auth",
            params={
                "response_type": "code",
                "client_id": OTHER_APP.client_id,
                "redirect_uri": OTHER_APP.redirect_uris[0],
                "scope": "openid",
                "state": secrets.token_urlsafe(16),
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        for _ in range(10):
            location = str(response.url.join(response.headers["location"]))
            if location.startswith(OTHER_APP.redirect_uris[0]):
                return params_of(location)["code"], verifier, nonce
            response = self.http.get(location)
        raise AssertionError("the other application's sign-in did not finish")

    def tokens(self) -> tuple[dict[str, object], str]:
        code, verifier, nonce = self.authorize()
        response = self.http.post(
            f"{self.provider.issuer}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": OTHER_APP.redirect_uris[0],
                "code_verifier": verifier,
            },
            auth=(OTHER_APP.client_id, OTHER_APP.client_secret),
        )
        assert response.status_code == 200, response.text
        return response.json(), nonce
