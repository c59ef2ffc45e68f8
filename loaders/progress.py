"""Progress bars for a load's phases: what was done out of a total, its rate and ETA, on stderr."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


def bar(desc: str, enabled: bool, **options: Any) -> tqdm[Any]:
    return tqdm(
        desc=desc,
        file=sys.stderr,
        disable=not enabled,
        mininterval=0.5,
        dynamic_ncols=True,
        **options,
    )
