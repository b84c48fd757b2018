#!/usr/bin/env python3
"""Writes down every file executed through one mount: each program, script interpreter and ELF
loader the kernel opens for execution there (fanotify FAN_OPEN_EXEC, no ptrace, so sanitizers
and timings are unaffected). Runs until SIGTERM, then writes the distinct paths, one per line.

usage: exec-log.py MOUNT OUTFILE   (as root; MOUNT must be a mount point)
It prints "exec-log: ready" once the mark is in place.
"""
import ctypes
import os
import select
import signal
import struct
import sys

FAN_CLOEXEC = 0x1
FAN_UNLIMITED_QUEUE = 0x10
FAN_MARK_ADD = 0x1
FAN_MARK_MOUNT = 0x10
FAN_OPEN_EXEC = 0x1000
FAN_Q_OVERFLOW = 0x4000
AT_FDCWD = -100
METADATA = struct.Struct("IBBHQii")


def main():
    mount, outfile = sys.argv[1], sys.argv[2]
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.fanotify_init(FAN_CLOEXEC | FAN_UNLIMITED_QUEUE, os.O_RDONLY | os.O_LARGEFILE)
    if fd < 0 or libc.fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_MOUNT,
                                     ctypes.c_uint64(FAN_OPEN_EXEC), AT_FDCWD,
                                     mount.encode()) < 0:
        sys.exit(f"exec-log: fanotify on {mount}: {os.strerror(ctypes.get_errno())}")
    paths, overflow = set(), False
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    print("exec-log: ready", flush=True)
    while True:
        # After SIGTERM, one last read without waiting takes what is still queued.
        last = bool(stop)
        if not select.select([fd], [], [], 0 if last else 0.5)[0]:
            if last:
                break
            continue
        buf = os.read(fd, 1 << 16)
        off = 0
        while off + METADATA.size <= len(buf):
            length, _, _, _, mask, efd, _ = METADATA.unpack_from(buf, off)
            off += length
            if mask & FAN_Q_OVERFLOW or efd < 0:
                overflow = True
                continue
            try:
                paths.add(os.readlink(f"/proc/self/fd/{efd}"))
            finally:
                os.close(efd)
    with open(outfile, "w") as f:
        for p in sorted(paths):
            f.write(p + "\n")
        if overflow:
            f.write("OVERFLOW\n")


if __name__ == "__main__":
    main()
