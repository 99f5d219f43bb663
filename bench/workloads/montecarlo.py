"""Workload `montecarlo` (W4): 10,000 random-initiator percolation cascades.

Each trial starts from one asset drawn at random; every dependency (no threshold)
carries its provider's loss with probability equal to its strength; time plays no part
(Rampart's `method=reach`). Reported: mean, standard deviation (n - 1), P95, P99 (nearest
rank, as Rampart computes them) and maximum of the affected population per trial. Data: the group-free dependency file.

Every implementation has its own random numbers, so the statistics are compared
loosely: the means must lie within 4 combined standard errors of Rampart's; the
percentiles and maxima are shown side by side. The C and numba peers share one
generator (splitmix64, one stream per trial) and must agree exactly with each other.

Rampart: `simulate cascade random trials=10000 seed=1 method=reach`, row
`affected population`, with RAMPART_THREADS=1 and 2. The numba peer runs on every core
(prange); the ratio of the numba peer is taken against Rampart on 2 threads
(ratio_numba), all other ratios against Rampart on 1 thread.
"""

from __future__ import annotations

import math

import numpy as np

import common
from workloads import _analysis as A

NAME = "montecarlo"
DESCRIPTION = "W4: Monte Carlo percolation cascades from random initiators (threads 1 and 2)"
PEERS = ["networkx", "igraph", "scipy", "numba", "c"]
SLOW = {
    "networkx": {"M": "pure-Python BFS, about 5 minutes on M; pass --peers to include it",
                 "L": "pure-Python BFS, about an hour on L"},
    "igraph": {"M": "one edge-subgraph per trial, about 6 minutes on M; pass --peers to "
                    "include it",
               "L": "one edge-subgraph of 4.5M edges per trial: about an hour on L"},
    "scipy": {"L": "one masked CSR matrix of 4.5M edges per trial: about 10 minutes on L"},
}
SE_TOLERANCE = 4.0


def add_arguments(parser) -> None:
    A.add_common_arguments(parser)
    parser.add_argument("--trials", type=int, default=10000, help="trials (default 10000)")
    parser.add_argument("--mc-seed", type=int, default=1,
                        help="seed of the Monte Carlo draws (default 1)")


def nearest_rank(sorted_values: np.ndarray, p: float) -> float:
    """The smallest value with at least share p of the sample at or below it (the
    quantile definition Rampart documents for `simulate`)."""
    n = len(sorted_values)
    return float(sorted_values[max(0, min(n - 1, math.ceil(p * n) - 1))])


def stats_from(pop: np.ndarray) -> dict:
    s = np.sort(pop)
    return {"mean": float(pop.mean()), "sd": float(pop.std(ddof=1)) if len(pop) > 1 else 0.0,
            "p95": nearest_rank(s, 0.95), "p99": nearest_rank(s, 0.99),
            "max": float(s[-1]), "n": len(pop)}


def _num(x: str) -> float:
    return float(x)


def run(args, log=print) -> common.WorkloadResult:
    ctx = A.setup(NAME, args, log, PEERS, SLOW)
    cmd = (f"simulate cascade random trials={args.trials} seed={args.mc_seed} "
           f"method=reach")
    if ctx.assessment:
        log(f"rampart command (issued twice per process): {cmd}")
    r1, r2 = A.run_rampart_threads(ctx, cmd)

    stats = {}
    mean_assets = {}
    for label, tr in (("rampart", r1), ("rampart_2t", r2)):
        if not tr.ok:
            continue
        rows = {r["measure"]: r for r in common.csv_rows(tr.best.blocks[1][0])}
        pr = rows.get("affected population")
        if pr is None:
            log(f"!!! {label}: no 'affected population' row in the simulate output")
            ctx.failed = True
            continue
        stats[label] = {"mean": _num(pr["mean"]), "sd": _num(pr["sd"]), "p95": _num(pr["p95"]),
                        "p99": _num(pr["p99"]), "max": _num(pr["max"]), "n": args.trials}
        if "affected assets" in rows:
            mean_assets[label] = _num(rows["affected assets"]["mean"])
    if "rampart" in stats and "rampart_2t" in stats and stats["rampart"] != stats["rampart_2t"]:
        log("!!! rampart: 1-thread and 2-thread results differ (expected identical for one seed)")
        ctx.failed = True

    peers = {}
    raw = {}
    for p in ctx.peers:
        out = ctx.workdir / f"{p}.txt"
        out.unlink(missing_ok=True)
        tr = A.run_peer(ctx, p, [ctx.ds.assets, ctx.deps, args.trials, args.mc_seed, out],
                        c_mode="mc")
        peers[p] = tr
        if tr.ok:
            arr = np.loadtxt(out, ndmin=2)
            raw[p] = arr
            stats[p] = stats_from(arr[:, 1])
            mean_assets[p] = float(arr[:, 0].mean())

    log(f"affected population per trial ({args.trials} trials):")
    log(f"  {'tool':10s} {'mean':>14s} {'sd':>14s} {'P95':>14s} {'P99':>14s} {'max':>14s} "
        f"{'mean assets':>12s}")
    for tool, s in stats.items():
        log(f"  {tool:10s} {s['mean']:14,.0f} {s['sd']:14,.0f} {s['p95']:14,.0f} "
            f"{s['p99']:14,.0f} {s['max']:14,.0f} {mean_assets.get(tool, float('nan')):12,.1f}")

    agree = True
    ref_name = "rampart" if "rampart" in stats else next(iter(stats), None)
    if ref_name:
        ref = stats[ref_name]
        for tool, s in stats.items():
            if tool in (ref_name, "rampart_2t"):
                continue
            se = math.sqrt(ref["sd"] ** 2 / ref["n"] + s["sd"] ** 2 / s["n"])
            z = (s["mean"] - ref["mean"]) / se if se > 0 else 0.0
            ok = abs(z) <= SE_TOLERANCE
            rel95 = (s["p95"] - ref["p95"]) / ref["p95"] if ref["p95"] else 0.0
            log(f"  {tool}: mean differs from {ref_name} by {z:+.2f} standard errors "
                f"({'ok' if ok else 'TOO FAR'}), P95 by {100 * rel95:+.1f}%")
            if not ok:
                agree = False
                log(f"!!! MISMATCH: {tool} mean {s['mean']:,.0f} vs {ref_name} "
                    f"{ref['mean']:,.0f} ({z:+.1f} SE, tolerance {SE_TOLERANCE:g})")
    if "c" in raw and "numba" in raw:
        if raw["c"].shape == raw["numba"].shape and np.array_equal(raw["c"], raw["numba"]):
            log("  c and numba (same splitmix64 streams): identical trial by trial")
        else:
            agree = False
            log("!!! MISMATCH: c and numba use the same random streams but differ")
    if agree and len(stats) > 1:
        log(f"agreement: means within {SE_TOLERANCE:g} standard errors (statistical check "
            f"only -- the random numbers differ between implementations)")
    if not agree:
        ctx.failed = True

    # numba runs on every core: compare it with Rampart on 2 threads.
    speedup = common.ratio(r1.kernel, r2.kernel) if r1.ok and r2.ok else None
    fields = A.time_fields(ctx, r1, peers, PEERS)
    if "numba" in peers:
        fields = [(k, common.fmt_sig(common.ratio(peers["numba"].kernel, r2.kernel)))
                  if k == "ratio_numba" else (k, v) for k, v in fields]
    ref = stats.get(ref_name, {}) if ref_name else {}
    fields += [
        ("rampart_2t", common.fmt_sig(r2.kernel)),
        ("speedup_2threads", common.fmt_sig(speedup)),
        ("trials", str(args.trials)),
        ("mean_pop", f"{ref['mean']:.0f}" if ref else common.NA),
        ("p95_pop", f"{ref['p95']:.0f}" if ref else common.NA),
        ("p99_pop", f"{ref['p99']:.0f}" if ref else common.NA),
        ("max_pop", f"{ref['max']:.0f}" if ref else common.NA),
        ("agree", ("yes" if agree else "no") if len(stats) > 1 else common.NA),
        ("rss_mb", common.fmt_mb(common.peak_rss(
            [s.measurement for s in r1.runs + r2.runs]))),
    ]
    fields += A.wall_fields(r1, peers, PEERS)
    return common.WorkloadResult(common.result_line(NAME, ctx.ds.size_label, fields), ctx.failed)
