"""Random draws every part of the generator uses: weighted picks, distinct ids, team sizes."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate


def cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def pick(cum: list[float], rng: random.Random) -> int:
    return min(bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)


def unique_ids(rng: random.Random, low: int, high: int, count: int, taken: set[int]) -> list[int]:
    drawn = rng.sample(range(low, high), count + len(taken))
    return [number for number in drawn if number not in taken][:count]


def negative_binomial_2(rng: random.Random, log_q: float) -> int:
    """Failures before the second success; log_q is log(1 - p)."""
    return int(math.log(1.0 - rng.random()) / log_q) + int(math.log(1.0 - rng.random()) / log_q)
