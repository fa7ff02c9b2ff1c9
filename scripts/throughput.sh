#!/usr/bin/env bash
# Closed-loop connection throughput of each transport: how many connect/request/response/close
# cycles per second this machine sustains, client and server in the namespace lab.
#
#   scripts/throughput.sh [DURATION] [CLOSE] [TRANSPORT...]
#   defaults: 10s client-rst epoll io_uring nio      (client-rst: no TIME_WAIT limits the rate)
#
# Each figure is achievedRateCps from that run's summary.json (completed / load seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
close=${2:-client-rst}
shift $(( $# > 2 ? 2 : $# ))
transports=("$@")
[ ${#transports[@]} -gt 0 ] || transports=(epoll io_uring nio)

jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "run --rate max --close $close --duration $duration --no-drain, per transport ($(nproc) cores, $(uname -r))"
printf '%-10s %14s %12s %8s\n' transport "completed/s" completed failed
for t in "${transports[@]}"; do
  if ! java -jar "$jar" run --rate max --close "$close" --duration "$duration" --no-drain \
      --transport "$t" --out "$out" --name "$t" > "$out/$t.log" 2>&1; then
    printf '%-10s %s\n' "$t" "run failed: $(tail -1 "$out/$t.log")"
    continue
  fi
  summary=$(ls "$out"/*-"$t"/summary.json)
  field() { sed -n "s/^  \"$1\" : \([0-9.]*\),\{0,1\}$/\1/p" "$summary"; }
  printf '%-10s %14s %12s %8s\n' "$t" "$(field achievedRateCps)" "$(field completed)" "$(field failed)"
done
