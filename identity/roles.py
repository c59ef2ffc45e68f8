"""Roles. Anonymous readers hold none; every account is a researcher; `analyst` and `admin` are
granted by `kg user grant`. The roles are a ladder: admin includes analyst includes researcher."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    RESEARCHER = "researcher"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _LADDER.index(self)


_LADDER = [Role.ANONYMOUS, Role.RESEARCHER, Role.ANALYST, Role.ADMIN]
# What `kg user grant` may store on an account (researcher is implied, anonymous is no account).
GRANTABLE = (Role.ANALYST, Role.ADMIN)


def highest(stored: Iterable[str]) -> Role:
    """An account's role from the roles stored on it (unknown names are ignored)."""
    role = Role.RESEARCHER
    for name in stored:
        if name in (Role.ANALYST.value, Role.ADMIN.value) and Role(name).rank > role.rank:
            role = Role(name)
    return role


def parse(name: str) -> Role:
    try:
        return Role(name.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in _LADDER[1:])
        raise ValueError(f"{name!r} is not a role; use one of {choices}") from None
