"""Timing helpers the benchmarks share."""

import statistics
import time


def median_seconds(fn, repeats, warmup=0):
    """The median wall-clock seconds of ``repeats`` calls of ``fn``, after ``warmup`` uncounted
    ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
