#!/usr/bin/env python3
"""Cascade peer (NetworkX): single-source Dijkstra over dependency delays.

    cascade_networkx.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT

Only edges with strength >= THRESHOLD (the critical ones) enter the DiGraph, directed
provider -> dependent with the delay as weight; that filtering is part of loading.
Kernel: nx.single_source_dijkstra_path_length from the source; an asset is lost when
its arrival time is < DURATION_H. OUT gets "row time" lines.
"""

import sys
import time

import _peer

import networkx as nx

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) != 7:
        _peer.fail("usage: cascade_networkx.py ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT")
    assets, deps, source, duration, threshold, out = sys.argv[1:]
    duration, threshold = float(duration), float(threshold)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    keep = g.strength >= threshold
    G = nx.DiGraph()
    G.add_nodes_from(g.ids)
    ids = g.ids
    G.add_weighted_edges_from(
        zip([ids[i] for i in g.prov[keep]], [ids[i] for i in g.dep[keep]],
            g.delay[keep].tolist()), weight="delay")
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    times = nx.single_source_dijkstra_path_length(G, source, cutoff=duration, weight="delay")
    lost = {k: v for k, v in times.items() if v < duration}
    seconds = time.perf_counter() - t1

    rows = g.rows(lost.keys())
    with open(out, "w") as fh:
        for r, t in zip(rows.tolist(), lost.values()):
            fh.write(f"{r} {t!r}\n")
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=G.number_of_nodes(),
                 edges=G.number_of_edges(), affected=len(lost),
                 library="networkx " + nx.__version__)


if __name__ == "__main__":
    main()
