"""Sign in with ORCID: the OpenID Connect relying party (authorization code with PKCE).

authlib does the protocol: discovery, the authorization URL (state, nonce, S256 code challenge),
the token exchange with the client secret, and the ID token's checks (signature against the
provider's published keys, `iss`, `aud`, `azp`, `exp`, `iat`, `nonce`, `at_hash`). This module
adds what authlib leaves to its caller: the discovered issuer must be the configured one (no
mix-up), an `iss` in the redirect must match too (RFC 9207), the subject must be a valid ORCID iD
(its check digit), and every failure becomes an `OidcError` with a code and a clear message.

The pending authorization (state, nonce, code verifier) is kept server-side in Neo4j until the
browser comes back, and taken once: see `save_pending` and `take_pending`.
"""

from __future__ import annotations

import hmac
import json
import re
from dataclasses import dataclass
from typing import Any, cast

import httpx2
import neo4j
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from joserfc.errors import JoseError

import cypher
from kg.settings import Settings

CALLBACK_PATH = "/auth/orcid/callback"
PENDING_SECONDS = 600  # how long a person may take at the provider
SCOPE = "openid"  # orcid.org: `openid` alone gives the authenticated iD; nothing else is asked

_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


class OidcError(Exception):
    """A sign-in that cannot go on: a stable code, an HTTP status, and what happened."""

    def __init__(self, code: str, status: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message


def not_configured() -> OidcError:
    return OidcError(
        "OIDC_NOT_CONFIGURED",
        404,
        "Sign in with ORCID is not configured on this service (KG_ORCID_* settings).",
    )


def valid_orcid(value: str) -> bool:
    """An ORCID iD in its bare form with a correct ISO 7064 MOD 11-2 check character."""
    if not _ORCID.match(value):
        return False
    digits = value.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


@dataclass(frozen=True)
class Authorization:
    """Where to send the browser, and the secrets to keep until it comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Pending:
    """A sign-in in flight, as kept server-side: `link_user` is set when a signed-in user links
    an iD to their account, `next` is the local path to return to."""

    state: str
    nonce: str
    code_verifier: str
    next: str
    link_user: str | None


@dataclass(frozen=True)
class VerifiedOrcid:
    """What a valid ID token proves: the person holds this ORCID iD."""

    orcid: str
    name: str | None


class OrcidSignIn:
    """The relying party for one configured provider. Built once per app; it keeps the
    discovered metadata and keys (fetched on first use, keys again when the provider rotates)."""

    def __init__(self, settings: Settings) -> None:
        self.issuer = settings.orcid_issuer
        self.redirect_uri = settings.orcid_redirect_base + CALLBACK_PATH
        self.client_id = settings.orcid_client_id
        # authlib checks `aud` only when told to (its default checks `iss` alone): both, always.
        self._claims_options = {
            "iss": {"essential": True, "value": self.issuer},
            "aud": {"essential": True, "value": self.client_id},
        }
        registry = OAuth()
        self._app = cast(
            StarletteOAuth2App,
            registry.register(
                name="orcid",
                client_id=settings.orcid_client_id,
                client_secret=settings.orcid_client_secret.get_secret_value(),
                server_metadata_url=f"{self.issuer}/.well-known/openid-configuration",
                client_kwargs={
                    "scope": SCOPE,
                    "code_challenge_method": "S256",
                    "token_endpoint_auth_method": "client_secret_basic",
                    "timeout": settings.orcid_timeout_seconds,
                },
            ),
        )

    async def begin(self) -> Authorization:
        await self._metadata()
        with _provider_errors("the authorization request"):
            created = await self._app.create_authorization_url(self.redirect_uri)
        return Authorization(
            url=created["url"],
            state=created["state"],
            nonce=created["nonce"],
            code_verifier=created["code_verifier"],
        )

    async def finish(self, params: dict[str, str], pending: Pending) -> VerifiedOrcid:
        """The provider's redirect (`code` or `error`), checked against what `begin` kept."""
        if "error" in params:
            description = params.get("error_description", "")[:200]
            raise OidcError(
                "OIDC_PROVIDER_REFUSED",
                400,
                f"The ORCID provider did not sign you in: {params['error'][:60]}"
                + (f" ({description})" if description else ""),
            )
        if not hmac.compare_digest(params.get("state", ""), pending.state):
            raise state_mismatch()
        if "iss" in params and params["iss"] != self.issuer:
            raise OidcError(
                "OIDC_ISSUER_MISMATCH", 400, "The answer came from another provider than ORCID."
            )
        code = params.get("code", "")
        if not code:
            raise OidcError("OIDC_BAD_CALLBACK", 400, "The provider's answer has no `code`.")
        await self._metadata()
        with _provider_errors("the token exchange"):
            try:
                token = await self._app.fetch_access_token(
                    redirect_uri=self.redirect_uri, code=code, code_verifier=pending.code_verifier
                )
            except OAuthError as error:
                raise OidcError(
                    "OIDC_CODE_REJECTED",
                    400,
                    "The provider refused the authorization code "
                    f"({error.error}): it was used already, expired, or is not ours. "
                    "Sign in again.",
                ) from None
        return await self.verify_id_token(token, nonce=pending.nonce)

    async def verify_id_token(self, token: dict[str, Any], *, nonce: str) -> VerifiedOrcid:
        """The ID token of a token response: signed by the provider, for this client, with the
        nonce of this sign-in; its subject a valid ORCID iD."""
        if "id_token" not in token:
            raise OidcError("OIDC_ID_TOKEN_INVALID", 400, "The provider sent no ID token.")
        with _provider_errors("fetching the provider's keys"):
            try:
                claims = await self._app.parse_id_token(
                    token, nonce=nonce, leeway=60, claims_options=self._claims_options
                )
            except JoseError as error:
                raise OidcError(
                    "OIDC_ID_TOKEN_INVALID",
                    400,
                    f"The ID token was refused: {error.description or error.error}.",
                ) from None
        audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if audience != [self.client_id]:  # OIDC Core 3.1.3.7: no audience we do not trust
            raise OidcError(
                "OIDC_ID_TOKEN_INVALID",
                400,
                "The ID token was refused: its audience (aud) is not only this service.",
            )
        subject = str(claims.get("sub", ""))
        orcid = subject.removeprefix("https://orcid.org/")
        if not valid_orcid(orcid):
            raise OidcError(
                "OIDC_NOT_AN_ORCID", 400, f"The provider's subject {subject[:40]!r} is no ORCID iD."
            )
        name = claims.get("name") or " ".join(
            part for part in (claims.get("given_name"), claims.get("family_name")) if part
        )
        return VerifiedOrcid(orcid=orcid, name=str(name)[:200] or None)

    async def _metadata(self) -> dict[str, Any]:
        with _provider_errors("the discovery document"):
            metadata: dict[str, Any] = await self._app.load_server_metadata()
        if metadata.get("issuer") != self.issuer:
            self._app.server_metadata.clear()  # fetch again next time, after a fix
            raise OidcError(
                "OIDC_PROVIDER_MISCONFIGURED",
                502,
                f"The provider at {self.issuer} names itself {str(metadata.get('issuer'))[:80]!r}.",
            )
        return metadata


def state_mismatch() -> OidcError:
    return OidcError(
        "OIDC_STATE_MISMATCH",
        400,
        "This sign-in was not started in this browser, was finished already, or took longer than "
        f"{PENDING_SECONDS // 60} minutes. Start it again.",
    )


class _provider_errors:
    """The provider unreachable, slow, or answering an HTTP error: a coded error, never a 500."""

    def __init__(self, step: str) -> None:
        self.step = step

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _tb: object) -> None:
        if isinstance(error, httpx2.TransportError):
            raise OidcError(
                "OIDC_PROVIDER_UNAVAILABLE",
                503,
                f"The ORCID sign-in service did not answer ({self.step}: "
                f"{type(error).__name__}). Try again in a few minutes.",
            ) from None
        if isinstance(error, httpx2.HTTPStatusError):
            raise OidcError(
                "OIDC_PROVIDER_UNAVAILABLE",
                503,
                f"The ORCID sign-in service answered HTTP {error.response.status_code} "
                f"({self.step}). Try again in a few minutes.",
            ) from None
        if isinstance(error, json.JSONDecodeError):
            raise OidcError(
                "OIDC_PROVIDER_MISCONFIGURED",
                502,
                f"The ORCID sign-in service sent something that is not JSON ({self.step}).",
            ) from None


async def save_pending(
    driver: neo4j.AsyncDriver,
    database: str,
    authorization: Authorization,
    *,
    next_path: str,
    link_user: str | None,
) -> None:
    await driver.execute_query(
        cypher.query("oidc/pending_save"),
        state=authorization.state,
        nonce=authorization.nonce,
        code_verifier=authorization.code_verifier,
        next=next_path,
        link_user=link_user,
        seconds=PENDING_SECONDS,
        database_=database,
    )


async def take_pending(driver: neo4j.AsyncDriver, database: str, state: str) -> Pending | None:
    """The pending sign-in of this state, removed as it is read: a state works once."""
    records, _, _ = await driver.execute_query(
        cypher.query("oidc/pending_take"), state=state, database_=database
    )
    if not records:
        return None
    row = records[0]["pending"]
    return Pending(
        state=row["state"],
        nonce=row["nonce"],
        code_verifier=row["code_verifier"],
        next=row["next"],
        link_user=row.get("link_user"),
    )
