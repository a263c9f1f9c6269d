"""common/digits_readout.py: the share of E[y|x]'s position-specific part a digits-world prediction draws."""
import numpy as np
import pytest

from common.digits import LAST_POSITION, MAX_SPEED, digit_indices, sample_pairs
from common.digits_oracle import conditional_mean, mixture_of_futures, next_position_posterior
from common.digits_readout import (
    MID_HIGH,
    MID_LOW,
    blob,
    counted_posterior,
    is_mid_frame,
    mid_frame_velocities,
    position_specific_share,
)


def mid_frame_pairs(n=200, seed=3):
    pairs = sample_pairs(n, np.random.default_rng(seed))
    return pairs.digit, pairs.sx, pairs.sy


def test_mid_frame_is_where_no_wall_is_reachable_in_one_step():
    assert (MID_LOW, MID_HIGH) == (MAX_SPEED, LAST_POSITION - MAX_SPEED)
    assert is_mid_frame(MID_LOW, MID_HIGH) and not is_mid_frame(MID_LOW - 1, 20) and not is_mid_frame(20, MID_HIGH + 1)


def test_mid_frame_velocities_are_a_symmetric_distribution():
    p = mid_frame_velocities()
    assert p.sum() == pytest.approx(1) and (p > 0).all()
    np.testing.assert_allclose(p, p[::-1, ::-1], atol=1e-12)   # the world is symmetric under reflection


def test_oracle_scores_one_blob_zero_and_their_average_one_half():
    digit, sx, sy = mid_frame_pairs()
    mid = is_mid_frame(sx, sy)
    oracle = conditional_mean(digit, sx, sy)
    base = np.zeros_like(oracle)
    base[mid] = blob(digit[mid], sx[mid], sy[mid])
    assert position_specific_share(oracle, digit, sx, sy) == pytest.approx(1, abs=1e-6)
    assert position_specific_share(base, digit, sx, sy) == pytest.approx(0, abs=1e-6)
    assert position_specific_share((oracle + base) / 2, digit, sx, sy) == pytest.approx(0.5, abs=1e-6)
    assert position_specific_share(oracle + 0.3 * (oracle - base), digit, sx, sy) == pytest.approx(1.3, abs=1e-5)


def test_only_mid_frame_pairs_count():
    digit, sx, sy = mid_frame_pairs()
    oracle = conditional_mean(digit, sx, sy)
    noise = np.where(is_mid_frame(sx, sy)[:, None, None], oracle, 5.0)   # anything off mid-frame is ignored
    assert position_specific_share(noise, digit, sx, sy) == pytest.approx(1, abs=1e-6)
    with pytest.raises(ValueError, match="mid-frame"):
        position_specific_share(oracle[:1], digit[:1], np.array([0]), np.array([20]))


def test_blob_differs_from_the_oracle_by_a_small_position_specific_part():
    digit, sx, sy = mid_frame_pairs()
    mid = is_mid_frame(sx, sy)
    oracle, base = conditional_mean(digit[mid], sx[mid], sy[mid]), blob(digit[mid], sx[mid], sy[mid])
    np.testing.assert_allclose(base.sum(axis=(1, 2)), oracle.sum(axis=(1, 2)), rtol=1e-5)   # same mass
    assert 0 < ((oracle - base) ** 2).mean() < 0.1 * (oracle ** 2).mean()


def test_counting_many_pairs_recovers_the_exact_next_position_posterior_and_few_pairs_do_not():
    exact = next_position_posterior()
    many = counted_posterior(10**9, np.random.default_rng(0))
    few = counted_posterior(10**5, np.random.default_rng(0))
    assert np.allclose(many.sum(axis=(2, 3)), 1) and np.allclose(few.sum(axis=(2, 3)), 1)
    assert np.abs(many - exact).max() < 0.01 < np.abs(few - exact).max()
    # counts are of offsets, not velocities: at the left wall no pair moves left
    assert many[0, :, :MAX_SPEED].sum() == 0


def test_what_counting_draws_is_unbiased_so_its_share_is_near_one():
    rng = np.random.default_rng(1)
    sx, sy = rng.integers(MID_LOW, MID_HIGH + 1, (2, 300))
    digits = rng.choice(digit_indices(held_out=True), 300)
    counted = mixture_of_futures(digits, sx, sy, counted_posterior(2_000_000, rng)[sx, sy])
    assert abs(position_specific_share(counted, digits, sx, sy) - 1) < 0.1
