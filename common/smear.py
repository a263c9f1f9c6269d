"""Reading a prediction as a weighted average of the two possible futures: the numbers behind the smear.

A prediction f for a ball at x is fitted, by least squares, as a * right + b * left, where right
and left are the frames of the ball at x + SPEED and x - SPEED (`common.world.futures`). For the
exact E[y|x] the fit gives a = P(right | x) and b = 1 - a. Two numbers follow:
  right_share = a / (a + b)            how the prediction splits its brightness between the two ghosts
  smear       = min(a, b) / (a + b)    the weight of the fainter ghost: 0 for one sharp ball, 0.5 for two equal ghosts
and one for samples or sharp outputs, `nearest_future`: the MSE to the nearer of the two futures, and which
one that is.
"""
import numpy as np

from common.oracle import both_directions, conditional_mean, p_right
from common.training import predict
from common.world import ARTICLE, BALL_RADIUS, BALL_ROW, FRAME_SIZE, SPEED, futures, render_frames

# Every column the ball can occupy, 0.1 px apart: where the smear is measured (see visited).
POSITIONS = np.arange(BALL_RADIUS + 0.05, FRAME_SIZE - BALL_RADIUS, 0.1)


def visited(world=ARTICLE, x=POSITIONS):
    """The columns of x at which the world's training pairs put the ball (the biased world never starts
    a pair in [8, 9) or [55, 56))."""
    return x[~np.isnan(p_right(x, world))]
CENTRE_HALFWIDTH = 4.0   # "the centre": |x - 32| <= 4 ("mid-frame" is the wider zone where both directions occur)


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
    and its side: +1 if the right-moving future is nearer, -1 if the left-moving one is, 0 for a tie (an
    empty frame, or two equal ghosts), which is neither. Both (n, S)."""
    right, left = (f[:, None] for f in futures(x))
    to_right = ((samples - right) ** 2).mean(axis=(2, 3))
    to_left = ((samples - left) ** 2).mean(axis=(2, 3))
    side = np.sign(to_left - to_right).astype(np.int8)
    side[np.isclose(to_right, to_left, rtol=1e-6, atol=0)] = 0   # equal up to rounding: a tie
    return np.minimum(to_right, to_left), side


def smear_summary(x, smear_values, world=ARTICLE):
    """Mean smear at the centre (|x - 32| <= CENTRE_HALFWIDTH, key "centre"), mid-frame (the zone where both
    directions occur, key "ambiguous_zone") and where the bounce decides the direction (key "walls")."""
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
    data, both = p_right(cells + 0.5, world), both_directions(cells + 0.5, world)
    return {"cells": cells.tolist(), "p_right": data.tolist(), "right_share": share.tolist(),
            "corr_all": float(np.corrcoef(data, share)[0, 1]),
            "corr_ambiguous": float(np.corrcoef(data[both], share[both])[0, 1]),
            "slope_ambiguous": float(np.polyfit(data[both], share[both], 1)[0]),
            "max_abs_diff_ambiguous": float(np.max(np.abs(data - share)[both]))}


def blur_numbers(model, world, panel_x, device="cpu"):
    """A one-frame predictor read against `world`: its smear and E[y|x]'s at every column in POSITIONS, its
    right-ghost shares against P(right | x) (share_vs_data), and its weighted-average fit at column panel_x."""
    x = visited(world)
    pred = predict(model, render_frames(x), device)
    model_smear, oracle_smear = smear(pred, x), smear(conditional_mean(x, world), x)
    a, b = ghost_weights(predict(model, render_frames(np.array([panel_x])), device), np.array([panel_x]))
    return {"world": world.name,
            "panel": {"x": panel_x, "right": float(a[0]), "left": float(b[0]), "p_right": float(p_right(panel_x, world))},
            "smear": {"x": x.round(2).tolist(), "model": model_smear.tolist(), "oracle": oracle_smear.tolist(),
                      "summary": {"model": smear_summary(x, model_smear, world),
                                  "oracle": smear_summary(x, oracle_smear, world)}},
            "share_vs_data": share_vs_data(x, right_share(pred, x), world)}


def one_ball(samples, x):
    """Whether each sample (n, S, 64, 64) of the frame after a ball at columns x (n,) is one ball within 1 px
    of x + SPEED or x - SPEED (the nearer one): its brightness-weighted centre (pixels clipped to [0, 1]) lies
    within 1 px of that future's centre, its brightness is within 20% of a ball's, and its MSE to that future is
    no larger than that of a sharp ball 1 px off. Rules out two ghosts (centre between them, or MSE), a ball in
    between (centre), an empty frame (brightness), a blurred ball (MSE) and a tie between the futures. Returns (n, S)
    booleans."""
    x = np.asarray(x, dtype=np.float64)
    error, side = nearest_future(samples, x)
    centre = x[:, None] + side * SPEED
    ball = render_frames(x)
    one_px_off = ((ball - render_frames(x + 1)) ** 2).mean(axis=(1, 2))[:, None]
    light = np.clip(samples, 0, 1)
    mass = light.sum(axis=(2, 3))
    safe = np.maximum(mass, 1e-9)
    cols, rows = np.arange(FRAME_SIZE), np.arange(FRAME_SIZE)
    col_centre = (light.sum(axis=2) * cols).sum(-1) / safe
    row_centre = (light.sum(axis=3) * rows).sum(-1) / safe
    distance = np.hypot(col_centre - centre, row_centre - BALL_ROW)
    return ((side != 0) & (distance <= 1) & (np.abs(mass / ball.sum(axis=(1, 2))[:, None] - 1) <= 0.2)
            & (error <= one_px_off))


def share_error(share, p, n=None):
    """Shares going right (cells,) against P(right | x) (cells,): the root mean square of share - p, with the
    binomial noise p (1 - p) / n of n samples per cell removed when the shares are sample counts, and the
    least-squares slope of share on p (1 is faithful; above 1 exaggerates the likelier future; None if p is one value).
    A cell with no sample counted has no share: it is left out, and with no cell counted there is no error to
    read (None, None), never a perfect score."""
    share, p = np.asarray(share, dtype=float), np.asarray(p, dtype=float)
    if n is not None:
        n = np.broadcast_to(np.asarray(n, dtype=float), share.shape)   # one count for every cell, or one each
        share, p, n = share[n > 0], p[n > 0], n[n > 0]
        if not len(n):
            return None, None
    squares = (share - p) ** 2 - (0 if n is None else p * (1 - p) / n)
    slope = float(np.polyfit(p, share, 1)[0]) if len(p) > 1 and np.ptp(p) > 0 else None
    return float(np.sqrt(max(squares.mean(), 0.0))), slope


def likelier_share(x, shares, world=ARTICLE, threshold=0.7):
    """How far a prediction commits to the likelier future: the mean share of its ghost brightness on the
    right-moving future where P(right | x) >= threshold, and on the left-moving one where P(right | x) <= 1 - threshold.
    None on a side with no such column (the article world has none: P(right | x) is about 1/2 wherever both occur)."""
    p, shares = p_right(x, world), np.asarray(shares)
    right, left = (p >= threshold) & (p < 1), (p <= 1 - threshold) & (p > 0)
    return {"right_where_p_high": float(shares[right].mean()) if right.any() else None,
            "left_where_p_low": float(1 - shares[left].mean()) if left.any() else None,
            "columns_high": int(right.sum()), "columns_low": int(left.sum())}


def frame_width(x, grid=4000):
    """The share of its unit cell [n, n + 1) over which a ball renders the very frame it renders at column x:
    the frame, not x, is what a model sees, so a per-frame table of the training pairs splits a cell's pairs
    among its frames in these proportions (the training density is constant on a cell)."""
    x = np.atleast_1d(np.asarray(x, dtype=np.float64))
    widths = np.empty(len(x))
    for i, column in enumerate(x):
        cell = np.floor(column) + (np.arange(grid) + 0.5) / grid
        same = (render_frames(cell) == render_frames(column)).all(axis=(1, 2))
        widths[i] = same.mean()
    return widths


def share_error_percentile(p, counts, rng, pairs=None, density=None, widths=None, runs=2000, q=95):
    """The q-th percentile of the share error (share_error) a sampler would measure on cells with P(right | x) = p
    (cells,): with counts (cells,) samples counted per cell, or exactly (counts None: a read-out, no sampling).

    pairs None: a perfect sampler, right with probability p. pairs N: the per-frame frequency table of N training
    pairs, what N pairs allow: the measured frame s of cell c holds Binomial(N, density[c] * widths[c, s]) pairs
    (widths: frame_width of the measured columns, (cells, columns per cell)), each right with probability
    p[c]; a frame with no pair reads 1/2; the cell's samples are spread evenly over its measured frames.
    None where no cell counts a sample."""
    p = np.asarray(p, dtype=np.float64)
    truth = np.broadcast_to(p, (runs, len(p)))
    if pairs is not None:
        mass = np.asarray(density)[:, None] * np.asarray(widths)
        held = rng.binomial(pairs, np.broadcast_to(mass, (runs, *mass.shape)))
        right = rng.binomial(held, p[:, None])
        truth = np.where(held > 0, right / np.maximum(held, 1), 0.5).mean(axis=-1)
    if counts is None:
        errors = [share_error(t, p)[0] for t in truth]
    else:
        counts = np.asarray(counts)
        share = rng.binomial(counts, truth) / np.maximum(counts, 1)
        errors = [share_error(s, p, counts)[0] for s in share]
    errors = [e for e in errors if e is not None]   # no cell counted a sample: nothing to score (share_error)
    return float(np.percentile(errors, q)) if errors else None
