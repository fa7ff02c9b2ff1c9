#!/usr/bin/env bash
# System calls per connection, per transport: `strace -f` on each agent (every thread) during
# `run --rate max`; the calls it logged within a window of SECONDS, divided by what that agent did
# in the same window: connections the client completed, connections the server accepted (from
# the run's timeseries.csv, written every 100 ms, read at the window's two ends). The window
# opens a second after strace attached: before that the agents ran at full speed, and a count
# read then would belong to an untraced rate. epoll waits are included, as every call is.
# strace slows the agents several times over: the rate under it means nothing, the ratio does.
#
#   scripts/syscalls.sh [SECONDS] [CLOSE] [TRANSPORT...]
#   defaults: 5 client-rst direct epoll io_uring nio
#
# Beside every thread's calls, the engine loops' own (by thread name): the rest is the JVM's
# (the JIT compiler's gettid, futex wakeups), which strace's slowdown makes look larger.
#
# Needs root (the lab, and ptrace of the agents) and strace. Prints, per transport, the calls per
# connection on each side and the nine most frequent calls, each per connection.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
close=${2:-client-rst}
shift $(( $# > 2 ? 2 : $# ))
transports=("$@")
[ ${#transports[@]} -gt 0 ] || transports=(direct epoll io_uring nio)
command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)" >&2; exit 2; }

jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
out=$(mktemp -d)
run_pid=
cleanup() {
  # the run is ours: end it by its pid (it stops its agents and removes its lab), then our files
  if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then kill -INT "$run_pid"; wait "$run_pid" || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

# The sum of one column over one side's rows of a timeseries.csv: the count so far.
column_sum() { # csv side column
  awk -F, -v side="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    $2 == side { s += $c } END { print s + 0 }' "$1"
}

# The calls an `strace -f -ttt` log shows between two times: "<name> <calls>" per call, and
# "total <calls>", most first. A call interrupted by another thread's shows twice, as
# "<unfinished ...>" and "<... name resumed>": it is counted once, at its start. With a fourth
# argument, a file of thread ids, only those threads' calls count.
strace_calls() { # file from to [tids]
  awk -v from="$2" -v to="$3" -v tids="${4:-}" 'BEGIN { if (tids != "") while ((getline t < tids) > 0) only[t] = 1 }
    $2 + 0 >= from && $2 + 0 <= to && $3 !~ /^(<\.\.\.|\+\+\+|---)/ && (tids == "" || ($1 in only)) {
      name = $3; sub(/\(.*/, "", name); n[name]++; total++ }
    END { for (k in n) print k, n[k]; print "total", total + 0 }' "$1" | sort -k2 -n -r
}

# The thread ids of an agent's engine loops (the direct engine's threads are named twbench-direct-*,
# Netty's after their MultiThreadIoEventLoopGroup, cut to 15 characters), by name from /proc.
loop_threads() { # pid file
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in twbench-direct*|multiThreadIoEv*)
      basename "$task" ;; esac
  done > "$2"
}

per() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])) if float(sys.argv[2]) > 0 else 'n/a')" "$1" "$2"; }

echo "strace -f over ${secs}s of run --rate max --close $close, per transport ($(nproc) cores, $(uname -r))"
for t in "${transports[@]}"; do
  java -jar "$jar" run --rate max --close "$close" --duration "$((secs + 15))s" --warmup 1s --no-drain \
    --transport "$t" --out "$out" --name "$t" > "$out/$t.log" 2>&1 &
  run_pid=$!
  dir=
  for _ in $(seq 1 300); do
    dir=$(ls -d "$out"/*-"$t" 2>/dev/null | head -1 || true)
    [ -n "$dir" ] && [ -f "$dir/timeseries.csv" ] && [ "$(column_sum "$dir/timeseries.csv" client completedCount)" -gt 0 ] && break
    sleep 0.1
  done
  [ -n "$dir" ] && [ -f "$dir/run.json" ] || { echo "$t: the run did not start: $(tail -2 "$out/$t.log")"; wait "$run_pid" || true; run_pid=; continue; }
  sleep 3 # past the JIT compiler's busiest seconds: its threads' calls are not the engine's
  client=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['lab']['client']['agentPid'])" "$dir/run.json")
  server=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['lab']['server']['agentPid'])" "$dir/run.json")
  csv=$dir/timeseries.csv
  strace -f -ttt -qq -p "$client" -o "$out/$t-client.txt" 2>/dev/null & sc=$!
  strace -f -ttt -qq -p "$server" -o "$out/$t-server.txt" 2>/dev/null & ss=$!
  sleep 1
  from=$(date +%s.%N)
  completed0=$(column_sum "$csv" client completedCount); accepted0=$(column_sum "$csv" server acceptedCount)
  sleep "$secs"
  completed1=$(column_sum "$csv" client completedCount); accepted1=$(column_sum "$csv" server acceptedCount)
  to=$(date +%s.%N)
  loop_threads "$client" "$out/$t-client.loops"; loop_threads "$server" "$out/$t-server.loops"

  kill -INT "$sc" "$ss"; wait "$sc" "$ss" 2>/dev/null || true
  kill -INT "$run_pid"; wait "$run_pid" >/dev/null 2>&1 || true; run_pid=
  completed=$((completed1 - completed0)); accepted=$((accepted1 - accepted0))
  for side in client server; do
    n=$completed; what="completed connection"
    [ "$side" = server ] && { n=$accepted; what="accepted connection"; }
    calls=$(strace_calls "$out/$t-$side.txt" "$from" "$to")
    total=$(echo "$calls" | awk '$1 == "total" { print $2 }')
    top=$(echo "$calls" | awk '$1 != "total"' | head -9 | while read -r name calls; do
      printf '%s %s, ' "$name" "$(per "$calls" "$n")"; done)
    loops=$(strace_calls "$out/$t-$side.txt" "$from" "$to" "$out/$t-$side.loops" | awk '$1 == "total" { print $2 }')
    printf '%-9s %-6s %6s calls per %s (%s calls, %s connections; the engine loops alone %s): %s\n' "$t" "$side" \
      "$(per "${total:-0}" "$n")" "$what" "${total:-0}" "$n" "$(per "${loops:-0}" "$n")" "${top%, }"
  done
done
