"""common/flow.py (conditional flow matching), common.smear.one_ball, and the smoke runs of train_sampler.py and sample.py."""
import functools

import numpy as np
import pytest
import torch
from torch import nn

from cli import run_main
from common.flow import (
    FlowNet,
    euler_sample,
    flow_matching_loss,
    interpolate,
    sample_next_frames,
    time_grid,
    velocity,
)
from common.oracle import conditional_mean
from common.smear import one_ball
from common.world import futures, render_frame, render_frames
from part1_pixel import sample as sample_script
from part1_pixel import train_sampler


class Constant(nn.Module):
    """A stand-in network that outputs a fixed frame, whatever it is shown."""

    def __init__(self, frame, prediction="clean"):
        super().__init__()
        self.frame, self.prediction = torch.as_tensor(frame), prediction

    def forward(self, frame, x_s, s):
        self.times = getattr(self, "times", []) + [round(float(s[0]), 6)]
        return self.frame.expand_as(x_s)


@pytest.fixture(scope="module")
def quick_checkpoint(tmp_path_factory):
    """A train_sampler.py checkpoint of two steps, for the scripts that read one."""
    ckpt = str(tmp_path_factory.mktemp("sampler") / "s.pt")
    run_main(lambda: train_sampler.main(["--quick", "--steps", "2", "--quiet", "--out", ckpt]))
    return ckpt


@pytest.fixture(scope="module")
def tiny_model():
    torch.manual_seed(0)
    return FlowNet().eval()


@pytest.mark.parametrize("prediction", ["clean", "velocity"])
def test_flownet_maps_frame_noisy_frame_and_time_to_a_frame(prediction):
    model = FlowNet(prediction=prediction)
    out = model(torch.zeros(3, 1, 64, 64), torch.randn(3, 1, 64, 64), torch.rand(3))
    assert out.shape == (3, 1, 64, 64)


def test_path_starts_at_noise_ends_at_data_and_moves_at_x1_minus_x0():
    x0, x1 = torch.randn(2, 1, 64, 64), torch.rand(2, 1, 64, 64)
    assert torch.equal(interpolate(x0, x1, torch.zeros(2)), x0)
    assert torch.equal(interpolate(x0, x1, torch.ones(2)), x1)
    s, h = torch.tensor([0.3, 0.7]), 1e-2
    slope = (interpolate(x0, x1, s + h) - interpolate(x0, x1, s)) / h
    assert torch.allclose(slope, x1 - x0, atol=1e-3)


def test_clean_prediction_gives_the_path_velocity():
    # A network that knows x1 exactly: v = (x1 - x_s) / (1 - s) must be x1 - x0 anywhere on the path.
    x0, x1 = torch.randn(2, 1, 64, 64), torch.rand(2, 1, 64, 64)
    x_s = interpolate(x0, x1, torch.full((2,), 0.4))
    v = velocity(Constant(x1), torch.zeros_like(x1), x_s, 0.4)
    assert torch.allclose(v, x1 - x0, atol=1e-5)


def test_one_euler_step_returns_the_networks_first_guess():
    # With one step the sample is the clean prediction at s = 0, whatever the noise: E[y|x] for a perfect model.
    blur = torch.from_numpy(conditional_mean(np.array([32.3]))[0])
    out = euler_sample(Constant(blur), torch.zeros(4, 1, 64, 64), 1, torch.Generator().manual_seed(0))
    assert torch.allclose(out, blur.expand(4, 1, 64, 64), atol=1e-6)


def test_grid_is_finer_near_noise_and_the_sampler_walks_it():
    assert np.allclose(time_grid(4, power=2), [0, 1 / 16, 1 / 4, 9 / 16, 1])
    assert np.allclose(time_grid(4, power=1), [0, 0.25, 0.5, 0.75, 1])
    # For a network that always answers x1, every Euler step on any grid stays on the straight path and
    # lands on x1; the network is asked at the grid's times, s = 1 never.
    x1 = torch.rand(1, 64, 64)
    net = Constant(x1)
    out = euler_sample(net, torch.zeros(3, 1, 64, 64), 3, torch.Generator().manual_seed(0), power=2)
    assert net.times == [0.0, round(1 / 9, 6), round(4 / 9, 6)]
    assert torch.allclose(out, x1.expand(3, 1, 64, 64), atol=1e-5)


def test_loss_decreases_on_a_fixed_batch():
    torch.manual_seed(0)
    model = FlowNet()
    cols = np.linspace(20, 44, 8)
    x_t, x_next = (torch.from_numpy(render_frames(c)[:, None]) for c in (cols, cols + 6))

    def loss():
        torch.manual_seed(1)   # the same noise and times before and after
        with torch.no_grad():
            return flow_matching_loss(model, x_t, x_next).item()

    before = loss()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for _ in range(25):
        opt.zero_grad()
        flow_matching_loss(model, x_t, x_next).backward()
        opt.step()
    assert loss() < 0.7 * before


def test_same_seed_same_samples_other_seed_other_samples(tiny_model):
    a = sample_next_frames(tiny_model, x=32.0, n=3, nfe=2, seed=5)
    b = sample_next_frames(tiny_model, render_frame(32.0), n=3, nfe=2, seed=5)
    c = sample_next_frames(tiny_model, x=32.0, n=3, nfe=2, seed=6)
    assert a.shape == (3, 64, 64) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert not np.allclose(a, c)


def test_one_ball_accepts_either_future_and_rejects_ghosts_blur_and_empty_frames():
    x = np.array([20.3, 31.7])
    right, left = futures(x)
    samples = np.stack([right, left, conditional_mean(x), 0.85 * right + 0.15 * left, 0 * right,
                        render_frames(x), render_frames(x + 8)], 1)
    assert one_ball(samples, x).tolist() == [[True, True, False, False, False, False, False]] * 2


def test_scripts_quick_run_and_reject_bad_input(tmp_path, capsys):
    ckpt, out = str(tmp_path / "s.pt"), str(tmp_path / "samples.npy")
    run_main(lambda: train_sampler.main(["--quick", "--steps", "2", "--quiet", "--out", ckpt]))
    run_main(lambda: sample_script.main(["--checkpoint", ckpt, "--x", "30", "--n", "5", "--nfe", "2", "--out", out]))
    assert np.load(out).shape == (5, 64, 64)
    np.save(tmp_path / "wrong.npy", np.zeros((3, 64)))
    capsys.readouterr()
    for main, argv in [(train_sampler.main, ["--steps", "0"]), (train_sampler.main, ["--out", "x.txt"]),
                       (sample_script.main, ["--checkpoint", ckpt, "--x", "99"]),
                       (sample_script.main, ["--checkpoint", ckpt, "--frame", str(tmp_path / "wrong.npy")]),
                       (sample_script.main, ["--checkpoint", str(tmp_path / "none.pt"), "--x", "30"]),
                       (sample_script.main, ["--checkpoint", ckpt])]:
        with pytest.raises(SystemExit) as exit_:
            run_main(lambda main=main, argv=argv: main(argv))
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "error" in err, err


def test_exact_posterior_is_calibrated_and_starts_at_the_prior():
    from part1_pixel.sampling.calibrate_sampler import exact_posterior
    rng = np.random.default_rng(0)
    x, prior, s, n = 30.5, 0.8, 0.1, 4000
    right, left = (f[0].astype(np.float64) for f in futures(np.array([x])))
    goes_right = rng.random(n) < prior
    x_s = s * np.where(goes_right[:, None, None], right, left) + (1 - s) * rng.standard_normal((n, 64, 64))
    q = exact_posterior(x_s, s, right, left, prior)
    # A true posterior: the direction's frequency matches q on average and is uncorrelated with its error.
    assert abs(np.mean(goes_right - q)) < 0.02 and abs(np.mean((goes_right - q) * (q - q.mean()))) < 0.01
    assert 0.05 < q.std() < 0.45   # s = 0.1 tells the futures apart only partly
    assert np.allclose(exact_posterior(x_s[:3], 1e-6, right, left, prior), prior, atol=1e-3)
    assert exact_posterior((0.5 * right)[None], 0.5, right, left, 0.5)[0] > 0.99


@pytest.mark.parametrize("s", [0.05, 0.3, 0.7])
def test_exact_posterior_is_bayes_rule_with_the_gaussian_likelihoods_of_x_s(s):
    """x_s = s y + (1 - s) x0 with x0 standard normal, so x_s | y has density prod N(x_s; s y, (1 - s)^2) per
    pixel; Bayes' rule between two small hand-made futures, the normal density written out."""
    from part1_pixel.sampling.calibrate_sampler import exact_posterior

    def density(x, mean, sd):
        return np.exp(-(x - mean) ** 2 / (2 * sd ** 2)) / (sd * np.sqrt(2 * np.pi))
    right, left = np.array([[1.0, 1.0, 0.0, 0.0]]), np.array([[0.0, 0.0, 1.0, 0.5]])
    x_s = s * right + (1 - s) * np.random.default_rng(0).standard_normal((6, 1, 4))
    for prior in (0.2, 0.7):
        likelihood = lambda y: density(x_s, s * y, 1 - s).prod(axis=(1, 2))
        bayes = prior * likelihood(right) / (prior * likelihood(right) + (1 - prior) * likelihood(left))
        np.testing.assert_allclose(exact_posterior(x_s, s, right, left, prior), bayes, rtol=1e-9)


def guess(frames, x_s, s, lean=0.0, wobble=0.0):
    """A stand-in x1-prediction in the biased world: q right + (1 - q) left with q = P(right|x) (the optimum at
    s = 0), moved towards the likelier future by `lean`, or by `wobble` times one value of the noise."""
    from common.oracle import p_right
    from common.planning import ball_column
    from common.world import BIASED
    x = ball_column(frames[:, 0].numpy())
    p = p_right(x, BIASED)
    q = np.clip(p + lean * np.sign(p - 0.5) + wobble * x_s[:, 0, 0, 0].numpy(), 0, 1)[:, None, None]
    right, left = (f.astype(np.float64) for f in futures(x))
    return torch.from_numpy((q * right + (1 - q) * left)[:, None]).float()


guess.prediction = "clean"


def test_at_noise_scores_the_optimum_as_faithful_and_a_lean_or_a_noisy_guess_as_not():
    from common.world import BIASED
    from part1_pixel.sampling.calibrate_sampler import at_noise

    exact = at_noise(guess, 50, np.random.default_rng(0), BIASED)
    assert exact["rms_noise_corrected"] < 0.005 and exact["mean_sd"] < 1e-6 and abs(exact["slope"] - 1) < 0.02
    lean = at_noise(lambda *a: guess(*a, lean=0.05), 50, np.random.default_rng(0), BIASED)
    assert lean["rms_noise_corrected"] > 0.03 and lean["slope"] > 1.05
    noisy = at_noise(lambda *a: guess(*a, wobble=0.15), 20, np.random.default_rng(0), BIASED)
    assert noisy["mean_sd"] > 0.1 and noisy["rms_noise_corrected"] < 0.015   # the draws' own noise is removed


def test_at_noise_removes_the_draws_noise_but_keeps_a_lean():
    """A guess leaning 5 points to the likelier future and wobbling 5 points with the noise: the spread across
    draws is the wobble, and with it removed the error is the lean."""
    from common.world import BIASED
    from part1_pixel.sampling.calibrate_sampler import at_noise
    both = at_noise(lambda *a: guess(*a, lean=0.05, wobble=0.05), 20, np.random.default_rng(1), BIASED)
    assert both["mean_sd"] == pytest.approx(0.05, abs=0.01)
    assert both["rms_noise_corrected"] == pytest.approx(0.05, abs=0.01)


def shrunk_posterior(weight):
    """A stand-in x1-prediction at column x whose right share is weight * q + (1 - weight) * P(right | x), q the
    exact posterior of its x_s: weight 1 is the exact network, 0 one that ignores x_s."""
    from common.oracle import p_right
    from common.planning import ball_column
    from common.world import BIASED
    from part1_pixel.sampling.calibrate_sampler import exact_posterior

    def net(frames, x_s, s):
        x = float(ball_column(frames[0, 0].numpy()))
        prior = float(p_right(x, BIASED))
        right, left = (f[0].astype(np.float64) for f in futures(np.array([x])))
        q = exact_posterior(x_s[:, 0].numpy(), float(s[0]), right, left, prior)
        share = (weight * q + (1 - weight) * prior)[:, None, None]
        return torch.from_numpy((share * right + (1 - share) * left)[:, None]).float()
    return net


def test_calibrate_column_reads_a_half_sure_network_as_slope_one_half_and_no_mean_gap():
    """x_s drawn from the true futures: the exact posterior averages to P(right | x), so a network between it and
    the prior has no mean gap, and its share moves half as far as q does."""
    from common.world import BIASED
    from part1_pixel.sampling.calibrate_sampler import calibrate_column
    row = calibrate_column(shrunk_posterior(0.5), 20.5, 0.1, 1000, np.random.default_rng(0), BIASED)
    assert row["p_right"] == pytest.approx(34.5 / 46) and 0.05 < row["exact_sd"] < 0.45
    assert abs(row["mean_gap"]) < 0.01 and row["slope"] == pytest.approx(0.5, abs=0.01)
    blind = calibrate_column(shrunk_posterior(0.0), 20.5, 0.1, 1000, np.random.default_rng(0), BIASED)
    assert abs(blind["mean_gap"]) < 0.02 and abs(blind["slope"]) < 1e-3

def test_calibrate_script_quick_run_and_bad_input(quick_checkpoint, tmp_path, capsys):
    from part1_pixel.sampling import calibrate_sampler
    ckpt, out = quick_checkpoint, str(tmp_path / "c.json")
    run_main(lambda: calibrate_sampler.main(["--quick", "--checkpoint", ckpt, "--out", out]))
    assert (tmp_path / "c.json").exists()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        run_main(lambda: calibrate_sampler.main(["--checkpoint", ckpt, "--draws", "1"]))
    assert exit_.value.code == 2 and capsys.readouterr().err.count("\n") == 1


def test_measure_script_quick_run_compares_the_two_grids(quick_checkpoint, tmp_path):
    import json

    from part1_pixel.sampling import fig_sampler_samples, measure_sampler
    ckpt, out = quick_checkpoint, tmp_path / "m.json"
    run_main(lambda: measure_sampler.main(["--quick", "--checkpoint", ckpt, "--out", str(out)]))
    result = json.loads(out.read_text())
    assert [row["nfe"] for row in result["sweep"]] == [1, 4]
    assert [row["grid_power"] for row in result["grid"]] == [1, 2]
    assert all(0 <= row["validity"] <= 1 for row in result["sweep"] + result["grid"] + [result["default"]])
    run_main(lambda: fig_sampler_samples.main(["--quick", "--checkpoint", ckpt, "--out", str(tmp_path / "f.png")]))
    assert (tmp_path / "f.png").stat().st_size > 10_000


def test_along_the_path_an_exact_network_matches_the_posterior_and_a_leaning_one_shows_its_lean():
    from common.world import BIASED
    from part1_pixel.sampling.calibrate_sampler import along_path
    exact = along_path(None, 40, np.random.default_rng(0), BIASED, nfe=4)
    assert all(row["network_minus_exact_rms"] < 1e-5 for row in exact["steps"])
    assert exact["steps"][0]["exact_minus_p_rms"] < 1e-9 and abs(exact["steps"][0]["network_slope"] - 1) < 1e-6
    leaning = functools.partial(guess, lean=0.05)
    leaning.prediction = "clean"
    lean = along_path(leaning, 40, np.random.default_rng(0), BIASED, nfe=4)
    assert abs(lean["steps"][0]["lean_to_likelier"] - 0.05) < 0.01 and lean["steps"][0]["network_slope"] > 1.1


class Recorder(Constant):
    """Constant, and the spread of x_s around s * frame at every call: (1 - s) on the path the flow was trained on."""

    def forward(self, frame, x_s, s):
        self.spread = getattr(self, "spread", []) + [float((x_s - s[0] * self.frame).std() / (1 - s[0]))]
        return super().forward(frame, x_s, s)


@pytest.mark.parametrize("eta", [0.0, 0.5, 1.0])
def test_stochastic_steps_keep_the_noise_level_of_the_path(eta):
    net = Recorder(torch.full((1, 64, 64), 0.3))
    frames = torch.zeros(256, 1, 64, 64)
    out = euler_sample(net, frames, 6, torch.Generator().manual_seed(0), eta=eta)
    assert np.allclose(net.spread, 1.0, atol=0.01), net.spread
    assert torch.allclose(out, torch.full_like(out, 0.3), atol=1e-5)   # the last step lands on the clean guess
    if eta:
        again = Recorder(torch.full((1, 64, 64), 0.3))
        euler_sample(again, frames, 6, torch.Generator().manual_seed(0), eta=0.0)
        assert net.spread != again.spread   # fresh noise was drawn


def test_with_an_exact_network_and_fine_steps_the_stochastic_sampler_is_faithful():
    from common.flow import fresh_noise_share
    from common.world import BIASED
    from part1_pixel.sampling.calibrate_sampler import along_path
    assert fresh_noise_share(0.0, 0.1, 1.0) == 1.0 and fresh_noise_share(0.3, 0.5, 0.0) == 0.0
    fine = along_path(None, 40, np.random.default_rng(0), BIASED, nfe=24, eta=1.0)
    assert fine["sample_rms_noise_corrected"] < 0.03 and abs(fine["sample_slope"] - 1) < 0.15, fine["sample_slope"]
