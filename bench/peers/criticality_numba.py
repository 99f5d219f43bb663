#!/usr/bin/env python3
"""Criticality peer (numba): JIT-compiled BFS from every source over CSR arrays.

    criticality_numba.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT

Same kernel as the C peer, single-threaded: edges with strength >= THRESHOLD,
provider -> dependent; a stamp array avoids clearing the visited marks between
sources. Compiled on a tiny graph before the timed call (compile_s).
"""

import sys
import time

import _peer

import numba
import numpy as np
from numba import njit

import _graph

IMPORT_S = _peer.startup_s()


@njit(cache=False)
def reach_counts(indptr, indices, n, sources):
    stamp = np.zeros(n, np.int32)
    queue = np.empty(n, np.int32)
    counts = np.empty(len(sources), np.int64)
    for s in range(len(sources)):
        mark = s + 1
        head, tail = 0, 0
        queue[tail] = sources[s]
        tail += 1
        stamp[sources[s]] = mark
        while head < tail:
            v = queue[head]
            head += 1
            for k in range(indptr[v], indptr[v + 1]):
                w = indices[k]
                if stamp[w] != mark:
                    stamp[w] = mark
                    queue[tail] = w
                    tail += 1
        counts[s] = tail
    return counts


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: criticality_numba.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT")
    assets, deps, sources_file, threshold, out = sys.argv[1:]
    threshold = float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    indptr, indices, _, _ = g.csr_out(g.strength >= threshold)
    sources = g.rows(_graph.read_lines(sources_file)).astype(np.int32)
    load_s = time.perf_counter() - t0

    tc = time.perf_counter()
    reach_counts(np.array([0, 1, 1], np.int64), np.array([1], np.int32), 2,
                 np.array([0], np.int32))
    compile_s = time.perf_counter() - tc

    t1 = time.perf_counter()
    counts = reach_counts(indptr, indices, g.n, sources)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{c}\n" for c in counts.tolist()))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, compile_s=compile_s, nodes=g.n,
                 edges=int(len(indices)), sources=int(len(sources)), threads=1,
                 library="numba " + numba.__version__)


if __name__ == "__main__":
    main()
