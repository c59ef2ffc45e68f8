"""The trust formula (kg/trust.py) as docs/trust.md states it."""

from __future__ import annotations

from kg.trust import Facts, Level, Status, snapshot

IMPORTED = Facts(
    unresolved=False,
    has_orcid=False,
    works=2,
    close_collaborators=4,
    has_affiliation=False,
    claimed=False,
)


def points(facts: Facts) -> dict[str, int]:
    return {c.key: c.points for c in snapshot(facts).components}


def test_the_reference_researcher_scores_32() -> None:
    snap = snapshot(IMPORTED)
    assert (snap.score, snap.level, snap.status, snap.claimed) == (
        32,
        Level.L1,
        Status.UNVERIFIED,
        False,
    )
    assert snap.score == sum(c.points for c in snap.components)
    assert sum(c.max_points for c in snap.components) == 100
    assert snap.explanation == (
        "32/100: a public record imported from a source (L1), not "
        "claimed; points from public record 20, publication record 4, "
        "collaboration network 8."
    )


def test_counts_are_capped() -> None:
    busy = Facts(
        unresolved=False,
        has_orcid=True,
        works=500,
        close_collaborators=80,
        has_affiliation=True,
        claimed=False,
    )
    assert points(busy) == {
        "source_record": 20,
        "orcid": 10,
        "works": 20,
        "collaboration": 10,
        "affiliation": 10,
        "claimed": 0,
        "verified": 0,
    }
    assert snapshot(busy).score == 70  # the most an imported, unclaimed record can reach


def test_levels() -> None:
    claimed = Facts(**{**vars(IMPORTED), "claimed": True})
    verified = Facts(**{**vars(IMPORTED), "claimed": True, "verified": True})
    assert (snapshot(claimed).level, snapshot(claimed).status) == (Level.L2, Status.UNVERIFIED)
    assert (snapshot(verified).level, snapshot(verified).status) == (Level.L3, Status.VERIFIED)
    assert snapshot(verified).score == 32 + 15 + 15


def test_an_arxiv_name_scores_less_for_its_record() -> None:
    name_only = Facts(
        unresolved=True,
        has_orcid=False,
        works=1,
        close_collaborators=0,
        has_affiliation=False,
        claimed=False,
    )
    assert points(name_only)["source_record"] == 10
    assert snapshot(name_only).score == 12
