"""Checks for the synthetic infrastructure generator (run: python3 -m pytest bench)."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

N = 300
FILES = ["assets.csv", "dependencies.csv", "threats.csv", "vulnerabilities.csv"]


def _generate(out: Path, seed: int = 1, n: int = N) -> None:
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--size", str(n),
                    "--seed", str(seed), "--out", str(out), "--quiet"], check=True)


def _rows(path: Path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    a = tmp_path_factory.mktemp("gen_a")
    b = tmp_path_factory.mktemp("gen_b")
    _generate(a)
    _generate(b)
    return a, b


def test_deterministic(data):
    a, b = data
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_other_seed_differs(tmp_path, data):
    _generate(tmp_path, seed=2)
    assert (tmp_path / "dependencies.csv").read_bytes() != \
        (data[0] / "dependencies.csv").read_bytes()


def test_headers(data):
    d = data[0]
    header, _ = _rows(d / "assets.csv")
    base = ["id", "name", "sector", "lat", "lon", "population", "economic_value",
            "mtpd_h", "recovery_h"]
    assert header[:9] == base
    assert header[9:] in ([], ["kind"], ["kind", "occupancy"],
                          ["kind", "occupancy", "replacement_cost"])
    header, _ = _rows(d / "dependencies.csv")
    assert header[:5] == ["dependent", "provider", "kind", "strength", "delay_h"]
    assert header[5:] in ([], ["group"])
    assert _rows(d / "threats.csv")[0] == ["id", "name", "modality", "likelihood"]
    assert _rows(d / "vulnerabilities.csv")[0] == ["asset", "threat", "v"]


def test_assets(data):
    header, rows = _rows(data[0] / "assets.csv")
    assert len(rows) == N
    col = {h: i for i, h in enumerate(header)}
    ids = [r[col["id"]] for r in rows]
    assert len(set(ids)) == N
    assert {r[col["sector"]] for r in rows} == set(generate.SECTORS)
    for r in rows:
        assert len(r) == len(header)
        assert -90 <= float(r[col["lat"]]) <= 90 and -180 <= float(r[col["lon"]]) <= 180
        assert int(r[col["population"]]) >= 0
        assert float(r[col["mtpd_h"]]) > 0 and float(r[col["recovery_h"]]) > 0


def test_dependencies(data):
    _, assets = _rows(data[0] / "assets.csv")
    ids = {r[0] for r in assets}
    header, rows = _rows(data[0] / "dependencies.csv")
    col = {h: i for i, h in enumerate(header)}
    pairs = set()
    for r in rows:
        dep, prov = r[col["dependent"]], r[col["provider"]]
        assert dep in ids and prov in ids
        assert dep != prov
        assert (dep, prov) not in pairs
        pairs.add((dep, prov))
        assert 0 < float(r[col["strength"]]) <= 1
        assert float(r[col["delay_h"]]) >= 0
        assert r[col["kind"]] in ("physical", "cyber", "geographic", "logical")
    avg = len(rows) / len(assets)
    assert 4.0 <= avg <= 5.0, avg


def test_redundancy_groups_come_in_pairs(data):
    header, rows = _rows(data[0] / "dependencies.csv")
    col = {h: i for i, h in enumerate(header)}
    groups = {}
    for r in rows:
        if r[col["group"]]:
            key = (r[col["dependent"]], r[col["group"]])
            groups[key] = groups.get(key, 0) + 1
    assert groups, "expected some redundancy groups"
    assert all(c >= 2 for c in groups.values())
    hospitals_on_grid = {d for (d, g) in groups if d.startswith("he-hosp-") and g == "grid"}
    assert hospitals_on_grid


def test_threats_and_vulnerabilities(data):
    _, assets = _rows(data[0] / "assets.csv")
    ids = {r[0] for r in assets}
    _, threats = _rows(data[0] / "threats.csv")
    tids = {r[0] for r in threats}
    assert len(tids) == len(threats)
    _, vulns = _rows(data[0] / "vulnerabilities.csv")
    assert 0 < len(vulns) < len(assets)
    assert len({(a, t) for a, t, _ in vulns}) == len(vulns)
    for a, t, v in vulns:
        assert a in ids and t in tids and 0 < float(v) < 1


def test_too_small_is_rejected(tmp_path):
    proc = subprocess.run([sys.executable, str(BENCH / "generate.py"), "--size", "50",
                           "--out", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode != 0
