import numpy as np
import pytest

from common.oracle import (
    bayes_floor,
    both_directions,
    conditional_mean,
    copy_mse,
    floors,
    p_right,
    position_density,
    zeros_mse,
)
from common.world import (
    ARTICLE,
    BALL_RADIUS,
    BIASED,
    FRAME_SIZE,
    SPEED,
    render_frames,
    simulate_positions,
)
from tests.conftest import sample_pairs


@pytest.fixture(scope="module")
def pairs():
    return sample_pairs(8000, np.random.default_rng(11))


@pytest.mark.parametrize("world,episodes,atol", [(ARTICLE, 40000, 0.01), (BIASED, 200000, 0.025)])
def test_p_right_matches_simulated_frequencies(world, episodes, atol):
    """The derived P(right | x) agrees with counting directions in simulated episodes (all their pairs)."""
    xs = simulate_positions(episodes, world.episode_length, np.random.default_rng(12), world)
    x_t, went_right = xs[:, :-1].ravel(), (np.diff(xs, axis=1) > 0).ravel()
    cells = np.floor(x_t).astype(int)
    counts = np.bincount(cells, minlength=FRAME_SIZE)
    observed = np.bincount(cells, weights=went_right, minlength=FRAME_SIZE) / np.maximum(counts, 1)
    seen = counts > 0
    np.testing.assert_allclose(observed[seen], p_right(np.arange(FRAME_SIZE) + 0.5, world)[seen], atol=atol)   # biased: ~4,300 pairs a cell, 3 s.d.
    np.testing.assert_allclose(counts / counts.sum(), position_density(world), atol=0.002)


def test_biased_world_p_right_runs_linearly_from_0_88_to_0_12_where_both_directions_occur():
    """Where both directions occur, P(right | x) runs from about 0.88 down to 0.12, linear in x
    (independently computed facts)."""
    cells = np.arange(FRAME_SIZE) + 0.5
    p = p_right(cells, BIASED)
    both = both_directions(cells, BIASED)
    assert p[both].min() == pytest.approx(0.12, abs=0.005) and p[both].max() == pytest.approx(0.88, abs=0.005)
    assert np.allclose(np.diff(p[both]), -1 / 46)


@pytest.mark.parametrize("world", [ARTICLE, BIASED])
def test_bounce_forces_the_direction_within_6_px_of_a_wall(world):
    near_left = np.linspace(BALL_RADIUS, BALL_RADIUS + SPEED - 0.01, 50)
    near_right = np.linspace(FRAME_SIZE - BALL_RADIUS - SPEED, FRAME_SIZE - BALL_RADIUS - 0.01, 50)
    seen = lambda x: x[~np.isnan(p_right(x, world))]
    assert np.all(p_right(seen(near_left), world) == 1) and np.all(p_right(seen(near_right), world) == 0)


def test_biased_floor_is_below_zeros_and_copy():
    x_t, _, f_t, f_next = sample_pairs(8000, np.random.default_rng(13), BIASED)
    result = floors(x_t, f_t, f_next, BIASED)
    assert result["bayes_floor"] == pytest.approx(0.0129, abs=0.0008)
    assert result["bayes_floor"] < result["zeros_floor"] and result["bayes_floor"] < result["copy_floor"]


def test_direction_is_forced_near_the_walls():
    assert np.all(p_right(np.linspace(BALL_RADIUS, BALL_RADIUS + SPEED - 0.01, 50)) == 1)
    assert np.all(p_right(np.linspace(FRAME_SIZE - BALL_RADIUS - SPEED, FRAME_SIZE - BALL_RADIUS - 0.01, 50)) == 0)
    mid = p_right(np.linspace(20, 44, 50))
    assert np.all((mid > 0.4) & (mid < 0.6))


def test_oracle_is_a_single_sharp_ball_near_the_walls():
    for x in (9.3, 54.6):
        mean = conditional_mean(x)
        assert set(np.unique(mean)) == {0.0, 1.0}
        expected = x + SPEED if x < FRAME_SIZE / 2 else x - SPEED
        np.testing.assert_array_equal(mean, render_frames(expected))


def test_oracle_is_two_half_ghosts_mid_frame():
    x = 32.4
    mean = conditional_mean(x)
    p = float(p_right(x))
    right, left = render_frames(x + SPEED), render_frames(x - SPEED)
    np.testing.assert_allclose(mean[(right == 1) & (left == 0)], p, rtol=1e-6)
    np.testing.assert_allclose(mean[(right == 0) & (left == 1)], 1 - p, rtol=1e-6)
    assert mean.max() == pytest.approx(1.0)   # where the two futures overlap


def test_bayes_floor_matches_the_known_value(pairs):
    x_t, _, f_t, f_next = pairs
    result = floors(x_t, f_t, f_next)
    assert result["bayes_floor"] == pytest.approx(0.0176, abs=0.0008)
    assert result["zeros_floor"] == pytest.approx(0.048, abs=0.001)
    assert result["copy_floor"] == pytest.approx(0.044, abs=0.001)


def test_oracle_beats_every_constant_prediction(pairs):
    x_t, _, f_t, f_next = pairs
    best_constant = float(np.mean((f_next - f_next.mean(axis=0)) ** 2))   # the best constant frame
    assert bayes_floor(x_t, f_next) < best_constant
    assert bayes_floor(x_t, f_next) < zeros_mse(f_next) and bayes_floor(x_t, f_next) < copy_mse(f_t, f_next)


def test_oracle_beats_perturbed_versions_of_itself(pairs):
    """E[y|x] is the minimiser: nudging the mixing weight either way, or blurring it, costs MSE."""
    x_t, _, _, f_next = pairs
    best = bayes_floor(x_t, f_next)
    p = p_right(x_t).astype(np.float32)[:, None, None]
    right, left = render_frames(x_t + SPEED), render_frames(x_t - SPEED)
    for shift in (-0.1, 0.1):
        q = np.clip(p + shift, 0, 1)
        assert np.mean((q * right + (1 - q) * left - f_next) ** 2) > best
    sharp_guess = np.where(p >= 0.5, right, left)   # committing to the likelier future
    assert np.mean((sharp_guess - f_next) ** 2) > best


def test_biased_conditional_mean_weighs_the_futures_by_the_launch_ramp():
    """Biased world, one pair per episode: away from the walls P(right | x) is the launch's q(x) = (54.5 - floor(x)) / 46."""
    x = np.array([20.5, 41.2])
    q = np.array([34.5, 13.5])[:, None, None] / 46
    expected = q * render_frames(x + SPEED) + (1 - q) * render_frames(x - SPEED)
    np.testing.assert_allclose(conditional_mean(x, BIASED), expected, atol=1e-6)


def test_conditional_mean_rejects_positions_never_seen():
    with pytest.raises(ValueError):
        conditional_mean(2.0)
