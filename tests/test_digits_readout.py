"""common/digits_readout.py: the share of E[y|x]'s position-specific part a digits-world prediction draws."""
import numpy as np
import pytest

from common.digits import LAST_POSITION, MAX_SPEED, sample_pairs
from common.digits_oracle import conditional_mean
from common.digits_readout import MID_HIGH, MID_LOW, blob, is_mid_frame, mid_frame_velocities, position_specific_share


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
