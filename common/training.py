"""The training loop shared by train.py, the benchmark and the claim experiments.

No files and no argparse here: a function takes a model and settings and returns what happened.
"""
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from common.oracle import conditional_mean, floors
from common.world import render_frames, sample_episode_pairs, sample_positions

HELDOUT_SEED = 20251125   # the held-out pairs come from this seed's own stream (see stream_rng)
HELDOUT_PAIRS = 4096
TRAIN_STREAM, HELDOUT_STREAM, PRIOR_STREAM = 0, 1, 2   # PRIOR_STREAM: common/sampling.fit_prior


def stream_rng(seed, stream):
    """Independent numpy streams: training and held-out data never share draws, whatever the seed."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream,)))


# What the model is shown. "frame" is the article's setting; the other two are the controls that
# put back the missing information: the frame before, or the direction as a constant +1/-1 plane.
INPUTS = ("frame", "two_frames", "direction")


def make_inputs(positions, inputs="frame"):
    """Model inputs (n, C, 64, 64) from columns (n, k) of `sample_positions`, whose last two are x_t and x_next."""
    x_t = positions[:, -2]
    frame = render_frames(x_t)[:, None]
    if inputs == "frame":
        return frame
    if inputs == "two_frames":
        return np.concatenate([render_frames(positions[:, -3])[:, None], frame], axis=1)
    if inputs == "direction":
        went = np.sign(x_t - positions[:, -3]).astype(np.float32)   # the direction the ball arrived with
        return np.concatenate([frame, np.broadcast_to(went[:, None, None, None], frame.shape)], axis=1)
    raise ValueError(f"inputs must be one of {INPUTS}, got {inputs!r}")


def to_batch(array, device, channels_last=False):
    """numpy inputs (n, C, 64, 64), or frames (n, 64, 64), -> float tensor (n, C, 64, 64) on `device`."""
    batch = torch.from_numpy(np.ascontiguousarray(array))
    batch = (batch.unsqueeze(1) if batch.ndim == 3 else batch).to(device)
    return batch.contiguous(memory_format=torch.channels_last) if channels_last else batch


def make_heldout(n=HELDOUT_PAIRS, seed=HELDOUT_SEED, inputs="frame"):
    """Held-out pairs with everything the evaluation needs, including E[y|x] and the floors.

    The floors are those of the one-frame task; with the controls' extra input the next frame is
    fully determined, so their own floor is 0.
    """
    positions = sample_positions(n, stream_rng(seed, HELDOUT_STREAM), history=0 if inputs == "frame" else 1)
    x_t, x_next = positions[:, -2], positions[:, -1]
    frames_t, frames_next = render_frames(x_t), render_frames(x_next)
    return {"x_t": x_t, "x_next": x_next, "frames_t": frames_t, "frames_next": frames_next,
            "inputs": make_inputs(positions, inputs), "oracle": conditional_mean(x_t),
            **floors(x_t, frames_t, frames_next)}


@torch.no_grad()
def predict(model, inputs, device, batch_size=1024):
    """Model predictions for numpy inputs (n, C, 64, 64) or frames (n, 64, 64), batched: numpy (n, 64, 64)."""
    model.eval()
    out = [model(to_batch(inputs[i:i + batch_size], device)).squeeze(1).float().cpu().numpy()
           for i in range(0, len(inputs), batch_size)]
    model.train()
    return np.concatenate(out)


def evaluate(model, heldout, device):
    """Held-out MSE, the floors, MSE / Bayes floor, and the distance of the prediction to E[y|x]."""
    pred = predict(model, heldout["inputs"], device)
    mse = float(np.mean((pred - heldout["frames_next"]) ** 2))
    return {"mse": mse, "bayes_floor": heldout["bayes_floor"], "zeros_floor": heldout["zeros_floor"],
            "copy_floor": heldout["copy_floor"], "ratio_to_bayes": mse / heldout["bayes_floor"],
            "distance_to_oracle": float(np.mean((pred - heldout["oracle"]) ** 2))}


def lr_at(step, steps, lr, schedule, warmup):
    """Learning rate at `step`: constant, or linear warm-up then cosine decay to zero."""
    if schedule == "constant":
        return lr
    if step < warmup:
        return lr * (step + 1) / warmup
    return lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))


class PairSource:
    """Training batches (inputs, next frames): fresh pairs from the simulator each step, or draws (with
    replacement) from a fixed set made of the pairs of whole episodes."""

    def __init__(self, rng, batch_size, fixed_pairs=0, inputs="frame", chunk_steps=64):
        self.rng, self.batch_size, self.inputs, self.chunk_steps = rng, batch_size, inputs, chunk_steps
        if fixed_pairs and inputs != "frame":
            raise ValueError("a fixed set of pairs is only implemented for one-frame inputs")
        self.fixed = sample_episode_pairs(fixed_pairs, rng)[2:] if fixed_pairs else None
        self.queue = []

    def next(self):
        if self.fixed is not None:
            idx = self.rng.integers(0, len(self.fixed[0]), size=self.batch_size)
            return self.fixed[0][idx], self.fixed[1][idx]
        if not self.queue:   # simulate many steps' pairs at once: one vectorised call, not one per step
            n = self.batch_size * self.chunk_steps
            positions = sample_positions(n, self.rng, history=0 if self.inputs == "frame" else 1)
            x, y = make_inputs(positions, self.inputs), render_frames(positions[:, -1])
            self.queue = list(zip(np.split(x, self.chunk_steps), np.split(y, self.chunk_steps)))[::-1]
        return self.queue.pop()


def mse_loss(model, x, y):
    """The article's objective: mean squared error between the predicted and the actual next frame."""
    return F.mse_loss(model(x).float(), y)


def train(model, device, heldout, *, steps, batch_size, lr, seed, schedule="cosine", warmup=0,
          weight_decay=0.01, betas=(0.9, 0.999), fixed_pairs=0, inputs="frame", loss_fn=mse_loss,
          channels_last=False, eval_points=8, eval_pairs=512, progress=True):
    """Train `model` with MSE on next-frame pairs; returns the loss history and timings.

    Losses stay on the device until the end (no per-step host sync); the bar shows the running loss
    every 25 steps. `eval_points` held-out checks on the first `eval_pairs` held-out pairs give the
    curve of held-out MSE against steps. `channels_last` stores activations NHWC on a CPU, which only
    changes speed. `inputs` picks what the model sees (INPUTS); `loss_fn(model, x, y)` defaults to MSE.
    """
    start = time.perf_counter()   # the clock covers data generation too
    channels_last = channels_last and torch.device(device).type == "cpu"   # measured faster on CPU only
    model.to(device, memory_format=torch.channels_last if channels_last else torch.contiguous_format).train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay, betas=betas)
    source = PairSource(stream_rng(seed, TRAIN_STREAM), batch_size, fixed_pairs, inputs)
    small = {k: heldout[k][:eval_pairs] for k in ("inputs", "frames_next")}
    eval_at = set(np.linspace(0, steps, eval_points + 1, dtype=int)[1:].tolist()) if eval_points else set()
    losses = torch.zeros(steps, device=device)
    evals = []
    bar = tqdm(range(steps), desc="train", disable=not progress, leave=False)
    for step in bar:
        for group in opt.param_groups:
            group["lr"] = lr_at(step, steps, lr, schedule, warmup)
        f_t, f_next = source.next()
        x, y = to_batch(f_t, device, channels_last), to_batch(f_next, device, channels_last)
        loss = loss_fn(model, x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses[step] = loss.detach()
        if progress and step % 25 == 0:
            bar.set_postfix(loss=f"{losses[max(0, step - 24):step + 1].mean().item():.4f}")
        if step + 1 in eval_at:
            pred = predict(model, small["inputs"], device)
            evals.append([step + 1, float(np.mean((pred - small["frames_next"]) ** 2))])
    train_time = time.perf_counter() - start
    return {"loss": losses.cpu().tolist(), "heldout_curve": evals, "train_time_s": train_time}
