"""What every page's tables share: reading a committed JSON file, formatting numbers, a markdown table."""
import json
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@cache
def load(path):
    """A committed JSON file, by its path from the repo root (read once)."""
    with open(ROOT / path) as f:
        return json.load(f)


def load_if_run(path):
    """load(path), or None while the experiment that writes it has not run: its blocks say 'not run'."""
    return load(path) if (ROOT / path).exists() else None


def num(x, digits=3):
    """x with `digits` decimals."""
    return f"{x:.{digits}f}"


def sig(x, digits=2):
    """x with `digits` significant figures, never in e-notation."""
    if x == 0:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" in text:
        text = f"{x:.{max(0, digits - 1 - int(f'{abs(x):e}'.split('e')[1]))}f}"
    return text


def pct(x, digits=0):
    """A share as a percentage: 0.9964 -> '99.6%' (digits=1)."""
    return f"{100 * x:.{digits}f}%"


def span(values, digits=3, fmt=None):
    """'a to b' for the smallest and largest of `values` (one value if they are equal at that precision)."""
    fmt = fmt or (lambda v: num(v, digits))
    low, high = fmt(min(values)), fmt(max(values))
    return low if low == high else f"{low} to {high}"


def table(header, rows):
    """A markdown table; the first row of dashes right-aligns nothing (numbers read fine left-aligned)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
