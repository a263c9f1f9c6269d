"""Adversarial training of a next-frame predictor (Mathieu, Couprie & LeCun 2016; pix2pix, Isola et al. 2017).

Every step: the predictor G makes y_hat = G(x); the Discriminator D takes one step on `discriminator_loss`
(real pairs (x, y) against predicted pairs (x, y_hat)); then G takes one step on `adversarial_loss`
(fool D, plus the MSE and gradient-difference terms). G follows the default recipe of common/training.py;
D has its own constant learning rate and GAN betas. No files and no argparse here.
"""
import time

import numpy as np
import torch
from tqdm import tqdm

from common.data import PairSource, stream_rng, to_batch
from common.losses import adversarial_loss, discriminator_loss
from common.oracle import mse
from common.training import RECIPE, Diverged, lr_at, predict
from common.world import ARTICLE

# The paper's weights for its combined model (lambda_adv, lambda_lp, lambda_gdl); ours are per-pixel means.
LAMBDA_ADV, LAMBDA_LP, LAMBDA_GDL = 0.05, 1.0, 1.0
D_LR, D_BETAS = 2e-4, (0.5, 0.999)   # pix2pix's discriminator settings


def train_adversarial(model, discriminator, device, heldout, *, steps, seed=0, world=ARTICLE,
                      lambda_adv=LAMBDA_ADV, lambda_lp=LAMBDA_LP, lambda_gdl=LAMBDA_GDL, d_lr=D_LR,
                      eval_points=8, eval_pairs=512, progress=True):
    """Train G = `model` against D = `discriminator`; returns the per-step losses of G and D (D's loss is
    ln 4 = 1.386 when it can no longer tell real from predicted pairs, near 0 when it always can), a held-out
    curve and the training time."""
    start = time.perf_counter()
    model.to(device).train()
    discriminator.to(device).train()
    opt_g = torch.optim.AdamW(model.parameters(), lr=RECIPE["lr"], betas=RECIPE["betas"],
                              weight_decay=RECIPE["weight_decay"])
    opt_d = torch.optim.AdamW(discriminator.parameters(), lr=d_lr, betas=D_BETAS, weight_decay=0.0)
    source = PairSource(stream_rng(seed, "train"), RECIPE["batch_size"], world)
    eval_at = set(np.linspace(0, steps, eval_points + 1, dtype=int)[1:].tolist()) if eval_points else set()
    history = {key: torch.zeros(steps) for key in ("loss_g", "loss_d")}
    curve = []
    bar = tqdm(range(steps), desc="train adversarial", disable=not progress, leave=False)
    for step in bar:
        for group in opt_g.param_groups:
            group["lr"] = lr_at(step, steps, RECIPE["lr"], RECIPE["schedule"], RECIPE["warmup"])
        x_t, x_next = (to_batch(a, device) for a in source.next())
        y_hat = model(x_t)
        loss_d = discriminator_loss(discriminator, x_t, x_next, y_hat)
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = adversarial_loss(discriminator, x_t, x_next, y_hat, lambda_adv, lambda_lp, lambda_gdl)
        if not (torch.isfinite(loss_g) and torch.isfinite(loss_d)):
            raise Diverged(f"the losses are {loss_g.item()} / {loss_d.item()} (predictor / discriminator) at step {step + 1}")
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        history["loss_g"][step], history["loss_d"][step] = loss_g.detach(), loss_d.detach()
        if progress and step % 25 == 0:
            recent = slice(max(0, step - 24), step + 1)
            bar.set_postfix(g=f"{history['loss_g'][recent].mean():.4f}", d=f"{history['loss_d'][recent].mean():.3f}")
        if step + 1 in eval_at:
            curve.append([step + 1, mse(predict(model, heldout["x_t"][:eval_pairs], device), heldout["x_next"][:eval_pairs])])
    return {**{key: value.tolist() for key, value in history.items()}, "heldout_curve": curve,
            "train_time_s": time.perf_counter() - start}
