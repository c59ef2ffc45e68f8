"""`kg generate`: synthetic OpenAlex-format data on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.settings import Settings
from synthetic.generate import check_arguments, generate


def run_generate(settings: Settings, args: argparse.Namespace) -> int:
    return main_generate(authors=args.authors, seed=args.seed, out=args.out)


def main_generate(authors: int, seed: int, out: Path) -> int:
    """`kg generate`: write the files with a progress bar, then report them and what comes next."""
    check_arguments(authors=authors, seed=seed)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a directory, but {out} is a file")
    summary = generate(out, authors=authors, seed=seed, progress=True)
    print(
        f"Wrote {summary.works:,} works, {summary.authors:,} authors, "
        f"{summary.authorships:,} authorships, {summary.citations:,} citations, "
        f"{summary.institutions:,} institutions, {summary.topics:,} topics and "
        f"{summary.sources:,} sources (seed {seed}):"
    )
    for path in summary.files:
        print(f"  {path}")
    print(f"Load it with: kg load openalex {out}/*.jsonl")
    return 0
