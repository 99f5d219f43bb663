#!/usr/bin/env python3
"""IIM peer, sector level (numpy): Rampart's sector aggregation of A*, then a dense solve.

    iim_numpy.py ASSETS DEPS C_SPECS CAP OUT

A*[i][j] = sum over assets a of sector i of economic_value(a) * (strongest dependency of
a on any provider in sector j), divided by the total economic value of sector i; every
row whose sum exceeds CAP is scaled down to sum to CAP. Then linear IIM:
q = clip(solve(I - A*, c*), 0, 1). All dependencies count (no threshold).

C_SPECS: one or more perturbations separated by ';', each "sector:value,sector:value".
The kernel time covers the aggregation and the solve for the first perturbation (the
one Rampart is timed on); the others are solved afterwards for the agreement check.
OUT receives JSON: {"sectors": [...], "A": [[...]], "q": [[...] per spec]}.
"""

import json
import sys
import time

import _peer

import numpy as np

import _graph

IMPORT_S = _peer.startup_s()


def aggregate(sector_idx, ev, prov, dep, strength, nsec, cap):
    n = len(sector_idx)
    best = np.zeros(n * nsec)
    np.maximum.at(best, dep.astype(np.int64) * nsec + sector_idx[prov], strength)
    weighted = best.reshape(n, nsec) * ev[:, None]
    A = np.empty((nsec, nsec))
    for j in range(nsec):
        A[:, j] = np.bincount(sector_idx, weights=weighted[:, j], minlength=nsec)
    total = np.bincount(sector_idx, weights=ev, minlength=nsec)
    A /= np.where(total > 0, total, 1.0)[:, None]
    rows = A.sum(axis=1)
    A *= np.where(rows > cap, cap / np.where(rows > 0, rows, 1.0), 1.0)[:, None]
    return A


def solve(A, c):
    q = np.linalg.solve(np.eye(len(A)) - A, c)
    return np.clip(q, 0.0, 1.0)


def parse_spec(spec, sectors):
    c = np.zeros(len(sectors))
    for part in spec.split(","):
        name, value = part.rsplit(":", 1)
        c[sectors.index(name.strip())] = float(value)
    return c


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: iim_numpy.py ASSETS DEPS C_SPECS CAP OUT")
    assets, deps, specs, cap, out = sys.argv[1:]
    cap = float(cap)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    sectors = list(dict.fromkeys(g.sector.tolist()))   # order of first appearance
    code = {s: i for i, s in enumerate(sectors)}
    sector_idx = np.fromiter((code[s] for s in g.sector), dtype=np.int64, count=g.n)
    cs = [parse_spec(s, sectors) for s in specs.split(";")]
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    A = aggregate(sector_idx, g.economic_value, g.prov, g.dep, g.strength, len(sectors), cap)
    q0 = solve(A, cs[0])
    seconds = time.perf_counter() - t1
    qs = [q0] + [solve(A, c) for c in cs[1:]]

    with open(out, "w") as fh:
        json.dump({"sectors": sectors, "A": A.tolist(), "q": [q.tolist() for q in qs]}, fh)
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=g.n, edges=int(len(g.prov)),
                 library="numpy " + np.__version__)


if __name__ == "__main__":
    main()
