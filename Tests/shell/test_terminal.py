"""The shell on a real terminal, driven through tmux on a private socket.

Each test starts its own tmux server (`tmux -S SOCKET -f /dev/null`), runs the shell in a
200x50 window, types with `send-keys` and reads the screen with `capture-pane -p`, polling with
a timeout rather than sleeping for fixed times. After the shell exits the pane prints
`__EXITED__ <status>` so that the exit status can be read from the screen.

The pane's shell runs the command with job control on (`set -m`), as a login shell would: the
shell gets its own foreground process group, so a Ctrl-C reaches it alone. Without this, the
pane's shell shares the group and receives the same SIGINTs, including the one libedit re-sends
to the group. Depending on timing, bash then exits and takes the tmux server with it.
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

if shutil.which("tmux") is None:
    pytest.skip("tmux is not installed; the terminal tests need it", allow_module_level=True)

PROMPT = "rampart> "
CONTINUATION = "   ...> "
EXITED = re.compile(r"__EXITED__ (\d+)")


class Terminal:
    """One shell in one tmux window."""

    def __init__(self, argv, env, cwd):
        # A socket path must stay short (the sun_path limit), so it lives in its own small dir.
        self.dir = tempfile.mkdtemp(prefix="rt-")
        self.socket = os.path.join(self.dir, "s")
        self.env = dict(env)
        self.env.pop("TMUX", None)
        command = f"set -m; {shlex.join(argv)}; echo __EXITED__ $?; sleep 600"
        self.tmux("new-session", "-d", "-x", "200", "-y", "50", "-s", "t", "-c", str(cwd), command)

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", *args], env=self.env,
                              capture_output=True, text=True, check=check, timeout=30)

    def type(self, text):
        """Types `text` literally (no key names)."""
        self.tmux("send-keys", "-t", "t", "-l", text)

    def keys(self, *names):
        """Presses keys by tmux name: Enter, Tab, Up, C-c, C-d, C-u…"""
        self.tmux("send-keys", "-t", "t", *names)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "t").stdout

    def wait_for(self, pattern, timeout=15.0, flags=re.M):
        """Polls the screen until the regular expression matches; returns the match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, flags)
        while True:
            screen = self.screen()
            m = regex.search(screen)
            if m:
                return m
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {pattern!r}; screen:\n{screen}")
            time.sleep(0.05)

    def stays_without(self, pattern, seconds):
        """True when `pattern` does not appear on the screen for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if re.search(pattern, self.screen(), re.M):
                return False
            time.sleep(0.05)
        return True

    def last_line(self):
        lines = [l for l in self.screen().splitlines() if l.strip()]
        return lines[-1] if lines else ""

    def wait_prompt(self, count=None, timeout=15.0):
        """Waits until the last non-empty line is an empty prompt (and, if given, until there
        are at least `count` prompts on the screen)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            lines = [l for l in screen.splitlines() if l.strip()]
            if lines and lines[-1].rstrip() == PROMPT.rstrip() and \
                    (count is None or screen.count(PROMPT.rstrip()) >= count):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for a fresh prompt; screen:\n{screen}")
            time.sleep(0.05)

    def exit_status(self, timeout=15.0):
        return int(self.wait_for(EXITED.pattern, timeout).group(1))

    def close(self):
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def terminal(rampart_bin, workdir, shell_env):
    """terminal(*args, history=None) starts the shell with args on a terminal."""
    started = []

    def start(*args, history=None):
        env = dict(shell_env)
        if history is not None:
            env["RAMPART_HISTORY"] = str(history)
        t = Terminal([rampart_bin, *map(str, args)], env, workdir)
        started.append(t)
        return t

    yield start
    for t in started:
        t.close()


@pytest.fixture
def small_assessment(run, workdir):
    """An assessment file with a few assets whose ids have distinct prefixes."""
    script = ("asset add alpha-substation name=\"Alpha substation\" sector=energy population=300k\n"
              "asset add bravo-waterworks sector=water\n"
              "threat add ram-raid modality=ramming frequency=0.1/yr\n")
    assert run("small.rampart", input=script).returncode == 0
    return "small.rampart"


# ---- banner, prompt, commands ----------------------------------------------------------------

def test_banner_and_prompt(terminal):
    t = terminal()
    t.wait_for(r"^Rampart \d+\.\d+\.\d+")
    screen = t.wait_prompt()
    assert "in-memory" in screen  # no FILE: the banner says the work is transient


def test_command_shows_a_table(terminal):
    t = terminal()
    t.wait_prompt()
    t.type("sector list fields=(id, name) limit 2")
    t.keys("Enter")
    t.wait_for(r"^\| energy +\| Energy +\|$")
    screen = t.wait_prompt(count=2)
    assert re.search(r"^\| water +\| Water +\|$", screen, re.M)
    assert re.search(r"^\+-+\+-+\+$", screen, re.M)


def test_error_is_reported_and_the_shell_goes_on(terminal):
    t = terminal()
    t.wait_prompt()
    t.type("aset list")
    t.keys("Enter")
    t.wait_for(r"^Error: unknown command 'aset' \(did you mean 'asset'\?\)")
    t.wait_prompt(count=2)


def test_notes_follow_a_table_on_a_terminal_but_not_in_a_pipe(terminal, run, small_assessment):
    command = "criticality top 2 method=estimate check=2"
    t = terminal(small_assessment, command)
    t.wait_for(r"^estimate: 0 of 2 cascades cut at 4096 assets")
    assert t.exit_status() == 0
    piped = run(small_assessment, command)
    assert piped.returncode == 0 and b"alpha-substation" in piped.stdout
    assert b"estimate:" not in piped.stdout + piped.stderr


def test_multi_line_entry_shows_the_continuation_prompt(terminal):
    t = terminal()
    t.wait_prompt()
    t.type("sector list fields=(id) where")
    t.keys("Enter")
    t.wait_for("^" + re.escape(CONTINUATION.rstrip()) + r"\s*$")
    t.type("id = water")
    t.keys("Enter")
    t.wait_for(r"^\| water \|$")
    screen = t.wait_prompt(count=2)
    assert re.search("^" + re.escape(CONTINUATION) + "id = water$", screen, re.M)


# ---- tab completion --------------------------------------------------------------------------

def complete(t, text):
    """Types `text`, presses Tab and returns the prompt line once it changed."""
    t.type(text)
    t.wait_for("^" + re.escape(PROMPT + text) + r"\s*$")
    t.keys("Tab")
    deadline = time.monotonic() + 5
    line = ""
    while time.monotonic() < deadline:
        lines = [l for l in t.screen().splitlines() if l.startswith(PROMPT)]
        line = lines[-1].rstrip() if lines else ""
        if line != (PROMPT + text).rstrip():
            break
        time.sleep(0.05)
    return line[len(PROMPT):] if line.startswith(PROMPT) else line


def test_tab_completes_a_command(terminal):
    t = terminal()
    t.wait_prompt()
    assert re.fullmatch(r"asset", complete(t, "ass").strip())


def test_tab_completes_a_verb(terminal):
    t = terminal()
    t.wait_prompt()
    assert re.fullmatch(r"asset\s+list", complete(t, "asset li").strip())


def test_tab_completes_a_field(terminal):
    t = terminal()
    t.wait_prompt()
    assert re.fullmatch(r"asset list where\s+population", complete(t, "asset list where popu").strip())


def test_tab_completes_a_referenced_asset_id(terminal, small_assessment):
    t = terminal(small_assessment)
    t.wait_prompt()
    assert complete(t, "vuln add alp").strip() == "vuln add alpha-substation"


def test_tab_completes_the_id_of_asset_show(terminal, small_assessment):
    t = terminal(small_assessment)
    t.wait_prompt()
    assert complete(t, "asset show alp").strip() == "asset show alpha-substation"


def test_tab_completes_the_provider_of_a_dependency(terminal, small_assessment):
    t = terminal(small_assessment)
    t.wait_prompt()
    assert complete(t, "dep add bravo-waterworks -> alp").strip() == \
        "dep add bravo-waterworks -> alpha-substation"


def test_tab_completes_what_an_analysis_takes(terminal, small_assessment):
    # Ids, options (no space after `=`) and the words after `by`, as the usage line has them.
    t = terminal(small_assessment)
    t.wait_prompt()
    assert complete(t, "cascade alp").strip() == "cascade alpha-substation"
    for typed in ["du", "72h by se"]:
        t.type(typed)
        t.keys("Tab")
    t.wait_for("^" + re.escape(PROMPT) + r"cascade alpha-substation duration=72h by sector\s*$")


def test_tab_completes_inside_a_list_without_spaces(terminal):
    t = terminal()
    t.wait_prompt()
    for typed in ["sector list fields=(i", ", na"]:
        t.type(typed)
        t.keys("Tab")
    t.type(")")
    t.wait_for("^" + re.escape(PROMPT) + r"sector list fields=\(id, name\)$")


def test_tab_completes_a_dot_command(terminal):
    t = terminal()
    t.wait_prompt()
    assert complete(t, ".hea").strip() == ".headers"


# ---- history ---------------------------------------------------------------------------------

def test_history_is_recalled_after_a_restart(terminal, tmp_path):
    history = tmp_path / "history"
    t = terminal(history=history)
    t.wait_prompt()
    t.type("sector list fields=(id) limit 1")
    t.keys("Enter")
    t.wait_prompt(count=2)
    t.type("sector list fields=(name) where")
    t.keys("Enter")
    t.wait_for("^" + re.escape(CONTINUATION.rstrip()))
    t.type("id = water")
    t.keys("Enter")
    t.wait_for(r"^\| Water \|$")
    t.wait_prompt(count=2)
    t.keys("C-d")
    assert t.exit_status() == 0
    assert history.exists()

    again = terminal(history=history)
    again.wait_prompt()
    again.keys("Up")
    again.wait_for(r"^" + re.escape(PROMPT) + r"sector list fields=\(name\) where")
    again.keys("Up")
    again.wait_for(r"^" + re.escape(PROMPT) + r"sector list fields=\(id\) limit 1\s*$")
    again.keys("Enter")
    again.wait_for(r"^\| energy \|$")
    again.wait_prompt(count=2)


# ---- Ctrl-C and Ctrl-D -----------------------------------------------------------------------

def test_ctrl_d_exits(terminal):
    t = terminal()
    t.wait_prompt()
    t.keys("C-d")
    assert t.exit_status() == 0


def test_ctrl_c_twice_at_the_prompt_exits(terminal):
    t = terminal()
    t.wait_prompt()
    t.keys("C-c")
    time.sleep(0.3)
    t.keys("C-c")
    t.wait_for(EXITED.pattern)


def test_first_ctrl_c_at_the_prompt_only_cancels_the_line(terminal):
    t = terminal()
    t.wait_prompt()
    t.type("asset li")
    t.keys("C-c")
    assert t.stays_without(EXITED.pattern, 1.5), "the shell exited on the first Ctrl-C"
    t.wait_prompt(count=2)
    t.type("sector list fields=(id) limit 1")
    t.keys("Enter")
    t.wait_for(r"^\| energy \|$")


def test_ctrl_c_at_the_continuation_prompt_abandons_the_command(terminal):
    t = terminal()
    t.wait_prompt()
    t.type("sector list fields=(id) where")
    t.keys("Enter")
    t.wait_for("^" + re.escape(CONTINUATION.rstrip()) + r"\s*$")
    t.keys("C-c")
    t.wait_prompt(count=2)
    # The abandoned `where` does not swallow the next command.
    t.type("sector list fields=(id) limit 1")
    t.keys("Enter")
    t.wait_for(r"^\| energy \|$")
    t.wait_prompt(count=3)
    assert EXITED.search(t.screen()) is None


def test_closing_the_terminal_leaves_the_file_closed(terminal, run, workdir):
    # The terminal going away (SIGHUP) used to kill the shell while it closed the file, which
    # left a journal to recover: the file then could not be opened read-only.
    assert run("hup.rampart", "asset add a sector=energy").returncode == 0
    for _ in range(3):
        t = terminal("hup.rampart")
        t.wait_prompt()
        t.type("summary")
        t.keys("Enter")
        t.wait_prompt(count=2)
        t.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and [p for p in workdir.iterdir() if p.name.startswith("hup.rampart-")]:
            time.sleep(0.05)
        assert sorted(p.name for p in workdir.iterdir() if p.name.startswith("hup.rampart")) == ["hup.rampart"]
        assert run("-readonly", "hup.rampart", "summary").returncode == 0


def rampart_pid(t):
    """The process id of the shell running in the pane (the child of the pane's own shell)."""
    pane = t.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.strip()
    with open(f"/proc/{pane}/task/{pane}/children") as f:
        return int(f.read().split()[0])


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_sigterm_at_the_prompt_closes_and_exits_143(terminal, run, workdir):
    assert run("term.rampart", "asset add a sector=energy").returncode == 0
    t = terminal("term.rampart")
    t.wait_prompt()
    t.type("asset li")
    os.kill(rampart_pid(t), signal.SIGTERM)
    assert t.exit_status() == 143
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith("term.rampart")) == ["term.rampart"]


def blocked_signals(pid, tid):
    """The set of signal numbers that thread `tid` of process `pid` blocks (from /proc)."""
    with open(f"/proc/{pid}/task/{tid}/status") as f:
        mask = int(next(l for l in f if l.startswith("SigBlk:")).split()[1], 16)
    return {n for n in range(1, 65) if mask >> (n - 1) & 1}


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_only_the_main_thread_takes_the_signals_libedit_handles(terminal, small_assessment):
    # libedit's handlers use an editor pointer that `readline` clears on return; run on another
    # thread at that moment, they crash. After a parallel command (which leaves idle workers),
    # every thread but the main one must block the signals libedit catches.
    t = terminal(small_assessment)
    t.wait_prompt()
    t.type("criticality top 1")
    t.keys("Enter")
    t.wait_for(r"alpha-substation")
    t.wait_prompt(count=2)
    pid = rampart_pid(t)
    threads = [int(tid) for tid in os.listdir(f"/proc/{pid}/task") if int(tid) != pid]
    assert threads, "the shell has no thread besides the main one"
    libedit_signals = {signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGTERM,
                       signal.SIGTSTP, signal.SIGCONT, signal.SIGWINCH}
    for tid in threads:
        missing = libedit_signals - blocked_signals(pid, tid)
        assert not missing, f"thread {tid} can take {sorted(s.name for s in missing)}"
    assert signal.SIGINT not in blocked_signals(pid, pid)


def write_big_csv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n")
        for i in range(rows):
            f.write(f"bulk-{i},Bulk asset {i},energy,1.5,2.5,{i},1000,24,48\n")


def test_ctrl_c_interrupts_a_long_command(terminal, workdir):
    big = workdir / "big.csv"
    write_big_csv(big, 600_000)
    t = terminal()
    t.wait_prompt()
    t.type(f"import assets {big.name}")
    t.keys("Enter")
    time.sleep(0.5)
    # The import must still be running when Ctrl-C arrives; otherwise this machine is too fast
    # for the test and there is nothing to interrupt.
    if t.last_line().rstrip() == PROMPT.rstrip():
        pytest.skip("importing 600k assets finished within 0.5 s; no long command to interrupt")
    # The import shows how far it has got on one line, which the error then replaces.
    shown = t.wait_for(r"^  \d+% \(\d+ of 600001\)  Ctrl-C stops|^" + re.escape(PROMPT.rstrip()) + r"\s*$", timeout=20)
    if not shown.group(0).startswith("  "):
        pytest.skip("the import finished before its progress could be seen")
    t.keys("C-c")
    outcome = t.wait_for(r"^(\^C)?Error: .*interrupted|^" + re.escape(PROMPT) + r"\^C$", timeout=20)
    if not outcome.group(0).endswith("interrupted"):
        pytest.skip("the import finished just before Ctrl-C arrived; nothing was interrupted")
    assert "Ctrl-C stops" not in t.screen()
    t.wait_prompt(count=2)
    assert EXITED.search(t.screen()) is None
    t.type("summary")
    t.keys("Enter")
    t.wait_for(r"^\| assets +\| +0 \|$")
    t.wait_prompt(count=3)


def test_ctrl_c_stops_a_long_read(terminal, workdir):
    script = workdir / "long.rampart"
    script.write_text("".join(f"asset add r{i} sector=energy\n" for i in range(20_000)))
    t = terminal()
    t.wait_prompt()
    t.type(f".read {script.name}")
    t.keys("Enter")
    time.sleep(0.5)
    if t.last_line().rstrip() == PROMPT.rstrip():
        pytest.skip("the script finished within 0.5 s; nothing to interrupt")
    t.keys("C-c")
    screen = t.wait_prompt(timeout=60)
    if "interrupted" not in screen:
        pytest.skip("the script finished just before Ctrl-C arrived; nothing was interrupted")
    t.type("asset list fields=(id) where id = r19999")
    t.keys("Enter")
    t.wait_for("^" + re.escape(PROMPT) + r"asset list fields=\(id\) where id = r19999$")
    screen = t.wait_prompt()
    assert "| r19999 |" not in screen, "the whole script ran despite Ctrl-C"
