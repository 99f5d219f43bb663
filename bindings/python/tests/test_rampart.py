"""Tests of the Rampart Python bindings against a real librampart.

librampart is found the way the package finds it (RAMPART_LIBRARY, the package folder, the
repository's build folders, the system loader). Without it this module fails at collection
with an explanation; set RAMPART_SKIP_PYTHON=1 to skip it instead.
"""

import gc
import json
import math
import os
import re
import sqlite3
import threading
import time

import pytest

import rampart


def _require_library():
    try:
        return rampart.library_path()
    except rampart.LibraryNotFound as exc:
        problem = str(exc)
    if os.environ.get("RAMPART_SKIP_PYTHON"):
        pytest.skip("librampart not available and RAMPART_SKIP_PYTHON is set: %s" % problem,
                    allow_module_level=True)
    pytest.fail(
        "The Rampart Python tests need librampart. Build it, or set RAMPART_LIBRARY to "
        "its path (set RAMPART_SKIP_PYTHON=1 to skip these tests instead).\n%s" % problem,
        pytrace=False,
    )


LIBRARY = _require_library()


def _bytes(path):
    with open(path, "rb") as f:
        return f.read()


# ---- Library and module functions -----------------------------------------------------------

def test_version():
    v = rampart.version()
    assert isinstance(v, str)
    parts = v.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)
    major, minor, patch = map(int, parts)
    assert rampart.version_number() == major * 1000000 + minor * 1000 + patch


def test_errstr():
    assert rampart.errstr(4) == "not found"
    assert rampart.errstr(9999) == "unknown error"


def test_is_complete():
    assert rampart.is_complete("asset list")
    assert not rampart.is_complete("asset list where")
    assert not rampart.is_complete('asset add x name="open quote')
    assert not rampart.is_complete("asset add x \\")
    assert rampart.Assessment.complete("asset list")
    with pytest.raises(rampart.EncodingError):
        rampart.is_complete(b"asset add x name=\"\xff\"")


# ---- Opening and closing --------------------------------------------------------------------

def test_open_in_memory():
    a = rampart.open()
    assert not a.closed
    r = a.exec("asset list")
    assert len(r) == 0
    assert "id" in r.columns
    a.close()
    assert a.closed
    a.close()  # closing twice is harmless


def test_open_memory_name():
    with rampart.open(":memory:") as a:
        a.exec('asset add x name="X" sector=energy')
        assert len(a.exec("asset list")) == 1


def test_open_file_persists(tmp_path):
    path = tmp_path / "grid.rampart"
    with rampart.open(path) as a:
        a.exec('asset add tpp-1 name="North TPP" sector=energy population=1.2M')
    assert path.exists()
    with rampart.open(str(path)) as a:
        rows = a.exec("asset list").to_dicts()
        assert [r["id"] for r in rows] == ["tpp-1"]
        assert rows[0]["population"] == 1200000


def test_context_manager_closes():
    with rampart.open() as a:
        assert isinstance(a, rampart.Assessment)
    assert a.closed
    with pytest.raises(rampart.MisuseError):
        a.exec("asset list")


def test_context_manager_closes_on_error():
    with pytest.raises(rampart.NotFound):
        with rampart.open() as a:
            a.exec("asset show nothing-here")
    assert a.closed


def test_del_closes_quietly():
    a = rampart.open()
    a.exec('asset add x name="X" sector=energy')
    del a
    gc.collect()
    # An unreferenced result keeps its assessment alive until the result goes.
    r = rampart.open().exec("asset list")
    gc.collect()
    assert len(r) == 0
    del r
    gc.collect()


# ---- Commands and typed results -------------------------------------------------------------

def test_asset_add_notes_and_changes(db):
    r = db.exec('asset add tpp-1 name="North TPP" sector=energy population=1.2M recovery=30d')
    assert r.changes == 1
    assert db.changes == 1
    assert r.notes and "tpp-1" in r.notes[0]
    assert r.warnings == []
    assert len(r) == 0


def test_list_where_order_limit(grid):
    r = grid.exec("asset list where sector = energy and population > 100k order by population desc limit 5")
    ids = [row[r.columns.index("id")] for row in r]
    assert ids == ["tpp-1", "sub-a"]
    r = grid.exec("asset list where sector = energy order by population limit 2")
    assert [d["id"] for d in r.to_dicts()] == ["sub-b", "sub-a"]


def test_typed_values_and_units(grid):
    r = grid.exec("asset list where id = sub-a")
    assert len(r) == 1
    row = r.to_dicts()[0]
    rec = r.columns.index("recovery")
    pop = r.columns.index("population")
    assert row["recovery"] == 72.0 and isinstance(row["recovery"], float)
    assert r.units[rec] == "h"
    assert r.types[rec] == "real"
    assert row["population"] == 250000 and isinstance(row["population"], int)
    assert r.types[pop] == "integer"
    assert r.text(0, "recovery") == "3d"
    assert r.text(0, rec) == "3d"
    assert row["name"] == "Substation A"
    assert r.types[r.columns.index("name")] == "text"

    tpp = grid.exec("asset list where id = tpp-1").to_dicts()[0]
    assert tpp["population"] == 1200000
    assert tpp["recovery"] == 720.0
    assert tpp["economic_value"] == 2000000.0

    assert len(r.columns) == len(r.types) == len(r.units)
    for t in r.types:
        assert t in ("integer", "real", "text")


def test_null_cells(grid):
    r = grid.exec("asset list where id = sub-b fields=(id, region, mtpd)")
    assert r.columns == ["id", "region", "mtpd"]
    d = r.to_dicts()[0]
    assert d["region"] is None
    assert d["mtpd"] is None
    assert r.text(0, "region") == ""
    assert r.text(0, "mtpd") == ""
    assert d["id"] == "sub-b"


def test_rates_and_probabilities(grid):
    r = grid.exec("threat list")
    d = r.to_dicts()[0]
    assert d["frequency"] == pytest.approx(0.02)
    assert d["fatality_rate"] == pytest.approx(0.05)
    assert r.units[r.columns.index("frequency")] == "/yr"
    assert r.units[r.columns.index("fatality_rate")] == "fraction"


def test_result_rows_iteration_len(grid):
    r = grid.exec("asset list order by id")
    assert len(r) == 4
    rows = list(r)
    assert rows == r.rows
    assert all(isinstance(row, tuple) and len(row) == len(r.columns) for row in rows)
    assert r[0] == rows[0]
    assert r[-1][r.columns.index("id")] == "water-1"
    with pytest.raises(IndexError):
        r.text(10, 0)
    with pytest.raises(KeyError):
        r.column("no-such-column")
    assert "4 rows" in repr(r)
    assert "North TPP" in str(r)


def _cell_by_cell(r):
    """The rows and display texts of a live result read one cell at a time, as the library's
    per-cell functions give them."""
    lib, ptr = r._lib, r._ptr
    rows, texts = [], []
    for i in range(len(r)):
        row = []
        for j in range(len(r.columns)):
            kind = lib.rampart_result_type(ptr, i, j)
            if kind == rampart.INTEGER:
                row.append(int(lib.rampart_result_int64(ptr, i, j)))
            elif kind == rampart.REAL:
                row.append(float(lib.rampart_result_double(ptr, i, j)))
            elif kind == rampart.TEXT:
                row.append(lib.rampart_result_string(ptr, i, j).decode())
            else:
                row.append(None)
        rows.append(tuple(row))
        texts.append(tuple(lib.rampart_result_text(ptr, i, j).decode() for j in range(len(r.columns))))
    return rows, texts


@pytest.mark.parametrize("command", [
    "asset list order by id", "asset show tpp-1", "cascade tpp-1 duration=2d", "settings",
    "asset list where population > 100M", "threat list",
])
def test_rows_read_by_column_match_cell_by_cell_reads(grid, command):
    grid.exec('asset add x-9 name="Écluse, nord" sector=water tags=(north, locks)')
    r = grid.exec(command)
    rows, texts = _cell_by_cell(r)
    assert r.rows == rows
    assert [tuple(r.text(i, j) for j in range(len(r.columns))) for i in range(len(r))] == texts
    assert r._read_texts() == texts


def test_show(grid):
    r = grid.exec("asset show tpp-1")
    assert len(r) >= 1
    assert "North TPP" in str(r) + r.output


def test_exec_list_of_commands_returns_last_table(db):
    r = db.exec(['asset add a name="A" sector=energy', 'asset add b name="B" sector=water', "asset list"])
    assert len(r) == 2
    assert len(r.notes) == 2
    assert r.changes == 2


def test_result_survives_later_commands_and_close(grid):
    r = grid.exec("asset list order by id")
    before = r.rows
    grid.exec('asset add z name="Z" sector=energy')
    assert r.rows == before
    grid.close()
    # Closing copies every live result's data out of the library.
    assert r.rows == before
    assert r.text(0, "id") == before[0][r.columns.index("id")]
    assert len(r.column("population")) == len(before)


def test_column_without_numpy_semantics(grid):
    r = grid.exec("asset list order by id")
    names = r.column("id")
    assert names == ["sub-a", "sub-b", "tpp-1", "water-1"]
    assert list(r.column("population")) == [250000, 90000, 1200000, 400000]


def test_indexing_by_position_and_by_column_name(grid):
    r = grid.exec("asset list order by id")
    assert r[0] == r.rows[0] and r[-1] == r.rows[-1] and r[1:3] == r.rows[1:3]
    assert list(r["population"]) == list(r.column("population"))
    assert r["id"] == ["sub-a", "sub-b", "tpp-1", "water-1"]
    with pytest.raises(KeyError, match="no column 'nosuch'; columns are id, "):
        r["nosuch"]
    with pytest.raises(IndexError):
        r[len(r)]


def test_column_lists_when_numpy_is_missing(grid, monkeypatch):
    import rampart._core as core

    monkeypatch.setattr(core, "_np", None)
    r = grid.exec("asset list order by id")
    assert r.column("recovery") == [72.0, 12.0, 720.0, 48.0]
    assert r.column("population") == [250000, 90000, 1200000, 400000]


def test_numpy_columns(grid):
    np = pytest.importorskip("numpy")
    r = grid.exec("asset list order by id")
    rec = r.column("recovery")
    assert isinstance(rec, np.ndarray) and rec.dtype == np.float64
    assert rec.tolist() == [72.0, 12.0, 720.0, 48.0]
    pop = r.column("population")
    assert isinstance(pop, np.ndarray) and pop.dtype == np.int64
    assert pop.tolist() == [250000, 90000, 1200000, 400000]
    occ = r.column("occupancy")  # defaults to 0
    assert occ.dtype == np.int64 and occ.tolist() == [0, 0, 0, 0]
    mtpd = grid.exec("asset list order by id fields=(id, mtpd)").column("mtpd")
    assert mtpd.dtype == np.float64 and np.isnan(mtpd).all()  # every cell empty
    assert isinstance(r.column("id"), list)
    empty = grid.exec("asset list where population > 1B")
    assert len(empty.column("recovery")) == 0


def test_to_pandas(grid, monkeypatch):
    pd = pytest.importorskip("pandas")
    r = grid.exec("asset list order by id fields=(id, population, recovery, mtpd)")
    frame = r.to_pandas()
    assert list(frame.columns) == ["id", "population", "recovery", "mtpd"]
    assert frame["id"].tolist() == ["sub-a", "sub-b", "tpp-1", "water-1"]
    assert frame["population"].dtype == "int64" and frame["population"].tolist() == [250000, 90000, 1200000, 400000]
    assert frame["recovery"].tolist() == [72.0, 12.0, 720.0, 48.0]
    assert frame["mtpd"].isna().all()
    assert frame.attrs["units"] == {"id": "", "population": "count", "recovery": "h", "mtpd": "h"}
    # An empty result keeps its columns; a command without a table gives an empty frame.
    assert list(grid.exec("asset list where population > 1B fields=(id, population)").to_pandas().columns) == ["id", "population"]
    assert grid.exec("asset set sub-a population=250k").to_pandas().shape == (0, 0)
    # Without pandas, the error says what is missing.
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)
    with pytest.raises(ImportError, match="needs pandas"):
        r.to_pandas()


def test_analysis_order_by_a_column_and_limit(grid):
    # The interpreter orders and cuts an analysis's table; typed columns follow the new order.
    r = grid.exec("criticality method=reach order by population limit 3")
    assert r.columns[:3] == ["rank", "asset", "sector"]
    pops = list(r.column("population"))
    assert len(pops) == 3 and pops == sorted(pops)
    whole = grid.exec("criticality method=reach").to_dicts()
    assert pops == sorted(d["population"] for d in whole)[:3]
    with pytest.raises(rampart.ParseError, match="the result has no column 'popultion' \\(did you mean 'population'"):
        grid.exec("criticality method=reach order by popultion")
    with pytest.raises(rampart.ParseError, match="criticality takes no 'by' clause"):
        grid.exec("criticality by sector")


def test_exec_json(grid):
    results = grid.exec_json("asset list where id = tpp-1; threat list")
    assert isinstance(results, list) and len(results) == 2
    first = results[0]
    names = [c["name"] for c in first["columns"]]
    row = dict(zip(names, first["rows"][0]))
    assert row["population"] == 1200000
    assert row["recovery"] == 720
    units = {c["name"]: c["unit"] for c in first["columns"]}
    assert units["recovery"] == "h"
    for key in ("command", "output", "notes", "warnings", "changes"):
        assert key in first


def test_run_with_callback(grid):
    seen = []
    grid.run("asset list order by id", lambda values, names: seen.append(dict(zip(names, values))))
    assert [s["id"] for s in seen] == ["sub-a", "sub-b", "tpp-1", "water-1"]
    assert seen[0]["recovery"] == "3d"
    grid.run('asset add q name="Q" sector=energy')


def test_run_callback_abort_and_exception(grid):
    calls = []

    def stop(values, names):
        calls.append(values)
        return True

    with pytest.raises(rampart.AbortError) as info:
        grid.run("asset list", stop)
    assert info.value.code == 16
    assert len(calls) == 1

    def boom(values, names):
        raise KeyError("from the callback")

    with pytest.raises(KeyError):
        grid.run("asset list", boom)
    # The handle is still usable.
    assert len(grid.exec("asset list")) == 4


def test_completions(grid):
    assert "asset" in grid.completions("ass")
    assert set(grid.completions("asset s")) >= {"set", "show"}
    assert "sector=" in grid.completions("asset add x sec")
    # Ids of referenced records complete (here the dependent asset of a dependency).
    assert "tpp-1" in grid.completions("dep add tp")
    # The cursor is a character index: complete the word ending there.
    line = "ass show tpp-1"
    assert grid.completions(line, cursor=3) == grid.completions("ass")
    assert grid.completions("zzzzqqq") == []
    with pytest.raises(ValueError):
        grid.completions("ass", cursor=10)


def test_completions_of_analyses_follow_their_usage(grid):
    """What each analysis's usage line documents completes: ids, options and their words,
    what `by` takes, keywords, and a filter's fields and values."""
    for line, expected in [
        ("cascade tp", {"tpp-1"}),
        ("cascade tpp-1 du", {"duration="}),
        ("cascade tpp-1 duration=72h by s", {"sector"}),
        ("criticality me", {"method="}),
        ("criticality method=e", {"method=exact", "method=estimate"}),
        ("criticality where sec", {"sector"}),
        ("criticality where sector = wa", {"water"}),
        ("risk by ", {"asset", "sector", "threat"}),
        ("risk scenario=", {"scenario=current", "scenario=target", "scenario=baseline"}),
        ("simulate ", {"annual", "cascade"}),
        ("simulate cascade r", {"random"}),
        ("simulate cascade tpp-1 tri", {"trials="}),
        ("explain risk tpp-1 v", {"vbied"}),
        ("iim static from=", {"from=sectors", "from=assets"}),
        ("plan a", {"annual", "allow-incomplete-rights"}),
        ("continuity ", {"gaps", "where"}),
        ("history ", {"limit"}),
        ("asset list fields=(id, na", {"name"}),
    ]:
        assert set(grid.completions(line)) == expected, line
    # A required subcommand comes first, alone; placeholders offer nothing.
    assert set(grid.completions("explain ")) == {"cascade", "risk"}
    assert "default" not in grid.completions("iim static ") and "window=" in grid.completions("iim dynamic ")
    assert grid.completions("summary ") == []


def test_completions_multibyte_cursor(db):
    db.exec('asset add "größe-1" name="G" sector=energy')
    # "dep add gr" after a multibyte prefix: the character cursor becomes a byte offset.
    line = "dep add grö"
    assert "größe-1" in db.completions(line)
    assert "größe-1" in db.completions(line + " -> x", cursor=len(line))


def test_completions_own_ids(grid):
    assert "tpp-1" in grid.completions("asset show tp")
    assert grid.completions("asset remove wat") == ["water-1"]


def test_settings(db):
    db.exec('settings set name="Republic of Examplia"')
    r = db.exec("settings")
    values = {row[0]: row[1] for row in r}
    assert values["name"] == "Republic of Examplia"


# ---- Errors ---------------------------------------------------------------------------------

def _raises(db, command, cls, code):
    with pytest.raises(cls) as info:
        db.exec(command)
    err = info.value
    assert isinstance(err, rampart.Error)
    assert err.code == code
    assert err.message and err.message != "not an error"
    assert str(err) == err.message
    return err


def test_parse_error(db):
    _raises(db, "asset frobnicate x", rampart.ParseError, 3)
    _raises(db, "asset add x nonsense_field=3 sector=energy", rampart.ParseError, 3)


def test_common_slips_are_named(db):
    """Each slip is answered with the word at fault and how to write it, and changes nothing."""
    before = db.exec("asset list").rows
    for command, said in [
        ("asset add x sector=energy population=12 people", "unexpected 'people': asset is identified by <id>"),
        ("asset list where name = Central Station", "unexpected 'Station' after the where condition: quote text that has spaces"),
        ("asset list where population > 5 people", "unexpected 'people' after the where condition"),
        ("asset list where name = 'Central Station'", 'text is quoted with double quotes, "like this"'),
    ]:
        assert said in _raises(db, command, rampart.ParseError, 3).message, command
    # A one-letter id is not "corrected" to another one-letter id.
    db.exec("asset add z sector=energy")
    err = _raises(db, "asset show a", rampart.NotFound, 4)
    assert "did you mean" not in err.message
    db.exec("asset remove z")
    assert db.exec("asset list").rows == before
    # Parts that may follow a condition still do.
    db.exec("asset list where sector = energy order by id limit 2")
    db.exec("criticality where sector = energy top 3")


def test_unknown_command_suggests_the_record_first(db):
    err = _raises(db, "list assets where population > 5", rampart.ParseError, 3)
    assert "did you mean 'asset list where population > 5'?" in err.message
    err = _raises(db, "  Show dependency Tpp-1 -> Sub-A", rampart.ParseError, 3)
    assert "did you mean 'dep show Tpp-1 -> Sub-A'?" in err.message
    err = _raises(db, "remove Assets", rampart.ParseError, 3)
    assert "did you mean 'asset remove'?" in err.message
    err = _raises(db, "cascde tpp-1", rampart.ParseError, 3)
    assert "did you mean 'cascade'?" in err.message


def test_not_found(db):
    err = _raises(db, "asset show ghost", rampart.NotFound, 4)
    assert "ghost" in err.message
    _raises(db, "dep add ghost -> other", rampart.NotFound, 4)


def test_range_errors(grid):
    _raises(grid, "dep add sub-a -> tpp-1 strength=2", rampart.RangeError, 6)
    _raises(grid, 'threat add t2 name="T" modality=ied fatality_rate=0.1/yr', rampart.RangeError, 6)
    _raises(grid, "vuln add sub-a vbied v=0.2/yr", rampart.RangeError, 6)
    _raises(grid, 'asset add y name="Y" sector=energy lat=120', rampart.RangeError, 6)


def test_constraint_errors(grid):
    _raises(grid, 'asset add tpp-1 name="Again" sector=energy', rampart.ConstraintError, 5)
    _raises(grid, "asset remove tpp-1", rampart.ConstraintError, 5)
    assert len(grid.exec("dep list")) == 1
    grid.exec("asset remove tpp-1 force")
    assert len(grid.exec("dep list")) == 0


def test_failed_command_leaves_no_trace(grid):
    with pytest.raises(rampart.NotFound):
        grid.exec(['asset add fresh name="Fresh" sector=energy', "asset show ghost", 'asset add later name="L" sector=energy'])
    ids = grid.exec("asset list").column("id")
    assert "fresh" in ids and "later" not in ids


def test_corrupt_file_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"this is not a Rampart assessment\n" * 10)
    before = _bytes(path)
    with pytest.raises(rampart.CorruptError) as info:
        rampart.open(path)
    assert info.value.code == 8
    assert _bytes(path) == before
    with pytest.raises(rampart.CorruptError):
        rampart.open(path, readonly=True)
    assert _bytes(path) == before


def test_foreign_sqlite_file_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(str(path))
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = _bytes(path)
    with pytest.raises(rampart.CorruptError):
        rampart.open(path)
    assert _bytes(path) == before
    assert sorted(os.listdir(tmp_path)) == ["other.db"]


def test_too_new_file(tmp_path):
    path = tmp_path / "future.rampart"
    with rampart.open() as a:
        a.exec('asset add x name="X" sector=energy')
        a.save(path)
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    before = _bytes(path)
    with pytest.raises(rampart.TooNewError) as info:
        rampart.open(path)
    assert info.value.code == 9
    assert _bytes(path) == before


def test_missing_file_without_create(tmp_path):
    path = tmp_path / "missing.rampart"
    with pytest.raises(rampart.FileError) as info:
        rampart.open(path, create=False)
    assert info.value.code == 7
    assert not path.exists()
    with pytest.raises(rampart.FileError):
        rampart.open(path, readonly=True)
    assert not path.exists()


def test_safe_mode_denies_file_access(tmp_path):
    target = tmp_path / "x.csv"
    with rampart.open(safe=True) as a:
        a.exec('asset add x name="X" sector=energy')
        with pytest.raises(rampart.DeniedError) as info:
            a.exec("export assets %s" % target)
        assert info.value.code == 11
        with pytest.raises(rampart.DeniedError):
            a.exec("import assets %s" % target)
        with pytest.raises(rampart.DeniedError):
            a.save(tmp_path / "copy.rampart")
        # Export to the output stays allowed.
        assert "x" in a.exec("export assets").output
    assert not target.exists()
    assert not (tmp_path / "copy.rampart").exists()


def test_readonly_refuses_changes(tmp_path):
    path = tmp_path / "ro.rampart"
    with rampart.open(path) as a:
        a.exec('asset add x name="X" sector=energy')
    with rampart.open(path, readonly=True) as a:
        assert len(a.exec("asset list")) == 1
        with pytest.raises(rampart.ReadOnlyError) as info:
            a.exec('asset add y name="Y" sector=energy')
        assert info.value.code == 10
        with pytest.raises(rampart.ReadOnlyError):
            a.exec('settings set name="X"')
        with pytest.raises(rampart.ReadOnlyError):
            a.exec("asset remove x")
        assert len(a.exec("asset list")) == 1


def test_error_hierarchy():
    classes = {
        rampart.MisuseError: 2, rampart.ParseError: 3, rampart.NotFound: 4,
        rampart.ConstraintError: 5, rampart.RangeError: 6, rampart.FileError: 7,
        rampart.CorruptError: 8, rampart.TooNewError: 9, rampart.ReadOnlyError: 10,
        rampart.DeniedError: 11, rampart.Interrupted: 12, rampart.EncodingError: 14,
        rampart.BusyError: 15, rampart.AbortError: 16,
    }
    for cls, code in classes.items():
        assert issubclass(cls, rampart.Error)
        assert cls("m").code == code
    assert issubclass(rampart.Error, Exception)
    assert issubclass(rampart.LibraryNotFound, ImportError)


# ---- Encoding -------------------------------------------------------------------------------

def test_invalid_utf8_refused_by_library(db):
    with pytest.raises(rampart.EncodingError) as info:
        db.exec(b'asset add x name="\xff\xfe" sector=energy')
    assert info.value.code == 14
    assert len(db.exec("asset list")) == 0


def test_lone_surrogate(db):
    with pytest.raises(rampart.EncodingError) as info:
        db.exec('asset add x name="\udc80" sector=energy')
    assert info.value.code == 14
    with pytest.raises(rampart.EncodingError):
        db.exec_json('asset show "\ud800"')
    with pytest.raises(rampart.EncodingError):
        rampart.is_complete("\udcff")
    assert len(db.exec("asset list")) == 0


def test_a_csv_file_that_cannot_be_read_is_named_in_the_error(grid, tmp_path):
    before = grid.exec("export json").output
    header = b"id,name,sector\n"
    for content, error, message in [
        (header + b'"x,X,energy\n', rampart.ParseError, "quoted.csv line 2: unterminated quoted field"),
        (header + b"x,\xff,energy\n", rampart.EncodingError, "quoted.csv line 2: invalid UTF-8"),
        (header + b'x,"X"y,energy\n', rampart.ParseError, "quoted.csv line 2: unexpected character after a closing quote"),
    ]:
        path = tmp_path / "quoted.csv"
        path.write_bytes(content)
        with pytest.raises(error) as info:
            grid.exec("import assets %s" % path)
        assert info.value.message == "%s/%s" % (tmp_path, message)
    assert grid.exec("export json").output == before


def test_a_json_document_that_is_not_utf8_is_refused_whole(grid, tmp_path):
    # The check goes a megabyte at a time: a bad byte past the first piece, and a character
    # split across the pieces' edge, are judged as in one piece.
    good = grid.exec("export json").output.encode("utf-8")
    before = grid.exec("export json").output
    padding = b" " * ((1 << 20) - len(good) + 10)
    bad = good + padding + b"\xff"
    path = tmp_path / "bad.json"
    path.write_bytes(bad)
    with pytest.raises(rampart.EncodingError, match="invalid UTF-8"):
        grid.exec("import json %s" % path)
    assert grid.exec("export json").output == before
    # "é" (two bytes) straddling the first piece's end is fine.
    doc = json.loads(before)
    doc["settings"]["name"] = "x"
    text = json.dumps(doc, indent=1).encode("utf-8")
    name_at = text.index(b'"x"')
    pad = (1 << 20) - 2 - name_at
    text = text[:name_at] + b'"' + b"a" * pad + "é".encode("utf-8") + b'"' + text[name_at + 3:]
    assert text[(1 << 20) - 1:(1 << 20) + 1] == "é".encode("utf-8")
    path.write_bytes(text)
    grid.exec("import json %s" % path)
    assert "a" * pad + "é" in grid.exec("export json").output


def test_nul_character_refused(db):
    with pytest.raises(rampart.EncodingError):
        db.exec('asset add x name="a\0b" sector=energy')
    assert len(db.exec("asset list")) == 0


def test_unicode_round_trip(db):
    name = "Wasserwerk Süd — 北京 ✓"
    db.exec('asset add w name="%s" sector=water' % name)
    r = db.exec("asset list")
    assert r.to_dicts()[0]["name"] == name
    assert r.text(0, "name") == name


# ---- Use after close ------------------------------------------------------------------------

def test_use_after_close(tmp_path):
    a = rampart.open()
    a.close()
    for call in (
        lambda: a.exec("asset list"),
        lambda: a.exec_json("asset list"),
        lambda: a.run("asset list"),
        lambda: a.save(tmp_path / "x.rampart"),
        lambda: a.changes,
        lambda: a.completions("ass"),
        lambda: a.__enter__(),
    ):
        with pytest.raises(rampart.MisuseError) as info:
            call()
        assert info.value.code == 2
    a.interrupt()  # harmless
    a.close()
    assert not (tmp_path / "x.rampart").exists()


# ---- Save, export and import ----------------------------------------------------------------

def test_save_and_reopen(grid, tmp_path):
    path = tmp_path / "saved.rampart"
    before = grid.exec("asset list order by id").rows
    grid.save(path)
    # The handle stays on its own assessment.
    grid.exec('asset add after name="After" sector=energy')
    with rampart.open(path, create=False) as b:
        assert b.exec("asset list order by id").rows == before
        assert len(b.exec("dep list")) == 1


def test_json_round_trip(grid, tmp_path):
    grid.exec('settings set name="Republic of Examplia (fictional)"')
    path = tmp_path / "assessment.json"
    grid.exec("export json %s" % path)
    json.loads(path.read_text(encoding="utf-8"))  # valid JSON
    with rampart.open() as fresh:
        r = fresh.exec("import json %s" % path)
        assert r.changes > 0
        assert fresh.exec("export json").output == grid.exec("export json").output
        assert fresh.exec("asset list order by id").rows == grid.exec("asset list order by id").rows


def test_json_import_takes_members_in_any_order(grid, tmp_path):
    # Tools such as `jq -S` sort the members: assets then come before the sectors they name and
    # dependencies before… nothing they need, yet the import still resolves every reference.
    grid.exec("dep add sub-a -> tpp-1 strength=0.8")
    path = tmp_path / "sorted.json"
    doc = json.loads(grid.exec("export json").output)
    path.write_text(json.dumps(doc, sort_keys=True, indent=1), encoding="utf-8")
    assert list(json.loads(path.read_text(encoding="utf-8")))[:2] == ["applications", "assets"]
    with rampart.open() as fresh:
        fresh.exec("import json %s" % path)
        assert fresh.exec("export json").output == grid.exec("export json").output


def test_a_bad_json_document_changes_nothing(grid, tmp_path):
    before = grid.exec("export json").output
    doc = json.loads(before)
    cases = {
        "syntax error after the records": before[:-3] + "x}",
        "a record that is not an object": json.dumps({**doc, "threats": doc["threats"] + [3]}),
        "a kind of record that is not an array": json.dumps({**doc, "assets": {}}),
        "an unknown member": json.dumps({**doc, "asets": []}),
        "a member given twice": before.rstrip()[:-1] + ',\n  "format": "rampart-assessment"\n}',
    }
    messages = {
        "syntax error after the records": "JSON at byte",
        "a record that is not an object": "threats[1] must be an object",
        "a kind of record that is not an array": '"assets" must be an array',
        "an unknown member": "unknown member \"asets\" (did you mean 'assets'?)",
        "a member given twice": 'member "format" appears twice',
    }
    for name, text in cases.items():
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(rampart.ParseError, match=re.escape(messages[name])):
            grid.exec("import json %s" % path)
        assert grid.exec("export json").output == before, name


def _many_assets(path, count, name="Asset %d"):
    """Writes an asset CSV of `count` energy assets a0, a1, … named by `name` % i; returns its path."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n")
        for i in range(count):
            f.write("a%d,%s,energy,1.5,2.5,%d,1000,24,48\n" % (i, name % i, i))
    return path


def test_a_large_export_written_in_pieces_is_the_whole_text(tmp_path):
    # Past a megabyte an export goes to its file a piece at a time; the file must hold exactly
    # the text the same export returns as output, and nothing may be left beside it.
    source = _many_assets(tmp_path / "many.csv", 20000, name='"Asset %d, ""quoted"""')
    with rampart.open() as a:
        a.exec("import assets %s" % source)
        for what in ("json", "assets"):
            path = tmp_path / ("out." + what)
            a.exec("export %s %s" % (what, path))
            text = path.read_text(encoding="utf-8")
            assert len(text) > 1024 * 1024
            assert text.rstrip("\n") == a.exec("export %s" % what).output.rstrip("\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["many.csv", "out.assets", "out.json"]


def test_csv_export_import(grid, tmp_path):
    path = tmp_path / "assets.csv"
    grid.exec("export assets %s" % path)
    assert path.read_text(encoding="utf-8").startswith("id,")
    with rampart.open() as b:
        b.exec("import assets %s" % path)
        assert b.exec("asset list order by id").column("id") == grid.exec("asset list order by id").column("id")


# ---- Interrupt ------------------------------------------------------------------------------

def test_interrupt_from_another_thread(tmp_path):
    path = _many_assets(tmp_path / "many.csv", 300000)
    with rampart.open() as a:
        outcome = {}

        def work():
            try:
                outcome["result"] = a.exec("import assets %s" % path)
            except BaseException as exc:  # noqa: BLE001 - reported to the main thread
                outcome["error"] = exc

        t = threading.Thread(target=work)
        t.start()
        deadline = time.monotonic() + 60
        while t.is_alive() and time.monotonic() < deadline:
            a.interrupt()
            time.sleep(0.002)
        t.join()
        if "result" in outcome:
            pytest.skip("the import finished before an interrupt reached it")
        assert isinstance(outcome["error"], rampart.Interrupted), outcome["error"]
        assert outcome["error"].code == 12
        # The interrupted command changed nothing, and the handle still works.
        assert len(a.exec("asset list")) == 0


def test_progress_callback_reports_long_computations():
    import rampart
    with rampart.open() as db:
        lines = [f"asset add a{i} sector=energy recovery=10h" for i in range(300)]
        lines += [f"dep add a{i} -> a{i - 1}" for i in range(1, 300)]
        db.exec("\n".join(lines))
        seen = []
        db.on_progress(lambda done, total: seen.append((done, total)))
        db.exec("simulate cascade random trials=20000 seed=1")
        assert seen and seen[-1] == (20000, 20000)
        assert all(0 <= d <= t for d, t in seen)
        db.on_progress(None)
        seen.clear()
        db.exec("simulate cascade random trials=2000 seed=1")
        assert seen == []


class Stop(Exception):
    pass


@pytest.mark.parametrize("threads", ["1", "2"])
def test_a_large_import_reports_its_progress_and_a_stop_leaves_nothing(tmp_path, monkeypatch, threads):
    import rampart
    monkeypatch.setenv("RAMPART_THREADS", threads)  # one thread, or the two-thread pipeline
    path = tmp_path / "assets.csv"
    path.write_text("id,name,sector\n" + "".join(f"a{i},Asset {i},energy\n" for i in range(70_000)))
    lines = 70_001  # the header counts: progress ends once the indexes are built again
    with rampart.open() as db:
        seen = []
        db.on_progress(lambda done, total: seen.append((done, total)))
        db.exec("import assets %s" % path)
        # Every 65,536 records, then the end.
        assert seen == [(65_536, lines), (lines, lines)]

    def stop(done, total):
        raise Stop(f"stopped at {done} of {total}")

    with rampart.open() as db:
        db.on_progress(stop)
        with pytest.raises(Stop, match="stopped at"):
            db.exec("import assets %s" % path)
        db.on_progress(None)
        assert len(db.exec("asset list")) == 0, "the stopped import must change nothing"


def test_a_large_json_import_reports_its_progress(tmp_path):
    import json
    import rampart
    # A small document per record keeps the debug build's parse short.
    doc = {"format": "rampart-assessment", "version": 1,
           "sectors": [{"id": "energy", "name": "Energy"}],
           "assets": [{"id": f"a{i}", "sector": "energy"} for i in range(66_000)]}
    path = tmp_path / "all.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    records = 66_001
    with rampart.open() as db:
        seen = []
        db.on_progress(lambda done, total: seen.append((done, total)))
        db.exec("import json %s" % path)
        assert seen == [(65_536, records), (records, records)]
        db.on_progress(None)
        assert len(db.exec("asset list")) == 66_000


def test_an_exception_in_the_progress_callback_stops_the_command_and_is_raised():
    import rampart
    with rampart.open() as db:
        lines = [f"asset add a{i} sector=energy recovery=10h" for i in range(300)]
        lines += [f"dep add a{i} -> a{i - 1}" for i in range(1, 300)]
        db.exec("\n".join(lines))

        def stop(done, total):
            raise Stop(f"stopped at {done} of {total}")

        db.on_progress(stop)
        for run in (lambda c: db.exec(c), lambda c: db.exec_json(c), lambda c: db.run(c)):
            with pytest.raises(Stop, match="stopped at"):
                run("simulate cascade random trials=5000000 seed=1")
        # Raised at the last report, when the command has finished: still raised by that call.
        def stop_at_end(done, total):
            if done == total:
                raise Stop("at the end")

        db.on_progress(stop_at_end)
        for run in (lambda c: db.exec(c), lambda c: db.exec_json(c), lambda c: db.run(c)):
            with pytest.raises(Stop, match="at the end"):
                run("simulate cascade random trials=2000 seed=1")
        db.on_progress(None)
        # The handle works afterwards, and no failure is left to surface later.
        assert len(db.exec("asset list")) == 300


# ---- Audit log ------------------------------------------------------------------------------

def test_the_audit_log_names_the_user_without_user_variables(monkeypatch):
    # Services and containers often set neither USER nor LOGNAME: the password database names them.
    pwd = pytest.importorskip("pwd")
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("LOGNAME", raising=False)
    with rampart.open() as a:
        a.exec("asset add a sector=energy")
        assert a.exec("history").to_dicts()[-1]["actor"] == pwd.getpwuid(os.geteuid()).pw_name
    monkeypatch.setenv("LOGNAME", "analyst-7")
    with rampart.open() as a:
        a.exec("asset add a sector=energy")
        assert a.exec("history").to_dicts()[-1]["actor"] == "analyst-7"
