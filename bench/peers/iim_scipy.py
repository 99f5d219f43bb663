#!/usr/bin/env python3
"""IIM peer, asset level (SciPy): sparse A* and a direct sparse solve.

    iim_scipy.py ASSETS DEPS C_FILE CAP OUT [spsolve|gmres]

a*[d][p] = strength of d's dependency on p; rows whose sum exceeds CAP are scaled down to
sum to CAP; q = clip((I - A*)^-1 c*, 0, 1). The CSR matrix of strengths is built while
loading; the kernel covers the row scaling, forming I - A*, the solve and the clip.
Solver: scipy.sparse.linalg.spsolve (SuperLU, default) or gmres (restarted GMRES,
rtol 1e-12) for graphs where the direct factorisation fills in too much.
C_FILE: "id value" lines. OUT: "row q" for every q > 0.
"""

import sys
import time

import _peer

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import gmres, spsolve

import _graph

IMPORT_S = _peer.startup_s()


def main() -> None:
    if len(sys.argv) not in (6, 7):
        _peer.fail("usage: iim_scipy.py ASSETS DEPS C_FILE CAP OUT [spsolve|gmres]")
    assets, deps, c_file, cap, out = sys.argv[1:6]
    solver = sys.argv[6] if len(sys.argv) == 7 else "spsolve"
    cap = float(cap)
    t0 = time.perf_counter()
    g = _graph.load(assets, deps)
    S = sp.csr_matrix((g.strength, (g.dep, g.prov)), shape=(g.n, g.n))
    c = np.zeros(g.n)
    for line in _graph.read_lines(c_file):
        name, value = line.split()
        c[g.rows([name])[0]] = float(value)
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    rows = np.asarray(S.sum(axis=1)).ravel()
    scale = np.where(rows > cap, cap / np.where(rows > 0, rows, 1.0), 1.0)
    A = sp.diags(scale) @ S
    M = (sp.identity(g.n, format="csr") - A).tocsc()
    info = 0
    if solver == "gmres":
        q, info = gmres(M, c, rtol=1e-12, atol=0.0, restart=50, maxiter=1000)
    else:
        q = spsolve(M, c)
    q = np.clip(q, 0.0, 1.0)
    seconds = time.perf_counter() - t1
    if info != 0:
        _peer.fail(f"gmres did not converge (info {info})")

    nz = np.flatnonzero(q > 0)
    with open(out, "w") as fh:
        fh.write("".join(f"{r} {v!r}\n" for r, v in zip(nz.tolist(), q[nz].tolist())))
    _peer.report(seconds, load_s=load_s, import_s=IMPORT_S, nodes=g.n, edges=int(S.nnz),
                 solver=solver, library=f"scipy {scipy.__version__} ({solver})")


if __name__ == "__main__":
    main()
