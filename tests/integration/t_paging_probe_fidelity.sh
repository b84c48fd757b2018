# Shadow paging against the hardware's own MMU: Sv39/Sv48/Sv57, ASIDs, every sfence.vma form, PTE
# updates, recursive and shared tables, superpages, A/D, U/S/SUM/MXR, page-crossing stores
# and AMOs on page tables. The counters prove the shadow paths ran.
. "$(dirname "$0")/lib.sh"
check_fidelity paging-probe 100
for c in shadow_faults guest_faults emulated_pt_writes wp_revoked root_hits superpages; do
	[ "$(counter $c)" -gt 0 ] || fail "counter $c is '$(counter $c)': $STATS"
done
