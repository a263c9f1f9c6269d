"""The distractor dots: where they fall, and the exact floor of the dotted world against simulation."""
import numpy as np
import pytest
import torch

from common.distractors import (
    DOT_DENSITY,
    DOT_MASK,
    add_dots,
    add_dots_torch,
    bayes_floor_dots,
    conditional_mean_dots,
    dot_variance,
)
from common.oracle import bayes_floor, mse
from common.world import BALL_RADIUS, BALL_ROW, BIASED, render_frames, sample_positions


def test_dots_never_touch_the_ball_rows_and_have_the_set_density():
    frames = add_dots(np.zeros((200, 64, 64), np.float32), np.random.default_rng(0))
    rows = np.arange(64)
    ball_rows = np.abs(rows - BALL_ROW) <= BALL_RADIUS
    assert frames[:, ball_rows].max() == 0
    assert frames[:, ~ball_rows].mean() == pytest.approx(DOT_DENSITY, rel=0.03)
    balls = render_frames(np.linspace(9, 55, 200))
    assert (balls[:, ~ball_rows].max() == 0) and np.array_equal(add_dots(balls, np.random.default_rng(1)) * (1 - DOT_MASK), balls)


def test_torch_dots_match_the_numpy_density():
    frames = add_dots_torch(torch.zeros(100, 1, 64, 64), torch.Generator().manual_seed(0))
    assert frames[:, 0, :, 0].sum() > 0 and frames.mean().item() == pytest.approx(DOT_DENSITY * DOT_MASK.mean(), rel=0.05)


def test_floor_with_dots_is_the_clean_floor_plus_the_dot_variance():
    cols = sample_positions(6000, np.random.default_rng(2), BIASED)
    clean = render_frames(cols[:, 1])
    dotted = add_dots(clean, np.random.default_rng(3))
    simulated = bayes_floor_dots(cols[:, 0], dotted, BIASED)
    # density (1 - density) on each of the 47 dot rows of 64, by hand
    assert simulated == pytest.approx(bayes_floor(cols[:, 0], clean, BIASED) + 0.05 * 0.95 * 47 / 64, rel=0.01)
    assert dot_variance() == pytest.approx(0.05 * 0.95 * 47 / 64)


def test_the_dotted_conditional_mean_beats_any_other_constant_for_the_dots():
    cols = sample_positions(3000, np.random.default_rng(4), BIASED)
    dotted = add_dots(render_frames(cols[:, 1]), np.random.default_rng(5))
    best = conditional_mean_dots(cols[:, 0], BIASED)
    for shift in (-0.02, 0.02):
        assert mse(best, dotted) < mse(best + shift * DOT_MASK, dotted)
