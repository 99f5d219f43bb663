"""Agreement checks for the analysis workloads on a ~300-asset data set
(run: python3 -m pytest bench/test_workloads.py).

W2 (cascade) and W3 (criticality) are run through the runner with Rampart and the
pure-Python NetworkX peer; the workload itself fails (exit status 1, agree=no) when the
affected sets or the reach counts differ. Skipped when the Rampart binary is absent:
set RAMPART_BIN to point at it (default: build/bin/rampart under the repository root).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import common  # noqa: E402

N = 300


def _binary() -> Path:
    env = os.environ.get("RAMPART_BIN")
    return Path(env).resolve() if env else common.DEFAULT_RAMPART


def _have_networkx() -> bool:
    try:
        import networkx  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(not common.have_binary(_binary()),
                       reason=f"Rampart binary not found at {_binary()} "
                              f"(build it or set RAMPART_BIN)"),
    pytest.mark.skipif(not _have_networkx(), reason="networkx/pandas not installed"),
]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("w_data")
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--size", str(N),
                    "--seed", "7", "--out", str(d), "--quiet"], check=True)
    return d


def _run(workload: str, data: Path, *extra) -> str:
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), workload,
                           "--size", str(N), "--data", str(data), "--rampart", str(_binary()),
                           "--peers", "networkx", "--timer-only", *extra],
                          capture_output=True, text=True, timeout=120)
    out = proc.stdout
    result = [line for line in out.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0, out + proc.stderr
    assert len(result) == 1, out
    return result[0]


def _field(line: str, key: str) -> str:
    for part in line.split():
        if part.startswith(key + "="):
            return part.split("=", 1)[1]
    raise KeyError(key)


def test_cascade_agrees(data):
    line = _run("cascade", data)
    assert _field(line, "agree") == "yes", line
    assert int(_field(line, "affected")) > 1, line
    assert _field(line, "rampart") != "NA" and _field(line, "networkx") != "NA", line


def test_criticality_agrees(data):
    line = _run("criticality", data, "--samples", "100")
    assert _field(line, "agree") == "yes", line
    assert int(_field(line, "sum_affected")) >= 100, line
