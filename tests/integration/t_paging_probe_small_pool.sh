# The same conformance guest with a 16-page shadow pool: least-recently-used reclaim and
# zap-all must keep every translation right and the hypervisor alive.
. "$(dirname "$0")/lib.sh"
check_fidelity paging-probe 100 ",pool=64K"
[ "$(counter reclaimed)" -gt 0 ] || fail "no shadow page was reclaimed: $STATS"
