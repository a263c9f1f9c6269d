"""Command-line plumbing every entry script shares: one-line errors, the common flags, --quick paths.

Entry scripts import this and common/, never each other.
"""
import argparse
import os
import sys

from common.device import DEVICES, pick_device, set_threads
from common.files import BadFile, check_writable
from common.plotting import check_figure_path
from common.training import Diverged
from common.world import ARTICLE, WORLDS

QUICK_ROOT = "runs/quick"   # --quick writes here, never over the committed results
MAX_SEED = 2 ** 63 - 1      # torch.manual_seed takes seeds below 2^63
MAX_LR = 1.0                # a peak learning rate above this only diverges for these networks
MEMORY_SHARE = 0.5          # refuse a run whose largest array would take more than this share of the memory
BYTES_PER_PAIR = 2 ** 20    # training memory per pair of a batch (measured: 0.8 MiB for the PixelPredictor)


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults in --help, except where there is none to show: a switch, or a path whose default the help
    text already states (it depends on --world and --quick)."""

    def _get_help_string(self, action):
        if action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


class Args(argparse.Namespace):
    """Parsed flags; `given` (kept out of vars(), so out of every config) names the flags typed on the command
    line, so that --quick shrinks only the sizes the user did not set (quick_sizes)."""
    __slots__ = ("given",)


class ArgumentParser(argparse.ArgumentParser):
    """argparse with the defaults in --help, and a usage error as one line on stderr with exit status 2.
    Flags are never abbreviated, so that the flags given are known (Args.given)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        fail(f"{self.prog}: error: {message} (see --help)")

    def parse_args(self, args=None, namespace=None):
        argv = sys.argv[1:] if args is None else list(args)
        parsed = super().parse_args(argv, namespace if namespace is not None else Args())
        parsed.given = {a.dest for a in self._actions for token in argv for flag in a.option_strings
                        if token == flag or token.startswith(flag + "=")}
        if getattr(parsed, "threads", None):   # --threads (add_device) overrides the policy run_main set
            set_threads(parsed.threads)
        for name, path in vars(parsed).pop("_paths", {}).items():   # files declared with add_paths
            if getattr(parsed, name) is None:
                setattr(parsed, name, default_path(path, parsed))
            if name == "out":   # the output: checked now, before any work, against its default's kind
                check_any_output(parsed.out, path)
        return parsed


def check_output(path, extension, flag="--out"):
    """`path`, or a UsageError / BadFile before any work: it must end in `extension`, must not be a folder,
    and its folder must be writable (check_writable; nothing is created until the file is written)."""
    if not path.endswith(extension) or os.path.basename(path) == extension:
        raise UsageError(f"{flag} must name a {extension} file, got {path!r}")
    return check_writable(path)


def check_any_output(path, default):
    """check_output for an --out whose default is `default`: a figure may be any type matplotlib writes, any
    other file must have the default's extension."""
    extension = os.path.splitext(default)[1]
    try:
        check_figure_path(default)
    except ValueError:
        return check_output(path, extension)
    try:
        check_figure_path(path)
    except ValueError as err:
        raise UsageError(f"--out: {err}") from None
    return check_writable(path)


def check_memory(nbytes, what):
    """UsageError when one array of `nbytes` (estimated from the arguments, before allocating it) would take
    more than MEMORY_SHARE of this machine's memory; `what` names the flags that set its size."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if nbytes > MEMORY_SHARE * total:
        raise UsageError(f"{what} needs about {nbytes / 2 ** 30:.1f} GiB for one array, more than "
                         f"{MEMORY_SHARE:.0%} of this machine's {total / 2 ** 30:.0f} GiB; make it smaller")


def check_jobs(jobs, units):
    """UsageError unless 1 <= jobs <= min(units, cores): more workers than work or than cores only wait."""
    limit = max(1, min(units, os.cpu_count() or 1))
    if jobs > limit:
        raise UsageError(f"--jobs {jobs} is more than the {units} unit(s) to run and the {os.cpu_count()} cores "
                         f"allow; use at most {limit}")


def quick_sizes(args, **sizes):
    """With --quick, set each size flag the command line did not give (a given flag wins)."""
    if args.quick:
        for name, value in sizes.items():
            if name not in args.given:
                setattr(args, name, value)


def hint(command, args):
    """The command that writes a missing input in the mode asked: `command` with the --world and --quick of
    `args` (a script without those flags gets the command as it is)."""
    world = getattr(args, "world", None)   # a python script's flag; the run_*.sh scripts run every world
    if world is not None and world.name != "article" and "--world" not in command and command.startswith("python"):
        command += f" --world {world.name}"
    return command + (" --quick" if getattr(args, "quick", False) and "--quick" not in command else "")


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def run_main(main):
    """Run `main()`. Bad input (UsageError, BadFile) and a training that diverged (Diverged: the input was a
    setting it cannot train with, such as --lr inf) become one line and exit status 2; Ctrl-C becomes one
    line and exit status 130. Either way every file is whole: files are written by atomic renames only."""
    name = os.path.basename(sys.argv[0])
    set_threads()   # OMP_NUM_THREADS if set, else one thread per process (common/device.py)
    try:
        main()
    except (UsageError, BadFile, Diverged) as err:
        fail(f"{name}: error: {err}")
    except KeyboardInterrupt:
        print(f"{name}: interrupted; files already written are whole, nothing was half-written", file=sys.stderr)
        sys.exit(130)


def at_least(minimum, kind=int, maximum=None):
    """argparse type: a number no smaller than `minimum` (a seed must not be negative, for one), and no larger
    than `maximum` if one is given."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {'an integer' if kind is int else 'a number'}, got {text!r}") from None
        if not value >= minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {text}")
        if maximum is not None and not value <= maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum}, got {text}")
        return value
    return parse


def world(text, worlds=WORLDS):
    """argparse type for --world: the world of that name among `worlds`."""
    if text not in worlds:
        raise argparse.ArgumentTypeError(f"unknown world {text!r}; choose one of {', '.join(worlds)}")
    return worlds[text]


def add_world(p, worlds=WORLDS):
    """--world, one of `worlds`: the ball worlds, or common.data.PAIR_WORLDS for a script that also runs the
    digits world."""
    p.add_argument("--world", type=lambda text: world(text, worlds), default="article",
                   help=f"which world: {', '.join(worlds)}")


def add_device(p):
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)} (auto: cuda, then mps, then cpu)")
    p.add_argument("--threads", type=at_least(1), help="CPU threads (default: $OMP_NUM_THREADS if set, else 1)")


SEED = at_least(0, maximum=MAX_SEED)                    # argparse type of every seed
LEARNING_RATE = at_least(1e-12, float, maximum=MAX_LR)   # argparse type of every learning rate


def add_seed(p, default=0):
    p.add_argument("--seed", type=SEED, default=default, help="random seed")


def add_quick(p):
    p.add_argument("--quick", action="store_true",
                   help=f"smoke run of the defaults: tiny sizes (a size flag given beside it wins), default "
                        f"inputs and outputs under {QUICK_ROOT}/ (never the committed results)")


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


SAMPLER_CHECKPOINT = "checkpoints/sampler.pt"   # train_sampler.py's; another world's in a subfolder


def add_sampler_flags(p, tokens=False):
    """--world, --seed, --quick and --checkpoint (a train_sampler.py checkpoint, or with tokens=True also a
    train_token_sampler.py one), for the scripts that read one."""
    add_world(p)
    add_seed(p)
    add_quick(p)
    also = " or a train_token_sampler.py checkpoint" if tokens else ""
    p.add_argument("--checkpoint", help=f"train_sampler.py checkpoint{also} (default {SAMPLER_CHECKPOINT}, or "
                                        "checkpoints/WORLD/sampler.pt for another world)")


def sampler_checkpoint(args):
    """The checkpoint add_sampler_flags' flags name: --checkpoint, or the world's default (under runs/quick/ with --quick)."""
    return args.checkpoint or output(in_world(SAMPLER_CHECKPOINT, args.world), args.quick)


def resolve_device(name):
    """`pick_device`, with an unknown or missing device reported as a UsageError."""
    try:
        return pick_device(name)
    except ValueError as err:
        raise UsageError(str(err)) from None


def world_path(path, world, quick=False):
    """A default file: in the world's folder (in_world), under runs/quick/ with --quick."""
    return output(in_world(path, world), quick)


def default_path(path, args):
    """world_path for a script's parsed arguments (their --world, and --quick if it has one); a script without
    --world has the article world's paths."""
    world = getattr(args, "world", None)
    return output(path, getattr(args, "quick", False)) if world is None else world_path(path, world, getattr(args, "quick", False))


def add_paths(p, **paths):
    """--NAME flags for a script's files (e.g. checkpoint="checkpoints/pixel.pt"), each defaulting to
    default_path(path, args) once ArgumentParser.parse_args has read --world and --quick."""
    has_world = any(a.dest == "world" for a in p._actions)
    for name, path in paths.items():
        p.add_argument(f"--{name.replace('_', '-')}", default=None,
                       help=f"default {path}" + (", or its WORLD/ subfolder for another world" if has_world else "")
                       + f"; under {QUICK_ROOT}/ with --quick")
    p.set_defaults(_paths={**(p.get_default("_paths") or {}), **paths})



def figure_parser(prog, doc, **paths):
    """The parser of a figure script: --world, --quick and its files (add_paths), `out` being the figure."""
    p = ArgumentParser(prog=prog, description=doc.split("\n")[0])
    add_world(p)
    add_quick(p)
    add_paths(p, **paths)
    return p


def parse_figure_args(p, argv=None):
    """Parse a figure script's flags; its --out (add_paths) is checked by ArgumentParser.parse_args, before any
    work: a file type matplotlib can write, in a folder that can be written."""
    return p.parse_args(argv)


def experiment_parser(prog, doc, out):
    """The parser of a training experiment of the article's world: --seed, --device, --quick, --out."""
    p = ArgumentParser(prog=prog, description=doc.split("\n")[0])
    add_seed(p)
    add_device(p)
    add_quick(p)
    p.set_defaults(world=ARTICLE)
    add_paths(p, out=out)
    return p


def parse_experiment_args(p, argv=None, quick_steps=None):
    """Parse; with --quick cap --steps at quick_steps; check the device and that --out is a .json file that can
    be written, before any training. Returns (args, device)."""
    args = p.parse_args(argv)
    check_output(args.out, ".json")
    return ready_to_train(args, quick_steps)


def ready_to_train(args, quick_steps=None):
    """The last checks before any training: with --quick, --steps is quick_steps unless given; --out can be
    written; the device exists. Returns (args, device)."""
    if quick_steps is not None:
        quick_sizes(args, steps=quick_steps)
    if hasattr(args, "batch_size"):
        check_memory(args.batch_size * BYTES_PER_PAIR, f"--batch-size {args.batch_size}")
    check_writable(args.out)
    return args, resolve_device(args.device)


def figure_path(text):
    """argparse type for a figure's --out: a file type matplotlib can write, checked before any work."""
    try:
        return check_writable(check_figure_path(text))
    except (ValueError, BadFile) as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_run_flags(p, checkpoint, worlds=WORLDS):
    """The flags every training script shares, after its own: --world (one of `worlds`) --seed --device
    --quick --out --quiet."""
    add_world(p, worlds)
    add_seed(p)
    add_device(p)
    add_quick(p)
    p.add_argument("--out", help=f"checkpoint path (default {checkpoint}; another world's in checkpoints/WORLD/); "
                                 "the metrics JSON goes beside it")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def parse_run_args(p, argv, default_out, quick_steps=None, extension=".pt", world_defaults=None):
    """Parse a training script's flags; fill in the flags left at None from `world_defaults(world)` (a dict:
    the world's recipe); cap --steps with --quick; fill in --out (`default_out`: a path, put in the world's
    folder, or a function of the arguments; under runs/quick/ with --quick); check its extension, that it
    can be written and the device, before any work. Returns (args, device)."""
    args = p.parse_args(argv)
    for name, value in (world_defaults(args.world) if world_defaults else {}).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    default = default_out(args) if callable(default_out) else in_world(default_out, args.world)
    args.out = args.out or output(default, args.quick)
    check_output(args.out, extension)
    return ready_to_train(args, quick_steps)


def run_config(args, **extra):
    """What a run is, for its checkpoint: the parsed flags (the world by name) and `extra`, without how it ran
    (--device and --quiet go to the timing file)."""
    config = {**vars(args), "world": args.world.name, **extra}
    del config["device"], config["quiet"]
    config.pop("threads", None)   # how it ran, like the device: in the timing file
    return config


def report_run(path, train_time_s, device):
    """The closing lines of a training script."""
    print(f"training time {train_time_s:.1f} s on {device}")
    print(f"wrote {path}, {os.path.splitext(path)[0]}.json and {os.path.splitext(path)[0]}.timing.json")


def npy_out(path, default, quick):
    """--out of a script that writes a .npy array: `default` (under runs/quick/ with --quick) unless given."""
    return check_output(path or output(default, quick), ".npy")
