"""Reading a prediction as a mix of the two possible futures: the numbers behind the smear figures.

A prediction f for a ball at x is fitted, by least squares, as a * right + b * left, where right
and left are the frames of the ball at x + SPEED and x - SPEED. For the exact E[y|x] the fit gives
a = P(right | x) and b = 1 - a. Two numbers follow:
  right_share = a / (a + b)      how the prediction splits its brightness between the two ghosts
  smear       = min(a, b) / (a + b)   the weight of the fainter ghost: 0 for one sharp ball, 0.5 for two equal ghosts
"""
import numpy as np

from common.oracle import p_right
from common.world import BALL_RADIUS, FRAME_SIZE, SPEED, render_frames

# Every column the ball can occupy during training, 0.1 px apart: where the smear is measured.
POSITIONS = np.arange(BALL_RADIUS + 0.05, FRAME_SIZE - BALL_RADIUS, 0.1)


def ghost_weights(pred, x):
    """Least-squares weights (a, b) of pred ~ a * frame(x + SPEED) + b * frame(x - SPEED), per frame."""
    pred = np.asarray(pred, dtype=np.float64).reshape(len(x), -1)
    right = render_frames(np.asarray(x) + SPEED).reshape(len(x), -1).astype(np.float64)
    left = render_frames(np.asarray(x) - SPEED).reshape(len(x), -1).astype(np.float64)
    rr, ll, rl = (right * right).sum(1), (left * left).sum(1), (right * left).sum(1)
    fr, fl = (pred * right).sum(1), (pred * left).sum(1)
    det = rr * ll - rl * rl   # > 0: the two futures are SPEED apart, never the same frame
    return (fr * ll - fl * rl) / det, (fl * rr - fr * rl) / det


def right_share(pred, x):
    """a / (a + b): the share of the prediction's ghost brightness on the right-moving future."""
    a, b = ghost_weights(pred, x)
    return a / (a + b)


def smear(pred, x):
    """min(a, b) / (a + b): the weight of the fainter ghost (0 = one sharp ball, 0.5 = two equal ghosts)."""
    a, b = np.clip(ghost_weights(pred, x), 0, None)
    return np.minimum(a, b) / np.maximum(a + b, 1e-12)


def is_ambiguous(x):
    """True where both directions occur in training (0 < P(right | x) < 1), False where the bounce decides."""
    p = p_right(x)
    return (p > 0) & (p < 1)


def smear_summary(x, smear_values, centre_halfwidth=4.0):
    """Mean smear mid-frame (|x - 32| <= centre_halfwidth), over the whole ambiguous zone, and where the bounce decides."""
    x, s = np.asarray(x), np.asarray(smear_values)
    ambiguous = is_ambiguous(x)
    centre = np.abs(x - FRAME_SIZE / 2) <= centre_halfwidth
    return {"centre": float(s[centre].mean()), "ambiguous_zone": float(s[ambiguous].mean()),
            "walls": float(s[~ambiguous].mean())}


def per_cell(x, values):
    """Average `values` over unit cells [n, n + 1) of x (where P(right | x) is constant): (cells, means)."""
    cells = np.floor(np.asarray(x)).astype(int)
    seen = np.unique(cells)
    return seen, np.array([np.mean(np.asarray(values)[cells == c]) for c in seen])


def share_vs_data(x, shares):
    """Per unit cell: the data's P(right | x) and the mean right_share; their correlation, overall and mid-frame only."""
    cells, share = per_cell(x, shares)
    data = p_right(cells + 0.5)
    ambiguous = (data > 0) & (data < 1)
    return {"cells": cells.tolist(), "p_right": data.tolist(), "right_share": share.tolist(),
            "corr_all": float(np.corrcoef(data, share)[0, 1]),
            "corr_ambiguous": float(np.corrcoef(data[ambiguous], share[ambiguous])[0, 1]),
            "max_abs_diff_ambiguous": float(np.max(np.abs(data - share)[ambiguous]))}


def ghost_summary(model, device="cpu"):
    """How a one-frame predictor splits its ghosts over every training position: its smear summary and
    the correlation of its right-ghost share with the data's P(right | x) where both directions occur."""
    from common.training import predict  # here, not at the top: training needs no ghosts
    pred = predict(model, render_frames(POSITIONS), device)
    return {"smear": smear_summary(POSITIONS, smear(pred, POSITIONS)),
            "share_corr_ambiguous": share_vs_data(POSITIONS, right_share(pred, POSITIONS))["corr_ambiguous"]}
