#!/usr/bin/env python3
"""IIM peer, asset level (numba): Jacobi fixed-point iteration over CSR rows.

    iim_numba.py ASSETS DEPS C_FILE CAP OUT

a*[d][p] = strength of d's dependency on p, rows scaled down to sum to at most CAP;
iterate q <- A* q + c* from q = 0 until the largest change is below 1e-13, then clip q to
[0, 1]. With every row sum <= CAP < 1 the iteration is a contraction. Same kernel as the
C peer (single-threaded); the row scaling is part of the kernel. Compiled on a tiny input
before the timed call (compile_s). C_FILE: "id value" lines. OUT: "row q" for q > 0.
"""

import sys
import time

import _peer

import numba
import numpy as np
from numba import njit

import _graph

IMPORT_S = _peer.startup_s()


@njit(cache=False)
def fixed_point(rowptr, col, strength, c, cap, tol):
    n = len(c)
    val = strength.copy()
    for v in range(n):
        s = 0.0
        for k in range(rowptr[v], rowptr[v + 1]):
            s += val[k]
        if s > cap:
            f = cap / s
            for k in range(rowptr[v], rowptr[v + 1]):
                val[k] *= f
    q = np.zeros(n)
    nxt = np.empty(n)
    it = 0
    while True:
        change = 0.0
        for v in range(n):
            s = c[v]
            for k in range(rowptr[v], rowptr[v + 1]):
                s += val[k] * q[col[k]]
            d = abs(s - q[v])
            if d > change:
                change = d
            nxt[v] = s
        q, nxt = nxt, q
        it += 1
        if change < tol or it >= 100000:
            break
    for v in range(n):
        q[v] = min(1.0, max(0.0, q[v]))
    return q, it


def main() -> None:
    if len(sys.argv) != 6:
        _peer.fail("usage: iim_numba.py ASSETS DEPS C_FILE CAP OUT")
    assets, deps, c_file, cap, out = sys.argv[1:]
    cap = float(cap)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    order = np.argsort(g.dep, kind="stable")          # rows of A*: dependents
    rowptr = np.zeros(g.n + 1, np.int64)
    np.cumsum(np.bincount(g.dep, minlength=g.n), out=rowptr[1:])
    col = g.prov[order].astype(np.int32)
    strength = g.strength[order].copy()
    c = np.zeros(g.n)
    for line in _graph.read_lines(c_file):
        name, value = line.split()
        c[g.rows([name])[0]] = float(value)
    load_s = time.perf_counter() - t0

    tc = time.perf_counter()
    fixed_point(np.array([0, 1, 1], np.int64), np.array([1], np.int32), np.array([0.5]),
                np.array([0.0, 0.5]), cap, 1e-13)
    compile_s = time.perf_counter() - tc

    t1 = time.perf_counter()
    q, iterations = fixed_point(rowptr, col, strength, c, cap, 1e-13)
    seconds = time.perf_counter() - t1

    nz = np.flatnonzero(q > 0)
    with open(out, "w") as fh:
        fh.write("".join(f"{r} {v!r}\n" for r, v in zip(nz.tolist(), q[nz].tolist())))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, compile_s=compile_s, nodes=g.n,
                 edges=int(len(col)), iterations=int(iterations), threads=1,
                 library="numba " + numba.__version__ + " (Jacobi iteration)")


if __name__ == "__main__":
    main()
