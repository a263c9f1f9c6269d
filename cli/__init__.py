"""Command-line plumbing every entry script shares: one-line errors, the common flags, --quick paths.

Entry scripts import this and common/, never each other.
"""
import argparse
import os
import sys

from common.device import DEVICES, pick_device
from common.files import BadFile
from common.plotting import check_figure_path
from common.world import WORLDS

QUICK_ROOT = "runs/quick"   # --quick writes here, never over the committed results


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse with the defaults in --help, and a usage error as one line on stderr with exit status 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.ArgumentDefaultsHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        fail(f"{self.prog}: error: {message} (see --help)")


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def run_main(main):
    """Run `main()`; bad input (UsageError, BadFile) becomes a one-line message and exit status 2."""
    try:
        main()
    except (UsageError, BadFile) as err:
        fail(f"{os.path.basename(sys.argv[0])}: error: {err}")


def at_least(minimum, kind=int):
    """argparse type: a number no smaller than `minimum` (a seed must not be negative, for one)."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {'an integer' if kind is int else 'a number'}, got {text!r}") from None
        if not value >= minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {text}")
        return value
    return parse


def world(text):
    """argparse type for --world: the World of that name."""
    if text not in WORLDS:
        raise argparse.ArgumentTypeError(f"unknown world {text!r}; choose one of {', '.join(WORLDS)}")
    return WORLDS[text]


def add_world(p):
    p.add_argument("--world", type=world, default="article", help=f"which world: {', '.join(WORLDS)}")


def add_device(p):
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)} (auto: cuda, then mps, then cpu)")


def add_seed(p, default=0):
    p.add_argument("--seed", type=at_least(0), default=default, help="random seed")


def add_quick(p):
    p.add_argument("--quick", action="store_true",
                   help=f"smoke run: tiny sizes, default outputs under {QUICK_ROOT}/ (never the committed results)")


def in_world(path, world):
    """The article world's files live where they always did; another world's in a subfolder named after it:
    checkpoints/pixel.pt -> checkpoints/biased/pixel.pt."""
    if world.name == "article":
        return path
    folder, name = os.path.split(path)
    return os.path.join(folder, world.name, name)


def output(path, quick):
    """A default output path, moved under runs/quick/ in --quick mode."""
    return os.path.join(QUICK_ROOT, path) if quick else path


def resolve_device(name):
    """`pick_device`, with an unknown or missing device reported as a UsageError."""
    try:
        return pick_device(name)
    except ValueError as err:
        raise UsageError(str(err)) from None


def figure_path(text):
    """argparse type for a figure's --out: a file type matplotlib can write, checked before any work."""
    try:
        return check_figure_path(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
