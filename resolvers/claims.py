"""Claims and their verification in the API: the gate of each step, then identity.claims.

- claimAuthor, releaseClaim, verifyClaimWithOrcid, requestClaimReview: a signed-in account
  (session or API token), researcher or above, for its own claim only;
- decideClaimReview and the claimReviews queue: admins only;
- startClaimEmailVerification: the holder of an active claim, also limited per account
  (KG_RATE_CLAIM_EMAILS_PER_USER); confirmClaimEmail: anyone holding the link (the token is
  the credential; the link may be opened in another browser), limited per client address;
- `myClaims`: the account's own claims with their audit trail.

Refusals are coded: UNAUTHENTICATED, FORBIDDEN with a `reason`, BAD_USER_INPUT, NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

import cypher
from identity import claims, csrf, profile, verification
from identity.claims import ClaimInfo, ClaimRefused
from identity.principal import require
from identity.ratelimits import Limit
from identity.roles import Role
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import ApiError, BadUserInput, Forbidden, NotFound

T = TypeVar("T")


def _coded(error: ClaimRefused) -> ApiError | Forbidden:
    if error.code == "BAD_USER_INPUT":
        return BadUserInput(error.message, argument=error.argument or "", reason=error.reason)
    if error.code == "NOT_FOUND":
        return NotFound(error.message, argument=error.argument, reason=error.reason)
    return Forbidden(error.message, reason=error.reason)


async def _step(work: Awaitable[T]) -> T:
    try:
        return await work
    except ClaimRefused as error:
        raise _coded(error) from None


async def claim_author(ctx: Context, author_id: str, evidence: str | None) -> ClaimInfo:
    principal = await ctx.actor()
    assert principal.account is not None
    key = ids.node_id(author_id, argument="authorId")
    return await _step(
        claims.claim(ctx.graph, user_id=principal.account.id, author_id=key, evidence=evidence)
    )


async def release(ctx: Context) -> ClaimInfo | None:
    principal = await ctx.actor()
    assert principal.account is not None
    return await claims.release(ctx.graph, user_id=principal.account.id)


async def verify_with_orcid(ctx: Context) -> ClaimInfo:
    principal = await ctx.actor()
    assert principal.account is not None
    return await _step(claims.verify_by_orcid(ctx.graph, user_id=principal.account.id))


async def request_review(ctx: Context, evidence: str) -> ClaimInfo:
    principal = await ctx.actor()
    assert principal.account is not None
    return await _step(
        claims.request_review(ctx.graph, user_id=principal.account.id, evidence=evidence)
    )


async def decide(ctx: Context, claim_id: str, *, approve: bool, reason: str) -> ClaimInfo:
    principal = await ctx.actor(Role.ADMIN)
    assert principal.account is not None
    key = ids.node_id(claim_id, argument="claimId")
    return await _step(
        claims.decide(
            ctx.graph, admin_id=principal.account.id, claim_id=key, approve=approve, reason=reason
        )
    )


async def review_queue(ctx: Context, first: int) -> list[ClaimInfo]:
    require(await ctx.principal(), Role.ADMIN)
    if not 0 <= first <= claims.MAX_LIST:
        raise BadUserInput(f"`first` must be between 0 and {claims.MAX_LIST}", argument="first")
    return await claims.pending_reviews(ctx.graph, first=first)


async def of_account(ctx: Context, account_id: str) -> list[ClaimInfo]:
    return await claims.of_account(ctx.graph, account_id)


async def start_email(ctx: Context, address: str) -> verification.Started:
    principal = await ctx.actor()
    assert principal.account is not None
    await ctx.limit(Limit.CLAIM_EMAILS_USER, principal.account.id)
    base = (
        csrf.expected_origin(ctx.request, ctx.settings)
        if ctx.request is not None
        else ctx.settings.public_origin
    )
    return await _step(
        verification.start(
            ctx.graph,
            ctx.settings,
            user_id=principal.account.id,
            address=address,
            link_base=base,
        )
    )


async def confirm_email(ctx: Context, token: str) -> ClaimInfo:
    ctx.check_csrf(await ctx.principal())
    if ctx.request is not None:
        client = ctx.request.client
        await ctx.limit(Limit.SIGN_IN_ADDRESS, client.host if client else "unknown")
    return await _step(verification.confirm(ctx.graph, token))


async def edit_profile(
    ctx: Context, *, open_to_collaborate: bool | None, description: str | None
) -> str:
    principal = await ctx.actor()
    assert principal.account is not None
    return await _step(
        profile.edit(
            ctx.graph,
            user_id=principal.account.id,
            open_to_collaborate=open_to_collaborate,
            description=description,
        )
    )


async def reject_authorship(ctx: Context, work_id: str, reason: str) -> str:
    principal = await ctx.actor()
    assert principal.account is not None
    key = ids.node_id(work_id, argument="workId")
    return await _step(
        profile.reject_authorship(
            ctx.graph, user_id=principal.account.id, work_id=key, reason=reason
        )
    )


async def rejections(ctx: Context, author_id: str) -> list[dict[str, Any]]:
    records = await ctx.read(cypher.query("profile/rejections"), ids=[author_id])
    return list(records[0]["rejections"]) if records else []
