"""What the tests share: a tiny trained checkpoint (a few steps of the real train.py), and running a script
as a user would, in a subprocess, to check its exit status and its one-line errors."""
import os
import subprocess
import sys

import pytest

from common.device import set_threads
from common.world import ARTICLE, render_frames, sample_positions
from part1_pixel import train as train_script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session", autouse=True)
def thread_policy():
    """The tests follow the scripts' thread policy (common/device.py: set_threads), so a test run beside a
    training does not oversubscribe the cores."""
    set_threads()


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory):
    """A train.py checkpoint after 3 steps of 8 pairs, with its metrics JSON beside it."""
    out = tmp_path_factory.mktemp("ckpt") / "pixel.pt"
    train_script.main(["--steps", "3", "--batch-size", "8", "--device", "cpu", "--quiet", "--out", str(out)])
    return out


def run_script(script, *args, timeout=120):
    """Run `python SCRIPT ARGS` from the repo root, as a user would; returns the CompletedProcess."""
    return subprocess.run([sys.executable, script, *map(str, args)], cwd=ROOT, check=False, capture_output=True,
                          text=True, timeout=timeout)


def assert_one_line_error(proc):
    """Bad input: exit status 2 and exactly one line on stderr, no traceback."""
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


def sample_pairs(n, rng, world=ARTICLE):
    """(col_t, col_next, frame_t, frame_next) of n pairs of `world`."""
    col_t, col_next = sample_positions(n, rng, world).T
    return col_t, col_next, render_frames(col_t), render_frames(col_next)
