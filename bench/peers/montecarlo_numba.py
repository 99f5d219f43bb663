#!/usr/bin/env python3
"""Monte Carlo peer (numba): random-initiator percolation cascades, parallel (prange).

    montecarlo_numba.py ASSETS DEPS TRIALS SEED OUT

Each trial starts from one asset drawn at random; every dependency (all of them, no
threshold) carries its provider's loss with probability = strength, decided when the
provider is reached. Time plays no part (the outage is taken as long enough). Trials are
split into chunks that run on all cores via numba.prange, each chunk with its own
visited stamps and queue.

Random numbers: splitmix64 with one stream per trial (state = seed << 32 xor trial), the
same generator and draw order as the C peer, so both produce identical trials.
OUT gets "assets population" per trial.
"""

import sys
import time

import _peer

import numba
import numpy as np
from numba import njit, prange

import _graph
from _jit import uniform

IMPORT_S = _peer.startup_s()

@njit(parallel=True, cache=False)
def simulate(indptr, indices, strength, population, n, trials, seed, chunks):
    n_aff = np.empty(trials, np.int64)
    pop = np.empty(trials, np.float64)
    for c in prange(chunks):
        stamp = np.zeros(n, np.int32)
        queue = np.empty(n, np.int32)
        lo = c * trials // chunks
        hi = (c + 1) * trials // chunks
        for t in range(lo, hi):
            st = (np.uint64(seed) << np.uint64(32)) ^ np.uint64(t)
            st, u = uniform(st)
            src = np.int32(u * n)
            mark = np.int32(t + 1)
            head, tail = 0, 0
            queue[tail] = src
            tail += 1
            stamp[src] = mark
            p = population[src]
            while head < tail:
                v = queue[head]
                head += 1
                for k in range(indptr[v], indptr[v + 1]):
                    w = indices[k]
                    if stamp[w] == mark:
                        continue
                    st, u = uniform(st)
                    if u < strength[k]:
                        stamp[w] = mark
                        queue[tail] = w
                        tail += 1
                        p += population[w]
            n_aff[t] = tail
            pop[t] = p
    return n_aff, pop


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: montecarlo_numba.py ASSETS DEPS TRIALS SEED OUT")
    assets, deps, trials, seed, out = sys.argv[1:]
    trials, seed = int(trials), int(seed)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    indptr, indices, strength, _ = g.csr_out()
    load_s = time.perf_counter() - t0
    threads = numba.get_num_threads()
    chunks = max(1, 8 * threads)

    tc = time.perf_counter()
    simulate(np.array([0, 1, 1], np.int64), np.array([1], np.int32), np.array([0.5]),
             np.array([1.0, 2.0]), 2, 4, 1, 2)
    compile_s = time.perf_counter() - tc

    t1 = time.perf_counter()
    n_aff, pop = simulate(indptr, indices, strength, g.population, g.n, trials, seed, chunks)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{a} {p:.0f}\n" for a, p in zip(n_aff.tolist(), pop.tolist())))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, compile_s=compile_s, nodes=g.n,
                 edges=int(len(indices)), trials=trials, threads=threads,
                 library="numba " + numba.__version__)


if __name__ == "__main__":
    main()
