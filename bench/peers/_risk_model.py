"""Loading shared by the W6 peers (risk_numpy, annual_numpy, annual_numba).

Reads the four CSV files of a data set into flat NumPy arrays:

- assets in file order (asset row i is vertex i, as in Rampart's snapshot);
- dependencies sorted by provider, stably, so that edge k here is edge k of Rampart's
  snapshot (which buckets the dependency rows by provider in insertion order);
- threats and vulnerabilities (the risk pairs) in file order.

Redundancy groups are folded into *requirements* the way the risk engine describes
them: the dependencies of one dependent that are at or above the threshold and carry
the same `group` name form one requirement, which is met (the dependent is lost
through it) only when every one of them has delivered the loss; the loss then arrives
at the latest of their arrival times. A requirement with a single member is an
ordinary dependency. Loading, including this folding, is never part of a kernel time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import _peer


def _numeric(frame: pd.DataFrame, column: str, default: float, what: str) -> np.ndarray:
    """A numeric column, or `default` when the file does not have it. Distributions such
    as pert(...) are not supported by the peers: fail loudly rather than guess."""
    if column not in frame.columns:
        return np.full(len(frame), default, dtype=np.float64)
    col = pd.to_numeric(frame[column], errors="coerce")
    bad = col.isna() & frame[column].notna()
    if bad.any():
        _peer.fail(f"{what}: column {column} holds non-numeric values such as "
                   f"{frame[column][bad].iloc[0]!r} (distributions are not supported here)")
    return col.fillna(default).to_numpy(np.float64)


@dataclass
class RiskData:
    ids: list
    sector: np.ndarray            # object array, per asset
    population: np.ndarray
    economic_value: np.ndarray
    recovery: np.ndarray          # hours
    occupancy: np.ndarray
    replacement_cost: np.ndarray
    # dependencies, sorted by provider (stable)
    indptr: np.ndarray            # int64, n + 1
    prov: np.ndarray              # int32 per edge
    dep: np.ndarray               # int32 per edge
    strength: np.ndarray          # float64 per edge, as given in the file
    delay: np.ndarray             # float64 per edge, hours
    group: np.ndarray             # object per edge (None when not in a group)
    # threats
    threat_ids: list
    likelihood: np.ndarray
    outage_factor: np.ndarray
    fatality_rate: np.ndarray
    injury_rate: np.ndarray
    damage: np.ndarray
    # pairs (vulnerabilities), file order
    pair_asset: np.ndarray        # int64
    pair_threat: np.ndarray       # int64
    pair_v: np.ndarray
    pair_frequency: np.ndarray    # the vulnerability's override, or the threat's likelihood

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def edges(self) -> int:
        return len(self.dep)

    def strength32(self) -> np.ndarray:
        """Strengths rounded to single precision, as Rampart's snapshot stores them."""
        return self.strength.astype(np.float32).astype(np.float64)


def load(assets_path, deps_path, threats_path, vulns_path) -> RiskData:
    a = pd.read_csv(assets_path, dtype={"id": str, "sector": str},
                    usecols=lambda c: c in ("id", "sector", "population", "economic_value",
                                            "recovery_h", "occupancy", "replacement_cost"))
    index = pd.Index(a["id"])
    if not index.is_unique:
        _peer.fail("duplicate asset ids")
    d = pd.read_csv(deps_path, dtype={"dependent": str, "provider": str, "group": str},
                    usecols=lambda c: c in ("dependent", "provider", "strength", "delay_h",
                                            "group"))
    prov = index.get_indexer(d["provider"])
    dep = index.get_indexer(d["dependent"])
    if (prov < 0).any() or (dep < 0).any():
        _peer.fail("dependency refers to an unknown asset")
    n = len(index)
    order = np.argsort(prov, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(prov, minlength=n), out=indptr[1:])
    strength = _numeric(d, "strength", 1.0, "dependencies")
    delay = _numeric(d, "delay_h", 0.0, "dependencies")
    if "group" in d.columns:
        group = d["group"].to_numpy(object)
        group = np.where(pd.isna(group), None, group)
    else:
        group = np.full(len(d), None, dtype=object)

    t = pd.read_csv(threats_path, dtype={"id": str})
    tindex = pd.Index(t["id"])
    v = pd.read_csv(vulns_path, dtype={"asset": str, "threat": str})
    pa = index.get_indexer(v["asset"])
    pt = tindex.get_indexer(v["threat"])
    if (pa < 0).any() or (pt < 0).any():
        _peer.fail("vulnerability refers to an unknown asset or threat")
    if "v" not in v.columns or v["v"].isna().any():
        _peer.fail("every vulnerability needs a v (protection paths are not modelled here)")
    likelihood = _numeric(t, "likelihood", 0.0, "threats")
    pv = _numeric(v, "v", 0.0, "vulnerabilities")
    if "frequency" in v.columns:
        override = pd.to_numeric(v["frequency"], errors="coerce").to_numpy(np.float64)
        freq = np.where(np.isnan(override), likelihood[pt], override)
    else:
        freq = likelihood[pt]

    return RiskData(
        ids=a["id"].tolist(), sector=a["sector"].to_numpy(object),
        population=_numeric(a, "population", 0.0, "assets"),
        economic_value=_numeric(a, "economic_value", 0.0, "assets"),
        recovery=_numeric(a, "recovery_h", 0.0, "assets"),
        occupancy=_numeric(a, "occupancy", 0.0, "assets"),
        replacement_cost=_numeric(a, "replacement_cost", 0.0, "assets"),
        indptr=indptr, prov=prov[order].astype(np.int32), dep=dep[order].astype(np.int32),
        strength=strength[order], delay=delay[order], group=group[order],
        threat_ids=t["id"].tolist(), likelihood=likelihood,
        outage_factor=_numeric(t, "outage_factor", 1.0, "threats"),
        fatality_rate=_numeric(t, "fatality_rate", 0.0, "threats"),
        injury_rate=_numeric(t, "injury_rate", 0.0, "threats"),
        damage=_numeric(t, "damage", 0.0, "threats"),
        pair_asset=pa.astype(np.int64), pair_threat=pt.astype(np.int64), pair_v=pv,
        pair_frequency=freq)


@dataclass
class Requirements:
    """Redundancy groups with two or more members at or above the threshold.

    member_edge[m] for m in offsets[q]..offsets[q+1] are the edges of requirement q, whose
    dependent is owner[q]; edge_req[e] is the requirement of edge e, or -1 when the edge
    acts alone (no group, or the only member of its group above the threshold)."""
    offsets: np.ndarray       # int64, count + 1
    member_edge: np.ndarray   # int64
    owner: np.ndarray         # int32
    edge_req: np.ndarray      # int64 per edge
    edge_slot: np.ndarray     # int64 per edge: its position m in member_edge, or -1

    @property
    def count(self) -> int:
        return len(self.owner)

    @property
    def max_size(self) -> int:
        return int(np.diff(self.offsets).max()) if self.count else 0


def requirements(g: RiskData, critical: np.ndarray) -> Requirements:
    """Fold the grouped edges among `critical` (a boolean mask over edges)."""
    e_all = np.arange(g.edges, dtype=np.int64)
    has_group = np.array([x is not None for x in g.group], dtype=bool)
    cand = e_all[critical & has_group]
    edge_req = np.full(g.edges, -1, dtype=np.int64)
    edge_slot = np.full(g.edges, -1, dtype=np.int64)
    if len(cand) == 0:
        return Requirements(np.zeros(1, np.int64), np.zeros(0, np.int64),
                            np.zeros(0, np.int32), edge_req, edge_slot)
    key = pd.DataFrame({"dep": g.dep[cand], "group": g.group[cand].astype(str)})
    code = key.groupby(["dep", "group"], sort=True).ngroup().to_numpy(np.int64)
    size = np.bincount(code)
    multi = size[code] >= 2
    cand, code = cand[multi], code[multi]
    # renumber the multi-member requirements 0..count-1, members ordered by requirement
    uniq, code = np.unique(code, return_inverse=True)
    order = np.lexsort((cand, code))
    member_edge = cand[order]
    code = code[order]
    offsets = np.zeros(len(uniq) + 1, dtype=np.int64)
    np.cumsum(np.bincount(code, minlength=len(uniq)), out=offsets[1:])
    owner = g.dep[member_edge[offsets[:-1]]].astype(np.int32)
    edge_req[member_edge] = code
    edge_slot[member_edge] = np.arange(len(member_edge), dtype=np.int64)
    return Requirements(offsets, member_edge, owner, edge_req, edge_slot)
