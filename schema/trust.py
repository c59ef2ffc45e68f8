"""The trust snapshot as the API shows it; the formula and its enums are kg/trust.py's."""

from __future__ import annotations

from typing import Any

import strawberry

from kg import trust as formula

VerificationLevel = strawberry.enum(
    formula.Level,
    name="VerificationLevel",
    description="How far a record is vouched for (docs/trust.md).",
)
TrustStatus = strawberry.enum(formula.Status, name="TrustStatus")
TrustComponentKey = strawberry.enum(
    formula.ComponentKey, name="TrustComponentKey", description="The parts of the trust score."
)


@strawberry.type(description="One part of the trust score: its points out of its maximum, and why.")
class TrustComponent:
    key: TrustComponentKey  # type: ignore[valid-type]
    label: str
    points: int
    max_points: int
    detail: str


@strawberry.type(
    description="How far an author's record can be trusted, explained (docs/trust.md)."
)
class TrustSnapshot:
    score: int = strawberry.field(description="0..100, the sum of the components' points.")
    status: TrustStatus  # type: ignore[valid-type]
    level: VerificationLevel  # type: ignore[valid-type]
    claimed: bool
    components: list[TrustComponent]
    explanation: str = strawberry.field(description="One sentence a page can show.")

    @classmethod
    def of(cls, profile: dict[str, Any]) -> TrustSnapshot:
        author = profile["author"]
        claim = profile.get("claim") or {}
        snap = formula.snapshot(
            formula.Facts(
                unresolved=bool(author.get("unresolved")),
                has_orcid=bool(author.get("orcid")),
                works=profile["works"],
                close_collaborators=profile["close_collaborators"],
                has_affiliation=profile["affiliation"] is not None,
                claimed=bool(author.get("claimed")),
                verified=claim.get("level") == "L3",
                claimed_since=_native(claim.get("since")),
                verified_by=claim.get("verified_by"),
                verified_at=_native(claim.get("verified_at")),
            )
        )
        return cls(
            score=snap.score,
            status=snap.status,
            level=snap.level,
            claimed=snap.claimed,
            components=[
                TrustComponent(
                    key=c.key,
                    label=c.label,
                    points=c.points,
                    max_points=c.max_points,
                    detail=c.detail,
                )
                for c in snap.components
            ],
            explanation=snap.explanation,
        )


def _native(value: Any) -> Any:
    """A Neo4j temporal value as Python's (None stays None)."""
    return None if value is None else value.to_native()
