import numpy as np
import torch

from common.losses import WINNER_WEIGHT, mixture_loss
from common.mixture import draw_samples, fit_prior, right_probability
from common.models import MixturePredictor
from common.smear import nearest_future
from common.world import render_frames


class FixedHypotheses(torch.nn.Module):
    """A stand-in MixturePredictor whose hypotheses and prior logits are given tensors."""

    def __init__(self, frames, logits):
        super().__init__()
        self.frames, self.logits = frames, logits

    def hypotheses(self, x):
        return self.frames, self.logits


def test_mixture_loss_gives_the_winner_most_of_the_weight():
    """Two hypotheses with per-pixel errors 0.01 (winner) and 0.09: loss = 0.95 * 0.01 + 0.05 * 0.09 + CE term."""
    target = torch.zeros(1, 1, 4, 4)
    frames = torch.stack([torch.full((4, 4), 0.1), torch.full((4, 4), 0.3)])[None]
    logits = torch.zeros(1, 2)
    loss = mixture_loss(FixedHypotheses(frames, logits), None, target)
    expected = WINNER_WEIGHT * 0.01 + (1 - WINNER_WEIGHT) * 0.09 + 0.01 * np.log(2)
    assert abs(loss.item() - expected) < 1e-6


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
    ce_before, ce_after = fit_prior(model, "cpu", seed=0, pairs=512, iterations=50, progress=False)
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
    went_right = nearest_future(samples, x)[1] == 1
    exact = right_probability(model, x)
    possible = np.array([0.0, 0.1192, 0.8808, 1.0])   # neither, one or both hypotheses nearer the right future
    assert np.all(np.abs(exact[:, None] - possible).min(axis=1) < 1e-3)
    assert np.abs(went_right.mean(1) - exact).max() < 0.03   # 4000 draws: s.d. at most 0.008
