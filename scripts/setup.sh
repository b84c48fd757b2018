#!/bin/bash
# Installs what shadowvisor needs to build and test, from Debian's packages only. Idempotent:
# it installs nothing when everything is already there.
set -euo pipefail

PACKAGES=(
	make gcc libc6-dev                       # host build of tools and unit tests
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross binutils-riscv64-linux-gnu
	qemu-system-misc                         # qemu-system-riscv64 7.2
	linux-source-6.1 bc flex bison xz-utils  # Linux guests, built from Debian's source
	rsync                                    # the kernel's headers_install (mm selftests)
	dpkg-dev bzip2                           # apt-get source busybox (the guests' userland)
	git                                      # the kernel's build asks it for a version
	opensbi                                  # the firmware native runs boot with
	device-tree-compiler                     # dtc, to inspect device trees
	libcmocka-dev                            # unit-test framework
	clang libclang-rt-14-dev                 # libFuzzer with ASan/UBSan for the shadow MMU fuzzer
	cppcheck clang-format                    # make lint
	python3 mawk                             # test scripts, the benchmark, the host command
	gnuplot-nox                              # the benchmark's plots
)
# The source packages built from source (apt-get source): they need a deb-src entry.
SOURCE_PACKAGES=(busybox)
SRC_ENTRY=/etc/apt/sources.list.d/shadowvisor-deb-src.sources

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# has_deb_src: some apt source (one-line .list or deb822 .sources) already has deb-src.
has_deb_src() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && grep -qE '^[[:space:]]*(deb-src[[:space:]]|Types:.*[[:space:]]deb-src([[:space:]]|$))' "$f" && return 0
	done
	return 1
}

# known_sources: apt's index knows every source package (after an update with deb-src).
known_sources() {
	local p
	for p in "${SOURCE_PACKAGES[@]}"; do
		apt-cache showsrc --only-source "$p" 2>/dev/null | grep -q "^Package: $p\$" || return 1
	done
}

need_src_entry=0
has_deb_src || need_src_entry=1
need_update=0
[ $need_src_entry -eq 1 ] || known_sources || need_update=1

if [ ${#missing[@]} -eq 0 ] && [ $need_src_entry -eq 0 ] && [ $need_update -eq 0 ]; then
	exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null; then
		SUDO=(sudo)
	else
		echo "setup: error: need root (or sudo) to install: ${missing[*]:-(none)}; deb-src entry: $need_src_entry" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive

if [ $need_src_entry -eq 1 ]; then
	# The machine's own Debian mirror, as a source entry.
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		echo "setup: adding Debian source entries ($SRC_ENTRY)"
		sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
			"${SUDO[@]}" tee "$SRC_ENTRY" >/dev/null
	elif [ -f /etc/apt/sources.list ] && grep -qE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list; then
		SRC_ENTRY=/etc/apt/sources.list.d/shadowvisor-deb-src.list
		echo "setup: adding Debian source entries ($SRC_ENTRY)"
		sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list |
			"${SUDO[@]}" tee "$SRC_ENTRY" >/dev/null
	else
		echo "setup: error: no Debian package source in /etc/apt to derive a deb-src entry from" >&2
		exit 1
	fi
fi

# apt's progress goes to a log, shown only when something fails.
LOG="$(cd "$(dirname "$0")/.." && pwd)/build/setup.log"
mkdir -p "$(dirname "$LOG")"
echo "setup: updating apt's package lists${missing[*]:+ and installing: ${missing[*]}} (log: $LOG)"
if ! "${SUDO[@]}" apt-get update -q >"$LOG" 2>&1 ||
	{ [ ${#missing[@]} -gt 0 ] &&
		! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
			>>"$LOG" 2>&1; }; then
	tail -20 "$LOG" >&2
	echo "setup: error: apt-get could not install: ${missing[*]:-(nothing; the update failed)}" >&2
	echo "setup: check the Debian package sources in /etc/apt and the network" >&2
	exit 1
fi
if ! known_sources; then
	echo "setup: error: apt knows no source package for: ${SOURCE_PACKAGES[*]} (deb-src entries?)" >&2
	exit 1
fi
echo "setup: done"
