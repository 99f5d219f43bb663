"""Shared plumbing for the benchmark runner: paths, data sets, measured subprocesses,
best-of-N selection and RESULT-line formatting. Workload modules build on this."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".data"
PEERS_DIR = BENCH_DIR / "peers"
DEFAULT_RAMPART = REPO_ROOT / "build" / "bin" / "rampart"

sys.path.insert(0, str(BENCH_DIR))
import generate  # noqa: E402  (the generator lives next to this file)


# --------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------

NA = "NA"


def fmt_sig(x, digits: int = 3) -> str:
    """Fixed-point text with `digits` significant digits (0.0123, 1.23, 45.6, 789)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return NA
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))
    return f"{x:.{decimals}f}"


def fmt_mb(x) -> str:
    return NA if x is None else f"{x:.1f}"


def ratio(peer_seconds, rampart_seconds):
    if peer_seconds is None or not rampart_seconds:
        return None
    return peer_seconds / rampart_seconds


@dataclass
class WorkloadResult:
    line: str            # the RESULT line
    failed: bool = False  # some tool that should have run did not finish cleanly


def result_line(workload: str, size: str, fields: list[tuple[str, str]]) -> str:
    """`RESULT <workload> <size> key=value ...` — values are already formatted text."""
    return " ".join(["RESULT", workload, str(size)] + [f"{k}={v}" for k, v in fields])


# --------------------------------------------------------------------------------------
# Measured subprocesses
# --------------------------------------------------------------------------------------

@dataclass
class Measurement:
    cmd: list
    returncode: int | None = None
    wall_s: float | None = None          # wall clock of the whole child process
    rss_mb: float | None = None          # peak RSS of the child (and its reaped children)
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    reported: dict = field(default_factory=dict)   # parsed `PEER {...}` line, if any

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def tail(self, lines: int = 5) -> str:
        text = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return "\n".join(text[-lines:])


def run_measured(cmd: list, cwd=None, timeout: float | None = None,
                 env: dict | None = None, stdin_path=None) -> Measurement:
    """Run `cmd`, returning its wall-clock time and peak RSS.

    The child is started through the small `measure` launcher (peers/c/measure.c) when a
    C compiler is available: Linux folds the high-water RSS of the address space a
    process replaces at exec into its ru_maxrss, so a child spawned straight from this
    runner -- which may hold hundreds of MiB of results -- would be charged with the
    runner's size. The launcher forks the command from a tiny process and reports the
    command's own ru_maxrss. Without a compiler the child is reaped here with os.wait4
    (per child, not RUSAGE_CHILDREN), and its RSS may then include the runner's.
    Output goes to temporary files rather than pipes so the child can never block on a
    full pipe while we wait for it. Standard input is empty unless `stdin_path` is given.
    """
    import signal
    import tempfile

    m = Measurement(cmd=[str(c) for c in cmd])
    launcher = measure_launcher()
    report = None
    argv = m.cmd
    if launcher is not None:
        fd, report = tempfile.mkstemp(prefix="rss-", suffix=".txt")
        os.close(fd)
        argv = [str(launcher), report] + m.cmd
    try:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
                open(stdin_path or os.devnull, "rb") as inp:
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err,
                                    stdin=inp, start_new_session=True)
            timer = None
            if timeout:
                def _kill():
                    m.timed_out = True
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)   # the launcher and its child
                    except ProcessLookupError:
                        pass
                timer = threading.Timer(timeout, _kill)
                timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                if timer:
                    timer.cancel()
            m.wall_s = time.perf_counter() - t0
            m.returncode = os.waitstatus_to_exitcode(status)
            proc.returncode = m.returncode   # tell Popen the child is already reaped
            kb = usage.ru_maxrss
            if report is not None:
                try:
                    fields = Path(report).read_text().split()
                    kb = int(fields[1])
                except (OSError, ValueError, IndexError):
                    kb = None
            if kb is not None:
                m.rss_mb = kb / 1024.0 if sys.platform != "darwin" else kb / 2**20
            out.seek(0)
            err.seek(0)
            m.stdout = out.read().decode("utf-8", "replace")
            m.stderr = err.read().decode("utf-8", "replace")
    finally:
        if report is not None:
            Path(report).unlink(missing_ok=True)
    for line in m.stdout.splitlines():
        if line.startswith("PEER "):
            try:
                m.reported = json.loads(line[5:])
            except json.JSONDecodeError:
                pass
    return m


_LAUNCHER: list = []   # [Path | None] once looked up


def measure_launcher() -> Path | None:
    """The compiled `measure` launcher (see run_measured), or None without a compiler."""
    if not _LAUNCHER:
        if sys.platform.startswith("linux"):
            _LAUNCHER.append(compile_c(PEERS_DIR / "c" / "measure.c", "measure", log=None))
        else:
            _LAUNCHER.append(None)
    return _LAUNCHER[0]


def best(measurements: list[Measurement], key) -> Measurement | None:
    """The successful measurement with the smallest key(m), or None."""
    good = [m for m in measurements if m.ok and key(m) is not None]
    return min(good, key=key) if good else None


def peak_rss(measurements: list[Measurement]) -> float | None:
    vals = [m.rss_mb for m in measurements if m.ok and m.rss_mb is not None]
    return max(vals) if vals else None


def run_peer_script(script: str, args: list, timeout=None) -> Measurement:
    """Run bench/peers/<script> with the same interpreter as the runner."""
    return run_measured([sys.executable, str(PEERS_DIR / script)] + [str(a) for a in args],
                        timeout=timeout)


# --------------------------------------------------------------------------------------
# Data sets
# --------------------------------------------------------------------------------------

@dataclass
class Dataset:
    directory: Path
    size_label: str
    assets: Path
    deps: Path
    threats: Path
    vulns: Path
    info: dict

    def describe(self) -> str:
        mb = sum(p.stat().st_size for p in (self.assets, self.deps, self.threats, self.vulns)
                 if p.exists()) / 2**20
        n = self.info.get("assets")
        e = self.info.get("dependencies")
        counts = f"{n:,} assets, {e:,} dependencies; " if n and e else ""
        return f"{self.directory} ({counts}{mb:.1f} MiB)"


MARKER = ".complete"


def size_label(text: str) -> str:
    """Canonical size label (S, M, L or the asset count); ValueError when invalid."""
    t = str(text).strip()
    if t.upper() in generate.SIZES:
        return t.upper()
    n = generate.parse_size(t)
    if n < generate.MIN_ASSETS:
        raise ValueError(f"size must be at least {generate.MIN_ASSETS} assets")
    return str(n)


def _dataset(directory: Path, label: str, info: dict) -> Dataset:
    return Dataset(directory, label, directory / "assets.csv", directory / "dependencies.csv",
                   directory / "threats.csv", directory / "vulnerabilities.csv", info)


def ensure_dataset(size: str, seed: int = 1, data_dir: str | None = None,
                   log=print) -> Dataset:
    """Return a data set for `size`, generating it when it is missing or stale.

    Without `data_dir` the data lives in bench/.data/<size>-seed<seed>/, tagged with a
    marker recording the generator version, size and seed. With `data_dir`, existing
    CSV files there are used as they are; if they are absent they are generated there.
    """
    label = size_label(size)
    n = generate.parse_size(size)
    want = {"version": generate.GENERATOR_VERSION, "assets": n, "seed": seed}
    if data_dir:
        directory = Path(data_dir).resolve()
        if (directory / "assets.csv").exists() and (directory / "dependencies.csv").exists():
            info = _read_marker(directory) or {}
            return _dataset(directory, label, info)
    else:
        directory = CACHE_DIR / f"{label}-seed{seed}"
        info = _read_marker(directory)
        if info and all(info.get(k) == v for k, v in want.items()):
            return _dataset(directory, label, info)

    log(f"generating {label} ({n:,} assets, seed {seed}) into {directory} ...")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).unlink(missing_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(BENCH_DIR / "generate.py"), "--size", str(n),
                           "--seed", str(seed), "--out", str(directory), "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"generator failed:\n{proc.stderr.strip()}")
    elapsed = time.perf_counter() - t0
    deps_lines = _count_lines(directory / "dependencies.csv") - 1
    info = dict(want, dependencies=deps_lines, generate_s=round(elapsed, 3))
    (directory / MARKER).write_text(json.dumps(info, sort_keys=True) + "\n")
    log(f"generated in {elapsed:.1f}s")
    return _dataset(directory, label, info)


def _read_marker(directory: Path) -> dict | None:
    try:
        return json.loads((directory / MARKER).read_text())
    except (OSError, ValueError):
        return None


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            count += chunk.count(b"\n")
    return count


# --------------------------------------------------------------------------------------
# Rampart helpers
# --------------------------------------------------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_.:-]+$")


def command_arg(text: str) -> str:
    """Quote a value for the Rampart command language unless it is a bare word."""
    if _BARE.match(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def resolve_rampart(path: str | None) -> Path:
    """--rampart is taken relative to the current directory; the default relative to
    the repository root."""
    return Path(path).resolve() if path else DEFAULT_RAMPART


def fresh_file(path: Path) -> None:
    """Delete an assessment file and any journal files a store might keep beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


# --------------------------------------------------------------------------------------
# Derived inputs for the analysis workloads (cascade, criticality, Monte Carlo, IIM)
# --------------------------------------------------------------------------------------

RUNS_DIR = CACHE_DIR / "runs"
BIN_DIR = CACHE_DIR / "bin"
NOGROUPS_NAME = "dependencies_nogroups.csv"


def have_binary(binary: Path) -> bool:
    return binary.is_file() and bool(binary.stat().st_mode & 0o111)


def _newer(target: Path, *sources: Path) -> bool:
    """True when `target` exists and is at least as new as every source."""
    if not target.exists():
        return False
    t = target.stat().st_mtime
    return all(t >= s.stat().st_mtime for s in sources if s.exists())


def nogroups_csv(ds: Dataset, log=print) -> Path:
    """dependencies.csv without its `group` column, written next to the data.

    Redundancy groups change the cascade rule (a dependent falls only when every provider
    of the group has fallen). The graph peers have no such notion, so the analysis
    workloads compare everybody on this group-free copy.
    """
    out = ds.directory / NOGROUPS_NAME
    if _newer(out, ds.deps):
        return out
    t0 = time.perf_counter()
    tmp = out.with_suffix(".tmp")
    with open(ds.deps, "r", encoding="utf-8", newline="") as src, \
            open(tmp, "w", encoding="utf-8", newline="") as dst:
        header = src.readline().rstrip("\r\n").split(",")
        if "group" not in header:
            # Already group-free: copy as it is.
            dst.write(",".join(header) + "\n")
            for line in src:
                dst.write(line)
        else:
            gi = header.index("group")
            dst.write(",".join(h for i, h in enumerate(header) if i != gi) + "\n")
            # Dependency rows hold ids, a kind word and numbers: no quoted fields.
            for line in src:
                f = line.rstrip("\r\n").split(",")
                del f[gi]
                dst.write(",".join(f) + "\n")
    tmp.replace(out)
    log(f"wrote {out.name} (group column removed) in {time.perf_counter() - t0:.1f}s")
    return out


def assessment_file(binary: Path, ds: Dataset, variant: str, log=print,
                    timeout=None) -> Path:
    """An assessment file holding the data set: `import` (dependencies.csv, shared with
    the import workload) or `nogroups` (dependencies_nogroups.csv). Built when missing or
    older than its CSV files; reused otherwise. Cached data sets keep it in
    bench/.data/runs/<variant>-<size>.rampart, --data directories next to the CSVs."""
    deps = ds.deps if variant == "import" else nogroups_csv(ds, log)
    if CACHE_DIR in ds.directory.parents:
        RUNS_DIR.mkdir(parents=True, exist_ok=True)
        path = RUNS_DIR / f"{variant}-{ds.size_label}.rampart"
    else:
        # data given with --data: keep the assessment next to it, so that two data
        # directories of the same size never share one file
        path = ds.directory / f"{variant}.rampart"
    if _newer(path, ds.assets, deps):
        return path
    log(f"building assessment {path.name} from {ds.assets.name} + {deps.name} ...")
    fresh_file(path)
    cmd = [str(binary), "-batch", "-bail", str(path),
           f"import assets {command_arg(ds.assets.name)}",
           f"import deps {command_arg(deps.name)}", "snapshot"]
    m = run_measured(cmd, cwd=ds.directory, timeout=timeout)
    if not m.ok:
        fresh_file(path)
        raise RuntimeError(f"building {path.name} failed:\n{m.tail()}")
    log(f"built {path.name} in {m.wall_s:.1f}s")
    return path


@dataclass
class Session:
    """One Rampart process running a list of commands with `.timer on`."""
    measurement: Measurement
    blocks: list            # [(output text, Run Time seconds)] in command order

    @property
    def ok(self) -> bool:
        return self.measurement.ok and len(self.blocks) > 0


_RUN_TIME = re.compile(r"^Run Time: ([0-9.eE+-]+) s")


def rampart_session(binary: Path, assessment: Path, commands: list, threads=None,
                    timeout=None) -> Session:
    """Run `commands` in one read-only batch process (CSV output, timer on).

    Every command's output ends with the timer's `Run Time: X s` line, which is how the
    output is split into one block per command. With `threads`, RAMPART_THREADS is set.
    """
    env = dict(os.environ)
    if threads:
        env["RAMPART_THREADS"] = str(threads)
    else:
        env.pop("RAMPART_THREADS", None)
    cmd = [str(binary), "-batch", "-bail", "-csv", "-readonly", str(assessment),
           ".timer on"] + list(commands)
    m = run_measured(cmd, timeout=timeout, env=env)
    blocks, lines = [], []
    for line in m.stdout.splitlines():
        hit = _RUN_TIME.match(line)
        if hit:
            blocks.append(("\n".join(lines), float(hit.group(1))))
            lines = []
        else:
            lines.append(line)
    if m.ok and len(blocks) != len(commands):
        m.returncode = -1
        m.stderr += (f"\nexpected {len(commands)} timed outputs, found {len(blocks)}")
    return Session(m, blocks)


def csv_rows(text: str) -> list[dict]:
    """Rows of a CSV block printed by Rampart (first line is the header)."""
    import csv
    import io
    return list(csv.DictReader(io.StringIO(text)))


def session_times(s: Session, index: int):
    """(warm, cold) Run Time of a command that was issued twice in a row, at `index`
    (cold) and `index + 1` (warm)."""
    if not s.ok or len(s.blocks) <= index + 1:
        return None, None
    return s.blocks[index + 1][1], s.blocks[index][1]


# --------------------------------------------------------------------------------------
# The C peer
# --------------------------------------------------------------------------------------

C_SOURCE = PEERS_DIR / "c" / "rampart_peer.c"


def compile_c(source: Path, name: str, log=print) -> Path | None:
    """Compile `source` with `cc -O2 -std=c11` into bench/.data/bin/<name> (cached while
    newer than the source); None when there is no compiler or compiling fails."""
    import shutil
    BIN_DIR.mkdir(parents=True, exist_ok=True)
    out = BIN_DIR / name
    if _newer(out, source):
        return out
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        if log:
            log(f"no C compiler (cc) found -- cannot build {source.name}")
        return None
    tmp = out.with_name(out.name + ".tmp")
    proc = subprocess.run([cc, "-O2", "-std=c11", "-o", str(tmp), str(source), "-lm"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        if log:
            log(f"compiling {source.name} failed:\n{proc.stderr.strip()}")
        return None
    tmp.replace(out)
    if log:
        log(f"compiled {source.name} with `{Path(cc).name} -O2 -std=c11`")
    return out


def c_peer_binary(log=print) -> Path | None:
    """The C peer, bench/peers/c/rampart_peer.c compiled with `cc -O2`."""
    return compile_c(C_SOURCE, "rampart_peer", log=log)


def run_peer(peer: str, script_or_binary, args: list, timeout=None) -> Measurement:
    """Run one peer: the C peer binary directly, any other peer as a Python script."""
    if peer == "c":
        return run_measured([str(script_or_binary)] + [str(a) for a in args], timeout=timeout)
    return run_peer_script(script_or_binary, args, timeout=timeout)


def sample_ids(ids: list, count: int, seed: int, salt: int) -> list:
    """`count` distinct ids drawn with a seeded generator, in file order."""
    import numpy as np
    rng = np.random.default_rng([seed, salt])
    k = min(count, len(ids))
    pick = np.sort(rng.choice(len(ids), size=k, replace=False))
    return [ids[i] for i in pick]


def read_asset_table(path: Path):
    """(ids, sector, population, economic_value) columns of assets.csv, in file order."""
    import pandas as pd
    a = pd.read_csv(path, usecols=["id", "sector", "population", "economic_value"],
                    dtype={"id": str, "sector": str})
    return (a["id"].tolist(), a["sector"].tolist(), a["population"].to_numpy(),
            a["economic_value"].to_numpy())


def rampart_stdin_session(binary: Path, assessment: Path, commands: list, threads=None,
                          timeout=None) -> Measurement:
    """Run `commands` (one a line on standard input) in one read-only batch process,
    timer off; for process-wall measurements of many repeated commands."""
    import tempfile
    env = dict(os.environ)
    if threads:
        env["RAMPART_THREADS"] = str(threads)
    else:
        env.pop("RAMPART_THREADS", None)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("".join(c + "\n" for c in commands))
        script = fh.name
    try:
        return run_measured([str(binary), "-batch", "-bail", "-csv", "-readonly",
                             str(assessment)], timeout=timeout, env=env, stdin_path=script)
    finally:
        os.unlink(script)
