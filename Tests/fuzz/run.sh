#!/bin/sh
# Fuzzes the C ABI with libFuzzer and AddressSanitizer: the command language (CommandFuzz.swift)
# and the CSV and JSON importers (ImportFuzz.swift).
#
#   sh Tests/fuzz/run.sh [SECONDS]      each target for SECONDS (default 120); `make fuzz`
#
# Builds RampartCore, RampartStore and RampartC with coverage and address instrumentation into
# .build/fuzz/ (SwiftPM's fuzzer option does not combine with an executable product), links each
# target against them, seeds its corpus (shell transcripts and the demo script in 20-line pieces;
# the test data files and a few records that name the seeded assessment's ids) and fuzzes. The
# corpora in .build/fuzz/corpus-* grow from run to run. An input that fails is saved in
# .build/fuzz/crashes/ and the script exits non-zero; replay one in a scratch directory with
# `.build/fuzz/fuzz-commands FILE` or `.build/fuzz/fuzz-import FILE` (paths made absolute).
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-120}
out=.build/fuzz
mkdir -p "$out/corpus-commands" "$out/corpus-import" "$out/crashes"

flags="-parse-as-library -O -g -sanitize=fuzzer,address"
rebuilt=no
module() {  # module NAME DIR [include dirs…]; skipped while it and the modules before it are current
    name=$1 dir=$2
    shift 2
    sources=$(find "$dir" -name '*.swift' | sort)
    # The stamp holds the sources of the last compile and bears the time it began, so files
    # added, removed or edited since (even during it) bring a new one.
    stamp=$out/$name.stamp
    if [ $rebuilt = no ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sources" ] \
        && [ -z "$(find "$dir" -name '*.swift' -newer "$stamp")" ]; then
        echo "$name is up to date"
        return
    fi
    rebuilt=yes
    echo "compiling $name with instrumentation"
    rm -f "$stamp"
    touch "$out/$name.began"
    # shellcheck disable=SC2086
    swiftc $flags -wmo -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
        -I "$out" "$@" -c -o "$out/$name.o" $sources
    echo "$sources" > "$stamp"
    touch -r "$out/$name.began" "$stamp"
}
target() {  # target NAME SOURCE
    # shellcheck disable=SC2086
    swiftc $flags -I "$out" -I Sources/CRampart Tests/fuzz/FuzzSupport.swift "$2" \
        "$out/RampartC.o" "$out/RampartStore.o" "$out/RampartCore.o" -lsqlite3 -o "$out/$1" 2>&1 \
        | grep -v "Cannot export local symbol '__asan" || true
    test -x "$out/$1"
}
module RampartCore Sources/RampartCore -I Sources/CPrefetch
module RampartStore Sources/RampartStore -I Sources/CSQLite -I Sources/CPrefetch
module RampartC Sources/RampartC -I Sources/CSQLite -I Sources/CPrefetch -I Sources/CRampart
target fuzz-commands Tests/fuzz/CommandFuzz.swift
target fuzz-import Tests/fuzz/ImportFuzz.swift

corpus=$out/corpus-commands
if [ -z "$(ls -A "$corpus")" ]; then
    cp Tests/shell/transcripts/*.rampart "$corpus/"
    split -l 20 examples/demo/demo.rampart "$corpus/demo-"
fi
corpus=$out/corpus-import
if [ -z "$(ls -A "$corpus")" ]; then
    # The first byte picks the kind: 0 assets, 1 dependencies, 2 threats, 3 vulnerabilities, 4 JSON.
    seed() { { printf "\\$1"; cat; } > "$corpus/$2"; }
    data=Tests/shell/data
    for f in assets assets_bad assets_nocolumn; do seed 000 "$f.csv" < "$data/$f.csv"; done
    seed 001 deps.csv < "$data/deps.csv"
    seed 002 threats.csv < "$data/threats.csv"
    seed 003 vulns.csv < "$data/vulns.csv"
    seed 004 assessment.json < "$data/assessment.json"
    printf 'dependent,provider,kind,strength,delay_h,group\nhosp-1,gen-1,physical,0.5,12,grid\nhosp-1,pump-1,water,1,2,\n' \
        | seed 001 deps-seeded.csv
    printf 'asset,threat,v,frequency\nsub-1,ram,0.4,0.1\ngen-1,ram,"pert(0.1,0.2,0.5)",\n' | seed 003 vulns-seeded.csv
fi

# The targets write their assessment copies to the working directory: memory, where there is
# a tmpfs, so that the imports' syncs cost nothing.
root=$(pwd)
work=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "$out" )/rampart-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
out=$root/$out
status=0
for name in commands import; do
    echo "fuzzing $name for $seconds s (log: $out/$name.log)"
    # No leak report: the Swift runtime keeps metadata caches for the life of the process.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$out/fuzz-$name" \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len=1024 \
        -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus-$name" > "$out/$name.log" 2>&1 || status=1
    grep -v "^#[0-9]" "$out/$name.log" | tail -n 40
done
exit $status
