#!/bin/bash
# Installs what shadowvisor needs to build and test, from Debian's packages only. Idempotent:
# it installs nothing when everything is already there.
set -euo pipefail

PACKAGES=(
	make gcc libc6-dev                       # host build of tools and unit tests
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross binutils-riscv64-linux-gnu
	qemu-system-misc                         # qemu-system-riscv64 7.2
	linux-source-6.1 bc flex bison xz-utils  # Linux guests, built from Debian's source
	opensbi                                  # the firmware native runs boot with
	device-tree-compiler                     # dtc, to inspect device trees
	libcmocka-dev                            # unit-test framework
	cppcheck clang-format                    # make lint
	python3                                  # test scripts
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "setup: installing Debian packages: ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null; then
		SUDO=(sudo)
	else
		echo "setup: error: need root (or sudo) to install: ${missing[*]}" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get update -q >/dev/null ||
	! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	echo "setup: error: apt-get could not install: ${missing[*]}" >&2
	echo "setup: check the Debian package sources in /etc/apt and the network" >&2
	exit 1
fi
echo "setup: done"
