# Thousands of address spaces: more roots than the root cache and more shadow pages than the
# pool. Reclaim must keep every translation right, with the same output as native.
. "$(dirname "$0")/lib.sh"
check_fidelity as-storm 5
[ "$(counter reclaimed)" -gt 0 ] || fail "nothing was reclaimed: $STATS"
[ "$(counter root_misses)" -gt 1000 ] || fail "the root cache was not exercised: $STATS"
grep -qx "as-storm: wrong translations 0" "$OUT/as-storm.native.lines" || fail "native run saw wrong translations"
