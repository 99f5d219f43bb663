"""Plumbing shared by the analysis workloads (cascade, criticality, montecarlo, iim).

They all compare Rampart's kernel time (the shell's `.timer on` Run Time of a command
issued twice in one process, second run kept, so the snapshot build and cold caches are
excluded) with peers that time only their kernel (loading excluded). This module picks
the peers, prepares the group-free data and the assessment file, runs the processes
(best of --repeat) and formats the common RESULT fields.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import common


@dataclass
class Context:
    name: str
    args: object
    log: object
    ds: common.Dataset
    deps: Path                 # the group-free dependency CSV every tool reads
    binary: Path
    assessment: Path | None    # nogroups-<size>.rampart, None without a binary
    peers: list                # peers that will run
    skipped: dict              # peer -> reason (reported as NA, not a failure)
    c_binary: Path | None
    workdir: Path              # scratch outputs of this workload and size
    failed: bool = False
    notes: list = field(default_factory=list)


_NUMBA_OK = None


def add_common_arguments(parser) -> None:
    parser.add_argument("--timer-only", action="store_true",
                        help="take Rampart's times from the shell timer alone (millisecond "
                             "resolution), without wall-clock differencing of short commands")


def numba_available() -> tuple[bool, str]:
    global _NUMBA_OK
    if _NUMBA_OK is None:
        proc = subprocess.run([sys.executable, "-c", "import numba; print(numba.__version__)"],
                              capture_output=True, text=True)
        _NUMBA_OK = (proc.returncode == 0, proc.stdout.strip() or proc.stderr.strip()[-200:])
    return _NUMBA_OK


def setup(name: str, args, log, all_peers: list, slow: dict | None = None) -> Context:
    """Data set, group-free CSV, assessment file, C peer binary and the peer list.

    `slow` maps a peer to {size label: reason}; such a peer is left out at that size
    unless it was asked for explicitly with --peers.
    """
    ds = common.ensure_dataset(args.size, args.seed, args.data, log=log)
    log(f"data: {ds.describe()}")
    deps = common.nogroups_csv(ds, log)
    log(f"dependencies for every tool: {deps.name} (redundancy groups removed)")

    explicit = args.peer_list is not None
    wanted = list(args.peer_list) if explicit else list(all_peers)
    skipped = {}
    if not explicit and slow:
        for p, sizes in slow.items():
            if p in wanted and ds.size_label in sizes:
                wanted.remove(p)
                skipped[p] = sizes[ds.size_label]
    if "numba" in wanted:
        ok, info = numba_available()
        if not ok:
            wanted.remove("numba")
            skipped["numba"] = ("numba is not installed (python3 -m pip install numba); "
                                f"skipping the numba peer [{info}]")
    c_binary = None
    if "c" in wanted:
        c_binary = common.c_peer_binary(log)
        if c_binary is None:
            wanted.remove("c")
            skipped["c"] = "the C peer could not be compiled"
    for p, why in skipped.items():
        log(f"{p}: skipped -- {why}")

    binary = common.resolve_rampart(args.rampart)
    assessment = None
    if common.have_binary(binary):
        assessment = common.assessment_file(binary, ds, "nogroups", log=log)
    else:
        log(f"rampart: binary not found at {binary} -- build it or pass --rampart PATH; "
            f"reporting rampart=NA and running the peers only")
    if common.CACHE_DIR in ds.directory.parents:
        workdir = common.RUNS_DIR / f"{name}-{ds.size_label}"
    else:
        workdir = ds.directory / f"{name}-out"
    workdir.mkdir(parents=True, exist_ok=True)
    return Context(name, args, log, ds, deps, binary, assessment, wanted, skipped, c_binary,
                   workdir)


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------

@dataclass
class ToolRuns:
    """All runs of one tool; `best` is the run with the smallest kernel time."""
    name: str
    runs: list = field(default_factory=list)
    kernel: float | None = None       # best kernel seconds
    cold: float | None = None         # Rampart: first (cold) run time of the best session
    best: object = None               # Measurement (peer) or Session (Rampart)

    timer_kernel: float | None = None   # Rampart: the shell timer's value, when `kernel`
                                        # was refined by wall-clock differencing
    fine_repeats: int = 0

    @property
    def ok(self) -> bool:
        return self.kernel is not None

    @property
    def wall(self):
        m = self.best.measurement if isinstance(self.best, common.Session) else self.best
        return m.wall_s if m is not None else None

    @property
    def rss(self):
        ms = [r.measurement if isinstance(r, common.Session) else r for r in self.runs]
        return common.peak_rss(ms)

    @property
    def reported(self) -> dict:
        return self.best.reported if self.best is not None and not isinstance(
            self.best, common.Session) else {}


def run_peer(ctx: Context, peer: str, args: list, c_mode: str) -> ToolRuns:
    """Run a peer --repeat times; the peer writes its result file itself."""
    tr = ToolRuns(peer)
    for _ in range(ctx.args.repeat):
        if peer == "c":
            m = common.run_measured([str(ctx.c_binary), c_mode] + [str(a) for a in args],
                                    timeout=ctx.args.timeout)
        else:
            m = common.run_peer_script(f"{ctx.name}_{peer}.py", args, timeout=ctx.args.timeout)
        tr.runs.append(m)
        if not m.ok or "seconds" not in m.reported:
            why = "timed out" if m.timed_out else f"exit status {m.returncode}"
            ctx.log(f"{peer}: FAILED ({why}):\n{m.tail()}")
            ctx.failed = True
            return tr
        if tr.kernel is None or m.reported["seconds"] < tr.kernel:
            tr.kernel, tr.best = m.reported["seconds"], m
    rep = tr.reported
    extra = ""
    if "compile_s" in rep:
        extra += f", JIT compile {common.fmt_sig(rep['compile_s'])} s"
    if rep.get("threads"):
        extra += f", {rep['threads']} thread(s)"
    ctx.log(f"{peer}: kernel {common.fmt_sig(tr.kernel)} s (best of {len(tr.runs)}); load "
            f"{common.fmt_sig(rep.get('load_s'))} s, process wall {common.fmt_sig(tr.wall)} s, "
            f"peak RSS {common.fmt_mb(tr.rss)} MiB{extra}; {rep.get('library', '')}")
    return tr


def run_rampart(ctx: Context, commands: list, timed_index: int, threads=None,
                label: str = "rampart") -> ToolRuns:
    """Run one Rampart session --repeat times. The command at `timed_index` must be
    followed by the same command; the second one's Run Time is the kernel time."""
    tr = ToolRuns(label)
    if ctx.assessment is None:
        return tr
    for _ in range(ctx.args.repeat):
        s = common.rampart_session(ctx.binary, ctx.assessment, commands, threads=threads,
                                   timeout=ctx.args.timeout)
        tr.runs.append(s)
        if not s.ok:
            m = s.measurement
            why = "timed out" if m.timed_out else f"exit status {m.returncode}"
            ctx.log(f"{label}: FAILED ({why}):\n{m.tail()}")
            ctx.failed = True
            return tr
        warm, cold = common.session_times(s, timed_index)
        if tr.kernel is None or warm < tr.kernel:
            tr.kernel, tr.cold, tr.best = warm, cold, s
    if tr.kernel is not None and tr.kernel < FINE_BELOW and not ctx.args.timer_only:
        per, k = fine_time(ctx, commands[timed_index], threads, tr.kernel, tr.name)
        if per is not None:
            tr.timer_kernel, tr.kernel, tr.fine_repeats = tr.kernel, per, k
    return tr


# The shell's timer prints milliseconds (three decimals). Below this many seconds the
# kernel time is measured instead by process-wall differencing: one process runs the
# command once, another runs it 1 + K times; (difference of the wall times) / K. Each
# process is run three times and the fastest kept. The K extra runs take at least
# FINE_TARGET_S and at least FINE_WALL_SHARE times the one-run process's wall time: that
# process mostly loads the assessment, and on L its wall time varies by a tenth of a
# second or more from run to run, which K has to divide down.
FINE_BELOW = 0.05
FINE_TARGET_S = 0.5
FINE_WALL_SHARE = 3.0
FINE_MAX_REPEATS = 2000


def fine_time(ctx: Context, command: str, threads, timer_value: float, label="rampart"):
    """(seconds per run, K) by process-wall differencing; (None, 0) on failure."""

    def best_wall(reps: int):
        best = None
        for _ in range(3):
            m = common.rampart_stdin_session(ctx.binary, ctx.assessment, [command] * reps,
                                             threads=threads, timeout=ctx.args.timeout)
            if not m.ok:
                ctx.log(f"{label}: wall-clock differencing failed:\n{m.tail()}")
                return None
            best = m.wall_s if best is None else min(best, m.wall_s)
        return best

    once = best_wall(1)
    if once is None:
        return None, 0
    target = max(FINE_TARGET_S, FINE_WALL_SHARE * once)
    k = int(min(FINE_MAX_REPEATS, max(20, target / max(timer_value, 0.0002))))
    more = best_wall(1 + k)
    if more is None:
        return None, 0
    per = (more - once) / k
    return (per, k) if per > 0 else (None, 0)


def rampart_log(ctx: Context, tr: ToolRuns, what: str) -> None:
    if tr.ok:
        how = ""
        if tr.fine_repeats:
            how = (f" (wall-clock differencing over {tr.fine_repeats} extra runs; the "
                   f"timer said {common.fmt_sig(tr.timer_kernel)} s)")
        ctx.log(f"{tr.name}: {what} {common.fmt_sig(tr.kernel)} s warm{how} (best of "
                f"{len(tr.runs)}), {common.fmt_sig(tr.cold)} s cold incl. snapshot build; "
                f"process wall {common.fmt_sig(tr.wall)} s, peak RSS "
                f"{common.fmt_mb(tr.rss)} MiB")


def run_rampart_threads(ctx: Context, cmd: str, label: str = "rampart", what: str = "") -> tuple:
    """Time `cmd` (issued twice per process) with RAMPART_THREADS=1 and =2, labelled
    `label` and `label`_2t, and log both; returns the two ToolRuns."""
    runs = []
    for threads, name in ((1, label), (2, f"{label}_2t")):
        tr = run_rampart(ctx, [cmd, cmd], timed_index=0, threads=threads, label=name)
        rampart_log(ctx, tr, f"{what}RAMPART_THREADS={threads}:")
        runs.append(tr)
    return tuple(runs)


def short_command(cmd: str, limit: int = 160) -> str:
    return cmd if len(cmd) <= limit else cmd[:limit] + f" ... ({len(cmd)} characters)"


# --------------------------------------------------------------------------------------
# RESULT fields
# --------------------------------------------------------------------------------------

def time_fields(ctx: Context, rampart: ToolRuns, peers: dict, all_peers: list,
                rampart_key: str = "rampart") -> list:
    """rampart=, rampart_cold=, one <peer>= per known peer, ratio_<peer>= (peer kernel /
    Rampart kernel; above 1 means Rampart was faster)."""
    f = [(rampart_key, common.fmt_sig(rampart.kernel)),
         (rampart_key + "_cold", common.fmt_sig(rampart.cold))]
    for p in all_peers:
        f.append((p, common.fmt_sig(peers[p].kernel) if p in peers else common.NA))
    for p in all_peers:
        k = peers[p].kernel if p in peers else None
        f.append((f"ratio_{p}", common.fmt_sig(common.ratio(k, rampart.kernel))))
    return f


def wall_fields(rampart: ToolRuns, peers: dict, all_peers: list) -> list:
    f = [("wall_rampart", common.fmt_sig(rampart.wall))]
    for p in all_peers:
        f.append((f"wall_{p}", common.fmt_sig(peers[p].wall) if p in peers else common.NA))
    return f
