"""References by preferential attachment within a subfield, never to a later work."""

from __future__ import annotations

import math
import random

from tqdm import tqdm

from synthetic.plan import Plan
from synthetic.taxonomy import Taxonomy

_REFERENCE_COUNTS = {"article": 7.0, "review": 25.0, "preprint": 5.0, "book-chapter": 4.0}


def cite(
    rng: random.Random, plan: Plan, tax: Taxonomy, progress: bool
) -> tuple[list[tuple[int, ...]], list[int]]:
    """References by preferential attachment, in date order, mostly within the citing subfield."""
    total = len(plan.ids)
    subfield_of = [tax.topic_subfield[topics[0]] for topics in plan.topics]
    by_subfield: list[list[int]] = [[] for _ in tax.subfield_names]
    anywhere: list[int] = []
    references: list[tuple[int, ...]] = [()] * total
    cited_by = [0] * total
    random_ = rng.random
    order = sorted(range(total), key=plan.dates.__getitem__)
    for position, work in enumerate(
        tqdm(order, desc="citing", unit="work", disable=not progress, mininterval=0.5)
    ):
        near = by_subfield[subfield_of[work]]
        wanted = min(
            position,
            150,
            int(rng.lognormvariate(math.log(_REFERENCE_COUNTS[plan.types[work]]), 0.7)),
        )
        chosen: list[int] = []
        for _ in range(3 * wanted):
            if len(chosen) == wanted:
                break
            pool = near if near and random_() < 0.75 else anywhere
            target = pool[int(random_() * len(pool))]
            if target not in chosen:
                chosen.append(target)
        for target in chosen:
            cited_by[target] += 1
            anywhere.append(target)
            by_subfield[subfield_of[target]].append(target)
        references[work] = tuple(chosen)
        near.append(work)
        anywhere.append(work)
    return references, cited_by
