"""Workload `risk` (W6): risk of every asset x threat pair, and the annual loss simulation.

Two measurements, each ending with its own RESULT line (`--part` picks one):

W6 `risk`: for every vulnerability (asset a, threat t), lambda = likelihood x v and the
consequence C of an attack with cascades: a is down for R = recovery(a) x
outage_factor(t) hours; every other asset i is lost from its shortest delay-weighted
time d(a, i) over critical dependencies (strength >= cascade_threshold, 50%) while
d < R, and stays down until R; a dependent with a redundancy group is lost through the
group only when every provider of the group is, at the latest of their arrivals.
Disruption = sum of population x (R - d) x person_hour_value + economic_value x (R - d)
/ 24; C = casualty cost + damage + disruption (the generated threats have no casualty or
damage rates, so C is the disruption); eal = lambda x C.
  Rampart: `risk by sector` (kernel; a handful of rows) and `risk` (every pair, for the
  check; reported as rampart_list), RAMPART_THREADS=1 and 2.
  Peer `numpy`: scipy.sparse.csgraph.dijkstra with limit= from the attacked assets, and
  a fixed point on top of it for the redundancy groups (peers/risk_numpy.py).
  Check: the same pairs, eal and C per pair to a relative 1e-6, sector totals likewise.

W6b `annual`: `simulate annual years=N seed=S by year`: each simulated year every pair
suffers Poisson(lambda) successful attacks; each attack's cascade lets every dependency
(all of them, no threshold) carry the loss with probability equal to its strength,
independently; delays, durations and redundancy groups as above.
  Rampart with RAMPART_THREADS=1 (rampart=) and 2 (rampart_2t=); the two must give the
  same years. Peers `numpy` (vectorised over batches of attacks, one thread) and
  `numba` (a heap Dijkstra per attack, years in parallel with prange on every core;
  compared with Rampart on 2 threads).
  Check: random numbers differ between implementations, so each mean annual loss must
  lie within 4 standard errors of Rampart's. The numba peer draws its numbers the way
  Rampart documents its counter-based streams, so it is also compared year by year
  (reported as numba_same_years=; informative, not part of agree=).

Data: dependencies.csv as generated, redundancy groups included (both peers implement
them); --nogroups runs everything on dependencies_nogroups.csv instead. The assessment,
bench/.data/runs/risk-<size>.rampart (risk-nogroups-<size>.rampart), is built from the
four CSV files and rebuilt whenever one of them is newer.
"""

from __future__ import annotations

import dataclasses
import math
import shlex
from pathlib import Path

import numpy as np

import common
from workloads import _analysis as A

NAME = "risk"
DESCRIPTION = ("W6: risk of every asset x threat pair with cascades, and W6b: the annual "
               "loss simulation (threads 1 and 2)")
PEERS = ["numpy", "numba"]
RISK_PEERS = ["numpy"]
ANNUAL_PEERS = ["numpy", "numba"]
ANNUAL_SLOW = {
    "numpy": {"L": "label-correcting rounds over batches of ten attacks of a million-asset "
                   "graph: about 40 s per simulated year on L, several minutes for the "
                   "default 10 years; pass --peers to include it"},
}
# L: about 9 s per simulated year on one thread (the random cascades reach the large
# strongly connected core), so the default there is 10 years instead of 1000.
DEFAULT_YEARS = {"L": 10}
REL_TOL = 1e-6
SE_TOLERANCE = 4.0


def add_arguments(parser) -> None:
    A.add_common_arguments(parser)
    parser.add_argument("--part", choices=["risk", "annual", "both"], default="both",
                        help="which measurement to run (default both: two RESULT lines)")
    parser.add_argument("--years", type=int, default=None,
                        help="simulated years for `annual` (default 1000; 10 on L)")
    parser.add_argument("--sim-seed", type=int, default=1,
                        help="seed of the annual simulation (default 1)")
    parser.add_argument("--person-hour-value", type=float, default=10.0,
                        help="person_hour_value set in the assessment (default 10)")
    parser.add_argument("--nogroups", action="store_true",
                        help="use dependencies_nogroups.csv (no redundancy groups) for "
                             "every tool instead of dependencies.csv")


# --------------------------------------------------------------------------------------
# Assessment and settings
# --------------------------------------------------------------------------------------

def _stale(target: Path, sources: list) -> bool:
    if not target.exists():
        return True
    t = target.stat().st_mtime
    return any(s.exists() and s.stat().st_mtime > t for s in sources)


def build_command(binary: Path, path: Path, ds: common.Dataset, deps: Path, phv: float) -> list:
    """The Rampart invocation that builds the W6 assessment (cwd = the data directory)."""
    return [str(binary), "-batch", "-bail", str(path),
            f"import assets {common.command_arg(ds.assets.name)}",
            f"import deps {common.command_arg(deps.name)}",
            f"import threats {common.command_arg(ds.threats.name)}",
            f"import vulns {common.command_arg(ds.vulns.name)}",
            f"settings set person_hour_value={phv:g} cascade_threshold=50%",
            "snapshot"]


def risk_assessment(binary: Path, ds: common.Dataset, deps: Path, nogroups: bool, phv: float,
                    log, timeout=None) -> Path:
    variant = "risk-nogroups" if nogroups else "risk"
    if common.CACHE_DIR in ds.directory.parents:
        common.RUNS_DIR.mkdir(parents=True, exist_ok=True)
        path = common.RUNS_DIR / f"{variant}-{ds.size_label}.rampart"
    else:
        path = ds.directory / f"{variant}.rampart"
    stamp = path.with_name(path.name + ".phv")
    sources = [ds.assets, deps, ds.threats, ds.vulns]
    if not _stale(path, sources) and stamp.exists() and stamp.read_text().strip() == f"{phv:g}":
        return path
    cmd = build_command(binary, path, ds, deps, phv)
    log(f"building assessment {path.name} (cwd = data directory): {shlex.join(cmd)}")
    common.fresh_file(path)
    stamp.unlink(missing_ok=True)
    m = common.run_measured(cmd, cwd=ds.directory, timeout=timeout)
    if not m.ok:
        common.fresh_file(path)
        raise RuntimeError(f"building {path.name} failed:\n{m.tail()}")
    stamp.write_text(f"{phv:g}\n")
    log(f"built {path.name} in {m.wall_s:.1f}s")
    return path


_SCALE = {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9, "T": 1e12}


def parse_amount(text: str) -> float:
    """A value as `settings` prints it: 10, 300k, 3M, 50%."""
    t = text.strip().replace(",", "")
    if t.endswith("%"):
        return float(t[:-1]) / 100.0
    for suffix in ("bn", "k", "M", "B", "T"):
        if t.endswith(suffix):
            return float(t[:-len(suffix)]) * _SCALE[suffix]
    return float(t)


def read_settings(binary: Path, assessment: Path, timeout=None) -> dict:
    m = common.run_measured([str(binary), "-batch", "-bail", "-csv", "-readonly",
                             str(assessment), "settings"], timeout=timeout)
    if not m.ok:
        raise RuntimeError(f"reading the settings failed:\n{m.tail()}")
    rows = {r["setting"]: r["value"] for r in common.csv_rows(m.stdout)}
    try:
        return {k: parse_amount(rows[k]) for k in
                ("person_hour_value", "vsl", "vsi", "cascade_threshold")}
    except (KeyError, ValueError) as e:
        raise RuntimeError(f"unexpected `settings` output ({e}):\n{m.stdout[:500]}")


def setup(args, log) -> A.Context:
    ds = common.ensure_dataset(args.size, args.seed, args.data, log=log)
    log(f"data: {ds.describe()}")
    deps = common.nogroups_csv(ds, log) if args.nogroups else ds.deps
    log(f"dependencies for every tool: {deps.name} "
        f"({'redundancy groups removed' if args.nogroups else 'redundancy groups included'})")
    binary = common.resolve_rampart(args.rampart)
    assessment = None
    if common.have_binary(binary):
        assessment = risk_assessment(binary, ds, deps, args.nogroups, args.person_hour_value,
                                     log, timeout=args.timeout)
    else:
        log(f"rampart: binary not found at {binary} -- build it or pass --rampart PATH; "
            f"reporting rampart=NA and running the peers only")
    return A.Context(name=NAME, args=args, log=log, ds=ds, deps=deps, binary=binary,
                     assessment=assessment, peers=[], skipped={}, c_binary=None,
                     workdir=common.RUNS_DIR)


def part_context(base: A.Context, name: str, all_peers: list, slow: dict) -> A.Context:
    """A copy of the context for one part: its peers, skips and scratch directory."""
    args, log = base.args, base.log
    explicit = args.peer_list is not None
    wanted = [p for p in (args.peer_list if explicit else all_peers) if p in all_peers]
    skipped = {}
    if not explicit:
        for p, sizes in slow.items():
            if p in wanted and base.ds.size_label in sizes:
                wanted.remove(p)
                skipped[p] = sizes[base.ds.size_label]
    if "numba" in wanted:
        ok, info = A.numba_available()
        if not ok:
            wanted.remove("numba")
            skipped["numba"] = ("numba is not installed (python3 -m pip install numba); "
                                f"skipping the numba peer [{info}]")
    for p, why in skipped.items():
        log(f"{name} {p}: skipped -- {why}")
    if common.CACHE_DIR in base.ds.directory.parents:
        workdir = common.RUNS_DIR / f"{name}-{base.ds.size_label}"
    else:
        workdir = base.ds.directory / f"{name}-out"
    workdir.mkdir(parents=True, exist_ok=True)
    return dataclasses.replace(base, name=name, peers=wanted, skipped=skipped, workdir=workdir,
                               failed=False, notes=[])


def _money(x) -> str:
    return common.NA if x is None or not math.isfinite(x) else f"{x:.0f}"


# --------------------------------------------------------------------------------------
# W6: risk
# --------------------------------------------------------------------------------------

def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) or (a == 0 and b == 0)


def run_risk(base: A.Context, settings: dict) -> common.WorkloadResult:
    ctx = part_context(base, "risk", RISK_PEERS, {})
    log, ds = ctx.log, ctx.ds
    kernel_cmd, list_cmd = "risk by sector", "risk"
    log(f"W6 risk: person_hour_value {settings['person_hour_value']:g}, cascade_threshold "
        f"{settings['cascade_threshold']:g}, vsl {settings['vsl']:g}, vsi {settings['vsi']:g}")
    commands = [kernel_cmd, kernel_cmd, list_cmd, list_cmd]
    if ctx.assessment:
        log(f"rampart session: {ctx.binary.name} -batch -bail -csv -readonly "
            f"{ctx.assessment.name} \".timer on\" " + " ".join(f'"{c}"' for c in commands))
    r1 = A.run_rampart(ctx, commands, timed_index=0, threads=1, label="rampart")
    A.rampart_log(ctx, r1, "RAMPART_THREADS=1: risk by sector")
    r2 = A.run_rampart(ctx, [kernel_cmd, kernel_cmd], timed_index=0, threads=2,
                       label="rampart_2t")
    A.rampart_log(ctx, r2, "RAMPART_THREADS=2: risk by sector")

    ids, sector_of_row, _, _ = common.read_asset_table(ds.assets)
    sector = dict(zip(ids, sector_of_row))
    pairs = {}          # tool -> {(asset, threat): (consequence, eal)}
    sectors = {}        # tool -> {sector: (pairs, eal, worst consequence)}
    list_warm = None
    if r1.ok:
        s = r1.best
        list_warm, list_cold = common.session_times(s, 2)
        log(f"rampart: full listing (`risk`) {common.fmt_sig(list_warm)} s warm, "
            f"{common.fmt_sig(list_cold)} s cold")
        pairs["rampart"] = {(r["asset"], r["threat"]): (float(r["consequence"]), float(r["eal"]))
                            for r in common.csv_rows(s.blocks[3][0])}
        sectors["rampart"] = {r["sector"]: (int(r["pairs"]), float(r["eal"]),
                                            float(r["worst_consequence"]))
                              for r in common.csv_rows(s.blocks[1][0])}
    if r2.ok and r1.ok and r2.best.blocks[1][0] != r1.best.blocks[1][0]:
        log("!!! MISMATCH: rampart `risk by sector` differs between 1 and 2 threads")
        ctx.failed = True

    peers = {}
    for p in ctx.peers:
        out = ctx.workdir / f"{p}.csv"
        out.unlink(missing_ok=True)
        tr = A.run_peer(ctx, p, [ds.assets, ctx.deps, ds.threats, ds.vulns,
                                 settings["cascade_threshold"], settings["person_hour_value"],
                                 settings["vsl"], settings["vsi"], out], c_mode="")
        peers[p] = tr
        if tr.ok:
            rows = common.csv_rows(out.read_text())
            pairs[p] = {(r["asset"], r["threat"]): (float(r["consequence"]), float(r["eal"]))
                        for r in rows}
            agg = {}
            for (a, _t), (c, e) in pairs[p].items():
                n, tot, worst = agg.get(sector[a], (0, 0.0, 0.0))
                agg[sector[a]] = (n + 1, tot + e, max(worst, c))
            sectors[p] = agg
            rep = tr.reported
            log(f"{p}: {rep.get('cascades')} cascades for {rep.get('pairs')} pairs, "
                f"{rep.get('groups')} redundancy groups (fixed point: up to "
                f"{rep.get('group_rounds')} extra rounds), {rep.get('chunk')} sources per "
                f"dijkstra call, mean {rep.get('mean_affected', 0):.1f} assets lost per attack")

    totals = {tool: sum(e for _c, e in res.values()) for tool, res in pairs.items()}
    for tool, tot in totals.items():
        log(f"{tool:9s} pairs {len(pairs[tool]):,}, total eal {tot:,.2f}")

    agree = True
    worst_rel = 0.0
    ref = "rampart" if "rampart" in pairs else next(iter(pairs), None)
    if ref:
        for tool in pairs:
            if tool == ref:
                continue
            a, b = pairs[ref], pairs[tool]
            if set(a) != set(b):
                agree = False
                only_a = sorted(set(a) - set(b))[:3]
                only_b = sorted(set(b) - set(a))[:3]
                log(f"!!! MISMATCH: {tool} has {len(b)} pairs, {ref} {len(a)}; only in {ref}: "
                    f"{only_a}, only in {tool}: {only_b}")
                continue
            bad = []
            for k, (c_ref, e_ref) in a.items():
                c, e = b[k]
                scale = max(abs(e_ref), abs(e))
                if scale > 0:
                    worst_rel = max(worst_rel, abs(e - e_ref) / scale)
                if not (_close(e, e_ref) and _close(c, c_ref)):
                    bad.append((k, c_ref, c, e_ref, e))
            if bad:
                agree = False
                log(f"!!! MISMATCH: {tool} differs from {ref} on {len(bad)} of {len(a)} pairs "
                    f"(relative tolerance {REL_TOL:g}); first ones:")
                for k, c_ref, c, e_ref, e in bad[:5]:
                    log(f"    {k[0]} {k[1]}: consequence {c_ref!r} vs {c!r}, eal {e_ref!r} "
                        f"vs {e!r}")
            if not _close(totals[tool], totals[ref]):
                agree = False
                log(f"!!! MISMATCH: total eal {tool} {totals[tool]!r} vs {ref} {totals[ref]!r}")
            sa, sb = sectors.get(ref, {}), sectors.get(tool, {})
            if set(sa) != set(sb) or any(
                    sa[k][0] != sb[k][0] or not _close(sa[k][1], sb[k][1])
                    or not _close(sa[k][2], sb[k][2]) for k in sa):
                agree = False
                log(f"!!! MISMATCH: sector totals (pairs, eal, worst consequence) of {tool} "
                    f"differ from {ref}'s `risk by sector`")
                for k in sorted(set(sa) | set(sb)):
                    log(f"    {k}: {sa.get(k)} vs {sb.get(k)}")
        if agree and len(pairs) > 1:
            log(f"agreement: the same {len(pairs[ref]):,} pairs, eal and consequence per pair "
                f"within {REL_TOL:g} (largest relative eal difference {worst_rel:.1e}), sector "
                f"totals likewise (reference {ref})")
    if not agree:
        ctx.failed = True

    speedup = common.ratio(r1.kernel, r2.kernel) if r1.ok and r2.ok else None
    fields = A.time_fields(ctx, r1, peers, RISK_PEERS)
    fields += [
        ("rampart_list", common.fmt_sig(list_warm)),
        ("rampart_2t", common.fmt_sig(r2.kernel)),
        ("speedup_2threads", common.fmt_sig(speedup)),
        ("pairs", str(len(pairs[ref])) if ref else common.NA),
        ("groups", "no" if ctx.args.nogroups else "yes"),
        ("total_eal", _money(totals.get("rampart"))),
    ]
    fields += [(f"total_eal_{p}", _money(totals.get(p))) for p in RISK_PEERS]
    fields += [
        ("max_rel_diff", f"{worst_rel:.1e}" if len(pairs) > 1 else common.NA),
        ("agree", ("yes" if agree else "no") if len(pairs) > 1 else common.NA),
        ("rss_mb", common.fmt_mb(common.peak_rss(
            [s.measurement for s in r1.runs + r2.runs]))),
    ]
    fields += A.wall_fields(r1, peers, RISK_PEERS)
    return common.WorkloadResult(common.result_line("risk", ds.size_label, fields), ctx.failed)


# --------------------------------------------------------------------------------------
# W6b: annual
# --------------------------------------------------------------------------------------

def nearest_rank(sorted_values: np.ndarray, p: float) -> float:
    n = len(sorted_values)
    return float(sorted_values[max(0, min(n - 1, math.ceil(p * n) - 1))])


def year_stats(attacks: np.ndarray, loss: np.ndarray) -> dict:
    s = np.sort(loss)
    return {"mean": float(loss.mean()), "sd": float(loss.std(ddof=1)) if len(loss) > 1 else 0.0,
            "p99": nearest_rank(s, 0.99), "max": float(s[-1]), "n": len(loss),
            "attacks": float(attacks.mean())}


def _years_block(text: str):
    rows = common.csv_rows(text)
    return (np.array([int(r["attacks"]) for r in rows], dtype=np.int64),
            np.array([float(r["loss"]) for r in rows], dtype=np.float64))


def run_annual(base: A.Context, settings: dict) -> common.WorkloadResult:
    ctx = part_context(base, "annual", ANNUAL_PEERS, ANNUAL_SLOW)
    log, ds, args = ctx.log, ctx.ds, ctx.args
    years = args.years or DEFAULT_YEARS.get(ds.size_label, 1000)
    if args.years is None and ds.size_label in DEFAULT_YEARS:
        log(f"annual: {years} years by default on {ds.size_label} (about 9 s per simulated "
            f"year on one thread there); pass --years to change")
    cmd = f"simulate annual years={years} seed={args.sim_seed} by year"
    if ctx.assessment:
        log(f"rampart command (issued twice per process): {cmd}")
    r1, r2 = A.run_rampart_threads(ctx, cmd)

    data = {}
    for label, tr in (("rampart", r1), ("rampart_2t", r2)):
        if tr.ok:
            data[label] = _years_block(tr.best.blocks[1][0])
            if len(data[label][1]) != years:
                log(f"!!! {label}: expected {years} years, got {len(data[label][1])}")
                ctx.failed = True
    threads_same = None
    if "rampart" in data and "rampart_2t" in data:
        threads_same = all(np.array_equal(x, y) for x, y in
                           zip(data["rampart"], data["rampart_2t"]))
        if not threads_same:
            log("!!! MISMATCH: rampart's years differ between 1 and 2 threads (expected "
                "identical for one seed)")
            ctx.failed = True

    peers = {}
    for p in ctx.peers:
        out = ctx.workdir / f"{p}.txt"
        out.unlink(missing_ok=True)
        tr = A.run_peer(ctx, p, [ds.assets, ctx.deps, ds.threats, ds.vulns, years,
                                 args.sim_seed, settings["person_hour_value"], settings["vsl"],
                                 settings["vsi"], out], c_mode="")
        peers[p] = tr
        if tr.ok:
            arr = np.loadtxt(out, ndmin=2)
            data[p] = (arr[:, 1].astype(np.int64), arr[:, 2])

    stats = {k: year_stats(*v) for k, v in data.items() if len(v[1])}
    log(f"annual loss per simulated year ({years} years, seed {args.sim_seed}):")
    log(f"  {'tool':10s} {'mean':>20s} {'sd':>20s} {'P99':>20s} {'worst':>20s} "
        f"{'attacks/yr':>10s}")
    for tool, s in stats.items():
        log(f"  {tool:10s} {s['mean']:20,.0f} {s['sd']:20,.0f} {s['p99']:20,.0f} "
            f"{s['max']:20,.0f} {s['attacks']:10.1f}")

    agree = True
    z = {}
    ref = "rampart" if "rampart" in stats else next(iter(stats), None)
    if ref:
        rs = stats[ref]
        for tool, s in stats.items():
            if tool in (ref, "rampart_2t"):
                continue
            se = math.sqrt(rs["sd"] ** 2 / rs["n"] + s["sd"] ** 2 / s["n"])
            z[tool] = (s["mean"] - rs["mean"]) / se if se > 0 else 0.0
            ok = abs(z[tool]) <= SE_TOLERANCE
            log(f"  {tool}: mean differs from {ref} by {z[tool]:+.2f} standard errors "
                f"({'ok' if ok else 'TOO FAR'}; SE {se:,.0f})")
            if not ok:
                agree = False
                log(f"!!! MISMATCH: {tool} mean {s['mean']:,.0f} vs {ref} {rs['mean']:,.0f} "
                    f"({z[tool]:+.1f} SE, tolerance {SE_TOLERANCE:g})")
    same_years = None
    if "numba" in data and "rampart" in data:
        (a0, l0), (a1, l1) = data["rampart"], data["numba"]
        same_years = (len(a0) == len(a1) and np.array_equal(a0, a1)
                      and bool(np.all(np.abs(l0 - l1) <= 1e-9 * np.maximum(np.abs(l0), 1.0))))
        if same_years:
            log("  numba and rampart: identical years (same attack counts, losses within "
                "1e-9) -- the numba peer reproduces Rampart's counter-based random streams")
        else:
            diff = int(np.sum(a0 != a1)) if len(a0) == len(a1) else -1
            log(f"  note: numba's years are not Rampart's year by year ({diff} years with "
                f"other attack counts); only the statistical check applies")
    if agree and len(stats) > 1:
        log(f"agreement: means within {SE_TOLERANCE:g} standard errors (statistical check -- "
            f"the random numbers differ between implementations)")
    if not agree:
        ctx.failed = True

    speedup = common.ratio(r1.kernel, r2.kernel) if r1.ok and r2.ok else None
    fields = A.time_fields(ctx, r1, peers, ANNUAL_PEERS)
    if "numba" in peers:   # numba runs on every core: compare with Rampart on 2 threads
        fields = [(k, common.fmt_sig(common.ratio(peers["numba"].kernel, r2.kernel)))
                  if k == "ratio_numba" else (k, v) for k, v in fields]
    rs = stats.get(ref, {}) if ref else {}
    # NumPy's peer is one thread whatever the machine; Rampart on both cores is what a user
    # of either tool gets by default, so that ratio is reported beside the one-thread one.
    numpy_2t = (common.ratio(peers["numpy"].kernel, r2.kernel)
                if "numpy" in peers and peers["numpy"].ok and r2.ok else None)
    fields += [
        ("rampart_2t", common.fmt_sig(r2.kernel)),
        ("ratio_numpy_2t", common.fmt_sig(numpy_2t)),
        ("speedup_2threads", common.fmt_sig(speedup)),
        ("years", str(years)),
        ("attacks_per_year", f"{rs['attacks']:.1f}" if rs else common.NA),
        ("mean_loss", _money(rs.get("mean"))),
        ("sd_loss", _money(rs.get("sd"))),
        ("p99_loss", _money(rs.get("p99"))),
    ]
    fields += [(f"mean_loss_{p}", _money(stats[p]["mean"]) if p in stats else common.NA)
               for p in ANNUAL_PEERS]
    fields += [(f"z_{p}", f"{z[p]:+.2f}" if p in z else common.NA) for p in ANNUAL_PEERS]
    fields += [
        ("threads_identical", common.NA if threads_same is None else
         ("yes" if threads_same else "no")),
        ("numba_same_years", common.NA if same_years is None else
         ("yes" if same_years else "no")),
        ("agree", ("yes" if agree else "no") if len(stats) > 1 else common.NA),
        ("rss_mb", common.fmt_mb(common.peak_rss(
            [s.measurement for s in r1.runs + r2.runs]))),
    ]
    fields += A.wall_fields(r1, peers, ANNUAL_PEERS)
    return common.WorkloadResult(common.result_line("annual", ds.size_label, fields),
                                 ctx.failed)


# --------------------------------------------------------------------------------------

def run(args, log=print) -> common.WorkloadResult:
    base = setup(args, log)
    if base.assessment is not None:
        settings = read_settings(base.binary, base.assessment, timeout=args.timeout)
    else:
        settings = {"person_hour_value": args.person_hour_value, "vsl": 3e6, "vsi": 3e5,
                    "cascade_threshold": 0.5}
        log("no Rampart: peers use person_hour_value "
            f"{args.person_hour_value:g}, vsl 3M, vsi 300k, threshold 50% (Rampart's defaults)")
    results = []
    if args.part in ("risk", "both"):
        results.append(run_risk(base, settings))
    if args.part in ("annual", "both"):
        if results:
            log(results[-1].line)      # the first of the two RESULT lines
        results.append(run_annual(base, settings))
    return common.WorkloadResult(results[-1].line, any(r.failed for r in results))
