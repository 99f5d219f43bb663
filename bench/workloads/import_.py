"""Workload `import`: bulk-load assets.csv + dependencies.csv and build the graph.

Rampart: one batch process that imports both files into a fresh assessment file and
builds the analysis snapshot; timed as the wall clock of the whole process.
Peers: each in its own process; timed from inside the process over reading the CSVs
and building an attributed directed graph (interpreter start-up and library imports
excluded, which favours the peers).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import common

NAME = "import"
DESCRIPTION = "import assets + dependencies CSV and build the graph"
PEERS = {
    "igraph": "import_igraph.py",
    "networkx": "import_networkx.py",
}


def rampart_import_command(binary: Path, outfile: Path, assets: str, deps: str) -> list:
    """The Rampart invocation for this workload (run with the data directory as cwd,
    so the file arguments are plain names)."""
    return [str(binary), "-batch", str(outfile),
            f"import assets {common.command_arg(assets)}",
            f"import deps {common.command_arg(deps)}",
            "snapshot"]


def add_arguments(parser) -> None:
    pass


def _run_rampart(binary: Path, ds: common.Dataset, outfile: Path, timeout):
    common.fresh_file(outfile)
    cmd = rampart_import_command(binary, outfile, ds.assets.name, ds.deps.name)
    return common.run_measured(cmd, cwd=ds.directory, timeout=timeout)


def run(args, log=print) -> common.WorkloadResult:
    ds = common.ensure_dataset(args.size, args.seed, args.data, log=log)
    log(f"data: {ds.describe()}")
    peers = args.peer_list if args.peer_list is not None else list(PEERS)

    binary = common.resolve_rampart(args.rampart)
    have_rampart = binary.is_file() and bool(binary.stat().st_mode & 0o111)
    if not have_rampart:
        log(f"rampart: binary not found at {binary} -- build it or pass --rampart PATH; "
            f"reporting rampart=NA and running the peers only")
    runs_dir = common.CACHE_DIR / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    outfile = runs_dir / f"import-{ds.size_label}.rampart"

    results: dict[str, list[common.Measurement]] = {"rampart": []}
    results.update({p: [] for p in peers})
    rampart_failed = False
    if have_rampart:
        cmd = rampart_import_command(binary, outfile, ds.assets.name, ds.deps.name)
        log(f"rampart command (cwd = data directory): {shlex.join(cmd)}")
    for rnd in range(args.repeat):
        if have_rampart and not rampart_failed:
            m = _run_rampart(binary, ds, outfile, args.timeout)
            results["rampart"].append(m)
            if not m.ok:
                rampart_failed = True
                why = "timed out" if m.timed_out else f"exit status {m.returncode}"
                log(f"rampart: FAILED ({why}):\n{m.tail()}")
        for p in peers:
            if results[p] and not results[p][-1].ok:
                continue   # do not retry a peer that already failed
            m = common.run_peer_script(PEERS[p], [ds.assets, ds.deps], timeout=args.timeout)
            results[p].append(m)
            if not m.ok or "seconds" not in m.reported:
                why = "timed out" if m.timed_out else f"exit status {m.returncode}"
                log(f"{p}: FAILED ({why}):\n{m.tail()}")

    # Rampart: wall clock of the process. Peers: their self-reported load+build time.
    r_best = common.best(results["rampart"], key=lambda m: m.wall_s)
    r_time = r_best.wall_s if r_best else None
    if r_best:
        size = outfile.stat().st_size / 2**20 if outfile.exists() else 0.0
        last = r_best.stdout.strip().splitlines()[-1:] or [""]
        log(f"rampart: {common.fmt_sig(r_time)} s (best of {len(results['rampart'])}), "
            f"peak RSS {common.fmt_mb(common.peak_rss(results['rampart']))} MiB, "
            f"assessment file {size:.1f} MiB; last output line: {last[0]}")

    peer_time, peer_rss = {}, {}
    for p in peers:
        b = common.best(results[p], key=lambda m: m.reported.get("seconds"))
        peer_time[p] = b.reported["seconds"] if b else None
        peer_rss[p] = common.peak_rss(results[p])
        if b:
            rep = b.reported
            log(f"{p}: {common.fmt_sig(peer_time[p])} s load+build (best of "
                f"{len(results[p])}; process wall {common.fmt_sig(b.wall_s)} s, imports "
                f"{common.fmt_sig(rep.get('import_s'))} s), peak RSS "
                f"{common.fmt_mb(peer_rss[p])} MiB (after imports "
                f"{common.fmt_mb(rep.get('base_rss_mb'))} MiB), "
                f"{rep.get('nodes')} nodes / {rep.get('edges')} edges, {rep.get('library')}")

    def t(name):
        return common.fmt_sig(peer_time.get(name)) if name in peer_time else common.NA

    fields = [
        ("rampart", common.fmt_sig(r_time)),
        ("networkx", t("networkx")),
        ("igraph", t("igraph")),
        ("ratio_networkx", common.fmt_sig(common.ratio(peer_time.get("networkx"), r_time))),
        ("ratio_igraph", common.fmt_sig(common.ratio(peer_time.get("igraph"), r_time))),
        ("rss_mb", common.fmt_mb(common.peak_rss(results["rampart"]))),
        ("rss_igraph_mb", common.fmt_mb(peer_rss.get("igraph"))),
        ("rss_networkx_mb", common.fmt_mb(peer_rss.get("networkx"))),
    ]
    failed = rampart_failed or any(not results[p] or not results[p][-1].ok for p in peers)
    return common.WorkloadResult(common.result_line(NAME, ds.size_label, fields), failed)
