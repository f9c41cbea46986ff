"""One cache for figures computed from a snapshot and a round: reused within a report.

A report's blocks ask for the same breakdown several times (its sentence, chart and table);
the figures depend only on the snapshot's content, the round and the other arguments, so they
are computed once per process, keyed like the canonical statistics' own cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = ["per_snapshot"]

P = ParamSpec("P")
R = TypeVar("R")


def per_snapshot(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache ``fn(snapshot, review_round, *args)`` by snapshot content, round and arguments."""
    cache: dict[tuple[Any, ...], Any] = {}

    @functools.wraps(fn)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        snapshot, review_round, *rest = args
        assert isinstance(snapshot, Snapshot) and isinstance(review_round, ReviewRound)
        key = (
            str(snapshot.directory),
            snapshot.snapshot_id,
            review_round.number,
            *rest,
            *sorted(kwargs.items()),
        )
        if key not in cache:
            cache[key] = fn(*args, **kwargs)
        result: R = cache[key]
        return result

    return cached
