"""Claims of author records and their verification in the API (resolvers/claims.py says who may
do what; docs/api.md, "Claims and verification", shows them in use)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from identity import claims as claim_rules
from identity.principal import require
from resolvers import authors, claims
from resolvers.context import Context
from schema.types import Author

Info = strawberry.Info[Context, None]


@strawberry.enum(description="Where a claim stands.")
class ClaimStatus(Enum):
    ACTIVE = "ACTIVE"
    IN_REVIEW = "IN_REVIEW"
    REJECTED = "REJECTED"
    RELEASED = "RELEASED"
    WITHDRAWN = "WITHDRAWN"
    REVOKED = "REVOKED"


@strawberry.type(description="One step of a claim's audit trail: who did what, when, and why.")
class ClaimEvent:
    at: datetime
    action: str = strawberry.field(
        description="claimed, sent to review, verified, review requested, approved, rejected, "
        "released, withdrawn, revoked, e-mail sent"
    )
    actor: strawberry.ID | None = strawberry.field(description="The account that did it.")
    detail: str | None


@strawberry.type(
    description="A claim of an author record by an account. Private: only the account that "
    "made it and admins see it."
)
class Claim:
    id: strawberry.ID
    status: ClaimStatus
    level: str | None = strawberry.field(
        description="L2 (claimed, not verified) or L3 (verified) while ACTIVE; null in review."
    )
    verified_by: str | None = strawberry.field(description="orcid, email or review.")
    verified_at: datetime | None
    evidence: str | None = strawberry.field(description="What the claimant gave an admin.")
    review: str | None = strawberry.field(
        description="PENDING, APPROVED, REJECTED, WITHDRAWN or SUPERSEDED; null: never reviewed."
    )
    review_kind: str | None = strawberry.field(
        description="CONTESTED (another account held the record) or VERIFICATION (L2 to L3)."
    )
    review_requested_at: datetime | None
    decided_at: datetime | None
    decided_by: strawberry.ID | None
    reason: str | None = strawberry.field(description="The admin's reason for the decision.")
    created_at: datetime
    closed_at: datetime | None
    claimant_id: strawberry.ID
    claimant_email: str | None
    author: Author
    record_held_by_another: bool = strawberry.field(
        description="Whether another account holds the record now."
    )
    events: list[ClaimEvent]

    @classmethod
    def of(cls, info: claim_rules.ClaimInfo) -> Claim:
        return cls(
            id=strawberry.ID(info.id),
            status=ClaimStatus(info.status.value),
            level=info.level,
            verified_by=info.verified_by,
            verified_at=info.verified_at,
            evidence=info.evidence,
            review=info.review,
            review_kind=info.review_kind,
            review_requested_at=info.review_requested_at,
            decided_at=info.decided_at,
            decided_by=strawberry.ID(info.decided_by) if info.decided_by else None,
            reason=info.reason,
            created_at=info.created,
            closed_at=info.closed_at,
            claimant_id=strawberry.ID(info.user_id),
            claimant_email=info.user_email,
            author=Author.from_row(
                {"id": info.author_id, "name": info.author_name, "orcid": info.author_orcid}
            ),
            record_held_by_another=info.holder is not None and info.holder != info.user_id,
            events=[
                ClaimEvent(
                    at=event.at,
                    action=event.action,
                    actor=strawberry.ID(event.actor) if event.actor else None,
                    detail=event.detail,
                )
                for event in info.events
            ],
        )


@strawberry.type(description="A confirmation link on its way to an institutional address.")
class EmailVerificationStarted:
    address: str
    institution: str = strawberry.field(description="The affiliated institution it vouches for.")
    expires_at: datetime
    delivery: str = strawberry.field(
        description="sent (over SMTP), kept (no SMTP host: only in the outbox, `kg mail "
        "outbox`) or failed (the SMTP server refused; try again later)."
    )


@strawberry.type
class ClaimQuery:
    @strawberry.field(
        description="The signed-in account's claims, newest first, each with its audit trail "
        "(UNAUTHENTICATED when signed out)."
    )
    async def my_claims(self, info: Info) -> list[Claim]:
        principal = require(await info.context.principal())
        assert principal.account is not None
        return [Claim.of(c) for c in await claims.of_account(info.context, principal.account.id)]

    @strawberry.field(
        description="Admins: the claims waiting for a review (contested claims and verification "
        "requests), newest request first."
    )
    async def claim_reviews(self, info: Info, first: int | None = 50) -> list[Claim]:
        found = await claims.review_queue(info.context, 50 if first is None else first)
        return [Claim.of(c) for c in found]


@strawberry.type
class ClaimMutation:
    @strawberry.mutation(
        description="Claim an author record. A free record is the account's at once (L2, or L3 "
        "when the account's verified ORCID iD is the record's); a record another account holds "
        "goes to review (IN_REVIEW) and replaces nothing. One account claims one record."
    )
    async def claim_author(
        self, info: Info, author_id: strawberry.ID, evidence: str | None = None
    ) -> Claim:
        return Claim.of(await claims.claim_author(info.context, str(author_id), evidence))

    @strawberry.mutation(
        description="Give up the account's open claim (released, or withdrawn while in review); "
        "null when it has none."
    )
    async def release_claim(self, info: Info) -> Claim | None:
        found = await claims.release(info.context)
        return None if found is None else Claim.of(found)

    @strawberry.mutation(
        description="Verify the account's active claim (L3) by its verified ORCID iD: it must be "
        "the record's (FORBIDDEN, reason orcid-mismatch or no-orcid, otherwise)."
    )
    async def verify_claim_with_orcid(self, info: Info) -> Claim:
        return Claim.of(await claims.verify_with_orcid(info.context))

    @strawberry.mutation(
        description="Ask an admin to verify the account's active claim from the evidence given."
    )
    async def request_claim_review(self, info: Info, evidence: str) -> Claim:
        return Claim.of(await claims.request_review(info.context, evidence))

    @strawberry.mutation(
        description="Admins: approve or reject a claim in review, with the reason kept. "
        "Approving a contested claim revokes the holder's; approving verifies (L3, by review)."
    )
    async def decide_claim_review(
        self, info: Info, claim_id: strawberry.ID, approve: bool, reason: str
    ) -> Claim:
        return Claim.of(
            await claims.decide(info.context, str(claim_id), approve=approve, reason=reason)
        )

    @strawberry.mutation(
        description="Send a confirmation link to an address at an institution the claimed record "
        "is affiliated with (its homepage domain); confirming it verifies the claim (L3)."
    )
    async def start_claim_email_verification(
        self, info: Info, address: str
    ) -> EmailVerificationStarted:
        started = await claims.start_email(info.context, address)
        return EmailVerificationStarted(
            address=started.address,
            institution=started.institution,
            expires_at=started.expires,
            delivery=started.delivery,
        )

    @strawberry.mutation(
        description="Confirm an institutional address with the token of the e-mailed link; it "
        "works once, before it expires."
    )
    async def confirm_claim_email(self, info: Info, token: str) -> Claim:
        return Claim.of(await claims.confirm_email(info.context, token))

    @strawberry.mutation(
        description="The holder of a record's active claim (L2 or L3) edits it: openToCollaborate "
        "and a one-line description (an empty one removes it); a null argument leaves that "
        "field as it is. Loads never overwrite these."
    )
    async def edit_profile(
        self,
        info: Info,
        open_to_collaborate: bool | None = None,
        description: str | None = None,
    ) -> Author:
        author_id = await claims.edit_profile(
            info.context, open_to_collaborate=open_to_collaborate, description=description
        )
        return await _author(info, author_id)

    @strawberry.mutation(
        description="The holder of a record's active claim says a work attached to it is not "
        "theirs, with the reason (kept and shown in rejectedWorks); the work leaves the list."
    )
    async def reject_authorship(self, info: Info, work_id: strawberry.ID, reason: str) -> Author:
        author_id = await claims.reject_authorship(info.context, str(work_id), reason)
        return await _author(info, author_id)


async def _author(info: Info, author_id: str) -> Author:
    row = await authors.profile(info.context, author_id)
    return Author.from_row(row["author"], row)
