#!/usr/bin/env python3
"""Cascade peer (python-igraph): single-source Dijkstra over dependency delays.

    cascade_igraph.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT

The directed Graph holds the critical edges only (strength >= THRESHOLD, filtered while
loading), provider -> dependent, with the delay as weight. Kernel: Graph.distances from
the source (igraph's Dijkstra) and the selection of assets reached at a time
< DURATION_H. OUT gets "row time" lines.
"""

import sys
import time

import _peer

import igraph as ig
import numpy as np

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 7:
        _peer.fail("usage: cascade_igraph.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT")
    assets, deps, source, duration, threshold, out = sys.argv[1:]
    duration, threshold = float(duration), float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    keep = g.strength >= threshold
    G = ig.Graph(n=g.n, edges=list(zip(g.prov[keep].tolist(), g.dep[keep].tolist())),
                 directed=True)
    G.es["delay"] = g.delay[keep].tolist()
    src = int(g.rows([source])[0])
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    dist = np.asarray(G.distances(source=[src], weights="delay", mode="out")[0])
    rows = np.flatnonzero(dist < duration)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        for r in rows.tolist():
            fh.write(f"{r} {float(dist[r])!r}\n")
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=G.vcount(),
                 edges=G.ecount(), affected=int(len(rows)), library="igraph " + ig.__version__)


if __name__ == "__main__":
    main()
