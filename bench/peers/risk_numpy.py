#!/usr/bin/env python3
"""Risk peer (NumPy + SciPy): expected annual loss of every asset x threat pair.

    risk_numpy.py ASSETS DEPS THREATS VULNS THRESHOLD PERSON_HOUR_VALUE VSL VSI OUT [CELLS]

For each vulnerability (asset a, threat t): lambda = f x v (f the threat's likelihood or
the vulnerability's own frequency); the attack takes a down for R = recovery(a) x
outage_factor(t) hours; every asset i whose loss time d(a, i) over critical
dependencies (strength >= THRESHOLD, provider -> dependent, delay as weight) is < R is
down from d until R. Disruption = sum of population x (R - d) x PERSON_HOUR_VALUE +
economic_value x (R - d) / 24 over the lost assets (a itself included, d = 0).
C = occupancy x (fatality_rate x VSL + injury_rate x VSI) + replacement_cost x damage
+ disruption; eal = lambda x C.

Distances: scipy.sparse.csgraph.dijkstra from the attacked assets with `limit=`, in
chunks of sources sorted by R (each chunk's dense distance block holds about CELLS
entries; limit = the chunk's largest R, rows then cut at their own R). Every pair of the
same asset and R shares one cascade.

Redundancy groups (dependencies of one dependent with the same `group`, all critical)
are met only when every member has delivered the loss, at the latest member arrival.
csgraph has no such rule, so it is applied as a fixed point: distances over the
ungrouped critical dependencies first; then, for each group whose providers are all
lost, its arrival time max(d(provider) + delay); the rows where some group arrives
earlier than the current distance of its dependent are searched again from a virtual
start node with a 0-hour edge to the attacked asset and an edge of that arrival time
to each such dependent; repeated until no group improves. With a group-free file
this is a single dijkstra call per chunk.

OUT (CSV): asset,threat,lambda,consequence,eal per pair in file order.
"""

import sys
import time

import _peer

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

import _risk_model

IMPORT_S = _peer.startup_s()


class Graph:
    """The CSR matrix of the ungrouped critical dependencies, with spare room at the end
    for the virtual start nodes of the group fixed point (no copy per call)."""

    def __init__(self, g, critical, req, spare_rows):
        keep = critical & (req.edge_req < 0)
        n = g.n
        prov, dep, w = g.prov[keep], g.dep[keep], g.delay[keep]   # already sorted by prov
        self.n = n
        self.base_nnz = int(keep.sum())
        self.spare_rows = spare_rows
        self.indptr = np.zeros(n + 1 + spare_rows, dtype=np.int32)
        np.cumsum(np.bincount(prov, minlength=n), out=self.indptr[1:n + 1])
        self.cap = self.base_nnz + spare_rows * (1 + max(1, req.count))
        self.indices = np.empty(self.cap, dtype=np.int32)
        self.data = np.empty(self.cap, dtype=np.float64)
        self.indices[:self.base_nnz] = dep
        self.data[:self.base_nnz] = w
        self.base = csr_matrix((self.data[:self.base_nnz], self.indices[:self.base_nnz],
                                self.indptr[:n + 1]), shape=(n, n), copy=False)

    def with_starts(self, row_ptr, cols, weights):
        """The base graph plus len(row_ptr) - 1 virtual nodes n, n+1, ... whose edges are
        cols[row_ptr[j]:row_ptr[j+1]] with the given weights."""
        r = len(row_ptr) - 1
        extra = len(cols)
        if r > self.spare_rows or self.base_nnz + extra > self.cap:
            raise RuntimeError("virtual start nodes exceed the reserved room")
        n, b = self.n, self.base_nnz
        self.indptr[n + 1:n + 1 + r] = b + row_ptr[1:]
        self.indices[b:b + extra] = cols
        self.data[b:b + extra] = weights
        m = n + r
        return csr_matrix((self.data[:b + extra], self.indices[:b + extra],
                           self.indptr[:m + 1]), shape=(m, m), copy=False)


class Groups:
    """The redundancy groups in the shapes the fixed point needs."""

    def __init__(self, g, req, n):
        self.count = req.count
        self.owner = req.owner.astype(np.int64)
        self.mprov = g.prov[req.member_edge].astype(np.int64)     # provider per member
        self.mdelay = g.delay[req.member_edge]
        member_req = np.repeat(np.arange(req.count), np.diff(req.offsets))
        # members of each group as a (groups x largest size) table of member positions; a
        # smaller group repeats its first member, which leaves the max unchanged
        size = np.diff(req.offsets)
        width = max(1, req.max_size)
        self.pad = (req.offsets[:-1, None]
                    + np.minimum(np.arange(width)[None, :], size[:, None] - 1))
        # asset -> the groups it provides to (CSR), to start from the assets reached
        order = np.argsort(self.mprov, kind="stable")
        self.node_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.mprov, minlength=n), out=self.node_ptr[1:])
        self.node_req = member_req[order]


def _ranges(starts, counts):
    """Concatenation of arange(s, s + c) for each (s, c), and the index of its range."""
    total = int(counts.sum())
    which = np.repeat(np.arange(len(counts)), counts)
    offs = np.cumsum(counts) - counts
    return np.arange(total) - np.repeat(offs, counts) + np.repeat(starts, counts), which


def chunk_losses(G, grp, src, R):
    """(row, asset, loss time) of every asset lost in the cascade of each source (row),
    groups applied; only times < the row's R."""
    n = G.n
    limit = float(R.max())
    D = dijkstra(G.base, directed=True, indices=src, limit=limit)
    rr, cc = np.nonzero(D < R[:, None])
    if grp.count == 0:
        return rr, cc, D[rr, cc], 0
    rounds = 0
    active = np.ones(len(src), dtype=bool)
    while True:
        # groups with a lost provider, per row still in play
        sel = active[rr] & (grp.node_ptr[cc + 1] > grp.node_ptr[cc])
        r1, c1 = rr[sel], cc[sel]
        starts = grp.node_ptr[c1]
        idx, which = _ranges(starts, grp.node_ptr[c1 + 1] - starts)
        cand = np.unique(r1[which] * grp.count + grp.node_req[idx])
        cr, cq = cand // grp.count, cand % grp.count
        members = grp.pad[cq]                                   # candidates x width
        arrive = (D[cr[:, None], grp.mprov[members]] + grp.mdelay[members]).max(axis=1)
        usable = arrive < R[cr]
        cr, cq, arrive = cr[usable], cq[usable], arrive[usable]
        owner = grp.owner[cq]
        better = arrive < D[cr, owner]
        redo = np.unique(cr[better])
        if len(redo) == 0:
            break
        rounds += 1
        # a virtual start node per row to search again: 0 h to its source, and every usable
        # group arrival (the earliest per dependent), so what earlier rounds found stays
        keep = np.isin(cr, redo)
        cr, owner, arrive = cr[keep], owner[keep], arrive[keep]
        order = np.lexsort((arrive, owner, cr))
        cr, owner, arrive = cr[order], owner[order], arrive[order]
        first = np.ones(len(cr), dtype=bool)
        first[1:] = (cr[1:] != cr[:-1]) | (owner[1:] != owner[:-1])
        cr, owner, arrive = cr[first], owner[first], arrive[first]
        r = len(redo)
        local = np.searchsorted(redo, cr)
        vrow = np.concatenate([np.arange(r), local])
        cols = np.concatenate([src[redo].astype(np.int64), owner])
        wts = np.concatenate([np.zeros(r), arrive])
        order = np.argsort(vrow, kind="stable")
        row_ptr = np.zeros(r + 1, dtype=np.int64)
        np.cumsum(np.bincount(vrow, minlength=r), out=row_ptr[1:])
        A = G.with_starts(row_ptr, cols[order], wts[order])
        Dn = dijkstra(A, directed=True, indices=np.arange(n, n + r), limit=limit)[:, :n]
        D[redo] = Dn
        nr, nc = np.nonzero(Dn < R[redo][:, None])
        active[:] = False
        active[redo] = True
        stay = ~active[rr]
        rr = np.concatenate([rr[stay], redo[nr]])
        cc = np.concatenate([cc[stay], nc])
    return rr, cc, D[rr, cc], rounds


def main() -> None:
    if len(sys.argv) not in (10, 11):
        _peer.fail("usage: risk_numpy.py ASSETS DEPS THREATS VULNS THRESHOLD "
                   "PERSON_HOUR_VALUE VSL VSI OUT [CELLS]")
    assets, deps, threats, vulns = sys.argv[1:5]
    threshold, phv, vsl, vsi = (float(x) for x in sys.argv[5:9])
    out = sys.argv[9]
    cells = float(sys.argv[10]) if len(sys.argv) == 11 else 4e6

    t0 = time.perf_counter()
    g = _risk_model.load(assets, deps, threats, vulns)
    critical = g.strength32() >= threshold
    req = _risk_model.requirements(g, critical)
    n = g.n
    chunk = int(max(1, min(4096, cells // n)))
    G = Graph(g, critical, req, spare_rows=chunk)
    grp = Groups(g, req, n)
    value = g.population * phv + g.economic_value / 24.0    # per hour of outage
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    pa, pt = g.pair_asset, g.pair_threat
    lam = g.pair_frequency * g.pair_v
    R_pair = g.recovery[pa] * g.outage_factor[pt]
    # one cascade per distinct (asset, R); R <= 0 means no outage at all
    keys = np.stack([pa.astype(np.float64), R_pair], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    src_all = uniq[:, 0].astype(np.int64)
    R_all = uniq[:, 1]
    disruption = np.zeros(len(uniq))
    affected = np.zeros(len(uniq), dtype=np.int64)
    live = np.flatnonzero(R_all > 0)
    live = live[np.argsort(R_all[live], kind="stable")]
    group_rounds = 0
    for lo in range(0, len(live), chunk):
        sel = live[lo:lo + chunk]
        src, R = src_all[sel], R_all[sel]
        rr, cc, down, rounds = chunk_losses(G, grp, src, R)
        group_rounds = max(group_rounds, rounds)
        hours = R[rr] - down
        disruption[sel] = np.bincount(rr, weights=hours * value[cc], minlength=len(sel))
        affected[sel] = np.bincount(rr, minlength=len(sel))
    casualty = g.occupancy[pa] * (g.fatality_rate[pt] * vsl + g.injury_rate[pt] * vsi)
    consequence = casualty + g.replacement_cost[pa] * g.damage[pt] + disruption[inverse]
    eal = lam * consequence
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("asset,threat,lambda,consequence,eal\n")
        ids, tids = g.ids, g.threat_ids
        fh.write("".join(f"{ids[a]},{tids[t]},{lv!r},{cv!r},{ev!r}\n" for a, t, lv, cv, ev in
                         zip(pa.tolist(), pt.tolist(), lam.tolist(), consequence.tolist(),
                             eal.tolist())))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=n,
                 edges=int(G.base_nnz), groups=int(req.count), pairs=int(len(pa)),
                 cascades=int(len(live)), chunk=chunk, group_rounds=group_rounds,
                 total_eal=float(eal.sum()), mean_affected=float(affected[inverse].mean())
                 if len(pa) else 0.0, threads=1, library="scipy " + scipy.__version__ +
                 ", numpy " + np.__version__)


if __name__ == "__main__":
    main()
