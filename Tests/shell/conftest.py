"""Shared set-up of the tests of the `rampart` shell.

The shell under test is $RAMPART_BIN, or build/bin/rampart of this repository (what `make`
stages). Every run gets a private environment: a temporary HOME and RAMPART_HISTORY, a fixed
login name (recorded as the actor of the audit log), UTC and a UTF-8 locale.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = HERE / "data"


def rampart_path():
    """The shell binary to test, as an absolute path (it may not exist)."""
    configured = os.environ.get("RAMPART_BIN")
    if not configured:
        return ROOT / "build" / "bin" / "rampart"
    path = Path(configured)
    if path.is_absolute():
        return path
    # A relative path: from the current directory, else from the repository root.
    return (Path.cwd() / path).resolve() if (Path.cwd() / path).exists() else ROOT / path


@pytest.fixture(scope="session")
def rampart_bin():
    """Absolute path of the shell; fails every test that needs it when it is missing."""
    path = rampart_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        how = "RAMPART_BIN=" + os.environ["RAMPART_BIN"] if "RAMPART_BIN" in os.environ \
            else "the default build/bin/rampart"
        pytest.fail(f"rampart shell not found at {path} ({how}); build it with `make` "
                    "or point RAMPART_BIN at the binary", pytrace=False)
    return str(path)


def clean_env(home):
    """The environment of a shell run: nothing from the caller's Rampart settings leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAMPART_")}
    env.update({
        "HOME": str(home),
        "RAMPART_HISTORY": str(Path(home) / "history"),
        "USER": "tester",
        "LOGNAME": "tester",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
    })
    env.pop("LANGUAGE", None)
    return env


@pytest.fixture(scope="session")
def env_for():
    """env_for(home) -> the environment of a shell run whose HOME is `home`."""
    return clean_env


@pytest.fixture
def workdir(tmp_path):
    """A fresh working directory holding a copy of Tests/shell/data as `data/`."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(DATA, work / "data")
    return work


@pytest.fixture
def shell_env(tmp_path):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return clean_env(home)


@pytest.fixture
def run(rampart_bin, workdir, shell_env):
    """run(*args, input=str|bytes, cwd=workdir, timeout=60) -> CompletedProcess (bytes).

    Runs the shell with its standard input a pipe (batch mode)."""
    def runner(*args, input=b"", cwd=None, timeout=60, env=None):
        if isinstance(input, str):
            input = input.encode("utf-8")
        return subprocess.run([rampart_bin, *map(str, args)], input=input, capture_output=True,
                              cwd=str(cwd or workdir), env=env or shell_env, timeout=timeout)
    return runner
