"""How much of the position-specific part of E[y | x] a digits-world model draws.

Mid-frame, E[y | x] is a mixture of the digit shifted by every velocity, weighted by P(dx, dy | sx, sy).
Part of it is the same everywhere: the blob, the digit averaged over the velocity distribution of all
mid-frame pairs. The rest, E[y | x] - blob, is position-specific: how the velocity posterior at this
(sx, sy) differs from the average one (the walls leave a pattern in which velocities reach which positions).
A model that only learned "the digit, blurred by the usual motion" draws the blob; `position_specific_share`
measures how much of the rest it draws.
"""
import numpy as np

from common.digits import LAST_POSITION, MAX_SPEED
from common.digits_oracle import conditional_mean, mixture_of_futures, pair_distribution, pair_offsets

# Mid-frame: no wall is reachable in one step (|dx|, |dy| <= MAX_SPEED), so the next position is sx + dx,
# sy + dy for every velocity and E[y | x] and the blob mix the same shifted digits. 4..43 on each axis.
MID_LOW, MID_HIGH = MAX_SPEED, LAST_POSITION - MAX_SPEED


def is_mid_frame(sx, sy):
    """True where (sx, sy) is mid-frame: MID_LOW <= sx, sy <= MID_HIGH."""
    sx, sy = np.asarray(sx), np.asarray(sy)
    return (sx >= MID_LOW) & (sx <= MID_HIGH) & (sy >= MID_LOW) & (sy <= MID_HIGH)


def mid_frame_velocities():
    """P(dx, dy) over the pairs at mid-frame positions: (9, 9) indexed [dx + 4, dy + 4]."""
    p = pair_distribution()[MID_LOW:MID_HIGH + 1, MID_LOW:MID_HIGH + 1].sum(axis=(0, 1))
    return p / p.sum()


def blob(images, sx, sy):
    """The next frame averaged over the mid-frame velocity distribution, for digits at mid-frame (sx, sy): (n, 64, 64)."""
    sx, sy = np.asarray(sx), np.asarray(sy)
    if not is_mid_frame(sx, sy).all():
        raise ValueError(f"blob: positions must be mid-frame ({MID_LOW}..{MID_HIGH})")
    return mixture_of_futures(images, sx, sy, np.broadcast_to(mid_frame_velocities(), (len(sx), *mid_frame_velocities().shape)))


def position_specific_share(predictions, images, sx, sy):
    """The least-squares slope of (prediction - blob) on (E[y | x] - blob), pooled over the pixels of the
    mid-frame pairs among these: 1 = draws all of E[y | x]'s position-specific part, 0 = only the blob.
    predictions (n, 64, 64), digits (indices (n,) or sprites), positions (n,); other pairs are ignored."""
    mid = is_mid_frame(sx, sy)
    if not mid.any():
        raise ValueError("position_specific_share: none of these pairs is mid-frame")
    images, sx, sy = np.asarray(images)[mid], np.asarray(sx)[mid], np.asarray(sy)[mid]
    base = blob(images, sx, sy).astype(np.float64)
    specific = conditional_mean(images, sx, sy) - base
    drawn = np.asarray(predictions, dtype=np.float64)[mid] - base
    return float((drawn * specific).sum() / (specific * specific).sum())


def counted_posterior(n_pairs, rng):
    """P(next offset | position) as counted from `n_pairs` i.i.d. pairs, (48, 48, 9, 9) indexed [sx, sy, ox + 4, oy + 4]:
    a learner that knows how to draw the digit and only has to learn where it goes, by counting. The pairs'
    (position, offset) are one multinomial draw from the exact pair distribution, which is what `n_pairs` pairs of
    common/digits.py's sample_pairs are; a position no pair visited gets the mid-frame velocity distribution."""
    joint = pair_offsets()
    counts = rng.multinomial(n_pairs, (joint / joint.sum()).ravel()).reshape(joint.shape).astype(np.float64)
    seen = counts.sum(axis=(2, 3), keepdims=True)
    return np.where(seen > 0, counts / np.maximum(seen, 1), mid_frame_velocities())
