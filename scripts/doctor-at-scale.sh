#!/usr/bin/env bash
# How long `doctor` takes on a host holding half a million TIME_WAIT sockets (issue target: 5 s).
#
# DoctorHostTest checks what doctor says at this scale; this times it. Both run the same driver
# (bench/src/test/java/.../DoctorAtScale.java) in a network namespace of its own, which it fills
# with COUNT client-first loopback connections over 40 destinations and then asks `doctor --json`
# about, in-process. Needs root (unshare --net) and a built tree (mvn -DskipTests install).
#
#   scripts/doctor-at-scale.sh [COUNT] [ROUNDS]     default: 500000 3
#
# Prints, per round, the time to make them and doctor's whole run (sysctls, probes, socket table,
# owners). The namespace goes away with the driver.
set -euo pipefail
count=${1:-500000}
rounds=${2:-3}
cd "$(dirname "$0")/../bench"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
classpath="target/test-classes:target/classes:$(cat "$cp_file")"
export TWBENCH_HOST_NETNS
TWBENCH_HOST_NETNS=$(readlink /proc/self/ns/net)
for round in $(seq 1 "$rounds"); do
  unshare --net -- java -cp "$classpath" dev.twbench.bench.cli.DoctorAtScale "$count" 100 \
    | awk -v r="$round" '$1 == "made" { made = $2 } $1 == "tw" { tw = $2 } $1 == "doctorMs" { ms = $2 }
        END { printf "round %d: %s TIME_WAIT made in %.1f s; doctor took %.2f s\n", r, tw, made / 1000, ms / 1000 }'
done
