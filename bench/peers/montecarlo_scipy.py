#!/usr/bin/env python3
"""Monte Carlo peer (SciPy): one masked CSR matrix and one csgraph BFS per trial.

    montecarlo_scipy.py ASSETS DEPS TRIALS SEED OUT

Per trial: a random initiating asset; every edge is kept with probability = strength
(numpy Generator, seeded); the kept edges form a CSR matrix (built directly from the
sorted edge arrays); breadth_first_order from the initiator gives the affected assets.
This draws a number for every edge in every trial, so its cost grows with the edge
count rather than with the size of the cascade. OUT gets "assets population" per trial.
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
        _peer.fail("usage: montecarlo_scipy.py ASSETS DEPS TRIALS SEED OUT")
    assets, deps, trials, seed, out = sys.argv[1:]
    trials, seed = int(trials), int(seed)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    indptr, indices, strength, _ = g.csr_out()
    row_of_edge = np.repeat(np.arange(g.n, dtype=np.int32), np.diff(indptr))
    load_s = time.perf_counter() - t0

    rng = np.random.default_rng(seed)
    n_aff = np.empty(trials, np.int64)
    pop = np.empty(trials, np.float64)
    ptr = np.zeros(g.n + 1, np.int64)
    t1 = time.perf_counter()
    for t in range(trials):
        src = int(rng.integers(g.n))
        keep = rng.random(len(indices)) < strength
        np.cumsum(np.bincount(row_of_edge[keep], minlength=g.n), out=ptr[1:])
        kept = indices[keep]
        M = csr_matrix((np.ones(len(kept), np.int8), kept, ptr), shape=(g.n, g.n))
        order = breadth_first_order(M, src, directed=True, return_predecessors=False)
        n_aff[t] = len(order)
        pop[t] = g.population[order].sum()
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{a} {p:.0f}\n" for a, p in zip(n_aff.tolist(), pop.tolist())))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=g.n,
                 edges=int(len(indices)), trials=trials, threads=1,
                 library="scipy " + scipy.__version__)


if __name__ == "__main__":
    main()
