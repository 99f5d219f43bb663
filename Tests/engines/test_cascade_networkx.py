"""The cascade engine against NetworkX on graphs without redundancy groups.

Without groups, every asset's outage under one shared window [0, T) starts at the shortest
delay-weighted distance from the initiating assets over critical dependencies (strength at or
above the threshold), provided that distance is below T; NetworkX's multi-source Dijkstra
computes exactly that.
"""
import random

import networkx as nx
import rampart
import pytest

THRESHOLD = 0.5


def build(db, rng, n, m):
    """Adds n assets and m random dependencies (cycles included) and returns the edge list."""
    lines = [f"asset add a{i} sector=energy population={rng.randint(0, 5000)} recovery=24h" for i in range(n)]
    edges = set()
    while len(edges) < m:
        d, p = rng.randrange(n), rng.randrange(n)
        if d != p:
            edges.add((d, p))
    out = []
    for d, p in sorted(edges):
        strength = rng.choice([0.2, 0.5, 0.8, 1.0])
        delay = rng.choice([0, 0, 1, 6, 12, 30, 48])
        lines.append(f"dep add a{d} -> a{p} strength={strength} delay={delay}h")
        out.append((d, p, strength, delay))
    db.exec("\n".join(lines))
    return out


def networkx_windows(n, edges, sources, duration):
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for d, p, strength, delay in edges:
        if strength >= THRESHOLD:
            g.add_edge(p, d, weight=delay)
    dist = nx.multi_source_dijkstra_path_length(g, sources, weight="weight")
    return {node: t for node, t in dist.items() if t < duration}


@pytest.mark.parametrize("seed", range(8))
def test_cascade_matches_networkx(db, seed):
    rng = random.Random(seed)
    n = rng.randint(20, 150)
    edges = build(db, rng, n, rng.randint(n, 4 * n))
    sources = rng.sample(range(n), rng.randint(1, 3))
    duration = rng.choice([24, 72])
    expected = networkx_windows(n, edges, sources, duration)
    ids = " ".join(f"a{s}" for s in sources)
    r = db.exec(f"cascade {ids} duration={duration}h")
    got = {int(row["asset"][1:]): row for row in r.to_dicts()}
    assert set(got) == set(expected)
    for node, t in expected.items():
        assert got[node]["down"] == pytest.approx(t)
        assert got[node]["up"] == pytest.approx(duration)
        assert got[node]["outage"] == pytest.approx(duration - t)


def test_disruption_and_person_hours(db):
    db.exec("""
    settings set person_hour_value=10
    asset add plant sector=energy population=1000 economic_value=240k recovery=10h
    asset add town sector=water population=500 economic_value=48k
    dep add town -> plant delay=4h
    """)
    rows = {r["asset"]: r for r in db.exec("cascade plant").to_dicts()}
    # The plant is out 10 h (its recovery); the town from 4 h to 10 h.
    assert rows["plant"]["person_hours"] == pytest.approx(10_000)
    assert rows["plant"]["disruption"] == pytest.approx(10_000 * 10 + 240_000 * 10 / 24)
    assert rows["town"]["down"] == pytest.approx(4)
    assert rows["town"]["disruption"] == pytest.approx(500 * 6 * 10 + 48_000 * 6 / 24)
    by_sector = {r["sector"]: r for r in db.exec("cascade plant by sector").to_dicts()}
    assert by_sector["water"]["assets"] == 1
    assert by_sector["energy"]["disruption"] == pytest.approx(rows["plant"]["disruption"])


@pytest.mark.parametrize("seed", range(6))
def test_reach_matches_networkx_descendants(db, seed):
    """`criticality method=reach`: the assets reachable over critical dependencies, itself
    included, and the people they serve (time plays no part)."""
    rng = random.Random(100 + seed)
    n = rng.randint(30, 200)
    edges = build(db, rng, n, rng.randint(n, 4 * n))
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from((p, d) for d, p, strength, _ in edges if strength >= THRESHOLD)
    population = {int(r["id"][1:]): r["population"] for r in db.exec("asset list").to_dicts()}
    rows = db.exec("criticality method=reach").to_dicts()
    assert len(rows) == n
    for row in rows:
        a = int(row["asset"][1:])
        reach = nx.descendants(g, a) | {a}
        assert row["affected"] == len(reach)
        assert row["population"] == pytest.approx(sum(population[v] for v in reach))
    # Ranked by population, then by assets reached.
    keys = [(r["population"], r["affected"]) for r in rows]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize("seed", range(3))
def test_reach_of_named_assets_and_top_rows(db, seed):
    """Naming assets by id (looked up in the snapshot's index, not in SQL) selects the same
    rows as any other filter that picks them, ids that name nothing match nothing, and
    `top N` is the first N rows of the full ranking."""
    rng = random.Random(300 + seed)
    n = rng.randint(40, 150)
    build(db, rng, n, rng.randint(n, 4 * n))
    full = db.exec("criticality method=reach").to_dicts()
    named = rng.sample(range(n), rng.randint(1, n // 2))
    ids = ", ".join(f"a{v}" for v in named) + ", nosuchasset"
    by_id = db.exec(f"criticality method=reach where id in ({ids})").to_dicts()
    # The same ids through SQL: the `and` makes the filter more than a list of ids.
    by_sql = db.exec(f"criticality method=reach where id in ({ids}) and population >= 0").to_dicts()
    assert by_id == by_sql
    assert {r["asset"] for r in by_id} == {f"a{v}" for v in named}
    one = db.exec(f"criticality method=reach where id = a{named[0]}").to_dicts()
    assert [(r["asset"], r["affected"]) for r in one] == [(r["asset"], r["affected"]) for r in by_id if r["asset"] == f"a{named[0]}"]
    assert db.exec("criticality method=reach where id = nosuchasset").to_dicts() == []
    for k in (1, 3, n // 2, n, n + 5):
        assert db.exec(f"criticality method=reach top {k}").to_dicts() == full[:k]


def test_cascade_names_the_requirement_that_brought_each_asset_down(db):
    """The cause column: "initiating", the provider of a requirement of one dependency, or the
    redundancy group with its providers."""
    db.exec("asset add plant sector=energy recovery=10h\nasset add line1 sector=energy\n"
            "asset add line2 sector=energy\nasset add town sector=water\n"
            "dep add line1 -> plant strength=1\ndep add line2 -> plant strength=1\n"
            "dep add town -> line1 strength=1 group=feed\ndep add town -> line2 strength=1 group=feed")
    causes = {r["asset"]: r["cause"] for r in db.exec("cascade plant").to_dicts()}
    assert causes == {"plant": "initiating", "line1": "plant", "line2": "plant", "town": "group feed (line1, line2)"}


def test_criticality_options_are_checked(db):
    db.exec("asset add a sector=energy\nasset add b sector=water\ndep add b -> a")
    with pytest.raises(rampart.ParseError, match="method=reach ignores time"):
        db.exec("criticality method=reach duration=2h")
    with pytest.raises(rampart.ParseError, match="exact, estimate or reach.*reach"):
        db.exec("criticality method=reahc")
    with pytest.raises(rampart.ParseError, match="no option 'top_n'"):
        db.exec("criticality method=reach top_n=3")
    assert [r["asset"] for r in db.exec("criticality method=reach top 1").to_dicts()] == ["a"]


def test_simulation_reach_mode_is_checked_and_counts_people_only(db):
    db.exec("asset add a sector=energy population=10\nasset add b sector=water population=5\n"
            "dep add b -> a strength=1")
    with pytest.raises(rampart.ParseError, match="method=reach ignores time"):
        db.exec("simulate cascade a trials=10 seed=1 method=reach duration=2h")
    with pytest.raises(rampart.ParseError, match="cascade or reach.*reach"):
        db.exec("simulate cascade a trials=10 seed=1 method=rech")
    rows = {r["measure"]: r for r in db.exec("simulate cascade a trials=10 seed=1 method=reach").to_dicts()}
    assert set(rows) == {"affected assets", "affected population"}
    assert rows["affected population"]["mean"] == 15
    by_trial = db.exec("simulate cascade a trials=3 seed=1 method=reach by trial").to_dicts()
    assert [set(r) for r in by_trial] == [{"trial", "initiating", "affected", "population"}] * 3
    hits = {r["asset"]: r["hits"] for r in db.exec("simulate cascade a trials=4 seed=1 method=reach by asset").to_dicts()}
    assert hits == {"a": 4, "b": 4}


def test_cascade_follows_changes_between_commands(db):
    """The session keeps a cascade workspace between commands; edits and the threshold must
    still show in the next cascade."""
    db.exec("asset add a sector=energy recovery=10h\nasset add b sector=water\nasset add c sector=health\n"
            "dep add b -> a strength=0.6")
    assert {r["asset"] for r in db.exec("cascade a").to_dicts()} == {"a", "b"}
    db.exec("dep add c -> b strength=0.9")
    assert {r["asset"] for r in db.exec("cascade a").to_dicts()} == {"a", "b", "c"}
    db.exec("settings set cascade_threshold=70%")
    assert {r["asset"] for r in db.exec("cascade a").to_dicts()} == {"a"}
    db.exec("asset add d sector=energy\ndep add d -> a strength=1")
    assert {r["asset"] for r in db.exec("cascade a").to_dicts()} == {"a", "d"}


@pytest.mark.parametrize("seed", range(4))
def test_by_sector_sums_the_listing(db, seed):
    """`cascade … by sector` gives, per sector, the count and the sums of the full listing's
    person-hours and disruption, with sectors in runs of assets as real numbering has them."""
    rng = random.Random(50 + seed)
    n = rng.randint(40, 150)
    build(db, rng, n, rng.randint(2 * n, 4 * n))
    sectors = ["energy", "water", "health", "ict"]
    run, sector = 0, 0
    lines = []
    for i in range(n):
        if run == 0:
            run, sector = rng.randint(1, 8), rng.randrange(len(sectors))
        run -= 1
        lines.append(f"asset set a{i} sector={sectors[sector]} economic_value={rng.randint(0, 10**6)}")
    db.exec("\n".join(lines))
    ids = " ".join(f"a{s}" for s in rng.sample(range(n), 2))
    expected = {}
    for row in db.exec(f"cascade {ids} duration=72h").to_dicts():
        e = expected.setdefault(row["sector"], [0, 0.0, 0.0])
        e[0] += 1
        e[1] += row["person_hours"]
        e[2] += row["disruption"]
    got = {r["sector"]: r for r in db.exec(f"cascade {ids} duration=72h by sector").to_dicts()}
    assert set(got) == set(expected)
    for name, (count, hours, cost) in expected.items():
        assert got[name]["assets"] == count
        assert got[name]["person_hours"] == pytest.approx(hours)
        assert got[name]["disruption"] == pytest.approx(cost)
