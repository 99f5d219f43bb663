#!/bin/sh
# check_symbols.sh DIR [HEADER] — compares the functions declared in rampart.h with the
# rampart_* symbols that DIR/lib/librampart.so exports, in both directions:
#   declared but not exported  -> fail (a program using it would not link)
#   exported but not declared  -> fail (undocumented ABI that users could come to rely on)
# It also reports any other global symbol the library exports.
# HEADER defaults to include/rampart.h of this repository. Prints one line per check and
# ends with "N passed, M failed"; exits non-zero on failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${1:?usage: check_symbols.sh DIR [HEADER]}
header=${2:-$root/include/rampart.h}
lib=$dir/lib/librampart.so
cc=${CC:-gcc}

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

if [ ! -f "$header" ]; then
    echo "FAIL - header $header not found"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ ! -f "$lib" ]; then
    echo "FAIL - library $lib not found"
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rampart-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM

# Declared functions: run the preprocessor (which drops comments and macros), join the text
# into one line per declaration, and keep every `rampart_name (` — a function declarator.
# A function-pointer typedef such as `(*rampart_row_cb)(` is not matched: `)` precedes `(`.
if ! "$cc" -E -P -x c "$header" > "$tmp/pre.c" 2> "$tmp/pre.err"; then
    cat "$tmp/pre.err"
    echo "FAIL - preprocessing $header"
    echo "0 passed, 1 failed"
    exit 1
fi
tr '\n' ' ' < "$tmp/pre.c" | tr ';' '\n' \
    | grep -o 'rampart_[A-Za-z0-9_]*[[:space:]]*(' \
    | sed 's/[[:space:]]*($//' | sort -u > "$tmp/declared"

# Exported symbols: global (upper-case type letter) defined dynamic symbols.
nm -D --defined-only "$lib" | awk 'NF >= 3 && $2 ~ /^[A-Z]$/ { print $3 }' | sed 's/@.*//' \
    | sort -u > "$tmp/global"
grep '^rampart_' "$tmp/global" > "$tmp/exported"
grep -v '^rampart_' "$tmp/global" > "$tmp/others"

ndeclared=$(wc -l < "$tmp/declared" | tr -d ' ')
nexported=$(wc -l < "$tmp/exported" | tr -d ' ')
if [ "$ndeclared" -gt 0 ]; then
    ok "rampart.h declares $ndeclared functions"
else
    fail "no function declarations found in $header"
fi

comm -23 "$tmp/declared" "$tmp/exported" > "$tmp/missing"
comm -13 "$tmp/declared" "$tmp/exported" > "$tmp/extra"

if [ -s "$tmp/missing" ]; then
    while read -r name; do fail "declared in rampart.h but not exported: $name"; done < "$tmp/missing"
else
    ok "every declared function is exported by librampart.so"
fi
if [ -s "$tmp/extra" ]; then
    while read -r name; do fail "exported but not declared in rampart.h: $name"; done < "$tmp/extra"
else
    ok "every exported rampart_* symbol ($nexported) is declared"
fi
if [ -s "$tmp/others" ]; then
    fail "librampart.so exports $(wc -l < "$tmp/others" | tr -d ' ') global symbols outside the rampart_ namespace, e.g. $(head -n 3 "$tmp/others" | tr '\n' ' ')"
else
    ok "no global symbols outside the rampart_ namespace"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
