#!/usr/bin/env python3
"""The SMP bench behind `make bench-smp`, on the wall clock (QEMU's -icount runs one thread).

Scaling: N single-vCPU Linux VMs on N harts, each running the same workload at once; each VM's
throughput relative to one VM alone on one hart. SMP rows: one guest with 1, 2 and 4 vCPUs,
natively (-smp vCPUs) and in both modes (on as many harts, at most one per host core), running
threads (4 threads) and parallel (one copy of shellmacro per vCPU).
Medians of REPS runs go to OUT/report.md; each run's output to OUT/logs/.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNEL = os.path.join(ROOT, "build/linux/obj/arch/riscv/boot/Image")
INITRD = os.path.join(ROOT, "build/linux/rootfs.cpio.gz")
APPEND = "console=hvc0 panic=-1 sv.run=/bin/{}"
SMP_UNITS = {
    "threads": "Microseconds per round of 4 threads",
    "parallel": "Microseconds of wall time per shellmacro iteration, over all copies "
                "(one copy per vCPU, 10 iterations each)",
}
RESULT = re.compile(r"^(?:\[(\S+)\] )?result workload=(\S+) .*us_per_op=([0-9.]+) check=(\S+)")


def capture(cmd, log):
    """Runs cmd, keeping its output in log; returns the output without CRs, and the status."""
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace")
    with open(log, "w") as f:
        f.write(p.stdout)
    return p.stdout.replace("\r", ""), p.returncode


def results(out, log):
    """(VM, workload, us/op) of every result line in out; exits if a workload failed its check."""
    for line in out.splitlines():
        m = RESULT.match(line)
        if m:
            if m.group(4) != "ok":
                sys.exit(f"{log}: a workload failed its check")
            yield m.group(1) or "vm0", m.group(2), float(m.group(3))


def run(cmd, log):
    out, status = capture(cmd, log)
    us = {vm: us_per_op for vm, _, us_per_op in results(out, log)}
    if status != 0 or not us:
        sys.exit(f"smp bench: {log}: exit status {status}, {len(us)} results")
    return us


def sv(harts, vms):
    cmd = [os.path.join(ROOT, "shadowvisor"), "run", "--timeout", "600", "--harts", str(harts)]
    for name, mode, vcpus, workload in vms:
        cmd += ["--vm", f"kernel={KERNEL},initrd={INITRD},mem=256M,mode={mode},vcpus={vcpus},"
                        f"name={name},append={APPEND.format(workload)}"]
    return cmd


def native(harts, workload):
    return ["timeout", "600", "qemu-system-riscv64", "-M", "virt", "-cpu", "rv64", "-smp",
            str(harts), "-m", "256M", "-nographic", "-bios", "default", "-kernel", KERNEL,
            "-initrd", INITRD, "-append", APPEND.format(workload)]


def median_us(reps, cmd, log):
    """Per VM name, the median us/op over reps runs."""
    runs = [run(cmd, f"{log}.{r}.log") for r in range(reps)]
    return {vm: statistics.median(r[vm] for r in runs) for vm in runs[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--harts", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--workloads", nargs="+", default=["forkwait", "threads"])
    ap.add_argument("--vcpus", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--smp-workloads", nargs="+", default=["threads", "parallel.sh"])
    ap.add_argument("--out", default=os.path.join(ROOT, "results/smp"))
    args = ap.parse_args()
    logs = os.path.join(args.out, "logs")
    os.makedirs(logs, exist_ok=True)
    lines = ["# SMP bench", "",
             f"`tools/bench/smp.py --reps {args.reps}` on {os.cpu_count()} host cores, wall "
             "clock, medians. QEMU runs one host thread per hart, so more harts than host "
             "cores measure the host, not shadowvisor.", "",
             "## Scaling: N single-vCPU VMs on N harts, all running the workload at once", "",
             "Each VM's throughput relative to one VM alone on one hart (1.00 = no loss).", "",
             "| workload | mode | " + " | ".join(f"N={n}" for n in args.harts) + " |",
             "|---|---|" + "---|" * len(args.harts)]
    for w in args.workloads:
        for mode in ["shadow", "nested"]:
            cells, alone = [], None
            for n in args.harts:
                vms = [(f"{mode}{i}", mode, 1, w) for i in range(n)]
                us = median_us(args.reps, sv(n, vms), os.path.join(logs, f"scale-{w}-{mode}-{n}"))
                alone = alone or next(iter(us.values()))  # N=1 comes first: one VM
                worst = max(us.values())
                cells.append(f"{alone / statistics.mean(us.values()):.2f} "
                             f"(worst {alone / worst:.2f})")
                print(f"scaling {w} {mode} N={n}: {us}", flush=True)
            lines.append(f"| {w} | {mode} | " + " | ".join(cells) + " |")
    for w in args.smp_workloads:
        name = w.removesuffix(".sh")
        lines += ["", f"## SMP guests: {name} with " +
                  ", ".join(str(n) for n in args.vcpus) + " vCPUs", "",
                  f"{SMP_UNITS.get(name, 'Microseconds per operation')}; ratios to native at "
                  f"the same vCPU count. shadowvisor runs them on as many harts, at most "
                  f"{os.cpu_count()} (the host's cores): more harts than cores spin on "
                  "shootdowns to QEMU threads the host has descheduled.", "",
                  "| vCPUs | native | shadow | nested | shadow / native | nested / native |",
                  "|---|---|---|---|---|---|"]
        for n in args.vcpus:
            nat = median_us(args.reps, native(n, w),
                            os.path.join(logs, f"smp-{name}-native-{n}"))["vm0"]
            harts = min(n, os.cpu_count())
            us = {mode: median_us(args.reps, sv(harts, [("vm0", mode, n, w)]),
                                  os.path.join(logs, f"smp-{name}-{mode}-{n}"))["vm0"]
                  for mode in ["shadow", "nested"]}
            lines.append(f"| {n} | {nat:.1f} | {us['shadow']:.1f} | {us['nested']:.1f} | "
                         f"{us['shadow'] / nat:.2f} | {us['nested'] / nat:.2f} |")
            print(f"smp {name} vcpus={n}: native {nat} {us}", flush=True)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"smp bench: report in {os.path.relpath(os.path.join(args.out, 'report.md'))}")


if __name__ == "__main__":
    main()
