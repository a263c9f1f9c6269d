"""The four JEPA objectives on hand-made embeddings, where the right answer is known without the code."""
import math

import numpy as np
import pytest
import torch

from common.files import load_run, save_run
from common.jepa import (
    JEPA,
    JEPA_LOSSES,
    barlow_loss,
    barlow_twins,
    embed,
    epps_pulley,
    jepa_model,
    prediction_loss,
    random_directions,
    sigreg,
    sigreg_loss,
    sigreg_views,
    vicreg_covariance,
    vicreg_loss,
    vicreg_variance,
)


def gaussian(n, d, seed=0):
    return torch.randn(n, d, generator=torch.Generator().manual_seed(seed))


def test_vicreg_variance_is_zero_for_unit_std_embeddings():
    z = gaussian(512, 16)
    z = (z - z.mean(0)) / z.std(0)          # every dimension has standard deviation exactly 1 >= gamma
    assert vicreg_variance(z).item() == pytest.approx(0.0, abs=1e-6)


def test_vicreg_variance_of_a_constant_is_gamma_minus_sqrt_eps():
    z = torch.ones(64, 8) * 3.0
    assert vicreg_variance(z).item() == pytest.approx(1.0 - math.sqrt(1e-4), abs=1e-6)


def test_vicreg_covariance_is_zero_for_uncorrelated_and_positive_for_copies():
    eye = torch.eye(4).repeat(8, 1) * 2 - 0.5    # four dimensions that are never on together: covariance < 0
    copies = gaussian(256, 1).repeat(1, 4)        # four copies of one dimension: every off-diagonal = variance
    assert vicreg_covariance(copies).item() > 10 * abs(vicreg_covariance(gaussian(256, 4)).item())
    assert vicreg_covariance(eye).item() > 0


def test_vicreg_covariance_of_two_perfectly_correlated_points_by_hand():
    """Rows (1, 1) and (-1, -1): unbiased covariance [[2, 2], [2, 2]], off-diagonal squares 2 * 4 = 8, over D = 2: 4."""
    assert vicreg_covariance(torch.tensor([[1.0, 1.0], [-1.0, -1.0]])).item() == pytest.approx(4.0)


def test_vicreg_invariance_is_between_the_prediction_and_the_next_embedding():
    """Variance and covariance read z_t and z_next only: moving z_hat 0.5 away from z_next everywhere adds
    25 * 0.25 and nothing else."""
    z_t, z_next = gaussian(64, 8, seed=1), gaussian(64, 8, seed=2)
    exact = vicreg_loss(Fixed(z_t, z_next, z_next), None, None).item()
    off = vicreg_loss(Fixed(z_t, z_next + 0.5, z_next), None, None).item()
    assert off - exact == pytest.approx(25 * 0.25, rel=1e-5)


def test_sigreg_is_near_one_for_gaussian_samples_and_large_for_a_constant():
    # For N(0, 1) samples, E[N |phi_hat(t) - phi(t)|^2] = 1 - exp(-t^2), so the expected statistic is
    # the integral of (1 - exp(-t^2)) exp(-t^2/2) over [-3, 3]: sqrt(2 pi) (1 - 1/sqrt(3)) ~ 1.06.
    torch.manual_seed(0)
    expected = gauss_integral(0.5) - gauss_integral(1.5)
    values = [sigreg(gaussian(1024, 32, seed)).item() for seed in range(20)]
    assert np.mean(values) == pytest.approx(expected, rel=0.1)
    assert sigreg(torch.zeros(1024, 32)).item() > 300
    assert sigreg(gaussian(1024, 32) * 0.1).item() > 50     # a shrunken Gaussian is not N(0, I) either


def gauss_integral(a, t_max=3.0):
    """integral of exp(-a t^2) over [-t_max, t_max], in closed form."""
    return math.sqrt(math.pi / a) * math.erf(t_max * math.sqrt(a))


def test_epps_pulley_of_a_point_mass_matches_its_integral():
    # All samples at 0: phi_hat = 1, so the statistic is N * integral (1 - e^{-t^2/2})^2 e^{-t^2/2} dt.
    n = 200
    exact = gauss_integral(0.5) - 2 * gauss_integral(1.0) + gauss_integral(1.5)
    assert epps_pulley(torch.zeros(n, 1, dtype=torch.float64)).item() / n == pytest.approx(exact, rel=0.01)


def test_barlow_on_identical_standardized_inputs_has_zero_on_diagonal_term():
    z = gaussian(256, 8)
    z = (z - z.mean(0)) / z.std(0)
    _, on_diag = barlow_twins(z, z.clone())
    assert on_diag.item() == pytest.approx(0.0, abs=1e-3)
    _, unrelated = barlow_twins(z, gaussian(256, 8, seed=1))
    assert unrelated.item() > 6      # independent branches: every C_ii ~ 0, so each term ~ 1


def test_barlow_on_identical_raw_inputs_at_batch_32_has_zero_on_diagonal_term():
    """The biased standard deviation (the reference code's BatchNorm) makes C_ii = 1 for identical branches at
    any batch size; the unbiased one would cap it at 31/32 and leave an on-diagonal floor of 128 / 32^2 = 0.125."""
    z = gaussian(32, 128) * 3 + 1
    _, on_diag = barlow_twins(z, z.clone())
    assert on_diag.item() == pytest.approx(0.0, abs=1e-6)


class Fixed(torch.nn.Module):
    """A stand-in model whose branches are given embeddings (z_t, z_hat, z_next)."""

    def __init__(self, *branches):
        super().__init__()
        self.z = branches

    def branches(self, x_t, x_next):
        return self.z


def test_vicreg_averages_the_variance_over_branches_and_sums_the_covariance():
    """Constant embeddings: no invariance or covariance term, a variance term of 25 (1 - sqrt(eps)) (the
    branches averaged), not twice that. Correlated ones: the covariance term is both branches' summed."""
    constant = torch.ones(32, 16)
    assert vicreg_loss(Fixed(constant, constant, constant), None, None).item() == pytest.approx(
        25 * (1 - math.sqrt(1e-4)), rel=1e-6)
    z = gaussian(256, 4) @ torch.tensor([[1.0, 0.5, 0, 0], [0, 1, 0.5, 0], [0, 0, 1, 0.5], [0, 0, 0, 1]])
    expected = 25 * vicreg_variance(z) + 2 * vicreg_covariance(z)
    assert vicreg_loss(Fixed(z, z, z), None, None).item() == pytest.approx(expected.item(), rel=1e-6)


def test_sigreg_is_per_view_and_averaged_not_pooled():
    """One Gaussian sample cut in two by the sign of its first coordinate: pooled, the views are N(0, I); each
    view alone is half a Gaussian, far from it. LeJEPA applies SIGReg per view, so the loss must see that."""
    g = gaussian(4096, 2)
    a, b = g[g[:, 0] > 0][:1900], g[g[:, 0] <= 0][:1900]   # as many in each (about 2048 each)
    torch.manual_seed(0)
    pooled = sigreg(torch.cat([a, b])).item()
    torch.manual_seed(0)
    per_view = sigreg_views([a, b]).item()
    torch.manual_seed(0)
    directions = random_directions(2, 256, a)
    first, second = (epps_pulley(v @ directions).mean().item() for v in (a, b))
    assert pooled < 3 and per_view > 30
    assert per_view == pytest.approx((first + second) / 2, rel=1e-5)   # the same directions for both views
    torch.manual_seed(0)
    assert sigreg_loss(Fixed(a, a, b), None, None, lam=1.0).item() == pytest.approx(per_view, rel=1e-5)


def test_an_expander_is_seen_by_the_loss_and_never_by_the_read_outs(tmp_path):
    torch.manual_seed(0)
    model = JEPA(expander_width=64)
    x, y = torch.rand(8, 1, 64, 64), torch.rand(8, 1, 64, 64)
    assert [b.shape[1] for b in model.branches(x, y)] == [64, 64, 64]
    barlow_loss(model, x, y).backward()
    assert model.expander[0].weight.grad.abs().sum() > 0
    assert model.eval()(x).shape == (8, 128)   # forward and embed stay in the encoder's space
    path = str(tmp_path / "expanded.pt")
    save_run(path, model, {"expander": 64}, {})
    loaded, _ = load_run(path, jepa_model)
    assert torch.equal(loaded.eval()(x), model(x))


def test_a_constant_embedding_is_a_minimum_of_the_prediction_loss():
    model = JEPA()
    for p in model.encoder.parameters():
        torch.nn.init.zeros_(p)               # every frame maps to the same embedding
    for p in model.predictor.parameters():
        torch.nn.init.zeros_(p)
    x = torch.rand(4, 1, 64, 64)
    assert prediction_loss(model, x, torch.rand(4, 1, 64, 64)).item() == 0.0


def test_every_loss_runs_backward_and_embed_has_the_right_shape():
    torch.manual_seed(0)
    model = JEPA()
    x, y = torch.rand(8, 1, 64, 64), torch.rand(8, 1, 64, 64)
    for name, loss_fn in JEPA_LOSSES.items():
        model.zero_grad()
        loss = loss_fn(model, x, y)
        loss.backward()
        assert torch.isfinite(loss), name
        assert model.encoder.to_embedding.weight.grad.abs().sum() > 0, name   # the target branch is trained through
    assert embed(model.encoder, np.zeros((3, 64, 64), np.float32)).shape == (3, 128)
