"""The exact oracle: E[y | x] for this world, and the floors every model is measured against.

Why it is exact. A frame shows the ball at column x and hides its direction, so the next frame
is the right-moving outcome (ball at x + SPEED) or the left-moving one (x - SPEED). The MSE-optimal
prediction is their average weighted by P(right | x), the share of training pairs at x whose next
step went right. That probability is *derived*, not estimated: every threshold of the world (the
start interval [9, 55), the bounce conditions x < 14 and x >= 50) is an integer and every move is
SPEED = 6 pixels, so the density of (position, velocity) over a whole episode stays constant on each
unit cell [n, n + 1). Pushing the mass of those 2 x 64 cells through the 23 steps of an episode
(`_direction_mass`) gives P(right | x) with no sampling error. The frame pins x down to an interval
that never straddles an integer (the ball's widest row gains or loses a pixel at every integer x),
so E[y | frame] = E[y | x]: `conditional_mean` is the best any model shown one frame can do.

The same holds in every `World`: the biased launch probability q(x0) is constant on each unit cell,
so it only changes how the start mass is split between the two directions.
"""
from functools import cache

import numpy as np

from common.world import ARTICLE, BALL_RADIUS, FRAME_SIZE, SPEED, START_HIGH, START_LOW, futures

_CELLS = np.arange(FRAME_SIZE)


@cache
def _direction_mass(world):
    """Probability mass of training pairs per unit cell, split by the direction of their next step.

    Returns (right, left), each of shape (FRAME_SIZE,): right[n] is the probability that a pair
    drawn uniformly from all pairs of all episodes has its ball in [n, n + 1) and moves right next.
    """
    start = ((_CELLS >= START_LOW) & (_CELLS < START_HIGH)) / (START_HIGH - START_LOW)
    q = world.q_right(_CELLS)
    incoming = {+1: start * q, -1: start * (1 - q)}    # mass by the velocity the ball arrives with
    hits_left = _CELLS - SPEED - BALL_RADIUS < 0        # the article's bounce tests, per cell
    hits_right = _CELLS + SPEED + BALL_RADIUS >= FRAME_SIZE
    goes_right = {+1: ~hits_right, -1: hits_left}       # direction of the next step, per cell
    right, left = np.zeros(FRAME_SIZE), np.zeros(FRAME_SIZE)
    for _ in range(world.episode_length - 1):
        moving = {+1: np.zeros(FRAME_SIZE), -1: np.zeros(FRAME_SIZE)}
        for v, mass in incoming.items():
            r = np.where(goes_right[v], mass, 0.0)
            right += r
            left += mass - r
            moving[+1] += r
            moving[-1] += mass - r
        incoming = {+1: np.roll(moving[+1], SPEED), -1: np.roll(moving[-1], -SPEED)}
    n_pairs = world.episode_length - 1
    return right / n_pairs, left / n_pairs


def p_right(x, world=ARTICLE):
    """P(the next step goes right | ball at column x) under the world's training distribution.

    1 near the left wall and 0 near the right wall, where the bounce fixes the direction;
    NaN where the training data never puts the ball.
    """
    right, left = _direction_mass(world)
    cell = np.clip(np.floor(np.asarray(x, dtype=np.float64)).astype(int), 0, FRAME_SIZE - 1)
    total = (right + left)[cell]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, right[cell] / total, np.nan)


def both_directions(x, world=ARTICLE):
    """True where training pairs at column x go both ways (0 < P(right | x) < 1); False where the bounce decides."""
    p = p_right(x, world)
    return (p > 0) & (p < 1)


def position_density(world=ARTICLE):
    """Probability that a training pair's ball lies in each unit cell [n, n + 1), shape (FRAME_SIZE,)."""
    right, left = _direction_mass(world)
    return right + left


def conditional_mean(x, world=ARTICLE):
    """E[y | x]: the MSE-optimal next frame for balls at columns x, shape (*x.shape, 64, 64)."""
    x = np.asarray(x, dtype=np.float64)
    p = p_right(x, world)
    if np.isnan(p).any():
        raise ValueError("conditional_mean: the training data never puts the ball at some of these x")
    p = p.astype(np.float32)[..., None, None]
    # At the walls p is exactly 0 or 1, so the impossible outcome gets no weight.
    right, left = futures(x)
    return p * right + (1 - p) * left


def mse(a, b):
    """Mean squared error per pixel, as a float."""
    return float(np.mean((np.asarray(a, dtype=np.float64) - b) ** 2))


def bayes_floor(col_t, frames_next, world=ARTICLE):
    """MSE of the exact E[y | x] on these pairs: no model shown one frame can go below it."""
    return mse(conditional_mean(col_t, world), frames_next)


def zeros_mse(frames_next):
    """MSE of predicting an empty frame: a yardstick, not a floor (the article calls it "the all-zeros floor";
    any model that learns anything goes below it). Stored under the JSON key "zeros_floor"."""
    return mse(0.0, frames_next)


def copy_mse(frames_t, frames_next):
    """MSE of predicting that nothing moves (the next frame is the input): a yardstick, not a floor. Stored
    under the JSON key "copy_floor"."""
    return mse(frames_t, frames_next)


def floors(col_t, frames_t, frames_next, world=ARTICLE):
    """The three reference MSEs of a set of pairs, as a dict: the Bayes floor and the two yardsticks (keys
    "zeros_floor" and "copy_floor", the names the committed results use)."""
    return {"bayes_floor": bayes_floor(col_t, frames_next, world),
            "zeros_floor": zeros_mse(frames_next),
            "copy_floor": copy_mse(frames_t, frames_next)}
