"""How much do worker processes speed up `kg import`'s conversion (loaders/bulk.py convert)?

    .venv/bin/python -m benchmarks.convert_benchmark                       # 10k authors
    .venv/bin/python -m benchmarks.convert_benchmark --authors 100000 --workers 1,2 --rounds 1
    .venv/bin/python -m benchmarks.convert_benchmark --data DIR    # generated files elsewhere

The synthetic set of `kg generate --authors N --seed 7` (var/bench/authors-N-seed-7, shared with
the other benchmarks, generated when missing) is converted to the importer's CSV files, no Neo4j
involved, once per worker count per round, the counts interleaved so that other work on the
machine skews them alike. Prints, per worker count, the median seconds, works/s, the CPU seconds
of this process and its children, and the ratio to the first worker count; and checks that
every worker count wrote the same files. The load average is printed with each round: compare
the ratios of one run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.api_benchmark import prepare_data
from loaders.bulk import convert
from synthetic.generate import FILE_NAMES


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def digest(out: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(out.glob("*.csv")):
        sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=10_000)
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}", help="e.g. 1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, help="a directory of kg generate's files")
    args = parser.parse_args()
    counts = list(dict.fromkeys(int(item) for item in args.workers.split(",")))
    data = args.data or prepare_data(args.authors)
    files = [data / name for name in reversed(FILE_NAMES)]  # entities first, works last
    seconds: dict[int, list[float]] = {count: [] for count in counts}
    cpu: dict[int, list[float]] = {count: [] for count in counts}
    digests: dict[int, str] = {}
    works = 0
    with tempfile.TemporaryDirectory(prefix="kg-convert-") as scratch:
        for round_number in range(args.rounds):
            print(f"round {round_number + 1}: load average {os.getloadavg()}", flush=True)
            for count in counts:
                out = Path(scratch) / f"workers-{count}"
                started, cpu_started = time.monotonic(), cpu_seconds()
                conversion = convert(
                    files, out, rejects_path=Path(scratch) / "rejects.jsonl", workers=count
                )
                seconds[count].append(time.monotonic() - started)
                cpu[count].append(cpu_seconds() - cpu_started)
                works = conversion.works
                digests[count] = digest(out)
                shutil.rmtree(out)
                print(f"  workers={count}: {seconds[count][-1]:.1f} s", flush=True)
    first = statistics.median(seconds[counts[0]])
    print(f"\n{works:,} works, median of {args.rounds} round(s):")
    print(f"{'workers':>8}{'seconds':>10}{'works/s':>10}{'cpu s':>8}{'ratio':>8}")
    for count in counts:
        median = statistics.median(seconds[count])
        print(
            f"{count:>8}{median:>10.1f}{works / median:>10,.0f}"
            f"{statistics.median(cpu[count]):>8.1f}{median / first:>8.2f}"
        )
    same = len(set(digests.values())) == 1
    print("same files for every worker count" if same else f"FILES DIFFER: {digests}")


if __name__ == "__main__":
    main()
