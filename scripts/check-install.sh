#!/bin/sh
# Installs Rampart into a temporary prefix with `make install` and builds the C example against
# it with pkg-config alone, as a user would. Usage: scripts/check-install.sh [CONFIG]
set -eu
config="${1:-debug}"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
make -s install PREFIX="$prefix" CONFIG="$config" RAMPART_SETUP_PYTHON=0 >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cc -std=c99 -Wall -Wextra -Werror -o "$prefix/demo" examples/c/demo.c $(pkg-config --cflags --libs rampart)
"$prefix/demo" >/dev/null
test -x "$prefix/bin/rampart"
"$prefix/bin/rampart" -version >/dev/null
echo "install: 1 passed, 0 failed"
