"""Helpers shared by the peer scripts (each peer runs in its own process).

A peer prints exactly one machine-readable line on stdout:

    PEER {"seconds": <load+build time>, "nodes": ..., "edges": ..., ...}

`seconds` covers only the measured work (reading the CSV files and building the
graph), not interpreter start-up or library imports; the runner measures the whole
process separately (wall clock and peak RSS).
"""

import json
import resource
import sys
import time

_T_START = time.perf_counter()


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024.0 if sys.platform != "darwin" else kb / 2**20


def startup_s() -> float:
    return time.perf_counter() - _T_START


def report(seconds: float, **extra) -> None:
    payload = {"seconds": seconds}
    payload.update(extra)
    print("PEER " + json.dumps(payload, sort_keys=True), flush=True)


def fail(message: str) -> None:
    print(f"peer error: {message}", file=sys.stderr, flush=True)
    sys.exit(3)
