# Bad input gets a clear message and a meaningful status, from the host command and, when the
# host command is bypassed, from the hypervisor itself.
. "$(dirname "$0")/lib.sh"
BIN="$ROOT/build/guests/sbi-probe.bin"

# expect STATUS PATTERN OUTFILE -- checks the last command's status and message
expect() {
	local want="$1" got="$2" pattern="$3" file="$4"
	[ "$got" = "$want" ] || fail "$file: status $got, expected $want: $(tail -3 "$file")"
	grep -q -- "$pattern" "$file" || fail "$file: no message matching '$pattern': $(tail -3 "$file")"
}

sv_run "$OUT/bad.missing" --vm "kernel=/nonexistent/Image"
expect 64 $? "not found" "$OUT/bad.missing"
sv_run "$OUT/bad.key" --vm "kernel=$BIN,colour=blue"
expect 64 $? "unknown key 'colour'" "$OUT/bad.key"
sv_run "$OUT/bad.mem" --vm "kernel=$BIN,mem=3M"
expect 64 $? "multiple of 2M" "$OUT/bad.mem"
sv_run "$OUT/bad.memsyntax" --vm "kernel=$BIN,mem=lots"
expect 64 $? "is not a size" "$OUT/bad.memsyntax"
sv_run "$OUT/bad.huge" --vm "kernel=$BIN,mem=4096G"
expect 64 $? "this host has" "$OUT/bad.huge"
head -c $((6 * 1024 * 1024)) /dev/zero >"$OUT/big.img"
sv_run "$OUT/bad.oversized" --vm "kernel=$OUT/big.img,mem=4M"
expect 64 $? "do not fit" "$OUT/bad.oversized"
sv_run "$OUT/bad.noargs"
expect 64 $? "no --vm given" "$OUT/bad.noargs"
sv_run "$OUT/bad.gstage" --vm "kernel=$BIN,mode=nested,gstage=sv57x4"
expect 64 $? "gstage must be sv39x4 or sv48x4" "$OUT/bad.gstage"
sv_run "$OUT/bad.harts" --harts 9 --vm "kernel=$BIN"
expect 64 $? "harts must be a number from 1 to 8" "$OUT/bad.harts"
sv_run "$OUT/bad.machinemem" --machine-mem 40M --vm "kernel=$BIN,mem=64M"
expect 64 $? "leaves no guest memory" "$OUT/bad.machinemem"
sv_run "$OUT/bad.noh" --cpu rv64,h=false --vm "kernel=$BIN,mode=nested"
expect 2 $? "mode=nested needs the H extension" "$OUT/bad.noh"

# The hypervisor's own checks, with the host command bypassed.
hv_direct "$OUT/bad.hv.oversized" 128M "$OUT/big.img" $'name=big\nmem=4M'
expect 2 $? "kernel needs 6144 KiB but mem=4 MiB" "$OUT/bad.hv.oversized"
# Guest RAM may exceed the machine's, but the pool (mem/16) must fit.
hv_direct "$OUT/bad.hv.nomem" 64M "$BIN" $'name=greedy\nmem=2G'
expect 2 $? "no host memory left for a 131072 KiB page-table pool" "$OUT/bad.hv.nomem"
hv_direct "$OUT/bad.hv.mode" 64M "$BIN" $'name=odd\nmem=8M\nmode=turbo'
expect 2 $? "mode must be shadow or nested" "$OUT/bad.hv.mode"
hv_direct "$OUT/bad.hv.gstage" 64M "$BIN" $'name=flat\nmem=8M\ngstage=sv48x4'
expect 2 $? "gstage= is for mode=nested" "$OUT/bad.hv.gstage"
hv_direct "$OUT/bad.hv.initrd" 64M "$BIN" $'name=lost\nmem=8M\ninitrd=0x90000000'
expect 2 $? "names no ramdisk module" "$OUT/bad.hv.initrd"
exit 0
