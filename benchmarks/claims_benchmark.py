"""Claims and verification, measured inside benchmarks/api_benchmark.py's run (same graph, same
app), through the whole ASGI app in process as a browser would (one client and session each).

- claimAuthor of a free record, requestClaimReview, the admin's decideClaimReview (L2 to L3),
  and the three together ("claim + verification"); releaseClaim;
- the profile of a claimed, verified researcher against an unclaimed one's, in the same run
  (both anonymous reads of the same profile query).

Everything it writes (accounts, claims, their events) is removed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import httpx
import neo4j

from benchmarks.follow_benchmark import ORIGIN, PASSWORD, SIGN_UP, figures, post

CLAIM = 'mutation ($id: ID!) { claimAuthor(authorId: $id, evidence: "bench") { id status } }'
REVIEW = 'mutation { requestClaimReview(evidence: "staff page") { id review } }'
DECIDE = """mutation ($id: ID!) { decideClaimReview(claimId: $id, approve: true,
  reason: "bench") { level } }"""
RELEASE = "mutation { releaseClaim { status } }"
CLEAN = """
MATCH (n) WHERE n:Claim OR n:ClaimEvent OR n:User OR n:Session DETACH DELETE n
"""
UNCLAIM = "MATCH (a:Author) WHERE a.claimed SET a.claimed = false"


async def _ms(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await work
    return (time.perf_counter() - started) * 1000, result


async def claim_figures(
    transport: httpx.ASGITransport,
    driver: neo4j.AsyncDriver,
    sample: list[str],
    anonymous_profile: Any,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """`sample` authors must be unclaimed; the first half are claimed and verified, the second
    half stay unclaimed for the comparison."""
    await driver.execute_query(CLEAN, database_="neo4j")
    half = max(1, min(20, len(sample) // 2))
    claimed, unclaimed = sample[:half], sample[half : 2 * half] or sample[:half]
    clients = [
        httpx.AsyncClient(transport=transport, base_url=ORIGIN, timeout=120)
        for _ in range(half + 1)
    ]
    timings: dict[str, list[float]] = {
        "claimAuthor": [],
        "requestClaimReview": [],
        "decideClaimReview": [],
        "claim + verification": [],
        "releaseClaim": [],
    }
    results: dict[str, Any] = {}
    try:
        admin = clients[-1]
        await post(admin, SIGN_UP, email="bench-admin@example.org", password=PASSWORD)
        await driver.execute_query(
            "MATCH (u:User {email: 'bench-admin@example.org'}) SET u.roles = ['admin']",
            database_="neo4j",
        )
        for number, (client, author) in enumerate(zip(clients, claimed, strict=False)):
            await post(client, SIGN_UP, email=f"claimer{number}@example.org", password=PASSWORD)
            claim_ms, body = await _ms(post(client, CLAIM, id=author))
            review_ms, _ = await _ms(post(client, REVIEW))
            decide_ms, _ = await _ms(post(admin, DECIDE, id=body["data"]["claimAuthor"]["id"]))
            timings["claimAuthor"].append(claim_ms)
            timings["requestClaimReview"].append(review_ms)
            timings["decideClaimReview"].append(decide_ms)
            timings["claim + verification"].append(claim_ms + review_ms + decide_ms)
        reads: dict[str, list[float]] = {"claimed, verified": [], "unclaimed": []}
        for _ in range(3):
            for label, authors in (("claimed, verified", claimed), ("unclaimed", unclaimed)):
                for author in authors:
                    ms, _ = await _ms(anonymous_profile(author))
                    reads[label].append(ms)
        for client in clients[:half]:
            ms, _ = await _ms(post(client, RELEASE))
            timings["releaseClaim"].append(ms)
        results = {name: figures(values) for name, values in timings.items() if values}
        results["profile reads"] = {
            **{label: figures(values) for label, values in reads.items()},
            "ratio_claimed_unclaimed_p50": round(
                statistics.median(reads["claimed, verified"])
                / statistics.median(reads["unclaimed"]),
                2,
            ),
        }
    finally:
        for client in clients:
            await client.aclose()
        await driver.execute_query(CLEAN, database_="neo4j")
        await driver.execute_query(UNCLAIM, database_="neo4j")
    report(results)
    return results


def report(results: dict[str, Any]) -> None:
    print("\nclaims and verification (p50 / p95 ms)")
    for name, figure in results.items():
        if name != "profile reads":
            print(f"  {name:<24}{figure['p50_ms']:>9.2f}{figure['p95_ms']:>9.2f}")
    reads = results.get("profile reads")
    if reads:
        print(
            f"  profile p50: claimed and verified {reads['claimed, verified']['p50_ms']} ms,"
            f" unclaimed {reads['unclaimed']['p50_ms']} ms"
            f" ({reads['ratio_claimed_unclaimed_p50']}x)"
        )
