#!/usr/bin/env bash
# The host's network state, as the test suite must leave it: every readable value under
# /proc/sys/net/ipv4, the interfaces, addresses and routes, and the named network namespaces.
#
#   host-state.sh snapshot FILE   record it (the build's first step)
#   host-state.sh compare FILE    fail if anything differs now (the build's last step)
set -euo pipefail

state() {
  echo "## /proc/sys/net/ipv4"
  find /proc/sys/net/ipv4 -type f 2>/dev/null | LC_ALL=C sort | while read -r f; do
    { v=$(tr '\t\n' '  ' < "$f"); } 2>/dev/null || continue   # write-only entries, e.g. route/flush
    printf '%s = %s\n' "$f" "$v"
  done
  echo "## interfaces";  ip -o link show | sed 's/^[0-9]*: //' | LC_ALL=C sort
  echo "## addresses";   ip -o addr show | sed 's/^[0-9]*: //' | LC_ALL=C sort
  echo "## routes";      ip route show table all | LC_ALL=C sort
  echo "## namespaces";  ip netns list | LC_ALL=C sort
}

case "${1:-}" in
  snapshot)
    mkdir -p "$(dirname "$2")"
    state > "$2"
    echo "host-state: recorded $(wc -l < "$2") lines of host network state in $2"
    ;;
  compare)
    if [ ! -f "$2" ]; then
      echo "host-state: no snapshot at $2 (this module was built alone); nothing to compare"
      exit 0
    fi
    if diff -u "$2" <(state) > "$2.diff"; then
      echo "host-state: the host's sysctls, interfaces, addresses, routes and namespaces are unchanged"
    else
      echo "host-state: the tests changed the host's network state:" >&2
      cat "$2.diff" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 snapshot|compare FILE" >&2
    exit 2
    ;;
esac
