"""The bundled demo assessment (examples/demo/demo.rampart) builds through the shell."""

import csv
import io
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo" / "demo.rampart"


@pytest.fixture(scope="module")
def demo_file(rampart_bin, env_for, tmp_path_factory):
    """Builds the demo once: returns (path of the assessment, the build's CompletedProcess)."""
    if not DEMO.is_file():
        pytest.fail(f"{DEMO} is missing", pytrace=False)
    home = tmp_path_factory.mktemp("demo-home")
    path = tmp_path_factory.mktemp("demo") / "demo.rampart"
    proc = subprocess.run([rampart_bin, "-bail", str(path)], input=DEMO.read_bytes(),
                          capture_output=True, cwd=str(path.parent), env=env_for(home), timeout=300)
    return path, proc


def test_demo_builds_without_errors(demo_file):
    path, proc = demo_file
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, f"the demo script failed:\n{stderr}"
    # Warnings (continuity checks) are allowed on stderr; errors are not.
    others = [l for l in stderr.splitlines() if l.strip() and not l.startswith("warning")]
    assert others == [], "unexpected diagnostics:\n" + "\n".join(others)
    assert path.is_file()


def test_demo_summary(demo_file, rampart_bin, env_for, tmp_path):
    path, proc = demo_file
    assert proc.returncode == 0
    summary = subprocess.run([rampart_bin, "-csv", str(path), "summary"], capture_output=True,
                             env=env_for(tmp_path), timeout=60)
    assert summary.returncode == 0, summary.stderr.decode()
    counts = {row["entity"]: int(row["count"])
              for row in csv.DictReader(io.StringIO(summary.stdout.decode()))}
    assert 150 <= counts["assets"] <= 300, counts
    assert counts["sectors"] == 11, counts
    # The demo is meant to exercise every kind of record.
    empty = [kind for kind, n in counts.items() if n == 0]
    assert empty == [], f"the demo holds no {', '.join(empty)}"


def test_readme_first_session_runs_on_the_demo(demo_file, rampart_bin, env_for, tmp_path):
    """Every command of the README's "A first session" succeeds on the demo, piped with -bail."""
    path, proc = demo_file
    assert proc.returncode == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A first session", 1)[1].split("```", 2)[1]
    commands = [line[len("rampart> "):] for line in section.splitlines() if line.startswith("rampart> ")]
    assert len(commands) >= 10, "the first session lost its commands"
    run = subprocess.run([rampart_bin, "-bail", "-readonly", str(path)], input="\n".join(commands).encode() + b"\n",
                         capture_output=True, env=env_for(tmp_path), timeout=600)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")


# Every analysis that reads numbers from the file, for the test below.
ANALYSES = """snapshot
cascade ic-tx-capital-central duration=72h by sector
explain cascade he-hosp-capital-children
criticality top 5
criticality top 5 method=reach
risk top 5
risk matrix
explain risk ps-stadium-national ramming
measure benefit
continuity gaps limit 5
rights review
plan budget=2M
priorities
path ps-stadium-national
iim static c=(energy:0.5)
simulate cascade random trials=100 seed=1
simulate annual years=50 seed=1
export json
"""



def analyses_end_without_crashing(rampart_bin, path, env, label=""):
    """Runs every analysis on `path` in one shell: each may succeed or fail, none may crash."""
    run = subprocess.run([rampart_bin, str(path)], input=ANALYSES.encode(), capture_output=True, env=env, timeout=600)
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode in (0, 1), label + stderr[-3000:]
    assert "crashed" not in stderr and "Fatal error" not in stderr, label + stderr[-3000:]


@pytest.mark.parametrize("value", [-1.0, 0.0, 5.0, 1e308, float("inf"), float("-inf")])
def test_numbers_written_by_another_program_never_crash(demo_file, rampart_bin, env_for, tmp_path, value):
    """Rampart validates every number it writes; a program editing the file directly need not.
    With every stored number of every table set to an extreme (references left alone), each
    analysis either runs or fails with an error: none crashes."""
    sqlite3 = pytest.importorskip("sqlite3")
    built, proc = demo_file
    assert proc.returncode == 0
    path = tmp_path / "edited.rampart"
    path.write_bytes(built.read_bytes())
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    edited = 0
    for table in tables:
        references = {r[3] for r in con.execute(f'PRAGMA foreign_key_list("{table}")')}
        for _, column, kind, *_ in con.execute(f'PRAGMA table_info("{table}")').fetchall():
            if kind not in ("REAL", "INTEGER") or column in references or column in ("rid", "subject"):
                continue
            stored = value if kind == "REAL" else int(max(-2**62, min(2**62, value)))
            try:
                con.execute(f'UPDATE "{table}" SET "{column}" = ?', (stored,))
                edited += 1
            except sqlite3.Error:
                pass  # a NOT NULL or STRICT type SQLite itself enforces
    con.commit()
    con.close()
    assert edited > 40
    analyses_end_without_crashing(rampart_bin, path, env_for(tmp_path))


def test_damaged_files_never_crash(demo_file, rampart_bin, env_for, tmp_path):
    """Copies of the demo with bytes overwritten at random (seeded) past the SQLite header: each
    is refused at opening or its analyses run or fail with an error; none crashes."""
    import random
    built, proc = demo_file
    assert proc.returncode == 0
    data = built.read_bytes()
    rng = random.Random(2026)
    path = tmp_path / "damaged.rampart"
    for trial in range(20):
        damaged = bytearray(data)
        for _ in range(rng.choice([1, 8, 64])):
            damaged[rng.randrange(100, len(damaged))] = rng.randrange(256)
        path.write_bytes(damaged)
        analyses_end_without_crashing(rampart_bin, path, env_for(tmp_path), f"trial {trial}: ")
