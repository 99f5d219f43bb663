"""The shell and files: .save, .open, .read, .output/.once, files that are not assessments,
invalid UTF-8 on standard input, and what a session leaves on disk."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SIDECARS = ("-wal", "-shm", "-journal")


def text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def sidecars(path: Path):
    return [path.name + s for s in SIDECARS if Path(str(path) + s).exists()]


def ids(run, *args, cwd=None):
    """The asset ids of an assessment, read in a separate shell run in csv mode."""
    proc = run("-csv", "-noheader", *args, "asset list fields=(id)", cwd=cwd)
    assert proc.returncode == 0, text(proc.stderr)
    return text(proc.stdout).split()


def export_json(run, path):
    proc = run(path, "export json")
    assert proc.returncode == 0, text(proc.stderr)
    return json.loads(proc.stdout)


# ---- .save and reopening ---------------------------------------------------------------------

def test_save_then_reopen(run, workdir):
    script = """
settings set name="Saved by the shell" vsl=4M
asset add plant name="North plant" sector=energy population=1.2M recovery=30d tags=(grid, north)
asset add water sector=water
dep add water -> plant strength=0.8 delay=12h
threat add drone modality=drone frequency=pert(0.1/yr, 0.3/yr, 1/yr)
vuln add plant drone v=25%
export json
.save saved.rampart
"""
    proc = run(input=script)
    assert proc.returncode == 0, text(proc.stderr)
    assert proc.stderr == b""
    before = json.loads(proc.stdout)
    saved = workdir / "saved.rampart"
    assert saved.is_file()
    after = export_json(run, "saved.rampart")
    assert after == before


def test_save_refuses_the_open_file(run, workdir):
    proc = run("own.rampart", input="asset add a sector=energy\n.save own.rampart\n")
    assert proc.returncode == 1
    assert re.search(r"^Error near line 2: .*own\.rampart", text(proc.stderr), re.M)
    assert ids(run, "own.rampart") == ["a"]


def special_files(workdir):
    """A directory, a named pipe and, where this user may make one, a character device like
    /dev/null, each next to the assessments. (Saving renames a copy into place: over /dev/null,
    as root, that once replaced the device with a file.)"""
    import os
    import stat
    paths = {"directory": workdir / "folder", "pipe": workdir / "pipe"}
    paths["directory"].mkdir()
    os.mkfifo(paths["pipe"])
    try:
        os.mknod(workdir / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        paths["device"] = workdir / "null"
    except (PermissionError, OSError):
        pass
    return paths


def test_special_files_are_neither_opened_nor_saved_over(run, workdir):
    import stat
    for kind, path in special_files(workdir).items():
        mode = path.stat().st_mode
        # A pipe with no writer would block a reader: the shell must not even open it as an
        # assessment. (`.read` of a pipe is legitimate, `.read <(…)`, and waits for its writer.)
        read = f".read {path.name}\n" if kind == "directory" else ""
        proc = run(input=f".open {path.name}\n.save {path.name}\n{read}", timeout=20)
        err = text(proc.stderr)
        assert proc.returncode == 1
        what = "is a directory" if kind == "directory" else "is not a regular file"
        assert re.search(rf"^Error near line 1: .*{path.name} {what}; an assessment is a file$", err, re.M), err
        assert re.search(rf"^Error near line 2: .*{path.name} {what}; it was not overwritten$", err, re.M), err
        if kind == "directory":
            assert re.search(r"^Error near line 3: cannot read .*folder: it is a directory$", err, re.M), err
        assert stat.S_IFMT(path.stat().st_mode) == stat.S_IFMT(mode), kind
        assert not list(workdir.glob(path.name + ".saving-*"))
        proc = run(path.name, "summary", timeout=20)
        assert proc.returncode == 1 and "an assessment is a file" in text(proc.stderr)


def test_exports_write_into_devices_and_pipes_and_refuse_directories(run, workdir):
    import stat
    import subprocess as sp
    paths = special_files(workdir)
    proc = run(input="asset add a sector=energy\nexport assets folder\nimport assets folder\n", timeout=20)
    err = text(proc.stderr)
    assert re.search(r"^Error near line 2: cannot write folder: it is a directory$", err, re.M), err
    assert re.search(r"^Error near line 3: cannot read folder: it is a directory$", err, re.M), err
    if "device" in paths:
        proc = run(input="asset add a sector=energy\nexport json null\n", timeout=20)
        assert proc.returncode == 0, text(proc.stderr)
        assert stat.S_ISCHR(paths["device"].stat().st_mode)
    # A reader on the named pipe receives the export; nothing is renamed over the pipe.
    reader = sp.Popen(["cat", str(paths["pipe"])], stdout=sp.PIPE)
    proc = run(input="asset add a sector=energy\nexport assets pipe\n", timeout=20)
    received = reader.communicate(timeout=20)[0].decode()
    assert proc.returncode == 0, text(proc.stderr)
    assert received.startswith("id,name,sector") and "\na," in received
    assert stat.S_ISFIFO(paths["pipe"].stat().st_mode)
    assert not list(workdir.glob("*.tmp-*"))


def test_a_missing_or_unwritable_directory_is_named(run, workdir):
    # SQLite alone says "unable to open database file"; the error says which directory is wrong.
    proc = run("missing/new.rampart", "summary")
    assert proc.returncode == 1
    assert text(proc.stderr) == "Error: cannot create missing/new.rampart: there is no directory missing\n"
    proc = run(":memory:", ".save missing/saved.rampart")
    assert text(proc.stderr) == "Error: cannot save to missing/saved.rampart: there is no directory missing\n"
    assert not (workdir / "missing").exists()
    if os.geteuid() != 0:  # root may write anywhere
        locked = workdir / "locked"
        locked.mkdir(mode=0o555)
        proc = run("locked/new.rampart", "summary")
        assert "cannot create locked/new.rampart: the directory locked is not writable" in text(proc.stderr)
        assert list(locked.iterdir()) == []


UNFINISHED_CHANGE = """
import os, sqlite3
con = sqlite3.connect("hot.rampart", isolation_level=None)
con.execute("PRAGMA journal_mode=DELETE")
con.execute("PRAGMA cache_size=1")
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE asset SET population = population + 1")
os._exit(0)  # stops mid-change: the journal stays
"""


def test_a_change_left_unfinished_is_explained_read_only_and_rolled_back_read_write(run, workdir):
    import sys
    # Enough assets that the change outgrows a one-page cache and reaches the file.
    rows = "".join(f"a{i},,energy,,,5,,,\n" for i in range(3000))
    (workdir / "many.csv").write_text("id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n" + rows)
    assert run("hot.rampart", "import assets many.csv").returncode == 0
    subprocess.run([sys.executable, "-c", UNFINISHED_CHANGE], cwd=workdir, check=True)
    assert (workdir / "hot.rampart-journal").stat().st_size > 0
    proc = run("-readonly", "hot.rampart", "summary")
    assert proc.returncode == 1
    assert "hot.rampart holds a change left unfinished by a process that stopped (hot.rampart-journal); " \
        "open it once without read-only" in text(proc.stderr)
    proc = run("-csv", "-noheader", "hot.rampart", "asset list fields=(population) where population != 5")
    assert proc.returncode == 0 and text(proc.stdout) == ""  # rolled back: every population is 5
    assert run("-readonly", "hot.rampart", "summary").returncode == 0


def test_save_over_an_existing_assessment(run, workdir):
    assert run("target.rampart", input="asset add old sector=energy\n").returncode == 0
    proc = run(input="asset add new sector=energy\n.save target.rampart\n")
    assert proc.returncode == 0, text(proc.stderr)
    assert ids(run, "target.rampart") == ["new"]


def test_session_leaves_a_self_contained_file(run, workdir, tmp_path):
    assert run("kept.rampart", input="asset add a1 sector=energy\nasset add a2 sector=water\n").returncode == 0
    leftovers = sidecars(workdir / "kept.rampart")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(workdir / "kept.rampart", elsewhere / "copy.rampart")
    copied = ids(run, "copy.rampart", cwd=elsewhere)
    assert (leftovers, copied) == ([], ["a1", "a2"])


# ---- .open -----------------------------------------------------------------------------------

def test_open_switches_assessments(run, workdir):
    assert run("first.rampart", input="asset add from-first sector=energy\n").returncode == 0
    script = """
asset add in-memory sector=energy
.open first.rampart
asset list fields=(id)
asset add added-later sector=water
.open
asset list fields=(id)
.open --readonly first.rampart
asset add refused sector=energy
asset list fields=(id)
"""
    proc = run("-csv", "-noheader", input=script)
    assert proc.returncode == 1
    assert text(proc.stdout).split() == ["from-first", "from-first", "added-later"]
    assert re.fullmatch(r"Error near line 9: .*read-only.*\n", text(proc.stderr))
    assert ids(run, "first.rampart") == ["from-first", "added-later"]


def test_open_of_a_bad_file_keeps_the_current_assessment(run, workdir):
    notes = workdir / "notes.txt"
    notes.write_bytes(b"Board minutes\n\x00\x01 binary tail\n")
    original = notes.read_bytes()
    proc = run("-csv", "-noheader", input="asset add kept sector=energy\n.open notes.txt\nasset list fields=(id)\n")
    assert proc.returncode == 1
    assert "not a Rampart assessment" in text(proc.stderr)
    assert text(proc.stdout).split() == ["kept"]
    assert notes.read_bytes() == original
    assert sidecars(notes) == []


# ---- files that are not assessments ----------------------------------------------------------

@pytest.mark.parametrize("kind", ["text", "sqlite-garbage", "empty-sqlite-header"])
def test_opening_a_non_rampart_file_leaves_it_alone(run, workdir, kind):
    path = workdir / "victim.dat"
    if kind == "text":
        path.write_text("id,name\n1,not an assessment\n")
    elif kind == "sqlite-garbage":
        path.write_bytes(b"SQLite format 3\x00" + bytes((i * 37 + 11) % 256 for i in range(8000)))
    else:
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    original = path.read_bytes()
    proc = run("victim.dat", input="asset add x sector=energy\nsummary\n")
    assert proc.returncode == 1
    assert proc.stdout == b""
    err = text(proc.stderr)
    assert err.startswith("Error: ") and "victim.dat" in err, err
    assert re.search(r"not a (Rampart assessment|readable assessment)|corrupt|damaged", err), err
    assert path.read_bytes() == original
    assert sidecars(path) == []


def test_opening_a_foreign_sqlite_database(run, workdir):
    sqlite3 = pytest.importorskip("sqlite3")
    path = workdir / "inventory.db"
    con = sqlite3.connect(path)
    con.execute("create table parts(id integer primary key, name text)")
    con.execute("insert into parts(name) values ('bolt')")
    con.commit()
    con.close()
    original = path.read_bytes()
    proc = run("inventory.db", "summary")
    assert proc.returncode == 1
    assert "not a Rampart assessment" in text(proc.stderr)
    assert "left untouched" in text(proc.stderr)
    assert path.read_bytes() == original
    assert sidecars(path) == []


# ---- a process killed while it writes ------------------------------------------------------

def test_a_command_killed_midway_leaves_the_file_as_before_or_after(run, workdir, rampart_bin, shell_env):
    """SIGKILL (what a power cut leaves, short of the disk) at several moments of a large
    import, then of a large removal: each time the file opens as it was before the command or
    as after it, never half."""
    import signal
    import time
    assets, per = 20_000, 10
    lines = ["id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h"]
    lines += [f"a{i},,energy,,,{i},,,1" for i in range(assets)]
    (workdir / "assets.csv").write_text("\n".join(lines) + "\n")
    lines = ["dependent,provider,kind,strength,delay_h"]
    lines += [f"a{i},a{(i + k + 1) % assets},physical,0.5,0" for i in range(assets) for k in range(per)]
    (workdir / "deps.csv").write_text("\n".join(lines) + "\n")
    assert run("big.rampart", "import assets assets.csv").returncode == 0

    def deps():
        proc = run("-csv", "-noheader", "big.rampart", "summary")
        assert proc.returncode == 0, text(proc.stderr)
        counts = dict(line.split(",") for line in text(proc.stdout).split())
        assert counts["assets"] == str(assets)
        return int(counts["dependencies"])

    def killed_after(delay, command):
        proc = subprocess.Popen([rampart_bin, "big.rampart", command], cwd=workdir, env=shell_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    # Whole, the import succeeds (so that the kills below interrupt real work).
    proc = run("big.rampart", "import deps deps.csv", timeout=300)
    assert proc.returncode == 0, text(proc.stderr)
    assert deps() == assets * per
    assert run("big.rampart", "dep remove where strength > 0").returncode == 0

    seen = set()
    for delay in (0.1, 0.5, 1.2):
        killed_after(delay, "import deps deps.csv")
        count = deps()
        assert count in (0, assets * per), f"killed after {delay} s: {count} dependencies"
        seen.add(count)
        if count:
            assert run("big.rampart", "dep remove where strength > 0").returncode == 0
    assert 0 in seen
    # An ordinary command writes through the write-ahead log: the same holds for a large removal.
    for delay in (0.1, 0.4):
        if deps() == 0:
            assert run("big.rampart", "import deps deps.csv", timeout=300).returncode == 0
        killed_after(delay, "dep remove where strength > 0")
        assert deps() in (0, assets * per), f"removal killed after {delay} s"


def test_sigterm_stops_the_shell_cleanly(run, workdir, rampart_bin, shell_env):
    """SIGTERM interrupts the running command (which changes nothing) or the wait for input;
    the shell closes the file and exits with 128 + 15."""
    import signal
    import time
    rows = "".join(f"t{i},,energy,,,{i},,,\n" for i in range(300_000))
    (workdir / "big.csv").write_text("id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n" + rows)
    assert run("term.rampart", "asset add seed sector=energy").returncode == 0
    for args, stdin in [(["term.rampart"], subprocess.PIPE),  # a piped shell waiting for input
                        (["term.rampart", "import assets big.csv"], subprocess.DEVNULL)]:
        proc = subprocess.Popen([rampart_bin, *args], cwd=workdir, env=shell_env, stdin=stdin,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.5)
        if proc.poll() is not None:
            pytest.skip("the import finished within half a second; nothing to stop")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert sorted(p.name for p in workdir.iterdir() if p.name.startswith("term.rampart")) == ["term.rampart"]
        proc = run("-csv", "-noheader", "-readonly", "term.rampart", "asset list fields=(id)")
        assert text(proc.stdout).split() == ["seed"]


# ---- files changed by another program ------------------------------------------------------

OUTSIDE_SETUP = """
asset add plant sector=energy population=100k recovery=48h
asset add water sector=water population=50k recovery=12h
asset add clinic sector=health population=5k recovery=4h
dep add water -> plant strength=0.9
dep add clinic -> water strength=0.8 delay=6h
"""
ANALYSES = ["snapshot", "cascade plant", "criticality top 3", "criticality top 3 method=reach",
            "simulate cascade random trials=50 seed=1", "risk top 3", "continuity gaps", "priorities"]


def edited_outside(run, workdir, *statements):
    """An assessment built by the shell, then changed by sqlite3 without foreign keys (the
    sqlite3 shell's default), as an analyst editing the file by hand would."""
    sqlite3 = pytest.importorskip("sqlite3")
    assert run("edited.rampart", input=OUTSIDE_SETUP).returncode == 0
    con = sqlite3.connect(workdir / "edited.rampart")
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return "edited.rampart"


@pytest.mark.parametrize("edit", [
    "UPDATE dep SET provider = 999 WHERE rid = 1",
    "UPDATE dep SET dependent = 0 WHERE rid = 2",
    "UPDATE dep SET dependent = -3 WHERE rid = 2",
    "DELETE FROM asset WHERE id = 'water'",
    "DELETE FROM sector WHERE id = 'health'",
])
def test_dangling_references_are_reported_not_crashed_on(run, workdir, edit):
    path = edited_outside(run, workdir, edit)
    for command in ANALYSES:
        proc = run(path, command)
        err = text(proc.stderr)
        assert proc.returncode == 1, (command, err)
        assert "the assessment file is inconsistent" in err, (command, err)
    # What does not need the graph still works, and the repair the message gives mends the file.
    assert run(path, "asset list").returncode == 0
    repair = re.search(r"`([^`]+ is null[^`]*)`", err).group(1).replace("…", "energy")
    proc = run(path, repair, "cascade plant")
    assert proc.returncode == 0, text(proc.stderr)


def test_sparse_and_negative_row_ids_from_another_program(run, workdir):
    # Rampart numbers rows densely; another program may not. Both kinds still load.
    path = edited_outside(
        run, workdir,
        "INSERT INTO asset(rid, id, sector, population, recovery, tlp) "
        "VALUES (-7, 'pump', (SELECT rid FROM sector WHERE id = 'water'), 1000, 24, 'AMBER')",
        "INSERT INTO asset(rid, id, sector, population, recovery, tlp) "
        "VALUES (1099511627776, 'tank', (SELECT rid FROM sector WHERE id = 'water'), 2000, 24, 'AMBER')",
        "INSERT INTO dep(dependent, provider, kind, strength, delay, tlp) VALUES (-7, 1, 'physical', 1, 0, 'AMBER')",
        "INSERT INTO dep(dependent, provider, kind, strength, delay, tlp) VALUES (1099511627776, -7, 'physical', 1, 0, 'AMBER')")
    proc = run("-csv", path, "cascade plant")
    assert proc.returncode == 0, text(proc.stderr)
    lost = text(proc.stdout)
    assert "pump" in lost and "tank" in lost


def test_ids_in_two_unicode_forms_from_another_program_are_reported(run, workdir):
    # Rampart stores ids composed (NFC); another program can add the same id decomposed
    # (NFD). Rampart could then take one asset for the other, so the analyses that look assets
    # up by id refuse the file; the rest (a ranking of every asset, listings) still run.
    path = edited_outside(
        run, workdir,
        "INSERT INTO asset(id, sector, population, recovery, tlp) "
        "VALUES ('caf\u00e9', (SELECT rid FROM sector WHERE id = 'energy'), 10, 24, 'AMBER')",
        "INSERT INTO asset(id, sector, population, recovery, tlp) "
        "VALUES ('cafe\u0301', (SELECT rid FROM sector WHERE id = 'energy'), 20, 48, 'AMBER')")
    for command in ["cascade plant", "criticality where id in (plant, water)", "risk top 3"]:
        proc = run(path, command)
        err = text(proc.stderr)
        assert proc.returncode == 1, (command, err)
        assert "two assets have the id 'caf\u00e9' in two Unicode forms" in err, (command, err)
    for command in ["asset list", "criticality top 3"]:
        assert run(path, command).returncode == 0, command


def test_readonly_session_leaves_the_file_identical(run, workdir):
    assert run("ro.rampart", input="asset add a sector=energy\n").returncode == 0
    before = {p.name: p.read_bytes() for p in workdir.glob("ro.rampart*")}
    proc = run("-readonly", "ro.rampart", input="asset list\nasset add b sector=energy\n")
    assert proc.returncode == 1
    after = {p.name: p.read_bytes() for p in workdir.glob("ro.rampart*")}
    assert after["ro.rampart"] == before["ro.rampart"]


# ---- .read -----------------------------------------------------------------------------------

def test_read_runs_a_script(run, workdir):
    (workdir / "setup.rampart").write_text(
        "# a script read with .read\n"
        "asset add s1 sector=energy\n"
        "asset add s1 sector=energy\n"
        ".read data/script.rampart\n"
        "asset add s2 sector=water\n")
    proc = run("-csv", "-noheader", input="asset add before sector=ict\n.read setup.rampart\n.read missing.rampart\nasset list fields=(id)\n")
    assert proc.returncode == 1
    # data/script.rampart lists the ids (after s1); then the final list
    assert text(proc.stdout).split() == ["before", "s1", "before", "s1", "s2"]
    assert text(proc.stderr).splitlines() == [
        "Error in setup.rampart near line 3: asset s1 already exists; use 'asset set' to change it",
        "Error near line 3: cannot open missing.rampart: No such file or directory",
    ]


def test_read_stops_at_the_first_error_with_bail(run, workdir):
    (workdir / "failing.rampart").write_text("asset add f1 sector=energy\nbogus\nasset add f2 sector=energy\n")
    proc = run("-bail", "-csv", "-noheader", input=".read failing.rampart\nasset list fields=(id)\n")
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert text(proc.stderr).startswith("Error in failing.rampart near line 2: unknown command 'bogus'")


def test_read_of_a_script_that_reads_itself(run, workdir):
    (workdir / "loop.rampart").write_text(".read loop.rampart\n")
    proc = run(input=".read loop.rampart\nsector list fields=(id) limit 1\n", timeout=60)
    assert proc.returncode in (0, 1)
    assert "Error" in text(proc.stderr)


# ---- .output and .once -----------------------------------------------------------------------

def test_output_redirects_until_reset(run, workdir):
    script = """
asset add a sector=energy
.output listing.txt
asset list fields=(id)
sector list fields=(id) limit 1
.output
summary
"""
    proc = run("-csv", input=script)
    assert proc.returncode == 0, text(proc.stderr)
    assert (workdir / "listing.txt").read_text() == "id\na\nid\nenergy\n"
    assert text(proc.stdout).startswith("entity,count\n")
    assert "id\na" not in text(proc.stdout)


def test_output_to_an_unwritable_place(run, workdir):
    proc = run("-csv", input=".output no-such-dir/out.txt\nsector list fields=(id) limit 1\n")
    assert proc.returncode == 1
    assert text(proc.stderr).startswith("Error near line 1: cannot write no-such-dir/out.txt")
    assert text(proc.stdout) == "id\nenergy\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_fails_the_command(run, workdir, rampart_bin, shell_env):
    # A full disk: the command fails and says why; the next one, written elsewhere, succeeds.
    proc = run("-csv", input=".output /dev/full\nsector list fields=(id) limit 1\n.output stdout\nsector list fields=(id) limit 1\n")
    assert proc.returncode == 1
    assert text(proc.stderr) == "Error near line 2: cannot write the output: No space left on device\n"
    assert text(proc.stdout) == "id\nenergy\n"
    # Standard output itself on a full disk: the same, and the exit status says it.
    import subprocess as sp
    with open("/dev/full", "w") as full:
        proc = sp.run([rampart_bin, "-batch", ":memory:", "summary"], stdout=full, stderr=sp.PIPE, env=shell_env, timeout=60)
    assert proc.returncode == 1
    assert text(proc.stderr) == "Error: cannot write the output: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_large_table_that_cannot_be_written_fails_once(run, workdir):
    # A table of several hundred KiB goes out in many writes: every one fails, the command is
    # reported once, and the table written elsewhere afterwards is whole.
    adds = "".join(f"asset add a{i:05d} sector=energy name=\"asset number {i} of many\"\n" for i in range(4000))
    proc = run("-batch", input=adds + ".mode box\n.output /dev/full\nasset list\n.output stdout\nasset list\n")
    assert proc.returncode == 1
    errors = text(proc.stderr).splitlines()
    assert len(errors) == 1 and errors[0].endswith("cannot write the output: No space left on device")
    lines = text(proc.stdout).splitlines()
    assert len(lines) == 4000 + 4 and lines[-1].startswith("└") and "a03999" in lines[-2]


def test_once_redirects_only_the_next_command(run, workdir):
    proc = run("-csv", input=".once once.txt\nsector list fields=(id) limit 1\nsector list fields=(name) limit 1\n")
    assert proc.returncode == 0, text(proc.stderr)
    assert (workdir / "once.txt").read_text() == "id\nenergy\n"
    assert text(proc.stdout) == "name\nEnergy\n"


def test_output_stdout_means_standard_output(run, workdir):
    proc = run("-csv", input=".output stdout\nsector list fields=(id) limit 1\n")
    assert proc.returncode == 0, text(proc.stderr)
    assert not (workdir / "stdout").exists()
    assert text(proc.stdout) == "id\nenergy\n"


def test_output_dash_means_standard_output(run, workdir):
    proc = run("-csv", input=".output -\nsector list fields=(id) limit 1\n")
    assert proc.returncode == 0, text(proc.stderr)
    assert not (workdir / "-").exists()
    assert text(proc.stdout) == "id\nenergy\n"


# ---- other session-level behaviour -----------------------------------------------------------

def test_timer_reports_run_time(run):
    proc = run(input=".timer on\nsector list fields=(id) limit 1\n.timer off\nsector list fields=(id) limit 1\n")
    assert proc.returncode == 0, text(proc.stderr)
    lines = text(proc.stdout).splitlines()
    timings = [l for l in lines if l.startswith("Run Time:")]
    assert len(timings) == 1
    assert re.fullmatch(r"Run Time: \d+(\.\d+)? s", timings[0])


def test_safe_mode_creates_no_files(run, workdir):
    before = sorted(p.relative_to(workdir) for p in workdir.rglob("*"))
    script = (Path(__file__).parent / "transcripts" / "safe.rampart").read_bytes()
    proc = run("-safe", input=script)
    assert proc.returncode == 1
    after = sorted(p.relative_to(workdir) for p in workdir.rglob("*"))
    assert after == before


def test_invalid_utf8_fails_only_that_command(run):
    script = (b"asset add good1 sector=energy\n"
              b"asset add bad sector=energy name=\"caf\xe9 \xff\"\n"
              b"asset add good2 sector=energy\n"
              b"asset list fields=(id)\n")
    proc = run("-csv", "-noheader", input=script)
    assert proc.returncode == 1
    assert text(proc.stdout).split() == ["good1", "good2"]
    err = text(proc.stderr)
    assert err.startswith("Error near line 2: ") and "UTF-8" in err
    assert len(err.splitlines()) == 1


def test_crlf_line_endings_are_accepted(run):
    proc = run("-csv", "-noheader", input=b"asset add a sector=energy\r\nasset list fields=(id, sector)\r\n")
    assert proc.returncode == 0, text(proc.stderr)
    assert text(proc.stdout) == "a,energy\n"
