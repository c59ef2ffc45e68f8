"""Random credentials and how they are stored.

Session ids, API tokens and reset tokens are 256 random bits, so a plain SHA-256 of them is safe
to store and to look up by (nothing to brute-force, unlike a password); the secret itself is
only ever in the client's hands.
"""

from __future__ import annotations

import hashlib
import secrets

SECRET_BYTES = 32


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(SECRET_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_id(prefix: str) -> str:
    """A public id (accounts, tokens): random, short, not a credential."""
    return prefix + secrets.token_hex(8)


def matches(secret: str, stored_digest: str | None) -> bool:
    return stored_digest is not None and secrets.compare_digest(digest(secret), stored_digest)
