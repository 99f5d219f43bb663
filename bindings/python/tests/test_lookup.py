"""Tests of how the package finds librampart. Each case runs in a fresh interpreter.

The cases that need a real library copy the one the package finds in this environment and
are skipped when there is none (test_rampart.py reports a missing library loudly).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rampart

PACKAGE = Path(rampart.__file__).resolve().parent


def _real_library():
    try:
        path = rampart.library_path()
    except rampart.LibraryNotFound:
        pytest.skip("no librampart available to copy")
    if not os.path.isfile(path):
        pytest.skip("librampart was found through the system loader, not as a file")
    return path


def _run(code, pythonpath, **env_changes):
    env = dict(os.environ)
    env.pop("RAMPART_LIBRARY", None)
    env.update(env_changes)
    env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
        cwd=str(pythonpath),  # "-c" puts the working folder first on sys.path
    )


def _copy_package(dest, with_library=None):
    target = dest / "rampart"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.dylib"))
    if with_library:
        shutil.copy(with_library, target / Path(with_library).name)
    return target


PROBE = """
import rampart
try:
    print("FOUND", rampart.library_path())
except rampart.LibraryNotFound as exc:
    print("MISSING", exc)
"""


def test_missing_env_path_is_reported(tmp_path):
    code = """
import rampart
try:
    rampart.open()
except rampart.LibraryNotFound as exc:
    assert isinstance(exc, ImportError)
    print("MISSING", exc)
"""
    out = _run(code, PACKAGE.parent, RAMPART_LIBRARY=str(tmp_path / "nope.so"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("MISSING")
    assert "RAMPART_LIBRARY" in out.stdout and "nope.so" in out.stdout


def test_nothing_found_lists_places(tmp_path):
    _copy_package(tmp_path)
    out = _run(PROBE, tmp_path, LD_LIBRARY_PATH="")
    assert out.returncode == 0, out.stderr
    if out.stdout.startswith("FOUND"):
        pytest.skip("a system-wide librampart is installed")
    assert "Looked in" in out.stdout
    assert ".build/debug" in out.stdout and "build/lib" in out.stdout
    assert "RAMPART_LIBRARY" in out.stdout


def test_import_works_without_library(tmp_path):
    _copy_package(tmp_path)
    out = _run("import rampart; print(rampart.__version__)", tmp_path,
               RAMPART_LIBRARY=str(tmp_path / "absent.so"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == rampart.__version__


def test_env_variable_wins(tmp_path):
    lib = _real_library()
    copy = tmp_path / "elsewhere" / "librampart.so"
    copy.parent.mkdir()
    shutil.copy(lib, copy)
    out = _run(PROBE, PACKAGE.parent, RAMPART_LIBRARY=str(copy))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "FOUND %s" % copy


def test_package_folder_copy(tmp_path):
    lib = _real_library()
    target = _copy_package(tmp_path, with_library=lib)
    out = _run(PROBE + "\nprint(rampart.version())", tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "FOUND %s" % (target / "librampart.so")


@pytest.mark.parametrize("folder", ["build/lib", ".build/release", ".build/debug"])
def test_build_folders_walking_up(tmp_path, folder):
    lib = _real_library()
    root = tmp_path / "checkout"
    (root / folder).mkdir(parents=True)
    shutil.copy(lib, root / folder / "librampart.so")
    pkg_parent = root / "bindings" / "python"
    pkg_parent.mkdir(parents=True)
    _copy_package(pkg_parent)
    out = _run(PROBE, pkg_parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "FOUND %s" % (root / folder / "librampart.so")


def test_build_folder_order(tmp_path):
    lib = _real_library()
    root = tmp_path / "checkout"
    for folder in ("build/lib", ".build/release", ".build/debug"):
        (root / folder).mkdir(parents=True)
        shutil.copy(lib, root / folder / "librampart.so")
    pkg_parent = root / "bindings" / "python"
    pkg_parent.mkdir(parents=True)
    _copy_package(pkg_parent)
    out = _run(PROBE, pkg_parent)
    assert out.stdout.strip() == "FOUND %s" % (root / "build/lib/librampart.so")
