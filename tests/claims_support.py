"""GraphQL documents and graph reads shared by the claims tests."""

from __future__ import annotations

from typing import Any

import neo4j

CLAIM_FIELDS = """id status level verifiedBy verifiedAt evidence review reviewKind reason
  claimantId recordHeldByAnother author { id name } events { action actor detail at }"""
CLAIM = (
    "mutation ($id: ID!, $evidence: String) { claimAuthor(authorId: $id, evidence: $evidence) { "
    + CLAIM_FIELDS
    + " } }"
)
RELEASE = "mutation { releaseClaim { " + CLAIM_FIELDS + " } }"
VERIFY_ORCID = "mutation { verifyClaimWithOrcid { " + CLAIM_FIELDS + " } }"
REQUEST_REVIEW = (
    "mutation ($evidence: String!) { requestClaimReview(evidence: $evidence) { "
    + CLAIM_FIELDS
    + " } }"
)
DECIDE = (
    "mutation ($id: ID!, $approve: Boolean!, $reason: String!) { "
    "decideClaimReview(claimId: $id, approve: $approve, reason: $reason) { " + CLAIM_FIELDS + " } }"
)
REVIEWS = "{ claimReviews { " + CLAIM_FIELDS + " } }"
MY_CLAIMS = "{ myClaims { " + CLAIM_FIELDS + " } }"
TRUST = """query ($id: ID!) { author(id: $id) { trust { score level status claimed explanation
  components { key points detail } } } }"""


def claimed(driver: neo4j.Driver, author_id: str) -> list[dict[str, Any]]:
    """The CLAIMED relationships of an author, with the mirror flag."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Author {id: $id}) OPTIONAL MATCH (u:User)-[r:CLAIMED]->(a) "
        "RETURN a.claimed AS flag, collect(r {user: u.id, .level, .verified_by}) AS holders",
        id=author_id,
    )
    holders: list[dict[str, Any]] = records[0]["holders"]
    assert records[0]["flag"] is bool(holders), (records[0]["flag"], holders)  # the mirror
    return holders


def statuses(driver: neo4j.Driver, author_id: str) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (c:Claim)-[:CLAIM_OF]->(:Author {id: $id}) RETURN c.status AS s ORDER BY s",
        id=author_id,
    )
    return [record["s"] for record in records]
