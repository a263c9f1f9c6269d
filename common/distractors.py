"""The distractor variant: every frame gets fresh random dots, independent of the ball and of other frames.

Dots live only in the rows the ball never touches (outside BALL_ROW +- BALL_RADIUS), and each of those
pixels is lit (set to 1) independently with probability DOT_DENSITY. So the world, its simulator and
its oracle are untouched, and the exact floor stays computable: the dots of y are independent of x, so
  E[y | x] = conditional_mean(x) + DOT_DENSITY * DOT_MASK
and the Bayes floor grows by the dots' own variance, DOT_DENSITY (1 - DOT_DENSITY) per dot pixel:
  floor with dots = floor without + DOT_DENSITY (1 - DOT_DENSITY) * mean(DOT_MASK).
A pixel model must predict their average; an encoder may learn to ignore them.
"""
import numpy as np
import torch

from common.oracle import conditional_mean, mse
from common.world import ARTICLE, BALL_RADIUS, BALL_ROW, FRAME_SIZE

DOT_DENSITY = 0.05   # about 150 lit pixels a frame, as many as the ball's ~200
_rows = np.abs(np.arange(FRAME_SIZE) - BALL_ROW) > BALL_RADIUS
DOT_MASK = np.broadcast_to(_rows[:, None], (FRAME_SIZE, FRAME_SIZE)).astype(np.float32)   # 1 where dots may appear


def add_dots(frames, rng, density=DOT_DENSITY):
    """Frames (..., 64, 64) with fresh dots drawn from the numpy generator `rng`: a new array."""
    frames = np.asarray(frames, dtype=np.float32)
    dots = (rng.random(frames.shape) < density) * DOT_MASK
    return np.maximum(frames, dots.astype(np.float32))


def add_dots_torch(frames, generator, density=DOT_DENSITY):
    """The same on a torch batch (B, 1, 64, 64), dots drawn from a torch.Generator on the batch's device."""
    mask = torch.as_tensor(DOT_MASK, device=frames.device)
    dots = (torch.rand(frames.shape, generator=generator, device=frames.device) < density) * mask
    return torch.maximum(frames, dots.to(frames.dtype))


def with_dots(loss_fn, seed, device, density=DOT_DENSITY):
    """loss_fn(model, x_t, x_next) that first adds fresh dots to both frames: a training loss of the
    distractor world, for common.training.train. Dots are drawn from their own seeded generator."""
    generator = torch.Generator(device=device)
    generator.manual_seed((1_000_003 * seed + 7) % 2 ** 63)   # any seed up to 2^63 - 1

    def loss(model, x_t, x_next):
        return loss_fn(model, add_dots_torch(x_t, generator, density), add_dots_torch(x_next, generator, density))
    loss.__doc__ = f"{loss_fn.__name__} on frames with distractor dots (density {density})"
    return loss


def conditional_mean_dots(x, world=ARTICLE, density=DOT_DENSITY):
    """E[y | x] in the distractor world: the clean E[y|x] plus the dots' mean, density, on every dot pixel."""
    return conditional_mean(x, world) + density * DOT_MASK


def dot_variance(density=DOT_DENSITY):
    """What the dots add to the Bayes floor, per pixel of the frame: density (1 - density) * share of dot pixels."""
    return density * (1 - density) * float(DOT_MASK.mean())


def bayes_floor_dots(col_t, frames_next, world=ARTICLE, density=DOT_DENSITY):
    """MSE of the exact E[y | x] of the distractor world on these (dotted) next frames."""
    return mse(conditional_mean_dots(col_t, world, density), frames_next)
