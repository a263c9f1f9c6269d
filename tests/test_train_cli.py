import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from common.models import PixelPredictor
from common.training import make_heldout, predict
from part1_pixel import train as train_script
from part1_pixel.cli import load_model

TRAIN = [sys.executable, "part1_pixel/train.py"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, **kw):
    return subprocess.run(TRAIN + args, cwd=ROOT, check=False, capture_output=True, text=True, timeout=120, **kw)


@pytest.fixture(scope="module")
def short_run(tmp_path_factory):
    """A 50-step training run through the real command line."""
    out = tmp_path_factory.mktemp("run") / "pixel.pt"
    proc = run(["--steps", "50", "--device", "cpu", "--quiet", "--out", str(out)])
    assert proc.returncode == 0, proc.stderr
    return out, proc


def test_50_step_run_beats_zeros_floor(short_run):
    out, proc = short_run
    metrics = json.loads(out.with_suffix(".json").read_text())
    held = metrics["heldout"]
    assert held["mse"] < held["zeros_floor"]
    assert held["ratio_to_bayes"] == pytest.approx(held["mse"] / held["bayes_floor"])
    assert len(metrics["loss"]) == 50 and metrics["heldout_curve"][-1][0] == 50
    assert "Bayes floor" in proc.stdout and "MSE / Bayes floor" in proc.stdout


def test_checkpoint_round_trip_gives_same_outputs(short_run):
    out, _ = short_run
    ckpt = torch.load(out, weights_only=True)
    assert set(ckpt) == {"model", "config"} and ckpt["config"]["steps"] == 50
    model, config = load_model(str(out))
    fresh = PixelPredictor(tuple(config["encoder_widths"]), output=config["output"])
    fresh.load_state_dict(ckpt["model"])
    frames = make_heldout(16)["frames_t"]
    np.testing.assert_array_equal(predict(model, frames, "cpu"), predict(fresh.eval(), frames, "cpu"))


def test_same_seed_same_result_on_cpu(tmp_path):
    a, b = tmp_path / "a.pt", tmp_path / "b.pt"
    for path in (a, b):
        train_script.main(["--steps", "3", "--batch-size", "8", "--device", "cpu", "--quiet", "--out", str(path)])
    sa, sb = torch.load(a, weights_only=True)["model"], torch.load(b, weights_only=True)["model"]
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    assert json.loads(a.with_suffix(".json").read_text())["loss"] == json.loads(b.with_suffix(".json").read_text())["loss"]


@pytest.mark.parametrize("args", [["--steps", "-1"], ["--device", "tpu"], ["--out", "/proc/nope/pixel.pt"],
                                  ["--lr", "0"], ["--steps", "many"], ["--out", "model.txt"]])
def test_bad_input_exits_2_with_one_line(args, tmp_path):
    proc = run(args + (["--out", str(tmp_path / "x.pt")] if "--out" not in args else []))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(tmp_path.iterdir())


def test_help_works():
    proc = run(["--help"])
    assert proc.returncode == 0 and "--steps" in proc.stdout and "--device" in proc.stdout
