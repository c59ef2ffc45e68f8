"""Claims of author records: one account holds at most one record, one record is held by at most
one account, and every step is kept (docs/api.md, "Claims and verification").

A claim is a private `:Claim` node (`-[:CLAIM_BY]->(:User)`, `-[:CLAIM_OF]->(:Author)`) with an
audit trail of `:ClaimEvent` nodes (who, when, what, why). The claim an account holds is also the
relationship `(u:User)-[:CLAIMED {level, since}]->(a:Author)`, which `a.claimed` mirrors: that
relationship is the contract other features read (collaboration invitations).

- `claim`: a free record is claimed at once (L2; L3 when the account's verified ORCID iD is the
  record's); a record another account holds goes to review (IN_REVIEW): nothing is replaced.
- `release`: the account gives its open claim up (RELEASED, or WITHDRAWN while in review).
- `verify_by_orcid`, `request_review`, `decide` (admins), and identity.verification's e-mail
  path raise an active claim to L3.

Concurrency: each step runs in one transaction that first takes write locks on the account and
then the author (cypher/claims/lock.cypher), and two uniqueness constraints on the claim
(`active_author`, `open_user`) make the rule hold in Neo4j even if that order were broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import neo4j

from identity import secrets
from identity.graph import Graph, Transaction

MAX_EVIDENCE = 2000
MAX_REASON = 500
MAX_LIST = 200
# Attempts at a claim when a uniqueness constraint refuses it (another claim committed first).
ATTEMPTS = 3


class Status(StrEnum):
    ACTIVE = "ACTIVE"  # the account holds the record (CLAIMED)
    IN_REVIEW = "IN_REVIEW"  # the record was held by another account: an admin decides
    REJECTED = "REJECTED"  # an admin refused the claim in review
    RELEASED = "RELEASED"  # the holder gave the record up
    WITHDRAWN = "WITHDRAWN"  # the claimant gave up a claim in review
    REVOKED = "REVOKED"  # an admin gave the record to another claimant


class Method(StrEnum):
    ORCID = "orcid"
    EMAIL = "email"
    REVIEW = "review"


class ClaimRefused(Exception):
    """A claim step that may not happen; `code` is the API's (FORBIDDEN, BAD_USER_INPUT,
    NOT_FOUND), `reason` a stable word for clients to branch on."""

    def __init__(
        self, message: str, *, reason: str, code: str = "FORBIDDEN", argument: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.code = code
        self.argument = argument


@dataclass(frozen=True)
class Event:
    at: datetime
    action: str
    actor: str | None
    detail: str | None


@dataclass(frozen=True)
class ClaimInfo:
    id: str
    status: Status
    level: str | None
    verified_by: str | None
    verified_at: datetime | None
    evidence: str | None
    review: str | None
    review_kind: str | None
    review_requested_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None
    created: datetime
    closed_at: datetime | None
    user_id: str
    user_email: str | None
    author_id: str
    author_name: str | None
    author_orcid: str | None
    holder: str | None
    events: tuple[Event, ...]

    @classmethod
    def of(cls, record: neo4j.Record) -> ClaimInfo:
        claim = record["claim"]
        return cls(
            id=claim["id"],
            status=Status(claim["status"]),
            level=claim.get("level"),
            verified_by=claim.get("verified_by"),
            verified_at=_native(claim.get("verified_at")),
            evidence=claim.get("evidence"),
            review=claim.get("review"),
            review_kind=claim.get("review_kind"),
            review_requested_at=_native(claim.get("review_requested_at")),
            decided_at=_native(claim.get("decided_at")),
            decided_by=claim.get("decided_by"),
            reason=claim.get("reason"),
            created=_native(claim["created"]),  # type: ignore[arg-type]
            closed_at=_native(claim.get("closed_at")),
            user_id=record["user"]["id"],
            user_email=record["user"].get("email"),
            author_id=record["author"]["id"],
            author_name=record["author"].get("name"),
            author_orcid=record["author"].get("orcid"),
            holder=record["holder"],
            events=tuple(
                Event(_native(e["at"]), e["action"], e.get("actor"), e.get("detail"))  # type: ignore[arg-type]
                for e in record["events"]
            ),
        )


def _native(value: Any) -> datetime | None:
    return None if value is None else value.to_native()


def _text(value: str | None, *, argument: str, limit: int, required: bool = False) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise ClaimRefused(
            f"`{argument}` has {len(text)} characters; at most {limit}",
            reason="too-long",
            code="BAD_USER_INPUT",
            argument=argument,
        )
    if required and not text:
        raise ClaimRefused(
            f"`{argument}` is empty; say why",
            reason="empty",
            code="BAD_USER_INPUT",
            argument=argument,
        )
    return text or None


async def claim(graph: Graph, *, user_id: str, author_id: str, evidence: str | None) -> ClaimInfo:
    """Claim `author_id` for the account: ACTIVE when the record is free, IN_REVIEW when another
    account holds it. FORBIDDEN (reason `one-claim-per-account`) when the account already has an
    open claim."""
    given = _text(evidence, argument="evidence", limit=MAX_EVIDENCE)
    claim_id = secrets.new_id("C")

    async def work(tx: Transaction) -> str:
        rows = await tx.run("claims/lock", userId=user_id, authorId=author_id)
        if not rows:
            raise ClaimRefused(
                f"no author with id {author_id!r}",
                reason="no-author",
                code="NOT_FOUND",
                argument="authorId",
            )
        state = rows[0]
        if state["open"] is not None:
            held = state["open"]
            raise ClaimRefused(
                f"this account already has an open claim ({held['id']}, {held['status']}); "
                "one account claims one record: release it first (releaseClaim)",
                reason="one-claim-per-account",
            )
        if state["unresolved"]:
            raise ClaimRefused(
                f"{author_id!r} is an unresolved name, not a researcher's record; it cannot be "
                "claimed",
                reason="unresolved",
                code="BAD_USER_INPUT",
                argument="authorId",
            )
        free = state["holder"] is None
        orcid = bool(state["orcid_match"])
        if free:
            status, level = Status.ACTIVE, ("L3" if orcid else "L2")
            action = "claimed"
            detail = (
                f"record free; the account's verified ORCID iD {state['user_orcid']} is the "
                "record's: verified at once (L3)"
                if orcid
                else "record free: claimed, not yet verified (L2)"
            )
        else:
            status, level = Status.IN_REVIEW, None
            action = "sent to review"
            detail = "the record is held by another account: an admin decides" + (
                f"; the account's verified ORCID iD {state['user_orcid']} is the record's"
                if orcid
                else ""
            )
        await tx.run(
            "claims/create",
            userId=user_id,
            authorId=author_id,
            claimId=claim_id,
            status=status.value,
            level=level,
            verifiedBy=Method.ORCID.value if level == "L3" else None,
            evidence=given,
            action=action,
            detail=detail,
        )
        return claim_id

    for attempt in range(ATTEMPTS):
        try:
            await graph.transaction(work)
            break
        except neo4j.exceptions.ConstraintError:
            # Another claim of this record or by this account committed first; the next attempt
            # sees it and goes to review, or is refused.
            if attempt == ATTEMPTS - 1:
                raise
    found = await get(graph, claim_id)
    assert found is not None
    return found


async def release(graph: Graph, *, user_id: str) -> ClaimInfo | None:
    """Give up the account's open claim; None when it has none."""
    records = await graph.write(
        "claims/release", userId=user_id, detail="released by the account that made it"
    )
    return await get(graph, records[0]["id"]) if records else None


async def get(graph: Graph, claim_id: str) -> ClaimInfo | None:
    records = await graph.read("claims/list", userId=None, claimId=claim_id, pending=None, first=1)
    return ClaimInfo.of(records[0]) if records else None


async def of_account(graph: Graph, user_id: str, *, first: int = MAX_LIST) -> list[ClaimInfo]:
    """Every claim the account made, newest first (the open one, if any, among them)."""
    records = await graph.read(
        "claims/list", userId=user_id, claimId=None, pending=None, first=first
    )
    return [ClaimInfo.of(record) for record in records]


async def pending_reviews(graph: Graph, *, first: int = MAX_LIST) -> list[ClaimInfo]:
    """The admins' queue: claims whose review is PENDING, newest request first."""
    records = await graph.read("claims/list", userId=None, claimId=None, pending=True, first=first)
    return [ClaimInfo.of(record) for record in records]


async def _open(graph: Graph, user_id: str) -> neo4j.Record:
    records = await graph.read("claims/open_of", userId=user_id)
    if not records:
        raise ClaimRefused(
            "this account has no open claim; claim a record first (claimAuthor)",
            reason="no-claim",
        )
    return records[0]


def _active(record: neo4j.Record) -> dict[str, Any]:
    claim: dict[str, Any] = record["claim"]
    if claim["status"] != Status.ACTIVE:
        raise ClaimRefused(
            "the claim is in review because another account holds the record; an admin decides",
            reason="in-review",
        )
    return claim


async def verify(graph: Graph, claim_id: str, *, method: Method, actor: str, detail: str) -> None:
    await graph.write(
        "claims/verify", claimId=claim_id, method=method.value, actor=actor, detail=detail
    )


async def verify_by_orcid(graph: Graph, *, user_id: str) -> ClaimInfo:
    """L3 when the account's verified ORCID iD (Sign in with ORCID) is the claimed record's."""
    record = await _open(graph, user_id)
    claim_row = _active(record)
    if claim_row["level"] != "L3":
        if not record["user_orcid"]:
            raise ClaimRefused(
                "this account has no verified ORCID iD: sign in with ORCID (or link it on "
                "the account page) first",
                reason="no-orcid",
            )
        if not record["orcid_match"]:
            known = record["author_orcid"] or "none"
            raise ClaimRefused(
                f"the account's ORCID iD {record['user_orcid']} is not the record's ({known}); "
                "verify by institutional e-mail or ask for a review instead",
                reason="orcid-mismatch",
            )
        await verify(
            graph,
            claim_row["id"],
            method=Method.ORCID,
            actor=user_id,
            detail=f"the account's verified ORCID iD {record['user_orcid']} is the record's",
        )
    found = await get(graph, claim_row["id"])
    assert found is not None
    return found


async def request_review(graph: Graph, *, user_id: str, evidence: str) -> ClaimInfo:
    """Ask an admin to verify the account's active claim from `evidence` (links, a staff page)."""
    text = _text(evidence, argument="evidence", limit=MAX_EVIDENCE, required=True)
    record = await _open(graph, user_id)
    claim_row = _active(record)
    if claim_row["level"] == "L3":
        raise ClaimRefused("the claim is verified already (L3)", reason="verified")
    await graph.write("claims/request_review", userId=user_id, evidence=text)
    found = await get(graph, claim_row["id"])
    assert found is not None
    return found


async def decide(
    graph: Graph, *, admin_id: str, claim_id: str, approve: bool, reason: str
) -> ClaimInfo:
    """An admin's decision on a claim in review, with the reason kept. Approving a contested
    claim revokes the holder's and makes this one active and verified (L3, by review);
    approving a verification request verifies the claim; rejecting keeps things as they were."""
    why = _text(reason, argument="reason", limit=MAX_REASON, required=True)

    async def work(tx: Transaction) -> None:
        rows = await tx.run("claims/review_lock", claimId=claim_id)
        if not rows:
            raise ClaimRefused(
                f"no claim with id {claim_id!r}",
                reason="no-claim",
                code="NOT_FOUND",
                argument="claimId",
            )
        state = rows[0]
        if state["claim"]["review"] != "PENDING":
            raise ClaimRefused(
                f"claim {claim_id} is not waiting for a review "
                f"(status {state['claim']['status']}, review {state['claim']['review']})",
                reason="not-in-review",
                code="BAD_USER_INPUT",
                argument="claimId",
            )
        if not approve:
            await tx.run("claims/reject", claimId=claim_id, adminId=admin_id, reason=why)
        elif state["claim"]["status"] == Status.IN_REVIEW:
            if state["holder"] is not None:
                await tx.run(
                    "claims/revoke_holder",
                    authorId=state["author_id"],
                    adminId=admin_id,
                    reason=f"an admin gave the record to claim {claim_id}: {why}",
                )
            await tx.run(
                "claims/activate", claimId=claim_id, adminId=admin_id, reason=why, level="L3"
            )
        else:
            await tx.run(
                "claims/verify",
                claimId=claim_id,
                method=Method.REVIEW.value,
                actor=admin_id,
                detail=why,
            )

    await graph.transaction(work)
    found = await get(graph, claim_id)
    assert found is not None
    return found
