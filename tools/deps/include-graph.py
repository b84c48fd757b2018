#!/usr/bin/env python3
"""The hypervisor's include graph: no module may reach itself through #include "...", and the
folders stand on floors, each including only its own floor and the floors below it:

    boot -> core -> mmu, sbi, dev -> mm -> lib, arch

A module is a source file and its header: F/x.c and include/F/x.h are module F/x, of folder F.
Including a module's header depends on the module, so a cycle of modules is a circle of files
that need each other. Prints every violation (a cycle, or an include that climbs a floor) and
exits 1 if there is one; with --dot, prints the folder graph in Graphviz form instead.

usage: include-graph.py [--dot]   (from anywhere; reads the repository it lives in)
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FOLDERS = ["boot", "core", "mmu", "sbi", "dev", "mm", "lib", "arch"]
FLOOR = {"boot": 0, "core": 1, "mmu": 2, "sbi": 2, "dev": 2, "mm": 3, "lib": 4, "arch": 4}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(path):
    """The folder a repository-relative path belongs to, or None outside the hypervisor."""
    parts = path.split("/")
    if parts[0] == "include" and len(parts) > 2:
        return parts[1] if parts[1] in FOLDERS else None
    return parts[0] if parts[0] in FOLDERS and len(parts) > 1 else None


def resolve(name, including):
    """Where #include "name" in file `including` lands (the build's -I: include, then lib's)."""
    for base in (os.path.dirname(including), "include", "lib/freestanding/include"):
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(ROOT, cand)):
            return cand
    return None


def sources():
    for top in FOLDERS + ["include"]:
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith((".c", ".h", ".S")):
                    path = os.path.relpath(os.path.join(d, f), ROOT)
                    if folder_of(path):
                        yield path


def module(path):
    """include/F/x.h and F/x.c are both F/x."""
    if path.startswith("include/"):
        path = path[len("include/"):]
    return os.path.splitext(path)[0]


def graph():
    """Module -> the modules it includes (its own header aside)."""
    edges = {}
    for src in sources():
        text = open(os.path.join(ROOT, src)).read()
        targets = {resolve(n, src) for n in INCLUDE.findall(text)}
        deps = edges.setdefault(module(src), set())
        deps.update(module(t) for t in targets if t and folder_of(t) and module(t) != module(src))
    return {m: sorted(d) for m, d in edges.items()}


def cycles(edges):
    """Strongly connected components with more than one file (Tarjan), and self-includes."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, []):
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    edges = graph()
    if sys.argv[1:] == ["--dot"]:
        pairs = {(s.split("/")[0], t.split("/")[0]) for s, ts in edges.items() for t in ts}
        print("digraph folders {")
        for a, b in sorted(pairs):
            if a != b:
                print(f"  {a} -> {b};")
        print("}")
        return 0
    bad = 0
    for comp in cycles(edges):
        print("include-graph: cycle: " + " -> ".join(comp))
        bad += 1
    for src, targets in sorted(edges.items()):
        for t in targets:
            a, b = src.split("/")[0], t.split("/")[0]
            if FLOOR[b] < FLOOR[a] or (FLOOR[a] == FLOOR[b] and a != b):
                print(f"include-graph: {src} ({a}) includes {t} ({b}), which is not below it")
                bad += 1
    nedges = sum(len(t) for t in edges.values())
    print(f"include-graph: {len(edges)} modules, {nedges} dependencies, {bad} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
