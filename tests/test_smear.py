import numpy as np
import pytest

from common.models import PixelPredictor
from common.oracle import conditional_mean, p_right
from common.smear import (
    POSITIONS,
    blur_numbers,
    ghost_weights,
    nearest_future,
    one_ball,
    right_share,
    share_error,
    share_vs_data,
    smear,
    smear_summary,
)
from common.world import BIASED, SPEED, render_frames


def test_a_hand_made_mix_is_read_back():
    x = np.array([20.3, 31.0, 44.6])
    right, left = render_frames(x + SPEED), render_frames(x - SPEED)
    a, b = np.array([0.3, 0.5, 0.9]), np.array([0.6, 0.5, 0.1])
    got_a, got_b = ghost_weights(a[:, None, None] * right + b[:, None, None] * left, x)
    np.testing.assert_allclose(got_a, a, atol=1e-9)
    np.testing.assert_allclose(got_b, b, atol=1e-9)
    np.testing.assert_allclose(right_share(0.7 * right + 0.3 * left, x), 0.7, atol=1e-9)


def test_a_mix_is_read_back_where_a_wall_cuts_one_future():
    """Near a wall one future's disc is cut by the frame's edge (fewer lit pixels than the other's), so the
    least-squares weights must use each future's own norm."""
    x = np.array([10.5, 53.2])
    right, left = render_frames(x + SPEED), render_frames(x - SPEED)
    assert right[1].sum() < left[1].sum() and left[0].sum() < right[0].sum()
    got_a, got_b = ghost_weights(0.2 * right + 0.7 * left, x)
    np.testing.assert_allclose(got_a, 0.2, atol=1e-9)
    np.testing.assert_allclose(got_b, 0.7, atol=1e-9)


def test_share_error_removes_the_binomial_part_and_reads_the_slope_of_share_on_p():
    """Cells at P = 0.2, 0.5, 0.8 with 50 samples each and shares 0.1, 0.5, 0.9: mean square gap 0.02 / 3, binomial
    part (0.16 + 0.25 + 0.16) / 50 / 3; the least-squares slope of share on P is 0.8 / 0.6 (P on share: 0.6 / 0.8)."""
    share, p = np.array([0.1, 0.5, 0.9]), np.array([0.2, 0.5, 0.8])
    rms, slope = share_error(share, p, np.full(3, 50))
    assert rms == pytest.approx(np.sqrt((0.02 - 0.57 / 50) / 3))
    assert slope == pytest.approx(4 / 3)
    assert share_error(share, p)[0] == pytest.approx(np.sqrt(0.02 / 3))
    assert share_error(np.array([0.3, 0.5, 0.9]), np.full(3, 0.4))[1] is None   # one value of P: no slope


def test_smear_sees_one_sharp_ball_as_none_and_two_equal_ghosts_as_half():
    x = np.array([20.3, 40.7])
    assert np.all(smear(render_frames(x + SPEED), x) < 1e-9)
    assert np.all(np.abs(smear(0.5 * render_frames(x + SPEED) + 0.5 * render_frames(x - SPEED), x) - 0.5) < 1e-9)


def test_oracle_smear_is_about_half_mid_frame_and_zero_at_the_walls():
    summary = smear_summary(POSITIONS, smear(conditional_mean(POSITIONS), POSITIONS))
    assert summary["walls"] == 0.0 and summary["centre"] > 0.45


def test_share_vs_data_reads_a_known_slope():
    """Shares made as 0.5 + 0.6 (P(right|x) - 0.5) where both directions occur: slope 0.6, r = 1."""
    x = POSITIONS
    p = p_right(x, BIASED)
    shares = np.where((p > 0) & (p < 1), 0.5 + 0.6 * (p - 0.5), p)
    out = share_vs_data(x, shares, BIASED)
    assert out["slope_ambiguous"] == pytest.approx(0.6) and out["corr_ambiguous"] == pytest.approx(1.0)
    assert out["max_abs_diff_ambiguous"] == pytest.approx(0.4 * (0.88 - 0.5), abs=0.002)


def test_nearest_future_picks_the_side_and_calls_a_tie_neither():
    x = np.array([30.5, 17.3, 44.85])
    right, left = render_frames(x + SPEED), render_frames(x - SPEED)
    frames = np.stack([right, left, 0.5 * (right + left), np.zeros_like(right), 0.55 * right + 0.45 * left], axis=1)
    err, side = nearest_future(frames, x)
    assert np.all(err[:, :2] == 0) and np.all(err[:, 2] > 0.01)
    assert side.tolist() == [[1, -1, 0, 0, 1]] * 3   # two equal ghosts and an empty frame go neither way
    assert not one_ball(frames, x)[:, 2:].any()


def test_blur_numbers_of_the_biased_world_skip_columns_it_never_visits():
    numbers = blur_numbers(PixelPredictor(), BIASED, 20.5)
    assert min(numbers["smear"]["x"]) >= 9 and max(numbers["smear"]["x"]) < 55
    assert np.isfinite(numbers["share_vs_data"]["corr_all"])
    assert numbers["panel"]["p_right"] == pytest.approx((54.5 - 20) / 46)


def test_a_cell_with_no_counted_sample_is_left_out_of_the_share_error():
    """A share of 0 from 0 samples is no evidence: the error is read over the counted cells only, and with none
    counted there is none to read (a sampler whose samples are all invalid is not scored as perfect)."""
    from common.smear import share_error
    assert share_error([0.0, 0.9], [0.5, 0.5], [0, 100]) == share_error([0.9], [0.5], [100])
    assert share_error([0.0, 0.0], [0.5, 0.3], [0, 0]) == (None, None)


def test_a_frequency_table_of_n_pairs_misses_p_by_its_binomial_spread():
    """Read exactly (no sampling), the per-cell frequency of N pairs misses p by p(1 - p) / (N d) in mean square (d: the
    cell's share of the pairs), worked out by hand; with the cell split into two frames of half width each, the
    mean of their two frequencies misses by the same. The 95th percentile of the RMS lies above the RMS itself."""
    from common.smear import share_error_percentile
    p, density, pairs = np.linspace(0.1, 0.9, 40), np.linspace(0.01, 0.03, 40), 40000
    expected = np.sqrt(np.mean(p * (1 - p) / (pairs * density)))   # 40 cells: the RMS is near its mean square's root
    for widths in (np.ones((40, 1)), np.full((40, 2), 0.5)):
        median = share_error_percentile(p, None, np.random.default_rng(0), pairs, density, widths, runs=4000, q=50)
        top = share_error_percentile(p, None, np.random.default_rng(0), pairs, density, widths, runs=4000, q=95)
        assert median == pytest.approx(expected, rel=0.05) and top > 1.1 * expected
    perfect = share_error_percentile(p, [10 ** 6] * 40, np.random.default_rng(0), q=95)
    assert perfect < 0.002   # a perfect sampler with a million samples a cell scores almost nothing


def test_a_perfect_samplers_percentile_is_none_where_no_cell_counted_a_sample():
    """No cell counted: no share error to read (share_error's None), so no percentile either, never a 0."""
    from common.smear import share_error_percentile
    assert share_error_percentile([0.5, 0.3], [0, 0], np.random.default_rng(0)) is None
    assert share_error_percentile([0.5, 0.3], [0, 0], np.random.default_rng(0), pairs=1000,
                                  density=[0.02, 0.02], widths=np.full((2, 1), 0.5)) is None


def test_a_frequency_table_of_no_pairs_reads_one_half_in_every_frame():
    """With no pairs every frame is empty and reads 1/2, in every run: the error is exactly the RMS of 1/2 - p,
    sqrt((0.09 + 0 + 0.16) / 3) for p = 0.2, 0.5, 0.9; a million samples a cell drawn from that table read the same
    to within their noise."""
    from common.smear import share_error_percentile
    p, density, widths = np.array([0.2, 0.5, 0.9]), np.full(3, 0.02), np.full((3, 2), 0.5)
    expected = np.sqrt(0.25 / 3)
    read = share_error_percentile(p, None, np.random.default_rng(0), 0, density, widths)
    assert read == pytest.approx(expected, rel=1e-9)
    sampled = share_error_percentile(p, np.full(3, 10 ** 6), np.random.default_rng(0), 0, density, widths)
    assert sampled == pytest.approx(expected, rel=0.01)
