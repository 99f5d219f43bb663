"""Continuity (eRTC) and risk (T x V x C with cascading disruption) against plain Python
reference implementations on random assessments."""
import math
import random

import networkx as nx
import pytest

THRESHOLD = 0.5


def random_assessment(db, rng, n, groups=True):
    assets = []
    lines = ["settings set person_hour_value=3 vsl=2M vsi=100k"]
    for i in range(n):
        a = dict(id=f"a{i}", recovery=rng.choice([2, 6, 12, 24, 48, 96]), population=rng.randint(0, 5000),
                 occupancy=rng.randint(0, 300), econ=rng.randint(0, 100) * 1000, replacement=rng.randint(1, 50) * 100000)
        assets.append(a)
        lines.append(f"asset add a{i} sector=energy recovery={a['recovery']}h population={a['population']} "
                     f"occupancy={a['occupancy']} economic_value={a['econ']} replacement_cost={a['replacement']}")
    edges = {}
    while len(edges) < 2 * n:
        d, p = rng.randrange(n), rng.randrange(n)
        if d != p and (d, p) not in edges:
            edges[(d, p)] = dict(strength=rng.choice([0.3, 0.6, 1.0]), delay=rng.choice([0, 0, 4, 12, 30]),
                                 group=(f"g{d}" if groups and rng.random() < 0.3 else None))
    for (d, p), e in edges.items():
        g = f" group={e['group']}" if e["group"] else ""
        lines.append(f"dep add a{d} -> a{p} strength={e['strength']} delay={e['delay']}h{g}")
    db.exec("\n".join(lines))
    return assets, edges


def requirements(n, edges):
    """Per dependent: a list of requirements, each a list of (provider, delay)."""
    reqs = {d: [] for d in range(n)}
    grouped = {}
    for (d, p), e in sorted(edges.items()):
        if e["strength"] < THRESHOLD:
            continue
        if e["group"]:
            grouped.setdefault((d, e["group"]), []).append((p, e["delay"]))
        else:
            reqs[d].append([(p, e["delay"])])
    for (d, _), members in grouped.items():
        reqs[d].append(members)
    return reqs


@pytest.mark.parametrize("seed", range(5))
def test_ertc_matches_fixed_point(db, seed):
    rng = random.Random(seed)
    n = rng.randint(10, 60)
    assets, edges = random_assessment(db, rng, n)
    reqs = requirements(n, edges)
    e = [a["recovery"] for a in assets]
    changed = True
    while changed:
        changed = False
        for d in range(n):
            for r in reqs[d]:
                t = min(e[p] if e[p] > delay else 0 for p, delay in r)
                if t > e[d]:
                    e[d] = t
                    changed = True
    got = {row["asset"]: row["ertc"] for row in db.exec("continuity").to_dicts()}
    for i in range(n):
        assert got[f"a{i}"] == pytest.approx(e[i])


@pytest.mark.parametrize("seed", range(5))
def test_risk_matches_formula_with_networkx_cascades(db, seed):
    rng = random.Random(100 + seed)
    n = rng.randint(10, 50)
    assets, edges = random_assessment(db, rng, n, groups=False)
    db.exec("threat add t modality=vbied frequency=0.3/yr fatality_rate=2% injury_rate=6% damage=40% outage_factor=1.5")
    pairs = {}
    for i in rng.sample(range(n), min(n, 8)):
        v = rng.choice([0.1, 0.35, 0.8])
        pairs[i] = v
        db.exec(f"vuln add a{i} t v={v}")
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for (d, p), e in edges.items():
        if e["strength"] >= THRESHOLD:
            g.add_edge(p, d, weight=e["delay"])
    got = {row["asset"]: row for row in db.exec("risk").to_dicts()}
    for i, v in pairs.items():
        a = assets[i]
        outage = a["recovery"] * 1.5
        dist = nx.single_source_dijkstra_path_length(g, i, weight="weight")
        disruption = 0.0
        for j, t in dist.items():
            if t < outage:
                h = outage - t
                disruption += assets[j]["population"] * h * 3 + assets[j]["econ"] * h / 24
        c = a["occupancy"] * 0.02 * 2e6 + a["occupancy"] * 0.06 * 1e5 + a["replacement"] * 0.4 + disruption
        lam = 0.3 * v
        row = got[f"a{i}"]
        assert row["consequence"] == pytest.approx(c, rel=1e-9)
        assert row["eal"] == pytest.approx(lam * c, rel=1e-9)
        assert row["probability"] == pytest.approx(1 - math.exp(-lam), rel=1e-12)


def test_plan_priorities_and_rights_through_the_binding(db):
    db.exec("""
    asset add s sector=public-spaces occupancy=20000 replacement_cost=50M recovery=10d
    threat add ram modality=ramming frequency=0.2/yr fatality_rate=1% injury_rate=4% damage=5%
    vuln add s ram v=50%
    measure add bollards from hvm-perimeter capex=800k lifetime=20 owner="City" rights=()
    application add bollards s
    measure add cctv capex=100k rights=(privacy)
    effect add cctv vulnerability any reduction=10%
    application add cctv s
    """)
    plan = db.exec("plan budget=1M")
    assert [r["measure"] for r in plan.to_dicts()] == ["bollards"]
    review = {r["measure"]: r for r in db.exec("rights review").to_dicts()}
    assert review["cctv"]["gate"] == "incomplete"
    import rampart
    with pytest.raises(rampart.ConstraintError, match="cannot be approved"):
        db.exec("measure set cctv status=approved")
    sections = {r["section"] for r in db.exec("priorities budget=1M").to_dicts()}
    assert {"top risk", "critical asset", "rights", "plan"} <= sections


def test_priorities_quote_durations_in_their_own_units(db):
    # The gaps' columns share a unit (hours, for the 9h excess); a sentence quotes each value in its own.
    db.exec("""
    asset add long-haul sector=energy recovery=30d mtpd=3d
    asset add short-haul sector=energy recovery=10h mtpd=1h
    """)
    gaps = {r["asset"]: r for r in db.exec("continuity gaps").to_dicts()}
    assert gaps["long-haul"]["excess"] == 27 * 24
    rows = db.exec("priorities").to_dicts()
    details = [r["detail"] for r in rows if r["section"] == "continuity"]
    assert "MTPD 3d exceeded by 27d: long-haul" in details
    assert "MTPD 1h exceeded by 9h: short-haul" in details
    # A count of one takes the singular.
    assert "disruption if lost for 30d; 1 asset goes down" in [r["detail"] for r in rows]
