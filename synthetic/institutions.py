"""Institutions with places, types and well-formed ROR ids (check digits included)."""

from __future__ import annotations

import random

from synthetic.draws import cumulative, pick, unique_ids
from synthetic.parameters import OPENALEX
from synthetic.vocabulary import (
    COUNTRIES,
    INSTITUTION_KINDS,
    PLACE_HEADS,
    PLACE_TAILS,
)


def place(rng: random.Random) -> str:
    return rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)


def _ror(rng: random.Random) -> str:
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, as ROR uses
    body = "0" + "".join(rng.choice(alphabet) for _ in range(6))
    value = 0
    for char in body:
        value = value * 32 + alphabet.index(char)
    return f"{body}{98 - (value * 100) % 97:02d}"  # ISO 7064 MOD 97-10 check digits


def build_institutions(rng: random.Random, count: int) -> list[dict]:
    country_cum = cumulative([weight for _, _, weight in COUNTRIES])
    kind_cum = cumulative([weight for _, weight, _ in INSTITUTION_KINDS])
    numbers = unique_ids(rng, 10**7, 45 * 10**8, count, set())
    names: set[str] = set()
    rors: set[str] = set()
    institutions = []
    for number in numbers:
        kind, _, patterns = INSTITUTION_KINDS[pick(kind_cum, rng)]
        code, country, _ = COUNTRIES[pick(country_cum, rng)]
        city = place(rng)
        name = rng.choice(patterns).format(p=city)
        for _ in range(20):
            if name not in names:
                break
            city = place(rng)
            name = rng.choice(patterns).format(p=city)
        else:
            name = f"{name} ({country})"
        names.add(name)
        ror = _ror(rng)
        while ror in rors:
            ror = _ror(rng)
        rors.add(ror)
        openalex_id = f"{OPENALEX}I{number}"
        institutions.append(
            {
                "id": openalex_id,
                "ror": f"https://ror.org/{ror}",
                "display_name": name,
                "country_code": code,
                "type": kind,
                "lineage": [openalex_id],
                "geo": {"city": city, "country_code": code, "country": country},
                "ids": {"openalex": openalex_id, "ror": f"https://ror.org/{ror}"},
                "updated_date": "2025-06-01T00:00:00",
            }
        )
    return institutions
