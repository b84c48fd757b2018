#!/bin/bash
# Runs each host unit-test binary and closes with one summary line over all of them.
set -u
passed=0 failed=0
for t in "$@"; do
	if out=$("$t" 2>&1); then
		passed=$((passed + 1))
		echo "unit: PASS $(basename "$t")"
	else
		failed=$((failed + 1))
		echo "unit: FAIL $(basename "$t")"
		echo "$out" | sed 's/^/    /'
	fi
done
echo "unit binaries: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
