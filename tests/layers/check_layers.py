#!/usr/bin/env python3
"""No include that runs upward: every spincom header or source may include only headers of its
own folder or of a lower layer. The layer order is the one of docs/architecture.md; a folder not
listed here fails the check (so a new folder must be placed in the order).
Usage: check_layers.py REPO_ROOT"""
import pathlib
import re
import sys

LAYERS = ["core", "model", "config", "stability", "covariance", "measures", "dynamics", "nonlinear", "random", "sde",
          "statistics", "engine", "ensemble", "steady", "timedomain", "io"]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]spincom/([^/">]+)/[^">]+[">]', re.M)
ANY_SPINCOM = re.compile(r'^\s*#\s*include\s*[<"][^">]*spincom[^">]*[">]', re.M)
RELATIVE = re.compile(r'^\s*#\s*include\s*"\.\./', re.M)
SOURCES = ("*.hpp", "*.h", "*.ipp", "*.inl", "*.cpp")


def main(root: pathlib.Path) -> int:
    problems = []
    files = [f for pattern in SOURCES for base in (root / "include" / "spincom", root / "src") for f in base.rglob(pattern)]
    checked = 0
    for f in files:
        rel = f.relative_to(root)
        parts = rel.parts
        folder = parts[2] if parts[0] == "include" else parts[1]
        if folder == "cli":
            continue  # the front end sits above every layer
        if folder not in LAYERS:
            problems.append(f"{rel}: folder '{folder}' is not in the layer order")
            continue
        checked += 1
        text = f.read_text()
        if RELATIVE.search(text):
            problems.append(f"{rel}: includes with '../' (write \"spincom/<layer>/...\")")
        layered = {m.group(0) for m in INCLUDE.finditer(text)}
        for line in ANY_SPINCOM.findall(text):
            if line not in layered:
                problems.append(f"{rel}: '{line.strip()}' names no layer folder")
        for m in INCLUDE.finditer(text):
            target = m.group(1)
            if target not in LAYERS:
                problems.append(f"{rel}: includes unknown layer '{target}'")
            elif LAYERS.index(target) > LAYERS.index(folder):
                problems.append(f"{rel}: '{folder}' includes the higher layer '{target}'")
    for p in problems:
        print("FAIL:", p)
    print(f"{checked} files checked, {len(problems)} upward or unknown includes")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
