"""Workload `criticality` (W3): exact reach of 1,000 seeded-sampled assets.

For each sampled asset, the number of assets its loss reaches over critical
dependencies (strength >= 0.5, provider -> dependent), itself included, with time taken
out of play. Data: the group-free dependency file.

Rampart: `criticality method=reach where id in (<the sampled ids>)` (structural reach:
time ignored), column `affected`; run with RAMPART_THREADS=1 (compared with the single-threaded peers) and
RAMPART_THREADS=2 (reported as rampart_2t and speedup_2threads).

The second half of W3 ranks every asset: `criticality top 100 method=reach` with no filter,
which computes the exact reach of all assets (not an estimate), on one and two threads
(rampart_all, rampart_all_2t, speedup_all_2threads). No peer takes part: a breadth-first
search per asset, which is what the peers do for the sample, would take days on L. Its
numbers are checked against the sample (every sampled asset the ranking lists must have
the count the sample run gave it) and, when the C peer runs, against the C loop's reach
of each listed asset.
"""

from __future__ import annotations

import common
from workloads import _analysis as A

NAME = "criticality"
DESCRIPTION = "W3: reach over critical edges from 1,000 sampled assets (threads 1 and 2)"
PEERS = ["networkx", "igraph", "scipy", "numba", "c"]
THRESHOLD = 0.5
SLOW = {}
SAMPLE_SALT = 3


def add_arguments(parser) -> None:
    A.add_common_arguments(parser)
    parser.add_argument("--samples", type=int, default=1000,
                        help="number of sampled assets (default 1000)")


def run(args, log=print) -> common.WorkloadResult:
    ctx = A.setup(NAME, args, log, PEERS, SLOW)
    ids, _, _, _ = common.read_asset_table(ctx.ds.assets)
    sources = common.sample_ids(ids, args.samples, args.seed, SAMPLE_SALT)
    src_file = ctx.workdir / "sources.txt"
    src_file.write_text("".join(s + "\n" for s in sources))
    log(f"{len(sources)} sampled assets (seed {args.seed}), written to {src_file.name}")

    cmd = ("criticality method=reach where id in ("
           + ", ".join(common.command_arg(s) for s in sources) + ")")
    if ctx.assessment:
        log(f"rampart command (issued twice per process): {A.short_command(cmd)}")
    r1, r2 = A.run_rampart_threads(ctx, cmd)

    counts = {}
    for label, tr in (("rampart", r1), ("rampart_2t", r2)):
        if tr.ok:
            rows = common.csv_rows(tr.best.blocks[1][0])
            got = {r["asset"]: int(r["affected"]) for r in rows}
            missing = [s for s in sources if s not in got]
            if missing:
                log(f"!!! {label}: no row for {len(missing)} sampled assets, e.g. {missing[:3]}")
                ctx.failed = True
            counts[label] = [got.get(s, -1) for s in sources]

    all_cmd = "criticality top 100 method=reach"
    a1, a2 = A.run_rampart_threads(ctx, all_cmd, label="rampart_all", what="all assets, ")
    ranked = {}
    for label, tr in (("rampart_all", a1), ("rampart_all_2t", a2)):
        if tr.ok:
            rows = common.csv_rows(tr.best.blocks[1][0])
            ranked[label] = [(r["asset"], int(r["affected"])) for r in rows]
    if len(set(map(tuple, ranked.values()))) > 1:
        log("!!! the ranking of all assets differs between one and two threads")
        ctx.failed = True
    if "rampart" in counts and ranked:
        sampled = dict(zip(sources, counts["rampart"]))
        listed = next(iter(ranked.values()))
        wrong = [(a, c, sampled[a]) for a, c in listed if a in sampled and sampled[a] != c]
        if wrong:
            log(f"!!! the ranking of all assets disagrees with the sample: {wrong[:3]}")
            ctx.failed = True
        else:
            log(f"ranking of all assets: {len(listed)} listed, "
                f"{sum(a in sampled for a, _ in listed)} of them sampled, all with the sample's counts")
    if ranked and ctx.c_binary is not None:
        # The sample seldom lands in the top 100: let the C loop check the listed assets too.
        listed = next(iter(ranked.values()))
        listed_file, out = ctx.workdir / "ranked.txt", ctx.workdir / "ranked_c.txt"
        listed_file.write_text("".join(a + "\n" for a, _ in listed))
        out.unlink(missing_ok=True)
        m = common.run_measured([str(ctx.c_binary), "reach", str(ctx.ds.assets), str(ctx.deps),
                                 str(listed_file), str(THRESHOLD), str(out)], timeout=ctx.args.timeout)
        c_counts = [int(x) for x in out.read_text().split()] if m.ok and out.exists() else None
        if c_counts != [c for _, c in listed]:
            log("!!! the C loop disagrees with the ranking of all assets on its listed assets")
            ctx.failed = True
        else:
            log(f"ranking of all assets: the C loop gives the same counts for all {len(listed)} listed assets")

    peers = {}
    for p in ctx.peers:
        out = ctx.workdir / f"{p}.txt"
        out.unlink(missing_ok=True)
        tr = A.run_peer(ctx, p, [ctx.ds.assets, ctx.deps, src_file, THRESHOLD, out],
                        c_mode="reach")
        peers[p] = tr
        if tr.ok:
            counts[p] = [int(x) for x in out.read_text().split()]

    agree = True
    ref_name = "rampart" if "rampart" in counts else next(iter(counts), None)
    if ref_name:
        ref = counts[ref_name]
        for tool, c in counts.items():
            total = sum(c)
            log(f"{tool:10s} sum of counts {total:,}, largest {max(c):,}, "
                f"smallest {min(c):,}")
            if tool == ref_name:
                continue
            diff = [i for i in range(len(sources)) if i >= len(c) or c[i] != ref[i]]
            if diff or len(c) != len(ref):
                agree = False
                ex = ", ".join(f"{sources[i]}: {ref_name} {ref[i]} vs {tool} "
                               f"{c[i] if i < len(c) else 'missing'}" for i in diff[:5])
                log(f"!!! MISMATCH: {tool} disagrees with {ref_name} on {len(diff)} of "
                    f"{len(sources)} assets: {ex}")
        if agree and len(counts) > 1:
            log(f"agreement: all {len(counts)} implementations gave identical counts for "
                f"the {len(sources)} assets (reference {ref_name})")
        if not agree:
            ctx.failed = True

    speedup = common.ratio(r1.kernel, r2.kernel) if r1.ok and r2.ok else None
    fields = A.time_fields(ctx, r1, peers, PEERS)
    fields += [
        ("rampart_2t", common.fmt_sig(r2.kernel)),
        ("speedup_2threads", common.fmt_sig(speedup)),
        ("rampart_all", common.fmt_sig(a1.kernel)),
        ("rampart_all_2t", common.fmt_sig(a2.kernel)),
        ("speedup_all_2threads", common.fmt_sig(common.ratio(a1.kernel, a2.kernel) if a1.ok and a2.ok else None)),
        ("samples", str(len(sources))),
        ("sum_affected", str(sum(counts[ref_name])) if ref_name else common.NA),
        ("agree", ("yes" if agree else "no") if len(counts) > 1 else common.NA),
        ("rss_mb", common.fmt_mb(common.peak_rss(
            [s.measurement for s in r1.runs + r2.runs + a1.runs + a2.runs]))),
    ]
    fields += A.wall_fields(r1, peers, PEERS)
    return common.WorkloadResult(common.result_line(NAME, ctx.ds.size_label, fields), ctx.failed)
