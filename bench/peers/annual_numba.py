#!/usr/bin/env python3
"""Annual loss peer (numba): simulated years of attacks and random cascades, in parallel.

    annual_numba.py ASSETS DEPS THREATS VULNS YEARS SEED PERSON_HOUR_VALUE VSL VSI OUT

Each simulated year, each vulnerability (asset a, threat t) suffers Poisson(lambda)
successful attacks, lambda = f x v. An attack takes a down for R = recovery(a) x
outage_factor(t) hours and starts a cascade in which every dependency (all of them, no
threshold) carries the loss with probability equal to its strength, decided once per
attack and dependency; a carried loss arrives after the dependency's delay; an asset is
lost from its earliest arrival while that is < R, until R. Redundancy groups: a
dependent is lost through its group only when every member dependency has carried the
loss, at the latest of their arrivals. Year loss = sum over attacks of
occupancy x (fatality_rate x VSL + injury_rate x VSI) + replacement_cost x damage +
sum over lost assets of population x (R - d) x PERSON_HOUR_VALUE + economic_value x
(R - d) / 24.

Kernel: a binary-heap Dijkstra per attack with per-group arrival counters (scratch
arrays stamped per attack, never cleared), the years split into chunks that run on all
cores via numba.prange.

Random numbers: counter-based, built like the scheme Rampart documents for its
simulations (SplitMix64 finaliser; the stream of year y and pair p seeded from
(seed, y, p); Poisson by inversion; one 64-bit event key per attack; edge e carries when
output e + 1 of SplitMix64 started from the hashed event key, as a uniform, is below its
strength in single precision), with edges
numbered as in Rampart's snapshot (sorted by provider, file order within). The years are
therefore the same on any number of threads, and expected to match Rampart's year by
year when both number pairs and edges alike; the workload checks the mean statistically
in any case.

OUT: one line per year, "year attacks loss".
"""

import sys
import time

import _peer

import numba
import numpy as np
from numba import njit, prange

import _risk_model
from _jit import GOLDEN, INV53, S11, heap_pop, heap_push, mix, next_output, uniform

IMPORT_S = _peer.startup_s()

_K_SEED = np.uint64(0x52414D5041525421)
_K_STREAM = np.uint64(0xD6E8FEB86659FD93)


@njit(inline="always")
def _poisson(state, lam):
    if lam <= 0.0:
        return state, 0
    if lam > 30.0:
        state, u1 = uniform(state)
        state, u2 = uniform(state)
        z = np.sqrt(-2.0 * np.log(max(u1, 1e-300))) * np.cos(2.0 * np.pi * u2)
        return state, max(0, int(np.floor(lam + np.sqrt(lam) * z + 0.5)))
    limit = np.exp(-lam)
    k = 0
    state, p = uniform(state)
    while p > limit:
        k += 1
        state, u = uniform(state)
        p *= u
    return state, k


@njit(cache=False)
def _cascade(src, dur, key, indptr, dep, strength, delay, ereq, rsize, population, econ,
             phv, down, dmark, smark, rcount, rlatest, rmark, ht, hv, cur):
    """Disruption of one attack; returns (disruption, ht, hv) (the heap may have grown)."""
    if dur <= 0.0:
        return 0.0, ht, hv
    hkey = mix(key ^ _K_SEED)            # the event key's part of every edge's uniform
    dmark[src] = cur
    down[src] = 0.0
    size = 0
    ht, hv, size = heap_push(ht, hv, size, 0.0, np.int32(src))
    disruption = 0.0
    while size > 0:
        t, p, size = heap_pop(ht, hv, size)
        if smark[p] == cur or t > down[p]:
            continue
        smark[p] = cur
        h = dur - t
        disruption += population[p] * h * phv + econ[p] * h / 24.0
        for e in range(indptr[p], indptr[p + 1]):
            d = dep[e]
            if smark[d] == cur:
                continue
            u = float(mix(hkey + np.uint64(e) * GOLDEN) >> S11) * INV53
            if not (u < strength[e]):
                continue
            arrive = t + delay[e]
            q = ereq[e]
            if q >= 0:
                if rmark[q] != cur:
                    rmark[q] = cur
                    rcount[q] = 0
                    rlatest[q] = -np.inf
                rcount[q] += 1
                if arrive > rlatest[q]:
                    rlatest[q] = arrive
                if rcount[q] != rsize[q]:
                    continue
                arrive = rlatest[q]
            if arrive < dur and (dmark[d] != cur or arrive < down[d]):
                dmark[d] = cur
                down[d] = arrive
                ht, hv, size = heap_push(ht, hv, size, arrive, np.int32(d))
    return disruption, ht, hv


@njit(parallel=True, cache=False)
def simulate(seed, first, years, chunks, indptr, dep, strength, delay, ereq, rsize, pair_asset,
             lam, outage, fixed, population, econ, phv):
    n = len(population)
    nreq = max(1, len(rsize))
    loss = np.zeros(years, np.float64)
    attacks = np.zeros(years, np.int64)
    seed_part = mix(np.uint64(seed) ^ _K_SEED)
    for c in prange(chunks):
        down = np.empty(n, np.float64)
        dmark = np.zeros(n, np.int64)
        smark = np.zeros(n, np.int64)
        rcount = np.zeros(nreq, np.int64)
        rlatest = np.empty(nreq, np.float64)
        rmark = np.zeros(nreq, np.int64)
        ht = np.empty(1024, np.float64)
        hv = np.empty(1024, np.int32)
        cur = 0
        lo = c * years // chunks
        hi = (c + 1) * years // chunks
        for k in range(lo, hi):
            year = np.uint64(first + k)
            total = 0.0
            events = 0
            for p in range(len(pair_asset)):
                state = mix(seed_part ^ mix((year * _K_STREAM) ^ np.uint64(p)))
                state, count = _poisson(state, lam[p])
                for _ in range(count):
                    state, key = next_output(state)
                    cur += 1
                    dis, ht, hv = _cascade(pair_asset[p], outage[p], key, indptr, dep, strength,
                                           delay, ereq, rsize, population, econ, phv, down,
                                           dmark, smark, rcount, rlatest, rmark, ht, hv, cur)
                    total += fixed[p] + dis
                events += count
            loss[k] = total
            attacks[k] = events
    return loss, attacks


def main() -> None:
    if len(sys.argv) != 11:
        _peer.fail("usage: annual_numba.py ASSETS DEPS THREATS VULNS YEARS SEED "
                   "PERSON_HOUR_VALUE VSL VSI OUT")
    assets, deps, threats, vulns = sys.argv[1:5]
    years, seed = int(sys.argv[5]), int(sys.argv[6])
    phv, vsl, vsi = (float(x) for x in sys.argv[7:10])
    out = sys.argv[10]

    t0 = time.perf_counter()
    g = _risk_model.load(assets, deps, threats, vulns)
    req = _risk_model.requirements(g, np.ones(g.edges, dtype=bool))   # no threshold
    rsize = np.diff(req.offsets).astype(np.int64)
    pa, pt = g.pair_asset, g.pair_threat
    lam = g.pair_frequency * np.clip(g.pair_v, 0.0, 1.0)
    outage = g.recovery[pa] * np.maximum(g.outage_factor[pt], 0.0)
    fixed = (g.occupancy[pa] * (np.clip(g.fatality_rate[pt], 0, 1) * vsl
                                + np.clip(g.injury_rate[pt], 0, 1) * vsi)
             + g.replacement_cost[pa] * np.clip(g.damage[pt], 0, 1))
    arrays = (g.indptr, g.dep, g.strength32(), g.delay, req.edge_req, rsize, pa, lam, outage,
              fixed, g.population, g.economic_value, phv)
    load_s = time.perf_counter() - t0
    threads = numba.get_num_threads()
    chunks = max(1, min(years, 4 * threads))

    tc = time.perf_counter()
    simulate(seed, 0, 2, 2, np.array([0, 1, 1], np.int64), np.array([1], np.int32),
             np.array([0.5]), np.array([1.0]), np.array([-1], np.int64), np.zeros(0, np.int64),
             np.array([0], np.int64), np.array([2.0]), np.array([10.0]), np.array([0.0]),
             np.array([1.0, 2.0]), np.array([1.0, 1.0]), 10.0)
    compile_s = time.perf_counter() - tc

    t1 = time.perf_counter()
    loss, attacks = simulate(seed, 0, years, chunks, *arrays)
    seconds = time.perf_counter() - t1

    with open(out, "w") as fh:
        fh.write("".join(f"{y} {a} {v!r}\n" for y, (a, v) in
                         enumerate(zip(attacks.tolist(), loss.tolist()))))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, compile_s=compile_s, nodes=g.n,
                 edges=g.edges, groups=int(req.count), pairs=int(len(pa)), years=years,
                 attacks=int(attacks.sum()), mean_loss=float(loss.mean()), threads=threads,
                 library="numba " + numba.__version__)


if __name__ == "__main__":
    main()
