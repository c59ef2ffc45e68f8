"""Password hashing with Argon2id (argon2-cffi), and the rules a new password must meet.

Parameters: OWASP's first Argon2id choice, m = 19 MiB, t = 2, p = 1 (a hash costs about 25 ms of
one core here; `make bench-api` measures it). A stronger choice (RFC 9106's m = 64 MiB, t = 3)
costs 4-6x more CPU on a 2-core host for every sign-in attempt, which a brute-force flood turns
into a denial of service; the rate limits bound the attempts instead. Hashes carry their
parameters, so raising them later rehashes each password at its next sign-in.

Hashing runs in a worker thread (argon2-cffi releases the GIL): the event loop keeps serving.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 200  # bounds the work one request can ask of the hasher

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
# Verified against when the account does not exist, so that an unknown e-mail address takes as
# long as a wrong password (no account enumeration by timing).
_DUMMY_HASH = HASHER.hash("no account has this password")


def problem(password: str) -> str | None:
    """What is wrong with a new password, or None."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters"
    if not password.strip():
        return "a password cannot be only spaces"
    return None


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(HASHER.hash, password)


async def verify(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches; False for no hash (an account without a password)."""
    candidate = password[:MAX_LENGTH]

    def check() -> bool:
        try:
            return HASHER.verify(stored_hash or _DUMMY_HASH, candidate) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)
