#!/usr/bin/env bash
# Closed-loop connection throughput of each transport: how many connect/request/response/close
# cycles per second this machine sustains, client and server in the namespace lab.
#
#   scripts/throughput.sh [DURATION] [CLOSE] [TRANSPORT...]
#   defaults: 10s client-rst direct epoll io_uring nio      (client-rst: no TIME_WAIT limits the rate)
#
# Each figure is achievedRateCps from that run's summary.json (completed / load seconds). The
# orchestrator's CPU is read from /proc/<its pid>/stat at 10 Hz over the load (from 1 s after its
# first row to 1 s before the end of --duration), as a share of one core: it competes with the
# agents for the same cores, and must stay out of their way.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
close=${2:-client-rst}
shift $(( $# > 2 ? 2 : $# ))
transports=("$@")
[ ${#transports[@]} -gt 0 ] || transports=(direct epoll io_uring nio)

jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "run --rate max --close $close --duration $duration --no-drain, per transport ($(nproc) cores, $(uname -r))"
printf '%-10s %14s %12s %8s %18s\n' transport "completed/s" completed failed "orchestrator CPU"
hz=$(getconf CLK_TCK)
secs=${duration%s}
# utime + stime of a process into $ticks (empty once it is gone), and a 0.1 s pause, both done by
# bash itself: a process forked ten times a second would take a share of the cores the agents are
# measured on (with python3 and date here, alternating with this script on one jar, the direct
# engine read 1/1.62 of its rate: results/reference/20261201-direct-engine/side-by-side.txt).
exec {pause_fd}<> <(:)
cpu_ticks() { local f; ticks=; read -r -a f < "/proc/$1/stat" 2>/dev/null && ticks=$(( f[13] + f[14] )); }
pause() { read -r -t 0.1 -u "$pause_fd" || true; }
for t in "${transports[@]}"; do
  java -jar "$jar" run --rate max --close "$close" --duration "$duration" --no-drain \
      --transport "$t" --out "$out" --name "$t" > "$out/$t.log" 2>&1 &
  run=$!
  # The orchestrator's pid is in its lab's name (run.json: lab.id = <pid>-<n>); wait for its first row.
  pid= dir=
  for _ in $(seq 1 600); do
    dir=$(ls -d "$out"/*-"$t" 2>/dev/null | head -1 || true)
    if [ -n "$dir" ] && [ -s "$dir/timeseries.csv" ] && [ "$(wc -l < "$dir/timeseries.csv")" -gt 2 ]; then
      pid=$(sed -n 's/.*"id" : "\([0-9]*\)-[0-9]*".*/\1/p' "$dir/run.json" | head -1); break
    fi
    sleep 0.1
  done
  cpu="n/a"
  if [ -n "$pid" ]; then
    sleep 1
    cpu_ticks "$pid"; first=$ticks; from=$EPOCHREALTIME; last=$first; to=$from
    end=$(( ${from%.*} + secs - 2 ))
    while [ "${EPOCHREALTIME%.*}" -lt "$end" ]; do
      pause
      cpu_ticks "$pid"; [ -n "$ticks" ] || break
      last=$ticks; to=$EPOCHREALTIME
    done
    cpu=$(python3 -c "print('%.2f %%' % (100.0 * ($last - $first) / $hz / ($to - $from)))")
  fi
  if ! wait "$run"; then
    printf '%-10s %s\n' "$t" "run failed: $(tail -1 "$out/$t.log")"
    continue
  fi
  summary=$(ls "$out"/*-"$t"/summary.json)
  field() { sed -n "s/^  \"$1\" : \([0-9.]*\),\{0,1\}$/\1/p" "$summary"; }
  printf '%-10s %14s %12s %8s %18s\n' "$t" "$(field achievedRateCps)" "$(field completed)" "$(field failed)" "$cpu"
done
