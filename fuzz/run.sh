#!/usr/bin/env bash
# Run the fuzz targets in turn, SLICE seconds of wall time each, at the lowest
# priority so that they take only idle CPU, until stopped; crashes, hangs and
# OOMs go to artifacts/<target>/ and fuzzing goes on past them. Each slice
# appends its CPU seconds to log/cpu.tsv (target, wall s, cpu s, artifacts).
# Build first: cargo +nightly fuzz build -a -s none   (RUSTC_BOOTSTRAP=1 with
# a stable toolchain works too). Seed first: ./seed.sh
set -uo pipefail
cd "$(dirname "$0")"
bin=${FUZZ_BIN:-${CARGO_TARGET_DIR:-target}/x86_64-unknown-linux-gnu/release}
slice=${SLICE:-900}
targets=(${TARGETS:-pdf image docx_xml html text docx})
mkdir -p log
while :; do
  for t in "${targets[@]}"; do
    mkdir -p "artifacts/$t" "corpus/$t"
    before=$(ls "artifacts/$t" | wc -l)
    start=$(date +%s)
    # CPU time of the fuzzer and its forked children, from bash's `times`.
    cpu=$( { nice -n 19 "$bin/$t" "corpus/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
               -ignore_ooms=1 -timeout=20 -rss_limit_mb=2048 -max_total_time="$slice" \
               -artifact_prefix="artifacts/$t/" -print_final_stats=1 >>"log/$t.log" 2>&1; times; } \
           | tail -1 | awk '{ split($1,u,"m"); split($2,s,"m"); print u[1]*60+u[2]+s[1]*60+s[2] }' | tr -d s)
    after=$(ls "artifacts/$t" | wc -l)
    printf '%s\t%s\t%s\t%s\n' "$t" "$(( $(date +%s) - start ))" "$cpu" "$((after - before))" >>log/cpu.tsv
  done
done
