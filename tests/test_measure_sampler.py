"""The sampler's faithfulness read-out on fake samplers whose proportions are known by construction."""
import numpy as np
import pytest

from common.oracle import p_right
from common.world import BIASED
from part1_pixel.sampling.measure_sampler import columns, share_table

PER_COLUMN = 100   # 4 columns a cell: 400 samples a cell


def chi_square_band(dof, z=2.576):
    """The central 99% band of a chi-square with `dof` degrees of freedom (Wilson-Hilferty approximation)."""
    return tuple(dof * (1 - 2 / (9 * dof) + s * z * np.sqrt(2 / (9 * dof))) ** 3 for s in (-1, 1))


def fake_sampler(lean, seed=0):
    """Columns of the biased world's ambiguous cells and the sides of samples that go right with probability
    P(right | x) + lean, every sample valid."""
    x = np.repeat(columns(BIASED, False, ambiguous_only=True), PER_COLUMN)
    rng = np.random.default_rng(seed)
    side = np.where(rng.random(len(x)) < p_right(x, BIASED) + lean, 1, -1).astype(np.int8)
    return x, side, np.ones(len(x), bool)


def test_an_exact_sampler_is_inside_its_chi_square_band_and_a_5_point_lean_is_not():
    x, side, valid = fake_sampler(0.0)
    exact = share_table(x, side, valid, BIASED, seed=0)
    low, high = chi_square_band(len(exact["cells"]))
    assert len(exact["cells"]) == 36 and low < exact["chi_square"] < high
    assert exact["chi_square_p_value"] > 0.01
    leaning = share_table(*fake_sampler(0.05), BIASED, seed=0)
    assert leaning["chi_square"] > high and leaning["chi_square_p_value"] < 0.01


def test_shares_count_valid_samples_only_and_ties_go_neither_way():
    x, side, valid = fake_sampler(0.0)
    clean = share_table(x, side, valid, BIASED, seed=0)
    cells = np.unique(np.floor(x))
    extra_x = np.repeat(cells + 0.5, 30)
    extra_side = np.tile(np.r_[np.zeros(10), np.ones(20)], len(cells)).astype(np.int8)   # 10 ties, 20 right
    extra_valid = np.tile(np.r_[np.ones(10), np.zeros(20)], len(cells)).astype(bool)     # the 20 are invalid
    mixed = share_table(np.r_[x, extra_x], np.r_[side, extra_side], np.r_[valid, extra_valid], BIASED, seed=0)
    # ties (valid or not) and invalid samples leave the shares as they were, and are counted apart
    np.testing.assert_allclose(mixed["sample_right"], clean["sample_right"])
    assert mixed["ties"] == 10 * len(cells) and mixed["invalid"] == 20 * len(cells)
    assert mixed["counted_per_cell"] == clean["counted_per_cell"]
    assert np.all(np.array(mixed["sample_right_every_sample_ties_right"]) > np.array(clean["sample_right"]))


def test_the_shares_are_read_per_cell_against_the_oracle():
    x, side, valid = fake_sampler(0.0)
    table = share_table(x, side, valid, BIASED, seed=0)
    np.testing.assert_allclose(table["p_right"], p_right(np.array(table["cells"]) + 0.5, BIASED))
    assert max(abs(np.array(table["sample_right"]) - table["p_right"])) == pytest.approx(table["max_gap"])
    assert table["max_gap"] < 4 * 0.5 / np.sqrt(4 * PER_COLUMN)


def test_the_exact_sampler_reference_draws_each_cell_with_its_own_count():
    """One sample in one cell, 10,000 in the other, both at P = 1/2. The single sample is never within 3 points
    and always adds exactly 1 to the chi-square; the large cell is within 3 points (6 s.d.) and adds a chi-square
    with one degree of freedom, which exceeds 3.841 with probability 0.05."""
    from part1_pixel.sampling.measure_sampler import exact_sampler
    within, p_value = exact_sampler(np.array([1, 10000]), np.array([0.5, 0.5]), 1 + 3.841, seed=0)
    assert within == pytest.approx(0.5, abs=1e-3) and p_value == pytest.approx(0.05, abs=0.006)
