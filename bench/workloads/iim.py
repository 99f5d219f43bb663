"""Workload `iim` (W5): inoperability input-output model, sector level and asset level.

(a) Sector level. A* aggregated from the asset graph as Rampart documents it (`help
    iim`): A*[i][j] is the economic-value-weighted share of sector i that depends on
    sector j, each asset counting its strongest dependency on sector j; rows scaled down
    to sum to at most 0.9. Linear IIM q = clip((I - A*)^-1 c*, 0, 1) with c* = energy
    50%. Rampart: `iim static from=sectors c=(energy:50%) mode=linear`; peer: numpy
    (aggregation + numpy.linalg.solve). With c* = 50% every sector saturates at q = 1,
    so the check also compares A* itself (`iim matrix from=sectors`) and an unclipped
    run with c* = energy 1% (both untimed).
(b) Asset level. a*[d][p] = strength(d, p), rows scaled down to sum to at most 0.9,
    c* = 0.5 on ten seeded-sampled assets (sampled among the assets that at least one
    dependency names as provider, so that the shock spreads). Rampart: `iim static from=assets c=(...)
    mode=linear top 10` timed (the full listing is fetched untimed for the check); peers: SciPy (spsolve), numba and C (Jacobi fixed-point iteration).
Every q (and A*) must agree to 1e-6. Data: the group-free dependency file.

RESULT: rampart= and the peer times are the asset-level solve (b); the sector-level
times are rampart_sectors= and numpy_sectors=.
"""

from __future__ import annotations

import json

import common
from workloads import _analysis as A

NAME = "iim"
DESCRIPTION = "W5: IIM static linear solve, sector-aggregated and asset-level A*"
PEERS = ["numpy", "scipy", "numba", "c"]      # numpy: sector level; the others: asset level
ASSET_PEERS = ["scipy", "numba", "c"]
CAP = 0.9
TOL = 1e-6
SAMPLE_SALT = 5
SLOW = {}


def add_arguments(parser) -> None:
    A.add_common_arguments(parser)
    parser.add_argument("--sector-c", default="energy:0.5",
                        help="sector perturbation, sector:fraction (default energy:0.5)")
    parser.add_argument("--check-c", default="energy:0.01",
                        help="extra, untimed sector perturbation small enough not to "
                             "saturate (default energy:0.01)")
    parser.add_argument("--assets-c", type=int, default=10,
                        help="number of seeded-sampled provider assets perturbed at 0.5 "
                             "(default 10)")
    parser.add_argument("--scipy-solver", default="auto", choices=["auto", "spsolve", "gmres"],
                        help="SciPy solver for the asset level (auto: spsolve up to 200k "
                             "assets, gmres above)")


def _pct(spec: str) -> str:
    """energy:0.5 -> energy:50% (Rampart's notation)."""
    parts = []
    for p in spec.split(","):
        name, v = p.rsplit(":", 1)
        parts.append(f"{common.command_arg(name.strip())}:{float(v) * 100:g}%")
    return ", ".join(parts)


def _compare(name_a, qa: dict, name_b, qb: dict, keys, log, what) -> bool:
    worst, where = 0.0, None
    for k in keys:
        d = abs(qa.get(k, 0.0) - qb.get(k, 0.0))
        if d > worst:
            worst, where = d, k
    ok = worst <= TOL
    if ok:
        log(f"  {what}: {name_b} vs {name_a}: largest difference {worst:.2e} (ok)")
    else:
        log(f"!!! MISMATCH ({what}): {name_b} vs {name_a}: largest difference {worst:.3g} at "
            f"{where} ({qa.get(where, 0.0)!r} vs {qb.get(where, 0.0)!r})")
    return ok


def run(args, log=print) -> common.WorkloadResult:
    ctx = A.setup(NAME, args, log, PEERS, SLOW)
    ids, _, _, _ = common.read_asset_table(ctx.ds.assets)
    # Sample among assets that something depends on: a shock to a leaf (a shop, a
    # pharmacy) spreads nowhere and would leave the solve trivial.
    import pandas as pd
    providers = set(pd.read_csv(ctx.deps, usecols=["provider"], dtype=str)["provider"])
    chosen = common.sample_ids([a for a in ids if a in providers], args.assets_c, args.seed,
                               SAMPLE_SALT)
    c_file = ctx.workdir / "c_assets.txt"
    c_file.write_text("".join(f"{a} 0.5\n" for a in chosen))
    log(f"asset-level c* = 0.5 on {len(chosen)} sampled assets: {', '.join(chosen)}")

    sector_cmd = f"iim static from=sectors c=({_pct(args.sector_c)}) mode=linear"
    check_cmd = f"iim static from=sectors c=({_pct(args.check_c)}) mode=linear"
    asset_cmd = ("iim static from=assets c=("
                 + ", ".join(f"{common.command_arg(a)}:50%" for a in chosen) + ") mode=linear")
    # Timed: the solve with the ten largest q shown (the peers' times exclude writing their
    # output too); untimed: every q, for the agreement check.
    timed_cmd = asset_cmd + " top 10"
    commands = [timed_cmd, timed_cmd, asset_cmd, sector_cmd, sector_cmd,
                "iim matrix from=sectors", check_cmd]
    if ctx.assessment:
        log("rampart commands: " + "; ".join(f'"{c}"' for c in dict.fromkeys(commands)) +
            " (the asset-level top 10 and the sector-level solve issued twice each and timed)")
    rampart = A.run_rampart(ctx, commands, timed_index=0)
    A.rampart_log(ctx, rampart, "iim static from=assets")
    r_sec_warm = r_sec_cold = None
    q_assets, q_sectors, q_check, a_matrix = {}, {}, {}, {}
    if rampart.ok:
        b = rampart.best.blocks
        r_sec_warm, r_sec_cold = common.session_times(rampart.best, 3)
        how = ""
        if r_sec_warm < A.FINE_BELOW and not args.timer_only:
            per, k = A.fine_time(ctx, sector_cmd, None, r_sec_warm)
            if per is not None:
                how = (f" (wall-clock differencing over {k} extra runs; the timer said "
                       f"{common.fmt_sig(r_sec_warm)} s)")
                r_sec_warm = per
        log(f"rampart: iim static from=sectors {common.fmt_sig(r_sec_warm)} s warm{how}, "
            f"{common.fmt_sig(r_sec_cold)} s cold")
        q_assets["rampart"] = {r["system"]: float(r["q"]) for r in common.csv_rows(b[2][0])}
        top = [(r["system"], float(r["q"])) for r in common.csv_rows(b[1][0])]
        largest = sorted(q_assets["rampart"].items(), key=lambda kv: -kv[1])[:len(top)]
        if [q for _, q in top] != [q for _, q in largest]:
            log("!!! MISMATCH: rampart's top 10 differs from the largest q of its full listing")
            ctx.failed = True
        q_sectors["rampart"] = {r["system"]: float(r["q"]) for r in common.csv_rows(b[4][0])}
        for r in common.csv_rows(b[5][0]):
            for k, v in r.items():
                if k != "system":
                    a_matrix.setdefault("rampart", {})[(r["system"], k)] = float(v)
        q_check["rampart"] = {r["system"]: float(r["q"]) for r in common.csv_rows(b[6][0])}
        log(f"rampart: {len(q_assets['rampart'])} assets with q > 0")

    peers = {}
    if "numpy" in ctx.peers:
        out = ctx.workdir / "numpy.json"
        out.unlink(missing_ok=True)
        specs = f"{args.sector_c};{args.check_c}"
        tr = A.run_peer(ctx, "numpy", [ctx.ds.assets, ctx.deps, specs, CAP, out], c_mode="")
        peers["numpy"] = tr
        if tr.ok:
            res = json.loads(out.read_text())
            secs = res["sectors"]
            q_sectors["numpy"] = dict(zip(secs, res["q"][0]))
            q_check["numpy"] = dict(zip(secs, res["q"][1]))
            a_matrix["numpy"] = {(si, sj): res["A"][i][j] for i, si in enumerate(secs)
                                 for j, sj in enumerate(secs)}
    n = len(ids)
    solver = args.scipy_solver
    if solver == "auto":
        solver = "spsolve" if n <= 200_000 else "gmres"
    for p in [p for p in ctx.peers if p in ASSET_PEERS]:
        out = ctx.workdir / f"{p}.txt"
        out.unlink(missing_ok=True)
        extra = [solver] if p == "scipy" else []
        tr = A.run_peer(ctx, p, [ctx.ds.assets, ctx.deps, c_file, CAP, out] + extra,
                        c_mode="iim")
        peers[p] = tr
        if tr.ok:
            q = {}
            for line in out.read_text().splitlines():
                r, v = line.split()
                q[ids[int(r)]] = float(v)
            q_assets[p] = q
            if "iterations" in tr.reported:
                log(f"  {p}: {tr.reported['iterations']} iterations")

    agree = True
    log("agreement (tolerance 1e-6):")
    for label, table, keys in (
            ("sector q (c* " + args.sector_c + ")", q_sectors, None),
            ("sector q (c* " + args.check_c + ")", q_check, None),
            ("sector A*", a_matrix, None),
            ("asset q", q_assets, ids)):
        names = list(table)
        if len(names) < 2:
            continue
        ref = names[0]
        k = keys if keys is not None else sorted(set().union(*[set(t) for t in table.values()]))
        for other in names[1:]:
            agree &= _compare(ref, table[ref], other, table[other], k, log, label)
    if q_sectors:
        ref = next(iter(q_sectors.values()))
        log("  sector q: " + ", ".join(f"{s} {v:.4g}" for s, v in ref.items()))
    if q_check:
        ref = next(iter(q_check.values()))
        log(f"  sector q (c* {args.check_c}): " +
            ", ".join(f"{s} {v:.4g}" for s, v in ref.items()))
    if not agree:
        ctx.failed = True
    n_tables = sum(len(t) for t in (q_sectors, q_assets))

    f = A.time_fields(ctx, rampart, {p: peers[p] for p in ASSET_PEERS if p in peers},
                      ASSET_PEERS)
    npk = peers["numpy"].kernel if "numpy" in peers else None
    f += [
        ("rampart_sectors", common.fmt_sig(r_sec_warm)),
        ("rampart_sectors_cold", common.fmt_sig(r_sec_cold)),
        ("numpy_sectors", common.fmt_sig(npk)),
        ("ratio_numpy_sectors", common.fmt_sig(common.ratio(npk, r_sec_warm))),
        ("scipy_solver", solver if "scipy" in peers else common.NA),
        ("agree", ("yes" if agree else "no") if n_tables > 2 else common.NA),
        ("rss_mb", common.fmt_mb(rampart.rss)),
    ]
    f += A.wall_fields(rampart, peers, PEERS)
    return common.WorkloadResult(common.result_line(NAME, ctx.ds.size_label, f), ctx.failed)
