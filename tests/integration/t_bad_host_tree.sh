# A malformed host device tree (QEMU's -dtb) stops the boot with the reason and a failing exit,
# never a fault in the hypervisor: a corrupt struct block, and guest module nodes with a bad reg
# or bootargs. The same tree unmodified boots a guest, so it is the damage that is refused.
. "$(dirname "$0")/lib.sh"
BIN="$ROOT/build/guests/sbi-probe.bin"
MACHINE=(-M virt -cpu rv64 -smp 1 -m 128M -nographic)
make -s -C "$ROOT" hv >/dev/null || fail "building the hypervisor failed"

qemu-system-riscv64 "${MACHINE[@]}" -M "dumpdtb=$OUT/host.dtb" >/dev/null 2>&1 ||
	fail "QEMU could not dump the virt machine's device tree"
dtc -q -I dtb -O dts -o "$OUT/host.dts" "$OUT/host.dtb" || fail "dtc could not read the tree"

# boot OUTFILE DTB [DEVICE...]: shadowvisor on QEMU with that tree; returns QEMU's status.
boot() {
	local out="$1" dtb="$2"
	shift 2
	timeout 60 qemu-system-riscv64 "${MACHINE[@]}" -bios "$ROOT/build/shadowvisor.bin" \
		-dtb "$dtb" "$@" </dev/null >"$out" 2>&1
}

# refused NAME DTB REASON: the boot stops at once with that reason and status 1.
refused() {
	local out="$OUT/badtree.$1" status
	boot "$out" "$2"
	status=$?
	[ "$status" = 1 ] || fail "$1: status $status, expected 1: $(tail -3 "$out")"
	grep -qF "PANIC: the host device tree is unusable: $3" "$out" ||
		fail "$1: no message '$3': $(tail -3 "$out")"
	! grep -q "trap in hypervisor" "$out" || fail "$1: the hypervisor faulted"
}

# with_module NAME PROPERTIES: the tree with one more /chosen child, compiled by dtc.
with_module() {
	awk -v props="$2" '/^\tchosen \{/ { c = 1 }
		c && /^\t\};/ { printf "\t\tmodule@84000000 {\n\t\t\tcompatible = \"multiboot,module\", \"multiboot,kernel\";\n%s\n\t\t};\n", props; c = 0 }
		{ print }' "$OUT/host.dts" >"$OUT/badtree.$1.dts"
	dtc -q -I dts -O dtb -o "$OUT/badtree.$1.dtb" "$OUT/badtree.$1.dts" ||
		fail "$1: dtc could not compile the tree"
}

boot "$OUT/badtree.control" "$OUT/host.dtb" \
	-device "guest-loader,addr=0x80400000,kernel=$BIN,bootargs=name=probe"$'\n'"mem=16M"
status=$?
[ "$status" = 0 ] || fail "control: the unmodified tree did not boot (status $status): $(tail -3 "$OUT/badtree.control")"
grep -q "^sbi-probe: done" "$OUT/badtree.control" || fail "control: the guest did not finish"

# The PCI node's first property tag becomes 7, no tag at all.
python3 - "$OUT/host.dtb" "$OUT/badtree.struct.dtb" <<'EOF' || fail "struct: could not corrupt the tree"
import sys
blob = bytearray(open(sys.argv[1], "rb").read())
value = blob.index(b"pci-host-ecam-generic\0")  # the compatible property's value
blob[value - 12:value - 8] = (7).to_bytes(4, "big")  # its FDT_PROP tag
open(sys.argv[2], "wb").write(blob)
EOF
refused struct "$OUT/badtree.struct.dtb" "/soc/pci@30000000: compatible: FDT_ERR_BADSTRUCTURE"

with_module reg $'\t\t\treg = <0x00 0x84000000 0x00>;'
refused reg "$OUT/badtree.reg.dtb" \
	"/chosen/module@84000000: reg is 12 bytes; 2 address and 2 size cells need 16"
with_module bootargs $'\t\t\treg = <0x00 0x84000000 0x00 0x1000>;\n\t\t\tbootargs = [6e 61 6d 65 3d 61];'
refused bootargs "$OUT/badtree.bootargs.dtb" \
	"/chosen/module@84000000: bootargs is not a NUL-terminated string"
exit 0
