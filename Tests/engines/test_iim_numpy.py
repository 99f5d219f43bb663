"""The inoperability input-output model against NumPy and SciPy on random matrices."""
import numpy as np
import pytest
from scipy.linalg import expm


def write_matrix(path, a):
    n = a.shape[0]
    names = [f"s{i}" for i in range(n)]
    lines = ["," + ",".join(names)]
    for i in range(n):
        lines.append(names[i] + "," + ",".join(repr(float(v)) for v in a[i]))
    path.write_text("\n".join(lines) + "\n")
    return names


def random_stable(rng, n):
    a = rng.random((n, n)) * (rng.random((n, n)) < 0.4)
    a *= rng.uniform(0.3, 0.95) / max(np.abs(np.linalg.eigvals(a)).max(), 1e-9)
    return np.clip(a, 0, 1)


def values(result, column):
    return {row["system"]: row[column] for row in result.to_dicts()}


@pytest.mark.parametrize("seed", range(6))
def test_static_dynamic_recovery_match_numpy(db, tmp_path, seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 12))
    a = random_stable(rng, n)
    names = write_matrix(tmp_path / "a.csv", a)
    c = np.zeros(n)
    hit = rng.choice(n, size=2, replace=False)
    c[hit] = rng.uniform(0.05, 0.3, size=2)
    cspec = ", ".join(f"{names[i]}:{float(c[i])!r}" for i in hit)
    src = f"matrix={tmp_path / 'a.csv'}"

    # Spectral radius, reported in the note.
    r = db.exec(f"iim static {src} c=({cspec}) mode=linear")
    rho = float(" ".join(r.notes).split("spectral radius ")[1].split(";")[0])
    assert rho == pytest.approx(np.abs(np.linalg.eigvals(a)).max(), rel=1e-6, abs=1e-9)

    # Linear: solve then clip.
    expected = np.clip(np.linalg.solve(np.eye(n) - a, c), 0, 1)
    got = values(r, "q")
    for i, name in enumerate(names):
        assert got[name] == pytest.approx(expected[i], abs=1e-9)

    # Saturating: least fixed point of q = min(1, A q + c).
    q = np.zeros(n)
    for _ in range(100000):
        nxt = np.minimum(1, a @ q + c)
        if np.abs(nxt - q).max() < 1e-15:
            break
        q = nxt
    got = values(db.exec(f"iim static {src} c=({cspec})"), "q")
    for i, name in enumerate(names):
        assert got[name] == pytest.approx(q[i], abs=1e-9)

    # Dynamic: the published recursion and the trapezoidal impact.
    k, steps, window = 0.35, 40, (2, 9)
    q = np.zeros(n)
    path = [q]
    for t in range(1, steps):
        on = window[0] <= t <= window[1]
        q = np.clip(q + k * (a @ q + (c if on else 0) - q), 0, 1)
        path.append(q)
    path = np.array(path)
    impact = np.trapezoid(path, axis=0) if hasattr(np, "trapezoid") else np.trapz(path, axis=0)
    got = values(db.exec(f"iim dynamic {src} c=({cspec}) k={k} steps={steps} window=({window[0]}, {window[1]})"), "impact")
    for i, name in enumerate(names):
        assert got[name] == pytest.approx(impact[i], abs=1e-9)

    # Recovery: q(t) = expm(-K (I - A) t) q0.
    q0 = rng.uniform(0, 1, n)
    q0spec = ", ".join(f"{names[i]}:{float(q0[i])!r}" for i in range(n))
    r = db.exec(f"iim recovery {src} q0=({q0spec}) k=0.2 t=(0.5, 3)")
    rows = r.to_dicts()
    for t in (0.5, 3):
        expected = np.clip(expm(-0.2 * (np.eye(n) - a) * t) @ q0, 0, 1)
        got = {row["system"]: row["q"] for row in rows if row["t"] == t}
        for i, name in enumerate(names):
            assert got[name] == pytest.approx(expected[i], abs=1e-9)

    # n-th order interdependencies.
    rows = db.exec(f"iim matrix {src} order=3").to_dicts()
    cube = np.linalg.matrix_power(a, 3)
    for i, row in enumerate(rows):
        for j, name in enumerate(names):
            assert row[name] == pytest.approx(cube[i, j], abs=1e-12)


def test_unstable_matrix_is_refused(db, tmp_path):
    write_matrix(tmp_path / "u.csv", np.array([[0.0, 1.0], [1.0, 0.0]]))
    import rampart
    with pytest.raises(rampart.RangeError, match="spectral radius"):
        db.exec(f"iim static matrix={tmp_path / 'u.csv'} c=(s0:10%)")


def test_top_keeps_the_largest_and_is_checked(db, tmp_path):
    rng = np.random.default_rng(7)
    a = random_stable(rng, 9)
    write_matrix(tmp_path / "a.csv", a)
    c = np.zeros(9)
    c[[1, 4]] = [0.2, 0.1]
    q = np.clip(np.linalg.solve(np.eye(9) - a, c), 0, 1)
    src = f"matrix={tmp_path / 'a.csv'} c=(s1:20%, s4:10%) mode=linear"
    rows = db.exec(f"iim static {src} top 3").to_dicts()
    assert [r["q"] for r in rows] == pytest.approx(sorted(q, reverse=True)[:3], abs=1e-9)
    import rampart
    with pytest.raises(rampart.ParseError, match=r"top N"):
        db.exec(f"iim static {src} top zero")
    with pytest.raises(rampart.ParseError, match="usage: iim matrix"):
        db.exec(f"iim matrix {src} top 3")


@pytest.mark.parametrize("text, message", [
    (",a,a\na,0,0.1\na,0.1,0\n", "system 'a' is named twice"),
    (",a,b\nb,0,0.1\na,0.1,0\n", "same systems as the header, in the same order"),
    (",a,b\na,0,0.8\n", "same systems as the header"),
    (",a,b\na,nan,0.8\nb,0.2,0\n", "'nan' is not a number"),
    (",a,b\na,inf,0.8\nb,0.2,0\n", "'inf' is not a number"),
    (",a,b,c\na,0,0.8\nb,0.2,0\n", "3 fields, the header has 4"),
    (",\n", "a system of the header has no name"),
    ("", "has no systems"),
    (',a,b\n"a,0,0.8\n', "m.csv line 2: unterminated quoted field"),  # the CSV reader names the file
])
def test_malformed_matrix_files_are_refused(db, tmp_path, text, message):
    import rampart
    (tmp_path / "m.csv").write_text(text)
    with pytest.raises(rampart.ParseError, match=message):
        db.exec(f"iim static matrix={tmp_path / 'm.csv'} c=(a:10%)")


def test_a_system_given_twice_is_refused(db, tmp_path):
    import rampart
    write_matrix(tmp_path / "a.csv", np.array([[0.0, 0.5], [0.2, 0.0]]))
    src = f"matrix={tmp_path / 'a.csv'}"
    with pytest.raises(rampart.ParseError, match="c gives s0 twice"):
        db.exec(f"iim static {src} c=(s0:10%, s0:20%)")
    with pytest.raises(rampart.ParseError, match="k gives s1 twice"):
        db.exec(f"iim dynamic {src} c=(s0:10%) k=(s1:0.5, s1:0.2) steps=5")


def matrix_of(result):
    """{(row system, column system): value} of an `iim matrix` table."""
    out = {}
    for row in result.to_dicts():
        for col, v in row.items():
            if col != "system":
                out[(row["system"], col)] = float(v)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_matrices_from_the_graph_match_numpy(db, seed):
    """A* aggregated by sector and A* at asset level, against their definitions in NumPy:
    sector (i, j) = value-weighted share of sector i's assets' strongest dependency on sector
    j; asset (d, p) = strength of d's dependency on p; rows scaled down to sum to 0.9."""
    rng = np.random.default_rng(100 + seed)
    sectors = ["energy", "water", "ict", "transport", "health"]
    n = 30
    sector = rng.integers(0, len(sectors), size=n)
    value = rng.integers(1, 1000, size=n).astype(float)
    for i in range(n):
        db.exec(f"asset add a{i} name=A{i} sector={sectors[sector[i]]} economic_value={int(value[i])}")
    pairs = set()
    while len(pairs) < 110:
        d, p = (int(x) for x in rng.integers(0, n, size=2))
        if d != p:
            pairs.add((d, p))
    strength = {}
    for d, p in sorted(pairs):
        s = float(rng.choice([0.2, 0.35, 0.5, 0.65, 0.8, 1.0]))
        strength[(d, p)] = float(np.float32(s))  # stored as 32-bit floats
        db.exec(f"dep add a{d} a{p} kind=physical strength={s}")

    def capped(rows):
        sums = rows.sum(axis=1, keepdims=True)
        return np.where(sums > 0.9, rows * 0.9 / np.where(sums > 0, sums, 1), rows)

    a_assets = np.zeros((n, n))
    for (d, p), s in strength.items():
        a_assets[d, p] = s
    expected = capped(a_assets)
    got = matrix_of(db.exec("iim matrix from=assets"))
    for d in range(n):
        for p in range(n):
            assert got.get((f"a{d}", f"a{p}"), 0.0) == pytest.approx(expected[d, p], abs=1e-12)

    k = len(sectors)
    raw, weight = np.zeros((k, k)), np.zeros(k)
    for d in range(n):
        weight[sector[d]] += value[d]
        strongest = np.zeros(k)
        for (dd, p), s in strength.items():
            if dd == d:
                strongest[sector[p]] = max(strongest[sector[p]], s)
        raw[sector[d]] += value[d] * strongest
    expected = capped(raw / weight[:, None])
    got = matrix_of(db.exec("iim matrix from=sectors"))
    for i, si in enumerate(sectors):
        for j, sj in enumerate(sectors):
            assert got[(si, sj)] == pytest.approx(expected[i, j], abs=1e-12)
