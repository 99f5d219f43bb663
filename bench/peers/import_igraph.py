#!/usr/bin/env python3
"""Import peer: load assets + dependencies into a directed python-igraph Graph.

    python3 bench/peers/import_igraph.py ASSETS.csv DEPENDENCIES.csv

Vertices are the assets (ids mapped to 0..n-1, every CSV column kept as a vertex
attribute; the asset id is stored as igraph's `name` attribute and the display name as
`label`). Edges run provider -> dependent (the direction in which a failure
propagates) and carry kind, strength, delay_h and group. Unknown endpoints abort the
import, as they would in Rampart.
"""

import sys
import time

import _peer

import igraph as ig
import pandas as pd

IMPORT_S = _peer.startup_s()
BASE_RSS = _peer.rss_mb()


def load(assets_path: str, deps_path: str) -> ig.Graph:
    assets = pd.read_csv(assets_path)
    deps = pd.read_csv(deps_path, dtype={"group": str})
    index = pd.Index(assets["id"])
    if not index.is_unique:
        _peer.fail("duplicate asset ids")
    src = index.get_indexer(deps["provider"])
    dst = index.get_indexer(deps["dependent"])
    if (src < 0).any() or (dst < 0).any():
        _peer.fail("dependency refers to an unknown asset")
    # A list of int tuples is the quickest input python-igraph accepts for edges.
    edges = list(zip(src.tolist(), dst.tolist()))
    g = ig.Graph(n=len(assets), edges=edges, directed=True)
    for col in assets.columns:
        key = {"id": "name", "name": "label"}.get(col, col)
        g.vs[key] = assets[col].tolist()
    for col in deps.columns:
        if col in ("dependent", "provider"):
            continue
        values = deps[col]
        if col == "group":
            values = values.fillna("")
        g.es[col] = values.tolist()
    return g


def main() -> None:
    if len(sys.argv) != 3:
        _peer.fail("usage: import_igraph.py ASSETS.csv DEPENDENCIES.csv")
    t0 = time.perf_counter()
    g = load(sys.argv[1], sys.argv[2])
    seconds = time.perf_counter() - t0
    _peer.report(seconds, nodes=g.vcount(), edges=g.ecount(), import_s=IMPORT_S,
                 base_rss_mb=BASE_RSS, library="igraph " + ig.__version__)


if __name__ == "__main__":
    main()
