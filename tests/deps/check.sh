#!/bin/bash
# Checks that keep a fresh machine's first run working (see also scripts/fresh-root.sh):
# - parsing the Makefiles runs no program: the setup has not installed the tools yet when make
#   reads them (make -n with a shell that refuses and records every command);
# - the README lists exactly the packages scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

PARSE_LOG="$log" make -n clean SHELL="$PWD/tests/deps/parse-shell.sh" CROSS=/nonexistent/cross- \
	>/dev/null
if [ -s "$log" ]; then
	echo "deps: FAIL: parsing the Makefiles ran commands before the setup could install them:"
	sed 's/^/    /' "$log"
	exit 1
fi

setup=$(sed -n '/^PACKAGES=(/,/^)/p' scripts/setup.sh | sed 's/#.*//' | tr -s ' \t()' '\n' |
	grep -vx -e '' -e 'PACKAGES=' | sort)
readme=$(sed -n '/^Both first run `scripts\/setup.sh`/,/^$/p' README.md | grep -o '`[a-z0-9.+-]*`' |
	tr -d '`' | grep -vx 'scripts/setup.sh' | sort)
if [ "$setup" != "$readme" ]; then
	echo "deps: FAIL: the README's package list and scripts/setup.sh differ:"
	diff <(echo "$readme") <(echo "$setup") | sed 's/^</    README only:/; s/^>/    setup only:/' |
		grep only
	exit 1
fi
echo "deps: the Makefiles parse without running anything; the README lists the setup's $(echo "$setup" | wc -l) packages"
