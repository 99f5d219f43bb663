#!/usr/bin/env python3
"""Import peer: load assets + dependencies into a NetworkX DiGraph.

    python3 bench/peers/import_networkx.py ASSETS.csv DEPENDENCIES.csv

Nodes are keyed by asset id and carry every other CSV column as attributes. Edges run
provider -> dependent and carry kind, strength, delay_h and group. Unknown endpoints
abort the import (NetworkX would otherwise silently create bare nodes).
"""

import sys
import time

import _peer

import networkx as nx
import pandas as pd

IMPORT_S = _peer.startup_s()
BASE_RSS = _peer.rss_mb()


def load(assets_path: str, deps_path: str) -> nx.DiGraph:
    assets = pd.read_csv(assets_path)
    deps = pd.read_csv(deps_path, dtype={"group": str})
    ids = assets["id"]
    if not ids.is_unique:
        _peer.fail("duplicate asset ids")
    known = pd.Index(ids)
    if not (deps["provider"].isin(known).all() and deps["dependent"].isin(known).all()):
        _peer.fail("dependency refers to an unknown asset")
    deps["group"] = deps["group"].fillna("")
    g = nx.DiGraph()
    g.add_nodes_from(zip(ids.tolist(), assets.drop(columns=["id"]).to_dict("records")))
    edge_attrs = deps.drop(columns=["dependent", "provider"]).to_dict("records")
    g.add_edges_from(zip(deps["provider"].tolist(), deps["dependent"].tolist(), edge_attrs))
    return g


def main() -> None:
    if len(sys.argv) != 3:
        _peer.fail("usage: import_networkx.py ASSETS.csv DEPENDENCIES.csv")
    t0 = time.perf_counter()
    g = load(sys.argv[1], sys.argv[2])
    seconds = time.perf_counter() - t0
    _peer.report(seconds, nodes=g.number_of_nodes(), edges=g.number_of_edges(),
                 import_s=IMPORT_S, base_rss_mb=BASE_RSS, library="networkx " + nx.__version__)


if __name__ == "__main__":
    main()
