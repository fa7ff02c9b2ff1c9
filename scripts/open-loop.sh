#!/usr/bin/env bash
# The open loop at a share of the closed loop's maximum: can the engine keep a schedule it could
# beat? Each round measures the maximum first (`run --rate max`), then runs the open loop at
# PERCENT of that figure at once, so both see the same minute of this shared machine.
#
#   scripts/open-loop.sh [ROUNDS] [PERCENT] [DURATION] [run options...]
#   defaults: 3 80 20s              (client-rst, the default engine and agent threads)
#
# Per round it prints the maximum, the target, achieved/target (completed / due) and the share of
# attempts that started more than 10 ms after their scheduled time (`late`, Pacer.LATE_NS), all
# read from each run's summary.json. Extra run options go to both runs of a round (for example
# `--agent-threads 1:1` or `--transport epoll`).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
percent=${2:-80}
duration=${3:-20s}
shift $(( $# > 3 ? 3 : $# ))
case $rounds$percent in *[!0-9]*|'') echo "ROUNDS and PERCENT must be whole numbers, got '$rounds' '$percent'" >&2; exit 2;; esac

jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

field() { sed -n "s/^  \"$2\" : \([0-9.]*\),\{0,1\}$/\1/p" "$1"; }
run() { # NAME RATE: one run, its summary.json's path on stdout
  local name=$1 rate=$2; shift 2
  java -jar "$jar" run --rate "$rate" --duration "$duration" --no-drain --close client-rst \
      --out "$out" --name "$name" "$@" > "$out/$name.log" 2>&1 \
    || { echo "run --rate $rate failed: $(tail -1 "$out/$name.log")" >&2; exit 1; }
  ls "$out"/*-"$name"/summary.json
}

echo "open loop at $percent % of the closed loop's maximum, $duration each, $(nproc) cores, $(uname -r): $*"
printf '%-6s %12s %10s %16s %12s %10s\n' round "maximum/s" "target/s" "achieved/target" late "late %"
for i in $(seq 1 "$rounds"); do
  max=$(field "$(run "max$i" max "$@")" achievedRateCps)
  target=$(python3 -c "print(int($max * $percent / 100))")
  s=$(run "open$i" "$target" "$@")
  python3 - "$i" "$max" "$target" "$(field "$s" attemptsDue)" "$(field "$s" completed)" "$(field "$s" late)" <<'EOF'
import sys
i, mx, target, due, completed, late = sys.argv[1:]
due, completed, late = int(due), int(completed), int(late)
print('%-6s %12s %10s %16.4f %12d %9.2f%%' % (i, mx, target, completed / due, late, 100.0 * late / due))
EOF
done
