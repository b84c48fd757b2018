"""The benchmark's report: OUT/report.md (Markdown tables) and gnuplot plots next to it."""
import os
import statistics
import subprocess


def medians(runs, clock, key):
    """{mode: {workload or "boot": median}} of key(run, workload) over the clock's runs."""
    out = {}
    for r in runs:
        if r["clock"] != clock:
            continue
        for name, value in key(r):
            out.setdefault(r["mode"], {}).setdefault(name, []).append(value)
    return {m: {n: statistics.median(v) for n, v in d.items()} for m, d in out.items()}


def us_per_op(workloads):
    def key(r):
        yield "boot", r["boot_s"] * 1e6
        for w in workloads:
            yield w, float(r["results"][w]["us_per_op"])
    return key


def exits_per_op(workloads, fields):
    def key(r):
        for w in workloads:
            res = r["results"][w]
            for f in fields:
                if f + "_per_op" in res:
                    yield (w, f), float(res[f + "_per_op"])
    return key


def spread(runs, workloads):
    """The largest (max - min) / median of a time over the icount repetitions, in percent."""
    worst = 0.0
    for mode in {r["mode"] for r in runs}:
        same = [r for r in runs if r["clock"] == "icount" and r["mode"] == mode]
        for name, value in us_per_op(workloads)(same[0]) if len(same) > 1 else []:
            vals = [dict(us_per_op(workloads)(r))[name] for r in same]
            worst = max(worst, (max(vals) - min(vals)) / statistics.median(vals) * 100)
    return worst


def hv_insns_per_exit(runs):
    """Per mode: hypervisor instructions per exit of each type, from the icount runs' stats."""
    types = [("ecall (SBI)", "hv_insns_ecall", ["ecall"]),
             ("illegal instruction (satp, sfence, backdoor)", "hv_insns_illegal",
              ["illegal", "-wfi"]),
             ("page fault", "hv_insns_pf", ["ifault", "lfault", "sfault"]),
             ("timer interrupt", "hv_insns_timer", ["timer_irq"]),
             ("every exit but wfi", "hv_insns", ["exits", "-wfi"])]
    out = {}
    for r in runs:
        if r["clock"] != "icount" or not r["stats"]:
            continue
        s = {k: int(v) for k, v in r["stats"].items() if v.isdigit()}
        for label, insns, counts in types:
            n = sum(-s[c[1:]] if c.startswith("-") else s[c] for c in counts)
            if n:
                out.setdefault(r["mode"], {}).setdefault(label, []).append(s[insns] / n)
    return [label for label, _, _ in types], \
        {m: {k: statistics.median(v) for k, v in d.items()} for m, d in out.items()}


def time_table(med, modes, workloads, ops):
    others = [m for m in modes[1:] if m in med]
    head = ["workload", "one op", "native µs"] + [f"{m} µs | {m}/native" for m in others]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "---|" * (3 + 2 * len(others))]
    for name in ["boot"] + workloads:
        base = med.get("native", {}).get(name)
        if base is None:
            continue
        label = "boot to /init (ms)" if name == "boot" else name
        scale = 1e-3 if name == "boot" else 1
        row = [label, "" if name == "boot" else ops[name], f"{base * scale:.3f}"]
        for m in others:
            v = med[m].get(name)
            row += [f"{v * scale:.3f}", f"**{v / base:.2f}**"] if v else ["", ""]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def plot(out, name, script, rows):
    """rows: data lines for gnuplot's $data block; script: commands after the terminal."""
    text = (f"set terminal svg size 900,420 font 'sans,11'\nset output '{name}.svg'\n"
            "$data << EOD\n" + "\n".join(rows) + "\nEOD\n" + script)
    with open(os.path.join(out, f"{name}.gp"), "w") as f:
        f.write(text)
    subprocess.run(["gnuplot", f"{name}.gp"], cwd=out, check=True)


HISTOGRAM = ("set style data histograms\nset style histogram clustered gap 1\n"
             "set style fill solid 0.8 border -1\nset xtics rotate by -30\nset key outside right top\n"
             "set grid ytics\n")


def exit_cost_table(costs):
    """Per exit kind, per mode: exits and hypervisor instructions per operation."""
    modes = list(costs)
    kinds = list(dict.fromkeys(k for m in modes for k in costs[m]))
    md = ["## One exit at a time (the exit-cost guest, icount)", "",
          "`guests/exit-cost` repeats each operation 256 times between two reads of the "
          "counters extension and prints exits and hypervisor instructions per operation "
          "(`docs/benchmark.md`).", "",
          "| operation | " + " | ".join(f"{m} exits | {m} hv insns" for m in modes) + " |",
          "|" + "---|" * (1 + 2 * len(modes))]
    for k in kinds:
        cells = []
        for m in modes:
            c = costs[m].get(k)
            cells += [f"{c['exits']:.2f}", str(c["hv_insns"])] if c else ["", ""]
        md.append(f"| {k} | " + " | ".join(cells) + " |")
    return md + [""]


def paging_modes(runs, modes):
    """The paging mode each mode's kernel chose, from its /proc/cpuinfo."""
    seen = {m: sorted({r["mmu"] for r in runs if r["mode"] == m and r.get("mmu")})
            for m in modes}
    seen = {m: v for m, v in seen.items() if v}
    if not seen:
        return []
    line = "Paging mode the guest kernel chose (`/proc/cpuinfo`): " + ", ".join(
        f"{m} {'/'.join(v)}" for m, v in seen.items()) + "."
    if len({tuple(v) for v in seen.values()}) > 1:
        line += " **The modes differ, so their page walks are not the same length.**"
    return [line, ""]


def write_report(out, meta, runs, unavailable, failures, workloads, ops, fields, costs):
    modes = meta["modes"]
    wall = medians(runs, "wall", us_per_op(workloads))
    icnt = medians(runs, "icount", us_per_op(workloads))
    exits = medians(runs, "icount" if meta["icount_reps"] else "wall",
                    exits_per_op(workloads, fields))
    others = [m for m in modes[1:] if m in wall or m in icnt]
    md = [f"# shadowvisor benchmark, {meta['date']}", "",
          f"Generated by `make bench` in {meta['minutes']} minutes on {meta['machine']}. "
          + ("The machine was busy with other work while this ran (load average 1 or more "
             "before it started), so the wall-clock times are noisy; the instruction-count "
             "times are not." if meta.get("load", 0) >= 1 else ""), "",
          f"Each mode boots the same Linux 6.1 kernel and initramfs with the same QEMU flags "
          f"(`-M virt -cpu rv64 -smp 1`, guest RAM {meta['mem']}) and runs `/bin/bench.sh` "
          f"({meta['scale']} sizes); the modes' runs are interleaved. Times are medians of "
          f"{meta['reps']} wall-clock and {meta['icount_reps']} instruction-count runs "
          "(`-icount shift=0,sleep=off`: 1 µs = 1000 guest and hypervisor instructions, idle "
          "time skipped). Boot time is the time CSR read by /init (from the machine's reset). "
          "Instruction-count time charges nothing for TLB misses and page walks, which QEMU "
          "does outside the instruction stream: the walk-length trade-off (tlbmiss) shows in "
          "wall-clock time only.", ""]
    md += paging_modes(runs, modes)
    for m, why in unavailable.items():
        md.append(f"- {m}: not available: {why}")
    for f in failures:
        md.append(f"- FAILED run: {f}")
    if unavailable or failures:
        md.append("")
    for title, med in (("Wall clock", wall), ("Instruction count (deterministic)", icnt)):
        if med:
            md += [f"## {title}: time per operation and ratio to native", ""]
            md += time_table(med, modes, workloads, ops) + [""]
    if meta["icount_reps"] > 1:
        md += [f"Instruction-count repeatability: the largest spread of a time over the "
               f"{meta['icount_reps']} runs is {spread(runs, workloads):.3f} %.", ""]
    md += ["## Exits per operation", "",
           "From the hypervisor's counters extension, read by each workload through the "
           "backdoor instruction around its timed part (`docs/benchmark.md`): exits of every "
           "kind, page-fault exits, illegal-instruction exits (satp, sfence.vma, wfi), SBI "
           "calls, timer interrupts, exceptions reflected to the guest, page faults the shadow "
           "MMU fixed itself, emulated guest page-table stores, and hypervisor instructions.", ""]
    md.append("| workload | mode | " + " | ".join(f.replace("_", " ") for f in fields) + " |")
    md.append("|" + "---|" * (2 + len(fields)))
    for w in workloads:
        for m in others:
            if (w, fields[0]) in exits.get(m, {}):
                md.append(f"| {w} ({ops[w]}) | {m} | " +
                          " | ".join(f"{exits[m][(w, f)]:.2f}" if f != "hv_insns" else
                                     f"{exits[m][(w, f)]:.0f}" for f in fields) + " |")
    labels, per_exit = hv_insns_per_exit(runs)
    if per_exit:
        md += ["", "## Hypervisor instructions per exit, by type (whole runs, icount)", "",
               "| mode | " + " | ".join(labels) + " |", "|" + "---|" * (1 + len(labels))]
        for m, d in per_exit.items():
            md.append(f"| {m} | " + " | ".join(f"{d[k]:.0f}" if k in d else "" for k in labels)
                      + " |")
        md += ["", "minstret from the C exit handler's start to the resume; the register save "
               "and restore around it (a few dozen instructions) is not included."]
    if costs:
        md += [""] + exit_cost_table(costs)

    plots = []
    ratio_cols = [(c, m, med) for m in others for c, med in (("wall", wall), ("icount", icnt))
                  if m in med]
    if ratio_cols:
        rows = []
        for name in ["boot"] + workloads:
            if all(name in med.get("native", {}) and name in med[m] for _, m, med in ratio_cols):
                rows.append(name + " " + " ".join(f"{med[m][name] / med['native'][name]:.4f}"
                                                  for _, m, med in ratio_cols))
        using = ", ".join(f"$data using {i + 2}:xtic(1) title '{m} ({c})'"
                          for i, (c, m, _) in enumerate(ratio_cols))
        plot(out, "ratios", HISTOGRAM + "set ylabel 'time per op, ratio to native'\n"
             "set yrange [0:*]\nplot " + using + ", 1 with lines lc 'black' notitle\n", rows)
        plots.append(("Ratio to native (time per operation)", "ratios.svg"))
    exit_modes = [m for m in others if m in exits]
    if exit_modes:
        shown = ["exits", "pf", "illegal", "sbi", "irq"]
        rows = [w + " " + " ".join(f"{max(exits[m].get((w, f), 0), 0.001):.4f}"
                                   for m in exit_modes for f in shown) for w in workloads]
        using = ", ".join(f"$data using {i + 2}:xtic(1) title '{m}: {f}'"
                          for i, (m, f) in enumerate((m, f) for m in exit_modes for f in shown))
        plot(out, "exits", HISTOGRAM + "set logscale y\nset ylabel 'exits per operation'\n"
             "plot " + using + "\n", rows)
        plots.append(("Exits per operation (log scale)", "exits.svg"))
    md.append("")
    for title, f in plots:
        md += [f"## {title}", "", f"![{title}]({f})", ""]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md))
