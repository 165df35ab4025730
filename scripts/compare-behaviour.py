#!/usr/bin/python3
"""Compare two behaviour snapshots (scripts/behaviour-snapshot.sh) CSV by CSV.

usage: /usr/bin/python3 scripts/compare-behaviour.py DIR_BEFORE DIR_AFTER
           [--allow FILE:COLUMN[:RELTOL] ...] [--max-columns N]

Every *.csv file under either directory is matched by its path relative to the directory. Only
data lines count: lines starting with '#' (metadata: version, command line with the binary
path, ...) are ignored. The first remaining line is the header of column names; it is compared
as text. The other lines are compared field by field as text, columns matched by name and rows
by position, so "identical" means the same field strings (bit-identical doubles, as written).

For each differing column the report gives the number of differing rows and, where both fields
are numbers, the largest absolute difference and the largest relative difference
|a - b| / max(|a|, |b|).

--allow FILE:COLUMN[:RELTOL] lets a column differ: FILE and COLUMN are shell-style patterns
(fnmatch; FILE is matched against the relative path and against the file name), so
'*:E_N_ci', 'linear-em/timeseries.csv:V_*:1e-12' and 'sweep-2d/*.csv:*' all work. Without
RELTOL any difference is allowed, including the column being present in one tree only. With
RELTOL every differing field must be numeric with relative difference <= RELTOL. COLUMN '*'
without RELTOL also allows the file to be present in one tree only.

Exit code: 0 when everything not allowed is identical, 1 otherwise, 2 on usage errors.
"""

import argparse
import csv
import fnmatch
import math
import os
import sys

# Columns skipped in every comparison because they are not reproducible from run to run (for
# example wall-clock timings). Patterns as for --allow: (FILE, COLUMN, why).
# Empty: two runs of the baseline (e26dc0b) snapshot were bit-identical in every CSV column.
NONDETERMINISTIC = []


class Allow:
    def __init__(self, spec):
        self.spec = spec
        parts = spec.split(":")
        self.reltol = None
        if len(parts) == 3:
            try:
                self.reltol = float(parts[2])
            except ValueError:
                raise argparse.ArgumentTypeError(f"--allow {spec!r}: RELTOL {parts[2]!r} is not a number")
            if not self.reltol >= 0:
                raise argparse.ArgumentTypeError(f"--allow {spec!r}: RELTOL must be >= 0")
        elif len(parts) != 2:
            raise argparse.ArgumentTypeError(f"--allow {spec!r}: expected FILE:COLUMN[:RELTOL]")
        self.file, self.column = parts[0], parts[1]
        if not self.file or not self.column:
            raise argparse.ArgumentTypeError(f"--allow {spec!r}: FILE and COLUMN must not be empty")
        self.used = False

    def matches_file(self, rel):
        return fnmatch.fnmatchcase(rel, self.file) or fnmatch.fnmatchcase(os.path.basename(rel), self.file)

    def matches(self, rel, column):
        return self.matches_file(rel) and fnmatch.fnmatchcase(column, self.column)


def find_csvs(root):
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in filenames:
            if f.endswith(".csv"):
                out.add(os.path.relpath(os.path.join(dirpath, f), root))
    return out


def read_data(path):
    """Header line (text, or None), header fields, data rows (lists of field strings)."""
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as fh:
        lines = [ln.rstrip("\r\n") for ln in fh if not ln.startswith("#")]
    if not lines:
        return None, [], []
    rows = list(csv.reader(lines))
    return lines[0], rows[0], rows[1:]


def to_float(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def rel_diff(a, b):
    if a == b:
        return 0.0
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return math.inf
    return abs(a - b) / max(abs(a), abs(b))


def fmt(x):
    return "inf" if x == math.inf else f"{x:.3e}"


class ColumnDiff:
    def __init__(self, name):
        self.name = name
        self.rows = 0
        self.non_numeric = 0
        self.max_abs = 0.0
        self.max_rel = 0.0
        self.example = None

    def add(self, row, a, b):
        self.rows += 1
        if self.example is None:
            self.example = (row, a, b)
        fa, fb = to_float(a), to_float(b)
        if fa is None or fb is None:
            self.non_numeric += 1
            return
        if math.isnan(fa) and math.isnan(fb):      # e.g. "nan" vs "-nan": same value, other text
            return
        d = abs(fa - fb) if not (math.isnan(fa) or math.isnan(fb)) else math.inf
        if math.isnan(d):                          # inf - inf
            d = math.inf
        self.max_abs = max(self.max_abs, d)
        self.max_rel = max(self.max_rel, rel_diff(fa, fb))

    def describe(self, nrows):
        s = f"{self.name}: {self.rows}/{nrows} rows differ"
        if self.rows > self.non_numeric:
            s += f", max abs {fmt(self.max_abs)}, max rel {fmt(self.max_rel)}"
        if self.non_numeric:
            s += f", {self.non_numeric} non-numeric"
        r, a, b = self.example
        s += f" (first: row {r}: {a!r} -> {b!r})"
        return s


def column_status(rel, name, diff, allows, skips):
    """'skipped', 'allowed', or 'fail' for a differing column."""
    for f, c, _why in skips:
        if fnmatch.fnmatchcase(rel, f) or fnmatch.fnmatchcase(os.path.basename(rel), f):
            if fnmatch.fnmatchcase(name, c):
                return "skipped"
    for al in allows:
        if not al.matches(rel, name):
            continue
        al.used = True
        if al.reltol is None:
            return "allowed"
        if diff is not None and diff.non_numeric == 0 and diff.max_rel <= al.reltol:
            return "allowed"
    return "fail"


def compare_file(rel, before, after, allows, skips, max_columns):
    """Returns (status, lines): status in identical / allowed / different."""
    hb_text, hb, rows_b = read_data(before)
    ha_text, ha, rows_a = read_data(after)
    lines = []
    fail = False
    allowed_any = False

    def dedupe(header):
        seen, out = {}, []
        for h in header:
            seen[h] = seen.get(h, 0) + 1
            out.append(h if seen[h] == 1 else f"{h}#{seen[h]}")
        return out

    hb, ha = dedupe(hb), dedupe(ha)

    if hb_text is None or ha_text is None:
        if hb_text is None and ha_text is None:
            return "identical", ["(no data lines in either)"]
        side = "before" if hb_text is None else "after"
        return "different", [f"no data lines in {side}"]

    only_b = [c for c in hb if c not in ha]
    only_a = [c for c in ha if c not in hb]
    for label, cols in (("only in before", only_b), ("only in after", only_a)):
        for c in cols:
            st = column_status(rel, c, None, allows, skips)
            lines.append(f"column {label}: {c} [{'ALLOWED' if st != 'fail' else 'FAIL'}]")
            fail |= st == "fail"
            allowed_any |= st != "fail"

    if hb_text != ha_text:
        # The header text differs. Accept it only if removing the allowed/skipped columns from
        # both sides leaves the same sequence of names (an allowed column added or removed).
        def keep(header):
            return [c for c in header if column_status(rel, c, None, allows, skips) == "fail"]
        if keep(hb) != keep(ha):
            fail = True
            lines.append("header differs [FAIL]:")
            lines.append(f"  before: {hb_text}")
            lines.append(f"  after : {ha_text}")
        else:
            allowed_any = True
            lines.append("header differs only by allowed columns [ALLOWED]")

    if len(rows_b) != len(rows_a):
        fail = True
        lines.append(f"row count differs: {len(rows_b)} before, {len(rows_a)} after [FAIL]")

    nrows = min(len(rows_b), len(rows_a))
    ib = {c: i for i, c in enumerate(hb)}
    ia = {c: i for i, c in enumerate(ha)}
    common = [c for c in hb if c in ia]
    diffs = {}
    ragged = 0
    for r in range(nrows):
        rb, ra = rows_b[r], rows_a[r]
        if rb == ra:
            continue
        if len(rb) != len(hb) or len(ra) != len(ha):
            ragged += 1
        for c in common:
            jb, ja = ib[c], ia[c]
            a = rb[jb] if jb < len(rb) else None
            b = ra[ja] if ja < len(ra) else None
            if a != b:
                if c not in diffs:
                    diffs[c] = ColumnDiff(c)
                diffs[c].add(r + 1, a, b)
    if ragged:
        fail = True
        lines.append(f"{ragged} rows have a field count other than the header's [FAIL]")

    shown = {"fail": 0, "allowed": 0, "skipped": 0}
    hidden = {"fail": 0, "allowed": 0, "skipped": 0}
    for c in common:
        if c not in diffs:
            continue
        st = column_status(rel, c, diffs[c], allows, skips)
        fail |= st == "fail"
        allowed_any |= st != "fail"
        if max_columns and shown[st] >= max_columns:
            hidden[st] += 1
            continue
        shown[st] += 1
        lines.append(f"{diffs[c].describe(nrows)} [{st.upper()}]")
    for st, n in hidden.items():
        if n:
            lines.append(f"... and {n} more {st.upper()} columns (--max-columns 0 lists all)")

    if fail:
        return "different", lines
    return ("allowed" if allowed_any else "identical"), lines


def main():
    ap = argparse.ArgumentParser(
        description="Compare the CSV data of two behaviour snapshots (bit-identical field strings).")
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--allow", action="append", default=[], type=Allow, metavar="FILE:COLUMN[:RELTOL]",
                    help="let a column differ (fnmatch patterns), optionally only within RELTOL")
    ap.add_argument("--max-columns", type=int, default=0, metavar="N",
                    help="list at most N differing columns per file and status (default 0: all)")
    args = ap.parse_args()
    for d in (args.before, args.after):
        if not os.path.isdir(d):
            ap.error(f"{d!r} is not a directory")

    csv_b, csv_a = find_csvs(args.before), find_csvs(args.after)
    allfiles = sorted(csv_b | csv_a)
    if not allfiles:
        print("no CSV files in either directory")
        return 1

    print(f"before: {os.path.abspath(args.before)}")
    print(f"after : {os.path.abspath(args.after)}")
    for f, c, why in NONDETERMINISTIC:
        print(f"skipped everywhere (not reproducible): {f}:{c}: {why}")
    for al in args.allow:
        print(f"allowed: {al.spec}")
    print()

    counts = {"identical": 0, "allowed": 0, "different": 0, "only in before": 0, "only in after": 0}
    failures = []
    any_allowed = False
    for rel in allfiles:
        if rel not in csv_a or rel not in csv_b:
            which = "only in before" if rel in csv_b else "only in after"
            ok = False
            for al in args.allow:
                if al.matches_file(rel) and al.column == "*" and al.reltol is None:
                    al.used = ok = True
            print(f"{which.upper():15} {rel}" + ("  [ALLOWED]" if ok else ""))
            counts[which] += 1
            any_allowed |= ok
            if not ok:
                failures.append(rel)
            continue
        status, lines = compare_file(rel, os.path.join(args.before, rel), os.path.join(args.after, rel),
                                     args.allow, NONDETERMINISTIC, args.max_columns)
        counts[status] += 1
        any_allowed |= status == "allowed"
        label = {"identical": "IDENTICAL", "allowed": "ALLOWED DIFFS", "different": "DIFFERENT"}[status]
        print(f"{label:15} {rel}")
        for ln in lines:
            print(f"    {ln}")
        if status == "different":
            failures.append(rel)

    print()
    for al in args.allow:
        if not al.used:
            print(f"note: --allow {al.spec} matched no difference")
    print("summary: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v or k in ("identical", "different"))
          + f" ({len(allfiles)} CSV files)")
    if failures:
        print(f"RESULT: DIFFERENT ({len(failures)} files): " + " ".join(failures))
        return 1
    print("RESULT: IDENTICAL" + (" (apart from allowed differences)" if any_allowed else
                                 ": every CSV is bit-identical"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
