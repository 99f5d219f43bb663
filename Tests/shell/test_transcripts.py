"""Golden transcripts of the shell in batch mode.

Each transcript in transcripts/ is a set of files sharing a name:

    NAME.rampart   the input piped to the shell
    NAME.out       expected standard output
    NAME.err       expected standard error
    NAME.status    expected exit status
    NAME.args      optional: extra command-line arguments, one per line
    NAME.setup     optional: commands run first on test.rampart (must succeed; output ignored)
    NAME.xfail     optional: the transcript shows behaviour the shell does not have yet; the
                   file says why. Its expectations are written by hand and never regenerated.

The shell runs in a fresh directory holding a copy of data/ (so `data/assets.csv` and
`test.rampart` are relative names), without a FILE argument (in memory) unless NAME.args gives
one. Audit-log timestamps are masked as YYYY-MM-DDTHH:MM:SSZ (same width, so tables keep
their layout).

RAMPART_UPDATE_TRANSCRIPTS=1 rewrites .out, .err and .status from the shell's current behaviour
(except for xfail transcripts); review the diff before committing it.
"""

import difflib
import os
import re
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TRANSCRIPTS = HERE / "transcripts"
UPDATE = os.environ.get("RAMPART_UPDATE_TRANSCRIPTS") == "1"
TIMESTAMP = re.compile(rb"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b")


def transcript_names():
    return sorted(p.stem for p in TRANSCRIPTS.glob("*.rampart"))


def mask(data: bytes, workdir: Path) -> bytes:
    data = TIMESTAMP.sub(b"YYYY-MM-DDTHH:MM:SSZ", data)
    return data.replace(str(workdir).encode(), b"<workdir>")


def read_args(name):
    path = TRANSCRIPTS / f"{name}.args"
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line != ""]


def diff(label, expected: bytes, actual: bytes):
    exp = expected.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    act = actual.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    lines = difflib.unified_diff(exp, act, f"expected {label}", f"actual {label}")
    return "".join(lines) or f"{label}: (difference in line endings or trailing newline)\n"


def xfail_reason(name):
    path = TRANSCRIPTS / f"{name}.xfail"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


@pytest.mark.parametrize("name", transcript_names())
def test_transcript(name, rampart_bin, workdir, shell_env, request):
    reason = xfail_reason(name)
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))

    setup = TRANSCRIPTS / f"{name}.setup"
    if setup.exists():
        prepared = subprocess.run([rampart_bin, "test.rampart"], input=setup.read_bytes(),
                                  capture_output=True, cwd=workdir, env=shell_env, timeout=60)
        assert prepared.returncode == 0, f"setup of {name} failed:\n{prepared.stderr.decode()}"

    proc = subprocess.run([rampart_bin, *read_args(name)],
                          input=(TRANSCRIPTS / f"{name}.rampart").read_bytes(),
                          capture_output=True, cwd=workdir, env=shell_env, timeout=120)
    out = mask(proc.stdout, workdir)
    err = mask(proc.stderr, workdir)
    status = f"{proc.returncode}\n".encode()

    if UPDATE and not reason:
        (TRANSCRIPTS / f"{name}.out").write_bytes(out)
        (TRANSCRIPTS / f"{name}.err").write_bytes(err)
        (TRANSCRIPTS / f"{name}.status").write_bytes(status)
        pytest.skip(f"rewrote the expectations of {name}")

    expected = {}
    for ext in ("out", "err", "status"):
        path = TRANSCRIPTS / f"{name}.{ext}"
        if not path.exists():
            pytest.fail(f"{path.name} is missing; run with RAMPART_UPDATE_TRANSCRIPTS=1 to create it",
                        pytrace=False)
        expected[ext] = path.read_bytes()

    problems = []
    if out != expected["out"]:
        problems.append(diff("stdout", expected["out"], out))
    if err != expected["err"]:
        problems.append(diff("stderr", expected["err"], err))
    if status.strip() != expected["status"].strip():
        problems.append(f"exit status: expected {expected['status'].decode().strip()}, "
                        f"got {proc.returncode}\n")
    if problems:
        pytest.fail(f"transcript {name} differs:\n" + "\n".join(problems), pytrace=False)


def test_every_transcript_is_complete():
    """Each input has its three expectation files, and no expectation is orphaned."""
    names = set(transcript_names())
    assert names, "no transcripts found"
    if UPDATE:
        pytest.skip("expectations are being rewritten")
    missing = [f"{n}.{ext}" for n in sorted(names) for ext in ("out", "err", "status")
               if not (TRANSCRIPTS / f"{n}.{ext}").exists()]
    orphans = [p.name for p in TRANSCRIPTS.iterdir()
               if p.suffix in (".out", ".err", ".status", ".args", ".setup", ".xfail")
               and p.stem not in names]
    assert not missing, f"missing expectation files: {missing}"
    assert not orphans, f"files without a NAME.rampart: {orphans}"
