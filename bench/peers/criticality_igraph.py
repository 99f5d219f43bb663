#!/usr/bin/env python3
"""Criticality peer (python-igraph): reach over critical dependencies.

    criticality_igraph.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT

The directed Graph holds the edges with strength >= THRESHOLD, provider -> dependent.
Kernel: for every source, len(Graph.subcomponent(v, mode="out")) -- igraph's BFS,
which includes the source itself. OUT gets one count a line.
"""

import sys
import time

import _peer

import igraph as ig

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: criticality_igraph.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT")
    assets, deps, sources_file, threshold, out = sys.argv[1:]
    threshold = float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    keep = g.strength >= threshold
    G = ig.Graph(n=g.n, edges=list(zip(g.prov[keep].tolist(), g.dep[keep].tolist())),
                 directed=True)
    rows = g.rows(_graph.read_lines(sources_file)).tolist()
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    counts = [len(G.subcomponent(v, mode="out")) for v in rows]
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{c}\n" for c in counts))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=G.vcount(),
                 edges=G.ecount(), sources=len(rows), library="igraph " + ig.__version__)


if __name__ == "__main__":
    main()
