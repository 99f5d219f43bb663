#!/usr/bin/env python3
"""Cascade peer (numba): a JIT-compiled binary-heap Dijkstra over CSR arrays.

    cascade_numba.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT

Same kernel as the C peer: critical edges only (strength >= THRESHOLD), provider ->
dependent, arrival time = shortest sum of delays, lost when < DURATION_H. The function
is compiled on a tiny graph before the timed call, so compilation is not in the kernel
time (it is reported as compile_s).
"""

import sys
import time

import _peer

import numba
import numpy as np
from numba import njit

import _graph
from _jit import heap_pop, heap_push

IMPORT_S = _peer.startup_s()


@njit(cache=False)
def cascade(indptr, indices, delay, n, src, duration):
    dist = np.full(n, np.inf)
    hk = np.empty(len(indices) + 1, np.float64)
    hv = np.empty(len(indices) + 1, np.int32)
    size = 0
    dist[src] = 0.0
    hk, hv, size = heap_push(hk, hv, size, 0.0, src)
    while size > 0:
        key, v, size = heap_pop(hk, hv, size)
        if key > dist[v]:
            continue
        if key >= duration:
            break
        for k in range(indptr[v], indptr[v + 1]):
            t = key + delay[k]
            w = indices[k]
            if t < dist[w] and t < duration:
                dist[w] = t
                hk, hv, size = heap_push(hk, hv, size, t, w)
    return dist


def main() -> None:
    if len(sys.argv) != 7:
        _peer.fail("usage: cascade_numba.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT")
    assets, deps, source, duration, threshold, out = sys.argv[1:]
    duration, threshold = float(duration), float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    indptr, indices, _, delay = g.csr_out(g.strength >= threshold)
    src = np.int32(g.rows([source])[0])
    load_s = time.perf_counter() - t0

    tc = time.perf_counter()
    cascade(np.array([0, 1, 1], np.int64), np.array([1], np.int32), np.array([0.5]), 2,
            np.int32(0), duration)
    compile_s = time.perf_counter() - tc

    t1 = time.perf_counter()
    dist = cascade(indptr, indices, delay, g.n, src, duration)
    rows = np.flatnonzero(dist < duration)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        for r in rows.tolist():
            fh.write(f"{r} {float(dist[r])!r}\n")
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, compile_s=compile_s, nodes=g.n,
                 edges=int(len(indices)), affected=int(len(rows)),
                 library="numba " + numba.__version__)


if __name__ == "__main__":
    main()
