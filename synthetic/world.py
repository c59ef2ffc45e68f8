"""Everything the works are drawn from, built once per run."""

from __future__ import annotations

from dataclasses import dataclass

from synthetic.people import People
from synthetic.sources import Source
from synthetic.taxonomy import Taxonomy


@dataclass
class World:
    taxonomy: Taxonomy
    institutions: list[dict]
    sources: list[Source]
    people: People
