"""Read a digits-world prediction back as a distribution over where the digit goes next.

A one-frame MSE model should output E[y | x] = sum_o P(o | x) * (the digit moved by o). `implied_posterior`
inverts that: it fits a prediction as a non-negative least-squares combination of the rendered futures at
the distinct next positions (scipy.optimize.nnls; scipy is installed with scikit-learn), and the weights,
normalised, are the model's implied P(next offset | x). From any such distribution over offsets
(the model's or the exact `next_position_posterior`): `p_moves_right`, the share moving right, and
`offset_spread`, the standard deviation of the next position per axis.

Every distribution here is over offsets (ox, oy) indexed [ox + 4, oy + 4], as `next_position_posterior`.
Mid-frame an offset is the velocity; at a wall, velocities that cross it pile up on offset 0.
"""
import numpy as np
from scipy.optimize import nnls

from common.digits import LAST_POSITION, MAX_SPEED, N_VELOCITIES, SPRITE_SIZE, digit_sprites
from common.digits_oracle import next_position_posterior

OFFSETS = np.arange(-MAX_SPEED, MAX_SPEED + 1)


def wall_distance(sx, sy):
    """Pixels from the top-left corner (sx, sy) to the nearest wall position (0 or 47 on either axis)."""
    sx, sy = np.asarray(sx), np.asarray(sy)
    return np.minimum.reduce([sx, sy, LAST_POSITION - sx, LAST_POSITION - sy])


def _reachable(s):
    """The distinct offsets from position s: the clamp of s + velocity, minus s (sorted)."""
    return np.unique(np.clip(s + OFFSETS, 0, LAST_POSITION) - s)


def fit_futures(prediction, sprite, sx, sy):
    """One prediction (64, 64) as a non-negative mix of `sprite` (16, 16) moved to each next position.

    Returns (weights (9, 9) over offsets, unnormalised; residual: ||prediction - fit||^2 / ||prediction||^2).
    The fit uses only the window the futures cover; what the prediction puts outside it stays in the residual.
    """
    ox, oy = _reachable(sx), _reachable(sy)
    row, col = sy + oy[0], sx + ox[0]                                   # the window's top-left corner
    height, width = SPRITE_SIZE + oy[-1] - oy[0], SPRITE_SIZE + ox[-1] - ox[0]
    basis = np.zeros((height, width, len(ox), len(oy)))
    for i, a in enumerate(ox):
        for j, b in enumerate(oy):
            basis[b - oy[0]:b - oy[0] + SPRITE_SIZE, a - ox[0]:a - ox[0] + SPRITE_SIZE, i, j] = sprite
    target = np.asarray(prediction, dtype=np.float64)
    w, window_residual = nnls(basis.reshape(height * width, -1), target[row:row + height, col:col + width].ravel(),
                              maxiter=50 * basis[0, 0].size)
    weights = np.zeros((N_VELOCITIES, N_VELOCITIES))
    weights[np.ix_(ox + MAX_SPEED, oy + MAX_SPEED)] = w.reshape(len(ox), len(oy))
    outside = (target ** 2).sum() - (target[row:row + height, col:col + width] ** 2).sum()
    energy = (target ** 2).sum()
    return weights, float((window_residual ** 2 + outside) / energy) if energy > 0 else 0.0


def implied_posterior(predictions, images, sx, sy):
    """The model's implied P(next offset | x) for each prediction: (n, 9, 9) normalised weights of
    `fit_futures`, their total before normalising (n,) (1 for an exact mixture) and the residual share (n,).

    `images` are digit indices (n,) or sprites (n, 16, 16), as `conditional_mean` takes them."""
    images = np.asarray(images)
    sprites = digit_sprites()[images] if images.ndim == 1 else images
    fits = [fit_futures(p, s, x, y) for p, s, x, y in zip(predictions, sprites, np.asarray(sx), np.asarray(sy))]
    weights = np.stack([w for w, _ in fits])
    total = weights.sum(axis=(1, 2))
    normalised = weights / np.where(total > 0, total, 1)[:, None, None]
    return normalised, total, np.array([r for _, r in fits])


def exact_posterior(sx, sy):
    """The exact P(next offset | x) at each (sx, sy): (n, 9, 9)."""
    return np.asarray(next_position_posterior()[np.asarray(sx), np.asarray(sy)])


def p_moves_right(q):
    """P(ox > 0) of distributions over offsets (..., 9, 9): mid-frame this is P(dx > 0 | x)."""
    return q[..., MAX_SPEED + 1:, :].sum(axis=(-2, -1))


def offset_spread(q):
    """Standard deviation (pixels) of the next position under q (..., 9, 9), per axis: (..., 2) for (x, y)."""
    px, py = q.sum(axis=-1), q.sum(axis=-2)
    var = [(p * OFFSETS ** 2).sum(-1) - (p * OFFSETS).sum(-1) ** 2 for p in (px, py)]
    return np.sqrt(np.maximum(np.stack(var, axis=-1), 0))


def across_wall(spread, sx, sy):
    """Of per-axis values (n, 2), the one on the axis of the nearest wall (x where a side wall is nearer or as near)."""
    sx, sy = np.asarray(sx), np.asarray(sy)
    x_nearer = np.minimum(sx, LAST_POSITION - sx) <= np.minimum(sy, LAST_POSITION - sy)
    return np.where(x_nearer, spread[:, 0], spread[:, 1])
