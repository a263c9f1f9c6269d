"""The exact oracle of the digits world: E[y | x] and the floors every model is measured against.

Why it is exact. The world's state is (sx, sy, dx, dy) on a finite lattice (48 x 48 positions, 9 x 9
velocities) and its randomness is uniform draws at the start and at the walls, so the probability of
every state at every frame follows by pushing the start distribution through the rule, with no sampling
(`state_distributions`). Averaging frames 0..18 gives the distribution of a training pair's state, and
conditioning on the position gives `velocity_posterior`: P(dx, dy | sx, sy).

Why the position is all a frame says about the future. The digit is drawn independently of the motion,
and a frame determines the digit and its position: no two of the 1,797 sprites, cropped to their lit
pixels, are equal (a test checks this), so the frame's lit pixels name the digit and their place names
(sx, sy), blank border rows and columns included. Frame t + 1 shows the same digit at the wall rule's clamp
of (sx + dx, sy + dy) whatever the new velocity is, so E[y | frame] = E[y | digit, sx, sy] is the
posterior-weighted sum of the at most 81 rendered futures (`conditional_mean`). The same holds for the
held-out digits: the motion is the same and only the digit set changes.

Exact floors. Every future holds the whole sprite, so E||y||^2 is the sprite's energy, and ||E[y | x]||^2
depends on the digit only through its autocorrelation at the offsets between futures: `exact_floors`
gives the Bayes, zeros and copy floors as exact expectations over the pair distribution, averaged over
the digits of a set, with no sampling.
"""
from functools import cache

import numpy as np

from common.digits import (
    EPISODE_LENGTH,
    LAST_POSITION,
    MAX_SPEED,
    N_POSITIONS,
    N_VELOCITIES,
    SPRITE_SIZE,
    digit_indices,
    digit_sprites,
)
from common.oracle import copy_mse, mse, zeros_mse
from common.world import FRAME_SIZE

_V = np.arange(-MAX_SPEED, MAX_SPEED + 1)
_AWAY_FROM_LOW = slice(MAX_SPEED + 1, None)    # velocity indices of 1..4
_AWAY_FROM_HIGH = slice(0, MAX_SPEED)          # velocity indices of -4..-1
_PAD = MAX_SPEED                               # after a move a position lies in -4..51


def _move(p):
    """Mass over rendered states (48, 48, 9, 9) -> mass after the move, over positions -4..51 per axis."""
    moved = np.zeros((N_POSITIONS + 2 * _PAD, N_POSITIONS + 2 * _PAD, N_VELOCITIES, N_VELOCITIES))
    for i, dx in enumerate(_V):
        for j, dy in enumerate(_V):
            moved[_PAD + dx:_PAD + dx + N_POSITIONS, _PAD + dy:_PAD + dy + N_POSITIONS, i, j] = p[:, :, i, j]
    return moved


def _walls(q):
    """The wall rule on mass over positions -4..51: the y walls first, then the x walls; the velocity
    redrawn at a wall is uniform (1/4 on the away axis, 1/9 on the other) whatever it was."""
    inside = slice(_PAD, _PAD + N_POSITIONS)
    below, above = q[:, :_PAD].sum(axis=(1, 2, 3)), q[:, _PAD + N_POSITIONS:].sum(axis=(1, 2, 3))
    q = q[:, inside].copy()
    q[:, 0, :, _AWAY_FROM_LOW] += below[:, None, None] / (MAX_SPEED * N_VELOCITIES)
    q[:, LAST_POSITION, :, _AWAY_FROM_HIGH] += above[:, None, None] / (MAX_SPEED * N_VELOCITIES)
    left, right = q[:_PAD].sum(axis=(0, 2, 3)), q[_PAD + N_POSITIONS:].sum(axis=(0, 2, 3))
    q = q[inside].copy()
    q[0, :, _AWAY_FROM_LOW, :] += left[:, None, None] / (MAX_SPEED * N_VELOCITIES)
    q[LAST_POSITION, :, _AWAY_FROM_HIGH, :] += right[:, None, None] / (MAX_SPEED * N_VELOCITIES)
    return q


@cache
def state_distributions():
    """P(sx, sy, dx, dy) of the rendered state at every frame: (20, 48, 48, 9, 9) indexed
    [t, sx, sy, dx + 4, dy + 4]; (dx, dy) is the velocity applied after frame t."""
    p = np.full((N_POSITIONS, N_POSITIONS, N_VELOCITIES, N_VELOCITIES), 1 / (N_POSITIONS * N_VELOCITIES) ** 2)
    frames = [p]
    for _ in range(EPISODE_LENGTH - 1):
        frames.append(_walls(_move(frames[-1])))
    frames = np.stack(frames)
    frames.setflags(write=False)
    return frames


def pair_distribution():
    """P(sx, sy, dx, dy) at frame t of a pair with t uniform in 0..18: (48, 48, 9, 9)."""
    return state_distributions()[:-1].mean(axis=0)


def velocity_posterior():
    """P(dx, dy | sx, sy) over training pairs: (48, 48, 9, 9) indexed [sx, sy, dx + 4, dy + 4]."""
    p = pair_distribution()
    return p / p.sum(axis=(2, 3), keepdims=True)


def _offsets():
    """(48, 9 velocities, 9 offsets): 1 where, from that position, a velocity moves the next frame by that offset."""
    s = np.arange(N_POSITIONS)[:, None]
    offset = np.clip(s + _V, 0, LAST_POSITION) - s                        # (48, 9): the offset of each velocity
    return (offset[:, :, None] == _V).astype(np.float64)


def pair_offsets():
    """P(sx, sy, ox, oy) over training pairs, (48, 48, 9, 9): the pair distribution with each velocity turned into
    the offset (ox, oy) by which it moves the next frame (the wall rule's clamp)."""
    to_offset = _offsets()
    return np.einsum("xyab,xac,ybd->xycd", pair_distribution(), to_offset, to_offset)


@cache
def next_position_posterior():
    """P(frame t + 1 at (sx + ox, sy + oy) | frame t at (sx, sy)): (48, 48, 9, 9) indexed [sx, sy, ox + 4, oy + 4].

    The next rendered position is the clamp of (sx + dx, sy + dy) to 0..47, so velocities that cross a
    wall pile up on the wall: the offset is never larger than the velocity.
    """
    to_offset = _offsets()
    posterior = np.einsum("xyab,xac,ybd->xycd", velocity_posterior(), to_offset, to_offset)
    posterior.setflags(write=False)
    return posterior


def _sprites(images):
    """Sprites (n, 16, 16) from digit indices (n,) or sprites themselves."""
    images = np.asarray(images)
    return digit_sprites()[images] if images.ndim == 1 else images


def conditional_mean(images, sx, sy):
    """E[y | x]: the MSE-optimal next frame of digits (indices (n,) or sprites (n, 16, 16)) at (sx, sy): (n, 64, 64)."""
    sx, sy = np.asarray(sx), np.asarray(sy)
    if min(sx.min(), sy.min()) < 0 or max(sx.max(), sy.max()) > LAST_POSITION:
        raise ValueError(f"conditional_mean: positions must lie in 0..{LAST_POSITION}")
    return mixture_of_futures(images, sx, sy, next_position_posterior()[sx, sy])


def mixture_of_futures(images, sx, sy, q):
    """sum_o q(o) * (the digit rendered at (sx, sy) + o): digits (indices (n,) or sprites) at (sx, sy), weights
    q (n, 9, 9) over offsets (ox + 4, oy + 4) that keep it in the frame: (n, 64, 64), float32."""
    sprites = _sprites(images).astype(np.float64)
    sx, sy = np.asarray(sx), np.asarray(sy)
    window = np.zeros((len(sprites), SPRITE_SIZE + 2 * _PAD, SPRITE_SIZE + 2 * _PAD))   # rows sy - 4.., cols sx - 4..
    for i in range(N_VELOCITIES):
        for j in range(N_VELOCITIES):
            window[:, j:j + SPRITE_SIZE, i:i + SPRITE_SIZE] += q[:, i, j, None, None] * sprites
    canvas = np.zeros((len(sprites), FRAME_SIZE + 2 * _PAD, FRAME_SIZE + 2 * _PAD))
    span = np.arange(SPRITE_SIZE + 2 * _PAD)
    canvas[np.arange(len(sprites))[:, None, None], sy[:, None, None] + span[:, None], sx[:, None, None] + span] = window
    return canvas[:, _PAD:-_PAD, _PAD:-_PAD].astype(np.float32)


def bayes_floor(images, sx, sy, frames_next):
    """MSE of the exact E[y | x] on these pairs: no model shown one frame can go below it."""
    return mse(conditional_mean(images, sx, sy), frames_next)


def floors(pairs):
    """The three reference MSEs of a `DigitPairs`, measured on its pairs, as a dict."""
    frames_t, frames_next = pairs.frames()
    return {"bayes_floor": bayes_floor(pairs.digit, pairs.sx, pairs.sy, frames_next),
            "zeros_floor": zeros_mse(frames_next), "copy_floor": copy_mse(frames_t, frames_next)}


def _mean_autocorrelation(sprites, reach):
    """sum_q s(q) s(q + (ax, ay)) averaged over sprites, for lags -reach..reach: indexed [ax + reach, ay + reach]."""
    auto = np.zeros((2 * reach + 1, 2 * reach + 1))
    n = SPRITE_SIZE
    for ax in range(-reach, reach + 1):
        for ay in range(-reach, reach + 1):
            a = sprites[:, max(0, -ay):n - max(0, ay), max(0, -ax):n - max(0, ax)]
            b = sprites[:, max(0, ay):n - max(0, -ay), max(0, ax):n - max(0, -ax)]
            auto[ax + reach, ay + reach] = (a * b).sum() / len(sprites)
    return auto


def exact_floors(held_out=False):
    """The Bayes, zeros and copy floors of the pair distribution, exactly, for a uniform digit of the set.

    Per pair, the next frame's energy is the sprite's, ||s||^2 = A(0); E[y | x] has ||.||^2 =
    sum_{o, o'} q(o) q(o') A(o - o'), q the next-position posterior and A the sprite's autocorrelation;
    the copy error is 2 (A(0) - A(o)). Both are linear in A, so the mean over digits needs only mean A.
    """
    sprites = digit_sprites()[digit_indices(held_out)].astype(np.float64)
    auto = _mean_autocorrelation(sprites, 2 * MAX_SPEED)
    energy = auto[2 * MAX_SPEED, 2 * MAX_SPEED]
    position = pair_distribution().sum(axis=(2, 3))                        # P(sx, sy) of a pair
    q = next_position_posterior().reshape(N_POSITIONS, N_POSITIONS, -1)    # (48, 48, 81) over (ox, oy)
    ox, oy = (o.ravel() for o in np.meshgrid(_V, _V, indexing="ij"))
    overlap = auto[ox[:, None] - ox + 2 * MAX_SPEED, oy[:, None] - oy + 2 * MAX_SPEED]   # (81, 81)
    energy_of_mean = np.einsum("xy,xya,xyb,ab->", position, q, q, overlap)  # E ||E[y | x]||^2
    moved = np.einsum("xy,xya->a", position, q)                             # P(offset) over all pairs
    pixels = FRAME_SIZE ** 2
    return {"bayes_floor": float(energy - energy_of_mean) / pixels, "zeros_floor": float(energy) / pixels,
            "copy_floor": 2 * float(energy - moved @ auto[ox + 2 * MAX_SPEED, oy + 2 * MAX_SPEED]) / pixels}


def two_frame_velocity_posterior(before_sx, before_sy, sx, sy):
    """P(dx, dy | frame t - 1 at (before_sx, before_sy), frame t at (sx, sy)) for pairs with t uniform in 1..18
    (common/digits.py: sample_two_frame_pairs): (n, 9, 9) indexed [k, dx + 4, dy + 4].

    Frame t - 1's state is distributed as the mean of frames 0..17; its position is seen, its velocity is not.
    That position's mass pushed through the same move and wall rule as state_distributions is the joint of
    frame t's state; conditioning it on the seen (sx, sy) leaves the velocity. Away from a wall the velocity is
    the seen step; where frame t meets a wall, a bounce may have redrawn it, and P says how likely that was.
    """
    before = state_distributions()[:EPISODE_LENGTH - 2].mean(axis=0)
    before_sx, before_sy, sx, sy = (np.asarray(a) for a in (before_sx, before_sy, sx, sy))
    posterior = np.empty((len(sx), N_VELOCITIES, N_VELOCITIES))
    for bx, by in set(zip(before_sx.tolist(), before_sy.tolist())):
        seen = np.zeros_like(before)
        seen[bx, by] = before[bx, by]
        now = _walls(_move(seen))                  # frame t's state, given frame t - 1 at (bx, by)
        k = (before_sx == bx) & (before_sy == by)
        mass = now[sx[k], sy[k]]
        total = mass.sum(axis=(1, 2), keepdims=True)
        if (total == 0).any():
            raise ValueError(f"two_frame_velocity_posterior: no move takes ({bx}, {by}) to one of these positions")
        posterior[k] = mass / total
    return posterior


def two_frame_conditional_mean(images, before_sx, before_sy, sx, sy):
    """E[y | frame t - 1, frame t]: the MSE-optimal next frame of a model shown both frames, (n, 64, 64).

    Two frames name the digit and both positions (as one frame names one), so this is the mixture of rendered
    futures under two_frame_velocity_posterior. It is one future except where frame t sits at a wall that a
    bounce may have just redrawn the velocity at: the two-frame Bayes floor is small but not 0.
    """
    sx, sy = np.asarray(sx), np.asarray(sy)
    to_offset = _offsets()
    q = np.einsum("nab,nac,nbd->ncd", two_frame_velocity_posterior(before_sx, before_sy, sx, sy),
                  to_offset[sx], to_offset[sy])
    return mixture_of_futures(images, sx, sy, q)


def two_frame_bayes_floor(images, before_sx, before_sy, sx, sy, frames_next):
    """MSE of the exact E[y | two frames] on these pairs: no model shown both frames can go below it."""
    return mse(two_frame_conditional_mean(images, before_sx, before_sy, sx, sy), frames_next)
