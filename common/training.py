"""The default recipe and the training loop shared by every pixel model.

No files and no argparse here: a function takes a model and settings and returns what happened.
"""
import math
import time

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from common.data import PairSource, stream_rng, to_batch
from common.digits import DIGITS
from common.digits_readout import position_specific_share
from common.losses import mse_loss
from common.oracle import mse
from common.world import ARTICLE

# The default recipe (bench/README.md compares it with a reference setup).
STEPS = 6000
SEED = 0
RECIPE = {
    "batch_size": 16,
    "lr": 4e-3,
    "betas": (0.9, 0.99),   # AdamW's beta2 0.99 adapts faster than the usual 0.999
    "schedule": "cosine",   # linear warm-up, then cosine decay to zero
    "warmup": 30,
    "weight_decay": 0.01,
}
SCHEDULES = ("cosine", "constant")
# The digits world's recipe: at the 1-D recipe's lr 4e-3 the PixelPredictor stalls at the mean frame (and the
# shifts network at the blob); 20,000 steps fit 10 minutes on one core. Coordinate planes: E[y|x] depends on the
# digit's absolute position (which velocities reach it from the walls), which a strided ConvNet sees only indirectly.
DIGITS_STEPS = 20000
DIGITS_RECIPE = {**RECIPE, "batch_size": 32, "lr": 1e-3}
# The networks a world trains, by name (train.py --network), as PixelPredictor options, and its default. In the
# digits world the default draws the next frame as moved copies of the frame (common/models.py: Shifts); the
# article's decoder is kept beside it.
NETWORKS = {"decoder": {}}
DIGITS_NETWORKS = {"shifts": {"coordinates": True, "output": "shifts"}, "decoder": {"coordinates": True}}


def networks_of(world):
    """The networks `world` trains, {name: PixelPredictor options}, the first its default."""
    return DIGITS_NETWORKS if world is DIGITS else NETWORKS


def recipe_of(world):
    """A world's defaults: (steps, recipe, its default network's PixelPredictor options). The ball worlds share
    the default recipe."""
    options = next(iter(networks_of(world).values()))
    if world is DIGITS:
        return DIGITS_STEPS, DIGITS_RECIPE, options
    return STEPS, RECIPE, options


class Diverged(Exception):
    """The loss stopped being a finite number: the run stops there and writes nothing."""


def lr_at(step, steps, lr, schedule, warmup):
    """Learning rate at `step`: constant, or linear warm-up then cosine decay to zero."""
    if schedule == "constant":
        return lr
    if step < warmup:
        return lr * (step + 1) / warmup
    return lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))


def uses_channels_last(model, device):
    """NHWC activations: about 20% faster convolutions on a CPU, the same numbers. Decided here only."""
    return torch.device(device).type == "cpu" and any(isinstance(m, nn.Conv2d) for m in model.modules())


@torch.no_grad()
def predict(model, inputs, device, batch_size=1024):
    """Model predictions for numpy inputs (n, C, 64, 64) or frames (n, 64, 64), batched: numpy (n, 64, 64).
    Leaves the model in the mode it found it in."""
    was_training = model.training
    model.eval()
    out = [model(to_batch(inputs[i:i + batch_size], device)).squeeze(1).float().cpu().numpy()
           for i in range(0, len(inputs), batch_size)]
    model.train(was_training)
    return np.concatenate(out)


def evaluate(model, heldout, device):
    """Held-out MSE, the floors, MSE / Bayes floor, and the distance of the prediction to E[y|x]."""
    pred = predict(model, heldout["x_t"], device)
    error = mse(pred, heldout["x_next"])
    result = {"mse": error, "bayes_floor": heldout["bayes_floor"], "zeros_floor": heldout["zeros_floor"],
              "copy_floor": heldout["copy_floor"], "ratio_to_bayes": error / heldout["bayes_floor"],
              "distance_to_oracle": mse(pred, heldout["oracle"])}
    if "digit" in heldout:   # a digits-world set (common/data.py: digits_heldout) has its own read-out
        result["position_specific_share"] = position_specific_share(pred, heldout["digit"], heldout["sx"], heldout["sy"])
    return result


def train(model, device, heldout, *, steps=STEPS, seed=SEED, world=ARTICLE, loss_fn=mse_loss, inputs="frame",
          batch_size=RECIPE["batch_size"], lr=RECIPE["lr"], betas=RECIPE["betas"], schedule=RECIPE["schedule"],
          warmup=RECIPE["warmup"], weight_decay=RECIPE["weight_decay"], fixed_pairs=0, eval_points=8,
          eval_pairs=512, progress=True, source=None):
    """Train `model` on next-frame pairs of `world` with `loss_fn(model, x_t, x_next)`; returns the loss
    history, a held-out curve and the training time.

    Losses stay on the device until the end; the one host sync a step is the check that the loss is
    finite (Diverged, before anything is saved); the bar shows the running loss every 25 steps. Batches come
    from `source.next()` if given (another world's data), else from the world's pairs. `eval_points`
    held-out checks on the first `eval_pairs` held-out pairs give the curve of held-out MSE against steps.
    """
    start = time.perf_counter()   # the clock covers data generation too
    channels_last = uses_channels_last(model, device)
    model.to(device, memory_format=torch.channels_last if channels_last else torch.contiguous_format).train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay, betas=betas)
    source = source or PairSource(stream_rng(seed, "train"), batch_size, world, inputs, fixed_pairs)
    eval_at = set(np.linspace(0, steps, eval_points + 1, dtype=int)[1:].tolist()) if eval_points else set()
    losses, curve = torch.zeros(steps, device=device), []
    bar = tqdm(range(steps), desc="train", disable=not progress, leave=False)
    for step in bar:
        for group in opt.param_groups:
            group["lr"] = lr_at(step, steps, lr, schedule, warmup)
        x_t, x_next = (to_batch(a, device, channels_last) for a in source.next())
        loss = loss_fn(model, x_t, x_next)
        if not torch.isfinite(loss):   # one host sync a step: negligible on a CPU, and nothing is saved after it
            raise Diverged(f"the loss is {loss.item()} at step {step + 1} of {steps} (lr {lr:g}); lower the learning rate")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses[step] = loss.detach()
        if progress and step % 25 == 0:
            bar.set_postfix(loss=f"{losses[max(0, step - 24):step + 1].mean().item():.4f}")
        if step + 1 in eval_at:
            pred = predict(model, heldout["x_t"][:eval_pairs], device)
            curve.append([step + 1, mse(pred, heldout["x_next"][:eval_pairs])])
    return {"loss": losses.cpu().tolist(), "heldout_curve": curve, "train_time_s": time.perf_counter() - start}


def timing(history, device, **extra):
    """How a run went, for its .timing.json (never a committed file): wall time, device, threads, torch."""
    return {"train_time_s": history["train_time_s"], "device": str(device), "threads": torch.get_num_threads(),
            "torch": torch.__version__, **extra}
