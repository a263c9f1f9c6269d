"""The digits claims' read-outs (common/digits_implied.py) and their scripts (part1_pixel/digits/)."""
import json

import numpy as np
import pytest

from common.data import QUICK_HELDOUT_PAIRS, digits_pairs, make_heldout
from common.digits import DIGITS, MAX_SPEED, digit_indices, render_frames, sample_two_frame_pairs
from common.digits_implied import (
    across_wall,
    exact_posterior,
    fit_futures,
    implied_posterior,
    offset_spread,
    p_moves_right,
    wall_distance,
)
from common.digits_oracle import conditional_mean
from common.files import BadFile
from common.models import PixelPredictor, count_parameters
from common.training import recipe_of
from part1_pixel import train as train_script
from part1_pixel.claims import exp_capacity, exp_controls
from part1_pixel.digits import fig_episode, fig_lattice, fig_panels, measure, two_frame_floor


@pytest.fixture(scope="module")
def tiny_digits_checkpoint(tmp_path_factory):
    """A train.py --world digits checkpoint after 2 steps (its --quick held-out sizes)."""
    out = tmp_path_factory.mktemp("digits") / "pixel.pt"
    train_script.main(["--world", "digits", "--quick", "--steps", "2", "--device", "cpu", "--quiet", "--out", str(out)])
    return out


def test_fit_recovers_a_known_mix_of_two_rendered_futures():
    digit, sx, sy = digit_indices(held_out=True)[3], 20, 30
    mix = 0.7 * render_frames([digit], [sx + 3], [sy - 1])[0] + 0.3 * render_frames([digit], [sx - 2], [sy + 4])[0]
    weights, residual = fit_futures(mix, render_frames([digit], [0], [0])[0, :16, :16], sx, sy)
    expected = np.zeros((9, 9))
    expected[3 + MAX_SPEED, -1 + MAX_SPEED], expected[-2 + MAX_SPEED, 4 + MAX_SPEED] = 0.7, 0.3
    np.testing.assert_allclose(weights, expected, atol=1e-6)
    assert residual < 1e-10


def test_stray_intensity_outside_the_futures_counts_as_residual():
    digit, sx, sy = digit_indices()[0], 20, 20
    frame = render_frames([digit], [sx], [sy])[0]
    frame[0, 0] = 1.0                                     # far from any future
    _, residual = fit_futures(frame, render_frames([digit], [0], [0])[0, :16, :16], sx, sy)
    assert residual == pytest.approx(1 / (frame ** 2).sum(), rel=1e-6)


def test_conditional_mean_reads_back_as_the_exact_posterior_mid_frame_and_at_walls():
    sx, sy = np.array([24, 0, 47, 10, 2]), np.array([23, 23, 5, 47, 1])
    digit = digit_indices(held_out=True)[:5]
    implied, total, residual = implied_posterior(conditional_mean(digit, sx, sy), digit, sx, sy)
    exact = exact_posterior(sx, sy)
    np.testing.assert_allclose(implied, exact, atol=1e-5)
    np.testing.assert_allclose(p_moves_right(implied), p_moves_right(exact), atol=1e-5)
    np.testing.assert_allclose(total, 1, atol=1e-5)
    assert residual.max() < 1e-8


def test_a_single_rendered_future_has_spread_zero_and_all_or_nothing_moving_right():
    q = np.zeros((2, 9, 9))
    q[0, MAX_SPEED + 2, MAX_SPEED - 1] = 1        # moves right by 2
    q[1, MAX_SPEED, MAX_SPEED] = 1                # stays
    np.testing.assert_array_equal(offset_spread(q), 0)
    np.testing.assert_array_equal(p_moves_right(q), [1, 0])


def test_spread_of_two_equal_futures_four_apart_is_two_pixels_on_that_axis():
    q = np.zeros((1, 9, 9))
    q[0, MAX_SPEED - 2, MAX_SPEED] = q[0, MAX_SPEED + 2, MAX_SPEED] = 0.5
    np.testing.assert_allclose(offset_spread(q), [[2, 0]])


def test_the_exact_spread_tightens_at_a_wall_across_it():
    sx, sy = np.array([0, 24]), np.array([23, 23])
    across = across_wall(offset_spread(exact_posterior(sx, sy)), sx, sy)
    assert across[0] < 0.75 * across[1]
    assert list(wall_distance(sx, sy)) == [0, 23]


def test_measure_quick_and_every_figure(tiny_digits_checkpoint, tmp_path):
    claims = tmp_path / "claims.json"
    measure.main(["--quick", "--checkpoint", str(tiny_digits_checkpoint), "--out", str(claims)])
    numbers = json.loads(claims.read_text())
    for which in ("heldout", "train"):
        a = numbers["average"][which]
        assert a["ratio_to_bayes"] == pytest.approx(a["mse"] / a["bayes_floor"]) and a["ratio_to_bayes"] >= 1 - 1e-6
        assert np.isfinite(numbers["position"][which]["position_specific_share"])
    assert len(numbers["lattice"]["model"]) == len(numbers["lattice"]["exact"]) == 48
    assert set(numbers["panels"]) == {"mid", "wall"}
    fig_panels.main(["--claims", str(claims), "--checkpoint", str(tiny_digits_checkpoint), "--out", str(tmp_path / "p.png")])
    fig_episode.main(["--checkpoint", str(tiny_digits_checkpoint), "--frames", "4", "--out", str(tmp_path / "e.png")])
    fig_lattice.main(["--claims", str(claims), "--out", str(tmp_path / "l.png")])
    assert all((tmp_path / name).stat().st_size > 10_000 for name in ("p.png", "e.png", "l.png"))


def test_measure_refuses_a_ball_world_checkpoint(tmp_path):
    ball = tmp_path / "ball.pt"
    train_script.main(["--quick", "--steps", "1", "--device", "cpu", "--quiet", "--out", str(ball)])
    with pytest.raises(BadFile, match="world"):
        measure.main(["--quick", "--checkpoint", str(ball), "--out", str(tmp_path / "c.json")])


def test_capacity_experiment_runs_in_the_digits_world(tmp_path):
    out = tmp_path / "capacity.json"
    exp_capacity.main(["--world", "digits", "--quick", "--only", "default", "--device", "cpu", "--out", str(out)])
    results = json.loads(out.read_text())
    (row,) = results["rows"]
    assert results["world"] == "digits" and row["lr"] == 1e-3   # the digits recipe's learning rate
    assert np.isfinite(row["position_specific_share"]) and "smear" not in row


def test_two_frame_digits_inputs_end_with_frame_t_and_show_the_last_move():
    pairs, x_t, x_next = digits_pairs(64, np.random.default_rng(0), held_out=True, inputs="two_frames")
    frame_t, frame_next = pairs.frames()
    np.testing.assert_array_equal(x_t[:, 1], frame_t)
    np.testing.assert_array_equal(x_next, frame_next)
    before, now = x_t[:, 0].reshape(64, -1), x_t[:, 1].reshape(64, -1)
    assert np.all(before.sum(1) == pytest.approx(now.sum(1)))      # the same digit in both frames
    _, before_sx, before_sy = sample_two_frame_pairs(64, np.random.default_rng(0), held_out=True)
    assert np.abs(pairs.sx - before_sx).max() <= MAX_SPEED and np.abs(pairs.sy - before_sy).max() <= MAX_SPEED
    assert (pairs.sx != before_sx).any()


def test_controls_experiment_runs_in_the_digits_world(tmp_path):
    out = tmp_path / "controls.json"
    exp_controls.main(["--world", "digits", "--quick", "--device", "cpu", "--out", str(out)])
    results = json.loads(out.read_text())
    (row,) = results["rows"]
    two_frame_network = PixelPredictor(in_channels=2, **recipe_of(DIGITS)[2])   # the world's network, shown two frames
    assert results["world"] == "digits" and row["inputs"] == "two_frames"
    assert row["parameters"] == count_parameters(two_frame_network)
    assert row["ratio_to_one_frame_floor"] == pytest.approx(row["mse"] / row["one_frame_bayes_floor"])


def test_two_frame_floor_quick_is_measured_on_the_controls_held_out_pairs(tmp_path):
    out = tmp_path / "two_frame_floor.json"
    two_frame_floor.main(["--quick", "--out", str(out)])
    result = json.loads(out.read_text())
    control_pairs = make_heldout(QUICK_HELDOUT_PAIRS, inputs="two_frames", world=DIGITS)
    assert result["one_frame_bayes_floor"] == pytest.approx(control_pairs["bayes_floor"], rel=1e-12)
    assert 0 < result["two_frame_bayes_floor"] < result["one_frame_bayes_floor"] and 0 < result["uncertain_share"] < 1


def test_the_pages_python_snippet_runs_on_the_shipped_checkpoint(capsys):
    """docs/digits.md's 'Use the trained model from Python' block, run as it is: it prints a ratio to the floor
    above 1 (no model beats the Bayes floor) and a small distance to E[y|x]."""
    import os
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    page = open(os.path.join(root, "docs", "digits.md")).read()
    code = page.split("## Use the trained model from Python")[1].split("```python\n")[1].split("```")[0]
    cwd = os.getcwd()
    os.chdir(root)
    try:
        exec(compile(code, "digits.md", "exec"), {})
    finally:
        os.chdir(cwd)
    ratio, distance = map(float, capsys.readouterr().out.split())
    assert 1.0 < ratio < 1.2 and distance < 0.002
