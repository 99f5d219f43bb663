#!/usr/bin/env python3
"""Criticality peer (NetworkX): reach over critical dependencies, one source at a time.

    criticality_networkx.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT

The DiGraph holds the edges with strength >= THRESHOLD, provider -> dependent. Kernel:
for every id in SOURCES_FILE, len(nx.descendants(G, id)) + 1 (the asset itself counts,
as in Rampart's `affected`). OUT gets one count a line, in SOURCES_FILE order.
"""

import sys
import time

import _peer

import networkx as nx

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: criticality_networkx.py ASSETS DEPS SOURCES_FILE THRESHOLD OUT")
    assets, deps, sources_file, threshold, out = sys.argv[1:]
    threshold = float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    keep = g.strength >= threshold
    ids = g.ids
    G = nx.DiGraph()
    G.add_nodes_from(ids)
    G.add_edges_from(zip([ids[i] for i in g.prov[keep]], [ids[i] for i in g.dep[keep]]))
    sources = _graph.read_lines(sources_file)
    g.rows(sources)   # validates the ids
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    counts = [len(nx.descendants(G, s)) + 1 for s in sources]
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{c}\n" for c in counts))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=G.number_of_nodes(),
                 edges=G.number_of_edges(), sources=len(sources),
                 library="networkx " + nx.__version__)


if __name__ == "__main__":
    main()
