"""Writing and reading a run's files: whole or not at all, and with a one-line reason when they are wrong.

A run is a checkpoint (`name.pt`: the state_dict under "model", the settings under "config") and,
beside it, its metrics (`name.json`). Wall times go to `name.timing.json`, which is not committed,
so regenerating with the same seed leaves the committed files as they were.
"""
import json
import os
import signal
import subprocess
import tempfile

import numpy as np
import torch


class BadFile(Exception):
    """A file the user named is missing, unreadable or of the wrong kind: reported as one line, exit 2."""


def beside(path, extension):
    """The file next to `path` with another extension: figures/a.png -> figures/a.json."""
    return os.path.splitext(path)[0] + extension


def check_writable(path):
    """BadFile unless `path` can be written: not an existing folder, and its nearest existing folder is a
    writable folder. Creates nothing: the folders that hold it are made only when the file is written."""
    if os.path.isdir(path):
        raise BadFile(f"{path} is a folder; name a file")
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    if not os.path.isdir(folder):
        raise BadFile(f"cannot write {path}: {folder} is a file, not a folder")
    try:   # a real try, as permissions alone do not tell (root, read-only mounts, /proc)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise BadFile(f"cannot write to {folder}: {err.strerror or err}") from None
    return path


def atomic_write(path, write):
    """Write through a temporary file in the same folder, then rename: never a half-written file."""
    atomic_write_all([(path, write)])


def atomic_write_all(files):
    """Write several files [(path, write(tmp)), ...] as one: every one to a temporary file first, then all the
    renames, with Ctrl-C held back until they are done. A failure leaves every old file as it was."""
    for path, _ in files:
        check_writable(path)   # a folder in the way is one line here, not a traceback after the work
    temps = []
    try:
        for path, write in files:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".tmp-",
                                       suffix=os.path.splitext(path)[1])
            os.close(fd)
            temps.append(tmp)
            write(tmp)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes it private; the result is an ordinary file
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})   # the renames go through together
        try:
            for (path, _), tmp in zip(files, temps):
                os.replace(tmp, path)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    except BaseException:
        for tmp in temps:
            if os.path.exists(tmp):
                os.remove(tmp)
        raise


def write_json(obj):
    """A write(tmp) function for atomic_write that dumps `obj` as indented JSON."""
    def write(tmp):
        with open(tmp, "w") as f:
            json.dump(obj, f, indent=1)
    return write


def git_commit(root):
    """The short hash of the commit checked out at `root`, recorded beside a timing ("unknown" outside git)."""
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "unknown"


def save_json(obj, path):
    atomic_write(path, write_json(obj))


class JsonObject(dict):
    """An object of a JSON file the user named: a missing key is a BadFile that names the file and the command
    that writes it, not a KeyError traceback (a results file of another kind, say)."""

    def __init__(self, data, path, command):
        super().__init__(data)
        self.path, self.command = path, command

    def __missing__(self, key):
        raise BadFile(f"{self.path} has no {key!r}: it is not the file `{self.command}` writes")

    def list(self, key):
        """self[key], which must be a JSON list (of the rows, say): BadFile naming the file otherwise."""
        value = self[key]
        if not isinstance(value, list):
            raise BadFile(f"{self.path}: {key!r} holds a {type(value).__name__}, not the list `{self.command}` writes")
        return value


def load_json(path, command):
    """A JSON object written by `command`; BadFile naming the file and the command otherwise, also later,
    when a key the caller needs is missing (every object in it is a JsonObject)."""
    if not os.path.exists(path):
        raise BadFile(f"{path} not found; run `{command}` first")
    try:
        with open(path) as f:
            data = json.load(f, object_hook=lambda obj: JsonObject(obj, path, command))
    except (OSError, ValueError) as err:
        raise BadFile(f"cannot read {path} ({type(err).__name__}); `{command}` writes it") from None
    if not isinstance(data, dict):
        raise BadFile(f"{path} holds a JSON {type(data).__name__}, not the object `{command}` writes")
    return data


def save_run(path, model, config, metrics, timing=None):
    """Write a run: checkpoint `path`, metrics beside it (.json), wall times beside that (.timing.json)."""
    files = [(path, lambda tmp: torch.save({"model": model.state_dict(), "config": config}, tmp)),
             (beside(path, ".json"), write_json(metrics))]
    if timing is not None:
        files.append((beside(path, ".timing.json"), write_json(timing)))
    atomic_write_all(files)   # a checkpoint and its metrics are replaced together or not at all


def load_run(path, build, command="the script that writes it", expect=None):
    """The model `build(config)` with a checkpoint's weights (CPU, eval mode), and its config.

    `build` makes the untrained network from the checkpoint's config (common.models.pixel_predictor,
    common.flow.flow_net, common.jepa.jepa_model, ...); `command` is only named in the error message.
    `expect` ({config key: value asked}) is compared with the checkpoint's config before the weights are
    used: a checkpoint of another kind, world, loss or frame count in the slot asked for is a BadFile that
    names the file, what it holds and what was asked. Loaded with weights_only=True. A missing, corrupt or
    foreign file is one BadFile line that names the file and the command that makes it."""
    if not os.path.exists(path):
        raise BadFile(f"{path} not found; run `{command}` first")
    if os.path.isdir(path):
        raise BadFile(f"{path} is a folder, not a checkpoint; `{command}` writes one")
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        config = ckpt["config"]
        check_config(path, config, expect or {})
        model = build(config)
        model.load_state_dict(ckpt["model"])
    except BadFile:
        raise
    except Exception as err:  # noqa: BLE001 -- a corrupt or foreign file: say which, never a traceback
        raise BadFile(f"{path} is not a checkpoint written by `{command}` ({type(err).__name__}); "
                      f"run that command to make one") from None
    return model.eval(), config


def check_config(path, config, expect):
    """BadFile unless the run's config holds every value of `expect` (a key it lacks holds None)."""
    wrong = {key: value for key, value in expect.items() if config.get(key) != value}
    if wrong:
        holds = ", ".join(f"{key} {config.get(key)!r}" for key in wrong)
        asked = ", ".join(f"{key} {value!r}" for key, value in wrong.items())
        raise BadFile(f"{path} holds {holds}; asked for {asked}")


def load_frames(path, batch=True):
    """Frames from a .npy file as float32: shape (N, 64, 64) with batch=True, else one (64, 64) frame.
    BadFile naming what is wrong with the file."""
    size = 64   # common.world.FRAME_SIZE; files.py stays free of the world
    shape = f"(N, {size}, {size})" if batch else f"({size}, {size})"
    if not os.path.isfile(path):
        raise BadFile(f"{path} not found" if not os.path.exists(path) else f"{path} is a folder, not a .npy file")
    try:
        frames = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as err:   # EOFError: an empty file
        raise BadFile(f"cannot read {path} as a .npy array ({type(err).__name__})") from None
    if not isinstance(frames, np.ndarray):   # a .npz, or a .pt (a zip file, which np.load opens as one)
        frames.close()
        raise BadFile(f"{path} is an archive of arrays, not one .npy array of shape {shape}")
    if batch and len(frames) == 0:
        raise BadFile(f"{path} holds no frames")
    if frames.shape[-2:] != (size, size) or frames.ndim != (3 if batch else 2):
        raise BadFile(f"{path} holds an array of shape {frames.shape}; expected {shape}")
    if not np.issubdtype(frames.dtype, np.number) or not np.isfinite(frames).all():
        raise BadFile(f"{path} must hold finite numbers, got dtype {frames.dtype}")
    return frames.astype(np.float32)
