"""`kg user` and `kg token` against the test Neo4j: what they print, and what they store."""

from __future__ import annotations

import io
import re

import neo4j
import pytest

from cli.main import main
from kg.db import Connection
from tests.api_factory import api_client
from tests.conftest import wipe
from tests.identity_support import post


@pytest.fixture
def kg(
    driver: neo4j.Driver,
    neo4j_connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    wipe(driver, neo4j_connection.database)
    monkeypatch.setenv("KG_NEO4J_URI", neo4j_connection.uri)
    monkeypatch.setenv("KG_NEO4J_USER", neo4j_connection.user)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", neo4j_connection.password)
    monkeypatch.setenv("KG_NEO4J_DATABASE", neo4j_connection.database)

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_first_admin_then_tokens(kg, neo4j_connection: Connection) -> None:
    status, out, _ = kg("user", "create", "Root@Example.org", "--role", "admin")
    assert status == 0
    password = re.search(r"Password \(shown once[^:]*\): (\S+)", out).group(1)  # type: ignore[union-attr]
    assert len(password) >= 20 and "role admin" in out

    status, _, err = kg("user", "create", "root@example.org")
    assert status == 2 and "exists already" in err

    status, out, _ = kg("token", "create", "root@example.org", "--name", "ci", "--role", "analyst")
    assert status == 0
    secret = re.search(r"^(kgt_\S+)$", out, re.M).group(1)  # type: ignore[union-attr]
    token_id = re.search(r"Token (T\w+)", out).group(1)  # type: ignore[union-attr]

    with api_client(neo4j_connection) as client:
        me = post(client, "{ me { email role } }", headers={"authorization": f"Bearer {secret}"})
        assert me["data"]["me"] == {"email": "root@example.org", "role": "ANALYST"}
        signed_in = post(
            client,
            'mutation ($p: String!) { signIn(email: "root@example.org", password: $p) '
            "{ account { role } } }",
            {"p": password},
        )
        assert signed_in["data"]["signIn"]["account"]["role"] == "ADMIN"

    status, out, _ = kg("token", "list", "root@example.org")
    assert token_id in out and "analyst" in out and secret not in out
    assert kg("token", "revoke", "root@example.org", token_id)[0] == 0
    status, _, err = kg("token", "revoke", "root@example.org", token_id)
    assert status == 2 and "has no token" in err
    with api_client(neo4j_connection) as client:
        body = post(client, "{ me { email } }", headers={"authorization": f"Bearer {secret}"})
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_grant_and_revoke_roles(kg) -> None:
    assert kg("user", "create", "ann@example.org", stdin="a long enough password\n")[0] == 0
    status, out, _ = kg("user", "grant", "analyst", "ANN@example.org")
    assert status == 0 and "roles: analyst" in out
    status, out, _ = kg("token", "create", "ann@example.org", "--name", "x", "--role", "admin")
    assert status == 2
    status, out, _ = kg("user", "grant", "analyst", "ann@example.org", "--revoke")
    assert status == 0 and "none besides researcher" in out
    status, out, err = kg("user", "list")
    assert "ann@example.org" in out and "1 account(s)" in err
    status, _, err = kg("user", "grant", "admin", "nobody@example.org")
    assert status == 2 and "no account" in err


def test_a_short_password_on_stdin_is_refused(kg) -> None:
    status, _, err = kg("user", "create", "ann@example.org", "--password-stdin", stdin="short\n")
    assert status == 2 and "at least 10 characters" in err


def test_reset_token(kg, neo4j_connection: Connection) -> None:
    kg("user", "create", "ann@example.org")
    status, out, _ = kg("user", "reset-password", "ann@example.org")
    assert status == 0
    token = re.search(r"(kgr_\S+)", out).group(1)  # type: ignore[union-attr]
    with api_client(neo4j_connection) as client:
        body = post(
            client,
            'mutation ($t: String!) { resetPassword(token: $t, newPassword: "brand new pass 1") }',
            {"t": token},
        )
    assert body["data"] == {"resetPassword": True}


def test_demo_account_gets_a_new_password_each_time(kg, neo4j_connection: Connection) -> None:
    from cli.identity import demo_account
    from kg.settings import load_settings

    settings = load_settings()
    email, first = demo_account(settings)
    again, second = demo_account(settings)
    assert email == again == "demo@example.org" and first != second
    with api_client(neo4j_connection) as client:
        sign_in = (
            'mutation ($p: String!) { signIn(email: "demo@example.org", password: $p) '
            "{ account { email } } }"
        )
        assert post(client, sign_in, {"p": first})["errors"][0]["extensions"]["code"] == (
            "UNAUTHENTICATED"
        )
        assert post(client, sign_in, {"p": second})["data"]["signIn"]["account"]["email"] == email
