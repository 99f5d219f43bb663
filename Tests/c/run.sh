#!/bin/sh
# run.sh DIR — the C test suite of librampart.
#
# DIR is a build directory holding lib/librampart.so (e.g. `build` after `make`). The header is
# taken from include/ of this repository. Steps:
#   1. the header compiles as C99 and as C++11 with every warning an error (test_header.c),
#      and test_header.c names every function the header declares;
#   2. check_symbols.sh: declared functions == exported rampart_* symbols;
#   3. the example program examples/c/demo.c builds and runs;
#   4. test_threads, test_misuse, test_files and test_columns build and pass.
# Each step prints its own lines; the last line is "N passed, M failed" over all of them.
# Environment: CC (default gcc), CXX (default g++), TMPDIR.
set -u

if [ $# -lt 1 ]; then
    echo "usage: sh Tests/c/run.sh DIR   (DIR/lib/librampart.so is tested)" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "run.sh: no such directory: $1" >&2; exit 2; }
lib=$dir/lib
cc=${CC:-gcc}
cxx=${CXX:-g++}
include=$root/include

passed=0
failed=0
known=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

if [ ! -f "$lib/librampart.so" ]; then
    echo "FAIL - $lib/librampart.so not found (build first, e.g. make)"
    echo "0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rampart-ctest.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT PIPE TERM

strict_c="-std=c99 -Wall -Wextra -pedantic -Werror"
strict_cxx="-std=c++11 -Wall -Wextra -pedantic -Werror"
link="-L$lib -Wl,-rpath,$lib -lrampart"

# Adds the "N passed, M failed" line of a test's output to the totals. A test that crashed or
# printed no summary counts as one failure.
tally() { # name exit-status output-file
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$3" | tail -n 1)
    if [ -z "$summary" ]; then
        fail "$1 ended without a summary (exit status $2; crashed?)"
        return
    fi
    p=${summary%% passed*}
    f=${summary#*, }
    f=${f%% failed}
    passed=$((passed + p))
    failed=$((failed + f))
    known=$((known + $(grep -c '^xfail - ' "$3")))
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
        fail "$1 exited with status $2"
    fi
}

# Compiles; on failure shows the compiler's messages.
build() { # what output command...
    what=$1
    shift
    if "$@" > "$work/build.log" 2>&1; then
        ok "build $what"
        return 0
    fi
    sed 's/^/    /' "$work/build.log"
    fail "build $what"
    return 1
}

echo "# librampart C tests against $lib/librampart.so"

# 1. Header
echo "# header"
if build "test_header.c as C99 ($strict_c)" \
    $cc $strict_c -I"$include" "$here/test_header.c" $link -o "$work/header_c"; then
    if "$work/header_c" > "$work/header.out" 2>&1; then ok "run header test (C)"; else fail "run header test (C)"; fi
    sed 's/^/    /' "$work/header.out"
fi
if build "test_header.c as C++11 ($strict_cxx)" \
    $cxx $strict_cxx -x c++ -I"$include" "$here/test_header.c" $link -o "$work/header_cxx"; then
    if "$work/header_cxx" > "$work/header.out" 2>&1; then ok "run header test (C++)"; else fail "run header test (C++)"; fi
    sed 's/^/    /' "$work/header.out"
fi
# every declared function appears in the header test
$cc -E -P -x c "$include/rampart.h" 2>/dev/null | tr '\n' ' ' | tr ';' '\n' \
    | grep -o 'rampart_[A-Za-z0-9_]*[[:space:]]*(' | sed 's/[[:space:]]*($//' | sort -u > "$work/declared"
untested=""
while read -r name; do
    grep -q "= $name;" "$here/test_header.c" || untested="$untested $name"
done < "$work/declared"
if [ -s "$work/declared" ] && [ -z "$untested" ]; then
    ok "test_header.c takes the address of all $(wc -l < "$work/declared" | tr -d ' ') declared functions"
else
    fail "test_header.c does not take the address of:${untested:- (no declarations found)}"
fi

# 2. Exported symbols
echo "# symbols"
sh "$here/check_symbols.sh" "$dir" > "$work/symbols.out" 2>&1
status=$?
cat "$work/symbols.out"
tally check_symbols.sh $status "$work/symbols.out"

# 3. The example program
echo "# examples/c/demo.c"
if build "examples/c/demo.c" \
    $cc $strict_c -I"$include" "$root/examples/c/demo.c" $link -o "$work/demo"; then
    "$work/demo" > "$work/demo.out" 2>&1
    status=$?
    sed 's/^/    /' "$work/demo.out"
    if [ $status -eq 0 ] && grep -q 'grid-north' "$work/demo.out"; then
        ok "demo runs and lists its assets"
    else
        fail "demo runs and lists its assets (exit status $status)"
    fi
fi

# 4. Test programs
for t in test_threads test_misuse test_files test_columns; do
    echo "# $t"
    if build "$t.c" $cc $strict_c -pthread -I"$include" -I"$here" "$here/$t.c" $link -lm -o "$work/$t"; then
        mkdir -p "$work/tmp-$t"
        "$work/$t" "$work/tmp-$t" > "$work/$t.out" 2>&1
        status=$?
        cat "$work/$t.out"
        tally "$t" $status "$work/$t.out"
    fi
done

echo "# total"
[ "$known" -gt 0 ] && echo "$known known bug(s) marked xfail, not counted"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
