#!/usr/bin/env python3
"""Checks that every program a traced run executed comes from this project, from a package
scripts/setup.sh installs (or one apt installs with it), or from Debian's essential set; so a
fresh Debian 12 machine, given only what the setup installs, has all of them.

usage: provenance.py LIST [PREFIX]
LIST: the files executed, one absolute path per line (tests/deps/exec-log.py writes it); PREFIX,
if given, is taken off each path first (the host path of the root the run was chrooted into).
Prints each program's package, then the programs that fail the rule, and exits 1 if there are.
Maintainer scripts that dpkg runs while the setup installs packages are the packages' own.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DPKG_SCRIPTS = "/var/lib/dpkg/"


def setup_packages():
    """The PACKAGES=( ... ) list of scripts/setup.sh, comments dropped."""
    text = open(os.path.join(ROOT, "scripts", "setup.sh")).read()
    body = re.search(r"^PACKAGES=\((.*?)^\)", text, re.S | re.M).group(1)
    return [w for line in body.splitlines() for w in line.split("#")[0].split()]


def closure(packages):
    """Installed packages that the given ones pull in through Depends and Pre-Depends."""
    out = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--installed", "--no-recommends", "--no-suggests",
         "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"] + sorted(packages),
        capture_output=True, text=True, check=True).stdout
    return {line.strip("<>") for line in out.splitlines() if line and not line[0].isspace()}


def essential():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Essential}\\n"],
                         capture_output=True, text=True, check=True).stdout
    return [f[0] for f in (line.split() for line in out.splitlines()) if f[1:] == ["yes"]]


def owner(path):
    """The package that installed path, trying the spellings usrmerge leaves dpkg with."""
    cands = [path, os.path.realpath(path)]
    for c in list(cands):
        if c.startswith("/usr/"):
            cands.append(c[4:])
        else:
            cands.append("/usr" + c)
    for c in cands:
        r = subprocess.run(["dpkg-query", "-S", c], capture_output=True, text=True)
        if r.returncode == 0:
            for line in r.stdout.splitlines():
                pkgs, _, file = line.partition(": ")
                if file == c and not pkgs.startswith("diversion by"):
                    return pkgs.split(",")[0].split(":")[0].strip()
    return None


def ours(path):
    real = os.path.realpath(path)
    return real.startswith(ROOT + "/")


def main():
    prefix = sys.argv[2].rstrip("/") if len(sys.argv) > 2 else ""
    programs = set()
    for line in open(sys.argv[1]):
        path = line.rstrip("\n")
        if path == "OVERFLOW":
            print("provenance: FAIL the exec log lost events: the list is incomplete")
            return 1
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix):]
        programs.add(path)
    allowed = closure(set(setup_packages()) | set(essential()) | {"apt"})
    bad = []
    for p in sorted(programs):
        if ours(p) or p.startswith(DPKG_SCRIPTS):
            continue
        pkg = owner(p)
        print(f"{p}: {pkg or 'no package'}")
        if pkg is None or pkg not in allowed:
            bad.append((p, pkg))
    for p, pkg in bad:
        print(f"provenance: FAIL {p}: from {pkg or 'no Debian package'}, which neither "
              "scripts/setup.sh installs nor Debian's essential set has")
    print(f"provenance: {len(programs)} programs run, {len(bad)} from elsewhere")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
