"""The four JEPA objectives on hand-made embeddings, where the right answer is known without the code."""
import math

import numpy as np
import pytest
import torch

from common.jepa import (
    JEPA,
    JEPA_LOSSES,
    barlow_twins,
    embed,
    epps_pulley,
    prediction_loss,
    sigreg,
    vicreg_covariance,
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
