"""common/flow.py (conditional flow matching), common.smear.one_ball, and the smoke runs of train_sampler.py and sample.py."""
import numpy as np
import pytest
import torch
from torch import nn

from cli import run_main
from common.flow import FlowNet, euler_sample, flow_matching_loss, interpolate, sample_next_frames, velocity
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
        return self.frame.expand_as(x_s)


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
