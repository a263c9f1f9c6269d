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


def metrics_path(checkpoint):
    """The metrics JSON that train.py writes beside a checkpoint."""
    return os.path.splitext(checkpoint)[0] + ".json"


def load_json(path, command=TRAIN_COMMAND):
    if not os.path.exists(path):
        raise UsageError(f"{path} not found; run `{command}` first")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as err:
        raise UsageError(f"cannot read {path}: {err}") from None


def load_model(path, command=TRAIN_COMMAND):
    """A PixelPredictor from a train.py checkpoint (CPU, eval mode) and the config it was trained with."""
    if not os.path.exists(path):
        raise UsageError(f"{path} not found; run `{command}` first")
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        config = ckpt["config"]
        model = PixelPredictor(tuple(config["encoder_widths"]), output=config["output"])
        model.load_state_dict(ckpt["model"])
    except Exception as err:  # noqa: BLE001 -- a corrupt or foreign file: say which, never a traceback
        raise UsageError(f"{path} is not a PixelPredictor checkpoint ({type(err).__name__}: {err})") from None
    return model.eval(), config
