"""Accounts by verified ORCID iD: found or created at sign-in, or linked to a signed-in account.

The iD stored on `:User.orcid` is only ever one that a provider's valid ID token proved
(kg/oidc.py); `orcid_verified_at` says when it was last proved. The next issue's claims rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

import cypher
from kg.oidc import OidcError, VerifiedOrcid


@dataclass(frozen=True)
class OrcidAccount:
    user_id: str
    created: bool


async def sign_in(
    driver: neo4j.AsyncDriver, database: str, verified: VerifiedOrcid
) -> OrcidAccount:
    records, _, _ = await driver.execute_query(
        cypher.query("oidc/user_sign_in"),
        orcid=verified.orcid,
        name=verified.name,
        database_=database,
    )
    return OrcidAccount(user_id=records[0]["id"], created=records[0]["created"])


async def link(
    driver: neo4j.AsyncDriver, database: str, user_id: str, verified: VerifiedOrcid
) -> None:
    try:
        records, _, _ = await driver.execute_query(
            cypher.query("oidc/user_link"),
            user_id=user_id,
            orcid=verified.orcid,
            database_=database,
        )
    except neo4j.exceptions.ConstraintError:  # another account linked the same iD just now
        raise already_linked(verified.orcid) from None
    if not records:
        raise OidcError("UNAUTHENTICATED", 401, "The account to link no longer exists.")
    if records[0]["taken"]:
        raise already_linked(verified.orcid)
    before = records[0]["before"]
    if before is not None and before != verified.orcid:
        raise OidcError(
            "ORCID_ALREADY_SET",
            409,
            f"Your account is linked to the ORCID iD {before} already; it was not replaced.",
        )


def already_linked(orcid: str) -> OidcError:
    return OidcError(
        "ORCID_ALREADY_LINKED",
        409,
        f"The ORCID iD {orcid} belongs to another account here. Sign in with ORCID to use it.",
    )
