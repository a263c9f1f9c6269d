"""Read-outs of an embedding: collapse, what a linear probe finds in it, and its prediction against the exact floor.

  rankme                 effective rank (Garrido et al. 2023): exp(entropy of the normalised singular values)
  position_probe         least squares z -> ball column: R^2 and error in pixels on held-out frames
  direction_probe        least squares z -> +1 (right) / -1 (left), its sign: accuracy from ONE frame
  oracle_direction_accuracy   the best any one-frame reader can do: E over pairs of max(P(right|x), 1 - P(right|x))
  latent_floor           for an encoder f, E[f(y) | x] = P(right|x) f(frame at x+6) + (1 - P(right|x)) f(frame at x-6);
                         its MSE against f(y) is the lowest error any predictor of f(y) from frame_t can reach
  unpredictable_share    that floor / the total variance of f(y), beside the pixel Bayes floor / Var(y)

Pure numpy on arrays: an encoder enters as a function frames (N, 64, 64) -> embeddings (N, D).
"""
import numpy as np

from common.oracle import p_right, position_density
from common.world import ARTICLE, SPEED, futures

RIDGE = 1e-6             # position probe: ridge on standardised features, relative; only guards against collinear dimensions
DIRECTION_RIDGE = 1e-2   # direction probe: its labels are coin flips mid-frame, and 128 free weights fit that noise


def rankme(z, eps=1e-7):
    """RankMe of embeddings (N, D): exp(-sum p_k log p_k), p_k = sigma_k / sum(sigma) + eps (the paper's form,
    on the embeddings as they are, not centred). 1 for a rank-1 matrix, D for equal singular values."""
    s = np.linalg.svd(np.asarray(z, dtype=np.float64), compute_uv=False)
    p = s / max(s.sum(), 1e-300) + eps
    return float(np.exp(-(p * np.log(p)).sum()))


def eigenvalues(z):
    """Eigenvalues of the embeddings' covariance matrix, largest first: the spectrum the figure draws."""
    z = np.asarray(z, dtype=np.float64)
    return np.sort(np.linalg.eigvalsh(np.cov(z, rowvar=False)))[::-1].clip(min=0)


def per_dim_std(z):
    """Standard deviation of every embedding dimension over the frames, shape (D,)."""
    return np.asarray(z, dtype=np.float64).std(0)


def fit_linear(z, target, ridge=RIDGE):
    """A linear read-out (weights, bias) of `target` from z, by ridge least squares on standardised dimensions."""
    z = np.asarray(z, dtype=np.float64)
    mean, scale = z.mean(0), z.std(0) + 1e-12
    zs = (z - mean) / scale
    w = np.linalg.solve(zs.T @ zs + ridge * len(zs) * np.eye(zs.shape[1]), zs.T @ (target - target.mean()))
    return w / scale, target.mean() - (mean / scale) @ w


def apply_linear(probe, z):
    w, b = probe
    return np.asarray(z, dtype=np.float64) @ w + b


def position_probe(z_fit, col_fit, z_test, col_test):
    """Linear probe of the ball's column, fitted on one set of frames and scored on another."""
    pred = apply_linear(fit_linear(z_fit, col_fit), z_test)
    residual = pred - col_test
    return {"r2": float(1 - np.mean(residual ** 2) / col_test.var()), "rmse_px": float(np.sqrt(np.mean(residual ** 2))),
            "mae_px": float(np.mean(np.abs(residual)))}


def direction_guesses(z_fit, right_fit, z_test):
    """A linear probe's guess of the direction of the next step (True = right) from one frame's embedding."""
    return apply_linear(fit_linear(z_fit, np.where(right_fit, 1.0, -1.0), DIRECTION_RIDGE), z_test) > 0


def direction_probe(z_fit, right_fit, z_test, right_test):
    """Accuracy of that probe's guesses on the test frames."""
    return float(np.mean(direction_guesses(z_fit, right_fit, z_test) == right_test))


def oracle_direction_accuracy(world=ARTICLE, col_t=None, right=None):
    """The best direction accuracy from one frame. With no pairs: exact, E over the pair distribution of
    max(P(right|x), 1 - P(right|x)) (P is constant on every unit cell). With pairs: the accuracy of the
    oracle's guess, right iff P(right|x) > 1/2, on those pairs (the same pairs a probe is scored on)."""
    if col_t is None:
        density = position_density(world)
        p = np.nan_to_num(p_right(np.arange(len(density)) + 0.5, world))
        return float((density * np.maximum(p, 1 - p)).sum() / density.sum())
    return float(np.mean((p_right(col_t, world) > 0.5) == right))


def latent_floor(encode, col_t, z_next, world=ARTICLE, futures_fn=futures):
    """MSE per dimension of E[f(y) | x] against f(y) = z_next, with E[f(y)|x] exact from the oracle.

    encode: frames -> embeddings. futures_fn(col_t) -> (right frames, left frames), or a list of such
    pairs whose embeddings are averaged (the distractor world, where f(future + dots) is averaged over
    dot draws). Returns (floor, E[f(y)|x])."""
    p = p_right(col_t, world)[:, None]
    draws = futures_fn(col_t)
    draws = draws if isinstance(draws, list) else [draws]
    f_right = np.stack([encode(r) for r, _ in draws])      # (K, N, D)
    f_left = np.stack([encode(l) for _, l in draws])
    expected = p * f_right.mean(0) + (1 - p) * f_left.mean(0)
    floor = np.mean((expected - z_next) ** 2)
    k = len(draws)
    if k > 1:   # the average of K draws misses the true mean by Var/K: take that known excess off
        floor -= np.mean(p ** 2 * f_right.var(0, ddof=1) + (1 - p) ** 2 * f_left.var(0, ddof=1)) / k
    return float(floor), expected


def column_code_share(col_t, col_next, world=ARTICLE):
    """The unpredictable share of the simplest code, f(y) = the ball's column in y, on these pairs: its exact
    E[f(y) | x] is x + SPEED (2 P(right | x) - 1), its floor the MSE of that against the next column, over the
    variance of the next column. A yardstick for the encoders' shares: nothing is left out of this code."""
    expected = col_t + SPEED * (2 * p_right(col_t, world) - 1)
    return float(np.mean((np.asarray(col_next) - expected) ** 2) / np.var(col_next))


def total_variance(z):
    """Mean over dimensions of the variance over frames: the error of predicting the mean embedding."""
    return float(np.asarray(z, dtype=np.float64).var(0).mean())


def pixel_share(bayes_floor, frames_next):
    """The pixel space's unpredictable share: Bayes floor / Var(y), Var per pixel averaged over pixels."""
    return float(bayes_floor / np.asarray(frames_next, dtype=np.float64).var(0).mean())
