"""Every committed result and checkpoint has a command a reader can run: one that a run_*.sh script or a page
(README.md, docs/*.md, bench/README.md) names, and that writes it.

The commands are read from the scripts and the pages, never typed here. A command `python S ARGS` writes a
tracked file F when
  - ARGS names F (an --out), or F's stem (an output named after its --checkpoint), or, for a checkpoint's
    metrics F = X.json, the checkpoint X.pt beside it; or
  - S's own text names F as its default output (a line of S that says "writes", "->", "into", --out,
    check_output( or sets an upper-case path constant: not a line that names a file S reads), with the world
    folder written as it is, as WORLD/ or [WORLD/], or left out (the world's subfolder is added by --world),
    and ARGS chooses that world (--world W, or a shell variable) where F lies in a world's folder.
A shell variable in a run_*.sh command stands for any one path component; `[--world biased]` on a page is
both the command with and without the option.
"""
import re
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest

from common.digits import DIGITS
from common.world import WORLDS

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SCRIPTS = sorted(ROOT.glob("run_*.sh"))
COMMAND = re.compile(r"python3?\s+((?:[\w-]+/)+[\w-]+\.py)([^`\n|;]*)")
VARIABLE = re.compile(r"\$\{?\w+(?:\[@\])?\}?")
WORLD_NAMES = {*WORLDS, DIGITS.name}
ANY = "\x00"   # a shell variable's place in a command, before it becomes a pattern


def tracked():
    out = subprocess.run(["git", "ls-files", "results", "checkpoints"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return out.split()


def commands():
    """(script, args, where) for every `python S ...` a run_*.sh script or a page names."""
    found = []
    for path in SCRIPTS:
        text = path.read_text().replace("\\\n", " ")
        for m in COMMAND.finditer(text):
            args = VARIABLE.sub(ANY, m[2]).replace('"', " ").replace("'", " ").replace(")", " ")
            found.append((m[1], args, path.name))
    for path in PAGES:
        for m in COMMAND.finditer(path.read_text()):
            with_options = re.sub(r"\[(--[^\]]*)\]", r"\1", m[2])
            without = re.sub(r"\[--[^\]]*\]", " ", m[2])
            found += [(m[1], args, path.name) for args in {with_options, without}]
    return [(s, a, w) for s, a, w in found if (ROOT / s).is_file()]


def pattern(word):
    """A regex for one argument, each shell variable in it standing for one path component."""
    return "".join(r"[\w.-]*" if part == ANY else re.escape(part) for part in re.split(f"({ANY})", word))


def names(args, path):
    """Whether the command's arguments name `path` (a variable standing for one path component)."""
    return any(re.fullmatch(pattern(word), path) for word in args.split())


def world_of(path):
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[1] in WORLD_NAMES else None


def default_forms(path):
    """How a script's own text may write `path` as its default output."""
    world = world_of(path)
    if world is None:   # the article world's: no subfolder, or [WORLD/] for an optional one
        top, rest = path.split("/", 1)
        return {path, f"{top}/[WORLD/]{rest}"}
    top, rest = path.split("/", 1)[0], path.split("/", 2)[2]
    return {path, f"{top}/WORLD/{rest}", f"{top}/[WORLD/]{rest}", f"{top}/[{world}/]{rest}", f"{top}/{rest}"}


def chooses_world(args, world):
    words = args.split()
    return world is None or any(a == "--world" and (b == world or ANY in b) for a, b in pairwise(words))


def names_stem(args, path):
    """Whether the arguments name a file under results/ or checkpoints/ with `path`'s stem (an output named after
    its checkpoint: checkpoints/token_sampler_seed1.pt -> results/token_sampler_seed1.json)."""
    stem = Path(path).name.split(".")[0]
    return any(word.split("/")[0] in ("results", "checkpoints")
               and re.fullmatch(pattern(word.rsplit("/", 1)[-1].split(".")[0]), stem) for word in args.split())


OUTPUT_LINE = re.compile(r"writes|->|\binto\b|--out|check_output\(|^[A-Z_]+ = .*[\"'](results|checkpoints)/",
                         re.IGNORECASE)


def output_text(script):
    """The lines of a script that say what it writes; of a "a -> b" line, what follows the last arrow."""
    lines = [line for line in (ROOT / script).read_text().splitlines() if OUTPUT_LINE.search(line)]
    return "\n".join(line.rsplit("->", 1)[-1] for line in lines)


def writers(path, listed):
    """The commands of `listed` that write `path` by the module docstring's rules."""
    targets = [path]
    if path.startswith("checkpoints/") and path.endswith(".json"):
        targets.append(path[: -len(".json")] + ".pt")   # the metrics beside a checkpoint
    world, top = world_of(path), path.split("/")[0] + "/"
    found = []
    for script, args, where in listed:
        text = output_text(script)
        if (any(names(args, t) for t in targets)
                or (chooses_world(args, world) and top in text and names_stem(args, path))
                or (chooses_world(args, world) and any(form in text for t in targets for form in default_forms(t)))):
            found.append((script, where))
    return found


def test_commands_are_read_from_the_scripts_and_the_pages():
    listed = commands()
    assert {where for _, _, where in listed} >= {p.name for p in SCRIPTS}
    assert any(script == "part1_pixel/train.py" for script, _, _ in listed)


def test_a_file_no_command_writes_is_found():
    """The rules name a writer only where one is named: not for a file no script writes, nor for a file a
    script only reads (fig_smear.py reads results/blur.json)."""
    listed = commands()
    assert not writers("results/nowhere.json", listed)
    assert not writers("results/biased/sampler_variants/unknown-seed9.json", listed)
    assert all(script != "part1_pixel/blur/fig_smear.py" for script, _ in writers("results/blur.json", listed))


@pytest.mark.parametrize("path", tracked())
def test_every_committed_result_has_a_command_that_writes_it(path):
    assert writers(path, commands()), f"{path}: no command in run_*.sh or the pages writes it"
