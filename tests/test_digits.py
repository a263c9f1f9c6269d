"""common/digits.py: the Stochastic Moving Digits world."""
import numpy as np

from common.digits import (
    EPISODE_LENGTH,
    HELD_OUT_EVERY,
    LAST_POSITION,
    SPRITE_SIZE,
    digit_indices,
    digit_sprites,
    render_frames,
    sample_pairs,
    simulate_episode,
    simulate_states,
)


def test_vectorised_sampler_equals_the_loop_for_the_same_seed():
    n, digits = 30, np.arange(30) * 7
    rng = np.random.default_rng(5)
    loop = np.stack([simulate_episode(rng, d) for d in digits])
    sx, sy, _, _ = simulate_states(n, np.random.default_rng(5))
    fast = render_frames(np.repeat(digits, EPISODE_LENGTH), sx.ravel(), sy.ravel())
    np.testing.assert_array_equal(fast.reshape(loop.shape), loop)
    assert sx.min() >= 0 and sx.max() <= LAST_POSITION and sy.min() >= 0 and sy.max() <= LAST_POSITION


def test_a_frame_determines_the_digit_and_its_position():
    """The sprites cropped to their lit pixels are all distinct, so a frame's lit pixels name the digit and,
    through where they lie, (sx, sy), blank border rows and columns included."""
    crops = set()
    for sprite in digit_sprites():
        rows, cols = np.nonzero(sprite)
        crop = sprite[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
        crops.add((crop.shape, crop.tobytes()))
    assert len(crops) == len(digit_sprites())


def test_held_out_digits_are_exactly_the_indices_divisible_by_5():
    held_out, train = digit_indices(held_out=True), digit_indices()
    np.testing.assert_array_equal(held_out, np.arange(0, 1797, HELD_OUT_EVERY))
    assert len(train) + len(held_out) == 1797 and not set(train) & set(held_out)
    assert np.all(sample_pairs(500, np.random.default_rng(0), held_out=True).digit % 5 == 0)
    assert np.all(sample_pairs(500, np.random.default_rng(0)).digit % 5 != 0)
    assert digit_sprites().shape == (1797, SPRITE_SIZE, SPRITE_SIZE) and digit_sprites().max() == 1.0