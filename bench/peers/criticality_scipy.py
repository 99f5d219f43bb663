#!/usr/bin/env python3
"""Criticality peer (SciPy): reach over critical dependencies with csgraph BFS.

    criticality_scipy.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT

CSR matrix of the edges with strength >= THRESHOLD, provider -> dependent. Kernel: for
every source, len(breadth_first_order(M, v, directed=True, return_predecessors=False))
(the source included). OUT gets one count a line.
"""

import sys
import time

import _peer

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: criticality_scipy.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT")
    assets, deps, sources_file, threshold, out = sys.argv[1:]
    threshold = float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    indptr, indices, _, _ = g.csr_out(g.strength >= threshold)
    M = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(g.n, g.n))
    rows = g.rows(_graph.read_lines(sources_file)).tolist()
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    counts = [len(breadth_first_order(M, v, directed=True, return_predecessors=False))
              for v in rows]
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{c}\n" for c in counts))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=g.n, edges=int(M.nnz),
                 sources=len(rows), library="scipy " + scipy.__version__)


if __name__ == "__main__":
    main()
