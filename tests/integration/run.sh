#!/bin/bash
# Runs every tests/integration/t_*.sh (each exits 0 on success) and prints one summary line.
set -u
cd "$(dirname "$0")" || exit 1
passed=0 failed=0
for t in t_*.sh; do
	start=$(date +%s%N)
	if out=$(bash "$t" 2>&1); then
		passed=$((passed + 1))
		printf 'integration: PASS %-32s %6d ms\n' "$t" $((($(date +%s%N) - start) / 1000000))
	else
		failed=$((failed + 1))
		echo "integration: FAIL $t"
		echo "$out" | tail -40 | sed 's/^/    /'
	fi
done
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
