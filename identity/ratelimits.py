"""Rate limits on what a stranger can repeat, with the `limits` library (moving windows).

| limit | key | setting |
|---|---|---|
| sign-in attempts | the account's e-mail address | KG_RATE_SIGN_IN_PER_ACCOUNT |
| sign-in attempts | the client address | KG_RATE_SIGN_IN_PER_ADDRESS |
| sign-ups | the client address | KG_RATE_SIGN_UP_PER_ADDRESS |
| mutations | the account | KG_RATE_MUTATIONS_PER_USER |
| claim confirmation e-mails | the account | KG_RATE_CLAIM_EMAILS_PER_USER |
| new sign-up confirmation links | the account | KG_RATE_CONFIRMATION_EMAILS_PER_USER |

Every attempt counts, right or wrong, so a correct password found by guessing is refused as well
until the window has passed. Counters live in the process (memory://) unless
KG_RATE_LIMIT_STORAGE names a shared store (redis://host:6379) for several replicas.
"""

from __future__ import annotations

import math
import time
from enum import StrEnum

import limits
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from identity.errors import RateLimited
from kg.settings import Settings, async_storage_uri


class Limit(StrEnum):
    SIGN_IN_ACCOUNT = "sign-in per account"
    SIGN_IN_ADDRESS = "sign-in per address"
    SIGN_UP_ADDRESS = "sign-up per address"
    MUTATIONS_USER = "mutations per account"
    CLAIM_EMAILS_USER = "claim e-mails per account"
    CONFIRMATION_EMAILS_USER = "confirmation e-mails per account"


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.storage = storage_from_string(async_storage_uri(settings.rate_limit_storage))
        self.limiter = MovingWindowRateLimiter(self.storage)  # type: ignore[arg-type]
        self.items = {
            Limit.SIGN_IN_ACCOUNT: limits.parse(settings.rate_sign_in_per_account),
            Limit.SIGN_IN_ADDRESS: limits.parse(settings.rate_sign_in_per_address),
            Limit.SIGN_UP_ADDRESS: limits.parse(settings.rate_sign_up_per_address),
            Limit.MUTATIONS_USER: limits.parse(settings.rate_mutations_per_user),
            Limit.CLAIM_EMAILS_USER: limits.parse(settings.rate_claim_emails_per_user),
            Limit.CONFIRMATION_EMAILS_USER: limits.parse(
                settings.rate_confirmation_emails_per_user
            ),
        }

    async def hit(self, limit: Limit, key: str) -> None:
        """Count one attempt; RATE_LIMITED (with the seconds to wait) when over the limit."""
        item = self.items[limit]
        if await self.limiter.hit(item, limit.name, key):
            return
        stats = await self.limiter.get_window_stats(item, limit.name, key)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise RateLimited(
            f"too many attempts ({limit.value}: {item}); try again in {retry_after} s",
            retry_after=retry_after,
            limit=limit.value,
        )

    async def reset(self, limit: Limit, key: str) -> None:
        await self.limiter.clear(self.items[limit], limit.name, key)
