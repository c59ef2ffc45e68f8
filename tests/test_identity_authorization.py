"""The authorization matrix: every mutation and every private field, for every kind of caller,
allowed or the exact error code. A test also checks that the matrix covers every mutation the
schema has, so a new one cannot slip in without its rule."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from identity import accounts, tokens
from identity.roles import Role
from identity.sessions import COOKIE
from kg.db import Connection
from schema import build_schema
from tests.api_factory import GraphBuilder, api_client, api_settings, load
from tests.identity_support import (
    PASSWORD,
    make_account,
    make_token,
    post,
    session_cookie,
    with_graph,
)

_serial = itertools.count()


@dataclass
class Caller:
    """Credentials to send, and the account behind them (None for nobody)."""

    headers: dict[str, str]
    cookie: str | None
    account: accounts.Account | None


def _fresh(connection: Connection, role: Role = Role.RESEARCHER) -> accounts.Account:
    return make_account(connection, f"user{next(_serial)}@example.org", role=role)


def anonymous(connection: Connection, client: TestClient) -> Caller:
    return Caller({}, None, None)


def session_of(role: Role) -> Callable[[Connection, TestClient], Caller]:
    def make(connection: Connection, client: TestClient) -> Caller:
        account = _fresh(connection, role)
        return Caller({}, session_cookie(connection, account.id), account)

    return make


def token(connection: Connection, client: TestClient) -> Caller:
    account = _fresh(connection)
    return Caller({"authorization": f"Bearer {make_token(connection, account)}"}, None, account)


def expired_token(connection: Connection, client: TestClient) -> Caller:
    caller = token(connection, client)
    driver = neo4j.GraphDatabase.driver(connection.uri, auth=(connection.user, connection.password))
    with driver:
        driver.execute_query(
            "MATCH (t:ApiToken)-[:TOKEN_OF]->(:User {id: $id}) "
            "SET t.expires = datetime() - duration('PT1S')",
            id=caller.account.id,  # type: ignore[union-attr]
        )
    return caller


def revoked_token(connection: Connection, client: TestClient) -> Caller:
    caller = token(connection, client)

    async def revoke(graph: Any) -> None:
        [info] = await tokens.list_for(graph, caller.account.id)  # type: ignore[union-attr]
        assert await tokens.revoke(graph, caller.account.id, info.id)  # type: ignore[union-attr]

    with_graph(connection, revoke)
    return caller


def signed_out_session(connection: Connection, client: TestClient) -> Caller:
    caller = session_of(Role.RESEARCHER)(connection, client)
    client.cookies.clear()
    client.cookies[COOKIE] = caller.cookie  # type: ignore[assignment]
    assert post(client, "mutation { signOut }")["data"] == {"signOut": True}
    return caller


def session_after_password_change(connection: Connection, client: TestClient) -> Caller:
    caller = session_of(Role.RESEARCHER)(connection, client)
    with_graph(
        connection,
        lambda g: accounts.set_password(
            g,
            caller.account.id,  # type: ignore[union-attr]
            "another password 9",
            argument="newPassword",
        ),
    )
    return caller


CALLERS = {
    "anonymous": anonymous,
    "researcher": session_of(Role.RESEARCHER),
    "analyst": session_of(Role.ANALYST),
    "admin": session_of(Role.ADMIN),
    "researcher token": token,
    "expired token": expired_token,
    "revoked token": revoked_token,
    "signed-out session": signed_out_session,
    "session after password change": session_after_password_change,
}
SESSIONS = ("researcher", "analyst", "admin")
DEAD = ("expired token", "revoked token", "signed-out session", "session after password change")
OK = None
U, F, N = "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"


def expect(
    *, anonymous: str | None, sessions: str | None, token: str | None, dead: str | None, **only: Any
) -> dict[str, str | None]:
    table = {"anonymous": anonymous, "researcher token": token}
    table.update(dict.fromkeys(SESSIONS, sessions))
    table.update(dict.fromkeys(DEAD, dead))
    table.update({name.replace("_", " "): value for name, value in only.items()})
    return table


def _new_email(caller: Caller, connection: Connection) -> dict[str, Any]:
    return {"email": f"new{next(_serial)}@example.org", "password": PASSWORD}


def _other_account(caller: Caller, connection: Connection) -> dict[str, Any]:
    account = _fresh(connection)
    return {"email": account.email, "password": PASSWORD}


def _own_token_id(caller: Caller, connection: Connection) -> dict[str, Any]:
    account = caller.account or _fresh(connection)

    async def make(graph: Any) -> str:
        _, info = await tokens.create(graph, account, name="spare", role=Role.RESEARCHER, days=1)
        return info.id

    return {"id": with_graph(connection, make)}


def _nothing(caller: Caller, connection: Connection) -> dict[str, Any]:
    return {}


# (name, the mutation or query, its variables for a caller, the expected code per caller)
CASES: list[tuple[str, str, Callable[[Caller, Connection], dict[str, Any]], dict]] = [
    (
        "signUp",
        "mutation ($email: String!, $password: String!) "
        "{ signUp(email: $email, password: $password) { account { id } } }",
        _new_email,
        expect(anonymous=OK, sessions=OK, token=OK, dead=OK),
    ),
    (
        "signIn",
        "mutation ($email: String!, $password: String!) "
        "{ signIn(email: $email, password: $password) { account { id } } }",
        _other_account,
        expect(anonymous=OK, sessions=OK, token=OK, dead=OK),
    ),
    (
        "signOut",
        "mutation { signOut }",
        _nothing,
        expect(anonymous=U, sessions=OK, token=F, dead=U),
    ),
    (
        "changePassword",
        'mutation { changePassword(currentPassword: "' + PASSWORD + '", '
        'newPassword: "brand new password") { account { id } } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=F, dead=U),
    ),
    (
        "resetPassword",
        'mutation { resetPassword(token: "kgr_not-a-token", newPassword: "brand new password") }',
        _nothing,
        expect(
            anonymous="BAD_USER_INPUT",
            sessions="BAD_USER_INPUT",
            token="BAD_USER_INPUT",
            dead="BAD_USER_INPUT",
        ),
    ),
    (
        "confirmEmail",  # anyone with the mailed token: the token is the credential
        'mutation { confirmEmail(token: "kgc_not-a-token") }',
        _nothing,
        expect(
            anonymous="BAD_USER_INPUT",
            sessions="BAD_USER_INPUT",
            token="BAD_USER_INPUT",
            dead="BAD_USER_INPUT",
        ),
    ),
    (
        "requestEmailConfirmation",  # the caller's own address (these accounts have one)
        "mutation { requestEmailConfirmation }",
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "requestPasswordReset",  # anyone: true whether or not the address has an account
        'mutation { requestPasswordReset(email: "nobody@example.org") }',
        _nothing,
        expect(anonymous=OK, sessions=OK, token=OK, dead=OK),
    ),
    (
        "follow",
        'mutation { follow(authorId: "A1") { following followers } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "unfollow",
        'mutation { unfollow(authorId: "A1") { following followers } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "createApiToken",
        'mutation { createApiToken(name: "t") { secret token { role } } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=F, dead=U),
    ),
    (
        "createApiToken analyst",
        'mutation { createApiToken(name: "t", role: ANALYST) { secret } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=F, dead=U, researcher=F),
    ),
    (
        "createApiToken admin",
        'mutation { createApiToken(name: "t", role: ADMIN) { secret } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=F, dead=U, researcher=F, analyst=F),
    ),
    (
        "revokeApiToken",
        "mutation ($id: ID!) { revokeApiToken(id: $id) }",
        _own_token_id,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    # Collaboration (tests/test_collaboration_*.py have the cases with claims and conversations):
    # an account without a claimed record is refused; ids it takes no part in are NOT_FOUND.
    (
        "inviteToCollaborate",
        'mutation { inviteToCollaborate(authorId: "A1", subject: {text: "t"}, message: "m") '
        "{ id } }",
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "acceptInvitation",
        'mutation { acceptInvitation(id: "I0") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "declineInvitation",
        'mutation { declineInvitation(id: "I0", reason: "no") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "withdrawInvitation",
        'mutation { withdrawInvitation(id: "I0") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "sendMessage",
        'mutation { sendMessage(conversationId: "C0", body: "hi") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "markRead",
        'mutation { markRead(conversationId: "C0") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "closeConversation",
        'mutation { closeConversation(id: "C0") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "blockResearcher",
        'mutation { blockResearcher(authorId: "A2") { blocked } }',
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "unblockResearcher",
        'mutation { unblockResearcher(authorId: "A2") { blocked } }',
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "setNotifyByEmail",
        "mutation { setNotifyByEmail(on: false) }",
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "conversation",
        '{ conversation(id: "C0") { id } }',
        _nothing,
        expect(anonymous=U, sessions=N, token=N, dead=U),
    ),
    (
        "claimAuthor",
        'mutation { claimAuthor(authorId: "A1") { status } }',
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "releaseClaim",
        "mutation { releaseClaim { status } }",
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "verifyClaimWithOrcid",  # a fresh account has no claim to verify
        "mutation { verifyClaimWithOrcid { status } }",
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "requestClaimReview",
        'mutation { requestClaimReview(evidence: "staff page") { status } }',
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "decideClaimReview",  # admins only; then the claim is unknown
        'mutation { decideClaimReview(claimId: "C404", approve: true, reason: "r") { status } }',
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U, admin="NOT_FOUND"),
    ),
    (
        "startClaimEmailVerification",  # a fresh account has no claim
        'mutation { startClaimEmailVerification(address: "a@uni.example") { delivery } }',
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "confirmClaimEmail",  # the link's token is the credential: anyone, then the token
        'mutation { confirmClaimEmail(token: "kge_not-a-token") { status } }',
        _nothing,
        expect(
            anonymous="BAD_USER_INPUT",
            sessions="BAD_USER_INPUT",
            token="BAD_USER_INPUT",
            dead="BAD_USER_INPUT",
        ),
    ),
    (
        "editProfile",  # only the holder of a record's claim; a fresh account holds none
        "mutation { editProfile(openToCollaborate: true) { id } }",
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "rejectAuthorship",
        'mutation { rejectAuthorship(workId: "W1", reason: "not mine") { id } }',
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U),
    ),
    (
        "myClaims",
        "{ myClaims { id status } }",
        _nothing,
        expect(anonymous=U, sessions=OK, token=OK, dead=U),
    ),
    (
        "claimReviews",
        "{ claimReviews { id } }",
        _nothing,
        expect(anonymous=U, sessions=F, token=F, dead=U, admin=OK),
    ),
    (
        "me",
        "{ me { id email orcid role roles authenticatedBy tokens { id } "
        "invitations { totalCount } conversations { totalCount } notifyByEmail "
        'following { totalCount } isFollowing(authorId: "A1") } }',
        _nothing,
        expect(anonymous=OK, sessions=OK, token=OK, dead=U),
    ),
]


@pytest.fixture(scope="module")
def matrix_client(driver: neo4j.Driver, neo4j_connection: Connection) -> Any:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    builder.author("A2", "Grace Hopper")  # never claimed in the matrix: nobody to block
    load(builder, driver, neo4j_connection)
    # The matrix is about roles; the rate limits have their own tests.
    generous = "100000 per minute"
    with api_client(
        neo4j_connection,
        rate_sign_in_per_address=generous,
        rate_sign_up_per_address=generous,
        rate_mutations_per_user=generous,
    ) as client:
        yield client


@pytest.mark.parametrize("caller_kind", list(CALLERS))
def test_matrix(matrix_client: TestClient, neo4j_connection: Connection, caller_kind: str) -> None:
    outcomes = {}
    for name, document, variables, _ in CASES:
        matrix_client.cookies.clear()
        caller = CALLERS[caller_kind](neo4j_connection, matrix_client)
        matrix_client.cookies.clear()
        if caller.cookie:
            matrix_client.cookies[COOKIE] = caller.cookie
        body = post(
            matrix_client, document, variables(caller, neo4j_connection), headers=caller.headers
        )
        errors = body.get("errors") or []
        outcomes[name] = errors[0]["extensions"]["code"] if errors else OK
        if not errors and name == "me":
            me = body["data"]["me"]
            assert (me is None) == (caller.account is None)
            if me is not None:
                assert me["id"] == caller.account.id  # type: ignore[union-attr]
    assert outcomes == {name: expected[caller_kind] for name, _, _, expected in CASES}


def test_the_matrix_covers_every_mutation(neo4j_connection: Connection) -> None:
    schema = build_schema(api_settings(neo4j_connection))
    mutation = schema._schema.mutation_type
    assert mutation is not None
    covered = {name.split()[0] for name, _, _, _ in CASES}
    assert set(mutation.fields) <= covered, set(mutation.fields) - covered


def test_a_token_has_no_more_than_its_accounts_role(
    matrix_client: TestClient, driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    account = _fresh(neo4j_connection, Role.ADMIN)
    secret = make_token(neo4j_connection, account, role=Role.ADMIN)
    bearer = {"authorization": f"Bearer {secret}"}
    matrix_client.cookies.clear()
    assert post(matrix_client, "{ me { role } }", headers=bearer)["data"]["me"]["role"] == "ADMIN"
    with_graph(
        neo4j_connection,
        lambda g: accounts.grant(g, account.email, Role.ADMIN, revoke=True),  # type: ignore[arg-type]
    )
    me = post(matrix_client, "{ me { role roles } }", headers=bearer)["data"]["me"]
    assert me == {"role": "RESEARCHER", "roles": ["RESEARCHER"]}


def test_other_authorization_schemes_are_refused(matrix_client: TestClient) -> None:
    matrix_client.cookies.clear()
    body = post(
        matrix_client,
        'mutation { follow(authorId: "A1") { followers } }',
        headers={"authorization": "Basic dXNlcjpwYXNz"},
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Bearer" in body["errors"][0]["message"]
