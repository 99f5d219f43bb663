#!/usr/bin/env python3
"""Monte Carlo peer (NetworkX): pure-Python percolation BFS over the DiGraph adjacency.

    montecarlo_networkx.py ASSETS DEPS TRIALS SEED OUT

NetworkX has no percolation routine, so this walks G's successor dicts by hand: a
random initiating asset per trial, and each edge reached carries the loss with
probability = strength (random.Random, seeded), decided when its provider is reached.
OUT gets "assets population" per trial.
"""

import random
import sys
import time
from collections import deque

import _peer

import networkx as nx

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: montecarlo_networkx.py ASSETS DEPS TRIALS SEED OUT")
    assets, deps, trials, seed, out = sys.argv[1:]
    trials, seed = int(trials), int(seed)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    ids = g.ids
    G = nx.DiGraph()
    G.add_nodes_from((ids[i], {"population": p}) for i, p in enumerate(g.population.tolist()))
    G.add_weighted_edges_from(
        zip([ids[i] for i in g.prov], [ids[i] for i in g.dep], g.strength.tolist()),
        weight="strength")
    load_s = time.perf_counter() - t0

    rnd = random.Random(seed)
    succ = G.succ
    nodes = G.nodes
    results = []
    t1 = time.perf_counter()
    for _ in range(trials):
        src = ids[rnd.randrange(len(ids))]
        seen = {src}
        queue = deque([src])
        p = nodes[src]["population"]
        while queue:
            v = queue.popleft()
            for w, attrs in succ[v].items():
                if w not in seen and rnd.random() < attrs["strength"]:
                    seen.add(w)
                    queue.append(w)
                    p += nodes[w]["population"]
        results.append((len(seen), p))
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{a} {p:.0f}\n" for a, p in results))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=G.number_of_nodes(),
                 edges=G.number_of_edges(), trials=trials, threads=1,
                 library="networkx " + nx.__version__)


if __name__ == "__main__":
    main()
