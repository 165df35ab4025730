"""Shared helpers of the nonlinear plot scripts (Debian python3-matplotlib; run with /usr/bin/python3)."""
import csv


def read_csv(path):
    """Rows of a spincom CSV as dicts (floats where possible), skipping '#' metadata lines."""
    with open(path) as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        out = {}
        for k, v in row.items():
            try:
                out[k] = float(v)
            except ValueError:
                out[k] = v
        rows.append(out)
    return rows
