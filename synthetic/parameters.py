"""The generated world's fixed parameters: its years, team sizes and productivity."""

from __future__ import annotations

OPENALEX = "https://openalex.org/"


MAX_TEAM = 20


WORKS_PER_AUTHOR = 2.25


FIRST_YEAR = 1980


LAST_YEAR = 2025
