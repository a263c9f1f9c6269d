"""Write every results table and every quoted number of README.md and docs/*.md from results/*.json.

    python docs/tables.py            # rewrite the marked parts of the pages in place
    python docs/tables.py --check    # change nothing; exit 1 naming each part that differs from its JSON

A page marks a generated table, on lines of their own, as

    <!-- table: NAME -->
    ...whatever this script wrote last time...
    <!-- /table -->

and a number in running text as <!-- n: NAME -->0.0176<!-- /n -->. NAME is an entry of TABLES or
NUMBERS in docs/blocks/ (one module per page), each a function of the committed JSON files. A name the
script does not know, or a JSON file it cannot read, is an error: nothing on a page is typed by hand.
"""
import argparse
import re
import sys
from pathlib import Path

from blocks import NUMBERS, TABLES

from common.files import atomic_write

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
TABLE = re.compile(r"(<!-- table: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /table -->)", re.DOTALL)
NUMBER = re.compile(r"(<!-- n: (?P<name>[\w.-]+) -->)(?P<body>.*?)(<!-- /n -->)")


def render(text, page):
    """The page with every marked part rewritten; KeyError names an unknown part."""
    def table(m):
        if m["name"] not in TABLES:
            raise KeyError(f"{page.name}: unknown table {m['name']!r}")
        return m[1] + TABLES[m["name"]]().rstrip("\n") + "\n" + m[4]

    def number(m):
        if m["name"] not in NUMBERS:
            raise KeyError(f"{page.name}: unknown number {m['name']!r}")
        return m[1] + NUMBERS[m["name"]]() + m[4]

    return NUMBER.sub(number, TABLE.sub(table, text))


def differences(old, new):
    """Names of the marked parts whose text differs between two versions of a page."""
    names = []
    for pattern in (TABLE, NUMBER):
        before = {m["name"]: m["body"] for m in pattern.finditer(old)}
        names += [m["name"] for m in pattern.finditer(new) if before.get(m["name"]) != m["body"]]
    return names


def main(argv=None):
    p = argparse.ArgumentParser(prog="tables.py", description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true", help="only compare; exit 1 if a page differs from its JSON")
    args = p.parse_args(argv)
    stale = []
    for page in PAGES:
        old = page.read_text()
        try:
            new = render(old, page)
        except (KeyError, FileNotFoundError) as err:
            print(f"tables.py: error: {err}", file=sys.stderr)
            return 2
        if new == old:
            continue
        if args.check:
            stale += [f"{page.relative_to(ROOT)}: {name}" for name in differences(old, new)]
        else:
            atomic_write(page, lambda tmp: Path(tmp).write_text(new))   # noqa: B023 -- called at once
            print(f"rewrote {page.relative_to(ROOT)}")
    if stale:
        print("pages differ from their JSON (run `python docs/tables.py`):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
