"""Workload `cascade` (W2): one deterministic cascade from the largest power station.

Semantics shared by every tool: a dependency is critical when strength >= 0.5; the
loss travels provider -> dependent over critical dependencies only, arriving after the
dependency's delay; an asset's loss time is the shortest sum of delays from the
initiator; it is lost when that time is < the duration (72 h). Data: the group-free
dependency file (redundancy groups would change the rule in Rampart only).

Rampart: `cascade <id> duration=72h by sector` (kernel time; the per-sector totals are
a handful of rows) and `cascade <id> duration=72h` (the full listing, whose rows are
used for the agreement check; its time includes formatting tens of thousands of rows
and is reported separately as rampart_list).
"""

from __future__ import annotations

import math

import numpy as np

import common
from workloads import _analysis as A

NAME = "cascade"
DESCRIPTION = "W2: deterministic cascade (critical edges, delays) from the largest power station"
PEERS = ["networkx", "igraph", "scipy", "numba", "c"]
THRESHOLD = 0.5
SLOW = {}


def add_arguments(parser) -> None:
    A.add_common_arguments(parser)
    parser.add_argument("--duration", type=float, default=72.0,
                        help="outage duration of the initiator, hours (default 72)")
    parser.add_argument("--bin-hours", type=float, default=6.0,
                        help="width of the loss-time histogram bins (default 6)")
    parser.add_argument("--source", default=None,
                        help="initiating asset id (default: the generation asset with the "
                             "largest population, ties to the smallest id)")


def pick_source(ids, sector, population, kinds) -> str:
    """The energy-sector generation asset with the largest population (smallest id on
    ties); falls back to the largest energy asset when there is no generation kind."""
    best = None
    for want_kind in (True, False):
        for i, s in enumerate(sector):
            if s != "energy" or (want_kind and kinds[i] != "generation"):
                continue
            key = (-population[i], ids[i])
            if best is None or key < best[0]:
                best = (key, ids[i])
        if best:
            return best[1]
    raise RuntimeError("no energy asset in the data set")


def _fmt_hours(h: float) -> str:
    return f"{h:g}"


def histogram(times: np.ndarray, duration: float, width: float) -> list:
    nbins = max(1, math.ceil(duration / width))
    idx = np.minimum(np.floor(times / width).astype(np.int64), nbins - 1)
    return np.bincount(idx, minlength=nbins).tolist()


def read_peer_output(path) -> dict:
    out = {}
    with open(path) as fh:
        for line in fh:
            r, t = line.split()
            out[int(r)] = float(t)
    return out


def run(args, log=print) -> common.WorkloadResult:
    ctx = A.setup(NAME, args, log, PEERS, SLOW)
    import pandas as pd
    a = pd.read_csv(ctx.ds.assets, usecols=lambda c: c in ("id", "sector", "population",
                                                            "kind"),
                    dtype={"id": str, "sector": str, "kind": str})
    if "kind" not in a.columns:          # the kind column is optional in assets.csv
        a["kind"] = ""
    ids = a["id"].tolist()
    population = a["population"].to_numpy(np.float64)
    row_of = {v: i for i, v in enumerate(ids)}
    source = args.source or pick_source(ids, a["sector"].tolist(), population.tolist(),
                                        a["kind"].fillna("").tolist())
    if source not in row_of:
        raise RuntimeError(f"unknown source asset {source}")
    log(f"initiator: {source} (population {int(population[row_of[source]]):,}); duration "
        f"{_fmt_hours(args.duration)}h, critical when strength >= {THRESHOLD}")

    dur = f"duration={_fmt_hours(args.duration)}h"
    kernel_cmd = f"cascade {source} {dur} by sector"
    list_cmd = f"cascade {source} {dur}"
    commands = [kernel_cmd, kernel_cmd, list_cmd, list_cmd, "snapshot"]
    if ctx.assessment:
        log(f"rampart session: {ctx.binary.name} -batch -csv -readonly "
            f"{ctx.assessment.name} \".timer on\" " + " ".join(f'"{c}"' for c in commands))
    rampart = A.run_rampart(ctx, commands, timed_index=0)
    A.rampart_log(ctx, rampart, "cascade ... by sector")

    results = {}       # tool -> {row: time}
    bytes_per_dep = None
    list_warm = list_cold = None
    if rampart.ok:
        s = rampart.best
        snap = common.csv_rows(s.blocks[4][0])
        if snap:
            bytes_per_dep = float(snap[0]["bytes_per_dependency"])
            log(f"rampart snapshot: {snap[0]['assets']} assets, {snap[0]['dependencies']} "
                f"dependencies, {snap[0]['bytes']} bytes, {bytes_per_dep:.1f} bytes/dependency")
        list_warm, list_cold = common.session_times(s, 2)
        log(f"rampart: full listing {common.fmt_sig(list_warm)} s warm, "
            f"{common.fmt_sig(list_cold)} s cold")
        rows = common.csv_rows(s.blocks[3][0])
        results["rampart"] = {row_of[r["asset"]]: float(r["down"]) for r in rows}

    peers = {}
    for p in ctx.peers:
        out = ctx.workdir / f"{p}.txt"
        out.unlink(missing_ok=True)
        tr = A.run_peer(ctx, p, [ctx.ds.assets, ctx.deps, source, args.duration, THRESHOLD, out],
                        c_mode="cascade")
        peers[p] = tr
        if tr.ok:
            results[p] = read_peer_output(out)

    # Agreement: exact set equality, loss times to 1e-6 h, and the derived summaries.
    agree = True
    ref_name = "rampart" if "rampart" in results else next(iter(results), None)
    summary = {}
    for tool, res in results.items():
        rows = np.fromiter(res.keys(), dtype=np.int64, count=len(res))
        times = np.fromiter(res.values(), dtype=np.float64, count=len(res))
        summary[tool] = (len(rows), float(population[rows].sum()) if len(rows) else 0.0,
                         histogram(times, args.duration, args.bin_hours))
        n, pop, hist = summary[tool]
        log(f"{tool:9s} affected {n:,}, population {pop:,.0f}, loss-time histogram "
            f"({_fmt_hours(args.bin_hours)} h bins) {hist}")
    if ref_name:
        ref = results[ref_name]
        ref_set = set(ref)
        for tool, res in results.items():
            if tool == ref_name:
                continue
            s = set(res)
            if s != ref_set:
                agree = False
                only_ref = sorted(ref_set - s)[:5]
                only_tool = sorted(s - ref_set)[:5]
                log(f"!!! MISMATCH: {tool} vs {ref_name}: {len(s)} vs {len(ref_set)} assets; "
                    f"only in {ref_name}: {[ids[i] for i in only_ref]}, only in {tool}: "
                    f"{[ids[i] for i in only_tool]}")
                continue
            worst = max((abs(res[r] - ref[r]) for r in ref_set), default=0.0)
            if worst > 1e-6:
                agree = False
                log(f"!!! MISMATCH: {tool} loss times differ from {ref_name} by up to {worst} h")
            if summary[tool][2] != summary[ref_name][2]:
                log(f"note: {tool} histogram differs from {ref_name} (a loss time on a bin "
                    f"edge rounded differently?)")
        if agree:
            log(f"agreement: all {len(results)} implementations lost the same "
                f"{len(ref_set):,} assets at the same times (reference {ref_name})")
        else:
            ctx.failed = True

    fields = A.time_fields(ctx, rampart, peers, PEERS)
    n_aff = summary[ref_name][0] if ref_name else None
    fields += [
        ("rampart_list", common.fmt_sig(list_warm)),
        ("affected", str(n_aff) if n_aff is not None else common.NA),
        ("population", f"{summary[ref_name][1]:.0f}" if ref_name else common.NA),
        ("agree", ("yes" if agree else "no") if len(results) > 1 else common.NA),
        ("bytes_per_dep", f"{bytes_per_dep:.1f}" if bytes_per_dep else common.NA),
        ("rss_mb", common.fmt_mb(rampart.rss)),
    ]
    fields += A.wall_fields(rampart, peers, PEERS)
    return common.WorkloadResult(common.result_line(NAME, ctx.ds.size_label, fields), ctx.failed)
