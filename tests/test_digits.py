"""common/digits.py (the Stochastic Moving Digits world) and common/digits_oracle.py (its exact oracle)."""
import numpy as np
import pytest

from common.digits import (
    EPISODE_LENGTH,
    HELD_OUT_EVERY,
    LAST_POSITION,
    MAX_SPEED,
    N_POSITIONS,
    SPRITE_SIZE,
    digit_indices,
    digit_sprites,
    episode_pairs,
    paste,
    render_frames,
    sample_pairs,
    sample_two_frame_pairs,
    simulate_episode,
    simulate_states,
)
from common.digits_oracle import (
    conditional_mean,
    exact_floors,
    floors,
    next_position_posterior,
    pair_distribution,
    state_distributions,
    two_frame_bayes_floor,
    two_frame_conditional_mean,
    two_frame_velocity_posterior,
    velocity_posterior,
)
from common.oracle import mse

VELOCITIES = np.arange(-MAX_SPEED, MAX_SPEED + 1)
# Position classes per axis for the chi-square: the wall, the three positions a wall can still be reached
# from in one step without a reset, and the middle; the wall rule acts on the classes at the edges.
CLASS = np.array([0] + [1] * 3 + [2] * (N_POSITIONS - 8) + [3] * 3 + [4])


def chi_square_upper(dof, z=3.29):
    """The 99.95% point of a chi-square with `dof` degrees of freedom (Wilson-Hilferty approximation)."""
    return dof * (1 - 2 / (9 * dof) + z * np.sqrt(2 / (9 * dof))) ** 3


def state_cells(sx, sy, dx, dy):
    """Cell of a state: (x class, y class, dx, dy), 5 x 5 x 9 x 9 cells."""
    return ((CLASS[sx] * 5 + CLASS[sy]) * len(VELOCITIES) + dx + MAX_SPEED) * len(VELOCITIES) + dy + MAX_SPEED


def clamp(s):
    return np.clip(s, 0, LAST_POSITION)


def test_vectorised_sampler_equals_the_loop_for_the_same_seed():
    n, digits = 30, np.arange(30) * 7
    rng = np.random.default_rng(5)
    loop = np.stack([simulate_episode(rng, d) for d in digits])
    sx, sy, _, _ = simulate_states(n, np.random.default_rng(5))
    fast = render_frames(np.repeat(digits, EPISODE_LENGTH), sx.ravel(), sy.ravel())
    np.testing.assert_array_equal(fast.reshape(loop.shape), loop)
    assert sx.min() >= 0 and sx.max() <= LAST_POSITION and sy.min() >= 0 and sy.max() <= LAST_POSITION


def test_pair_distribution_matches_simulated_episodes_chi_square():
    """One pair per episode, counted over (x class, y class, dx, dy) cells (those under 5 expected pairs pooled)."""
    chunks, per_chunk = 6, 50000
    rng = np.random.default_rng(21)
    counts = sum(np.bincount(state_cells(*sample_pairs(per_chunk, rng)[1:5]), minlength=25 * 81)
                 for _ in range(chunks))
    grid = np.meshgrid(np.arange(N_POSITIONS), np.arange(N_POSITIONS), VELOCITIES, VELOCITIES, indexing="ij")
    expected = chunks * per_chunk * np.bincount(state_cells(*grid).ravel(), weights=pair_distribution().ravel(),
                                                minlength=25 * 81)
    kept = expected >= 5                      # the rarer cells are pooled into one
    observed = np.append(counts[kept], counts[~kept].sum())
    expected = np.append(expected[kept], expected[~kept].sum())
    chi_square = ((observed - expected) ** 2 / expected).sum()
    assert chi_square < chi_square_upper(len(observed) - 1), (chi_square, len(observed) - 1)


def test_every_frame_and_the_posteriors_are_distributions():
    np.testing.assert_allclose(state_distributions().sum(axis=(1, 2, 3, 4)), 1.0, rtol=1e-12)
    for posterior in (velocity_posterior(), next_position_posterior()):
        assert posterior.shape == (N_POSITIONS, N_POSITIONS, len(VELOCITIES), len(VELOCITIES))
        assert posterior.min() >= 0
        np.testing.assert_allclose(posterior.sum(axis=(2, 3)), 1.0, rtol=1e-12)


def test_pair_distribution_is_symmetric_under_mirroring_either_axis():
    """Mirroring x (sx -> 47 - sx, dx -> -dx) or y maps the rule onto itself, walls included."""
    p = pair_distribution()
    np.testing.assert_allclose(p[::-1, :, ::-1, :], p, rtol=1e-10)
    np.testing.assert_allclose(p[:, ::-1, :, ::-1], p, rtol=1e-10)


def test_a_frame_determines_the_digit_and_its_position():
    """The sprites cropped to their lit pixels are all distinct, so a frame's lit pixels name the digit and,
    through where they lie, (sx, sy), blank border rows and columns included."""
    crops = set()
    for sprite in digit_sprites():
        rows, cols = np.nonzero(sprite)
        crop = sprite[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
        crops.add((crop.shape, crop.tobytes()))
    assert len(crops) == len(digit_sprites())


def test_conditional_mean_is_the_posterior_weighted_sum_of_rendered_futures():
    """Against the sum over the 81 velocities, each future rendered at the clamp of position + velocity."""
    sx = np.array([0, 0, 47, 1, 20, 46, 47, 3])
    sy = np.array([0, 30, 47, 0, 21, 2, 5, 44])
    digit = np.arange(len(sx)) * 101
    posterior = velocity_posterior()[sx, sy]
    expected = np.zeros((len(sx), 64, 64))
    for i, dx in enumerate(VELOCITIES):
        for j, dy in enumerate(VELOCITIES):
            expected += posterior[:, i, j, None, None] * render_frames(digit, clamp(sx + dx), clamp(sy + dy))
    np.testing.assert_allclose(conditional_mean(digit, sx, sy), expected, atol=1e-6)
    np.testing.assert_array_equal(conditional_mean(digit_sprites()[digit], sx, sy), conditional_mean(digit, sx, sy))


def test_at_a_wall_no_future_moves_past_it():
    """A digit at sx = 0 never goes further left; at the corner (0, 0) it stays put exactly as often as its
    velocity points into both walls; E[y | x] keeps the sprite's total intensity."""
    offsets = next_position_posterior()
    assert np.all(offsets[0, :, :MAX_SPEED, :] == 0) and np.all(offsets[:, LAST_POSITION, :, MAX_SPEED + 1:] == 0)
    stay = velocity_posterior()[0, 0, :MAX_SPEED + 1, :MAX_SPEED + 1].sum()
    assert offsets[0, 0, MAX_SPEED, MAX_SPEED] == pytest.approx(stay) and 0 < stay < 1
    digit = np.array([3, 3])
    first_lit = np.nonzero(digit_sprites()[3].sum(axis=0))[0][0]
    mean = conditional_mean(digit, np.array([0, 10]), np.array([20, 20]))
    assert np.all(mean[0, :, :first_lit] == 0)                   # at the wall: nothing left of the digit
    assert mean[1, :, :10 + first_lit].sum() > 0                 # mid-frame: some futures move left
    np.testing.assert_allclose(mean.sum(axis=(1, 2)), digit_sprites()[3].sum(), rtol=1e-5)


def test_conditional_mean_beats_every_single_rendered_future_on_sampled_pairs():
    """The exact E[y | x] against predicting one future: each fixed velocity, the most probable next
    position, and a next position drawn from the posterior."""
    pairs = sample_pairs(800, np.random.default_rng(8))
    _, frames_next = pairs.frames()
    floor = mse(conditional_mean(pairs.digit, pairs.sx, pairs.sy), frames_next)
    sprites = digit_sprites()[pairs.digit]
    for dx in VELOCITIES:
        for dy in VELOCITIES:
            assert floor < mse(paste(sprites, clamp(pairs.sx + dx), clamp(pairs.sy + dy)), frames_next)
    offsets = next_position_posterior()[pairs.sx, pairs.sy].reshape(len(pairs.sx), -1)
    rng = np.random.default_rng(9)
    drawn = (offsets.cumsum(axis=1) > rng.random((len(offsets), 1))).argmax(axis=1)
    for choice in (offsets.argmax(axis=1), drawn):
        ox, oy = np.divmod(choice, len(VELOCITIES))
        guess = paste(sprites, pairs.sx + ox - MAX_SPEED, pairs.sy + oy - MAX_SPEED)
        assert floor < mse(guess, frames_next)


def test_exact_floors_agree_with_sampled_pairs_and_sit_below_zeros_and_copy():
    exact = exact_floors()
    assert exact["bayes_floor"] < exact["copy_floor"] < exact["zeros_floor"]
    pairs = sample_pairs(4000, np.random.default_rng(10))
    _, frames_next = pairs.frames()
    sampled = floors(pairs)
    per_pair = ((conditional_mean(pairs.digit, pairs.sx, pairs.sy) - frames_next) ** 2).mean(axis=(1, 2))
    assert sampled["bayes_floor"] == pytest.approx(per_pair.mean(), rel=1e-5)
    assert abs(sampled["bayes_floor"] - exact["bayes_floor"]) < 4 * per_pair.std() / np.sqrt(len(per_pair))
    for name in ("zeros_floor", "copy_floor"):
        assert sampled[name] == pytest.approx(exact[name], rel=0.05)
    assert sampled["bayes_floor"] < sampled["copy_floor"] < sampled["zeros_floor"]


def test_held_out_digits_are_exactly_the_indices_divisible_by_5():
    held_out, train = digit_indices(held_out=True), digit_indices()
    np.testing.assert_array_equal(held_out, np.arange(0, 1797, HELD_OUT_EVERY))
    assert len(train) + len(held_out) == 1797 and not set(train) & set(held_out)
    assert np.all(sample_pairs(500, np.random.default_rng(0), held_out=True).digit % 5 == 0)
    assert np.all(sample_pairs(500, np.random.default_rng(0)).digit % 5 != 0)
    assert digit_sprites().shape == (1797, SPRITE_SIZE, SPRITE_SIZE) and digit_sprites().max() == 1.0


def test_conditional_mean_refuses_positions_outside_0_to_47():
    with pytest.raises(ValueError, match="0..47"):
        conditional_mean(np.array([1]), np.array([-1]), np.array([5]))
    with pytest.raises(ValueError, match="0..47"):
        conditional_mean(np.array([1]), np.array([3]), np.array([LAST_POSITION + 1]))


def test_episode_pairs_are_consecutive_frames_of_whole_episodes():
    pairs = episode_pairs(40, np.random.default_rng(2))
    assert len(pairs.digit) == 40
    np.testing.assert_array_equal(pairs.sx[1:19], pairs.next_sx[:18])   # one episode's pairs follow each other
    np.testing.assert_array_equal(pairs.sy[1:19], pairs.next_sy[:18])
    assert len(set(pairs.digit[:19].tolist())) == 1 and not set(pairs.digit.tolist()) & set(digit_indices(True).tolist())


def test_two_frame_velocity_posterior_matches_simulated_pairs_at_the_walls_chi_square():
    """Where frame t sits at a wall a bounce may have redrawn the velocity: counted over (seen step, velocity)
    cells, the simulated velocities follow the sum of the pairs' exact posteriors (cells under 5 pooled)."""
    pairs, before_sx, before_sy = sample_two_frame_pairs(300000, np.random.default_rng(31))
    wall = np.isin(pairs.sx, (0, LAST_POSITION)) | np.isin(pairs.sy, (0, LAST_POSITION))
    bx, by, sx, sy, dx, dy = (a[wall] for a in (before_sx, before_sy, pairs.sx, pairs.sy, pairs.dx, pairs.dy))
    n = len(VELOCITIES)
    step = ((sx - bx + MAX_SPEED) * n + sy - by + MAX_SPEED) * n * n           # the seen step, then the velocity
    counts = np.bincount(step + (dx + MAX_SPEED) * n + dy + MAX_SPEED, minlength=n ** 4)
    posterior = two_frame_velocity_posterior(bx, by, sx, sy).reshape(len(sx), -1)
    expected = np.bincount((step[:, None] + np.arange(n * n)).ravel(), weights=posterior.ravel(), minlength=n ** 4)
    kept = expected >= 5
    observed = np.append(counts[kept], counts[~kept].sum())
    expected = np.append(expected[kept], expected[~kept].sum())
    chi_square = ((observed - expected) ** 2 / expected).sum()
    assert kept.sum() > 100 and chi_square < chi_square_upper(len(observed) - 1), (chi_square, len(observed) - 1)


def test_two_frames_away_from_the_walls_show_the_velocity_and_one_future():
    """Frame t away from the walls: no bounce redrew the velocity, so it is the seen step and E[y | two frames]
    is the digit rendered one more step along."""
    bx, by, sx, sy = np.array([10, 5, 40]), np.array([20, 3, 30]), np.array([13, 1, 44]), np.array([16, 7, 30])
    posterior = two_frame_velocity_posterior(bx, by, sx, sy)
    for k in range(3):
        assert posterior[k, sx[k] - bx[k] + MAX_SPEED, sy[k] - by[k] + MAX_SPEED] == 1
    digit = np.array([4, 50, 700])
    np.testing.assert_allclose(two_frame_conditional_mean(digit, bx, by, sx, sy),
                               render_frames(digit, clamp(2 * sx - bx), clamp(2 * sy - by)), atol=1e-6)


def test_two_frame_floor_is_above_0_and_below_the_one_frame_floor():
    pairs, before_sx, before_sy = sample_two_frame_pairs(2000, np.random.default_rng(32))
    _, frames_next = pairs.frames()
    two = two_frame_bayes_floor(pairs.digit, before_sx, before_sy, pairs.sx, pairs.sy, frames_next)
    assert 0 < two < 0.5 * mse(conditional_mean(pairs.digit, pairs.sx, pairs.sy), frames_next)
    with pytest.raises(ValueError, match="no move"):
        two_frame_velocity_posterior(np.array([10]), np.array([10]), np.array([20]), np.array([10]))
