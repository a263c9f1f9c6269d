"""Read-outs on inputs whose answer is known by construction: ranks, probes, the oracle's limit, the latent floor."""
import numpy as np
import pytest

from common.oracle import p_right
from common.planning import ball_column
from common.probes import (
    column_code_share,
    direction_probe,
    latent_floor,
    oracle_direction_accuracy,
    per_dim_std,
    pixel_share,
    position_probe,
    rankme,
    total_variance,
)
from common.world import ARTICLE, BIASED, SPEED, render_frame, sample_positions

RNG = np.random.default_rng(0)


def test_rankme_of_a_rank_one_matrix_is_one():
    z = np.outer(RNG.normal(size=500), RNG.normal(size=64))
    assert rankme(z) == pytest.approx(1.0, abs=0.02)


def test_rankme_uses_the_singular_values_not_their_squares():
    """Singular values 3 and 1: p = (3/4, 1/4), RankMe = exp(-(3/4 ln 3/4 + 1/4 ln 1/4)) = 1.7548 (Garrido et al.
    2023); the squares would give p = (9/10, 1/10) and 1.3837."""
    u, _ = np.linalg.qr(RNG.normal(size=(50, 2)))
    z = u @ np.diag([3.0, 1.0]) @ np.array([[0.6, 0.8], [-0.8, 0.6]])
    assert rankme(z) == pytest.approx(1.7548, abs=1e-3)


def test_rankme_of_orthonormal_columns_is_their_number():
    q, _ = np.linalg.qr(RNG.normal(size=(300, 40)))
    assert rankme(q) == pytest.approx(40, rel=0.01)


def test_per_dim_std_of_a_constant_is_zero():
    assert per_dim_std(np.ones((10, 5)) * 7).max() == 0


def test_position_probe_reads_a_linear_code_and_not_noise():
    col = RNG.uniform(8, 56, size=2000)
    z = np.c_[0.3 * col + 1, RNG.normal(size=(2000, 10))]
    good = position_probe(z[:1000], col[:1000], z[1000:], col[1000:])
    assert good["r2"] > 0.9999 and good["mae_px"] < 0.01
    bad = position_probe(z[:1000, 1:], col[:1000], z[1000:, 1:], col[1000:])
    assert bad["r2"] < 0.05


def test_position_probe_r2_counts_a_constant_offset_as_error():
    """R^2 = 1 - mean squared residual / variance: a probe that is right up to a constant 2 px is not perfect."""
    col = RNG.uniform(8, 56, size=2000)
    z = np.c_[col, RNG.normal(size=(2000, 3))]
    shifted = position_probe(z[:1000], col[:1000] + 2, z[1000:], col[1000:])   # fitted 2 px off
    assert shifted["rmse_px"] == pytest.approx(2, abs=1e-3)
    assert shifted["r2"] == pytest.approx(1 - 4 / col[1000:].var(), abs=1e-4)


def test_position_probe_r2_is_against_the_test_columns_spread():
    """Fitted on columns over the whole frame, scored on columns 20 to 30 with a constant 2 px error: R^2 =
    1 - 4 / Var(test columns), the test set's own variance."""
    col_fit, col_test = np.linspace(8, 56, 500), np.linspace(20, 30, 300)
    z = lambda col: np.c_[col, np.cos(col)]
    narrow = position_probe(z(col_fit), col_fit + 2, z(col_test), col_test)
    assert narrow["r2"] == pytest.approx(1 - 4 / col_test.var(), abs=1e-4)   # the ridge moves it a little


def test_variances_are_per_dimension_over_frames_then_averaged():
    """Two embeddings (0, 10) and (2, 10): per dimension variances 1 and 0, mean 1/2. Two frames of two pixels,
    (1, 1) and (1, 0): per pixel variances 0 and 1/4, mean 1/8, so a floor of 0.05 is 0.4 of it."""
    assert total_variance(np.array([[0.0, 10.0], [2.0, 10.0]])) == pytest.approx(0.5)
    frames = np.array([[[1.0, 1.0]], [[1.0, 0.0]]])
    assert pixel_share(0.05, frames) == pytest.approx(0.4)


def test_oracle_direction_limit_matches_sampled_pairs():
    for world in (ARTICLE, BIASED):
        cols = sample_positions(40000, np.random.default_rng(1), world)
        p = p_right(cols[:, 0], world)
        sampled = np.mean(np.maximum(p, 1 - p))   # E over pairs of max(P, 1 - P), by sampling instead of cells
        assert oracle_direction_accuracy(world) == pytest.approx(sampled, abs=0.005)


def test_no_probe_beats_the_oracle_on_a_perfect_position_code():
    cols = sample_positions(20000, np.random.default_rng(2), BIASED)
    right = cols[:, 1] > cols[:, 0]
    z = np.c_[cols[:, 0], (cols[:, 0] - 32) ** 2]
    acc = direction_probe(z[:10000], right[:10000], z[10000:], right[10000:])
    limit = oracle_direction_accuracy(BIASED, cols[10000:, 0], right[10000:])
    assert acc <= limit + 0.01
    assert acc > limit - 0.03


def toy_encoder(frames):
    """A fixed non-linear map of frames to 6 numbers: any encoder will do for the floor's identity."""
    w = np.random.default_rng(5).normal(size=(64 * 64, 6)) / 30
    return np.tanh(frames.reshape(len(frames), -1) @ w)


def test_latent_floor_equals_a_brute_force_average_over_both_futures():
    cols = sample_positions(300, np.random.default_rng(3), BIASED)
    z_next = toy_encoder(np.stack([render_frame(c) for c in cols[:, 1]]))
    floor, expected = latent_floor(toy_encoder, cols[:, 0], z_next, BIASED)
    brute, errors = [], []
    for (x, x_next), target in zip(cols, z_next):   # one pair at a time, each future rendered on its own
        p = float(p_right(x, BIASED))
        mean = p * toy_encoder(render_frame(x + SPEED)[None])[0] + (1 - p) * toy_encoder(render_frame(x - SPEED)[None])[0]
        brute.append(mean)
        errors.append(np.mean((mean - target) ** 2))
    np.testing.assert_allclose(expected, np.array(brute), atol=1e-6)
    assert floor == pytest.approx(np.mean(errors), rel=1e-6)
    assert 0 < floor < total_variance(z_next)


def test_latent_floor_with_noisy_draws_is_unbiased():
    # An encoder that adds its own noise: averaging K draws overshoots the floor by Var/K, which is taken off.
    cols = sample_positions(1000, np.random.default_rng(4), BIASED)
    noise = np.random.default_rng(6)
    encode = lambda frames: toy_encoder(frames) + noise.normal(scale=0.5, size=(len(frames), 6))
    z_next = encode(np.stack([render_frame(c) for c in cols[:, 1]]))

    def draws(k):
        return lambda c: [(render_frame(c + SPEED), render_frame(c - SPEED)) for _ in range(k)]
    few, _ = latent_floor(encode, cols[:, 0], z_next, BIASED, draws(2))
    many, _ = latent_floor(encode, cols[:, 0], z_next, BIASED, draws(20))
    assert few == pytest.approx(many, rel=0.05)
    assert many == pytest.approx(0.25 + latent_floor(toy_encoder, cols[:, 0], toy_encoder(
        np.stack([render_frame(c) for c in cols[:, 1]])), BIASED)[0], rel=0.05)


def test_the_column_code_share_is_the_latent_floor_of_a_code_that_reads_the_column():
    """The yardstick's closed form against the general latent floor, with an 'encoder' that returns the ball's
    column read from the frame, on the biased world's pairs."""
    cols = sample_positions(4000, np.random.default_rng(4), BIASED)
    encode = lambda frames: ball_column(frames)[:, None]
    floor, _ = latent_floor(encode, cols[:, 0], encode(render_frame(cols[:, 1])), BIASED)
    assert column_code_share(cols[:, 0], cols[:, 1], BIASED) == pytest.approx(floor / cols[:, 1].var(), rel=0.02)
    assert 0.1 < column_code_share(cols[:, 0], cols[:, 1], BIASED) < 0.3
