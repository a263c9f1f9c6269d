"""Command-line plumbing shared by the scripts: one-line errors, atomic writes, loading runs."""
import argparse
import json
import os
import sys
import tempfile

import torch

from common.device import pick_device
from common.models import PixelPredictor

DEFAULT_CHECKPOINT = "checkpoints/pixel.pt"
TRAIN_COMMAND = "python part1_pixel/train.py"


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message):
        fail(f"{self.prog}: error: {message} (see --help)")


def at_least(minimum):
    """argparse type: an integer no smaller than `minimum` (a seed must not be negative, for one)."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def run_main(main):
    """Run `main()`; a UsageError becomes a one-line message and exit status 2."""
    try:
        main()
    except UsageError as err:
        fail(f"{os.path.basename(sys.argv[0])}: error: {err}")


def resolve_device(name):
    """`pick_device`, with an unknown or missing device reported as a UsageError."""
    try:
        return pick_device(name)
    except ValueError as err:
        raise UsageError(str(err)) from None


def prepare_dir(path):
    """Create the folder that will hold `path`; UsageError if it cannot be written to."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise UsageError(f"cannot write to {folder}: {err.strerror or err}") from None


def atomic_write(path, write):
    """Write through a temporary file in the same folder, then rename: never a half-written file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.splitext(path)[1])
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes it private; the result is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def save_json(obj, path):
    def write(tmp):
        with open(tmp, "w") as f:
            json.dump(obj, f, indent=1)
    atomic_write(path, write)


def save_torch(obj, path):
    atomic_write(path, lambda tmp: torch.save(obj, tmp))


def beside(path, extension):
    """The file next to `path` with another extension: figures/a.png -> figures/a.json."""
    return os.path.splitext(path)[0] + extension


def metrics_path(checkpoint):
    """The metrics JSON that train.py writes beside a checkpoint."""
    return beside(checkpoint, ".json")


def load_json(path, command=TRAIN_COMMAND):
    if not os.path.exists(path):
        raise UsageError(f"{path} not found; run `{command}` first")
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as err:
        raise UsageError(f"cannot read {path}: {err}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path} holds a JSON {type(data).__name__}, not the object `{command}` writes")
    return data


def load_checkpoint(path, build, command=TRAIN_COMMAND):
    """The model `build(config)` with a checkpoint's weights (CPU, eval mode), and its config."""
    if not os.path.exists(path):
        raise UsageError(f"{path} not found; run `{command}` first")
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        model = build(ckpt["config"])
        model.load_state_dict(ckpt["model"])
    except Exception as err:  # noqa: BLE001 -- a corrupt or foreign file: say which, never a traceback
        raise UsageError(f"{path} is not a checkpoint of `{command}` ({type(err).__name__}: {err})") from None
    return model.eval(), ckpt["config"]


def load_model(path, command=TRAIN_COMMAND):
    """A PixelPredictor from a train.py checkpoint (CPU, eval mode) and the config it was trained with."""
    return load_checkpoint(path, lambda c: PixelPredictor(tuple(c["encoder_widths"]), output=c["output"]), command)
