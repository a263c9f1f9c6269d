import numpy as np
import pytest

from common.oracle import p_right, position_density
from common.world import (
    ARTICLE,
    BALL_RADIUS,
    BALL_ROW,
    BIASED,
    EPISODE_LENGTH,
    FRAME_SIZE,
    SPEED,
    START_HIGH,
    START_LOW,
    futures,
    render_frame,
    render_frames,
    sample_positions,
    simulate_episode,
    simulate_positions,
    step,
)
from tests.conftest import sample_pairs


def ball_columns(frames):
    """Centre of mass of the lit pixels along the columns, per frame."""
    cols = np.arange(FRAME_SIZE)
    return (frames.sum(axis=-2) * cols).sum(axis=-1) / frames.sum(axis=(-1, -2))


def test_render_frame_is_a_disc_of_about_200_pixels():
    frame = render_frame(31.7, BALL_ROW)
    assert frame.dtype == np.float32 and frame.shape == (FRAME_SIZE, FRAME_SIZE)
    assert set(np.unique(frame)) == {0.0, 1.0}
    assert abs(frame.sum() - np.pi * BALL_RADIUS ** 2) < 10
    rows, cols = np.nonzero(frame)
    assert np.all((cols - 31.7) ** 2 + (rows - BALL_ROW) ** 2 <= BALL_RADIUS ** 2)
    assert rows.min() >= BALL_ROW - BALL_RADIUS and rows.max() <= BALL_ROW + BALL_RADIUS


def test_render_frames_matches_render_frame():
    xs = np.array([[8.0, 20.25], [33.5, 55.9]])
    frames = render_frames(xs)
    assert frames.shape == (2, 2, FRAME_SIZE, FRAME_SIZE)
    for idx in np.ndindex(xs.shape):
        np.testing.assert_array_equal(frames[idx], render_frame(xs[idx]))


def test_vectorised_positions_equal_the_article_loop_for_the_same_seed():
    n = 40
    rng = np.random.default_rng(7)
    loop = np.stack([simulate_episode(EPISODE_LENGTH, rng) for _ in range(n)])
    fast = render_frames(simulate_positions(n, EPISODE_LENGTH, np.random.default_rng(7)))
    np.testing.assert_array_equal(fast, loop)


def test_ball_never_leaves_frame():
    xs = simulate_positions(5000, 100, np.random.default_rng(0))
    assert xs.min() - BALL_RADIUS >= 0 and xs.max() + BALL_RADIUS < FRAME_SIZE
    # No pixel of the disc is cut off: the frame holds as many lit pixels as an unbounded canvas would.
    sample = xs[:20].ravel()
    frames = render_frames(sample)
    cols, rows = np.arange(-FRAME_SIZE, 2 * FRAME_SIZE), np.arange(FRAME_SIZE)[:, None]
    unbounded = [((cols - x) ** 2 + (rows - BALL_ROW) ** 2 <= BALL_RADIUS ** 2).sum() for x in sample]
    np.testing.assert_array_equal(frames.sum(axis=(-1, -2)), unbounded)


def test_ball_moves_speed_pixels_every_frame():
    xs = simulate_positions(2000, EPISODE_LENGTH, np.random.default_rng(1))
    np.testing.assert_allclose(np.abs(np.diff(xs, axis=1)), SPEED)


def test_bounce_reverses_direction_and_stays_inside():
    xs = simulate_positions(2000, 60, np.random.default_rng(2))
    v = np.diff(xs, axis=1)
    flips = np.sign(v[:, 1:]) != np.sign(v[:, :-1])
    at_flip = xs[:, 1:-1][flips]
    assert flips.any()
    # A flip happens only where the next step in the old direction would cross a wall.
    assert np.all((at_flip < BALL_RADIUS + SPEED) | (at_flip >= FRAME_SIZE - BALL_RADIUS - SPEED))


def test_episodes_start_uniformly_inside_the_walls():
    xs = simulate_positions(20000, 2, np.random.default_rng(3))[:, 0]
    assert xs.min() >= START_LOW and xs.max() < START_HIGH
    counts, _ = np.histogram(xs, bins=4, range=(START_LOW, START_HIGH))
    assert counts.min() > 0.9 * counts.mean()


def test_mid_frame_position_appears_going_both_ways():
    """Bimodality: the same input frame is followed by a left move in some pairs and a right move in others."""
    x_t, x_next, _, _ = sample_pairs(20000, np.random.default_rng(4))
    mid = np.abs(x_t - FRAME_SIZE / 2) < 2
    right = (x_next > x_t)[mid]
    assert 0.4 < right.mean() < 0.6
    # And one exact frame (the ball within the same pixel interval) is seen going both ways.
    frames_of = {}
    for x, xn in zip(x_t[mid], x_next[mid]):
        frames_of.setdefault(render_frame(x).tobytes(), set()).add(xn > x)
    assert any(len(d) == 2 for d in frames_of.values())


def test_sample_pairs_are_consistent():
    x_t, x_next, f_t, f_next = sample_pairs(64, np.random.default_rng(5))
    assert f_t.shape == f_next.shape == (64, FRAME_SIZE, FRAME_SIZE)
    np.testing.assert_allclose(np.abs(x_next - x_t), SPEED)
    np.testing.assert_allclose(ball_columns(f_t), x_t, atol=0.5)


@pytest.mark.parametrize("seed", [0, 1])
def test_same_seed_same_pairs(seed):
    a = sample_pairs(32, np.random.default_rng(seed))
    b = sample_pairs(32, np.random.default_rng(seed))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


def test_futures_are_the_ball_six_pixels_either_way():
    right, left = futures(np.array([30.2]))
    np.testing.assert_allclose(ball_columns(right), [36.2], atol=0.5)
    np.testing.assert_allclose(ball_columns(left), [24.2], atol=0.5)


def test_biased_world_launches_toward_the_open_side():
    """q(x0) = (54.5 - floor(x0)) / 46: counted launches in a few cells match it."""
    xs = simulate_positions(40000, 2, np.random.default_rng(8), BIASED)
    x0, went_right = xs[:, 0], xs[:, 1] > xs[:, 0]
    for cell in (20, 32, 44):
        here = np.floor(x0) == cell
        assert abs(went_right[here].mean() - (54.5 - cell) / 46) < 0.05


def test_biased_launch_probability_is_the_ramp_at_each_cells_centre():
    """q(x0) = (54.5 - floor(x0)) / 46: the centre of x0's cell, counted from the start interval's right end;
    the article's launch is a fair coin."""
    x0 = np.array([9.0, 9.99, 32.2, 32.9, 54.5])
    np.testing.assert_allclose(BIASED.q_right(x0), np.array([45.5, 45.5, 22.5, 22.5, 0.5]) / 46)
    np.testing.assert_array_equal(ARTICLE.q_right(x0), 0.5)


def test_a_step_bounces_where_the_disc_would_reach_past_a_wall():
    """The disc spans x - 8 .. x + 8: at x = 8 it touches column 0 and stays; at x = 56 it would reach column 64,
    one past the frame, so the ball turns at 50 and at 13.9."""
    x, v = step(np.array([50.0, 14.0, 13.9, 49.9]), np.array([6.0, -6.0, -6.0, 6.0]))
    np.testing.assert_allclose(x, [44.0, 8.0, 19.9, 55.9])
    np.testing.assert_array_equal(v, [-6.0, -6.0, 6.0, 6.0])


def test_biased_world_loop_and_vectorised_simulation_agree():
    rng = np.random.default_rng(9)
    loop = np.stack([simulate_episode(2, rng, BIASED) for _ in range(50)])
    fast = render_frames(simulate_positions(50, 2, np.random.default_rng(9), BIASED))
    np.testing.assert_array_equal(fast, loop)


def test_biased_world_has_one_pair_per_episode():
    cols = sample_positions(100, np.random.default_rng(10), BIASED)
    assert cols.shape == (100, 2)
    with pytest.raises(ValueError):
        sample_positions(10, np.random.default_rng(10), BIASED, history=1)   # no frame before the launch


def chi_square_quantile(dof, z=3.09):
    """Wilson-Hilferty approximation of the chi-square quantile at standard normal z (3.09: 99.9%)."""
    return dof * (1 - 2 / (9 * dof) + z * np.sqrt(2 / (9 * dof))) ** 3


@pytest.mark.parametrize("world,n", [(ARTICLE, 300_000), (BIASED, 300_000)])
def test_sampled_pairs_go_right_per_cell_as_the_oracle_says(world, n):
    """Every training and held-out pair comes from sample_positions: per unit cell, the share of its pairs
    going right matches the oracle's P(right | x), and the share of pairs in the cell its density (Pearson
    chi-square against the 99.9% quantile). Dropping each episode's last pair moves P(right) by up to 0.02 a cell."""
    x_t, x_next = sample_positions(n, np.random.default_rng(13), world).T
    cells = np.floor(x_t).astype(int)
    counts = np.bincount(cells, minlength=FRAME_SIZE)
    rights = np.bincount(cells, weights=x_next > x_t, minlength=FRAME_SIZE)
    p = p_right(np.arange(FRAME_SIZE) + 0.5, world)
    seen = counts > 0
    assert np.array_equal(seen, position_density(world) > 0)
    forced = seen & ((p == 0) | (p == 1))
    assert np.array_equal(rights[forced], counts[forced] * p[forced])   # where the bounce decides: every pair
    both = seen & ~forced
    direction = np.sum((rights[both] - counts[both] * p[both]) ** 2 / (counts[both] * p[both] * (1 - p[both])))
    assert direction < chi_square_quantile(both.sum())
    expected = n * position_density(world)[seen]
    assert np.sum((counts[seen] - expected) ** 2 / expected) < chi_square_quantile(seen.sum() - 1)
