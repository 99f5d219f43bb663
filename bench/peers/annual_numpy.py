#!/usr/bin/env python3
"""Annual loss peer (NumPy): simulated years of attacks and random cascades, vectorised.

    annual_numpy.py ASSETS DEPS THREATS VULNS YEARS SEED PERSON_HOUR_VALUE VSL VSI OUT [CELLS]

Same model as annual_numba.py: each year each vulnerability (asset a, threat t) suffers
Poisson(lambda = f x v) successful attacks; an attack takes a down for R = recovery(a) x
outage_factor(t) hours; every dependency (no threshold) carries the loss with
probability equal to its strength, once per attack and dependency; a carried loss
arrives after the dependency's delay; an asset is lost from its earliest arrival while
that is < R; a redundancy group delivers the loss only when all its member dependencies
have, at the latest of their arrivals. Loss of an attack = casualty and damage terms +
sum of population x (R - d) x PERSON_HOUR_VALUE + economic_value x (R - d) / 24.

Vectorised over attacks: the attacks are processed in batches of B (B x assets ~ CELLS
entries of a dense loss-time table). Each batch runs a label-correcting search in
rounds: the frontier (attack, asset, time) of all attacks of the batch is expanded over
the CSR edges at once, the carry decisions are drawn, arrivals < R that improve the
table enter the next frontier (np.minimum.at keeps the earliest per attack and asset).
Group members record their arrivals in a second table; a group's arrival is the max
over its members (inf until all have arrived). Rounds end when no time improves, which
gives the same loss times as a Dijkstra search. Only the touched entries are reset.

Random numbers (own, NumPy's PCG64 from SEED): the Poisson counts of every (year, pair),
one 64-bit key per attack; whether edge e carries in attack k is decided by a
SplitMix64-style hash of (key_k, e), so the decision is the same each time the search
meets the edge. They differ from Rampart's and the numba peer's: compare statistically.

OUT: one line per year, "year attacks loss".
"""

import sys
import time

import _peer

import numpy as np

import _risk_model

IMPORT_S = _peer.startup_s()

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_INV53 = 1.0 / 9007199254740992.0


def carry_uniform(key, edge):
    """Uniform in [0, 1) for (attack key, edge): the SplitMix64 output number edge + 1 of
    a generator seeded with the key."""
    z = key + (edge.astype(np.uint64) + np.uint64(1)) * _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * _INV53


def ranges(starts, counts):
    """Concatenation of arange(s, s + c) for each (s, c), and the index of each range."""
    total = int(counts.sum())
    which = np.repeat(np.arange(len(counts)), counts)
    offs = np.cumsum(counts) - counts
    return np.arange(total, dtype=np.int64) - np.repeat(offs - starts, counts), which


class Model:
    def __init__(self, g, phv, cells):
        req = _risk_model.requirements(g, np.ones(g.edges, dtype=bool))   # no threshold
        self.n = g.n
        self.indptr = g.indptr
        self.dep = g.dep.astype(np.int64)
        self.strength = g.strength32()
        self.delay = g.delay
        self.slot = req.edge_slot                      # member position per edge, or -1
        self.groups = req.count
        self.members = len(req.member_edge)
        self.member_req = np.repeat(np.arange(req.count), np.diff(req.offsets))
        self.owner = req.owner.astype(np.int64)
        size = np.diff(req.offsets)
        width = max(1, req.max_size)
        self.pad = req.offsets[:-1, None] + np.minimum(np.arange(width)[None, :],
                                                       size[:, None] - 1)
        self.pop_value = g.population * phv
        self.econ_value = g.economic_value / 24.0
        self.batch = int(max(1, cells // self.n))
        self.best = np.full(self.batch * self.n, np.inf)
        self.claim = np.zeros(self.batch * self.n, dtype=np.int32)   # scratch for dedup
        self.garr = np.full(max(1, self.batch * self.members), np.inf)
        self.rounds = 0

    def distinct(self, keys):
        """The distinct values of `keys` (indices into the batch tables), in no particular
        order: every position writes its index into a scratch table and the positions
        that read their own index back are kept (one per value)."""
        if len(keys) < 2:
            return keys
        pos = np.arange(len(keys), dtype=np.int32)
        self.claim[keys] = pos
        return keys[self.claim[keys] == pos]

    def losses(self, src, dur, key):
        """Disruption of each attack of a batch (at most self.batch attacks)."""
        n, best, garr = self.n, self.best, self.garr
        B = len(src)
        live = np.flatnonzero(dur > 0)
        fkey = live * n + src[live]
        best[fkey] = 0.0
        ftime = np.zeros(len(fkey))
        touched = [fkey]
        gtouched = []
        while len(fkey):
            self.rounds += 1
            ev = fkey // n
            node = fkey - ev * n
            start = self.indptr[node]
            e, which = ranges(start, self.indptr[node + 1] - start)
            ev = ev[which]
            keep = carry_uniform(key[ev], e) < self.strength[e]
            e, ev = e[keep], ev[keep]
            arrive = ftime[which[keep]] + self.delay[e]
            keep = arrive < dur[ev]
            e, ev, arrive = e[keep], ev[keep], arrive[keep]
            slot = self.slot[e]
            plain = slot < 0
            ck = ev[plain] * n + self.dep[e[plain]]
            ct = arrive[plain]
            if not plain.all():
                gev, gslot = ev[~plain], slot[~plain]
                gk = gev * self.members + gslot
                np.minimum.at(garr, gk, arrive[~plain])
                gtouched.append(gk)
                m = self.groups
                pair = np.unique(gev * m + self.member_req[gslot])
                pev, pq = pair // m, pair % m
                t = garr[pev[:, None] * self.members + self.pad[pq]].max(axis=1)
                ok = t < dur[pev]
                ck = np.concatenate([ck, pev[ok] * n + self.owner[pq[ok]]])
                ct = np.concatenate([ct, t[ok]])
            better = ct < best[ck]
            ck, ct = ck[better], ct[better]
            np.minimum.at(best, ck, ct)
            fkey = self.distinct(ck)
            ftime = best[fkey]
            touched.append(fkey)
        done = self.distinct(np.concatenate(touched))
        ev = done // n
        node = done - ev * n
        hours = dur[ev] - best[done]
        loss = np.bincount(ev, weights=self.pop_value[node] * hours
                           + self.econ_value[node] * hours, minlength=B)
        best[done] = np.inf
        if gtouched:
            garr[np.concatenate(gtouched)] = np.inf
        return loss


def main() -> None:
    if len(sys.argv) not in (11, 12):
        _peer.fail("usage: annual_numpy.py ASSETS DEPS THREATS VULNS YEARS SEED "
                   "PERSON_HOUR_VALUE VSL VSI OUT [CELLS]")
    assets, deps, threats, vulns = sys.argv[1:5]
    years, seed = int(sys.argv[5]), int(sys.argv[6])
    phv, vsl, vsi = (float(x) for x in sys.argv[7:10])
    out = sys.argv[10]
    cells = float(sys.argv[11]) if len(sys.argv) == 12 else 1e7

    t0 = time.perf_counter()
    g = _risk_model.load(assets, deps, threats, vulns)
    model = Model(g, phv, cells)
    pa, pt = g.pair_asset, g.pair_threat
    lam = g.pair_frequency * np.clip(g.pair_v, 0.0, 1.0)
    outage = g.recovery[pa] * np.maximum(g.outage_factor[pt], 0.0)
    fixed = (g.occupancy[pa] * (np.clip(g.fatality_rate[pt], 0, 1) * vsl
                                + np.clip(g.injury_rate[pt], 0, 1) * vsi)
             + g.replacement_cost[pa] * np.clip(g.damage[pt], 0, 1))
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    rng = np.random.default_rng(seed)
    loss = np.zeros(years)
    attacks = np.zeros(years, dtype=np.int64)
    block = max(1, int(2e7 // max(1, len(pa))))        # years whose counts are drawn at once
    for y0 in range(0, years, block):
        y1 = min(years, y0 + block)
        counts = rng.poisson(lam, size=(y1 - y0, len(pa)))
        attacks[y0:y1] = counts.sum(axis=1)
        yy, pp = np.nonzero(counts)
        reps = counts[yy, pp]
        ev_year = np.repeat(yy + y0, reps)
        ev_pair = np.repeat(pp, reps)
        keys = rng.integers(0, np.iinfo(np.uint64).max, size=len(ev_pair), dtype=np.uint64,
                            endpoint=True)
        ev_loss = fixed[ev_pair].copy()
        for lo in range(0, len(ev_pair), model.batch):
            p = ev_pair[lo:lo + model.batch]
            ev_loss[lo:lo + model.batch] += model.losses(pa[p], outage[p],
                                                         keys[lo:lo + model.batch])
        loss += np.bincount(ev_year, weights=ev_loss, minlength=years)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{y} {a} {v!r}\n" for y, (a, v) in
                         enumerate(zip(attacks.tolist(), loss.tolist()))))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=g.n, edges=g.edges,
                 groups=int(model.groups), pairs=int(len(pa)), years=years,
                 attacks=int(attacks.sum()), mean_loss=float(loss.mean()), batch=model.batch,
                 rounds=model.rounds, threads=1, library="numpy " + np.__version__)


if __name__ == "__main__":
    main()
