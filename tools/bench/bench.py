#!/usr/bin/env python3
"""The benchmark behind `make bench` and `make bench-smoke`.

Boots the same kernel and initramfs, with the same QEMU machine flags, natively (QEMU with its
OpenSBI) and under shadowvisor in each mode of MODES; the guest runs /bin/bench.sh, which prints
a boot mark and one result line per workload. Runs are interleaved (native, shadow, nested,
native, ...) so that slow phases of a loaded machine hit every mode alike. Two clocks: wall
time, and QEMU's instruction-count time (-icount), which repeats exactly. Medians, ratios to
native and the exits per operation go to OUT/report.md with gnuplot plots.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

from report import write_report  # tools/bench/report.py

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNEL = os.path.join(ROOT, "build/linux/obj/arch/riscv/boot/Image")
INITRD = os.path.join(ROOT, "build/linux/rootfs.cpio.gz")
MEM = "512M"  # room for tlbmiss's 256 MiB working set
TIMEBASE_HZ = 10_000_000  # QEMU virt's time CSR
# One instruction = 1 ns, idle time skipped; QEMU's random seed (the device tree's rng-seed)
# and its RTC fixed too, or natively the guest's runs differ. Same as `shadowvisor --icount`.
ICOUNT = ["-icount", "shift=0,sleep=off", "-seed", "1", "-rtc",
          "base=2024-01-01T00:00:00,clock=vm"]
WORKLOADS = ["forkwait", "execloop", "firsttouch", "mmapchurn", "mprotect", "pipeping",
             "threads", "tlbmiss", "shellmacro"]
# What a workload's one operation is, for the exits table.
OPS = {"forkwait": "fork+wait", "execloop": "fork+exec", "firsttouch": "page fault",
       "mmapchurn": "mmap+touch+munmap", "mprotect": "2 mprotect+touches",
       "pipeping": "2 context switches", "threads": "4 threads round", "tlbmiss": "random access",
       "shellmacro": "shell iteration"}
EXIT_FIELDS = ["exits", "pf", "illegal", "sbi", "irq", "reflected", "shadow_faults",
               "pt_writes", "hv_insns"]
# Seconds a run takes on an idle 2-core machine, for the first estimate; then measured ones.
FIRST_ESTIMATE = {("full", False): 18, ("full", True): 12, ("smoke", False): 6,
                  ("smoke", True): 5}


def append_arg(scale):
    return f"console=hvc0 earlycon=sbi panic=-1 sv.run=/bin/bench.sh sv.bench={scale}"


# The modes, data-driven: each builds its command from the kernel command line and the clock.
# A mode whose VM shadowvisor refuses (exit 2) is skipped with the hypervisor's reason.
def native_cmd(append, icount, timeout):
    return ["timeout", str(timeout), "qemu-system-riscv64", "-M", "virt", "-cpu", "rv64",
            "-smp", "1", "-m", MEM, "-nographic", *(ICOUNT if icount else []),
            "-bios", "default", "-kernel", KERNEL, "-initrd", INITRD, "-append", append]


def sv_cmd(mode):
    def cmd(append, icount, timeout):
        return [os.path.join(ROOT, "shadowvisor"), "run", "--timeout", str(timeout),
                *(["--icount"] if icount else []), "--vm",
                f"kernel={KERNEL},initrd={INITRD},mem={MEM},mode={mode},"
                f"append={append.replace(',', ',,')}"]
    return cmd


# shadowvisor's modes by their VM spec; nested48: nested paging with a four-level G-stage, for
# the walk length (not run by default).
SV_MODES = {"shadow": "shadow", "nested": "nested", "nested48": "nested,gstage=sv48x4"}
MODES = {"native": native_cmd, **{m: sv_cmd(spec) for m, spec in SV_MODES.items()}}


EXIT_COST_GUEST = os.path.join(ROOT, "build/guests/exit-cost.bin")


def exit_costs(modes, unavailable, log_dir, failures):
    """{mode: {kind: {"exits": e, "hv_insns": n}}} from the exit-cost guest, one icount run per
    mode: each common exit on its own (guests/exit-cost/main.c). A run without them fails."""
    out = {}
    for mode in modes:
        if mode == "native" or mode in unavailable:
            continue
        spec = f"kernel={EXIT_COST_GUEST},mem=64M,mode={SV_MODES[mode]}"
        p = subprocess.run([os.path.join(ROOT, "shadowvisor"), "run", "--timeout", "120",
                            "--icount", "--vm", spec], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace")
        with open(os.path.join(log_dir, f"exit-cost-{mode}.log"), "w") as f:
            f.write(p.stdout)
        for m in re.finditer(r"exit-cost: (\S+) exits=([0-9.]+) hv_insns=(\d+)", p.stdout):
            out.setdefault(mode, {})[m.group(1)] = {"exits": float(m.group(2)),
                                                   "hv_insns": int(m.group(3))}
        if p.returncode != 0 or mode not in out:
            failures.append(f"exit-cost {mode}: exit status {p.returncode}, "
                            f"{len(out.get(mode, {}))} results")
    return out


def parse_run(text):
    """Result lines, boot time and the hypervisor's stats line of the VM (not a hart's) of one
    run's output."""
    text = text.replace("\r", "")
    run = {"results": {}, "boot_s": None, "stats": {}, "done": False, "mmu": None}
    for line in text.splitlines():
        if line.startswith("result workload="):
            kv = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
            run["results"][kv["workload"]] = kv
        elif line.startswith("bootmark time="):
            run["boot_s"] = int(line.split("=")[1]) / TIMEBASE_HZ
        elif line.startswith("[shadowvisor] stats vm="):
            run["stats"] = dict(f.split("=", 1) for f in line.split()[2:] if "=" in f)
        elif line.startswith("bench: mmu="):
            run["mmu"] = line.split("=", 1)[1].strip()
        elif line.startswith("bench: done status=0"):
            run["done"] = True
    return run


def run_failure(run, status):
    if status != 0:
        return f"exit status {status}"
    if run["boot_s"] is None:
        return "no bootmark line"
    if not run["done"]:
        return "the guest's runner did not finish"
    missing = [w for w in WORKLOADS if w not in run["results"]]
    if missing:
        return "no result for " + ", ".join(missing)
    bad = [w for w, r in run["results"].items() if r.get("check") != "ok"]
    return "check failed: " + ", ".join(bad) if bad else None


def refusal(text):
    """The hypervisor's reason when it refused the VM ("[shadowvisor] vm0 'NAME' stopped: ...")."""
    for line in text.replace("\r", "").splitlines():
        m = re.match(r"\[shadowvisor\] vm\d+ '.*' stopped: (.*)", line)
        if m:
            return m.group(1)
    return "refused (exit status 2)"


def fmt_duration(s):
    s = int(s)
    return f"{s // 3600}h{s // 60 % 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def run_all(args, log_dir):
    plan = [(clock, rep, mode) for clock, reps in (("wall", args.reps),
                                                   ("icount", args.icount_reps))
            for rep in range(reps) for mode in args.modes]
    took = {}  # (clock, mode): seconds of each run so far

    def estimate(clock, mode):
        """A run's seconds: as this mode's runs took, else this clock's, else a first guess."""
        same = took.get((clock, mode)) or sum((v for k, v in took.items() if k[0] == clock), [])
        return statistics.mean(same) if same else FIRST_ESTIMATE[(args.scale, clock == "icount")]

    print(f"bench: {len(plan)} runs ({args.reps} wall and {args.icount_reps} icount repetitions "
          f"of {', '.join(args.modes)}), scale {args.scale}; estimated "
          f"{fmt_duration(sum(estimate(c, m) for c, _, m in plan))}", flush=True)
    runs, unavailable, failures = [], {}, []
    for i, (clock, rep, mode) in enumerate(plan):
        if mode in unavailable:
            continue
        eta = sum(estimate(c, m) for c, _, m in plan[i:] if m not in unavailable)
        print(f"[{i + 1}/{len(plan)}] {clock} {mode} rep {rep + 1} ... eta {fmt_duration(eta)}",
              flush=True)
        start = time.monotonic()
        cmd = MODES[mode](append_arg(args.scale), clock == "icount", args.timeout)
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace")
        took.setdefault((clock, mode), []).append(time.monotonic() - start)
        with open(os.path.join(log_dir, f"{clock}-{mode}-{rep + 1}.log"), "w") as f:
            f.write(p.stdout)
        if mode != "native" and p.returncode == 2:
            unavailable[mode] = refusal(p.stdout)
            print(f"bench: {mode}: not available: {unavailable[mode]}", flush=True)
            continue
        run = parse_run(p.stdout)
        why = run_failure(run, p.returncode)
        if why:
            failures.append(f"{clock} {mode} rep {rep + 1}: {why}")
            print(f"bench: FAILED {failures[-1]}", flush=True)
            continue
        runs.append({"clock": clock, "mode": mode, "rep": rep + 1, **run})
    return runs, unavailable, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", 5)))
    ap.add_argument("--icount-reps", type=int,
                    default=int(os.environ.get("BENCH_ICOUNT_REPS", 2)))
    ap.add_argument("--modes", default=os.environ.get("BENCH_MODES", "native,shadow,nested"))
    ap.add_argument("--scale", choices=["full", "smoke"], default="full")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per run")
    ap.add_argument("--out", default=os.path.join(ROOT, "results/latest"))
    ap.add_argument("--report-only", action="store_true",
                    help="write the report again from OUT/runs.json, running nothing")
    args = ap.parse_args()
    args.modes = args.modes.split(",")
    if args.modes[0] != "native" or any(m not in MODES for m in args.modes):
        ap.error(f"--modes: native first, then any of {', '.join(MODES)}")

    if args.report_only:
        with open(os.path.join(args.out, "runs.json")) as f:
            saved = json.load(f)
        write_report(args.out, saved["meta"], saved["runs"], saved["unavailable"],
                     saved["failures"], WORKLOADS, OPS, EXIT_FIELDS,
                     saved.get("exit_costs", {}))
        return 0
    log_dir = os.path.join(args.out, "logs")
    os.makedirs(log_dir, exist_ok=True)
    for f in os.listdir(log_dir):
        os.remove(os.path.join(log_dir, f))
    started, host, load = time.time(), machine(), os.getloadavg()[0]  # before our own load
    runs, unavailable, failures = run_all(args, log_dir)
    costs = exit_costs(args.modes, unavailable, log_dir, failures)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)),
            "minutes": round((time.time() - started) / 60, 1),
            "machine": host, "load": load, "reps": args.reps, "icount_reps": args.icount_reps,
            "scale": args.scale, "modes": args.modes, "mem": MEM}
    with open(os.path.join(args.out, "runs.json"), "w") as f:
        json.dump({"meta": meta, "runs": runs, "unavailable": unavailable,
                   "failures": failures, "exit_costs": costs}, f, indent=1)
    write_report(args.out, meta, runs, unavailable, failures, WORKLOADS, OPS, EXIT_FIELDS,
                 costs)
    print(f"bench: report in {os.path.relpath(os.path.join(args.out, 'report.md'), os.getcwd())}"
          f"{'; ' + str(len(failures)) + ' runs FAILED' if failures else ''}")
    return 1 if failures or not runs else 0


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    qemu = subprocess.run(["qemu-system-riscv64", "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]
    return (f"{platform.node()}: {os.cpu_count()} cores {model}, load average "
            f"{os.getloadavg()[0]:.1f} at start; {qemu}")


if __name__ == "__main__":
    sys.exit(main())
