#!/usr/bin/env python3
"""The memory bench behind `make bench-mem`: what N identical Linux VMs take from the host.

N VMs of 256 MiB each, all in one MMU mode, on as many harts as the host has cores: first they
boot and power off at once (sv.run=/bin/true), then they boot and run the workload suite
(run-all.sh). For each run: the VMs' RAM together, what of it has host memory behind it when
they end (resident, backed on first touch), the hypervisor's own share of the machine (pools,
shadow metadata, images: machine memory minus the guest-memory arena), and their sum, the host
memory in use. Report in OUT/report.md, each run's output in OUT/logs/.
"""
import argparse
import os
import re
import sys

from smp import ROOT, capture, results, sv

MACHINE = re.compile(r"RAM 0x[0-9a-f]+ \+ (\d+) MiB")
ARENA = re.compile(r"guest memory: (\d+) MiB at")
RESIDENT = re.compile(r"stats vm=(\S+) mode=\S+ .* resident_kib=(\d+)")
VM_RAM_MIB = 256


def run(cmd, log):
    """Machine MiB, arena MiB, resident MiB per VM, and us/op per workload (mean over VMs)."""
    out, status = capture(cmd, log)
    machine, arena = MACHINE.search(out), ARENA.search(out)
    resident = {m.group(1): int(m.group(2)) / 1024 for m in RESIDENT.finditer(out)}
    us = {}
    for _, workload, us_per_op in results(out, log):
        us.setdefault(workload, []).append(us_per_op)
    if status != 0 or not machine or not arena or not resident:
        sys.exit(f"mem bench: {log}: exit status {status}, or no memory figures")
    return (int(machine.group(1)), int(arena.group(1)), resident,
            {w: sum(v) / len(v) for w, v in us.items()})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vms", type=int, nargs="+", default=[4, 8])
    ap.add_argument("--modes", nargs="+", default=["shadow", "nested"])
    ap.add_argument("--out", default=os.path.join(ROOT, "results/mem"))
    args = ap.parse_args()
    logs = os.path.join(args.out, "logs")
    os.makedirs(logs, exist_ok=True)
    harts = os.cpu_count()
    lines = ["# Memory bench", "",
             f"`tools/bench/mem.py` on {harts} host cores ({harts} harts). N identical Linux "
             f"VMs of {VM_RAM_MIB} MiB; guest RAM is backed on first touch, in 2 MiB chunks, "
             "with no page sharing yet. *Resident* is what of the VMs' RAM has host memory "
             "behind it when they end; the *hypervisor* keeps the rest of the machine's "
             "memory it uses (page-table pools, shadow metadata, images); *host in use* is "
             "their sum.", "",
             "| VMs | mode | run | guest RAM MiB | resident MiB (per VM) | hypervisor MiB | "
             "host in use MiB | of guest RAM | shellmacro µs/op (mean) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n in args.vms:
        for mode in args.modes:
            for run_name, script in [("booted", "true"), ("workloads", "run-all.sh")]:
                vms = [(f"{mode}{i}", mode, 1, script) for i in range(n)]
                machine, arena, resident, us = run(
                    sv(harts, vms), os.path.join(logs, f"{run_name}-{mode}-{n}.log"))
                ram, res = n * VM_RAM_MIB, sum(resident.values())
                used = machine - arena + res
                shell = f"{us['shellmacro']:.0f}" if "shellmacro" in us else ""
                lines.append(f"| {n} | {mode} | {run_name} | {ram} | {res:.0f} ({res / n:.0f}) "
                             f"| {machine - arena} | {used:.0f} | {used / ram:.0%} | {shell} |")
                print(lines[-1], flush=True)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"mem bench: report in {os.path.relpath(os.path.join(args.out, 'report.md'))}")


if __name__ == "__main__":
    main()
