#!/usr/bin/env bash
# The host's network state, as the test suite must leave it: every readable value under
# /proc/sys/net (but the conntrack table's live entry count), the nftables ruleset, the interfaces,
# addresses and routes, and the named network namespaces.
#
# twbench's own lab namespaces (twb-*) are judged apart: one that appears during the build is
# a leak; one that was there before and is gone afterwards is a stale lab that a killed run left
# and the tests' runs rightly removed (twbench does that at every start), so it is not a change.
#
#   host-state.sh snapshot FILE   record it (the build's first step)
#   host-state.sh compare FILE    fail if anything differs now (the build's last step)
set -euo pipefail

state() {
  echo "## /proc/sys/net"
  find /proc/sys/net -type f ! -name nf_conntrack_count 2>/dev/null | LC_ALL=C sort | while read -r f; do
    { v=$(tr '\t\n' '  ' < "$f"); } 2>/dev/null || continue   # write-only entries, e.g. route/flush
    printf '%s = %s\n' "$f" "$v"
  done
  echo "## nftables";    if command -v nft >/dev/null 2>&1; then nft list ruleset; fi
  echo "## interfaces";  ip -o link show | sed 's/^[0-9]*: //' | LC_ALL=C sort
  echo "## addresses";   ip -o addr show | sed 's/^[0-9]*: //' | LC_ALL=C sort
  echo "## routes";      ip route show table all | LC_ALL=C sort
  echo "## namespaces";  ip netns list | awk '{print $1}' | grep -v '^twb-' | LC_ALL=C sort || true
}

labs() { ip netns list | awk '{print $1}' | grep '^twb-' | LC_ALL=C sort || true; }

case "${1:-}" in
  snapshot)
    mkdir -p "$(dirname "$2")"
    state > "$2"
    labs > "$2.labs"
    echo "host-state: recorded $(wc -l < "$2") lines of host network state in $2"
    ;;
  compare)
    if [ ! -f "$2" ]; then
      echo "host-state: no snapshot at $2 (this module was built alone); nothing to compare"
      exit 0
    fi
    touch "$2.labs"
    leaked=$(LC_ALL=C comm -13 "$2.labs" <(labs))
    removed=$(LC_ALL=C comm -23 "$2.labs" <(labs))
    [ -z "$removed" ] || echo "host-state: stale twbench labs present before the build were removed: $(echo $removed)"
    changed=0
    state > "$2.now"
    # Loading nf_conntrack (the NAT lab's router does) adds its sysctls to every namespace, the
    # host's too: a key new under net/netfilter is the module's, not a write. Every key the
    # snapshot had must still have its value.
    netfilter='^/proc/sys/net/netfilter/'
    if ! diff -u <(grep -v "$netfilter" "$2") <(grep -v "$netfilter" "$2.now") > "$2.diff" \
        || grep "$netfilter" "$2" | grep -vxF -f "$2.now" >> "$2.diff"; then
      echo "host-state: the tests changed the host's network state:" >&2
      cat "$2.diff" >&2
      changed=1
    fi
    if [ -n "$leaked" ]; then
      echo "host-state: the tests left twbench lab namespaces behind: $(echo $leaked)" >&2
      changed=1
    fi
    [ "$changed" = 0 ] || exit 1
    echo "host-state: the host's sysctls, nftables ruleset, interfaces, addresses, routes and namespaces are unchanged"
    ;;
  *)
    echo "usage: $0 snapshot|compare FILE" >&2
    exit 2
    ;;
esac
