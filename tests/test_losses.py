"""Losses against blur (common/losses.py), the Discriminator, and the adversarial training script.

Every expected value is worked out by hand in the test, not computed by the code under test.
"""
import math
import os
import runpy
import sys

import pytest
import torch

from common.losses import (
    LAMBDA_GDL,
    LOSSES,
    adversarial_loss,
    discriminator_loss,
    gdl_loss,
    gradient_difference,
    l1_loss,
    mse_loss,
)
from common.models import Discriminator
from tests.conftest import run_script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def constant(frame):
    """A 'model' that ignores its input and returns `frame`: the losses call model(x_t)."""
    return lambda x_t: frame


def one_pixel(row, col, size=4):
    frame = torch.zeros(1, 1, size, size)
    frame[0, 0, row, col] = 1.0
    return frame


def test_l1_of_known_frames_is_the_mean_absolute_difference():
    target = torch.zeros(1, 1, 4, 4)
    target[0, 0, 0, :3] = 1.0                          # three lit pixels
    prediction = torch.full((1, 1, 4, 4), 0.25)
    # 3 pixels off by 0.75 and 13 off by 0.25: (3 * 0.75 + 13 * 0.25) / 16
    assert l1_loss(constant(prediction), None, target).item() == pytest.approx((2.25 + 3.25) / 16)


def test_gradient_difference_is_zero_for_identical_images():
    frame = torch.rand(2, 1, 8, 8)
    assert gradient_difference(frame, frame.clone()).item() == 0.0


@pytest.mark.parametrize("alpha", [1, 2])
def test_gradient_difference_of_a_one_pixel_shift(alpha):
    # A lit pixel at (1, 1) predicted at (1, 2). Vertical differences (3 x 4 of them): the target has
    # edges at (0, 1) and (1, 1), the prediction at (0, 2) and (1, 2): 4 mismatches of 1 -> 4 / 12.
    # Horizontal differences (4 x 3): target edges at (1, 0), (1, 1); prediction at (1, 1), (1, 2):
    # 2 mismatches -> 2 / 12. Every mismatch is 1, so alpha does not change the sum: 1/3 + 1/6.
    assert gradient_difference(one_pixel(1, 2), one_pixel(1, 1), alpha).item() == pytest.approx(0.5)


def test_gdl_loss_adds_the_weighted_gradient_difference_to_the_mse():
    # The same shift: 2 of 16 pixels differ by 1, so MSE = 2 / 16, and the GDL is 0.5 (above).
    value = gdl_loss(constant(one_pixel(1, 2)), None, one_pixel(1, 1)).item()
    assert value == pytest.approx(2 / 16 + LAMBDA_GDL * 0.5)


def run_in_process(script, args, monkeypatch):
    """Run an entry script's main as `python script args` would, in this process: (exit status, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", [script, *args])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(os.path.join(ROOT, script), run_name="__main__")
    return stop.value.code


def test_train_py_offers_the_new_losses_by_name(monkeypatch, capsys):
    assert {"mse", "l1", "gdl"} <= set(LOSSES)
    assert run_in_process("part1_pixel/train.py", ["--help"], monkeypatch) == 0
    assert "l1" in capsys.readouterr().out.split("--loss")[1].split("--")[0]


def fit_constant(loss, samples, steps=200):
    """Optimise one free pixel value against a fixed set of target values under `loss`."""
    value = torch.zeros(1, 1, 1, 1, requires_grad=True)
    targets = torch.tensor(samples, dtype=torch.float32).view(-1, 1, 1, 1)
    opt = torch.optim.Adam([value], lr=0.02)
    for _ in range(steps):
        opt.zero_grad()
        loss(lambda x_t: value.expand_as(targets), None, targets).backward()
        opt.step()
    return value.item()


def test_l1_optimum_on_a_two_point_distribution_is_the_median_and_mse_the_mean():
    samples = [1.0] * 70 + [0.0] * 30                  # the pixel is lit with probability 0.7
    assert fit_constant(l1_loss, samples) == pytest.approx(1.0, abs=0.03)   # the median: the majority value
    assert fit_constant(mse_loss, samples) == pytest.approx(0.7, abs=0.03)  # the mean


def test_discriminator_scores_every_patch_of_a_pair():
    d = Discriminator()
    x_t, x_next = torch.rand(3, 1, 64, 64), torch.rand(3, 1, 64, 64, requires_grad=True)
    logits = d(x_t, x_next)
    assert logits.shape == (3, 1, 8, 8)
    logits.sum().backward()
    assert x_next.grad.abs().sum() > 0                # the predictor can learn through it


def test_adversarial_losses_on_an_undecided_discriminator():
    undecided = lambda x_t, y: torch.zeros(len(y), 1, 8, 8) + 0 * y.sum()   # logit 0: probability 1/2
    x, y = torch.zeros(2, 1, 4, 4), one_pixel(1, 1).repeat(2, 1, 1, 1)
    y_hat = one_pixel(1, 2).repeat(2, 1, 1, 1)
    assert discriminator_loss(undecided, x, y, y_hat).item() == pytest.approx(2 * math.log(2))   # ln 2 real + ln 2 fake
    # lambda_adv * ln 2 + lambda_lp * MSE (2 / 16) + lambda_gdl * GDL (0.5)
    value = adversarial_loss(undecided, x, y, y_hat, lambda_adv=0.1, lambda_lp=2.0, lambda_gdl=3.0).item()
    assert value == pytest.approx(0.1 * math.log(2) + 2.0 * 2 / 16 + 3.0 * 0.5)


def test_adversarial_losses_on_a_discriminator_that_tells_real_from_fake():
    """D gives logit +3 to the true next frame and -3 to anything else: its own loss is 2 ln(1 + e^-3) (both
    right), and the predictor's adversarial term is ln(1 + e^3) (its prediction called fake)."""
    x, y = torch.zeros(2, 1, 4, 4), one_pixel(1, 1).repeat(2, 1, 1, 1)
    y_hat = one_pixel(1, 2).repeat(2, 1, 1, 1)
    sure = lambda x_t, frame: (3.0 if torch.equal(frame, y) else -3.0) * torch.ones(len(frame), 1, 8, 8)
    assert discriminator_loss(sure, x, y, y_hat).item() == pytest.approx(2 * math.log(1 + math.exp(-3)), rel=1e-5)
    value = adversarial_loss(sure, x, y, y_hat, lambda_adv=1.0, lambda_lp=0.0, lambda_gdl=0.0).item()
    assert value == pytest.approx(math.log(1 + math.exp(3)), rel=1e-5)


def run_adversarial(*args):
    return run_script("part1_pixel/losses/train_adversarial.py", *args, timeout=600)


def test_adversarial_script_quick_run_writes_a_checkpoint_and_metrics(tmp_path):
    out = tmp_path / "adv.pt"
    result = run_adversarial("--quick", "--steps", "3", "--world", "biased", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert out.exists() and (tmp_path / "adv.json").exists()


@pytest.mark.parametrize("bad", [["--steps", "0"], ["--out", "model.txt"], ["--world", "moon"], ["--lambda-adv", "-1"]])
def test_adversarial_script_bad_input_is_one_line_and_exit_2(bad, monkeypatch, capsys):
    assert run_in_process("part1_pixel/losses/train_adversarial.py", bad, monkeypatch) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
