# shellcheck shell=bash source-path=SCRIPTDIR disable=SC1091
# The busybox userland (build/linux/rootfs.cpio.gz): an interactive shell on the console,
# natively and under shadowvisor. Commands are typed once the prompt is up (console input goes
# QEMU's UART -> SBI getchar -> hvc0); the shell has the console as controlling terminal (job
# control, ^C), and `poweroff` ends the VM cleanly. Then sv.run= mode: a command runs without
# input and the VM powers off.
. "$(dirname "$0")/lib.sh"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
make -s -C "$ROOT" rootfs >/dev/null || fail "make rootfs failed"

# session OUTFILE CMD...: CMD (a guest on QEMU, its console on stdin/stdout) with its input
# typed through a FIFO as a person would: after the prompt, waiting for each step. Returns
# CMD's status; on a stuck step, kills CMD's process group and fails.
session() {
	local out="$1" fifo="$1.fifo" status n
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	: >"$out"
	setsid "$@" <"$fifo" >"$out" 2>&1 &
	PID=$!
	exec 3>"$fifo"
	if wait_for "$out" 50 "ends the VM" && wait_prompts "$out" 20 1; then
		printf 'echo hello-from-shell\nuname -r\ntty\nsleep 30 &\njobs\nkill %%1\necho sleep-start; sleep 30\n' >&3
		if wait_for "$out" 20 '^sleep-start$'; then
			sleep 1
			n=$(prompts "$out")
			printf '\003' >&3 # ^C: SIGINT to the foreground job, through the terminal
			# Typed before the new prompt, it could be flushed with the ^C.
			if wait_prompts "$out" 10 $((n + 1)); then
				printf 'echo status-$?\npoweroff\n' >&3
			fi
		fi
	fi
	exec 3>&-
	# poweroff takes busybox init about 2 s; anything stuck is killed after 30 s.
	local deadline=$((SECONDS + 30))
	while kill -0 "$PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
		sleep 0.2
	done
	if kill -0 "$PID" 2>/dev/null; then
		kill -TERM -- -"$PID" 2>/dev/null
		wait "$PID"
		rm -f "$fifo"
		fail "$(basename "$out"): the session got stuck; last output: $(tail -c 400 "$out" | tr -d '\r')"
	fi
	wait "$PID"
	status=$?
	rm -f "$fifo"
	return $status
}

# check_session OUTFILE: what the typed commands must have printed.
check_session() {
	local f="$1" name
	name=$(basename "$1")
	tr -d '\r' <"$f" >"$f.txt"
	grep -qx "hello-from-shell" "$f.txt" || fail "$name: no output from echo"
	grep -qE '^6\.1\.[0-9]+' "$f.txt" || fail "$name: no output from uname -r"
	grep -qx "/dev/hvc0" "$f.txt" || fail "$name: the shell's terminal is not /dev/hvc0"
	grep -qE '^\[1\]\+ +Running +sleep 30' "$f.txt" || fail "$name: no background job in jobs"
	grep -qx "status-130" "$f.txt" || fail "$name: ^C did not interrupt the foreground job"
	grep -q "Requesting system poweroff" "$f.txt" || fail "$name: poweroff did not reach busybox init"
}

native=(timeout 60 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic -bios default
	-kernel "$LINUX_IMAGE" -initrd)
sv=("$ROOT/shadowvisor" run --timeout 60 --vm)

session "$OUT/linux-shell.native" "${native[@]}" "$ROOTFS" -append "$LINUX_APPEND" ||
	fail "native session exited $?: $(tail -5 "$OUT/linux-shell.native")"
check_session "$OUT/linux-shell.native"
session "$OUT/linux-shell.sv" "${sv[@]}" "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,append=$LINUX_APPEND" ||
	fail "shadowvisor session exited $?: $(tail -5 "$OUT/linux-shell.sv")"
check_session "$OUT/linux-shell.sv"
grep -q "stopped: guest shut down" "$OUT/linux-shell.sv" || fail "shell: no clean SRST shutdown"

# sv.run=: a script appended to the initramfs as a second archive (the kernel unpacks both).
cat >"$OUT/sv-run-test.sh" <<'SCRIPT'
#!/bin/sh
echo "sv-run: start $0"
if read -r line; then echo "sv-run: input: $line"; else echo "sv-run: no input"; fi
exit 3
SCRIPT
echo "file /bin/sv-run-test.sh $OUT/sv-run-test.sh 0755 0 0" >"$OUT/sv-run.list"
"$ROOT/build/linux/obj/usr/gen_init_cpio" "$OUT/sv-run.list" | gzip >"$OUT/sv-run.cpio.gz" ||
	fail "gen_init_cpio failed"
cat "$ROOTFS" "$OUT/sv-run.cpio.gz" >"$OUT/sv-run-initrd.cpio.gz"
RUN_APPEND="$LINUX_APPEND sv.run=/bin/sv-run-test.sh"
timeout 60 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic -bios default \
	-kernel "$LINUX_IMAGE" -initrd "$OUT/sv-run-initrd.cpio.gz" -append "$RUN_APPEND" \
	</dev/null >"$OUT/linux-sv-run.native" 2>&1 || fail "sv.run: native run exited $?"
"$ROOT/shadowvisor" run --timeout 60 \
	--vm "kernel=$LINUX_IMAGE,initrd=$OUT/sv-run-initrd.cpio.gz,mem=256M,append=$RUN_APPEND" \
	</dev/null >"$OUT/linux-sv-run.sv" 2>&1 || fail "sv.run: shadowvisor run exited $?"
for f in native sv; do
	tr -d '\r' <"$OUT/linux-sv-run.$f" | grep -E '^(sv-run|init): ' >"$OUT/linux-sv-run.$f.lines"
	printf 'sv-run: start /bin/sv-run-test.sh\nsv-run: no input\ninit: sv.run exit 3\n' |
		diff -u - "$OUT/linux-sv-run.$f.lines" || fail "sv.run: $f output differs"
	! grep -q "ends the VM" "$OUT/linux-sv-run.$f" || fail "sv.run: $f started the shell"
done
grep -q "stopped: guest shut down" "$OUT/linux-sv-run.sv" || fail "sv.run: no clean SRST shutdown"
