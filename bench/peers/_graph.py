"""Shared loading for the analysis peers: assets.csv + a dependency CSV into numpy
arrays and CSR adjacency. Every peer uses the same row order as the CSV files (asset
row i is vertex i), so results can be compared index by index.

Loading is never part of a peer's kernel time; the peers time it separately.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import _peer


@dataclass
class Graph:
    ids: list               # asset ids in file order
    index: pd.Index         # id -> row
    population: np.ndarray  # float64 per asset
    sector: np.ndarray      # sector name per asset (object array)
    economic_value: np.ndarray
    prov: np.ndarray        # int32 per edge, file order
    dep: np.ndarray         # int32 per edge
    strength: np.ndarray    # float64 per edge
    delay: np.ndarray       # float64 per edge

    @property
    def n(self) -> int:
        return len(self.ids)

    def rows(self, ids) -> np.ndarray:
        r = self.index.get_indexer(list(ids))
        if (r < 0).any():
            _peer.fail("unknown asset id")
        return r

    def csr_out(self, mask=None):
        """(indptr, indices, strength, delay) of the edges provider -> dependent, stable
        in file order within a provider; `mask` selects a subset of edges."""
        prov, dep, s, d = self.prov, self.dep, self.strength, self.delay
        if mask is not None:
            prov, dep, s, d = prov[mask], dep[mask], s[mask], d[mask]
        order = np.argsort(prov, kind="stable")
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(prov, minlength=self.n), out=indptr[1:])
        return (indptr, dep[order].astype(np.int32), s[order].astype(np.float64),
                d[order].astype(np.float64))


def load(assets_path: str, deps_path: str) -> Graph:
    a = pd.read_csv(assets_path, usecols=["id", "sector", "population", "economic_value"],
                    dtype={"id": str, "sector": str})
    d = pd.read_csv(deps_path, usecols=["dependent", "provider", "strength", "delay_h"],
                    dtype={"dependent": str, "provider": str})
    index = pd.Index(a["id"])
    if not index.is_unique:
        _peer.fail("duplicate asset ids")
    prov = index.get_indexer(d["provider"])
    dep = index.get_indexer(d["dependent"])
    if (prov < 0).any() or (dep < 0).any():
        _peer.fail("dependency refers to an unknown asset")
    return Graph(a["id"].tolist(), index, a["population"].to_numpy(np.float64),
                 a["sector"].to_numpy(object), a["economic_value"].to_numpy(np.float64),
                 prov.astype(np.int32), dep.astype(np.int32),
                 d["strength"].to_numpy(np.float64), d["delay_h"].fillna(0).to_numpy(np.float64))


def read_lines(path: str) -> list:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]
