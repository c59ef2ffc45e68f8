"""A function over a stream of work items in worker processes, results in the items' order.

At most `in_flight` items are out at a time (read, sent or waiting to be taken), so memory is
bounded by that many items and their results however long the stream is. The workers ignore
Ctrl-C and SIGTERM: the main process gets them, stops taking items and shuts the pool down.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Tag = TypeVar("Tag")
Item = TypeVar("Item")
Result = TypeVar("Result")


def default_workers() -> int:
    """One worker per CPU besides the one the main process keeps busy (staging and writing the
    CSV), and none (1: the records mapped in process) on two CPUs or fewer: measured on 2 CPUs,
    two workers were 1.2-1.6x slower than none, since sending each row back (pickled there,
    unpickled here) costs about half of mapping it."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (cpus or 1) - 1)


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[tuple[Tag, Item]],
    *,
    workers: int,
    in_flight: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[tuple[Tag, Result]]:
    """(tag, function(item)) for each (tag, item), in order; the tag stays in this process."""
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(initializer, initargs),
    ) as pool:
        pending: deque[tuple[Tag, Future[Result]]] = deque()
        try:
            for tag, item in items:
                pending.append((tag, pool.submit(function, item)))
                if len(pending) >= in_flight:
                    first_tag, future = pending.popleft()
                    yield first_tag, future.result()
            while pending:
                first_tag, future = pending.popleft()
                yield first_tag, future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _context() -> Any:
    # fork: the workers start at once, with the modules already imported.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)
