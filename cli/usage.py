"""What every `kg` command shares: its usage error and its argument types."""

from __future__ import annotations

import argparse


class UsageError(Exception):
    """A command was given something it cannot use; the message says what."""


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value
