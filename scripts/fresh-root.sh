#!/bin/bash
# A new user's first run, for real: a minimal Debian 12 root made with debootstrap from this
# machine's own apt source (essential packages, apt, and the make, git and ca-certificates a
# user needs to fetch the project and type `make`), a clean clone of this repository's HEAD in
# it, and one command run there as root, by default `make test`. Every file executed in the
# root is written down (tests/deps/exec-log.py), and tests/deps/provenance.py then checks,
# against the root's own package database, that each came from the project, the setup's
# packages or Debian's essential set.
#
# usage: scripts/fresh-root.sh [--keep] [COMMAND...]
#   ROOT (environment, default build/fresh-root) is where the root goes; --keep leaves it afterwards.
# Needs root privileges (debootstrap, mount, chroot, fanotify); installs debootstrap and python3
# if missing.
# Exits with the command's status, or 1 if the provenance check fails; 77 if the root could
# not be made at all (no privileges, no mirror, debootstrap or fanotify failing).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="${ROOT:-$HERE/build/fresh-root}"
KEEP=0
if [ "${1:-}" = "--keep" ]; then
	KEEP=1
	shift
fi
[ $# -gt 0 ] || set -- make test

[ "$(id -u)" -eq 0 ] || {
	echo "fresh-root: needs root (debootstrap, mount, chroot, fanotify)" >&2
	exit 77
}
missing=()
for tool in debootstrap python3; do
	command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "fresh-root: installing ${missing[*]}"
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || exit 77
fi

# The machine's Debian mirror: deb822 sources or a one-line sources.list.
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || {
	echo "fresh-root: no Debian mirror found in /etc/apt" >&2
	exit 77
}

LOGGER=""
cleanup() {
	[ -z "$LOGGER" ] || kill "$LOGGER" 2>/dev/null || true
	while mountpoint -q "$ROOT"; do
		umount -R "$ROOT" 2>/dev/null || umount -lR "$ROOT" || break
	done
	if [ $KEEP -eq 0 ]; then
		rm -rf "$ROOT"
	fi
}
cleanup
trap cleanup EXIT

t0=$SECONDS
echo "fresh-root: debootstrap bookworm from $mirror into $ROOT"
mkdir -p "$ROOT"
debootstrap --variant=minbase --include=ca-certificates,git,make bookworm "$ROOT" "$mirror" \
	>"$ROOT.debootstrap.log" 2>&1 || {
	tail -20 "$ROOT.debootstrap.log" >&2
	echo "fresh-root: debootstrap failed (log: $ROOT.debootstrap.log)" >&2
	exit 77
}
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# The root its own mount, so that the exec log sees exactly what runs inside it.
{ mount --bind "$ROOT" "$ROOT" && mount -t proc proc "$ROOT/proc" &&
	mount --rbind /sys "$ROOT/sys" && mount --rbind /dev "$ROOT/dev"; } || {
	echo "fresh-root: cannot mount into the root" >&2
	exit 77
}
git clone -q --no-local "$HERE" "$ROOT/src"
python3 "$HERE/tests/deps/exec-log.py" "$ROOT" "$ROOT.execs" >"$ROOT.exec-log" 2>&1 &
LOGGER=$!
until grep -q ready "$ROOT.exec-log"; do
	kill -0 $LOGGER 2>/dev/null || {
		cat "$ROOT.exec-log" >&2
		exit 77
	}
	sleep 0.1
done
echo "fresh-root: root ready in $((SECONDS - t0)) s; running '$*' in a clean clone of $(git -C "$HERE" rev-parse --short HEAD)"

# A fresh machine's environment, not this one's.
t1=$SECONDS
status=0
chroot "$ROOT" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	bash -c 'cd /src && "$@"' fresh-root "$@" || status=$?
echo "fresh-root: '$*' exited $status after $((SECONDS - t1)) s"
kill $LOGGER
wait $LOGGER || true
LOGGER=""
cp "$ROOT.execs" "$ROOT/tmp/execs"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	python3 /src/tests/deps/provenance.py /tmp/execs "$ROOT" >"$ROOT.provenance" || status=1
grep '^provenance:' "$ROOT.provenance"
exit $status
