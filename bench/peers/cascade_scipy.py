#!/usr/bin/env python3
"""Cascade peer (SciPy): scipy.sparse.csgraph.dijkstra over dependency delays.

    cascade_scipy.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT

The CSR matrix holds the critical edges only (strength >= THRESHOLD), entry
[provider, dependent] = delay. Zero delays are common, and csgraph counts an explicit
zero stored in a sparse matrix as an edge of weight 0, so the matrix is built directly
from (data, indices, indptr) without eliminating zeros. Kernel: dijkstra from the source
with limit=DURATION_H, then the assets reached at a time < DURATION_H.
"""

import sys
import time

import _peer

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 7:
        _peer.fail("usage: cascade_scipy.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT")
    assets, deps, source, duration, threshold, out = sys.argv[1:]
    duration, threshold = float(duration), float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    indptr, indices, _, delay = g.csr_out(g.strength >= threshold)
    M = csr_matrix((delay, indices, indptr), shape=(g.n, g.n))
    src = int(g.rows([source])[0])
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    dist = dijkstra(M, directed=True, indices=src, limit=duration)
    rows = np.flatnonzero(dist < duration)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        for r in rows.tolist():
            fh.write(f"{r} {float(dist[r])!r}\n")
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=g.n, edges=int(M.nnz),
                 affected=int(len(rows)), library="scipy " + scipy.__version__)


if __name__ == "__main__":
    main()
