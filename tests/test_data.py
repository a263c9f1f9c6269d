import re
from pathlib import Path

import numpy as np
import pytest

from common import digits_oracle
from common.data import HELDOUT_SEED, STREAMS, PairSource, heldout_sets, make_heldout, make_inputs, stream_rng
from common.digits import DIGITS, digit_indices, sample_pairs
from common.oracle import conditional_mean
from common.world import BIASED, render_frames, sample_positions


def test_training_and_heldout_streams_never_share_a_pair():
    """Training with the held-out seed itself still draws other pairs: the streams are independent."""
    held = make_heldout(2048)
    train_cols = sample_positions(2048, stream_rng(HELDOUT_SEED, "train"))[:, 0]
    assert not set(held["col_t"].tolist()) & set(train_cols.tolist())
    again = sample_positions(2048, stream_rng(HELDOUT_SEED, "heldout"))[:, 0]
    np.testing.assert_array_equal(again, held["col_t"])   # the held-out set is that stream, nothing else


def test_heldout_carries_inputs_targets_and_the_exact_oracle():
    held = make_heldout(64, world=BIASED)
    assert held["x_t"].shape == (64, 1, 64, 64) and held["x_next"].shape == (64, 64, 64)
    np.testing.assert_array_equal(held["x_t"][:, 0], render_frames(held["col_t"]))
    np.testing.assert_array_equal(held["x_next"], render_frames(held["col_next"]))
    np.testing.assert_array_equal(held["oracle"], conditional_mean(held["col_t"], BIASED))
    assert held["bayes_floor"] < held["copy_floor"] < held["zeros_floor"]


def test_heldout_floors_are_the_mse_of_the_worlds_oracle_of_zeros_and_of_copying():
    held = make_heldout(64, world=BIASED)
    # The biased world's pair is the launch: right with q(x0) = (54.5 - floor(x0)) / 46, unless a wall decides.
    p = np.array([(54.5 - np.floor(x)) / 46 if 14 <= x < 50 else float(x < 14) for x in held["col_t"]])
    right, left = render_frames(held["col_t"] + 6), render_frames(held["col_t"] - 6)
    oracle = p[:, None, None] * right + (1 - p[:, None, None]) * left
    assert held["bayes_floor"] == pytest.approx(np.mean((oracle - held["x_next"]) ** 2), rel=1e-5)
    assert held["zeros_floor"] == pytest.approx(np.mean(held["x_next"] ** 2))
    assert held["copy_floor"] == pytest.approx(np.mean((held["frame_t"] - held["x_next"]) ** 2))

def test_control_inputs_carry_the_direction():
    positions = sample_positions(64, np.random.default_rng(0), history=1)
    two, direction = make_inputs(positions, "two_frames"), make_inputs(positions, "direction")
    assert two.shape == direction.shape == (64, 2, 64, 64)
    np.testing.assert_array_equal(two[:, 0], render_frames(positions[:, 0]))
    np.testing.assert_array_equal(two[:, 1], direction[:, 0])
    went = np.sign(positions[:, 1] - positions[:, 0])
    assert np.all(direction[:, 1] == went[:, None, None])
    with pytest.raises(ValueError):
        make_inputs(positions, "velocity")


def test_fixed_pairs_are_drawn_from_one_set():
    source = PairSource(np.random.default_rng(0), batch_size=64, fixed_pairs=46)
    seen = {f.tobytes() for _ in range(20) for f in source.next()[0]}
    assert len(seen) <= 46


def test_fixed_pairs_are_consecutive_frames_of_one_episode():
    """46 pairs are two whole episodes: every next frame is its input's ball moved 6 px, none of them a
    frame of the other episode."""
    x_t, x_next = PairSource(np.random.default_rng(2), batch_size=300, fixed_pairs=46).next()
    cols = np.arange(64)
    centre = lambda f: (f.sum(-2) * cols).sum(-1) / f.sum((-1, -2))
    np.testing.assert_allclose(np.abs(centre(x_next) - centre(x_t[:, 0])), 6, atol=0.6)


def test_pair_source_batches_are_consistent_pairs():
    x_t, x_next = PairSource(np.random.default_rng(1), batch_size=32, world=BIASED).next()
    assert x_t.shape == (32, 1, 64, 64) and x_next.shape == (32, 64, 64)
    # every next frame is the input's ball moved 6 px: the same number of lit pixels, shifted
    cols = np.arange(64)
    centre = lambda f: (f.sum(-2) * cols).sum(-1) / f.sum((-1, -2))
    np.testing.assert_allclose(np.abs(centre(x_next) - centre(x_t[:, 0])), 6, atol=0.6)


def test_every_stream_has_its_own_id():
    assert len(set(STREAMS.values())) == len(STREAMS)


def test_no_script_draws_numpy_randomness_outside_the_stream_table():
    """Every numpy generator of the code (not of the tests) comes from common.data.stream_rng."""
    root = Path(__file__).resolve().parents[1]
    sources = [p for folder in ("common", "cli", "part1_pixel", "part2_jepa", "bench") for p in (root / folder).rglob("*.py")]
    offenders = [str(p.relative_to(root)) for p in sources
                 if p.name != "data.py" and re.search(r"default_rng\(|np\.random\.(seed|rand|normal|choice)", p.read_text())]
    assert sources and not offenders


def test_digits_heldout_sets_use_their_own_digits_and_carry_the_oracle():
    sets = heldout_sets(64, world=DIGITS)
    held, training = sets["heldout"], sets["heldout_training_digits"]
    assert set(held["digit"].tolist()) <= set(digit_indices(held_out=True).tolist())
    assert set(training["digit"].tolist()) <= set(digit_indices(held_out=False).tolist())
    for data in (held, training):
        assert data["x_t"].shape == (64, 1, 64, 64) and data["x_next"].shape == (64, 64, 64)
        np.testing.assert_array_equal(data["oracle"], digits_oracle.conditional_mean(data["digit"], data["sx"], data["sy"]))
        assert data["bayes_floor"] < data["copy_floor"] < data["zeros_floor"]
    np.testing.assert_array_equal(make_heldout(64, world=DIGITS)["x_next"], held["x_next"])   # make_heldout's pairs


def test_digits_training_batches_are_pairs_of_training_digits():
    source = PairSource(stream_rng(0, "train"), 16, world=DIGITS)
    x_t, x_next = source.next()
    assert x_t.shape == (16, 1, 64, 64) and x_next.shape == (16, 64, 64)
    pairs = sample_pairs(16 * source.chunk_steps, stream_rng(0, "train"))   # the stream's first pairs
    np.testing.assert_array_equal(x_t[:, 0], pairs.frames()[0][:16])
    np.testing.assert_array_equal(x_next, pairs.frames()[1][:16])
    assert not set(pairs.digit.tolist()) & set(digit_indices(held_out=True).tolist())
    fixed = PairSource(stream_rng(0, "train"), 16, world=DIGITS, fixed_pairs=40)
    assert len(fixed.fixed[0]) == 40 and fixed.next()[0].shape == (16, 1, 64, 64)
    with pytest.raises(ValueError, match="two_frames"):
        PairSource(stream_rng(0, "train"), 16, world=DIGITS, inputs="direction")
