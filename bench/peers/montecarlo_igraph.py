#!/usr/bin/env python3
"""Monte Carlo peer (python-igraph): one edge-subgraph and one BFS per trial.

    montecarlo_igraph.py ASSETS DEPS TRIALS SEED OUT

Per trial: a random initiating asset; every edge is kept with probability = strength
(numpy Generator, seeded); Graph.subgraph_edges keeps those edges (all vertices stay)
and subcomponent(initiator, mode="out") gives the affected assets. igraph has no
percolation routine, so each trial costs time in proportion to the edge count.
OUT gets "assets population" per trial.
"""

import sys
import time

import _peer

import igraph as ig
import numpy as np

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: montecarlo_igraph.py ASSETS DEPS TRIALS SEED OUT")
    assets, deps, trials, seed, out = sys.argv[1:]
    trials, seed = int(trials), int(seed)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    G = ig.Graph(n=g.n, edges=list(zip(g.prov.tolist(), g.dep.tolist())), directed=True)
    strength = g.strength
    load_s = time.perf_counter() - t0

    rng = np.random.default_rng(seed)
    n_aff = np.empty(trials, np.int64)
    pop = np.empty(trials, np.float64)
    t1 = time.perf_counter()
    for t in range(trials):
        src = int(rng.integers(g.n))
        keep = np.flatnonzero(rng.random(len(strength)) < strength)
        H = G.subgraph_edges(keep.tolist(), delete_vertices=False)
        reached = H.subcomponent(src, mode="out")
        n_aff[t] = len(reached)
        pop[t] = g.population[reached].sum()
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{a} {p:.0f}\n" for a, p in zip(n_aff.tolist(), pop.tolist())))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=G.vcount(),
                 edges=G.ecount(), trials=trials, threads=1, library="igraph " + ig.__version__)


if __name__ == "__main__":
    main()
