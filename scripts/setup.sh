#!/bin/sh
# Installs what building and testing Rampart needs on Debian: the C libraries and tools from
# apt, and the Python packages the tests and benchmarks use. Safe to run repeatedly: it only
# installs what is missing.
set -eu

need=""
for pkg in libedit-dev libsqlite3-dev pkg-config tmux gcc g++ python3-venv; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
if [ -n "$need" ]; then
    echo "setup: installing$need"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
fi

if [ "${RAMPART_SETUP_PYTHON:-1}" = 1 ]; then
    python3 - <<'PY' || python3 -m pip install -q --disable-pip-version-check -r scripts/requirements-test.txt
import importlib.util, sys
missing = [m for m in ("pytest", "numpy", "networkx", "scipy", "pandas") if importlib.util.find_spec(m) is None]
sys.exit(1 if missing else 0)
PY
fi
