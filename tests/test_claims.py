"""The claim experiments' code at tiny sizes: a few steps each. Their results come from run_claims.sh."""
import json

import numpy as np
import pytest
import torch

from common.models import MixturePredictor, PatchTransformer
from common.sampling import draw_samples, fit_prior, mixture_loss, nearest_future, right_probability
from common.training import make_heldout, make_inputs
from common.world import SPEED, render_frames, sample_positions
from part1_pixel import exp_capacity, exp_controls, exp_sampling, fig_capacity, fig_sampling
from part1_pixel import train as train_script


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory):
    out = tmp_path_factory.mktemp("ckpt") / "pixel.pt"
    train_script.main(["--steps", "3", "--batch-size", "8", "--device", "cpu", "--quiet", "--out", str(out)])
    return out


def test_capacity_experiment_runs_every_variant(tmp_path):
    out = tmp_path / "capacity.json"
    exp_capacity.main(["--steps", "2", "--device", "cpu", "--out", str(out)])
    rows = {r["name"]: r for r in json.loads(out.read_text())["rows"]}
    assert set(rows) == set(exp_capacity.VARIANTS)
    assert rows["encoder x4"]["parameters"] > rows["encoder x2"]["parameters"] > rows["default"]["parameters"]
    assert rows["steps x16"]["steps"] == 32 and rows["steps x4"]["steps"] == 8
    for r in rows.values():
        assert r["mse"] > 0 and 0 <= r["smear"]["walls"] <= 0.5
    fig_capacity.main(["--results", str(out), "--out", str(tmp_path / "capacity.png")])
    assert (tmp_path / "capacity.png").stat().st_size > 10_000
    # Re-running one variant replaces its row and keeps the others.
    exp_capacity.main(["--steps", "2", "--device", "cpu", "--only", "default", "--seed", "1", "--out", str(out)])
    again = json.loads(out.read_text())["rows"]
    assert [r["name"] for r in again] == list(exp_capacity.VARIANTS)
    assert again[1:] == [rows[n] for n in list(exp_capacity.VARIANTS)[1:]] and again[0] != rows["default"]


def test_transformer_maps_a_frame_to_a_frame():
    out = PatchTransformer()(torch.rand(2, 1, 64, 64))
    assert out.shape == (2, 1, 64, 64)


def test_control_inputs_carry_the_direction():
    positions = sample_positions(64, np.random.default_rng(0), history=1)
    two = make_inputs(positions, "two_frames")
    direction = make_inputs(positions, "direction")
    assert two.shape == direction.shape == (64, 2, 64, 64)
    np.testing.assert_array_equal(two[:, 0], render_frames(positions[:, 0]))
    np.testing.assert_array_equal(two[:, 1], direction[:, 0])
    went = np.sign(positions[:, 1] - positions[:, 0])
    assert np.all(direction[:, 1] == went[:, None, None])
    with pytest.raises(ValueError):
        make_inputs(positions, "velocity")


def test_controls_experiment_runs(tmp_path):
    out = tmp_path / "controls.json"
    exp_controls.main(["--steps", "2", "--device", "cpu", "--out", str(out)])
    rows = json.loads(out.read_text())["rows"]
    assert [r["inputs"] for r in rows] == ["two_frames", "direction"]
    assert all(r["mse"] > 0 for r in rows)
    assert all(r["one_frame_bayes_floor"] == pytest.approx(0.0176, abs=0.0005) for r in rows)


def test_mixture_loss_trains_only_the_winner_much():
    torch.manual_seed(0)
    model = MixturePredictor(2)
    x, y = torch.rand(4, 1, 64, 64), torch.rand(4, 1, 64, 64)
    loss = mixture_loss(model, x, y)
    loss.backward()
    assert loss.item() > 0 and model.prior.weight.grad.abs().sum() > 0


def test_samples_of_a_sharp_hypothesis_are_sharp():
    x = np.array([30.5])
    right, left = render_frames(x + SPEED), render_frames(x - SPEED)
    samples = np.stack([right, left, 0.5 * (right + left)], axis=1)
    err, went_right = nearest_future(samples, x)
    assert err[0, 0] == 0 and err[0, 1] == 0 and err[0, 2] > 0.01
    assert went_right[0].tolist()[:2] == [True, False]


def test_draw_samples_follows_the_prior():
    model = MixturePredictor(2)
    with torch.no_grad():
        model.prior.weight.zero_()
        model.prior.bias.copy_(torch.tensor([np.log(0.8), np.log(0.2)]))
        hyps, _ = model.hypotheses(torch.from_numpy(render_frames(np.array([30.5]))).unsqueeze(1))
    samples = draw_samples(model, render_frames(np.array([30.5])), 2000, np.random.default_rng(0))
    first = np.all(np.isclose(samples[0], hyps[0, 0].numpy()), axis=(1, 2))
    assert abs(first.mean() - 0.8) < 0.04


def test_fit_prior_moves_only_the_prior_and_lowers_its_loss():
    torch.manual_seed(0)
    model = MixturePredictor(2)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    ce_before, ce_after = fit_prior(model, "cpu", seed=0, pairs=512, iterations=50)
    assert ce_after < ce_before
    changed = {k for k, v in model.state_dict().items() if not torch.equal(v, before[k])}
    assert changed and all(k.startswith("prior.") for k in changed)


def test_right_probability_is_the_share_that_sampling_gives():
    torch.manual_seed(1)
    model = MixturePredictor(2)
    with torch.no_grad():   # a lopsided prior, P(k) = (0.88, 0.12), so a swapped index would show
        model.prior.weight.zero_()
        model.prior.bias.copy_(torch.tensor([1.0, -1.0]))
    x = np.array([20.5, 30.5, 40.5])
    samples = draw_samples(model, render_frames(x), 4000, np.random.default_rng(0))
    _, went_right = nearest_future(samples, x)
    exact = right_probability(model, x)
    possible = np.array([0.0, 0.1192, 0.8808, 1.0])   # neither, one or both hypotheses nearer the right future
    assert np.all(np.abs(exact[:, None] - possible).min(axis=1) < 1e-3)
    assert np.abs(went_right.mean(1) - exact).max() < 0.03   # 4000 draws: s.d. at most 0.008


def test_sampling_experiment_and_figure_run(tiny_checkpoint, tmp_path):
    out, mixture = tmp_path / "sampling.json", tmp_path / "mixture.pt"
    exp_sampling.main(["--steps", "2", "--samples", "20", "--prior-pairs", "300", "--device", "cpu",
                       "--pixel-checkpoint", str(tiny_checkpoint), "--checkpoint", str(mixture), "--out", str(out)])
    result = json.loads(out.read_text())
    assert len(result["probes"]) == len(exp_sampling.PROBE_COLUMNS)
    assert all(0 <= r["share_right"] <= 1 for r in result["probes"])
    every = result["every_column"]
    assert len(every["x"]) == len(every["sample_right"]) == 48 and 0 <= every["max_gap"] <= 1
    fig_sampling.main(["--mixture", str(mixture), "--checkpoint", str(tiny_checkpoint), "--samples", "20",
                       "--out", str(tmp_path / "sampling.png")])
    assert (tmp_path / "sampling.png").stat().st_size > 10_000


def test_held_out_controls_use_their_own_inputs():
    held = make_heldout(32, inputs="two_frames")
    assert held["inputs"].shape == (32, 2, 64, 64)
    np.testing.assert_array_equal(held["inputs"][:, 1], held["frames_t"])
