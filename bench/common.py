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
                 env: dict | None = None) -> Measurement:
    """Run `cmd`, returning its wall-clock time and peak RSS.

    The child is reaped with os.wait4 so that the resource usage belongs to that one
    child only (RUSAGE_CHILDREN would accumulate the maximum over every child so far).
    Output goes to temporary files rather than pipes so the child can never block on a
    full pipe while we wait for it.
    """
    import tempfile

    m = Measurement(cmd=[str(c) for c in cmd])
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(m.cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        timer = None
        if timeout:
            def _kill():
                m.timed_out = True
                try:
                    proc.kill()
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
        m.rss_mb = kb / 1024.0 if sys.platform != "darwin" else kb / 2**20
        out.seek(0)
        err.seek(0)
        m.stdout = out.read().decode("utf-8", "replace")
        m.stderr = err.read().decode("utf-8", "replace")
    for line in m.stdout.splitlines():
        if line.startswith("PEER "):
            try:
                m.reported = json.loads(line[5:])
            except json.JSONDecodeError:
                pass
    return m


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
