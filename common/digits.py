"""The Stochastic Moving Digits world: one handwritten digit drifting in a 64 x 64 frame.

Denton & Fergus's stochastic Moving MNIST (SVG, 2018) at a size two CPU cores can train on: a 16 x 16
digit (scikit-learn's 8 x 8 digits, values 0..16, divided by 16 and upscaled 2x by pixel repetition) with
its top-left corner at integer (sx, sy), 0 <= sx, sy <= LAST_POSITION (sx the column, sy the row), moving
by an integer velocity (dx, dy) in -MAX_SPEED..MAX_SPEED per axis. Each frame, before it is rendered, a
digit past a wall is clamped to it and draws a new velocity: away from that wall on that axis (1..4 or
-4..-1) and any on the other (-4..4); the y walls are checked first, then the x walls. Randomness enters
only at the start and at the walls, so where a digit goes next is uncertain only through the velocity
its frame cannot show.

`simulate_episode` is the per-frame loop, kept as the specification. Every draw an episode could need is
made up front (the start, then one set of wall draws per frame, used only if that frame meets a wall), so
an episode's randomness is one fixed-size block of uniforms; `simulate_states` draws the same blocks for
many episodes at once and is tested equal to the loop for the same seed. Every training and held-out pair
comes from `sample_pairs`: one pair per episode at a uniform time, so pairs are i.i.d.

`DIGITS` is this world as a value: `--world digits` passes it where a ball world's `World` would go, and
common/data.py's make_heldout and PairSource make its pairs from here.
"""
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np
from sklearn.datasets import load_digits  # ships the UCI 8 x 8 digits inside the package: nothing is downloaded

from common.world import FRAME_SIZE

SPRITE_SIZE = 16                              # a digit is SPRITE_SIZE x SPRITE_SIZE pixels
LAST_POSITION = FRAME_SIZE - SPRITE_SIZE - 1  # 47: the largest sx or sy (SVG's loader: image size - digit size - 1)
N_POSITIONS = LAST_POSITION + 1               # 48 positions per axis
MAX_SPEED = 4                                 # velocities per axis are -MAX_SPEED..MAX_SPEED
N_VELOCITIES = 2 * MAX_SPEED + 1              # 9
EPISODE_LENGTH = 20                           # frames per episode, so pairs (t, t + 1) for t = 0..18
HELD_OUT_EVERY = 5                            # digits whose index is a multiple of 5 never appear in training
_DRAWS = 4                                    # uniforms per block: (sx, sy, dx, dy) at the start, 4 per frame


@dataclass(frozen=True)
class DigitsWorld:
    """The digits world as a value scripts pass around like a ball `World`. A type of its own, so that code
    made for the ball (common/oracle.py's q_right, episode_length) fails loudly instead of misreading it."""

    name: str = "digits"   # names its files: checkpoints/digits/pixel.pt (cli.in_world)


DIGITS = DigitsWorld()


@cache
def digit_sprites():
    """All 1,797 digits as sprites, shape (1797, 16, 16), float32 in [0, 1] (read-only)."""
    images = load_digits().images.astype(np.float32) / 16
    sprites = images.repeat(2, axis=1).repeat(2, axis=2)
    sprites.setflags(write=False)
    return sprites


def digit_indices(held_out=False):
    """Indices of the training digits, or of the held-out ones (those divisible by HELD_OUT_EVERY)."""
    index = np.arange(len(digit_sprites()))
    return index[(index % HELD_OUT_EVERY == 0) == held_out]


def paste(sprites, sx, sy):
    """Frames with `sprites` (n, 16, 16) at top-left corners (sx, sy) (each (n,)): (n, 64, 64), float32."""
    sprites = np.asarray(sprites, dtype=np.float32)
    n = len(sprites)
    rows = np.asarray(sy)[:, None, None] + np.arange(SPRITE_SIZE)[:, None]
    cols = np.asarray(sx)[:, None, None] + np.arange(SPRITE_SIZE)
    frames = np.zeros((n, FRAME_SIZE, FRAME_SIZE), dtype=np.float32)
    frames[np.arange(n)[:, None, None], rows, cols] = sprites
    return frames


def render_frames(digit, sx, sy):
    """Frames of digits (indices, shape (n,)) at top-left corners (sx, sy): (n, 64, 64), float32."""
    return paste(digit_sprites()[np.asarray(digit)], sx, sy)


def _pick(u, low, high):
    """The integer low..high that the uniform u in [0, 1) selects (scalars or arrays alike); u is a multiple
    of 2^-53, so the integers are equally likely to within one part in 10^14."""
    return low + np.floor(u * (high - low + 1)).astype(np.int64)


def simulate_episode(rng, digit):
    """The world's loop, the specification: one episode of digit index `digit`, shape (20, 64, 64)."""
    sprite = digit_sprites()[digit]
    u = rng.random((EPISODE_LENGTH + 1, _DRAWS))      # row 0: the start; row t + 1: frame t's wall draws
    sx, sy = _pick(u[0, 0], 0, LAST_POSITION), _pick(u[0, 1], 0, LAST_POSITION)
    dx, dy = _pick(u[0, 2], -MAX_SPEED, MAX_SPEED), _pick(u[0, 3], -MAX_SPEED, MAX_SPEED)
    frames = np.zeros((EPISODE_LENGTH, FRAME_SIZE, FRAME_SIZE), dtype=np.float32)
    for t in range(EPISODE_LENGTH):
        wall = u[t + 1]
        if sy < 0:
            sy, dy, dx = 0, _pick(wall[0], 1, MAX_SPEED), _pick(wall[1], -MAX_SPEED, MAX_SPEED)
        elif sy > LAST_POSITION:
            sy, dy, dx = LAST_POSITION, _pick(wall[0], -MAX_SPEED, -1), _pick(wall[1], -MAX_SPEED, MAX_SPEED)
        if sx < 0:
            sx, dx, dy = 0, _pick(wall[2], 1, MAX_SPEED), _pick(wall[3], -MAX_SPEED, MAX_SPEED)
        elif sx > LAST_POSITION:
            sx, dx, dy = LAST_POSITION, _pick(wall[2], -MAX_SPEED, -1), _pick(wall[3], -MAX_SPEED, MAX_SPEED)
        frames[t, sy:sy + SPRITE_SIZE, sx:sx + SPRITE_SIZE] = sprite
        sx, sy = sx + dx, sy + dy
    return frames


def _bounce(s, v, v_other, draw_away, draw_other):
    """The wall rule on one axis for arrays: clamp s, and where it was past a wall redraw both velocities."""
    low, high = s < 0, s > LAST_POSITION
    v = np.where(low, _pick(draw_away, 1, MAX_SPEED), np.where(high, _pick(draw_away, -MAX_SPEED, -1), v))
    v_other = np.where(low | high, _pick(draw_other, -MAX_SPEED, MAX_SPEED), v_other)
    return np.clip(s, 0, LAST_POSITION), v, v_other


def simulate_states(n_episodes, rng):
    """(sx, sy, dx, dy) of every frame of `n_episodes` episodes, each (n_episodes, 20), int64.

    (sx, sy) is where frame t is rendered; (dx, dy) the velocity applied after it. Draws the same blocks
    of uniforms as `simulate_episode`, episode after episode, so the same seed gives the same episodes.
    """
    u = rng.random((n_episodes, EPISODE_LENGTH + 1, _DRAWS))
    sx, sy = _pick(u[:, 0, 0], 0, LAST_POSITION), _pick(u[:, 0, 1], 0, LAST_POSITION)
    dx, dy = _pick(u[:, 0, 2], -MAX_SPEED, MAX_SPEED), _pick(u[:, 0, 3], -MAX_SPEED, MAX_SPEED)
    states = np.empty((4, n_episodes, EPISODE_LENGTH), dtype=np.int64)
    for t in range(EPISODE_LENGTH):
        wall = u[:, t + 1]
        sy, dy, dx = _bounce(sy, dy, dx, wall[:, 0], wall[:, 1])
        sx, dx, dy = _bounce(sx, dx, dy, wall[:, 2], wall[:, 3])
        states[:, :, t] = sx, sy, dx, dy
        sx, sy = sx + dx, sy + dy
    return tuple(states)


class DigitPairs(NamedTuple):
    """Pairs (frame t, frame t + 1) as the digit and its states, each array of shape (n,)."""

    digit: np.ndarray      # index into digit_sprites()
    sx: np.ndarray         # where frame t shows the digit
    sy: np.ndarray
    dx: np.ndarray         # the velocity applied after frame t (hidden by the frame)
    dy: np.ndarray
    next_sx: np.ndarray    # where frame t + 1 shows it: the wall rule's clamp of (sx + dx, sy + dy)
    next_sy: np.ndarray

    def frames(self):
        """(frame t, frame t + 1), each (n, 64, 64) float32."""
        return render_frames(self.digit, self.sx, self.sy), render_frames(self.digit, self.next_sx, self.next_sy)


def sample_pairs(n, rng, held_out=False):
    """`n` i.i.d. pairs: one per episode, at a uniform t in 0..18, with a uniform digit of the chosen set."""
    sx, sy, dx, dy = simulate_states(n, rng)
    t = rng.integers(0, EPISODE_LENGTH - 1, size=n)
    digit = rng.choice(digit_indices(held_out), size=n)
    i = np.arange(n)
    return DigitPairs(digit, sx[i, t], sy[i, t], dx[i, t], dy[i, t], sx[i, t + 1], sy[i, t + 1])


def sample_two_frame_pairs(n, rng, held_out=False):
    """`n` i.i.d. pairs that also have the frame before: one per episode at a uniform t in 1..18. Returns the
    `DigitPairs` of (frame t, frame t + 1) and where frame t - 1 shows the digit (sx, sy), for the control
    that shows the model both frames (the velocity is then visible, except just after a bounce)."""
    sx, sy, dx, dy = simulate_states(n, rng)
    t = rng.integers(1, EPISODE_LENGTH - 1, size=n)
    digit = rng.choice(digit_indices(held_out), size=n)
    i = np.arange(n)
    pairs = DigitPairs(digit, sx[i, t], sy[i, t], dx[i, t], dy[i, t], sx[i, t + 1], sy[i, t + 1])
    return pairs, sx[i, t - 1], sy[i, t - 1]


def episode_pairs(n, rng):
    """The first `n` pairs of whole episodes (19 consecutive pairs each, one training digit per episode):
    a fixed training set like the ball world's (common/data.py: PairSource's fixed_pairs)."""
    n_episodes = -(-n // (EPISODE_LENGTH - 1))
    sx, sy, dx, dy = simulate_states(n_episodes, rng)
    digit = np.repeat(rng.choice(digit_indices(), size=n_episodes), EPISODE_LENGTH - 1)
    now = [a[:, :-1].ravel()[:n] for a in (sx, sy, dx, dy)]
    return DigitPairs(digit[:n], *now, sx[:, 1:].ravel()[:n], sy[:, 1:].ravel()[:n])
