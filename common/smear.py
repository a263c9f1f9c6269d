"""Reading a prediction as a weighted average of the two possible futures: the numbers behind the smear.

A prediction f for a ball at x is fitted, by least squares, as a * right + b * left, where right
and left are the frames of the ball at x + SPEED and x - SPEED (`common.world.futures`). For the
exact E[y|x] the fit gives a = P(right | x) and b = 1 - a. Two numbers follow:
  right_share = a / (a + b)            how the prediction splits its brightness between the two ghosts
  smear       = min(a, b) / (a + b)    the weight of the fainter ghost: 0 for one sharp ball, 0.5 for two equal ghosts
and one for samples or sharp outputs, `nearest_future`: the MSE to the nearer of the two futures.
"""
import numpy as np

from common.oracle import both_directions, p_right
from common.world import ARTICLE, BALL_RADIUS, FRAME_SIZE, futures

# Every column the ball can occupy during training, 0.1 px apart: where the smear is measured.
POSITIONS = np.arange(BALL_RADIUS + 0.05, FRAME_SIZE - BALL_RADIUS, 0.1)
CENTRE_HALFWIDTH = 4.0   # "mid-frame": |x - 32| <= 4


def ghost_weights(pred, x):
    """Least-squares weights (a, b) of pred ~ a * frame(x + SPEED) + b * frame(x - SPEED), per frame."""
    pred = np.asarray(pred, dtype=np.float64).reshape(len(x), -1)
    right, left = (f.reshape(len(x), -1).astype(np.float64) for f in futures(x))
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


def nearest_future(samples, x):
    """For frames (n, S, 64, 64) at columns x (n,): the MSE to the nearer of the two possible next frames,
    and whether that nearer one is the right-moving future. Both (n, S)."""
    right, left = (f[:, None] for f in futures(x))
    to_right = ((samples - right) ** 2).mean(axis=(2, 3))
    to_left = ((samples - left) ** 2).mean(axis=(2, 3))
    return np.minimum(to_right, to_left), to_right <= to_left


def smear_summary(x, smear_values, world=ARTICLE):
    """Mean smear mid-frame (|x - 32| <= CENTRE_HALFWIDTH), over the zone where both directions occur,
    and where the bounce decides."""
    x, s = np.asarray(x), np.asarray(smear_values)
    both = both_directions(x, world)
    centre = np.abs(x - FRAME_SIZE / 2) <= CENTRE_HALFWIDTH
    return {"centre": float(s[centre].mean()), "ambiguous_zone": float(s[both].mean()),
            "walls": float(s[~both].mean())}


def per_cell(x, values):
    """Average `values` over unit cells [n, n + 1) of x (where P(right | x) is constant): (cells, means)."""
    cells = np.floor(np.asarray(x)).astype(int)
    seen = np.unique(cells)
    return seen, np.array([np.mean(np.asarray(values)[cells == c]) for c in seen])


def share_vs_data(x, shares, world=ARTICLE):
    """Per unit cell: the data's P(right | x) and the mean right_share; their correlation overall, and where
    both directions occur: correlation, least-squares slope of share on P(right | x), largest gap."""
    cells, share = per_cell(x, shares)
    data = p_right(cells + 0.5, world)
    both = (data > 0) & (data < 1)
    return {"cells": cells.tolist(), "p_right": data.tolist(), "right_share": share.tolist(),
            "corr_all": float(np.corrcoef(data, share)[0, 1]),
            "corr_ambiguous": float(np.corrcoef(data[both], share[both])[0, 1]),
            "slope_ambiguous": float(np.polyfit(data[both], share[both], 1)[0]),
            "max_abs_diff_ambiguous": float(np.max(np.abs(data - share)[both]))}


def likelier_share(x, shares, world=ARTICLE, threshold=0.7):
    """How far a prediction commits to the likelier future: the mean share of its ghost brightness on the
    right-moving future where P(right | x) >= threshold, and on the left-moving one where P(right | x) <= 1 - threshold.
    None on a side with no such column (the article world has none: P(right | x) is about 1/2 wherever both occur)."""
    p, shares = p_right(x, world), np.asarray(shares)
    right, left = (p >= threshold) & (p < 1), (p <= 1 - threshold) & (p > 0)
    return {"right_where_p_high": float(shares[right].mean()) if right.any() else None,
            "left_where_p_low": float(1 - shares[left].mean()) if left.any() else None,
            "columns_high": int(right.sum()), "columns_low": int(left.sum())}
