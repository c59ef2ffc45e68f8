"""Accounts and Follow, measured inside benchmarks/api_benchmark.py's run (same graph, same app).

All requests go through the whole ASGI app in process (httpx.ASGITransport), each user with
its own client and session cookie, as a browser would.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections import Counter
from typing import Any

import httpx
import neo4j

from identity import passwords

ORIGIN = "http://bench"
PASSWORD = "benchmark password 1"
SIGN_UP = """mutation ($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id } } }"""
SIGN_IN = """mutation ($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id } } }"""
FOLLOW = "mutation ($id: ID!) { follow(authorId: $id) { followers } }"
UNFOLLOW = "mutation ($id: ID!) { unfollow(authorId: $id) { followers } }"
TRIVIAL = "{ __typename }"
PRIVATE_LABELS = "MATCH (n) WHERE n:User OR n:Session OR n:ApiToken OR n:PasswordReset"


def figures(values: list[float]) -> dict[str, Any]:
    values = sorted(values)
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(values[int(0.95 * (len(values) - 1))], 2),
        "n": len(values),
    }


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"origin": ORIGIN}
    )
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or "errors" in body:
        raise RuntimeError(response.text[:500])
    return body


async def timed(run: Any, times: int) -> list[float]:
    out = []
    for _ in range(times):
        started = time.perf_counter()
        await run()
        out.append((time.perf_counter() - started) * 1000)
    return out


async def anonymous_reads(read: Any, sample: list[str], rounds: int = 3) -> list[float]:
    out = []
    for _ in range(rounds):
        for author in sample:
            started = time.perf_counter()
            await read(author)
            out.append((time.perf_counter() - started) * 1000)
    return out


async def follow_figures(
    transport: httpx.ASGITransport,
    driver: neo4j.AsyncDriver,
    sample: list[str],
    anonymous_profile: Any,
    args: argparse.Namespace,
) -> dict[str, Any]:
    await driver.execute_query(PRIVATE_LABELS + " DETACH DELETE n", database_="neo4j")
    results: dict[str, Any] = {}
    before = await anonymous_reads(anonymous_profile, sample)

    # Sign-in: the mutation against a trivial request, and the hash alone.
    clients = [
        httpx.AsyncClient(transport=transport, base_url=ORIGIN, timeout=120)
        for _ in range(args.users)
    ]
    try:
        for number, client in enumerate(clients):
            await post(client, SIGN_UP, email=f"bench{number}@example.org", password=PASSWORD)
        first = clients[0]
        trivial = await timed(lambda: post(first, TRIVIAL), 30)
        sign_in = await timed(
            lambda: post(first, SIGN_IN, email="bench0@example.org", password=PASSWORD), 30
        )
        stored = await passwords.hash_password(PASSWORD)
        verify = await timed(lambda: passwords.verify(stored, PASSWORD), 30)
        results["sign-in"] = {
            "trivial request": figures(trivial),
            "signIn mutation": figures(sign_in),
            "argon2id verify": figures(verify),
            "parameters": "argon2id m=19456 KiB t=2 p=1",
        }

        # One user's follow and unfollow, sequentially.
        targets = sample[: min(20, len(sample))]
        follow, unfollow = [], []
        for author in targets * 2:
            follow += await timed(lambda a=author: post(first, FOLLOW, id=a), 1)
            unfollow += await timed(lambda a=author: post(first, UNFOLLOW, id=a), 1)
        results["follow"] = figures(follow)
        results["unfollow"] = figures(unfollow)

        # Everyone at once, for a bounded time; each user's own operations are sequential, so
        # what it ends up following is known exactly.
        deadline = time.monotonic() + args.follow_seconds
        hot = sample[:5]  # a few popular authors: most contention on the same nodes

        async def user(number: int) -> tuple[set[str], list[float]]:
            rng = random.Random(number)
            client = clients[number]
            following: set[str] = set()
            latencies = []
            while time.monotonic() < deadline:
                author = rng.choice(hot)
                on = author not in following
                started = time.perf_counter()
                await post(client, FOLLOW if on else UNFOLLOW, id=author)
                latencies.append((time.perf_counter() - started) * 1000)
                (following.add if on else following.discard)(author)
            return following, latencies

        started = time.monotonic()
        outcomes = await asyncio.gather(*(user(n) for n in range(args.users)))
        elapsed = time.monotonic() - started
        expected = Counter(author for following, _ in outcomes for author in following)
        records, _, _ = await driver.execute_query(
            "UNWIND $ids AS id MATCH (a:Author {id: id}) "
            "RETURN id, COUNT { (a)<-[:FOLLOWS]-(:User) } AS followers",
            ids=hot,
            database_="neo4j",
        )
        actual = {record["id"]: record["followers"] for record in records}
        exact = all(actual[author] == expected.get(author, 0) for author in hot)
        operations = sum(len(latencies) for _, latencies in outcomes)
        results["concurrent"] = {
            "users": args.users,
            "seconds": round(elapsed, 1),
            "operations": operations,
            "per_second": round(operations / elapsed, 1),
            **figures([x for _, latencies in outcomes for x in latencies]),
            "final_counts_exact": exact,
            "expected": dict(expected),
            "actual": actual,
        }
        if not exact:
            raise RuntimeError(f"follower counts are not exact: {actual} != {dict(expected)}")

        after = await anonymous_reads(anonymous_profile, sample)

        async def signed_in_profile(author: str) -> Any:
            from benchmarks.api_benchmark import PROFILE

            return await post(first, PROFILE, id=author)

        with_cookie = await anonymous_reads(signed_in_profile, sample)
        results["anonymous reads"] = {
            "before": figures(before),
            "after": figures(after),
            "ratio_after_before_p50": round(
                statistics.median(after) / statistics.median(before), 2
            ),
            "signed-in": figures(with_cookie),
        }
        from benchmarks.collaboration_benchmark import collaboration_figures

        results["collaboration"] = await collaboration_figures(clients, driver, sample)
    finally:
        for client in clients:
            await client.aclose()
        await driver.execute_query(PRIVATE_LABELS + " DETACH DELETE n", database_="neo4j")
    report(results)
    return results


def report(results: dict[str, Any]) -> None:
    print("\naccounts and Follow (p50 / p95 ms)")
    for name, figure in results["sign-in"].items():
        if isinstance(figure, dict):
            print(f"  {name:<24}{figure['p50_ms']:>9.2f}{figure['p95_ms']:>9.2f}")
    for name in ("follow", "unfollow"):
        figure = results[name]
        print(f"  {name:<24}{figure['p50_ms']:>9.2f}{figure['p95_ms']:>9.2f}")
    c = results["concurrent"]
    print(
        f"  {c['users']} users at once for {c['seconds']} s: {c['operations']} follows/unfollows,"
        f" {c['per_second']}/s, p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms;"
        f" final counts exact: {c['final_counts_exact']}"
    )
    r = results["anonymous reads"]
    print(
        f"  anonymous profile p50 before {r['before']['p50_ms']} ms, after"
        f" {r['after']['p50_ms']} ms ({r['ratio_after_before_p50']}x); with a session"
        f" {r['signed-in']['p50_ms']} ms"
    )
